//! Rendering diagnostics for people and machines.
//!
//! The default `concise` format is one line per diagnostic, the shape every
//! editor's "problem matcher" and the conformance tools understand:
//!
//! ```text
//! src/app.py:3:8: error[unresolved-import]: Cannot resolve imported module `foo` ...
//! Found 1 error in 1 file (checked 4 files)
//! ```

use std::fmt::Write as _;
use std::path::Path;

use gradus_db::{line_index, source_text, Db, Diagnostic, File, FilePath, Severity};

use crate::CheckResult;

/// Where a diagnostic is: display path and one-based line and column
/// (columns count code points, as editors show them).
pub fn diagnostic_location(
    db: &dyn Db,
    file: File,
    offset: gradus_syntax::TextSize,
    cwd: &Path,
) -> (String, u32, u32) {
    let path = display_path(file.path(db), cwd);
    let text = &source_text(db, file).text;
    let pos = line_index(db, file).line_col_chars(offset, text);
    (path, pos.line + 1, pos.col + 1)
}

/// A path relative to `cwd` when below it, with `/` separators.
pub fn display_path(path: &FilePath, cwd: &Path) -> String {
    match path {
        FilePath::System(p) => {
            let rel = p.strip_prefix(cwd).unwrap_or(p);
            rel.to_string_lossy().replace('\\', "/")
        }
        FilePath::Vendored(_) => path.display(),
    }
}

/// One line: `path:line:col: severity[code]: message`.
pub fn render_concise(db: &dyn Db, diagnostic: &Diagnostic, cwd: &Path) -> String {
    let (path, line, col) = diagnostic_location(db, diagnostic.file, diagnostic.range.start(), cwd);
    format!(
        "{path}:{line}:{col}: {}[{}]: {}",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message.replace('\n', " ")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The summary line: `Found 2 errors in 1 file (checked 3 files)` or
/// `All checks passed (checked 3 files)`.
pub fn summary_line(db: &dyn Db, result: &CheckResult) -> String {
    let errors = result.count(Severity::Error);
    let warnings = result.count(Severity::Warning);
    let checked = plural(result.checked_files, "file");
    if errors == 0 && warnings == 0 {
        return format!("All checks passed (checked {checked})");
    }
    let mut files: Vec<&FilePath> = result
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| d.file.path(db))
        .collect();
    files.sort();
    files.dedup();
    let mut counts = String::new();
    match (errors, warnings) {
        (e, 0) => counts.push_str(&plural(e, "error")),
        (0, w) => counts.push_str(&plural(w, "warning")),
        (e, w) => {
            let _ = write!(
                counts,
                "{} and {}",
                plural(e, "error"),
                plural(w, "warning")
            );
        }
    }
    format!(
        "Found {counts} in {} (checked {checked})",
        plural(files.len(), "file")
    )
}

/// The whole concise report: one line per diagnostic, then the summary.
pub fn render_concise_report(db: &dyn Db, result: &CheckResult, cwd: &Path) -> String {
    let mut out = String::new();
    for d in &result.diagnostics {
        out.push_str(&render_concise(db, d, cwd));
        out.push('\n');
    }
    out.push_str(&summary_line(db, result));
    out.push('\n');
    out
}
