//! A file's diagnostics as LSP diagnostics: the checker's `check_file`, the
//! project's rule levels, UTF-16 ranges, codes.

use std::panic::{catch_unwind, AssertUnwindSafe};

use gradus_db::{line_index, salsa, source_text, Db, File, Severity};
use gradus_project::{ProjectDatabase, ProjectSettings};
use gradus_syntax::TextRange;
use tower_lsp::lsp_types::{self as lsp, DiagnosticSeverity, NumberOrString};

use crate::convert::TextLines;

/// The `source` of our diagnostics.
pub(crate) const SOURCE: &str = "gradus";

/// The diagnostics of `file`, as `gradus check` reports them. A panic while
/// checking becomes an `internal-error` diagnostic; salsa cancellation is
/// re-raised (the caller drops the stale result).
pub(crate) fn file_diagnostics(
    db: &ProjectDatabase,
    settings: &ProjectSettings,
    file: File,
) -> Vec<lsp::Diagnostic> {
    let checked = catch_unwind(AssertUnwindSafe(|| {
        gradus_check::check_file(db, file).clone()
    }));
    let diagnostics = match checked {
        Ok(diagnostics) => settings.apply_rule_levels(db, diagnostics),
        Err(payload) => {
            if payload.is::<salsa::Cancelled>() {
                std::panic::resume_unwind(payload);
            }
            vec![gradus_db::Diagnostic::error(
                file,
                TextRange::default(),
                gradus_check::rules::INTERNAL_ERROR.code,
                format!(
                    "Gradus crashed while checking this file: {}",
                    panic_message(&payload)
                ),
            )]
        }
    };
    let text = &source_text(db, file).text;
    let index = line_index(db, file);
    let lines = TextLines { text, index };
    diagnostics
        .iter()
        .map(|d| to_lsp(&lines, d.range, d.severity, d.code, &d.message))
        .collect()
}

fn to_lsp(
    lines: &TextLines,
    range: TextRange,
    severity: Severity,
    code: &str,
    message: &str,
) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: lines.range(range),
        severity: Some(match severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(code.to_owned())),
        code_description: None,
        source: Some(SOURCE.to_owned()),
        message: message.to_owned(),
        related_information: None,
        tags: tags_for(code),
        data: None,
    }
}

/// `unnecessary`/`deprecated` tags by rule. No rule of today has one; rules
/// such as `unused-ignore-comment` or `deprecated` add themselves here.
fn tags_for(code: &str) -> Option<Vec<lsp::DiagnosticTag>> {
    match code {
        "unused-ignore-comment" | "unreachable-code" => Some(vec![lsp::DiagnosticTag::UNNECESSARY]),
        "deprecated" => Some(vec![lsp::DiagnosticTag::DEPRECATED]),
        _ => None,
    }
}

/// The message of a panic payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Whether a database handle may be read (not a `Db` method, for brevity).
pub(crate) fn file_for_path(db: &dyn Db, path: &std::path::Path) -> Option<File> {
    gradus_db::system_path_to_file(db, path)
}
