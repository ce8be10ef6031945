//! `gradus rules` and `gradus explain RULE`.

mod common;

use common::{projects_dir, run};

#[test]
fn rules_lists_every_rule() {
    assert_cli_snapshot!(run(&projects_dir(), &["rules"]));
}

#[test]
fn explain_prints_the_rule_doc() {
    assert_cli_snapshot!(run(&projects_dir(), &["explain", "unresolved-import"]));
}

#[test]
fn explain_a_rule_comments_cannot_suppress() {
    assert_cli_snapshot!(run(&projects_dir(), &["explain", "invalid-syntax"]));
}

#[test]
fn explain_accepts_mypy_codes() {
    assert_cli_snapshot!(run(&projects_dir(), &["explain", "import-not-found"]));
}

#[test]
fn explain_unknown_rule_exits_2() {
    assert_cli_snapshot!(run(&projects_dir(), &["explain", "no-such-rule"]));
}
