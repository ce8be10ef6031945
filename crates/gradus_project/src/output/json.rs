//! `json`: an array of diagnostics, sorted like the concise output.
//!
//! ```json
//! [
//!   {
//!     "path": "app.py",
//!     "code": "unresolved-import",
//!     "severity": "error",
//!     "message": "Cannot resolve imported module `missing` ...",
//!     "location": { "line": 1, "column": 8 },
//!     "end_location": { "line": 1, "column": 15 }
//!   }
//! ]
//! ```
//!
//! Lines and columns are one-based; columns count code points.

use gradus_db::Db;
use serde::Serialize;

use super::{diagnostic_span, display_path, ReportOptions};
use crate::CheckResult;

#[derive(Serialize)]
struct Location {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    location: Location,
    end_location: Location,
}

pub(super) fn render(db: &dyn Db, result: &CheckResult, options: &ReportOptions) -> String {
    let items: Vec<JsonDiagnostic> = result
        .diagnostics
        .iter()
        .map(|d| {
            let ((line, column), (end_line, end_column)) = diagnostic_span(db, d);
            JsonDiagnostic {
                path: display_path(d.file.path(db), options.cwd),
                code: d.code,
                severity: d.severity.as_str(),
                message: &d.message,
                location: Location { line, column },
                end_location: Location {
                    line: end_line,
                    column: end_column,
                },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).expect("diagnostics serialize");
    out.push('\n');
    out
}
