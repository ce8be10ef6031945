//! Snapshot tests of `gradus check`: output and exit codes on the fixture
//! projects in `tests/projects/`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn projects_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/projects")
        .canonicalize()
        .unwrap()
}

/// Runs `gradus ARGS` in `dir` and renders exit code, stdout and stderr, with
/// the machine-specific fixture path replaced by `[PROJECTS]`.
fn run(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .current_dir(dir)
        .env_remove("VIRTUAL_ENV")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let root = projects_dir().display().to_string();
    let clean = |s: &[u8]| String::from_utf8_lossy(s).replace(&root, "[PROJECTS]");
    format!(
        "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        clean(&output.stdout),
        clean(&output.stderr)
    )
}

#[test]
fn mixed_project_reports_one_diagnostic_per_problem() {
    insta::assert_snapshot!(run(&projects_dir().join("mixed"), &["check"]));
}

#[test]
fn explicit_file_paths_are_checked_alone() {
    insta::assert_snapshot!(run(
        &projects_dir().join("mixed"),
        &["check", "unresolved.py", "clean.py"]
    ));
}

#[test]
fn clean_project_prints_only_the_summary() {
    insta::assert_snapshot!(run(&projects_dir().join("clean"), &["check"]));
}

#[test]
fn demo_project_is_clean() {
    insta::assert_snapshot!(run(&projects_dir(), &["check", "demo"]));
}

#[test]
fn malformed_config_names_file_key_and_line() {
    insta::assert_snapshot!(run(&projects_dir().join("bad_config"), &["check"]));
}

#[test]
fn missing_path_is_a_usage_error() {
    insta::assert_snapshot!(run(&projects_dir().join("clean"), &["check", "nope.py"]));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let out = run(&projects_dir().join("clean"), &["check", "--no-such-flag"]);
    assert!(out.starts_with("exit code: 2\n"), "{out}");
}

#[test]
fn version_flag_prints_the_version() {
    let out = run(&projects_dir(), &["--version"]);
    assert_eq!(
        out,
        format!(
            "exit code: 0\n----- stdout -----\ngradus {}\n----- stderr -----\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}
