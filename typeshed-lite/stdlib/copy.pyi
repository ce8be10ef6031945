# Stubs for the `copy` module (written for Gradus).

import sys
from typing import Any, Protocol, TypeVar
from typing_extensions import Self

__all__ = ["Error", "copy", "deepcopy"]

_T = TypeVar("_T")

class _SupportsReplace(Protocol):
    def __replace__(self, /, *_: Any, **changes: Any) -> Self: ...

_SR = TypeVar("_SR", bound=_SupportsReplace)

def deepcopy(x: _T, memo: dict[int, Any] | None = None, _nil: Any = []) -> _T: ...
def copy(x: _T) -> _T: ...

if sys.version_info >= (3, 13):
    __all__ += ["replace"]
    def replace(obj: _SR, /, **changes: Any) -> _SR: ...

class Error(Exception): ...

error = Error
