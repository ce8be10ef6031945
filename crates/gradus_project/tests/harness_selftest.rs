//! Tests of the case-file harness itself: assertion parsing and matching.

mod case_harness;

use case_harness::{parse_assertions, AssertionKind};

#[test]
fn parses_all_assertion_forms() {
    let text = "x = 1  # E: [invalid-syntax] \"bad\" # E?: [foo]\ny = '# E: [not-a-comment]'\n# E: [next-line]\nz = 2\nreveal_type(z)  # revealed: int\nw  # E?\n";
    let asserts = parse_assertions(text).unwrap();
    let kinds: Vec<_> = asserts.iter().map(|a| (a.line, a.kind.clone())).collect();
    assert_eq!(
        kinds,
        vec![
            (
                1,
                AssertionKind::Error {
                    code: Some("invalid-syntax".into()),
                    message: Some("bad".into())
                }
            ),
            (
                1,
                AssertionKind::MaybeError {
                    code: Some("foo".into()),
                    message: None
                }
            ),
            (
                4,
                AssertionKind::Error {
                    code: Some("next-line".into()),
                    message: None
                }
            ),
            (5, AssertionKind::Revealed("int".into())),
            (
                6,
                AssertionKind::MaybeError {
                    code: None,
                    message: None
                }
            ),
        ]
    );
}

#[test]
fn triple_quoted_strings_hide_hashes() {
    let text = "s = \"\"\"\n# E: [hidden]\n\"\"\"\n";
    assert!(parse_assertions(text).unwrap().is_empty());
}

#[test]
fn bad_assertion_is_an_error() {
    assert!(parse_assertions("x  # E: [unclosed\n").is_err());
}
