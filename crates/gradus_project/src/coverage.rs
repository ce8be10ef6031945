//! `gradus coverage`: the typed-coverage report, per module and in total.
//!
//! ```text
//! module           expressions            annotations
//! app/main.py      118/130   90.8%        14/16   87.5%
//! total            ...
//! ```

use std::fmt::Write as _;
use std::path::Path;

use gradus_check::coverage::{file_coverage, Coverage};
use gradus_db::File;
use rayon::prelude::*;

use crate::output::display_path;
use crate::ProjectDatabase;

/// The coverage of each file (in path order) and the total.
#[derive(Debug, Clone, Default)]
pub struct CoverageReport {
    pub files: Vec<(String, Coverage)>,
    pub total: Coverage,
}

/// Computes the coverage of `files` in parallel.
pub fn coverage_report(db: &ProjectDatabase, files: &[File], cwd: &Path) -> CoverageReport {
    let handle = db.clone();
    let mut per_file: Vec<(String, Coverage)> = files
        .par_iter()
        .map_with(handle, |db, &file| {
            let coverage =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| file_coverage(db, file)))
                    .unwrap_or_default();
            (display_path(file.path(db), cwd), coverage)
        })
        .collect();
    per_file.sort_by(|a, b| a.0.cmp(&b.0));
    let mut total = Coverage::default();
    for (_, c) in &per_file {
        total.add(c);
    }
    CoverageReport {
        files: per_file,
        total,
    }
}

fn cell(part: usize, whole: usize, percent: f64) -> String {
    format!("{:>16} {:>6.1}%", format!("{part}/{whole}"), percent)
}

/// The report as a table.
pub fn render_table(report: &CoverageReport) -> String {
    let width = report
        .files
        .iter()
        .map(|(p, _)| p.len())
        .max()
        .unwrap_or(0)
        .max("module".len())
        .max("total".len());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:>24}  {:>24}",
        "module", "typed expressions", "annotated params+returns"
    );
    let line = |out: &mut String, name: &str, c: &Coverage| {
        let _ = writeln!(
            out,
            "{:<width$}  {}  {}",
            name,
            cell(c.known_expressions, c.expressions, c.expression_percent()),
            cell(
                c.annotated_parameters + c.annotated_returns,
                c.parameters + c.returns,
                c.annotation_percent()
            ),
        );
    };
    for (path, c) in &report.files {
        line(&mut out, path, c);
    }
    line(&mut out, "total", &report.total);
    out
}

fn coverage_json(c: &Coverage) -> serde_json::Value {
    serde_json::json!({
        "expressions": c.expressions,
        "known_expressions": c.known_expressions,
        "expression_percent": (c.expression_percent() * 10.0).round() / 10.0,
        "parameters": c.parameters,
        "annotated_parameters": c.annotated_parameters,
        "returns": c.returns,
        "annotated_returns": c.annotated_returns,
        "annotation_percent": (c.annotation_percent() * 10.0).round() / 10.0,
    })
}

/// The report as JSON.
pub fn render_json(report: &CoverageReport) -> String {
    let files: Vec<serde_json::Value> = report
        .files
        .iter()
        .map(|(path, c)| {
            let mut v = coverage_json(c);
            v["path"] = serde_json::Value::String(path.clone());
            v
        })
        .collect();
    let value = serde_json::json!({ "files": files, "total": coverage_json(&report.total) });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
