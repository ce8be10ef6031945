//! The read-only file system of stubs embedded in the binary.

use rustc_hash::FxHashMap;

/// Embedded files, keyed by a `/`-separated path such as `stdlib/builtins.pyi`.
#[derive(Debug, Default, Clone)]
pub struct VendoredFileSystem {
    files: FxHashMap<&'static str, &'static [u8]>,
}

impl VendoredFileSystem {
    pub fn new(files: impl IntoIterator<Item = (&'static str, &'static [u8])>) -> Self {
        VendoredFileSystem {
            files: files.into_iter().collect(),
        }
    }

    pub fn read(&self, path: &str) -> Option<&'static [u8]> {
        self.files.get(path).copied()
    }

    pub fn is_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Whether some file lies below `dir`.
    pub fn is_dir(&self, dir: &str) -> bool {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.files.keys().any(|p| p.starts_with(&prefix))
    }

    pub fn paths(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.files.keys().copied()
    }
}
