# Stubs for the `unittest` package (written for Gradus): TestCase and the
# basic runner API.

import sys
from .case import (
    FunctionTestCase as FunctionTestCase,
    SkipTest as SkipTest,
    TestCase as TestCase,
    expectedFailure as expectedFailure,
    skip as skip,
    skipIf as skipIf,
    skipUnless as skipUnless,
)

if sys.version_info >= (3, 11):
    from .case import doModuleCleanups as doModuleCleanups, enterModuleContext as enterModuleContext

from .case import addModuleCleanup as addModuleCleanup
from .async_case import IsolatedAsyncioTestCase as IsolatedAsyncioTestCase
from .main import TestProgram as TestProgram, main as main
from .suite import BaseTestSuite as BaseTestSuite, TestSuite as TestSuite
from .loader import TestLoader as TestLoader, defaultTestLoader as defaultTestLoader
from .result import TestResult as TestResult
from .runner import TextTestResult as TextTestResult, TextTestRunner as TextTestRunner

def load_tests(loader: TestLoader, tests: TestSuite, pattern: str | None) -> TestSuite: ...
