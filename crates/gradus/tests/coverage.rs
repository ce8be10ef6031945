//! `gradus coverage`: the typed-coverage report and its `--fail-under` gate.

use std::path::{Path, PathBuf};
use std::process::Command;

fn projects_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/projects")
        .canonicalize()
        .unwrap()
}

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .current_dir(projects_dir())
        .env_remove("VIRTUAL_ENV")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    format!(
        "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn coverage_of_the_demo_as_a_table() {
    insta::assert_snapshot!(run(&["coverage", "demo"]));
}

#[test]
fn coverage_of_the_demo_as_json() {
    insta::assert_snapshot!(run(&["coverage", "demo", "--output-format", "json"]));
}

#[test]
fn fail_under_gates_on_typed_expressions() {
    let out = run(&["coverage", "demo", "--fail-under", "101"]);
    assert!(out.starts_with("exit code: 1\n"), "{out}");
    assert!(out.contains("is below --fail-under 101%"), "{out}");
    let out = run(&["coverage", "demo", "--fail-under", "50"]);
    assert!(out.starts_with("exit code: 0\n"), "{out}");
}

#[test]
fn unannotated_code_lowers_both_shares() {
    insta::assert_snapshot!(run(&[
        "coverage",
        "mixed/clean.py",
        "mixed/pkg/util.py",
        "mixed/unresolved.py"
    ]));
}
