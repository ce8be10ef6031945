# `unittest.runner` (written for Gradus).

from typing import Any, TextIO

from .case import TestCase
from .result import TestResult
from .suite import TestSuite

class TextTestResult(TestResult):
    descriptions: bool
    dots: bool
    separator1: str
    separator2: str
    showAll: bool
    stream: TextIO
    def __init__(self, stream: TextIO, descriptions: bool, verbosity: int) -> None: ...
    def getDescription(self, test: TestCase) -> str: ...
    def printErrorList(self, flavour: str, errors: list[tuple[TestCase, str]]) -> None: ...

class TextTestRunner:
    resultclass: type[TestResult]
    stream: TextIO
    descriptions: bool
    verbosity: int
    failfast: bool
    buffer: bool
    warnings: str | None
    tb_locals: bool
    def __init__(
        self,
        stream: TextIO | None = None,
        descriptions: bool = True,
        verbosity: int = 1,
        failfast: bool = False,
        buffer: bool = False,
        resultclass: type[TestResult] | None = None,
        warnings: str | None = None,
        *,
        tb_locals: bool = False,
    ) -> None: ...
    def _makeResult(self) -> TestResult: ...
    def run(self, test: TestSuite | TestCase) -> TestResult: ...
