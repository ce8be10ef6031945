//! File system access: the real OS, an in-memory file system, and an overlay.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// What a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    File,
    Directory,
}

/// A read-only file system.
pub trait FileSystem: Send + Sync + std::fmt::Debug {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    fn kind(&self, path: &Path) -> Option<FileKind>;
    /// The entries of a directory, sorted by path.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>>;
}

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsFileSystem;

impl FileSystem for OsFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn kind(&self, path: &Path) -> Option<FileKind> {
        let meta = std::fs::metadata(path).ok()?;
        Some(if meta.is_dir() {
            FileKind::Directory
        } else {
            FileKind::File
        })
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let mut entries = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect::<Vec<_>>();
        entries.sort();
        Ok(entries)
    }
}

/// An in-memory file system: paths to contents; directories are implied by
/// the files below them.
#[derive(Debug, Default)]
pub struct MemoryFileSystem {
    files: RwLock<BTreeMap<PathBuf, Arc<[u8]>>>,
}

impl MemoryFileSystem {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn write(&self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        let contents: Vec<u8> = contents.into();
        self.files
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.into(), contents.into());
    }

    pub fn remove(&self, path: &Path) -> bool {
        self.files
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path)
            .is_some()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(path)
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .cloned()
            .collect()
    }
}

impl FileSystem for MemoryFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files
            .get(path)
            .map(|c| c.to_vec())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn kind(&self, path: &Path) -> Option<FileKind> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        if files.contains_key(path) {
            return Some(FileKind::File);
        }
        files
            .range(path.to_path_buf()..)
            .next()
            .filter(|(p, _)| p.starts_with(path))
            .map(|_| FileKind::Directory)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<PathBuf> = Vec::new();
        for p in files.range(path.to_path_buf()..) {
            let Ok(rest) = p.0.strip_prefix(path) else {
                break;
            };
            if let Some(first) = rest.components().next() {
                let child = path.join(first);
                if out.last() != Some(&child) {
                    out.push(child);
                }
            }
        }
        if out.is_empty() && !files.contains_key(path) {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such directory"));
        }
        Ok(out)
    }
}

/// The system the checker runs on: a base file system (the OS, or memory in
/// tests) with an in-memory overlay on top that holds unsaved editor buffers.
#[derive(Debug, Clone)]
pub struct System {
    base: Arc<dyn FileSystem>,
    overlay: Arc<MemoryFileSystem>,
    current_dir: PathBuf,
}

impl System {
    /// The real OS, rooted at `current_dir`.
    pub fn os(current_dir: PathBuf) -> Self {
        System {
            base: Arc::new(OsFileSystem),
            overlay: Arc::new(MemoryFileSystem::new()),
            current_dir,
        }
    }

    /// A purely in-memory system (tests).
    pub fn in_memory(current_dir: PathBuf) -> Self {
        System {
            base: Arc::new(MemoryFileSystem::new()),
            overlay: Arc::new(MemoryFileSystem::new()),
            current_dir,
        }
    }

    pub fn current_dir(&self) -> &Path {
        &self.current_dir
    }

    /// The overlay: writes here shadow the base file system.
    pub fn overlay(&self) -> &MemoryFileSystem {
        &self.overlay
    }

    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if self.overlay.contains(path) {
            return self.overlay.read(path);
        }
        self.base.read(path)
    }

    pub fn kind(&self, path: &Path) -> Option<FileKind> {
        self.overlay.kind(path).or_else(|| self.base.kind(path))
    }

    pub fn is_file(&self, path: &Path) -> bool {
        self.kind(path) == Some(FileKind::File)
    }

    pub fn is_dir(&self, path: &Path) -> bool {
        self.kind(path) == Some(FileKind::Directory)
    }

    pub fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let mut entries = self.base.read_dir(path).unwrap_or_default();
        if let Ok(extra) = self.overlay.read_dir(path) {
            entries.extend(extra);
            entries.sort();
            entries.dedup();
        }
        if entries.is_empty() && !self.is_dir(path) {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such directory"));
        }
        Ok(entries)
    }
}
