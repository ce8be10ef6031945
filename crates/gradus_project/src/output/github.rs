//! `github`: GitHub Actions workflow commands, which the Actions UI shows as
//! annotations on the pull request's diff, then the plain summary line.
//!
//! ```text
//! ::error file=app.py,line=1,col=8,endLine=1,endColumn=15,title=gradus (unresolved-import)::Cannot resolve ...
//! ```

use std::fmt::Write as _;

use gradus_db::{Db, Severity};

use super::{diagnostic_span, display_path, summary_line, ReportOptions};
use crate::CheckResult;

/// Escapes a command's message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn render(db: &dyn Db, result: &CheckResult, options: &ReportOptions) -> String {
    let mut out = String::new();
    for d in &result.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let ((line, col), (end_line, end_col)) = diagnostic_span(db, d);
        let path = display_path(d.file.path(db), options.cwd);
        let _ = writeln!(
            out,
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&path),
            escape_property(&format!("gradus ({})", d.code)),
            escape_data(&format!("{}: {}", d.code, d.message)),
        );
    }
    out.push_str(&summary_line(db, result));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("100% a\nb\r"), "100%25 a%0Ab%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
