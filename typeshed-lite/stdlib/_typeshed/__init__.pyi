# Private helper types shared by the stubs. This module does not exist at
# runtime: import it only under `if TYPE_CHECKING:` or from stub files.

import sys
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence, Set as AbstractSet, Sized
from dataclasses import Field
from os import PathLike
from types import FrameType, TracebackType
from typing import (
    Any,
    AnyStr,
    ClassVar,
    Final,
    Generic,
    Literal,
    Protocol,
    SupportsFloat,
    SupportsIndex,
    SupportsInt,
    TypeVar,
    Union,
    final,
    overload,
)
from typing_extensions import Buffer, LiteralString, Self as _Self, TypeAlias

_KT = TypeVar("_KT")
_KT_co = TypeVar("_KT_co", covariant=True)
_KT_contra = TypeVar("_KT_contra", contravariant=True)
_VT = TypeVar("_VT")
_VT_co = TypeVar("_VT_co", covariant=True)
_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)
_T_contra = TypeVar("_T_contra", contravariant=True)

# A "self" type variable for stubs that must spell it out explicitly
# (e.g. in a metaclass, where typing.Self is not appropriate).
Self = TypeVar("Self")

# A marker for "this type is not precise yet". Equivalent to Any.
Incomplete: TypeAlias = Any  # stable

# For parameters that are accepted but ignored.
Unused: TypeAlias = object  # stable

# Marker for a default value that cannot be written in a stub.
sentinel: Any

# A return type that is "usually not None, but may be": Any, to avoid false positives.
MaybeNone: TypeAlias = Any

# --- Comparison protocols ---------------------------------------------------

class SupportsBool(Protocol):
    def __bool__(self) -> bool: ...

class SupportsDunderLT(Protocol[_T_contra]):
    def __lt__(self, other: _T_contra, /) -> SupportsBool: ...

class SupportsDunderGT(Protocol[_T_contra]):
    def __gt__(self, other: _T_contra, /) -> SupportsBool: ...

class SupportsDunderLE(Protocol[_T_contra]):
    def __le__(self, other: _T_contra, /) -> SupportsBool: ...

class SupportsDunderGE(Protocol[_T_contra]):
    def __ge__(self, other: _T_contra, /) -> SupportsBool: ...

class SupportsAllComparisons(
    SupportsDunderLT[Any], SupportsDunderGT[Any], SupportsDunderLE[Any], SupportsDunderGE[Any], Protocol
): ...

SupportsRichComparison: TypeAlias = Union[SupportsDunderLT[Any], SupportsDunderGT[Any]]
SupportsRichComparisonT = TypeVar("SupportsRichComparisonT", bound=SupportsRichComparison)

# --- Arithmetic protocols ---------------------------------------------------

class SupportsAdd(Protocol[_T_contra, _T_co]):
    def __add__(self, x: _T_contra, /) -> _T_co: ...

class SupportsRAdd(Protocol[_T_contra, _T_co]):
    def __radd__(self, x: _T_contra, /) -> _T_co: ...

class SupportsSub(Protocol[_T_contra, _T_co]):
    def __sub__(self, x: _T_contra, /) -> _T_co: ...

class SupportsRSub(Protocol[_T_contra, _T_co]):
    def __rsub__(self, x: _T_contra, /) -> _T_co: ...

class SupportsMul(Protocol[_T_contra, _T_co]):
    def __mul__(self, x: _T_contra, /) -> _T_co: ...

class SupportsRMul(Protocol[_T_contra, _T_co]):
    def __rmul__(self, x: _T_contra, /) -> _T_co: ...

class SupportsDivMod(Protocol[_T_contra, _T_co]):
    def __divmod__(self, other: _T_contra, /) -> _T_co: ...

class SupportsRDivMod(Protocol[_T_contra, _T_co]):
    def __rdivmod__(self, other: _T_contra, /) -> _T_co: ...

class SupportsPow2(Protocol[_T_contra, _T_co]):
    def __pow__(self, other: _T_contra, /) -> _T_co: ...

class SupportsPow3NoneOnly(Protocol[_T_contra, _T_co]):
    def __pow__(self, other: _T_contra, modulo: None = None, /) -> _T_co: ...

class SupportsPow3(Protocol[_T_contra, _KT_contra, _T_co]):
    def __pow__(self, other: _T_contra, modulo: _KT_contra, /) -> _T_co: ...

class SupportsRPow(Protocol[_T_contra, _T_co]):
    def __rpow__(self, other: _T_contra, /) -> _T_co: ...

class SupportsAbs(Protocol[_T_co]):
    def __abs__(self) -> _T_co: ...

class SupportsTrunc(Protocol):
    def __trunc__(self) -> int: ...

# --- Iteration protocols ----------------------------------------------------

class SupportsIter(Protocol[_T_co]):
    def __iter__(self) -> _T_co: ...

class SupportsAiter(Protocol[_T_co]):
    def __aiter__(self) -> _T_co: ...

class SupportsNext(Protocol[_T_co]):
    def __next__(self) -> _T_co: ...

class SupportsAnext(Protocol[_T_co]):
    def __anext__(self) -> Awaitable[_T_co]: ...

class SupportsLenAndGetItem(Protocol[_T_co]):
    def __len__(self) -> int: ...
    def __getitem__(self, k: int, /) -> _T_co: ...

class SupportsContainsAndGetItem(Protocol[_KT_contra, _VT_co]):
    def __contains__(self, x: Any, /) -> bool: ...
    def __getitem__(self, key: _KT_contra, /) -> _VT_co: ...

# --- Mapping-like protocols -------------------------------------------------

class SupportsGetItem(Protocol[_KT_contra, _VT_co]):
    def __getitem__(self, key: _KT_contra, /) -> _VT_co: ...

class SupportsItems(Protocol[_KT_co, _VT_co]):
    def items(self) -> AbstractSet[tuple[_KT_co, _VT_co]]: ...

class SupportsKeysAndGetItem(Protocol[_KT, _VT_co]):
    def keys(self) -> Iterable[_KT]: ...
    def __getitem__(self, key: _KT, /) -> _VT_co: ...

class SupportsItemAccess(Protocol[_KT_contra, _VT]):
    def __contains__(self, x: Any, /) -> bool: ...
    def __getitem__(self, key: _KT_contra, /) -> _VT: ...
    def __setitem__(self, key: _KT_contra, value: _VT, /) -> None: ...
    def __delitem__(self, key: _KT_contra, /) -> None: ...

class SupportsGetItemBuffer(SupportsContainsAndGetItem[Any, Any], Protocol): ...

# --- Misc protocols ---------------------------------------------------------

class HasFileno(Protocol):
    def fileno(self) -> int: ...

FileDescriptor: TypeAlias = int
FileDescriptorLike: TypeAlias = Union[int, HasFileno]

class SupportsRead(Protocol[_T_co]):
    def read(self, length: int = ..., /) -> _T_co: ...

class SupportsReadline(Protocol[_T_co]):
    def readline(self, length: int = ..., /) -> _T_co: ...

class SupportsNoArgReadline(Protocol[_T_co]):
    def readline(self) -> _T_co: ...

class SupportsWrite(Protocol[_T_contra]):
    def write(self, s: _T_contra, /) -> object: ...

class SupportsFlush(Protocol):
    def flush(self) -> object: ...

class SupportsKeysAndGetItemStr(SupportsKeysAndGetItem[str, Any], Protocol): ...

class IdentityFunction(Protocol):
    def __call__(self, x: _T, /) -> _T: ...

# --- Paths ------------------------------------------------------------------

StrPath: TypeAlias = Union[str, PathLike[str]]  # stable
BytesPath: TypeAlias = Union[bytes, PathLike[bytes]]  # stable
GenericPath: TypeAlias = Union[AnyStr, PathLike[AnyStr]]
StrOrBytesPath: TypeAlias = Union[str, bytes, PathLike[str], PathLike[bytes]]  # stable
FileDescriptorOrPath: TypeAlias = Union[int, str, bytes, PathLike[str], PathLike[bytes]]
AnyStr_co = TypeVar("AnyStr_co", str, bytes, covariant=True)

# --- Buffers ----------------------------------------------------------------

ReadOnlyBuffer: TypeAlias = Buffer  # stable
ReadableBuffer: TypeAlias = Buffer  # stable
WriteableBuffer: TypeAlias = Buffer  # stable
SizedBuffer: TypeAlias = Buffer

class SliceableBuffer(Buffer, Protocol):
    def __getitem__(self, slice: slice, /) -> Sequence[int]: ...

class IndexableBuffer(Buffer, Protocol):
    def __getitem__(self, i: int, /) -> int: ...

# --- Conversions ------------------------------------------------------------

ConvertibleToInt: TypeAlias = Union[str, Buffer, SupportsInt, SupportsIndex, SupportsTrunc]
ConvertibleToFloat: TypeAlias = Union[str, Buffer, SupportsFloat, SupportsIndex]

# --- open() modes -----------------------------------------------------------

OpenTextModeUpdating: TypeAlias = Literal[
    "r+", "+r", "rt+", "r+t", "+rt", "tr+", "t+r", "+tr",
    "w+", "+w", "wt+", "w+t", "+wt", "tw+", "t+w", "+tw",
    "a+", "+a", "at+", "a+t", "+at", "ta+", "t+a", "+ta",
    "x+", "+x", "xt+", "x+t", "+xt", "tx+", "t+x", "+tx",
]
OpenTextModeWriting: TypeAlias = Literal["w", "wt", "tw", "a", "at", "ta", "x", "xt", "tx"]
OpenTextModeReading: TypeAlias = Literal["r", "rt", "tr", "U", "rU", "Ur", "rtU", "rUt", "Urt", "trU", "tUr", "Utr"]
OpenTextMode: TypeAlias = Union[OpenTextModeUpdating, OpenTextModeWriting, OpenTextModeReading]
OpenBinaryModeUpdating: TypeAlias = Literal[
    "rb+", "r+b", "+rb", "br+", "b+r", "+br",
    "wb+", "w+b", "+wb", "bw+", "b+w", "+bw",
    "ab+", "a+b", "+ab", "ba+", "b+a", "+ba",
    "xb+", "x+b", "+xb", "bx+", "b+x", "+bx",
]
OpenBinaryModeWriting: TypeAlias = Literal["wb", "bw", "ab", "ba", "xb", "bx"]
OpenBinaryModeReading: TypeAlias = Literal["rb", "br", "rbU", "rUb", "Urb", "brU", "bUr", "Ubr"]
OpenBinaryMode: TypeAlias = Union[OpenBinaryModeUpdating, OpenBinaryModeReading, OpenBinaryModeWriting]

# --- Exceptions -------------------------------------------------------------

ExcInfo: TypeAlias = tuple[type[BaseException], BaseException, TracebackType]
OptExcInfo: TypeAlias = Union[ExcInfo, tuple[None, None, None]]

# --- Dataclasses ------------------------------------------------------------

class DataclassInstance(Protocol):
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

# --- Named-tuple-like structs (os.stat_result, time.struct_time, ...) -------

_StructT_co = TypeVar("_StructT_co", covariant=True)

class structseq(Generic[_StructT_co]):
    n_fields: Final[int]
    n_unnamed_fields: Final[int]
    n_sequence_fields: Final[int]
    def __new__(cls, sequence: Iterable[_StructT_co], dict: dict[str, Any] = ...) -> _Self: ...
    if sys.version_info >= (3, 13):
        def __replace__(self, **kwargs: Any) -> _Self: ...

# --- Tracing / profiling ----------------------------------------------------

TraceFunction: TypeAlias = Callable[[FrameType, str, Any], Union["TraceFunction", None]]
ProfileFunction: TypeAlias = Callable[[FrameType, str, Any], object]

# A str that keeps LiteralString-ness when given one.
StrOrLiteralStr = TypeVar("StrOrLiteralStr", LiteralString, str)

AnyOrLiteralStr = TypeVar("AnyOrLiteralStr", str, bytes, LiteralString)

# What a call of a `TypeGuard[T]` / `TypeIs[T]` function returns: a `bool`
# that also narrows its argument. Checkers only; not part of the runtime.
# `TypeGuard` is covariant in `T`, `TypeIs` invariant (PEP 742), and the two
# are unrelated. They subclass the final `bool` on purpose (a guard's
# result is a `bool` everywhere), hence the suppressions.
_T_guard_co = TypeVar("_T_guard_co", covariant=True)
_T_guard = TypeVar("_T_guard")

class TypeGuard(bool, Generic[_T_guard_co]): ...  # type: ignore[subclass-of-final-class]
class TypeIs(bool, Generic[_T_guard]): ...  # type: ignore[subclass-of-final-class]
