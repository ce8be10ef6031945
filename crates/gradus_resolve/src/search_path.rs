//! The ordered search paths, derived from the [`Program`] settings.

use std::fmt;
use std::path::{Path, PathBuf};

use gradus_db::{
    normalize_system_path, system_path_to_file, vendored_path_to_file, Db, File, Program,
};

/// Where a search path comes from; also its rank in resolution order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SearchPathKind {
    /// `extra-paths` from the settings: searched first.
    Extra,
    /// The project's own code.
    FirstParty,
    /// The standard library stubs (embedded, or `--typeshed`).
    Stdlib,
    /// site-packages of the target environment.
    SitePackages,
}

impl SearchPathKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchPathKind::Extra => "extra path",
            SearchPathKind::FirstParty => "first-party",
            SearchPathKind::Stdlib => "stdlib",
            SearchPathKind::SitePackages => "site-packages",
        }
    }
}

/// The directory a search path is rooted at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SearchPathRoot {
    /// A directory on the (real or in-memory) system.
    System(PathBuf),
    /// A directory in the embedded stubs, such as `stdlib`.
    Vendored(String),
}

/// One entry of the module search path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SearchPath {
    pub kind: SearchPathKind,
    pub root: SearchPathRoot,
}

impl SearchPath {
    /// The root as a system path, if it is one.
    pub fn as_system_path(&self) -> Option<&Path> {
        match &self.root {
            SearchPathRoot::System(p) => Some(p),
            SearchPathRoot::Vendored(_) => None,
        }
    }

    /// The file `relative` (a `/`-separated path) below the root, if it
    /// exists. Records a salsa dependency on its existence.
    pub(crate) fn file(&self, db: &dyn Db, relative: &str) -> Option<File> {
        Dir::from(&self.root).file(db, relative)
    }
}

impl fmt::Display for SearchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            SearchPathRoot::System(p) => write!(f, "{}", p.display()),
            SearchPathRoot::Vendored(p) => write!(f, "<typeshed-lite>/{p}"),
        }
    }
}

/// A directory in which names are probed: a search path root or a package
/// directory below one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Dir {
    System(PathBuf),
    Vendored(String),
}

impl From<&SearchPathRoot> for Dir {
    fn from(root: &SearchPathRoot) -> Self {
        match root {
            SearchPathRoot::System(p) => Dir::System(p.clone()),
            SearchPathRoot::Vendored(p) => Dir::Vendored(p.clone()),
        }
    }
}

impl Dir {
    pub(crate) fn join(&self, name: &str) -> Dir {
        match self {
            Dir::System(p) => Dir::System(p.join(name)),
            Dir::Vendored(p) => Dir::Vendored(format!("{p}/{name}")),
        }
    }

    /// The existing file `name` in this directory (tracked).
    pub(crate) fn file(&self, db: &dyn Db, name: &str) -> Option<File> {
        match self {
            Dir::System(p) => system_path_to_file(db, &p.join(name)),
            Dir::Vendored(p) => vendored_path_to_file(db, &format!("{p}/{name}")),
        }
    }

    /// Whether this directory exists. Not tracked by salsa: callers report
    /// an untracked read when the result depends on it.
    pub(crate) fn exists(&self, db: &dyn Db) -> bool {
        match self {
            Dir::System(p) => db.system().is_dir(p),
            Dir::Vendored(p) => db.vendored().is_dir(p),
        }
    }
}

/// The search paths in resolution order.
pub fn search_paths(db: &dyn Db) -> &[SearchPath] {
    search_paths_query(db, db.program())
}

#[salsa::tracked(returns(deref))]
fn search_paths_query(db: &dyn Db, program: Program) -> Vec<SearchPath> {
    let settings = program.search_paths(db);
    let mut paths: Vec<SearchPath> = Vec::new();
    let push_system = |paths: &mut Vec<SearchPath>, kind, path: &Path| {
        let root = SearchPathRoot::System(normalize_system_path(db, path));
        if !paths.iter().any(|p| p.root == root) {
            paths.push(SearchPath { kind, root });
        }
    };
    for p in &settings.extra_paths {
        push_system(&mut paths, SearchPathKind::Extra, p);
    }
    for p in &settings.src_roots {
        push_system(&mut paths, SearchPathKind::FirstParty, p);
    }
    let stdlib_root = match &settings.custom_typeshed {
        Some(custom) => custom_stdlib_root(db, custom),
        None => None,
    };
    paths.push(SearchPath {
        kind: SearchPathKind::Stdlib,
        root: stdlib_root.unwrap_or_else(|| SearchPathRoot::Vendored("stdlib".to_owned())),
    });
    for p in &settings.site_packages {
        push_system(&mut paths, SearchPathKind::SitePackages, p);
    }
    paths
}

/// The stdlib directory of a `--typeshed` path: either a typeshed checkout
/// (`<root>/stdlib/VERSIONS`) or a flat stdlib directory (`<root>/VERSIONS`
/// beside `<root>/builtins.pyi`). `None` (the embedded stubs are used) when
/// it is neither.
fn custom_stdlib_root(db: &dyn Db, custom: &Path) -> Option<SearchPathRoot> {
    let custom = normalize_system_path(db, custom);
    let nested = custom.join("stdlib");
    if system_path_to_file(db, &nested.join("VERSIONS")).is_some() {
        return Some(SearchPathRoot::System(nested));
    }
    if system_path_to_file(db, &custom.join("VERSIONS")).is_some()
        && system_path_to_file(db, &custom.join("builtins.pyi")).is_some()
    {
        return Some(SearchPathRoot::System(custom));
    }
    tracing::warn!(
        "custom typeshed `{}` has neither `stdlib/VERSIONS` nor `VERSIONS` + `builtins.pyi`; using the embedded stubs",
        custom.display()
    );
    None
}

/// The stdlib search path (there is always exactly one).
pub(crate) fn stdlib_search_path(db: &dyn Db) -> &SearchPath {
    search_paths(db)
        .iter()
        .find(|p| p.kind == SearchPathKind::Stdlib)
        .expect("search_paths always has a stdlib entry")
}
