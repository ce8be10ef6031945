//! Exit codes: 0 clean (warnings do not fail), 1 errors, 2 usage,
//! configuration or I/O errors, 101 a crash of Gradus itself;
//! `--exit-zero` and `--error-on-warning`.

mod common;

use common::{projects_dir, run, run_raw};

#[test]
fn clean_exits_0() {
    let out = run_raw(&projects_dir().join("clean"), &["check"], &[]);
    assert_eq!(out.code, Some(0));
}

#[test]
fn errors_exit_1() {
    let out = run_raw(&projects_dir().join("mixed"), &["check"], &[]);
    assert_eq!(out.code, Some(1));
}

#[test]
fn exit_zero_turns_errors_into_0() {
    assert_cli_snapshot!(run(
        &projects_dir().join("mixed"),
        &["check", "--exit-zero"]
    ));
}

#[test]
fn warnings_alone_exit_0() {
    // Every diagnostic of this fixture is an `unused-ignore-comment` warning.
    assert_cli_snapshot!(run(&projects_dir().join("suppressions"), &["check"]));
}

#[test]
fn error_on_warning_makes_warnings_fail() {
    let out = run_raw(
        &projects_dir().join("suppressions"),
        &["check", "--error-on-warning"],
        &[],
    );
    assert_eq!(out.code, Some(1));
    let out = run_raw(
        &projects_dir().join("suppressions"),
        &["check", "--error-on-warning", "--exit-zero"],
        &[],
    );
    assert_eq!(out.code, Some(0));
}

#[test]
fn bad_config_exits_2() {
    let out = run_raw(&projects_dir().join("bad_config"), &["check"], &[]);
    assert_eq!(out.code, Some(2));
}

#[test]
fn unknown_rule_on_the_command_line_exits_2() {
    assert_cli_snapshot!(run(
        &projects_dir().join("clean"),
        &["check", "--warn", "unresolvd-import"]
    ));
}

#[test]
fn missing_baseline_exits_2() {
    assert_cli_snapshot!(run(
        &projects_dir().join("clean"),
        &["check", "--baseline", "no-such-baseline.json"]
    ));
}

#[test]
fn unwritable_output_file_exits_2() {
    let out = run_raw(
        &projects_dir().join("clean"),
        &["check", "--output-file", "no/such/dir/report.txt"],
        &[],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot write the report"),
        "{}",
        out.stderr
    );
}

#[test]
fn update_baseline_requires_baseline() {
    let out = run_raw(
        &projects_dir().join("clean"),
        &["check", "--update-baseline"],
        &[],
    );
    assert_eq!(out.code, Some(2));
}

#[test]
fn watch_rejects_machine_formats() {
    let out = run_raw(
        &projects_dir().join("clean"),
        &["check", "--watch", "--output-format", "json"],
        &[],
    );
    assert_eq!(out.code, Some(2));
    assert!(out
        .stderr
        .contains("`--watch` prints the `concise` or `full` format"));
}

#[test]
fn a_crash_of_gradus_exits_101() {
    let out = run_raw(
        &projects_dir().join("clean"),
        &["check"],
        &[("GRADUS_DEBUG_CRASH", "1")],
    );
    assert_eq!(out.code, Some(101));
    assert!(
        out.stderr
            .contains("gradus: internal error: the checker crashed; please report this"),
        "{}",
        out.stderr
    );
}
