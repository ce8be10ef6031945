//! The writer thread: it owns the open documents and one `ProjectDatabase`
//! per project root, and applies every mutation in the order the client
//! sent it. Handlers talk to it only through [`Msg`]s, sent synchronously
//! before their first `.await`, so the queue order is the arrival order.
//!
//! Reads get a [`Snapshot`] (a clone of a database) through the same queue,
//! so a request sees every edit that arrived before it. Before the writer
//! changes a database it takes exclusive access, which cancels (unwinds) all
//! readers holding clones and waits until they dropped them.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gradus_db::salsa::{self, Database as _, Durability};
use gradus_db::{Db as _, File, System};
use gradus_project::config::{load_project_config, ProjectConfig};
use gradus_project::{
    discovery, known_rule_codes, resolve_settings, CliOverrides, ProjectDatabase, ProjectSettings,
};
use tokio::runtime::Handle;
use tokio::sync::{mpsc as tokio_mpsc, oneshot};
use tower_lsp::lsp_types::{
    self as lsp, FileChangeType, FileEvent, MessageType, TextDocumentContentChangeEvent, Url,
};

use crate::convert::{apply_change, path_to_uri, uri_to_path};
use crate::diagnostics::{file_diagnostics, file_for_path, panic_message};

/// Quiet time after an edit before diagnostics are computed: changes the
/// client sent together (a burst of messages read back to back) are checked
/// once. Kept short because it adds to every edit's latency: keystrokes
/// come tens of milliseconds apart, and a check that a newer edit makes
/// stale is cancelled anyway.
const DEBOUNCE: Duration = Duration::from_millis(1);
/// Diagnostics are computed at the latest this long after the first edit
/// of a burst, however long the burst goes on.
const MAX_DELAY: Duration = Duration::from_millis(50);

/// Settings the client controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerOptions {
    /// Diagnostics for every project file, not just open ones.
    pub workspace_diagnostics: bool,
    /// Push diagnostics (`publishDiagnostics`); otherwise the client pulls.
    pub push_diagnostics: bool,
    /// A pull client that can be asked to pull again after changes.
    pub refresh_pulled: bool,
    /// The client can be asked to request inlay hints again (after the
    /// inlay hint settings change).
    pub refresh_inlay_hints: bool,
    /// Whether the workspace is trusted: only then may environment discovery
    /// ask a Python interpreter for its `sys.path`.
    pub trusted: bool,
    /// Inlay hints with the inferred types of variables.
    pub inlay_variable_types: bool,
    /// Inlay hints with the inferred return types of functions.
    pub inlay_return_types: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            workspace_diagnostics: false,
            push_diagnostics: true,
            refresh_pulled: false,
            refresh_inlay_hints: false,
            trusted: true,
            inlay_variable_types: true,
            inlay_return_types: true,
        }
    }
}

impl ServerOptions {
    /// Updates from `initializationOptions` or `didChangeConfiguration`
    /// settings: `{"gradus": {...}}` or the inner object itself, with keys
    /// `diagnosticMode` (`openFilesOnly` | `workspace`), `trusted` and
    /// `inlayHints` (`{"variableTypes": bool, "returnTypes": bool}`).
    pub fn update(&mut self, value: &serde_json::Value) {
        let settings = value.get("gradus").unwrap_or(value);
        if let Some(mode) = settings.get("diagnosticMode").and_then(|v| v.as_str()) {
            self.workspace_diagnostics = mode == "workspace";
        }
        if let Some(trusted) = settings.get("trusted").and_then(|v| v.as_bool()) {
            self.trusted = trusted;
        }
        if let Some(hints) = settings.get("inlayHints") {
            if let Some(on) = hints.get("variableTypes").and_then(|v| v.as_bool()) {
                self.inlay_variable_types = on;
            }
            if let Some(on) = hints.get("returnTypes").and_then(|v| v.as_bool()) {
                self.inlay_return_types = on;
            }
        }
    }
}

/// A message to the writer thread.
pub(crate) enum Msg {
    Initialize {
        folders: Vec<PathBuf>,
        options: ServerOptions,
    },
    Open {
        uri: Url,
        version: i32,
        text: String,
    },
    Change {
        uri: Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    Close {
        uri: Url,
    },
    Save {
        uri: Url,
        text: Option<String>,
    },
    WatchedFiles(Vec<FileEvent>),
    Configuration(serde_json::Value),
    Folders {
        added: Vec<PathBuf>,
        removed: Vec<PathBuf>,
    },
    Snapshot {
        uri: Url,
        reply: oneshot::Sender<Snapshot>,
    },
    /// A snapshot of every project (workspace-wide requests).
    Snapshots {
        reply: oneshot::Sender<Vec<Snapshot>>,
    },
    /// Debugging and tests: the text the server holds for a document.
    DocumentText {
        uri: Url,
        reply: oneshot::Sender<Option<(i32, String)>>,
    },
}

/// What the writer and the diagnostics jobs send to the client.
pub(crate) enum Outgoing {
    Diagnostics {
        uri: Url,
        version: Option<i32>,
        diagnostics: Vec<lsp::Diagnostic>,
        /// Publish even when unchanged (the document's version changed).
        force: bool,
    },
    Log(MessageType, String),
    Show(MessageType, String),
    /// Ask a pull client to pull diagnostics again.
    Refresh,
    /// Ask the client to request inlay hints again.
    RefreshInlayHints,
}

/// A read-only view for one request: a database clone and the file.
pub(crate) struct Snapshot {
    pub db: ProjectDatabase,
    pub settings: Arc<ProjectSettings>,
    /// `None` when the document is neither open nor on disk.
    pub file: Option<File>,
    /// The project's source files (references, rename, workspace symbols).
    pub project_files: Arc<Vec<PathBuf>>,
    pub options: ServerOptions,
}

impl Snapshot {
    /// The project's files as database files (those that exist).
    pub fn files(&self) -> Vec<File> {
        let mut files: Vec<File> = self
            .project_files
            .iter()
            .filter_map(|p| file_for_path(&self.db, p))
            .collect();
        if let Some(file) = self.file {
            if !files.contains(&file) {
                files.push(file);
            }
        }
        files
    }
}

struct Document {
    path: PathBuf,
    version: i32,
    text: String,
    root: PathBuf,
}

struct Project {
    root: PathBuf,
    settings: Arc<ProjectSettings>,
    db: ProjectDatabase,
    /// The project's files (discovered as `gradus check` would).
    files: Arc<Vec<PathBuf>>,
}

struct Writer {
    docs: HashMap<Url, Document>,
    projects: Vec<Project>,
    folders: Vec<PathBuf>,
    options: ServerOptions,
    out: tokio_mpsc::UnboundedSender<Outgoing>,
    runtime: Handle,
    /// Documents whose text changed since the last diagnostics run.
    changed: HashSet<Url>,
    /// When the first unprocessed change arrived.
    pending_since: Option<Instant>,
    /// Published-but-now-closed documents to clear.
    fallback_dir: PathBuf,
}

/// Starts the writer thread.
pub(crate) fn spawn_writer(
    out: tokio_mpsc::UnboundedSender<Outgoing>,
    runtime: Handle,
) -> mpsc::Sender<Msg> {
    let (tx, rx) = mpsc::channel();
    let fallback_dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let writer = Writer {
        docs: HashMap::new(),
        projects: Vec::new(),
        folders: Vec::new(),
        options: ServerOptions::default(),
        out,
        runtime,
        changed: HashSet::new(),
        pending_since: None,
        fallback_dir,
    };
    let spawned = std::thread::Builder::new()
        .name("gradus-lsp-writer".into())
        .stack_size(crate::QUERY_THREAD_STACK)
        .spawn(move || writer.run(rx));
    if let Err(err) = spawned {
        eprintln!("gradus server: cannot start the writer thread: {err}");
    }
    tx
}

impl Writer {
    fn run(mut self, rx: mpsc::Receiver<Msg>) {
        loop {
            let msg = match self.pending_since {
                None => match rx.recv() {
                    Ok(msg) => msg,
                    Err(_) => return,
                },
                Some(since) => {
                    let wait = DEBOUNCE.min(MAX_DELAY.saturating_sub(since.elapsed()));
                    match rx.recv_timeout(wait) {
                        Ok(msg) => msg,
                        Err(RecvTimeoutError::Timeout) => {
                            self.flush();
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            };
            // A panic while applying a change must not kill the writer.
            let result = catch_unwind(AssertUnwindSafe(|| self.handle(msg)));
            if let Err(payload) = result {
                let message = panic_message(&*payload);
                self.log(
                    MessageType::ERROR,
                    format!("internal error while applying a change: {message}"),
                );
            }
            if self
                .pending_since
                .is_some_and(|since| since.elapsed() >= MAX_DELAY)
            {
                self.flush();
            }
        }
    }

    fn log(&self, kind: MessageType, message: String) {
        eprintln!("gradus server: {message}");
        let _ = self.out.send(Outgoing::Log(kind, message));
    }

    fn mark_pending(&mut self) {
        self.pending_since.get_or_insert_with(Instant::now);
    }

    fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::Initialize { folders, options } => {
                self.folders = folders;
                if let Some(first) = self.folders.first() {
                    self.fallback_dir = first.clone();
                }
                self.options = options;
                // Set the folders' projects up now (environment discovery may
                // take a moment), before the first document arrives.
                for folder in self.folders.clone() {
                    self.project_index(&folder.join("__init__.py"));
                }
                if self.options.workspace_diagnostics {
                    self.mark_pending();
                }
            }
            Msg::Open { uri, version, text } => {
                let path = uri_to_path(&uri, &self.fallback_dir);
                let root = self.project_root_for(&path);
                self.project_index(&path);
                self.set_overlay(&path, Some(&text));
                self.docs.insert(
                    uri.clone(),
                    Document {
                        path,
                        version,
                        text,
                        root,
                    },
                );
                self.changed.insert(uri);
                self.mark_pending();
            }
            Msg::Change {
                uri,
                version,
                changes,
            } => {
                let Some(doc) = self.docs.get_mut(&uri) else {
                    self.log(
                        MessageType::WARNING,
                        format!("didChange for a document that is not open: {uri}"),
                    );
                    return;
                };
                if version <= doc.version {
                    eprintln!(
                        "gradus server: {uri}: version {version} after {}; applied in arrival order",
                        doc.version
                    );
                }
                let before = doc.text.clone();
                for change in &changes {
                    apply_change(&mut doc.text, change.range, &change.text);
                }
                doc.version = version;
                if doc.text != before {
                    let (path, text) = (doc.path.clone(), doc.text.clone());
                    self.set_overlay(&path, Some(&text));
                }
                self.changed.insert(uri);
                self.mark_pending();
            }
            Msg::Close { uri } => {
                let Some(doc) = self.docs.remove(&uri) else {
                    return;
                };
                self.set_overlay(&doc.path, None);
                self.changed.remove(&uri);
                if !self.options.workspace_diagnostics || !doc.path.is_file() {
                    let _ = self.out.send(Outgoing::Diagnostics {
                        uri,
                        version: None,
                        diagnostics: Vec::new(),
                        force: true,
                    });
                }
                self.mark_pending();
            }
            Msg::Save { uri, text } => {
                if let (Some(text), Some(doc)) = (text, self.docs.get_mut(&uri)) {
                    if doc.text != text {
                        doc.text = text.clone();
                        let path = doc.path.clone();
                        self.set_overlay(&path, Some(&text));
                    }
                }
                self.mark_pending();
            }
            Msg::WatchedFiles(events) => self.watched_files(events),
            Msg::Configuration(value) => {
                let mut options = self.options.clone();
                options.update(&value);
                if options != self.options {
                    let rebuild = options.trusted != self.options.trusted
                        || options.workspace_diagnostics != self.options.workspace_diagnostics;
                    let hints_changed = options.inlay_variable_types
                        != self.options.inlay_variable_types
                        || options.inlay_return_types != self.options.inlay_return_types;
                    if hints_changed && options.refresh_inlay_hints {
                        let _ = self.out.send(Outgoing::RefreshInlayHints);
                    }
                    self.options = options;
                    if rebuild {
                        self.rebuild_projects();
                    }
                    self.mark_pending();
                }
            }
            Msg::Folders { added, removed } => {
                self.folders.retain(|f| !removed.contains(f));
                self.folders.extend(added);
                self.rebuild_projects();
                self.mark_pending();
            }
            Msg::Snapshot { uri, reply } => {
                let path = self
                    .docs
                    .get(&uri)
                    .map(|d| d.path.clone())
                    .unwrap_or_else(|| uri_to_path(&uri, &self.fallback_dir));
                let index = self.project_index(&path);
                let project = &self.projects[index];
                let file = file_for_path(&project.db, &path);
                let _ = reply.send(Snapshot {
                    db: project.db.clone(),
                    settings: project.settings.clone(),
                    file,
                    project_files: project.files.clone(),
                    options: self.options.clone(),
                });
            }
            Msg::Snapshots { reply } => {
                let snapshots = self
                    .projects
                    .iter()
                    .map(|project| Snapshot {
                        db: project.db.clone(),
                        settings: project.settings.clone(),
                        file: None,
                        project_files: project.files.clone(),
                        options: self.options.clone(),
                    })
                    .collect();
                let _ = reply.send(snapshots);
            }
            Msg::DocumentText { uri, reply } => {
                let _ = reply.send(self.docs.get(&uri).map(|d| (d.version, d.text.clone())));
            }
        }
    }

    fn watched_files(&mut self, events: Vec<FileEvent>) {
        let mut config_changed = false;
        for event in events {
            let Ok(path) = event.uri.to_file_path() else {
                continue;
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "gradus.toml" || name == "pyproject.toml" {
                config_changed = true;
                continue;
            }
            if event.typ != FileChangeType::CHANGED {
                for project in &mut self.projects {
                    let files = Arc::make_mut(&mut project.files);
                    files.retain(|f| f != &path);
                    let is_python = matches!(
                        path.extension().and_then(|e| e.to_str()),
                        Some("py" | "pyi")
                    );
                    if event.typ == FileChangeType::CREATED
                        && is_python
                        && path.starts_with(&project.root)
                    {
                        files.push(path.clone());
                    }
                }
            }
            // An open document's overlay wins over the disk.
            if self.docs.values().any(|d| d.path == path) {
                continue;
            }
            for project in &mut self.projects {
                project.db.synthetic_write(Durability::LOW);
                File::sync_path(&mut project.db, &path);
            }
        }
        if config_changed {
            self.rebuild_projects();
        }
        self.mark_pending();
    }

    /// Drops all databases (after a configuration change); they are
    /// recreated on demand with the new settings.
    fn rebuild_projects(&mut self) {
        self.projects.clear();
        let paths: Vec<(Url, PathBuf)> = self
            .docs
            .iter()
            .map(|(u, d)| (u.clone(), d.path.clone()))
            .collect();
        for (uri, path) in paths {
            let root = self.project_root_for(&path);
            if let Some(doc) = self.docs.get_mut(&uri) {
                doc.root = root;
            }
            self.project_index(&path);
            self.changed.insert(uri);
        }
        if self.options.workspace_diagnostics {
            for folder in self.folders.clone() {
                self.project_index(&folder.join("__init__.py"));
            }
        }
    }

    /// Writes (or removes) an unsaved buffer in every project's overlay and
    /// tells each database the file changed. Readers are cancelled first, so
    /// none sees the new text under the old revision.
    fn set_overlay(&mut self, path: &Path, text: Option<&str>) {
        for project in &mut self.projects {
            project.db.synthetic_write(Durability::LOW);
            let overlay = project.db.system().overlay();
            match text {
                Some(text) => overlay.write(path.to_path_buf(), text.as_bytes().to_vec()),
                None => {
                    overlay.remove(path);
                }
            }
            File::sync_path(&mut project.db, path);
        }
    }

    /// The project root of a file: the nearest directory with `gradus.toml`
    /// or `pyproject.toml`, not above the workspace folder holding the file;
    /// else that workspace folder; else the file's directory.
    fn project_root_for(&self, path: &Path) -> PathBuf {
        let folder = self
            .folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.components().count());
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d.join("gradus.toml").is_file() || d.join("pyproject.toml").is_file() {
                return d.to_path_buf();
            }
            if Some(d) == folder.map(PathBuf::as_path) {
                return d.to_path_buf();
            }
            dir = d.parent();
        }
        folder
            .cloned()
            .or_else(|| path.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| self.fallback_dir.clone())
    }

    /// The index of the project of `path`, created on first use.
    fn project_index(&mut self, path: &Path) -> usize {
        let root = self.project_root_for(path);
        if let Some(i) = self.projects.iter().position(|p| p.root == root) {
            return i;
        }
        let project = self.create_project(root);
        self.projects.push(project);
        self.projects.len() - 1
    }

    fn create_project(&self, root: PathBuf) -> Project {
        let known = known_rule_codes();
        let config = load_project_config(&root, &known).unwrap_or_else(|err| {
            let message = format!("configuration error (using defaults): {err}");
            self.log(MessageType::ERROR, message.clone());
            let _ = self.out.send(Outgoing::Show(MessageType::ERROR, message));
            ProjectConfig {
                root: root.clone(),
                config_file: None,
                options: Default::default(),
            }
        });
        let cli = CliOverrides {
            no_environment: !self.options.trusted,
            ..CliOverrides::default()
        };
        let settings = resolve_settings(&config, &cli, &|name| std::env::var(name).ok())
            .unwrap_or_else(|err| {
                self.log(
                    MessageType::WARNING,
                    format!(
                        "{}: {err}; continuing without site-packages",
                        root.display()
                    ),
                );
                ProjectSettings::for_root(root.clone())
            });
        // Discovered in every mode: references, rename and workspace symbols
        // search them (diagnostics cover them only in workspace mode).
        let files = Arc::new(
            discovery::discover_files(&config.root, &config.options, &[], &root)
                .unwrap_or_default(),
        );
        let db = ProjectDatabase::new(System::os(root.clone()), &settings);
        for doc in self.docs.values() {
            db.system()
                .overlay()
                .write(doc.path.clone(), doc.text.as_bytes().to_vec());
        }
        self.log(
            MessageType::INFO,
            format!(
                "project {} (python {}, config: {})",
                root.display(),
                settings.python_version,
                config
                    .config_file
                    .as_ref()
                    .map_or("none".to_owned(), |p| p.display().to_string())
            ),
        );
        Project {
            root,
            settings: Arc::new(settings),
            db,
            files,
        }
    }

    /// Starts diagnostics jobs: one per project, over its open documents
    /// (and all its files in workspace mode).
    fn flush(&mut self) {
        self.pending_since = None;
        let changed = std::mem::take(&mut self.changed);
        let mut refresh = false;
        for project in &self.projects {
            let mut items: Vec<Item> = self
                .docs
                .iter()
                .filter(|(_, d)| d.root == project.root)
                .map(|(uri, d)| Item {
                    uri: uri.clone(),
                    path: d.path.clone(),
                    version: Some(d.version),
                    force: changed.contains(uri),
                })
                .collect();
            if !self.options.push_diagnostics {
                refresh |= !items.is_empty();
                items.clear();
            }
            if self.options.workspace_diagnostics {
                for path in project.files.iter() {
                    if self.docs.values().any(|d| &d.path == path) {
                        continue;
                    }
                    if let Some(uri) = path_to_uri(path) {
                        items.push(Item {
                            uri,
                            path: path.clone(),
                            version: None,
                            force: false,
                        });
                    }
                }
            }
            if items.is_empty() {
                continue;
            }
            items.sort_by_key(|item| std::cmp::Reverse(item.force));
            let job = Job {
                db: project.db.clone(),
                settings: project.settings.clone(),
                items,
            };
            let out = self.out.clone();
            self.runtime.spawn_blocking(move || job.run(out));
        }
        if refresh && self.options.refresh_pulled {
            let _ = self.out.send(Outgoing::Refresh);
        }
    }
}

struct Item {
    uri: Url,
    path: PathBuf,
    version: Option<i32>,
    force: bool,
}

/// Computes and sends diagnostics for some files of one project.
struct Job {
    db: ProjectDatabase,
    settings: Arc<ProjectSettings>,
    items: Vec<Item>,
}

impl Job {
    fn run(self, out: tokio_mpsc::UnboundedSender<Outgoing>) {
        let Job {
            db,
            settings,
            items,
        } = self;
        let result = catch_unwind(AssertUnwindSafe(|| {
            for item in items {
                let diagnostics = match file_for_path(&db, &item.path) {
                    Some(file) => file_diagnostics(&db, &settings, file),
                    None => Vec::new(),
                };
                // Sent while the database clone is alive: a newer edit
                // waits for this clone, so results arrive in edit order.
                let _ = out.send(Outgoing::Diagnostics {
                    uri: item.uri,
                    version: item.version,
                    diagnostics,
                    force: item.force,
                });
            }
        }));
        if let Err(payload) = result {
            if !payload.is::<salsa::Cancelled>() {
                let message = panic_message(&*payload);
                eprintln!("gradus server: diagnostics job failed: {message}");
            }
        }
        drop(db);
    }
}

#[cfg(test)]
mod tests {
    use super::ServerOptions;

    #[test]
    fn settings_switch_inlay_hints() {
        let mut options = ServerOptions::default();
        assert!(options.inlay_variable_types && options.inlay_return_types);
        options.update(&serde_json::json!({
            "gradus": {"inlayHints": {"variableTypes": false}, "diagnosticMode": "workspace"}
        }));
        assert!(!options.inlay_variable_types);
        assert!(options.inlay_return_types);
        assert!(options.workspace_diagnostics);
        // The inner object alone works too; absent keys keep their value.
        options.update(&serde_json::json!({"inlayHints": {"returnTypes": false}}));
        assert!(!options.inlay_variable_types && !options.inlay_return_types);
    }
}
