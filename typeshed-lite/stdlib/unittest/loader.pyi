# `unittest.loader` (written for Gradus).

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from .case import TestCase
from .suite import TestSuite

class TestLoader:
    errors: list[type[BaseException]]
    testMethodPrefix: str
    sortTestMethodsUsing: Callable[[str, str], int] | None
    testNamePatterns: list[str] | None
    suiteClass: Callable[[list[TestCase]], TestSuite]
    def loadTestsFromTestCase(self, testCaseClass: type[TestCase]) -> TestSuite: ...
    def loadTestsFromModule(self, module: ModuleType, *, pattern: str | None = None) -> TestSuite: ...
    def loadTestsFromName(self, name: str, module: ModuleType | None = None) -> TestSuite: ...
    def loadTestsFromNames(self, names: Sequence[str], module: ModuleType | None = None) -> TestSuite: ...
    def getTestCaseNames(self, testCaseClass: type[TestCase]) -> Sequence[str]: ...
    def discover(self, start_dir: str, pattern: str = "test*.py", top_level_dir: str | None = None) -> TestSuite: ...

defaultTestLoader: TestLoader
