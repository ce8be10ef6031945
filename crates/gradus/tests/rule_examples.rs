//! Every rule's documented example triggers the rule, and its fixed example
//! does not: `gradus explain` never shows an example that is wrong.

mod common;

use common::{run_raw, temp_project};

/// Rules whose example needs the type engine; remove a rule from here when
/// its example starts to trigger (the test below says so).
const PENDING: &[&str] = &[];

/// The codes `gradus check --output-format json` reports for `source`.
fn codes_for(source: &str) -> Vec<String> {
    let dir = temp_project(&[
        (
            "pyproject.toml",
            "[tool.gradus]\npython-version = \"3.12\"\n",
        ),
        ("example.py", source),
    ]);
    let out = run_raw(dir.path(), &["check", "--output-format", "json"], &[]);
    let value: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn examples_trigger_their_rule_and_fixes_do_not() {
    let explained = run_raw(&common::projects_dir(), &["rules"], &[]);
    let codes: Vec<&str> = explained
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(codes.contains(&"unresolved-import"));
    for code in codes {
        let doc = run_raw(&common::projects_dir(), &["explain", code], &[]).stdout;
        let (example, fixed) = examples(&doc);
        if example.is_empty() {
            continue;
        }
        let found = codes_for(&example);
        if PENDING.contains(&code) {
            assert!(
                !found.iter().any(|c| c == code),
                "{code} now triggers: remove it from PENDING"
            );
            continue;
        }
        assert!(
            found.iter().any(|c| c == code),
            "the example of {code} does not trigger it (found {found:?}):\n{example}"
        );
        if !fixed.is_empty() {
            let found = codes_for(&fixed);
            assert!(
                found.is_empty(),
                "the fixed example of {code} still reports {found:?}:\n{fixed}"
            );
        }
    }
}

/// The indented code blocks after `## Example` and after `## Fix`.
fn examples(doc: &str) -> (String, String) {
    let mut example = String::new();
    let mut fixed = String::new();
    let mut section = "";
    for line in doc.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            section = if title == "Example" {
                "example"
            } else if title == "Fix" {
                "fix"
            } else {
                ""
            };
            continue;
        }
        let target = match section {
            "example" => &mut example,
            "fix" => &mut fixed,
            _ => continue,
        };
        if let Some(code) = line.strip_prefix("    ") {
            target.push_str(code);
            target.push('\n');
        }
    }
    (example, fixed)
}
