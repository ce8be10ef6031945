//! The type-based language features as LSP replies: each function takes a
//! snapshot (run on a blocking thread by `Backend::read`) and converts
//! `gradus_ide`'s byte offsets to UTF-16 positions with the file's
//! `LineIndex`.
//!
//! ```text
//! textDocument/rename ─► Backend::read ─► features::rename(snapshot, pos, name)
//!                                          └► gradus_ide::rename (offsets) ─► WorkspaceEdit (UTF-16)
//! ```

use std::collections::HashMap;

use gradus_db::{line_index, source_text, File};
use gradus_project::ProjectDatabase;
use tower_lsp::jsonrpc::{Error, ErrorCode};
use tower_lsp::lsp_types::*;

use crate::convert::{path_to_uri, TextLines};
use crate::state::Snapshot;

/// Text and line index of a file.
pub(crate) fn with_lines<R>(
    db: &ProjectDatabase,
    file: File,
    f: impl FnOnce(&TextLines) -> R,
) -> R {
    let text = &source_text(db, file).text;
    let index = line_index(db, file);
    f(&TextLines { text, index })
}

/// The URI of a file: system files directly, embedded stubs through the
/// on-disk cache.
pub(crate) fn file_uri(db: &ProjectDatabase, file: File) -> Option<Url> {
    match file.path(db) {
        gradus_db::FilePath::System(p) => path_to_uri(p),
        gradus_db::FilePath::Vendored(p) => crate::backend::materialize_vendored(db, p),
    }
}

pub(crate) fn location(
    db: &ProjectDatabase,
    file: File,
    range: gradus_syntax::TextRange,
) -> Option<Location> {
    let uri = file_uri(db, file)?;
    let range = with_lines(db, file, |lines| lines.range(range));
    Some(Location::new(uri, range))
}

/// The token types and modifiers of [`semantic_tokens`], in legend order.
pub(crate) fn semantic_tokens_legend() -> SemanticTokensLegend {
    let types = gradus_ide::TokenType::ALL
        .iter()
        .map(|t| match t {
            gradus_ide::TokenType::Namespace => SemanticTokenType::NAMESPACE,
            gradus_ide::TokenType::Class => SemanticTokenType::CLASS,
            gradus_ide::TokenType::Function => SemanticTokenType::FUNCTION,
            gradus_ide::TokenType::Method => SemanticTokenType::METHOD,
            gradus_ide::TokenType::Parameter => SemanticTokenType::PARAMETER,
            gradus_ide::TokenType::Variable => SemanticTokenType::VARIABLE,
            gradus_ide::TokenType::Property => SemanticTokenType::PROPERTY,
            gradus_ide::TokenType::TypeParameter => SemanticTokenType::TYPE_PARAMETER,
        })
        .collect();
    SemanticTokensLegend {
        token_types: types,
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DEFAULT_LIBRARY,
        ],
    }
}

/// `textDocument/semanticTokens/full`: relative encoding, UTF-16 columns.
pub(crate) fn semantic_tokens(snap: &Snapshot) -> Option<SemanticTokensResult> {
    let file = snap.file?;
    let tokens = gradus_ide::semantic_tokens(&snap.db, file);
    let data = with_lines(&snap.db, file, |lines| {
        let mut data = Vec::with_capacity(tokens.len());
        let (mut prev_line, mut prev_col) = (0u32, 0u32);
        for token in &tokens {
            let range = lines.range(token.range);
            if range.start.line != range.end.line {
                continue;
            }
            let delta_line = range.start.line - prev_line;
            let delta_start = if delta_line == 0 {
                range.start.character - prev_col
            } else {
                range.start.character
            };
            let token_type = gradus_ide::TokenType::ALL
                .iter()
                .position(|t| *t == token.kind)
                .unwrap_or(0) as u32;
            let modifiers = u32::from(token.definition) | (u32::from(token.builtin) << 1);
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: range.end.character - range.start.character,
                token_type,
                token_modifiers_bitset: modifiers,
            });
            prev_line = range.start.line;
            prev_col = range.start.character;
        }
        data
    });
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    }))
}

/// `textDocument/inlayHint` for `range`, honouring the settings.
pub(crate) fn inlay_hints(snap: &Snapshot, range: Range) -> Option<Vec<InlayHint>> {
    let file = snap.file?;
    let options = gradus_ide::InlayHintOptions {
        variable_types: snap.options.inlay_variable_types,
        return_types: snap.options.inlay_return_types,
    };
    if !options.variable_types && !options.return_types {
        return Some(Vec::new());
    }
    with_lines(&snap.db, file, |lines| {
        let range =
            gradus_syntax::TextRange::new(lines.offset(range.start), lines.offset(range.end));
        Some(
            gradus_ide::inlay_hints(&snap.db, file, range, options)
                .into_iter()
                .map(|hint| InlayHint {
                    position: lines.position(hint.offset),
                    label: InlayHintLabel::String(hint.label),
                    kind: Some(InlayHintKind::TYPE),
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: None,
                    data: None,
                })
                .collect(),
        )
    })
}

/// `textDocument/signatureHelp`.
pub(crate) fn signature_help(snap: &Snapshot, position: Position) -> Option<SignatureHelp> {
    let file = snap.file?;
    let offset = with_lines(&snap.db, file, |l| l.offset(position));
    let help = gradus_ide::signature_help(&snap.db, file, offset)?;
    let utf16 =
        |label: &str, byte: usize| label[..byte.min(label.len())].encode_utf16().count() as u32;
    let signatures: Vec<SignatureInformation> = help
        .signatures
        .iter()
        .map(|s| SignatureInformation {
            label: s.label.clone(),
            documentation: s.documentation.clone().map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::PlainText,
                    value: d,
                })
            }),
            parameters: Some(
                s.parameters
                    .iter()
                    .map(|&(start, end)| ParameterInformation {
                        label: ParameterLabel::LabelOffsets([
                            utf16(&s.label, start),
                            utf16(&s.label, end),
                        ]),
                        documentation: None,
                    })
                    .collect(),
            ),
            active_parameter: Some(s.active_parameter.map_or(u32::MAX, |p| p as u32)),
        })
        .collect();
    let active_parameter = help
        .signatures
        .get(help.active_signature)
        .and_then(|s| s.active_parameter)
        .map(|p| p as u32);
    Some(SignatureHelp {
        signatures,
        active_signature: Some(help.active_signature as u32),
        active_parameter,
    })
}

/// `textDocument/references`.
pub(crate) fn references(
    snap: &Snapshot,
    position: Position,
    include_declaration: bool,
) -> Option<Vec<Location>> {
    let file = snap.file?;
    let offset = with_lines(&snap.db, file, |l| l.offset(position));
    let files = snap.files();
    let refs = gradus_ide::references(&snap.db, file, offset, &files, include_declaration);
    let locations: Vec<Location> = refs
        .iter()
        .filter_map(|r| location(&snap.db, r.file, r.range))
        .collect();
    (!locations.is_empty()).then_some(locations)
}

fn rename_error(err: gradus_ide::RenameError) -> Error {
    Error {
        code: ErrorCode::InvalidRequest,
        message: err.0.into(),
        data: None,
    }
}

/// `textDocument/prepareRename`: the identifier's range, or an error that
/// says why it cannot be renamed.
pub(crate) fn prepare_rename(
    snap: &Snapshot,
    position: Position,
) -> Result<Option<PrepareRenameResponse>, Error> {
    let Some(file) = snap.file else {
        return Ok(None);
    };
    with_lines(&snap.db, file, |lines| {
        let offset = lines.offset(position);
        let range = gradus_ide::prepare_rename(&snap.db, file, offset).map_err(rename_error)?;
        Ok(Some(PrepareRenameResponse::Range(lines.range(range))))
    })
}

/// `textDocument/rename`: one edit per reference, across files.
pub(crate) fn rename(
    snap: &Snapshot,
    position: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, Error> {
    let Some(file) = snap.file else {
        return Ok(None);
    };
    let offset = with_lines(&snap.db, file, |l| l.offset(position));
    let files = snap.files();
    let edits =
        gradus_ide::rename(&snap.db, file, offset, new_name, &files).map_err(rename_error)?;
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for (f, range) in edits {
        let Some(location) = location(&snap.db, f, range) else {
            continue;
        };
        changes
            .entry(location.uri)
            .or_default()
            .push(TextEdit::new(location.range, new_name.to_owned()));
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

/// `workspace/symbol` over every project's files.
pub(crate) fn workspace_symbols(snaps: &[Snapshot], query: &str) -> Vec<SymbolInformation> {
    const LIMIT: usize = 256;
    let mut out = Vec::new();
    for snap in snaps {
        let files = snap.files();
        for symbol in gradus_ide::workspace_symbols(&snap.db, &files, query, LIMIT) {
            let Some(location) = location(&snap.db, symbol.file, symbol.selection_range) else {
                continue;
            };
            #[allow(deprecated)]
            out.push(SymbolInformation {
                name: symbol.name,
                kind: crate::backend::symbol_kind(symbol.kind),
                tags: None,
                deprecated: None,
                location,
                container_name: symbol.container,
            });
        }
    }
    out.truncate(LIMIT);
    out
}

/// `textDocument/typeDefinition`.
pub(crate) fn type_definition(snap: &Snapshot, position: Position) -> Option<Vec<Location>> {
    let file = snap.file?;
    let offset = with_lines(&snap.db, file, |l| l.offset(position));
    let locations: Vec<Location> = gradus_ide::goto_type_definition(&snap.db, file, offset)
        .iter()
        .filter_map(|t| location(&snap.db, t.file, t.focus_range))
        .collect();
    (!locations.is_empty()).then_some(locations)
}
