//! Snapshot tests of `gradus check`: output and exit codes on the fixture
//! projects in `tests/projects/`.

mod common;

use common::{projects_dir, run};

#[test]
fn mixed_project_reports_one_diagnostic_per_problem() {
    assert_cli_snapshot!(run(&projects_dir().join("mixed"), &["check"]));
}

#[test]
fn explicit_file_paths_are_checked_alone() {
    assert_cli_snapshot!(run(
        &projects_dir().join("mixed"),
        &["check", "unresolved.py", "clean.py"]
    ));
}

#[test]
fn clean_project_prints_only_the_summary() {
    assert_cli_snapshot!(run(&projects_dir().join("clean"), &["check"]));
}

#[test]
fn demo_project_is_clean() {
    assert_cli_snapshot!(run(&projects_dir(), &["check", "demo"]));
}

#[test]
fn malformed_config_names_file_key_and_line() {
    assert_cli_snapshot!(run(&projects_dir().join("bad_config"), &["check"]));
}

#[test]
fn missing_path_is_a_usage_error() {
    assert_cli_snapshot!(run(&projects_dir().join("clean"), &["check", "nope.py"]));
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

/// Without a configuration file, the current directory is the project:
/// `gradus check app` checks the package `app`, whose relative imports
/// resolve (and the call with a wrong argument is still found).
#[test]
fn a_package_given_by_relative_path_keeps_its_relative_imports() {
    assert_cli_snapshot!(run(&projects_dir().join("packages"), &["check", "app"]));
}
