//! The result types of resolution.

use gradus_db::File;

use crate::SearchPathKind;

/// What a resolved module is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModuleKind {
    /// A single file: `a.py` / `a.pyi`.
    Module,
    /// A regular package: `a/__init__.py` / `a/__init__.pyi`.
    Package,
    /// A PEP 420 namespace package: directories without `__init__`.
    NamespacePackage,
}

/// A resolved module.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Module {
    /// The dotted name, e.g. `a.b.c`.
    pub name: String,
    /// The module's file (the `__init__` file of a package); `None` for a
    /// namespace package.
    pub file: Option<File>,
    pub kind: ModuleKind,
    /// The kind of search path the module was found in (for a namespace
    /// package: where its first portion is).
    pub search_path: SearchPathKind,
}

impl Module {
    /// Whether the module is a package (regular or namespace), i.e. can have
    /// submodules.
    pub fn is_package(&self) -> bool {
        matches!(
            self.kind,
            ModuleKind::Package | ModuleKind::NamespacePackage
        )
    }
}

/// The outcome of resolving a dotted module name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleResolution {
    Found(Module),
    /// A standard library module (per [`crate::is_stdlib_module`]) that the
    /// stubs in use do not provide: the checker treats it as `Any` and reports
    /// no error.
    StdlibUnavailable,
    /// Not found: the search paths tried, as displayable strings, in order.
    NotFound {
        searched: Vec<String>,
    },
}

impl ModuleResolution {
    /// The module if found.
    pub fn module(&self) -> Option<&Module> {
        match self {
            ModuleResolution::Found(m) => Some(m),
            _ => None,
        }
    }

    /// The module's file if found and not a namespace package.
    pub fn file(&self) -> Option<File> {
        self.module().and_then(|m| m.file)
    }
}
