//! The binder: what a module defines and imports, computed from the AST
//! alone — no types. Everything here is per file and cheap to recompute.
//!
//! ```python
//! import os.path            # an `Import` of `os.path`
//! from . import sibling     # an `ImportFrom` at level 1
//! def f():
//!     import json           # nested imports are recorded too
//! ```
//!
//! The full semantic index (scopes, definitions, use-def maps, narrowing
//! predicates) grows here; this first part records imports, which import
//! resolution checks need.

mod imports;

pub use imports::{module_imports, ImportFromName, ModuleImport, ModuleImports};
