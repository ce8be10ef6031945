//! Every `--output-format` on the `mixed` fixture, `--output-file` and
//! `--color`; the SARIF output is validated against a JSON schema and the
//! JUnit output is parsed back as XML.

mod common;

use common::{projects_dir, render, run, run_raw};

fn mixed() -> std::path::PathBuf {
    projects_dir().join("mixed")
}

#[test]
fn concise_is_the_default() {
    assert_cli_snapshot!(run(&mixed(), &["check", "--output-format", "concise"]));
}

#[test]
fn full_shows_a_code_frame() {
    assert_cli_snapshot!(run(&mixed(), &["check", "--output-format", "full"]));
}

#[test]
fn full_shows_the_fix_of_an_unused_suppression() {
    assert_cli_snapshot!(run(
        &projects_dir().join("suppressions"),
        &["check", "--output-format", "full", "forms.py"]
    ));
}

#[test]
fn json_is_an_array_of_diagnostics() {
    let output = run_raw(&mixed(), &["check", "--output-format", "json"], &[]);
    let value: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 2);
    assert_cli_snapshot!(render(&output));
}

#[test]
fn github_prints_workflow_commands() {
    let output = run_raw(&mixed(), &["check", "--output-format", "github"], &[]);
    for line in output.stdout.lines().filter(|l| l.starts_with("::")) {
        assert!(line.starts_with("::error file="), "{line}");
        assert!(line.contains(",line=") && line.contains(",col="), "{line}");
    }
    assert_cli_snapshot!(render(&output));
}

#[test]
fn gitlab_is_a_code_quality_report() {
    let output = run_raw(&mixed(), &["check", "--output-format", "gitlab"], &[]);
    let value: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    for issue in value.as_array().unwrap() {
        for key in [
            "description",
            "check_name",
            "fingerprint",
            "severity",
            "location",
        ] {
            assert!(issue.get(key).is_some(), "missing {key} in {issue}");
        }
        assert!(issue["location"]["lines"]["begin"].is_u64());
    }
    assert_cli_snapshot!(render(&output));
}

#[test]
fn junit_is_xml_with_one_failure_per_diagnostic() {
    let output = run_raw(&mixed(), &["check", "--output-format", "junit"], &[]);
    let summary = parse_junit(&output.stdout);
    assert_eq!(summary.root, "testsuites");
    assert_eq!(summary.suites, 2);
    assert_eq!(summary.testcases, 2);
    assert_eq!(summary.failures, 2);
    assert_eq!(summary.declared_failures, Some(2));
    assert_cli_snapshot!(render(&output));
}

#[test]
fn junit_of_a_clean_project_has_one_passing_test() {
    let output = run_raw(
        &projects_dir().join("clean"),
        &["check", "--output-format", "junit"],
        &[],
    );
    let summary = parse_junit(&output.stdout);
    assert_eq!((summary.testcases, summary.failures), (1, 0));
    assert_cli_snapshot!(render(&output));
}

#[test]
fn sarif_validates_against_the_schema() {
    let output = run_raw(&mixed(), &["check", "--output-format", "sarif"], &[]);
    let log: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    validate_sarif(&log);
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
    assert_cli_snapshot!(render(&output));
}

#[test]
fn sarif_of_a_clean_project_validates() {
    let output = run_raw(
        &projects_dir().join("clean"),
        &["check", "--output-format", "sarif"],
        &[],
    );
    let log: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    validate_sarif(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn sarif_schema_rejects_a_broken_log() {
    // The validator is not vacuous: a result without a message fails.
    let output = run_raw(&mixed(), &["check", "--output-format", "sarif"], &[]);
    let mut log: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!sarif_validator().is_valid(&log));
    log["version"] = serde_json::json!("2.0.0");
    assert!(!sarif_validator().is_valid(&log));
}

#[test]
fn output_file_gets_the_report_and_stdout_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let output = run_raw(
        &mixed(),
        &[
            "check",
            "--output-format",
            "json",
            "--output-file",
            report.to_str().unwrap(),
        ],
        &[],
    );
    let written = std::fs::read_to_string(&report).unwrap();
    let value: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 2);
    assert_cli_snapshot!(render(&output));
}

#[test]
fn unknown_format_is_a_usage_error() {
    let output = run_raw(&mixed(), &["check", "--output-format", "xml"], &[]);
    assert_eq!(output.code, Some(2));
    assert!(output
        .stderr
        .contains("concise, full, json, github, gitlab, junit, sarif"));
}

#[test]
fn color_always_styles_human_formats_only() {
    let concise = run_raw(&mixed(), &["check", "--color", "always"], &[]);
    assert!(concise.stdout.contains("\x1b["), "{}", concise.stdout);
    let full = run_raw(
        &mixed(),
        &["check", "--color", "always", "--output-format", "full"],
        &[],
    );
    assert!(full.stdout.contains("\x1b["), "{}", full.stdout);
    let json = run_raw(
        &mixed(),
        &["check", "--color", "always", "--output-format", "json"],
        &[],
    );
    assert!(!json.stdout.contains('\x1b'));
}

#[test]
fn color_auto_honours_no_color_and_a_pipe() {
    // `run_raw` sets NO_COLOR; stdout is a pipe either way.
    let auto = run_raw(&mixed(), &["check"], &[]);
    assert!(!auto.stdout.contains('\x1b'));
    let forced = run_raw(
        &mixed(),
        &["check"],
        &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")],
    );
    assert!(!forced.stdout.contains('\x1b') || forced.stdout.contains("\x1b["));
    let never = run_raw(
        &mixed(),
        &["check", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!never.stdout.contains('\x1b'));
}

/// What the JUnit output holds, read back with an XML parser.
struct JunitSummary {
    root: String,
    suites: usize,
    testcases: usize,
    failures: usize,
    declared_failures: Option<usize>,
}

fn parse_junit(xml: &str) -> JunitSummary {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut summary = JunitSummary {
        root: String::new(),
        suites: 0,
        testcases: 0,
        failures: 0,
        declared_failures: None,
    };
    let mut depth = 0;
    let mut stack: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                handle_element(&mut summary, &name, &e, depth, &stack);
                stack.push(name);
                depth += 1;
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                handle_element(&mut summary, &name, &e, depth, &stack);
            }
            Event::End(_) => {
                stack.pop();
                depth -= 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced XML");
    summary
}

fn handle_element(
    summary: &mut JunitSummary,
    name: &str,
    element: &quick_xml::events::BytesStart,
    depth: usize,
    stack: &[String],
) {
    let attribute = |key: &str| {
        element
            .attributes()
            .map(|a| a.unwrap())
            .find(|a| a.key.as_ref() == key)
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned()
            })
    };
    match name {
        _ if depth == 0 => {
            summary.root = name.to_owned();
            summary.declared_failures = attribute("failures").map(|f| f.parse().unwrap());
            assert!(attribute("tests").is_some());
        }
        "testsuite" => {
            assert_eq!(stack.last().map(String::as_str), Some("testsuites"));
            assert!(attribute("name").is_some() && attribute("tests").is_some());
            summary.suites += 1;
        }
        "testcase" => {
            assert_eq!(stack.last().map(String::as_str), Some("testsuite"));
            assert!(attribute("name").is_some() && attribute("classname").is_some());
            summary.testcases += 1;
        }
        "failure" => {
            assert_eq!(stack.last().map(String::as_str), Some("testcase"));
            assert!(attribute("message").is_some() && attribute("type").is_some());
            summary.failures += 1;
        }
        _ => {}
    }
}

/// A reduced SARIF 2.1.0 schema, written by hand for this test from the
/// OASIS specification's required structure (not a copy of the published
/// schema file): the log's `version` and `runs`; each run's `tool.driver`
/// with a `name`; rules with an `id`; results with a `message.text`, a
/// `level` from the specification's enumeration, locations whose physical
/// location has an `artifactLocation.uri` and a region with one-based
/// integer lines and columns; `columnKind` from its enumeration.
fn sarif_validator() -> jsonschema::Validator {
    let schema = serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["version", "runs"],
        "properties": {
            "$schema": { "type": "string", "format": "uri" },
            "version": { "const": "2.1.0" },
            "runs": {
                "type": "array",
                "minItems": 1,
                "items": { "$ref": "#/definitions/run" }
            }
        },
        "definitions": {
            "message": {
                "type": "object",
                "required": ["text"],
                "properties": { "text": { "type": "string" } }
            },
            "multiformatMessageString": {
                "type": "object",
                "required": ["text"],
                "properties": { "text": { "type": "string" } }
            },
            "level": { "enum": ["none", "note", "warning", "error"] },
            "reportingDescriptor": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": { "type": "string" },
                    "name": { "type": "string" },
                    "shortDescription": { "$ref": "#/definitions/multiformatMessageString" },
                    "fullDescription": { "$ref": "#/definitions/multiformatMessageString" },
                    "help": { "$ref": "#/definitions/multiformatMessageString" },
                    "defaultConfiguration": {
                        "type": "object",
                        "properties": { "level": { "$ref": "#/definitions/level" } }
                    }
                }
            },
            "run": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": { "type": "string" },
                                    "version": { "type": "string" },
                                    "informationUri": { "type": "string", "format": "uri" },
                                    "rules": {
                                        "type": "array",
                                        "uniqueItems": true,
                                        "items": { "$ref": "#/definitions/reportingDescriptor" }
                                    }
                                }
                            }
                        }
                    },
                    "columnKind": { "enum": ["utf16CodeUnits", "unicodeCodePoints"] },
                    "results": {
                        "type": "array",
                        "items": { "$ref": "#/definitions/result" }
                    }
                }
            },
            "result": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "ruleId": { "type": "string" },
                    "ruleIndex": { "type": "integer", "minimum": -1 },
                    "level": { "$ref": "#/definitions/level" },
                    "message": { "$ref": "#/definitions/message" },
                    "locations": {
                        "type": "array",
                        "items": { "$ref": "#/definitions/location" }
                    },
                    "partialFingerprints": {
                        "type": "object",
                        "additionalProperties": { "type": "string" }
                    }
                }
            },
            "location": {
                "type": "object",
                "properties": {
                    "physicalLocation": {
                        "type": "object",
                        "required": ["artifactLocation"],
                        "properties": {
                            "artifactLocation": {
                                "type": "object",
                                "required": ["uri"],
                                "properties": {
                                    "uri": { "type": "string", "format": "uri-reference" },
                                    "uriBaseId": { "type": "string" }
                                }
                            },
                            "region": {
                                "type": "object",
                                "properties": {
                                    "startLine": { "type": "integer", "minimum": 1 },
                                    "startColumn": { "type": "integer", "minimum": 1 },
                                    "endLine": { "type": "integer", "minimum": 1 },
                                    "endColumn": { "type": "integer", "minimum": 1 }
                                }
                            }
                        }
                    }
                }
            }
        }
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is valid")
}

fn validate_sarif(log: &serde_json::Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}
