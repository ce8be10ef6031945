//! The tower-lsp `LanguageServer`: thin handlers that queue mutations for
//! the writer thread and run reads on blocking threads.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use gradus_db::{line_index, salsa, source_text, File};
use gradus_project::ProjectDatabase;
use tokio::sync::{mpsc as tokio_mpsc, oneshot};
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{async_trait, Client, LanguageServer};

use crate::convert::{path_to_uri, TextLines};
use crate::diagnostics::{file_diagnostics, panic_message, SOURCE};
use crate::state::{spawn_writer, Msg, Outgoing, ServerOptions, Snapshot};

pub(crate) struct Backend {
    client: Client,
    writer: mpsc::Sender<Msg>,
    shutdown: Arc<AtomicBool>,
    /// Filled by `initialize`: whether the client pulls diagnostics and
    /// supports dynamic registration of file watchers.
    caps: Mutex<ClientCaps>,
}

#[derive(Default, Clone, Copy)]
struct ClientCaps {
    pull_diagnostics: bool,
    refresh_diagnostics: bool,
    watch_files: bool,
}

impl Backend {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        let (out_tx, out_rx) = tokio_mpsc::unbounded_channel();
        let writer = spawn_writer(out_tx, tokio::runtime::Handle::current());
        tokio::spawn(publisher(client.clone(), out_rx));
        Backend {
            client,
            writer,
            shutdown,
            caps: Mutex::new(ClientCaps::default()),
        }
    }

    fn send(&self, msg: Msg) {
        if self.writer.send(msg).is_err() {
            eprintln!("gradus server: the writer thread is gone");
        }
    }

    fn caps(&self) -> ClientCaps {
        *self.caps.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on a snapshot of the document's project, on a blocking
    /// thread. Cancellation by a newer edit answers `ContentModified`; a
    /// panic is logged and answered with an internal error.
    async fn read<R, F>(&self, uri: Url, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(Snapshot) -> R + Send + 'static,
    {
        let (reply, snapshot) = oneshot::channel();
        // Queued before the first `.await`: the snapshot sees every edit
        // that arrived before this request.
        self.send(Msg::Snapshot { uri, reply });
        let snapshot = snapshot.await.map_err(|_| Error::internal_error())?;
        self.run_blocking(move || f(snapshot)).await
    }

    /// Runs `f` on a blocking thread under `catch_unwind`: salsa
    /// cancellation answers `ContentModified`, a panic an internal error.
    async fn run_blocking<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce() -> R + Send + 'static,
    {
        let joined = tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(f))).await;
        match joined {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(payload)) if payload.is::<salsa::Cancelled>() => {
                Err(Error::new(ErrorCode::ContentModified))
            }
            Ok(Err(payload)) => {
                let message = panic_message(&*payload);
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("internal error in a request: {message}"),
                    )
                    .await;
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: format!("internal error: {message}").into(),
                    data: None,
                })
            }
            Err(join_error) => Err(Error {
                code: ErrorCode::InternalError,
                message: format!("internal error: {join_error}").into(),
                data: None,
            }),
        }
    }

    /// `gradus/debug/panic`: panics inside a request (tests of the panic
    /// handling); only when `GRADUS_LSP_DEBUG=1`.
    pub async fn debug_panic(&self, params: serde_json::Value) -> Result<serde_json::Value> {
        if std::env::var("GRADUS_LSP_DEBUG").as_deref() != Ok("1") {
            return Err(Error::method_not_found());
        }
        let uri = params
            .get("uri")
            .and_then(|u| u.as_str())
            .and_then(|u| Url::parse(u).ok())
            .ok_or_else(|| Error::invalid_params("expected {\"uri\": ...}"))?;
        self.read(uri, |_snapshot| -> serde_json::Value {
            panic!("requested by gradus/debug/panic")
        })
        .await
    }

    /// The stand-in for a message that was not JSON-RPC (see `frames`):
    /// answers with the error it carries.
    pub async fn invalid_message(&self, params: serde_json::Value) -> Result<serde_json::Value> {
        let code = params
            .get("code")
            .and_then(|c| c.as_i64())
            .unwrap_or(-32600);
        let message = params
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or("Invalid request")
            .to_owned();
        Err(Error {
            code: ErrorCode::from(code),
            message: message.into(),
            data: None,
        })
    }

    /// `gradus/debug/documentText`: the version and text the server holds.
    async fn document_text(&self, uri: Url) -> Option<(i32, String)> {
        let (reply, rx) = oneshot::channel();
        self.send(Msg::DocumentText { uri, reply });
        rx.await.ok().flatten()
    }
}

/// Sends the writer's and the jobs' output to the client, in order.
async fn publisher(client: Client, mut rx: tokio_mpsc::UnboundedReceiver<Outgoing>) {
    let mut published: HashMap<Url, Vec<Diagnostic>> = HashMap::new();
    while let Some(message) = rx.recv().await {
        match message {
            Outgoing::Diagnostics {
                uri,
                version,
                diagnostics,
                force,
            } => {
                if !force && published.get(&uri) == Some(&diagnostics) {
                    continue;
                }
                if diagnostics.is_empty() {
                    published.remove(&uri);
                } else {
                    published.insert(uri.clone(), diagnostics.clone());
                }
                client.publish_diagnostics(uri, diagnostics, version).await;
            }
            Outgoing::Log(kind, message) => client.log_message(kind, message).await,
            Outgoing::Show(kind, message) => client.show_message(kind, message).await,
            Outgoing::RefreshInlayHints => {
                let client = client.clone();
                tokio::spawn(async move {
                    let _ = client.inlay_hint_refresh().await;
                });
            }
            Outgoing::Refresh => {
                let client = client.clone();
                // A request: do not block the queue on the client's answer.
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
        }
    }
}

/// Text and line index of the snapshot's file.
fn with_lines<R>(db: &ProjectDatabase, file: File, f: impl FnOnce(&TextLines) -> R) -> R {
    let text = &source_text(db, file).text;
    let index = line_index(db, file);
    f(&TextLines { text, index })
}

fn location(db: &ProjectDatabase, target: &gradus_ide::NavigationTarget) -> Option<Location> {
    let path = target.file.path(db);
    let uri = match path {
        gradus_db::FilePath::System(p) => path_to_uri(p)?,
        gradus_db::FilePath::Vendored(p) => materialize_vendored(db, p)?,
    };
    let range = with_lines(db, target.file, |lines| lines.range(target.focus_range));
    Some(Location::new(uri, range))
}

/// Embedded stubs have no file on disk: write the one asked for into a
/// per-version cache directory (once), so the editor can open it.
pub(crate) fn materialize_vendored(db: &ProjectDatabase, path: &str) -> Option<Url> {
    use gradus_db::Db as _;
    let bytes = db.vendored().read(path)?;
    let dir = std::env::temp_dir().join(format!(
        "gradus-{}-typeshed-lite",
        env!("CARGO_PKG_VERSION")
    ));
    let target = dir.join(path);
    if std::fs::read(&target).ok().as_deref() != Some(bytes) {
        std::fs::create_dir_all(target.parent()?).ok()?;
        // Write then rename: a concurrent reader never sees half a file.
        let partial = target.with_extension(format!("pyi.{}", std::process::id()));
        std::fs::write(&partial, bytes).ok()?;
        std::fs::rename(&partial, &target).ok()?;
    }
    path_to_uri(&target)
}

fn folders_of(params: &InitializeParams) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    #[allow(deprecated)]
    if folders.is_empty() {
        if let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
            folders.push(root);
        }
    }
    folders
}

#[async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let text_caps = params.capabilities.text_document.as_ref();
        let workspace_caps = params.capabilities.workspace.as_ref();
        let mut options = ServerOptions::default();
        if let Some(init) = &params.initialization_options {
            options.update(init);
        }
        let force_push = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("pushDiagnostics"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let caps = ClientCaps {
            pull_diagnostics: text_caps.is_some_and(|t| t.diagnostic.is_some()) && !force_push,
            refresh_diagnostics: workspace_caps
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch_files: workspace_caps
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        };
        options.push_diagnostics = !caps.pull_diagnostics;
        options.refresh_pulled = caps.refresh_diagnostics;
        options.refresh_inlay_hints = workspace_caps
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|i| i.refresh_support)
            .unwrap_or(false);
        *self.caps.lock().unwrap_or_else(|e| e.into_inner()) = caps;
        self.send(Msg::Initialize {
            folders: folders_of(&params),
            options,
        });
        let capabilities = ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            definition_provider: Some(OneOf::Left(true)),
            declaration_provider: Some(DeclarationCapability::Simple(true)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            document_highlight_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![".".into(), " ".into()]),
                ..CompletionOptions::default()
            }),
            type_definition_provider: Some(TypeDefinitionProviderCapability::Simple(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            signature_help_provider: Some(SignatureHelpOptions {
                trigger_characters: Some(vec!["(".into(), ",".into()]),
                retrigger_characters: Some(vec![")".into()]),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            inlay_hint_provider: Some(OneOf::Left(true)),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: crate::features::semantic_tokens_legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
            ),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            diagnostic_provider: caps.pull_diagnostics.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some(SOURCE.into()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        };
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "gradus".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.caps().watch_files {
            let client = self.client.clone();
            // Not awaited here: a client that never answers must not hold
            // up this handler.
            tokio::spawn(async move {
                let watchers = ["**/*.py", "**/*.pyi", "**/gradus.toml", "**/pyproject.toml"]
                    .into_iter()
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob.into()),
                        kind: None,
                    })
                    .collect();
                let registration = Registration {
                    id: "gradus-watched-files".into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(
                        DidChangeWatchedFilesRegistrationOptions { watchers },
                    )
                    .ok(),
                };
                if let Err(err) = client.register_capability(vec![registration]).await {
                    eprintln!("gradus server: cannot register file watchers: {err}");
                }
            });
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.send(Msg::Open {
            uri: doc.uri,
            version: doc.version,
            text: doc.text,
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.send(Msg::Change {
            uri: params.text_document.uri,
            version: params.text_document.version,
            changes: params.content_changes,
        });
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.send(Msg::Save {
            uri: params.text_document.uri,
            text: params.text,
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.send(Msg::Close {
            uri: params.text_document.uri,
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.send(Msg::WatchedFiles(params.changes));
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.send(Msg::Configuration(params.settings));
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: Vec<WorkspaceFolder>| {
            folders
                .into_iter()
                .filter_map(|f| f.uri.to_file_path().ok())
                .collect()
        };
        self.send(Msg::Folders {
            added: paths(params.event.added),
            removed: paths(params.event.removed),
        });
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let items = self
            .read(params.text_document.uri, |snap| match snap.file {
                Some(file) => file_diagnostics(&snap.db, &snap.settings, file),
                None => Vec::new(),
            })
            .await?;
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params.position;
        self.read(
            params.text_document_position_params.text_document.uri,
            move |snap| {
                let file = snap.file?;
                let offset = with_lines(&snap.db, file, |l| l.offset(position));
                let locations: Vec<Location> = gradus_ide::goto_definition(&snap.db, file, offset)
                    .iter()
                    .filter_map(|t| location(&snap.db, t))
                    .collect();
                (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
            },
        )
        .await
    }

    async fn goto_declaration(
        &self,
        params: request::GotoDeclarationParams,
    ) -> Result<Option<request::GotoDeclarationResponse>> {
        self.goto_definition(params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params.position;
        self.read(
            params.text_document_position_params.text_document.uri,
            move |snap| {
                let file = snap.file?;
                let offset = with_lines(&snap.db, file, |l| l.offset(position));
                let result = gradus_ide::hover(&snap.db, file, offset)?;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: result.markdown,
                    }),
                    range: Some(with_lines(&snap.db, file, |l| l.range(result.range))),
                })
            },
        )
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position.position;
        self.read(
            params.text_document_position.text_document.uri,
            move |snap| {
                let file = snap.file?;
                with_lines(&snap.db, file, |lines| {
                    let offset = lines.offset(position);
                    let items: Vec<CompletionItem> =
                        gradus_ide::completions(&snap.db, file, offset, &snap.files())
                            .into_iter()
                            .enumerate()
                            .map(|(i, item)| {
                                let additional = item
                                    .additional_edits
                                    .iter()
                                    .map(|e| {
                                        TextEdit::new(lines.range(e.range), e.new_text.clone())
                                    })
                                    .collect::<Vec<_>>();
                                CompletionItem {
                                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                                        lines.range(item.replace_range),
                                        item.label.clone(),
                                    ))),
                                    additional_text_edits: (!additional.is_empty())
                                        .then_some(additional),
                                    // Our order: public names, then private,
                                    // dunders, modules to import.
                                    sort_text: Some(format!("{i:05}")),
                                    label: item.label,
                                    kind: Some(completion_kind(item.kind)),
                                    detail: item.detail,
                                    ..CompletionItem::default()
                                }
                            })
                            .collect();
                    Some(CompletionResponse::List(CompletionList {
                        is_incomplete: false,
                        items,
                    }))
                })
            },
        )
        .await
    }

    async fn goto_type_definition(
        &self,
        params: request::GotoTypeDefinitionParams,
    ) -> Result<Option<request::GotoTypeDefinitionResponse>> {
        let position = params.text_document_position_params.position;
        self.read(
            params.text_document_position_params.text_document.uri,
            move |snap| {
                crate::features::type_definition(&snap, position).map(GotoDefinitionResponse::Array)
            },
        )
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = params.text_document_position.position;
        let include = params.context.include_declaration;
        self.read(
            params.text_document_position.text_document.uri,
            move |snap| crate::features::references(&snap, position, include),
        )
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let position = params.position;
        self.read(params.text_document.uri, move |snap| {
            crate::features::prepare_rename(&snap, position)
        })
        .await?
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let position = params.text_document_position.position;
        let new_name = params.new_name;
        self.read(
            params.text_document_position.text_document.uri,
            move |snap| crate::features::rename(&snap, position, &new_name),
        )
        .await?
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        let position = params.text_document_position_params.position;
        self.read(
            params.text_document_position_params.text_document.uri,
            move |snap| crate::features::signature_help(&snap, position),
        )
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = params.range;
        self.read(params.text_document.uri, move |snap| {
            crate::features::inlay_hints(&snap, range)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.read(params.text_document.uri, move |snap| {
            crate::features::semantic_tokens(&snap)
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        let query = params.query;
        let (reply, snapshots) = oneshot::channel();
        self.send(Msg::Snapshots { reply });
        let snapshots = snapshots.await.map_err(|_| Error::internal_error())?;
        let symbols = self
            .run_blocking(move || crate::features::workspace_symbols(&snapshots, &query))
            .await?;
        Ok(Some(symbols))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.read(params.text_document.uri, move |snap| {
            let file = snap.file?;
            let symbols = gradus_ide::document_symbols(&snap.db, file);
            with_lines(&snap.db, file, |lines| {
                Some(DocumentSymbolResponse::Nested(
                    symbols
                        .iter()
                        .map(|s| to_document_symbol(lines, s))
                        .collect(),
                ))
            })
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.read(params.text_document.uri, move |snap| {
            let file = snap.file?;
            let ranges = gradus_ide::folding_ranges(&snap.db, file);
            with_lines(&snap.db, file, |lines| {
                Some(
                    ranges
                        .iter()
                        .filter_map(|r| {
                            let range = lines.range(r.range);
                            (range.end.line > range.start.line).then_some(FoldingRange {
                                start_line: range.start.line,
                                start_character: None,
                                end_line: range.end.line,
                                end_character: None,
                                kind: Some(match r.kind {
                                    gradus_ide::FoldingKind::Region => FoldingRangeKind::Region,
                                    gradus_ide::FoldingKind::Imports => FoldingRangeKind::Imports,
                                    gradus_ide::FoldingKind::Comment => FoldingRangeKind::Comment,
                                }),
                                collapsed_text: None,
                            })
                        })
                        .collect(),
                )
            })
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = params.text_document_position_params.position;
        self.read(
            params.text_document_position_params.text_document.uri,
            move |snap| {
                let file = snap.file?;
                with_lines(&snap.db, file, |lines| {
                    let offset = lines.offset(position);
                    let highlights = gradus_ide::document_highlights(&snap.db, file, offset);
                    (!highlights.is_empty()).then(|| {
                        highlights
                            .iter()
                            .map(|h| DocumentHighlight {
                                range: lines.range(h.range),
                                kind: Some(match h.kind {
                                    gradus_ide::HighlightKind::Read => DocumentHighlightKind::READ,
                                    gradus_ide::HighlightKind::Write => {
                                        DocumentHighlightKind::WRITE
                                    }
                                }),
                            })
                            .collect()
                    })
                })
            },
        )
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let diagnostics: Vec<Diagnostic> = params
            .context
            .diagnostics
            .into_iter()
            .filter(|d| d.source.as_deref() == Some(SOURCE))
            .collect();
        if diagnostics.is_empty() {
            return Ok(None);
        }
        self.read(params.text_document.uri, move |snap| {
            let file = snap.file?;
            let project_files = snap.files();
            with_lines(&snap.db, file, |lines| {
                let mut actions = Vec::new();
                for diagnostic in diagnostics {
                    let Some(NumberOrString::String(code)) = diagnostic.code.clone() else {
                        continue;
                    };
                    let start = lines.offset(diagnostic.range.start);
                    let mut fixes = Vec::new();
                    // An undefined name: import it (preferred), then ignore.
                    if code == gradus_check::rules::UNRESOLVED_REFERENCE.code {
                        fixes.extend(gradus_ide::import_fixes(
                            &snap.db,
                            file,
                            start,
                            &project_files,
                        ));
                    }
                    let import_count = fixes.len();
                    fixes.extend(gradus_ide::ignore_comment_fix(&snap.db, file, start, &code));
                    for (i, fix) in fixes.into_iter().enumerate() {
                        let edits = fix
                            .edits
                            .iter()
                            .map(|e| TextEdit::new(lines.range(e.range), e.new_text.clone()))
                            .collect();
                        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: fix.title,
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![diagnostic.clone()]),
                            edit: Some(WorkspaceEdit {
                                changes: Some(HashMap::from([(uri.clone(), edits)])),
                                ..WorkspaceEdit::default()
                            }),
                            is_preferred: (i == 0 && import_count > 0).then_some(true),
                            ..CodeAction::default()
                        }));
                    }
                }
                (!actions.is_empty()).then_some(actions)
            })
        })
        .await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        // `gradus.debug.documentText`: what the server holds for a document.
        if params.command == "gradus.debug.documentText" {
            let uri = params
                .arguments
                .first()
                .and_then(|u| u.as_str())
                .and_then(|u| Url::parse(u).ok())
                .ok_or_else(|| Error::invalid_params("expected a document URI"))?;
            return Ok(Some(match self.document_text(uri).await {
                Some((version, text)) => serde_json::json!({"version": version, "text": text}),
                None => serde_json::Value::Null,
            }));
        }
        Err(Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )))
    }
}

fn to_document_symbol(lines: &TextLines, symbol: &gradus_ide::Symbol) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: lines.range(symbol.range),
        selection_range: lines.range(symbol.selection_range),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .iter()
                .map(|c| to_document_symbol(lines, c))
                .collect()
        }),
    }
}

pub(crate) fn symbol_kind(kind: gradus_ide::SymbolKind) -> SymbolKind {
    match kind {
        gradus_ide::SymbolKind::Class => SymbolKind::CLASS,
        gradus_ide::SymbolKind::Function => SymbolKind::FUNCTION,
        gradus_ide::SymbolKind::Method => SymbolKind::METHOD,
        gradus_ide::SymbolKind::Variable => SymbolKind::VARIABLE,
        gradus_ide::SymbolKind::Constant => SymbolKind::CONSTANT,
        gradus_ide::SymbolKind::TypeAlias => SymbolKind::TYPE_PARAMETER,
    }
}

fn completion_kind(kind: gradus_ide::CompletionKind) -> CompletionItemKind {
    match kind {
        gradus_ide::CompletionKind::Module => CompletionItemKind::MODULE,
        gradus_ide::CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        gradus_ide::CompletionKind::Class => CompletionItemKind::CLASS,
        gradus_ide::CompletionKind::Function => CompletionItemKind::FUNCTION,
        gradus_ide::CompletionKind::Method => CompletionItemKind::METHOD,
        gradus_ide::CompletionKind::Property => CompletionItemKind::PROPERTY,
        gradus_ide::CompletionKind::Parameter => CompletionItemKind::VARIABLE,
        gradus_ide::CompletionKind::Variable => CompletionItemKind::VARIABLE,
    }
}
