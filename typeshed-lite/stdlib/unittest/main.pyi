# `unittest.main` (written for Gradus).

from collections.abc import Iterable
from types import ModuleType
from typing import Any

from .loader import TestLoader
from .result import TestResult
from .suite import TestSuite

class TestProgram:
    result: TestResult
    module: None | str | ModuleType
    verbosity: int
    failfast: bool | None
    catchbreak: bool | None
    buffer: bool | None
    progName: str | None
    warnings: str | None
    testNamePatterns: list[str] | None
    def __init__(
        self,
        module: None | str | ModuleType = "__main__",
        defaultTest: str | Iterable[str] | None = None,
        argv: list[str] | None = None,
        testRunner: Any = None,
        testLoader: TestLoader = ...,
        exit: bool = True,
        verbosity: int = 1,
        failfast: bool | None = None,
        catchbreak: bool | None = None,
        buffer: bool | None = None,
        warnings: str | None = None,
        *,
        tb_locals: bool = False,
    ) -> None: ...
    def usageExit(self, msg: Any = None) -> None: ...
    def parseArgs(self, argv: list[str]) -> None: ...
    def createTests(self, from_discovery: bool = False, Loader: TestLoader | None = None) -> None: ...
    def runTests(self) -> None: ...

main = TestProgram
