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
//! `python3` found on `$PATH`. No Python at all is fine: there are simply no
//! site-packages.
//!
//! Safety: an environment is found statically (a virtualenv is recognised
//! by its `pyvenv.cfg`, whether named as a directory or by its interpreter)
//! whenever possible. Only an interpreter that is not in a virtualenv (or
//! one whose `pyvenv.cfg` includes the system site-packages) is asked for
//! its site-packages, and that is the one subprocess Gradus starts:
//!
//! * `-I` (isolated: no current directory or script directory on
//!   `sys.path`, no `PYTHON*` variables, no user site) and `-S` (no `site`
//!   at startup, so no `.pth` file of the environment runs): nothing of the
//!   project or the environment is imported; `site.getsitepackages()` only
//!   computes paths;
//! * in the temporary directory, stdin closed, killed after
//!   [`INTERPRETER_TIMEOUT`];
//! * never a relative `$PATH` entry (`.`, an empty entry): a `python3` in
//!   the checked project is not run.
//!
//! This runs before any database exists, so it reads the real file system.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// Prints the site-packages directories as a JSON list. Run with `-I -S`:
/// importing `site` then does not process `.pth` files, and
/// `getsitepackages()` only computes paths from `sys.prefix`.
const SITE_PACKAGES_SNIPPET: &str =
    "import sys, json, site; print(json.dumps(site.getsitepackages()))";

/// How long the interpreter may take to answer before it is killed.
pub const INTERPRETER_TIMEOUT: Duration = Duration::from_secs(10);

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
    if let Some(found) = venv_of_interpreter(python) {
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
    if let Some(found) = venv_of_interpreter(&python) {
        return found;
    }
    match interpreter_site_packages(&python) {
        Ok(found) => found,
        Err(message) => {
            tracing::warn!("failed to query `{}`: {message}", python.display());
            Vec::new()
        }
    }
}

/// The site-packages of the virtualenv `python` belongs to, found
/// statically from its `pyvenv.cfg` (`<venv>/bin/python`,
/// `<venv>/Scripts/python.exe`). `None` if it is not in a virtualenv or the
/// virtualenv also uses the system site-packages (then the interpreter is
/// asked for those, after the virtualenv's own).
fn venv_of_interpreter(python: &Path) -> Option<Vec<PathBuf>> {
    let root = python.parent()?.parent()?;
    let cfg = std::fs::read_to_string(root.join("pyvenv.cfg")).ok()?;
    let mut found = prefix_site_packages(root);
    let system_site = cfg.lines().any(|line| {
        let mut kv = line.splitn(2, '=');
        let key = kv.next().unwrap_or("").trim();
        let value = kv.next().unwrap_or("").trim();
        key == "include-system-site-packages" && value.eq_ignore_ascii_case("true")
    });
    if system_site {
        match interpreter_site_packages(python) {
            Ok(base) => {
                for dir in base {
                    if !found.contains(&dir) {
                        found.push(dir);
                    }
                }
            }
            Err(message) => tracing::warn!("failed to query `{}`: {message}", python.display()),
        }
    }
    Some(found)
}

/// `python3` (or `python`) on `$PATH`. Relative entries (`.`, empty) are
/// skipped: they name the current directory, possibly the checked project.
fn find_on_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let path = env("PATH")?;
    let names: &[&str] = if cfg!(windows) {
        &["python3.exe", "python.exe"]
    } else {
        &["python3", "python"]
    };
    for name in names {
        for dir in std::env::split_paths(&path).filter(|d| d.is_absolute()) {
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

/// Asks `python` (isolated, see the module docs) for its site-packages
/// directories and keeps the existing ones.
fn interpreter_site_packages(python: &Path) -> Result<Vec<PathBuf>, String> {
    let stdout = run_isolated(python, INTERPRETER_TIMEOUT)?;
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

/// Runs `python -I -S -c SITE_PACKAGES_SNIPPET` and returns its stdout;
/// kills it after `timeout`.
fn run_isolated(python: &Path, timeout: Duration) -> Result<String, String> {
    let mut child = Command::new(python)
        .args(["-I", "-S", "-c", SITE_PACKAGES_SNIPPET])
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Read both pipes on threads so a chatty child cannot block on a full
    // pipe while we wait for it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.by_ref().take(1 << 20).read_to_end(&mut out);
            }
            out
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no answer within {} s", timeout.as_secs_f32()));
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let stdout = String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    if !status.success() {
        return Err(format!("{status}: {}", stderr.trim()));
    }
    Ok(stdout)
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

    /// A fake interpreter: a shell script.
    #[cfg(unix)]
    fn fake_python(path: &Path, body: &str) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn interpreter_runs_isolated_without_site() {
        let tmp = tempfile::tempdir().unwrap();
        let sp = make_venv(&tmp.path().join("prefix"));
        let args = tmp.path().join("args");
        let python = tmp.path().join("bin").join("python3");
        fake_python(
            &python,
            &format!(
                "echo \"$@\" > '{}'\necho '[\"{}\"]'",
                args.display(),
                sp.display()
            ),
        );
        let found = discover_site_packages(Some(&python), &no_env, tmp.path()).unwrap();
        assert_eq!(found, vec![sp]);
        let args = std::fs::read_to_string(args).unwrap();
        assert!(args.starts_with("-I -S -c "), "{args}");
    }

    #[cfg(unix)]
    #[test]
    fn hanging_interpreter_is_killed() {
        let tmp = tempfile::tempdir().unwrap();
        let python = tmp.path().join("python3");
        fake_python(&python, "sleep 30");
        let start = Instant::now();
        let err = run_isolated(&python, Duration::from_millis(300)).unwrap_err();
        assert!(err.contains("no answer"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[cfg(unix)]
    #[test]
    fn venv_interpreter_is_not_run() {
        let tmp = tempfile::tempdir().unwrap();
        let venv = tmp.path().join("env");
        let sp = make_venv(&venv);
        std::fs::write(venv.join("pyvenv.cfg"), "home = /usr/bin\n").unwrap();
        let marker = tmp.path().join("ran");
        let python = venv.join("bin").join("python");
        fake_python(&python, &format!("touch '{}'\nexit 1", marker.display()));
        let found = discover_site_packages(Some(&python), &no_env, tmp.path()).unwrap();
        assert_eq!(found, vec![sp.clone()]);
        // Also when it is the `python3` on PATH.
        let bin = venv.join("bin").to_string_lossy().into_owned();
        let env = move |var: &str| (var == "PATH").then(|| bin.clone());
        std::fs::rename(&python, venv.join("bin").join("python3")).unwrap();
        assert_eq!(
            discover_site_packages(None, &env, tmp.path()).unwrap(),
            vec![sp]
        );
        assert!(!marker.exists(), "the virtualenv's interpreter was run");
    }

    #[cfg(unix)]
    #[test]
    fn relative_path_entries_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        fake_python(&tmp.path().join("rel").join("python3"), "exit 0");
        let env = |var: &str| (var == "PATH").then(|| "rel::.".to_owned());
        // Relative to wherever the tests run: never found.
        assert_eq!(find_on_path(&env), None);
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
