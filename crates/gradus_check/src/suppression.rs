//! Suppression comments: `# type: ignore`, `# type: ignore[...]`, and
//! `# gradus: ignore[code, ...]` on the line a diagnostic starts on, plus the
//! typing spec's whole-file form — a `# type: ignore` comment on its own line
//! before the first statement:
//!
//! ```python
//! # type: ignore            <- nothing in this file is reported
//! import missing            # type: ignore  <- or just this line
//! ```
//!
//! For now `# type: ignore[...]` suppresses every rule whatever the bracket
//! says (as pyright does); mapping mypy's codes to ours and reporting unused
//! suppressions come with the rule registry.

use gradus_db::{line_index, parsed_module, source_text, Db, Diagnostic, File};
use gradus_syntax::ast::Ranged;
use rustc_hash::FxHashMap;

/// What a line's comment suppresses.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Suppression {
    All,
    Codes(Vec<String>),
}

/// The suppressions of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suppressions {
    whole_file: bool,
    by_line: FxHashMap<u32, Vec<Suppression>>,
}

impl Suppressions {
    /// Whether `diagnostic` (starting on zero-based `line`) is suppressed.
    pub fn suppresses(&self, line: u32, diagnostic: &Diagnostic) -> bool {
        if !crate::rules::is_suppressible(diagnostic.code) {
            return false;
        }
        if self.whole_file {
            return true;
        }
        self.by_line.get(&line).is_some_and(|list| {
            list.iter().any(|s| match s {
                Suppression::All => true,
                Suppression::Codes(codes) => codes.iter().any(|c| c == diagnostic.code),
            })
        })
    }
}

/// Parses the text after `#` of one comment into suppressions.
fn parse_comment(comment: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    // A comment may hold several directives: `# noqa # type: ignore[x]`.
    for part in comment.split('#') {
        let part = part.trim();
        if let Some(rest) = part.strip_prefix("type:") {
            let rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix("ignore") {
                if after.is_empty()
                    || after.starts_with('[')
                    || after.starts_with(char::is_whitespace)
                {
                    out.push(Suppression::All);
                }
            }
        } else if let Some(rest) = part.strip_prefix("gradus:") {
            let rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix("ignore") {
                let after = after.trim_start();
                match after.strip_prefix('[').and_then(|a| a.split_once(']')) {
                    Some((codes, _)) => out.push(Suppression::Codes(
                        codes
                            .split(',')
                            .map(|c| c.trim().to_owned())
                            .filter(|c| !c.is_empty())
                            .collect(),
                    )),
                    None if after.is_empty() => out.push(Suppression::All),
                    None => {}
                }
            }
        }
    }
    out
}

/// The suppression comments of `file`.
#[salsa::tracked(returns(ref))]
pub fn file_suppressions(db: &dyn Db, file: File) -> Suppressions {
    let parsed = parsed_module(db, file);
    let text = &source_text(db, file).text;
    let index = line_index(db, file);
    let first_statement = parsed.body.first().map(|s| s.range().start());
    let mut suppressions = Suppressions::default();
    for range in &parsed.comments {
        let comment = &text[usize::from(range.start()) + 1..usize::from(range.end())];
        let found = parse_comment(comment);
        if found.is_empty() {
            continue;
        }
        let line = index.line_of(range.start());
        let own_line = text[usize::from(index.line_start(line))..usize::from(range.start())]
            .trim()
            .is_empty();
        if own_line
            && first_statement.is_none_or(|first| range.start() < first)
            && found.contains(&Suppression::All)
            && comment.trim().starts_with("type:")
        {
            suppressions.whole_file = true;
        }
        suppressions.by_line.entry(line).or_default().extend(found);
    }
    suppressions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives() {
        assert_eq!(parse_comment(" type: ignore"), vec![Suppression::All]);
        assert_eq!(
            parse_comment(" type: ignore[attr-defined]"),
            vec![Suppression::All]
        );
        assert_eq!(
            parse_comment(" noqa # type: ignore"),
            vec![Suppression::All]
        );
        assert_eq!(parse_comment(" type: ignored"), vec![]);
        assert_eq!(
            parse_comment(" gradus: ignore[unresolved-import, invalid-syntax]"),
            vec![Suppression::Codes(vec![
                "unresolved-import".into(),
                "invalid-syntax".into()
            ])]
        );
        assert_eq!(parse_comment(" type: int"), vec![]);
    }
}
