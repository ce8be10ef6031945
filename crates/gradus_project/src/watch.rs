//! Watch mode (`gradus check --watch`): re-check when files change, through
//! the same salsa database, so only what an edit can affect is recomputed.
//!
//! [`WatchSession::apply_changes`] is the core: it takes a batch of changed
//! paths, tells the database (`File::sync_path`), re-runs file discovery when
//! files appeared or disappeared, re-checks, and returns what changed since
//! the previous run. [`watch`] feeds it from the file system (`notify`),
//! batching the events of one save.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use gradus_db::{Diagnostic, File, FilePath};
use rustc_hash::FxHashSet;

use crate::baseline::{fingerprints, Baseline};
use crate::output::render_concise;
use crate::{check_files, CheckResult, ProjectDatabase, ProjectSettings};

/// Finds the files to check again (the CLI re-runs its discovery).
pub type Discover = Box<dyn FnMut() -> Result<Vec<PathBuf>, String>>;

/// The outcome of one re-check.
#[derive(Debug, Clone, Default)]
pub struct WatchUpdate {
    /// The full result of this run.
    pub result: CheckResult,
    /// Diagnostics that are new since the previous run.
    pub added: Vec<Diagnostic>,
    /// Diagnostics of the previous run that are gone, rendered in the
    /// concise format as they were then.
    pub fixed: Vec<String>,
    /// A configuration file changed: its new contents apply only after a
    /// restart.
    pub config_changed: bool,
    /// How long the re-check took.
    pub elapsed: Duration,
}

/// A project being watched.
pub struct WatchSession {
    db: ProjectDatabase,
    settings: ProjectSettings,
    cwd: PathBuf,
    files: Vec<File>,
    discover: Discover,
    baseline: Option<Baseline>,
    /// Fingerprint and concise rendering of the previous run's diagnostics.
    previous: Vec<(String, String)>,
}

impl WatchSession {
    /// A session over `db` checking what `discover` finds.
    pub fn new(
        db: ProjectDatabase,
        settings: ProjectSettings,
        cwd: PathBuf,
        discover: Discover,
    ) -> WatchSession {
        WatchSession {
            db,
            settings,
            cwd,
            files: Vec::new(),
            discover,
            baseline: None,
            previous: Vec::new(),
        }
    }

    /// Hides the diagnostics recorded in `baseline` from every run.
    pub fn with_baseline(mut self, baseline: Option<Baseline>) -> WatchSession {
        self.baseline = baseline;
        self
    }

    pub fn db(&self) -> &ProjectDatabase {
        &self.db
    }

    /// The first check: discovers the files and reports everything.
    pub fn initial(&mut self) -> Result<WatchUpdate, String> {
        self.rediscover()?;
        Ok(self.recheck(false))
    }

    /// Re-checks after `changed` paths were created, edited or removed.
    pub fn apply_changes(&mut self, changed: &[PathBuf]) -> Result<WatchUpdate, String> {
        let root = self.settings.root.clone();
        let config_changed = changed.iter().any(|p| is_config_file(&root, p));
        let known: FxHashSet<PathBuf> = self
            .files
            .iter()
            .filter_map(|f| match f.path(&self.db) {
                FilePath::System(p) => Some(p.clone()),
                FilePath::Vendored(_) => None,
            })
            .collect();
        let mut rediscover = false;
        for path in changed {
            File::sync_path(&mut self.db, path);
            let exists = self.db_system_is_file(path);
            // A new file, a removed one, or a directory moved in or out.
            if !known.contains(path) || !exists {
                rediscover = true;
            }
        }
        if rediscover {
            self.rediscover()?;
        }
        Ok(self.recheck(config_changed))
    }

    fn db_system_is_file(&self, path: &Path) -> bool {
        use gradus_db::Db as _;
        self.db.system().is_file(path)
    }

    fn rediscover(&mut self) -> Result<(), String> {
        let paths = (self.discover)()?;
        self.files = self.db.files_for_paths(&paths);
        Ok(())
    }

    fn recheck(&mut self, config_changed: bool) -> WatchUpdate {
        let started = std::time::Instant::now();
        let mut result = check_files(&self.db, &self.settings, &self.files);
        if let Some(baseline) = &self.baseline {
            result = baseline.apply(&self.db, &self.settings.root, result).result;
        }
        let prints = fingerprints(&self.db, &self.settings.root, &result.diagnostics);
        let now: FxHashSet<&str> = prints.iter().map(String::as_str).collect();
        let before: FxHashSet<&str> = self.previous.iter().map(|(p, _)| p.as_str()).collect();
        let added = result
            .diagnostics
            .iter()
            .zip(&prints)
            .filter(|(_, p)| !before.contains(p.as_str()))
            .map(|(d, _)| d.clone())
            .collect();
        let fixed = self
            .previous
            .iter()
            .filter(|(p, _)| !now.contains(p.as_str()))
            .map(|(_, line)| line.clone())
            .collect();
        self.previous = result
            .diagnostics
            .iter()
            .zip(prints)
            .map(|(d, p)| (p, render_concise(&self.db, d, &self.cwd)))
            .collect();
        WatchUpdate {
            result,
            added,
            fixed,
            config_changed,
            elapsed: started.elapsed(),
        }
    }
}

/// `gradus.toml` or `pyproject.toml` at the project root.
fn is_config_file(root: &Path, path: &Path) -> bool {
    path.parent() == Some(root)
        && matches!(
            path.file_name().and_then(|n| n.to_str()),
            Some("gradus.toml" | "pyproject.toml")
        )
}

/// Whether a changed path can matter: Python sources and stubs, config
/// files, and paths without an extension (directories); not inside `.git`
/// or a cache directory.
pub fn is_relevant(path: &Path) -> bool {
    let ignored_dir = path.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some(".git" | "__pycache__" | ".mypy_cache" | ".pytest_cache" | "target")
        )
    });
    if ignored_dir {
        return false;
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("py" | "pyi" | "toml") => true,
        Some(_) => false,
        None => true,
    }
}

/// Watches `roots` recursively and calls `on_update` after each batch of
/// changes (events closer than `settle` apart form one batch). Returns only
/// when the watcher fails.
pub fn watch(
    session: &mut WatchSession,
    roots: &[PathBuf],
    settle: Duration,
    on_update: &mut dyn FnMut(&WatchSession, Result<WatchUpdate, String>),
) -> Result<(), String> {
    use notify::Watcher as _;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = tx.send(event);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for root in roots {
        watcher
            .watch(root, notify::RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    }
    loop {
        let first = rx
            .recv()
            .map_err(|_| "the file watcher stopped".to_owned())?;
        let mut batch: Vec<PathBuf> = Vec::new();
        let mut add = |event: notify::Result<notify::Event>| {
            if let Ok(event) = event {
                if event.kind.is_access() {
                    return;
                }
                for path in event.paths {
                    if is_relevant(&path) && !batch.contains(&path) {
                        batch.push(path);
                    }
                }
            }
        };
        add(first);
        while let Ok(event) = rx.recv_timeout(settle) {
            add(event);
        }
        if batch.is_empty() {
            continue;
        }
        batch.sort();
        let update = session.apply_changes(&batch);
        on_update(session, update);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_db::System;

    const ROOT: &str = "/project";

    /// A session over an in-memory project whose discovery lists its `.py`
    /// files.
    fn session(files: &[(&str, &str)]) -> (WatchSession, System) {
        let system = System::in_memory(PathBuf::from(ROOT));
        for (path, text) in files {
            system.overlay().write(Path::new(ROOT).join(path), *text);
        }
        let settings = ProjectSettings::for_root(PathBuf::from(ROOT));
        let db = ProjectDatabase::new(system.clone(), &settings);
        let listing = system.clone();
        let discover: Discover = Box::new(move || {
            let mut paths: Vec<PathBuf> = listing
                .overlay()
                .paths()
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "py"))
                .collect();
            paths.sort();
            Ok(paths)
        });
        let session = WatchSession::new(db, settings, PathBuf::from(ROOT), discover);
        (session, system)
    }

    fn path(name: &str) -> PathBuf {
        Path::new(ROOT).join(name)
    }

    fn lines(session: &WatchSession, diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| render_concise(&session.db, d, Path::new(ROOT)))
            .collect()
    }

    #[test]
    fn an_edit_reports_only_what_changed() {
        let (mut session, system) = session(&[
            ("a.py", "import missing_a\n"),
            ("b.py", "import missing_b\n"),
        ]);
        let first = session.initial().unwrap();
        assert_eq!(first.added.len(), 2);
        assert!(first.fixed.is_empty());

        // Fix a.py: one diagnostic is gone, nothing is new.
        system.overlay().write(path("a.py"), "import os\n");
        let update = session.apply_changes(&[path("a.py")]).unwrap();
        assert!(update.added.is_empty());
        assert_eq!(update.fixed.len(), 1);
        assert!(
            update.fixed[0].starts_with("a.py:1:8: error[unresolved-import]"),
            "{:?}",
            update.fixed
        );
        assert_eq!(update.result.diagnostics.len(), 1);
        assert!(!update.config_changed);

        // Break it differently: one new diagnostic.
        system
            .overlay()
            .write(path("a.py"), "import os\nimport missing_c\n");
        let update = session.apply_changes(&[path("a.py")]).unwrap();
        assert_eq!(
            lines(&session, &update.added),
            vec!["a.py:2:8: error[unresolved-import]: Cannot resolve imported module `missing_c` (searched: /project, <typeshed-lite>/stdlib)"]
        );
        assert!(update.fixed.is_empty());
    }

    #[test]
    fn moving_a_diagnostic_down_is_not_a_change() {
        let (mut session, system) = session(&[("a.py", "import missing\n")]);
        session.initial().unwrap();
        system
            .overlay()
            .write(path("a.py"), "\"\"\"Docs.\"\"\"\n\nimport missing\n");
        let update = session.apply_changes(&[path("a.py")]).unwrap();
        assert!(update.added.is_empty() && update.fixed.is_empty());
        assert_eq!(update.result.diagnostics.len(), 1);
    }

    #[test]
    fn new_and_removed_files_rerun_discovery() {
        let (mut session, system) = session(&[("a.py", "import os\n")]);
        assert_eq!(session.initial().unwrap().result.checked_files, 1);

        system.overlay().write(path("new.py"), "import missing\n");
        let update = session.apply_changes(&[path("new.py")]).unwrap();
        assert_eq!(update.result.checked_files, 2);
        assert_eq!(update.added.len(), 1);

        system.overlay().remove(&path("new.py"));
        let update = session.apply_changes(&[path("new.py")]).unwrap();
        assert_eq!(update.result.checked_files, 1);
        assert_eq!(update.fixed.len(), 1);
        assert!(update.result.diagnostics.is_empty());
    }

    #[test]
    fn a_created_module_resolves_the_import() {
        let (mut session, system) = session(&[("a.py", "import helper\n")]);
        assert_eq!(session.initial().unwrap().added.len(), 1);
        system.overlay().write(path("helper.py"), "X = 1\n");
        let update = session.apply_changes(&[path("helper.py")]).unwrap();
        assert_eq!(update.fixed.len(), 1, "{:?}", update.added);
        assert!(update.result.diagnostics.is_empty());
    }

    #[test]
    fn a_config_change_is_flagged() {
        let (mut session, system) = session(&[("a.py", "import os\n")]);
        session.initial().unwrap();
        system
            .overlay()
            .write(path("gradus.toml"), "python-version = \"3.12\"\n");
        let update = session.apply_changes(&[path("gradus.toml")]).unwrap();
        assert!(update.config_changed);
    }

    #[test]
    fn relevant_paths() {
        assert!(is_relevant(Path::new("/p/a.py")));
        assert!(is_relevant(Path::new("/p/a.pyi")));
        assert!(is_relevant(Path::new("/p/pyproject.toml")));
        assert!(is_relevant(Path::new("/p/pkg")));
        assert!(!is_relevant(Path::new("/p/a.txt")));
        assert!(!is_relevant(Path::new("/p/.git/index")));
        assert!(!is_relevant(Path::new("/p/__pycache__/a.cpython-312.pyc")));
    }

    #[test]
    fn config_files_are_at_the_root() {
        let root = Path::new("/p");
        assert!(is_config_file(root, Path::new("/p/gradus.toml")));
        assert!(is_config_file(root, Path::new("/p/pyproject.toml")));
        assert!(!is_config_file(root, Path::new("/p/sub/pyproject.toml")));
    }
}
