//! Suppression comments end to end on the `suppressions` fixture: every
//! form silences its error; unused ones are `unused-ignore-comment`
//! warnings (the case files in `tests/cases/suppressions.md` cover the
//! details).

mod common;

use common::{projects_dir, run};

#[test]
fn every_form_silences_and_unused_ones_warn() {
    assert_cli_snapshot!(run(&projects_dir().join("suppressions"), &["check"]));
}

#[test]
fn unused_ignore_comments_can_be_turned_off() {
    assert_cli_snapshot!(run(
        &projects_dir().join("suppressions"),
        &["check", "--ignore", "unused-ignore-comment"]
    ));
}

#[test]
fn whole_file_ignore_silences_everything_in_the_file() {
    assert_cli_snapshot!(run(
        &projects_dir().join("suppressions"),
        &["check", "whole_file.py"]
    ));
}
