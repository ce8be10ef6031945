#![allow(dead_code)]
//! The case-file harness: load cases, check them in memory, compare the
//! diagnostics against the inline assertions.

mod assertions;
mod markdown;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gradus_db::{line_index, source_text, System};
use gradus_project::config::{parse_config_text, ProjectConfig};
use gradus_project::{check_files, resolve_settings, CliOverrides, ProjectDatabase};

pub use assertions::{parse_assertions, Assertion, AssertionKind};

/// One case: a small project of files.
pub struct Case {
    pub name: String,
    /// (path relative to the project root, contents).
    pub files: Vec<(String, Vec<u8>)>,
}

const ROOT: &str = "/project";

/// The cases of one case file.
pub fn load_cases(path: &Path, contents: &[u8]) -> Result<Vec<Case>, String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext == "md" {
        let text = std::str::from_utf8(contents).map_err(|e| format!("{}: {e}", path.display()))?;
        markdown::parse_markdown_cases(text)
    } else {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        Ok(vec![Case {
            name: name.clone(),
            files: vec![(name, contents.to_vec())],
        }])
    }
}

/// A diagnostic as the harness compares it.
#[derive(Debug)]
struct Found {
    path: String,
    line: u32,
    code: &'static str,
    message: String,
    severity: &'static str,
}

/// Checks the case and compares; `Err` holds a readable report.
pub fn run_case(case: &Case) -> Result<(), String> {
    let root = PathBuf::from(ROOT);
    let system = System::in_memory(root.clone());
    let mut options = gradus_project::config::Options::default();
    let known_rules = gradus_project::known_rule_codes();
    for (path, contents) in &case.files {
        system.overlay().write(root.join(path), contents.clone());
        if path == "gradus.toml" || path == "pyproject.toml" {
            let text = String::from_utf8_lossy(contents);
            options = parse_config_text(
                &root.join(path),
                &text,
                path == "pyproject.toml",
                &known_rules,
            )
            .map_err(|e| format!("bad config in case: {e}"))?;
        }
    }
    let config = ProjectConfig {
        root: root.clone(),
        config_file: None,
        options,
    };
    let cli = CliOverrides {
        no_environment: true,
        ..CliOverrides::default()
    };
    let settings = resolve_settings(&config, &cli, &|_| None).map_err(|e| e.to_string())?;
    let db = ProjectDatabase::new(system, &settings);
    let paths: Vec<PathBuf> = case
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".py") || p.ends_with(".pyi"))
        .map(|(p, _)| root.join(p))
        .collect();
    let files = db.files_for_paths(&paths);
    let result = check_files(&db, &settings, &files);

    let found: Vec<Found> = result
        .diagnostics
        .iter()
        .map(|d| {
            let text = &source_text(&db, d.file).text;
            let pos = line_index(&db, d.file).line_col_chars(d.range.start(), text);
            let path = d
                .file
                .path(&db)
                .as_system_path()
                .and_then(|p| p.strip_prefix(&root).ok())
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|| d.file.path(&db).display());
            Found {
                path,
                line: pos.line + 1,
                code: d.code,
                message: d.message.clone(),
                severity: d.severity.as_str(),
            }
        })
        .collect();

    let mut assertions: Vec<(String, Assertion)> = Vec::new();
    for (path, contents) in &case.files {
        if path.ends_with(".py") || path.ends_with(".pyi") {
            let text = String::from_utf8_lossy(contents);
            for a in parse_assertions(&text).map_err(|e| format!("{path}: {e}"))? {
                assertions.push((path.clone(), a));
            }
        }
    }
    compare(&found, &assertions)
}

fn compare(found: &[Found], assertions: &[(String, Assertion)]) -> Result<(), String> {
    let mut report = String::new();
    let mut met = vec![false; assertions.len()];
    for d in found {
        let mut matched = false;
        for (i, (path, a)) in assertions.iter().enumerate() {
            if *path != d.path || a.line != d.line {
                continue;
            }
            let ok = match &a.kind {
                AssertionKind::Error { code, message }
                | AssertionKind::MaybeError { code, message } => {
                    d.code != "revealed-type"
                        && code.as_deref().is_none_or(|c| c == d.code)
                        && message.as_deref().is_none_or(|m| d.message.contains(m))
                }
                AssertionKind::Revealed(ty) => {
                    d.code == "revealed-type" && revealed_type(&d.message) == Some(ty.as_str())
                }
            };
            if ok {
                matched = true;
                met[i] = true;
            }
        }
        if !matched {
            let _ = writeln!(
                report,
                "  unexpected: {}:{}: {}[{}]: {}",
                d.path, d.line, d.severity, d.code, d.message
            );
        }
    }
    for (i, (path, a)) in assertions.iter().enumerate() {
        if met[i] || matches!(a.kind, AssertionKind::MaybeError { .. }) {
            continue;
        }
        let _ = writeln!(
            report,
            "  missing:    {}:{}: {}",
            path,
            a.line,
            a.describe()
        );
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

/// The type in a `revealed-type` message: the text between the first and
/// last backtick.
fn revealed_type(message: &str) -> Option<&str> {
    let start = message.find('`')?;
    let end = message.rfind('`')?;
    (end > start).then(|| &message[start + 1..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: u32, code: &'static str, message: &str) -> Found {
        Found {
            path: "main.py".into(),
            line,
            code,
            message: message.into(),
            severity: "error",
        }
    }

    fn asserts(text: &str) -> Vec<(String, Assertion)> {
        parse_assertions(text)
            .unwrap()
            .into_iter()
            .map(|a| ("main.py".to_owned(), a))
            .collect()
    }

    #[test]
    fn unexpected_and_missing_are_reported() {
        let a = asserts("x\ny  # E: [unresolved-import]\n");
        let err = compare(&[found(1, "invalid-syntax", "bad")], &a).unwrap_err();
        assert!(
            err.contains("unexpected: main.py:1: error[invalid-syntax]: bad"),
            "{err}"
        );
        assert!(
            err.contains("missing:    main.py:2: E: [unresolved-import]"),
            "{err}"
        );
    }

    #[test]
    fn message_substring_and_maybe() {
        let a = asserts("a  # E: [c] \"needle\"\nb  # E?\n");
        assert!(compare(&[found(1, "c", "hay needle hay"), found(2, "x", "y")], &a).is_ok());
        assert!(compare(&[found(1, "c", "hay")], &a).is_err());
        assert!(compare(&[found(1, "c", "needle")], &a).is_ok());
    }

    #[test]
    fn revealed_types_compare_exactly() {
        let a = asserts("reveal_type(x)  # revealed: list[int]\n");
        assert!(compare(
            &[found(1, "revealed-type", "Revealed type: `list[int]`")],
            &a
        )
        .is_ok());
        assert!(compare(
            &[found(1, "revealed-type", "Revealed type: `list[str]`")],
            &a
        )
        .is_err());
        assert!(compare(&[], &a).is_err());
    }
}
