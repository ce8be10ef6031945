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
        code_description: rule_doc_uri(code).map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: message.to_owned(),
        related_information: None,
        tags: tags_for(code),
        data: None,
    }
}

/// The documentation of a rule as a link an editor can open: the text of
/// `gradus explain CODE`, written once per process into
/// `$TMPDIR/gradus-VERSION-docs/rules/CODE.md` (the server is offline and
/// has no web docs to point to; like the embedded stubs, the docs travel in
/// the binary). `None` for unknown codes or when the file cannot be
/// written.
pub(crate) fn rule_doc_uri(code: &str) -> Option<lsp::Url> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Option<lsp::Url>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(uri) = cache.get(code) {
        return uri.clone();
    }
    let uri = write_rule_doc(code);
    cache.insert(code.to_owned(), uri.clone());
    uri
}

fn write_rule_doc(code: &str) -> Option<lsp::Url> {
    let rule = gradus_check::rules::rule_by_code(code)?;
    let dir = std::env::temp_dir()
        .join(format!("gradus-{}-docs", env!("CARGO_PKG_VERSION")))
        .join("rules");
    let target = dir.join(format!("{code}.md"));
    let text = format!("# `{code}`\n\n{}", gradus_project::explain_rule(&rule));
    if std::fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
        std::fs::create_dir_all(&dir).ok()?;
        // Write then rename: a concurrent reader never sees half a file.
        let partial = target.with_extension(format!("md.{}", std::process::id()));
        std::fs::write(&partial, &text).ok()?;
        std::fs::rename(&partial, &target).ok()?;
    }
    crate::convert::path_to_uri(&target)
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

#[cfg(test)]
mod tests {
    #[test]
    fn rule_docs_are_linked_files() {
        let uri = super::rule_doc_uri("unresolved-import").expect("a link");
        let path = uri.to_file_path().unwrap();
        assert!(path.ends_with("rules/unresolved-import.md"));
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.starts_with("# `unresolved-import`"), "{text}");
        assert!(super::rule_doc_uri("no-such-rule").is_none());
    }
}
