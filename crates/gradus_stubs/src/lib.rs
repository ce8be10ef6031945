//! The stubs embedded in the binary: the top-level `typeshed-lite/` folder,
//! laid out like typeshed (`stdlib/VERSIONS`, `stdlib/builtins.pyi`, ...).
//!
//! Embedding means `gradus check` works with no Python installed:
//!
//! ```python
//! import os          # resolved against typeshed-lite/stdlib/os/__init__.pyi
//! ```

use std::sync::LazyLock;

use gradus_db::VendoredFileSystem;

include!(concat!(env!("OUT_DIR"), "/vendored_files.rs"));

static VENDORED: LazyLock<VendoredFileSystem> =
    LazyLock::new(|| VendoredFileSystem::new(FILES.iter().copied()));

/// The embedded typeshed-lite file system (paths like `stdlib/builtins.pyi`).
pub fn vendored_file_system() -> &'static VendoredFileSystem {
    &VENDORED
}

#[cfg(test)]
mod tests {
    #[test]
    fn embeds_versions_and_builtins() {
        let fs = super::vendored_file_system();
        assert!(fs.is_file("stdlib/VERSIONS"));
        assert!(fs.is_file("stdlib/builtins.pyi"));
        assert!(fs.is_dir("stdlib"));
    }
}
