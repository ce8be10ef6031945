//! `gitlab`: a GitLab code quality report (a JSON array of issues in the
//! Code Climate subset GitLab reads), for `artifacts:reports:codequality`.

use gradus_db::{Db, Severity};
use serde::Serialize;

use super::{diagnostic_span, display_path, ReportOptions};
use crate::baseline::fingerprints;
use crate::CheckResult;

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

pub(super) fn render(db: &dyn Db, result: &CheckResult, options: &ReportOptions) -> String {
    let prints = fingerprints(db, options.root, &result.diagnostics);
    let issues: Vec<Issue> = result
        .diagnostics
        .iter()
        .zip(prints)
        .map(|(d, fingerprint)| {
            let ((begin, _), (end, _)) = diagnostic_span(db, d);
            Issue {
                description: format!("{}: {}", d.code, d.message),
                check_name: d.code,
                fingerprint,
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: Location {
                    path: display_path(d.file.path(db), options.cwd),
                    lines: Lines { begin, end },
                },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).expect("issues serialize");
    out.push('\n');
    out
}
