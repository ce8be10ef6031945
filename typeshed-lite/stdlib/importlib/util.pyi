# Minimal stubs for `importlib.util` (written for Gradus).

from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

def find_spec(name: str, package: str | None = None) -> ModuleSpec | None: ...
def module_from_spec(spec: ModuleSpec) -> ModuleType: ...
def spec_from_file_location(
    name: str,
    location: Any = None,
    *,
    loader: Any = None,
    submodule_search_locations: list[str] | None = ...,
) -> ModuleSpec | None: ...
def resolve_name(name: str, package: str | None) -> str: ...
def source_hash(source_bytes: bytes) -> bytes: ...

MAGIC_NUMBER: bytes
