//! The incremental database's foundation: salsa inputs and per-file queries.
//!
//! A checker re-runs constantly — on every keystroke in the editor — so all
//! derived data hangs off a few salsa *inputs* here: a [`File`] per path (its
//! revision bumps when the text changes), and a [`Program`] holding settings.
//! Per-file queries ([`source_text`], [`parsed_module`], [`line_index`]) are the
//! bottom of the query graph; when the user edits `a.py`, only queries that read
//! `a.py` re-run:
//!
//! ```python
//! # a.py                      # b.py
//! import b                    x: int = 1
//! b.x                         # editing a.py never re-parses b.py
//! ```
//!
//! Reading files goes through [`System`] (the real OS plus an in-memory overlay
//! for unsaved editor buffers and tests) and the [`VendoredFileSystem`] (the
//! stubs embedded in the binary), never through `std::fs` directly.

mod diagnostic;
mod files;
mod program;
mod source;
mod system;
mod vendored;

pub use diagnostic::{Diagnostic, Severity};
pub use files::{
    normalize_system_path, system_path_to_file, vendored_path_to_file, File, FilePath, FileStatus,
    Files,
};
pub use program::{Program, PythonPlatform, PythonVersion, SearchPathSettings};
pub use source::{line_index, parsed_module, source_text, ParsedModuleRef, SourceText};
pub use system::{FileKind, FileSystem, MemoryFileSystem, OsFileSystem, System};
pub use vendored::VendoredFileSystem;

pub use salsa;

/// The database interface every layer above builds on.
#[salsa::db]
pub trait Db: salsa::Database {
    /// The file system: real OS plus in-memory overlay.
    fn system(&self) -> &System;
    /// The embedded stubs (`typeshed-lite`).
    fn vendored(&self) -> &VendoredFileSystem;
    /// The path → [`File`] registry.
    fn files(&self) -> &Files;
    /// The settings input.
    fn program(&self) -> Program;
}

/// A small database for tests of the layers above: in-memory files, no project.
pub mod testing;
