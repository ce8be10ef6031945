//! The baseline's round trip: write it, edit unrelated lines (still clean),
//! add an error (exit 1 naming only the new one), fix a recorded one (the
//! stale entry is reported), update it (it shrinks).

mod common;

use common::{render, run_raw, temp_project, write};

const BROKEN: &str =
    "import missing_one\nimport missing_two\n\n\ndef f() -> None:\n    import missing_one\n";

fn project() -> tempfile::TempDir {
    temp_project(&[
        (
            "pyproject.toml",
            "[tool.gradus]\npython-version = \"3.12\"\n",
        ),
        ("app.py", BROKEN),
        ("lib/util.py", "import missing_three\n"),
        ("clean.py", "import os\n"),
    ])
}

fn check(dir: &std::path::Path, extra: &[&str]) -> common::Output {
    let mut args = vec!["check", "--baseline", "baseline.json"];
    args.extend_from_slice(extra);
    // The site-packages of whatever Python is on PATH would leak into
    // messages: use an empty virtual environment.
    args.extend_from_slice(&["--python", ".venv"]);
    run_raw(dir, &args, &[])
}

fn venv(dir: &std::path::Path) {
    write(dir, ".venv/pyvenv.cfg", "home = /usr/bin\n");
    write(dir, ".venv/lib/python3.12/site-packages/.keep", "");
}

#[test]
fn baseline_round_trip() {
    let dir = project();
    let root = dir.path();
    venv(root);

    // Write the baseline: everything is recorded, the run is clean.
    let out = check(root, &["--update-baseline"]);
    assert_cli_snapshot!("1_update", render(&out));
    let baseline = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    assert_cli_snapshot!("1_baseline_file", baseline);

    // Unchanged project: clean, and the hidden count is reported.
    let out = check(root, &[]);
    assert_eq!(out.code, Some(0), "{}", render(&out));

    // Unrelated edits above the recorded diagnostics: still clean.
    write(
        root,
        "app.py",
        &format!("\"\"\"A docstring.\"\"\"\n\nimport os\n\n{BROKEN}"),
    );
    let out = check(root, &[]);
    assert_cli_snapshot!("2_unrelated_edit", render(&out));

    // A new error: exit 1, and only the new one is reported.
    write(
        root,
        "app.py",
        &format!("\"\"\"A docstring.\"\"\"\n\nimport os\nimport missing_new\n\n{BROKEN}"),
    );
    let out = check(root, &[]);
    assert_cli_snapshot!("3_new_error", render(&out));

    // Fix a recorded error: it is reported as stale.
    write(root, "lib/util.py", "import os\n");
    let out = check(root, &[]);
    assert_cli_snapshot!("4_stale_entry", render(&out));

    // Updating shrinks the baseline and records the new error; stable output.
    let out = check(root, &["--update-baseline"]);
    assert_eq!(out.code, Some(0), "{}", render(&out));
    let updated = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    assert_cli_snapshot!("5_updated_baseline_file", updated);
    let again = check(root, &["--update-baseline"]);
    assert_eq!(again.code, Some(0));
    assert_eq!(
        std::fs::read_to_string(root.join("baseline.json")).unwrap(),
        updated,
        "updating twice changes nothing"
    );
}

#[test]
fn updating_with_a_subset_of_files_keeps_the_other_entries() {
    let dir = project();
    let root = dir.path();
    venv(root);
    check(root, &["--update-baseline"]);
    let before = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    let out = run_raw(
        root,
        &[
            "check",
            "app.py",
            "--baseline",
            "baseline.json",
            "--update-baseline",
            "--python",
            ".venv",
        ],
        &[],
    );
    assert_eq!(out.code, Some(0), "{}", render(&out));
    let after = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_baseline_that_is_not_json_is_an_error() {
    let dir = project();
    venv(dir.path());
    write(dir.path(), "baseline.json", "not json");
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("is not a Gradus baseline"),
        "{}",
        out.stderr
    );
}
