//! The names of the CPython standard library's top-level modules.
//!
//! Used to tell "a stdlib module our stubs don't cover yet" (no error, the
//! module is `Any`) from "a module that does not exist" (an error):
//!
//! ```python
//! import sqlite3     # stdlib, maybe not in typeshed-lite: silently Any
//! import sqlite4     # not stdlib, not installed: unresolved import
//! ```

use std::sync::LazyLock;

static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names: Vec<&'static str> = include_str!("../data/stdlib_module_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
});

/// The top-level module names of the CPython standard library (any version
/// from 3.8 on, including modules removed since), sorted.
pub fn stdlib_module_names() -> &'static [&'static str] {
    &NAMES
}

/// Whether `name` (or, for a dotted name, its top-level component) is a
/// standard library module.
pub fn is_stdlib_module(name: &str) -> bool {
    let top = name.split('.').next().unwrap_or(name);
    NAMES.binary_search(&top).is_ok()
}
