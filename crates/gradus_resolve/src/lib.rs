//! Module resolution: which file does `import a.b.c` refer to?
//!
//! The checker needs the *declarations* of every imported module, so it maps
//! a dotted name to a file by walking an ordered list of search paths, the
//! order the typing spec and PEP 561 prescribe:
//!
//! 1. extra paths (`extra-paths` in the settings),
//! 2. first-party code (the project root, `src/`, ...),
//! 3. the standard library stubs (the embedded `typeshed-lite/stdlib`, or
//!    `--typeshed`), gated by `VERSIONS` against the target Python version,
//! 4. site-packages of the target environment, where stub-only packages
//!    (`foo-stubs/`) win over the runtime package (`foo/`).
//!
//! ```python
//! # /project/app.py
//! import requests          # site-packages/requests-stubs/__init__.pyi if installed,
//!                          # else site-packages/requests/__init__.py
//! import tomllib           # typeshed stdlib, but only when targeting 3.11+
//! from .util import f      # relative: `util` next to app.py's package
//! ```
//!
//! Within one search path, a name resolves like this (stubs win over source):
//! `c/__init__.pyi`, `c.pyi`, `c/__init__.py`, `c.py`; a directory `c/` without
//! an `__init__` is a *namespace package portion* (PEP 420). Resolution goes
//! one component at a time, like the import system does:
//!
//! * a regular package or module ends the search for that component, and its
//!   submodules are looked up only inside that package's directory, so
//!   `import a.b` never takes `b` from a different search path than `a`;
//! * namespace portions are collected across *all* search paths, and the
//!   component is a namespace package only if no regular package or module of
//!   that name exists anywhere; its submodules are looked up in every portion.
//!
//! ```python
//! # /project/ns/one.py and site-packages/ns/two.py, neither with __init__:
//! import ns.one, ns.two    # both resolve: `ns` is one namespace package
//! ```
//!
//! Unlike mypy, site-packages packages without a `py.typed` marker are still
//! resolved (their `.py` sources are read for types), like pyright does: an
//! untyped library is better than an unresolved import error the user cannot
//! fix. A stdlib module the embedded stubs do not provide yet resolves to
//! [`ModuleResolution::StdlibUnavailable`] (the checker treats it as `Any`)
//! rather than an error.
//!
//! Everything is salsa-tracked: probing `a.py` registers a [`File`] whose
//! existence is an input, so creating the file later re-runs the resolution.
//! Results that depend on whether a *directory* exists (namespace packages
//! and failed lookups) report an untracked read and are recomputed in every
//! new revision; results reached through regular packages only are fully
//! tracked and stay cached.

mod discovery;
mod module;
mod resolver;
mod search_path;
mod stdlib_names;
mod versions;

#[cfg(test)]
mod tests;

pub use discovery::{discover_site_packages, DiscoveryError};
pub use module::{Module, ModuleKind, ModuleResolution};
pub use resolver::{file_to_module, resolve_module, resolve_relative_import};
pub use search_path::{search_paths, SearchPath, SearchPathKind, SearchPathRoot};
pub use stdlib_names::{is_stdlib_module, stdlib_module_names};

#[doc(no_inline)]
pub use gradus_db::File;
