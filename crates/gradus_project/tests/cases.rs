//! Runs the case files under `tests/cases/` (format: `tests/README.md`).

mod case_harness;

use std::path::Path;

fn run_case_file(path: &Path, contents: Vec<u8>) -> datatest_stable::Result<()> {
    let cases = case_harness::load_cases(path, &contents)?;
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(report) = case_harness::run_case(case) {
            failures.push(format!("case `{}`:\n{report}", case.name));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Box::new(CaseFailure(failures.join("\n"))))
    }
}

/// A failure report, printed as is (the harness prints errors with `Debug`).
struct CaseFailure(String);

impl std::fmt::Debug for CaseFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for CaseFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CaseFailure {}

datatest_stable::harness! {
    { test = run_case_file, root = "../../tests/cases", pattern = r".*\.(md|py|pyi)$" },
}
