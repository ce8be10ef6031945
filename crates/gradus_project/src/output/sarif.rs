//! `sarif`: SARIF 2.1.0 (the OASIS static-analysis interchange format that
//! GitHub code scanning and many IDEs read). One run; the rule table is the
//! whole registry, results point into it by `ruleIndex`; columns count code
//! points (`columnKind`), URIs are relative to `%SRCROOT%`, the directory
//! Gradus ran in.

use gradus_check::rules::{rules_sorted, Rule};
use gradus_db::{Db, Severity};
use serde_json::{json, Value};

use super::{diagnostic_span, display_path, ReportOptions};
use crate::baseline::fingerprints;
use crate::CheckResult;

/// Percent-encodes a relative path for a URI reference (RFC 3986: keep
/// unreserved characters and `/`).
fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    let mut help = format!("{}\n\n{}", rule.summary, rule.why);
    if !rule.fix.is_empty() {
        help.push_str("\n\nFix: ");
        help.push_str(rule.fix);
    }
    json!({
        "id": rule.code,
        "name": rule.code,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.why },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(rule.default_severity) },
    })
}

pub(super) fn render(db: &dyn Db, result: &CheckResult, options: &ReportOptions) -> String {
    let rules = rules_sorted();
    let prints = fingerprints(db, options.root, &result.diagnostics);
    let results: Vec<Value> = result
        .diagnostics
        .iter()
        .zip(prints)
        .map(|(d, fingerprint)| {
            let ((line, col), (end_line, end_col)) = diagnostic_span(db, d);
            let mut value = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": uri_path(&display_path(d.file.path(db), options.cwd)),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": {
                            "startLine": line,
                            "startColumn": col,
                            "endLine": end_line,
                            "endColumn": end_col,
                        },
                    },
                }],
                "partialFingerprints": { "gradus/v1": fingerprint },
            });
            if let Some(index) = rules.iter().position(|r| r.code == d.code) {
                value["ruleIndex"] = json!(index);
            }
            value
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "gradus",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(super::uri_path("src/a b/ü.py"), "src/a%20b/%C3%BC.py");
    }
}
