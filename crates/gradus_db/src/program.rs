//! The settings input: target Python and how to find modules.

use std::fmt;
use std::path::PathBuf;

/// A `major.minor` Python version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
}

impl PythonVersion {
    pub const PY38: PythonVersion = PythonVersion::new(3, 8);
    pub const PY312: PythonVersion = PythonVersion::new(3, 12);
    pub const PY313: PythonVersion = PythonVersion::new(3, 13);
    /// The default when nothing says otherwise.
    pub const DEFAULT: PythonVersion = Self::PY313;

    pub const fn new(major: u8, minor: u8) -> Self {
        PythonVersion { major, minor }
    }

    /// Parses `"3.12"`.
    pub fn parse(s: &str) -> Option<Self> {
        let (major, minor) = s.trim().split_once('.')?;
        Some(PythonVersion::new(major.parse().ok()?, minor.parse().ok()?))
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The `sys.platform` being checked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PythonPlatform {
    /// Any platform: `sys.platform` checks are not narrowed.
    All,
    /// A concrete `sys.platform` value such as `linux`, `darwin` or `win32`.
    Named(String),
}

impl PythonPlatform {
    pub fn current() -> Self {
        PythonPlatform::Named(
            match std::env::consts::OS {
                "macos" => "darwin",
                "windows" => "win32",
                other => other,
            }
            .to_owned(),
        )
    }
}

/// Where modules are looked up, before resolution turns it into search paths.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SearchPathSettings {
    /// `extra-paths`: searched first.
    pub extra_paths: Vec<PathBuf>,
    /// First-party roots: the project root and its `src/`.
    pub src_roots: Vec<PathBuf>,
    /// `--typeshed`: a typeshed root (holding `stdlib/`) or a flat stdlib
    /// directory (holding `VERSIONS`); `None` uses the embedded stubs.
    pub custom_typeshed: Option<PathBuf>,
    /// site-packages directories of the target environment, in order.
    pub site_packages: Vec<PathBuf>,
}

/// The program-wide settings: a singleton input with high durability.
#[salsa::input]
pub struct Program {
    #[returns(copy)]
    pub python_version: PythonVersion,
    #[returns(ref)]
    pub python_platform: PythonPlatform,
    #[returns(ref)]
    pub search_paths: SearchPathSettings,
}
