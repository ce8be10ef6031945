//! The path → [`File`] registry. A `File` is a salsa input: every query that
//! reads a file depends on its `revision` and `status`, so bumping either is
//! how a change on disk or in the editor reaches the query graph.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use salsa::{Durability, Setter};

use crate::Db;

/// Where a file lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FilePath {
    /// A path on the (real or in-memory) system.
    System(PathBuf),
    /// A path in the embedded stubs, such as `stdlib/builtins.pyi`.
    Vendored(String),
}

impl FilePath {
    pub fn as_system_path(&self) -> Option<&Path> {
        match self {
            FilePath::System(p) => Some(p),
            FilePath::Vendored(_) => None,
        }
    }

    /// Whether this is a stub file (`.pyi`).
    pub fn is_stub(&self) -> bool {
        match self {
            FilePath::System(p) => p.extension().is_some_and(|e| e == "pyi"),
            FilePath::Vendored(p) => p.ends_with(".pyi"),
        }
    }

    /// A display form: system paths as they are, vendored ones prefixed.
    pub fn display(&self) -> String {
        match self {
            FilePath::System(p) => p.display().to_string(),
            FilePath::Vendored(p) => format!("<typeshed-lite>/{p}"),
        }
    }
}

/// Whether a file exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileStatus {
    Exists,
    Missing,
}

/// A source file known to the database.
#[salsa::input(debug)]
pub struct File {
    #[returns(ref)]
    pub path: FilePath,
    /// Bumped whenever the contents may have changed.
    #[returns(copy)]
    pub revision: u64,
    #[returns(copy)]
    pub status: FileStatus,
}

/// The registry of files, shared by all clones of a database.
#[derive(Debug, Default, Clone)]
pub struct Files {
    inner: Arc<Mutex<FilesInner>>,
}

#[derive(Debug, Default)]
struct FilesInner {
    by_path: FxHashMap<FilePath, File>,
    /// Directories whose files get a durability other than LOW
    /// (site-packages: HIGH).
    roots: Vec<(PathBuf, Durability)>,
}

impl Files {
    /// Files under `root` are created with `durability` (e.g. HIGH for
    /// site-packages, which rarely change while the user edits).
    pub fn set_root_durability(&self, root: PathBuf, durability: Durability) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.roots.push((root, durability));
        inner
            .roots
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.components().count()));
    }

    /// The file for `path` if the registry has one.
    pub fn lookup(&self, path: &FilePath) -> Option<File> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.by_path.get(path).copied()
    }

    /// All files the registry knows, in path order.
    pub fn all(&self) -> Vec<(FilePath, File)> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut all: Vec<_> = inner.by_path.iter().map(|(p, f)| (p.clone(), *f)).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    fn get_or_create(&self, db: &dyn Db, path: FilePath) -> File {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(file) = inner.by_path.get(&path) {
            return *file;
        }
        let (status, durability) = match &path {
            FilePath::System(p) => {
                let status = if db.system().is_file(p) {
                    FileStatus::Exists
                } else {
                    FileStatus::Missing
                };
                let durability = inner
                    .roots
                    .iter()
                    .find(|(root, _)| p.starts_with(root))
                    .map(|(_, d)| *d)
                    .unwrap_or(Durability::LOW);
                (status, durability)
            }
            FilePath::Vendored(p) => {
                let status = if db.vendored().is_file(p) {
                    FileStatus::Exists
                } else {
                    FileStatus::Missing
                };
                (status, Durability::NEVER_CHANGE)
            }
        };
        let file = File::builder(path.clone(), 0, status)
            .durability(durability)
            .new(db);
        inner.by_path.insert(path, file);
        file
    }
}

/// Makes `path` absolute against the system's current directory and removes
/// `.` components, so that one file has one [`File`].
pub fn normalize_system_path(db: &dyn Db, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        db.system().current_dir().join(path)
    };
    let mut out = PathBuf::new();
    for comp in joined.components() {
        match comp {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push(comp);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The file at a system path, if it exists. Records a dependency on the
/// file's status, so a query asking for a missing file re-runs when it appears.
pub fn system_path_to_file(db: &dyn Db, path: &Path) -> Option<File> {
    let path = normalize_system_path(db, path);
    let file = db.files().get_or_create(db, FilePath::System(path));
    (file.status(db) == FileStatus::Exists).then_some(file)
}

/// The embedded file at a vendored path such as `stdlib/os/__init__.pyi`.
pub fn vendored_path_to_file(db: &dyn Db, path: &str) -> Option<File> {
    let file = db
        .files()
        .get_or_create(db, FilePath::Vendored(path.to_owned()));
    (file.status(db) == FileStatus::Exists).then_some(file)
}

impl File {
    /// Tells the database that the file at `path` changed on disk or in the
    /// overlay (created, edited or deleted).
    pub fn sync_path(db: &mut dyn Db, path: &Path) {
        let path = normalize_system_path(db, path);
        let Some(file) = db.files().lookup(&FilePath::System(path.clone())) else {
            return;
        };
        let status = if db.system().is_file(&path) {
            FileStatus::Exists
        } else {
            FileStatus::Missing
        };
        if file.status(db) != status {
            file.set_status(db).to(status);
        }
        let revision = file.revision(db);
        file.set_revision(db).to(revision + 1);
    }
}
