//! Markdown case suites: `## ` headings start cases, fenced `py`/`pyi`/`toml`
//! blocks are the files of the case.

use super::Case;

/// Splits a Markdown suite into cases.
pub fn parse_markdown_cases(text: &str) -> Result<Vec<Case>, String> {
    let mut cases: Vec<Case> = Vec::new();
    let mut current = Case {
        name: "(whole file)".to_owned(),
        files: Vec::new(),
    };
    let mut lines = text.lines().enumerate();
    while let Some((lineno, line)) = lines.next() {
        if let Some(title) = line.strip_prefix("## ") {
            if !current.files.is_empty() {
                cases.push(current);
            }
            current = Case {
                name: title.trim().to_owned(),
                files: Vec::new(),
            };
            continue;
        }
        let trimmed = line.trim_start();
        let fence_len = trimmed.chars().take_while(|&c| c == '`').count();
        if fence_len < 3 {
            continue;
        }
        let fence = &trimmed[..fence_len];
        let info: Vec<&str> = trimmed[fence_len..].split_whitespace().collect();
        let mut body = String::new();
        let mut closed = false;
        for (_, inner) in lines.by_ref() {
            if inner.trim_start().starts_with(fence)
                && inner.trim().trim_start_matches('`').is_empty()
            {
                closed = true;
                break;
            }
            body.push_str(inner);
            body.push('\n');
        }
        if !closed {
            return Err(format!("line {}: unclosed code block", lineno + 1));
        }
        let lang = info.first().copied().unwrap_or("");
        if info.contains(&"ignore") {
            continue;
        }
        let default_path = match lang {
            "py" | "python" => "main.py",
            "pyi" => "main.pyi",
            "toml" => "gradus.toml",
            _ => continue,
        };
        let path = info.get(1).copied().unwrap_or(default_path).to_owned();
        if current.files.iter().any(|(p, _)| *p == path) {
            return Err(format!(
                "line {}: case `{}` has two files named `{path}`",
                lineno + 1,
                current.name
            ));
        }
        current.files.push((path, body.into_bytes()));
    }
    if !current.files.is_empty() {
        cases.push(current);
    }
    Ok(cases)
}
