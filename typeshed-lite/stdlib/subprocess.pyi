# Stubs for the `subprocess` module (written for Gradus; simplified: the
# text/bytes distinction is made with the `text` and `universal_newlines` flags).

import sys
from _typeshed import ReadableBuffer, StrOrBytesPath
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from types import GenericAlias, TracebackType
from typing import IO, Any, AnyStr, Final, Generic, Literal, TypeVar, overload
from typing_extensions import Self, TypeAlias

__all__ = [
    "Popen",
    "PIPE",
    "STDOUT",
    "call",
    "check_call",
    "getstatusoutput",
    "getoutput",
    "check_output",
    "run",
    "CalledProcessError",
    "DEVNULL",
    "SubprocessError",
    "TimeoutExpired",
    "CompletedProcess",
]

_FILE: TypeAlias = None | int | IO[Any]
_InputString: TypeAlias = ReadableBuffer | str
_CMD: TypeAlias = StrOrBytesPath | Sequence[StrOrBytesPath]
_ENV: TypeAlias = Mapping[str, str] | Mapping[bytes, bytes]

_T = TypeVar("_T")

PIPE: Final[int]
STDOUT: Final[int]
DEVNULL: Final[int]

class SubprocessError(Exception): ...

class TimeoutExpired(SubprocessError):
    def __init__(self, cmd: _CMD, timeout: float, output: str | bytes | None = None, stderr: str | bytes | None = None) -> None: ...
    cmd: _CMD
    timeout: float
    output: str | bytes | None
    stdout: bytes | None
    stderr: bytes | None

class CalledProcessError(SubprocessError):
    returncode: int
    cmd: _CMD
    output: Any
    stdout: Any
    stderr: Any
    def __init__(self, returncode: int, cmd: _CMD, output: str | bytes | None = None, stderr: str | bytes | None = None) -> None: ...

class CompletedProcess(Generic[_T]):
    args: Any
    returncode: int
    stdout: _T
    stderr: _T
    def __init__(self, args: _CMD, returncode: int, stdout: _T | None = None, stderr: _T | None = None) -> None: ...
    def check_returncode(self) -> None: ...
    if sys.version_info >= (3, 9):
        def __class_getitem__(cls, item: Any, /) -> GenericAlias: ...

# run(): text mode when `text=True`, `universal_newlines=True`, or an
# encoding/errors argument is given; bytes otherwise.
@overload
def run(
    args: _CMD,
    bufsize: int = -1,
    executable: StrOrBytesPath | None = None,
    stdin: _FILE = None,
    stdout: _FILE = None,
    stderr: _FILE = None,
    preexec_fn: Callable[[], Any] | None = None,
    close_fds: bool = True,
    shell: bool = False,
    cwd: StrOrBytesPath | None = None,
    env: _ENV | None = None,
    universal_newlines: bool | None = None,
    startupinfo: Any = None,
    creationflags: int = 0,
    restore_signals: bool = True,
    start_new_session: bool = False,
    pass_fds: Collection[int] = ...,
    *,
    capture_output: bool = False,
    check: bool = False,
    encoding: str | None = None,
    errors: str | None = None,
    input: str | None = None,
    text: Literal[True],
    timeout: float | None = None,
    **other_popen_kwargs: Any,
) -> CompletedProcess[str]: ...
@overload
def run(
    args: _CMD,
    bufsize: int = -1,
    executable: StrOrBytesPath | None = None,
    stdin: _FILE = None,
    stdout: _FILE = None,
    stderr: _FILE = None,
    preexec_fn: Callable[[], Any] | None = None,
    close_fds: bool = True,
    shell: bool = False,
    cwd: StrOrBytesPath | None = None,
    env: _ENV | None = None,
    universal_newlines: Literal[False] | None = None,
    startupinfo: Any = None,
    creationflags: int = 0,
    restore_signals: bool = True,
    start_new_session: bool = False,
    pass_fds: Collection[int] = ...,
    *,
    capture_output: bool = False,
    check: bool = False,
    encoding: None = None,
    errors: None = None,
    input: ReadableBuffer | None = None,
    text: Literal[False] | None = None,
    timeout: float | None = None,
    **other_popen_kwargs: Any,
) -> CompletedProcess[bytes]: ...
@overload
def run(
    args: _CMD,
    bufsize: int = -1,
    executable: StrOrBytesPath | None = None,
    stdin: _FILE = None,
    stdout: _FILE = None,
    stderr: _FILE = None,
    preexec_fn: Callable[[], Any] | None = None,
    close_fds: bool = True,
    shell: bool = False,
    cwd: StrOrBytesPath | None = None,
    env: _ENV | None = None,
    universal_newlines: bool | None = None,
    startupinfo: Any = None,
    creationflags: int = 0,
    restore_signals: bool = True,
    start_new_session: bool = False,
    pass_fds: Collection[int] = ...,
    *,
    capture_output: bool = False,
    check: bool = False,
    encoding: str | None = None,
    errors: str | None = None,
    input: _InputString | None = None,
    text: bool | None = None,
    timeout: float | None = None,
    **other_popen_kwargs: Any,
) -> CompletedProcess[Any]: ...
def call(args: _CMD, *popenargs: Any, timeout: float | None = None, **kwargs: Any) -> int: ...
def check_call(args: _CMD, *popenargs: Any, timeout: float | None = None, **kwargs: Any) -> int: ...
@overload
def check_output(args: _CMD, *popenargs: Any, text: Literal[True], timeout: float | None = None, **kwargs: Any) -> str: ...
@overload
def check_output(
    args: _CMD, *popenargs: Any, text: Literal[False] | None = None, encoding: None = None, errors: None = None, universal_newlines: Literal[False] | None = None, timeout: float | None = None, **kwargs: Any
) -> bytes: ...
@overload
def check_output(args: _CMD, *popenargs: Any, timeout: float | None = None, **kwargs: Any) -> Any: ...
def getstatusoutput(cmd: str | bytes, *, encoding: str | None = None, errors: str | None = None) -> tuple[int, str]: ...
def getoutput(cmd: str | bytes, *, encoding: str | None = None, errors: str | None = None) -> str: ...
def list2cmdline(seq: Iterable[StrOrBytesPath]) -> str: ...

class Popen(Generic[AnyStr]):
    args: _CMD
    stdin: IO[AnyStr] | None
    stdout: IO[AnyStr] | None
    stderr: IO[AnyStr] | None
    pid: int
    returncode: int | Any
    universal_newlines: bool
    @overload
    def __init__(
        self: Popen[str],
        args: _CMD,
        bufsize: int = -1,
        executable: StrOrBytesPath | None = None,
        stdin: _FILE | None = None,
        stdout: _FILE | None = None,
        stderr: _FILE | None = None,
        preexec_fn: Callable[[], Any] | None = None,
        close_fds: bool = True,
        shell: bool = False,
        cwd: StrOrBytesPath | None = None,
        env: _ENV | None = None,
        universal_newlines: bool | None = None,
        startupinfo: Any | None = None,
        creationflags: int = 0,
        restore_signals: bool = True,
        start_new_session: bool = False,
        pass_fds: Collection[int] = (),
        *,
        text: Literal[True],
        encoding: str | None = None,
        errors: str | None = None,
        **kwargs: Any,
    ) -> None: ...
    @overload
    def __init__(
        self: Popen[bytes],
        args: _CMD,
        bufsize: int = -1,
        executable: StrOrBytesPath | None = None,
        stdin: _FILE | None = None,
        stdout: _FILE | None = None,
        stderr: _FILE | None = None,
        preexec_fn: Callable[[], Any] | None = None,
        close_fds: bool = True,
        shell: bool = False,
        cwd: StrOrBytesPath | None = None,
        env: _ENV | None = None,
        universal_newlines: Literal[False] | None = None,
        startupinfo: Any | None = None,
        creationflags: int = 0,
        restore_signals: bool = True,
        start_new_session: bool = False,
        pass_fds: Collection[int] = (),
        *,
        text: Literal[False] | None = None,
        encoding: None = None,
        errors: None = None,
        **kwargs: Any,
    ) -> None: ...
    @overload
    def __init__(
        self: Popen[Any],
        args: _CMD,
        bufsize: int = -1,
        executable: StrOrBytesPath | None = None,
        stdin: _FILE | None = None,
        stdout: _FILE | None = None,
        stderr: _FILE | None = None,
        preexec_fn: Callable[[], Any] | None = None,
        close_fds: bool = True,
        shell: bool = False,
        cwd: StrOrBytesPath | None = None,
        env: _ENV | None = None,
        universal_newlines: bool | None = None,
        startupinfo: Any | None = None,
        creationflags: int = 0,
        restore_signals: bool = True,
        start_new_session: bool = False,
        pass_fds: Collection[int] = (),
        *,
        text: bool | None = None,
        encoding: str | None = None,
        errors: str | None = None,
        **kwargs: Any,
    ) -> None: ...
    def poll(self) -> int | None: ...
    def wait(self, timeout: float | None = None) -> int: ...
    def communicate(self, input: AnyStr | None = None, timeout: float | None = None) -> tuple[Any, Any]: ...
    def send_signal(self, sig: int) -> None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None: ...
    def __del__(self) -> None: ...
    if sys.version_info >= (3, 9):
        def __class_getitem__(cls, item: Any, /) -> GenericAlias: ...
