//! Finding the site-packages directories of the target Python environment.
//!
//! Third-party imports resolve against the environment the project runs in:
//!
//! ```python
//! import requests   # .venv/lib/python3.12/site-packages/requests/__init__.py
//! ```
//!
//! Order: an explicit `--python` (an interpreter, a virtualenv or a prefix),
//! then `$VIRTUAL_ENV`, `$CONDA_PREFIX`, `<project>/.venv`, and finally the
//! `python3` found on `$PATH`, asked for its `sys.path`. No Python at all is
//! fine: there are simply no site-packages.
//!
//! This runs before any database exists, so it reads the real file system.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Why the environment could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("the Python environment `{}` does not exist", .0.display())]
    PythonNotFound(PathBuf),
    #[error("no site-packages directory found in the Python environment `{}`", .0.display())]
    NoSitePackages(PathBuf),
    #[error("failed to query the Python interpreter `{}`: {message}", path.display())]
    Interpreter { path: PathBuf, message: String },
}

/// Prints `sys.path` as a JSON list.
const SYS_PATH_SNIPPET: &str = "import sys, json; print(json.dumps(sys.path))";

/// The site-packages directories of the target environment, in `sys.path`
/// order, each followed by the existing directories its `*.pth` files list
/// (editable installs).
///
/// `python` is an explicit `--python`: an interpreter, a virtualenv
/// directory or an installation prefix; it must exist. `env` reads
/// environment variables (`VIRTUAL_ENV`, `CONDA_PREFIX`, `PATH`).
pub fn discover_site_packages(
    python: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
    project_root: &Path,
) -> Result<Vec<PathBuf>, DiscoveryError> {
    let site_packages = match python {
        Some(python) => explicit_environment(python)?,
        None => implicit_environment(env, project_root),
    };
    Ok(with_pth_directories(site_packages))
}

fn explicit_environment(python: &Path) -> Result<Vec<PathBuf>, DiscoveryError> {
    if !python.exists() {
        return Err(DiscoveryError::PythonNotFound(python.to_path_buf()));
    }
    if python.is_dir() {
        let found = prefix_site_packages(python);
        if found.is_empty() {
            return Err(DiscoveryError::NoSitePackages(python.to_path_buf()));
        }
        return Ok(found);
    }
    match interpreter_site_packages(python) {
        Ok(found) => Ok(found),
        Err(message) => {
            // A venv interpreter that cannot run here (broken symlink, other
            // platform): its prefix is `<prefix>/bin/python`.
            let prefix = python.parent().and_then(Path::parent);
            let found = prefix.map(prefix_site_packages).unwrap_or_default();
            if found.is_empty() {
                Err(DiscoveryError::Interpreter {
                    path: python.to_path_buf(),
                    message,
                })
            } else {
                Ok(found)
            }
        }
    }
}

fn implicit_environment(env: &dyn Fn(&str) -> Option<String>, project_root: &Path) -> Vec<PathBuf> {
    for var in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
        if let Some(prefix) = env(var).filter(|v| !v.is_empty()) {
            let found = prefix_site_packages(Path::new(&prefix));
            if !found.is_empty() {
                return found;
            }
            tracing::warn!("${var} is `{prefix}`, which has no site-packages directory");
        }
    }
    let venv = project_root.join(".venv");
    if venv.is_dir() {
        let found = prefix_site_packages(&venv);
        if !found.is_empty() {
            return found;
        }
    }
    let Some(python) = find_on_path(env) else {
        tracing::debug!("no Python interpreter on PATH: no site-packages");
        return Vec::new();
    };
    match interpreter_site_packages(&python) {
        Ok(found) => found,
        Err(message) => {
            tracing::warn!("failed to query `{}`: {message}", python.display());
            Vec::new()
        }
    }
}

/// `python3` (or `python`) on `$PATH`.
fn find_on_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let path = env("PATH")?;
    let names: &[&str] = if cfg!(windows) {
        &["python3.exe", "python.exe"]
    } else {
        &["python3", "python"]
    };
    for name in names {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// The site-packages directories of a virtualenv or installation prefix.
fn prefix_site_packages(prefix: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut push = |dir: PathBuf| {
        if dir.is_dir() && !found.iter().any(|f| same_dir(f, &dir)) {
            found.push(dir);
        }
    };
    // Windows layout.
    push(prefix.join("Lib").join("site-packages"));
    for lib in ["lib", "lib64"] {
        let Ok(entries) = std::fs::read_dir(prefix.join(lib)) else {
            continue;
        };
        let mut versions: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with("python3") && !name.ends_with(".zip")
            })
            .map(|e| e.path())
            .collect();
        versions.sort();
        for version in versions {
            push(version.join("site-packages"));
            push(version.join("dist-packages"));
        }
    }
    found
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
}

/// Runs `python` and keeps the site-packages / dist-packages entries of its
/// `sys.path`.
fn interpreter_site_packages(python: &Path) -> Result<Vec<PathBuf>, String> {
    let output = Command::new(python)
        .args(["-c", SYS_PATH_SNIPPET])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("{}: {}", output.status, stderr.trim()));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let sys_path: Vec<String> = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("unexpected output `{}`: {e}", stdout.trim()))?;
    let mut found: Vec<PathBuf> = Vec::new();
    for entry in sys_path {
        let path = PathBuf::from(entry);
        let is_site = path
            .file_name()
            .is_some_and(|n| n == "site-packages" || n == "dist-packages");
        if is_site && path.is_dir() && !found.contains(&path) {
            found.push(path);
        }
    }
    Ok(found)
}

/// Each site-packages directory followed by the directories its `*.pth`
/// files add (in file name order, like `site.py`); `import` lines, comments
/// and missing directories are skipped.
fn with_pth_directories(site_packages: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in site_packages {
        if !out.contains(&dir) {
            out.push(dir.clone());
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut pth_files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "pth") && p.is_file())
            .collect();
        pth_files.sort();
        for pth in pth_files {
            let Ok(text) = std::fs::read_to_string(&pth) else {
                continue;
            };
            for line in text.lines() {
                let line = line.trim_end();
                if line.trim().is_empty()
                    || line.starts_with('#')
                    || line.starts_with("import ")
                    || line.starts_with("import\t")
                {
                    continue;
                }
                let path = dir.join(line);
                if path.is_dir() && !out.contains(&path) {
                    out.push(path);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn make_venv(root: &Path) -> PathBuf {
        let sp = root.join("lib").join("python3.12").join("site-packages");
        std::fs::create_dir_all(&sp).unwrap();
        sp
    }

    #[test]
    fn explicit_missing_python_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nope");
        let err = discover_site_packages(Some(&missing), &no_env, tmp.path()).unwrap_err();
        assert!(matches!(err, DiscoveryError::PythonNotFound(_)));
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn explicit_venv_dir_and_pth_files() {
        let tmp = tempfile::tempdir().unwrap();
        let venv = tmp.path().join("env");
        let sp = make_venv(&venv);
        let editable = tmp.path().join("editable_src");
        std::fs::create_dir_all(&editable).unwrap();
        std::fs::write(
            sp.join("a_project.pth"),
            format!(
                "# comment\nimport __editable__finder; __editable__finder.install()\n{}\nmissing_dir\n",
                editable.display()
            ),
        )
        .unwrap();
        std::fs::create_dir_all(sp.join("relative")).unwrap();
        std::fs::write(sp.join("b.pth"), "relative\n").unwrap();
        let found = discover_site_packages(Some(&venv), &no_env, tmp.path()).unwrap();
        assert_eq!(found, vec![sp.clone(), editable, sp.join("relative")]);
    }

    #[test]
    fn explicit_dir_without_site_packages_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let err = discover_site_packages(Some(tmp.path()), &no_env, tmp.path()).unwrap_err();
        assert!(matches!(err, DiscoveryError::NoSitePackages(_)));
    }

    #[test]
    fn virtual_env_then_dot_venv() {
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path().join("project");
        let dot_venv_sp = make_venv(&project.join(".venv"));
        let other = tmp.path().join("other");
        let other_sp = make_venv(&other);

        let other_str = other.to_string_lossy().into_owned();
        let env = move |var: &str| (var == "VIRTUAL_ENV").then(|| other_str.clone());
        assert_eq!(
            discover_site_packages(None, &env, &project).unwrap(),
            vec![other_sp]
        );
        assert_eq!(
            discover_site_packages(None, &no_env, &project).unwrap(),
            vec![dot_venv_sp]
        );
    }

    #[test]
    fn no_python_anywhere_is_empty() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(
            discover_site_packages(None, &no_env, tmp.path()).unwrap(),
            Vec::<PathBuf>::new()
        );
    }

    #[test]
    fn interpreter_on_path_is_asked() {
        let Some(path) = std::env::var_os("PATH") else {
            return;
        };
        let path = path.to_string_lossy().into_owned();
        let env = move |var: &str| (var == "PATH").then(|| path.clone());
        let Some(python) = find_on_path(&env) else {
            return;
        };
        if interpreter_site_packages(&python).is_err() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let found = discover_site_packages(None, &env, tmp.path()).unwrap();
        for dir in &found {
            assert!(dir.is_dir(), "{}", dir.display());
        }
        // An explicit interpreter path works the same way.
        let explicit = discover_site_packages(Some(&python), &no_env, tmp.path()).unwrap();
        assert_eq!(explicit, found);
    }
}
