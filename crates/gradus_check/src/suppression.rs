//! Suppression comments.
//!
//! ```python
//! # type: ignore                      <- before the first statement: the whole file
//! import missing                      # type: ignore            <- any rule on this line
//! import missing                      # type: ignore[import]    <- a mypy code we map
//! import missing                      # gradus: ignore[unresolved-import, some-rule]
//! from missing import (               # type: ignore  <- first or last line of a
//!     name,                           #    multi-line simple statement: all of it
//! )
//! ```
//!
//! In `# type: ignore[...]` a code is ours (also `gradus:code`) or a mypy code
//! mapped to ours ([`crate::rules::rules_for_ignore_code`]); unknown codes
//! silence nothing. A comment that silences nothing is reported as
//! `unused-ignore-comment` (bare comments, and the known codes of bracketed
//! ones; unknown codes in `# gradus: ignore[...]` are reported as well, since
//! they are ours by definition and so a typo).

use gradus_db::{line_index, parsed_module, source_text, Db, Diagnostic, File};
use gradus_syntax::ast::{self, Ranged};
use gradus_syntax::{LineIndex, TextRange, TextSize};
use rustc_hash::FxHashMap;

use crate::rules::{is_suppressible, rules_for_ignore_code, UNUSED_IGNORE_COMMENT};

/// Which comment syntax a directive uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `# type: ignore` (typing spec, understood by every checker).
    TypeIgnore,
    /// `# gradus: ignore` (ours).
    GradusIgnore,
}

impl DirectiveKind {
    fn spelling(self) -> &'static str {
        match self {
            DirectiveKind::TypeIgnore => "type: ignore",
            DirectiveKind::GradusIgnore => "gradus: ignore",
        }
    }
}

/// One code inside the brackets of a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreCode {
    pub name: String,
    /// The code's text in the file.
    pub range: TextRange,
    /// Our rules it stands for; empty when unknown.
    pub rules: Vec<&'static str>,
}

/// One suppression directive in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// From the directive's `#` to its end (a comment may hold several
    /// directives: `# noqa # type: ignore`).
    pub range: TextRange,
    /// `None` for a bare directive, which silences every rule.
    pub codes: Option<Vec<IgnoreCode>>,
    /// The zero-based lines it covers (inclusive): its own line, or the whole
    /// of a multi-line simple statement whose first or last line it is on.
    pub lines: (u32, u32),
}

impl Directive {
    fn matches(&self, code: &str) -> Option<Option<usize>> {
        match &self.codes {
            None => Some(None),
            Some(codes) => codes.iter().position(|c| c.rules.contains(&code)).map(Some),
        }
    }
}

/// The suppressions of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suppressions {
    /// The range of the whole-file `# type: ignore`, if any.
    whole_file: Option<TextRange>,
    directives: Vec<Directive>,
    /// Zero-based line to the directives covering it.
    by_line: FxHashMap<u32, Vec<usize>>,
}

impl Suppressions {
    /// All directives, in source order.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Whether a whole-file `# type: ignore` is present.
    pub fn is_whole_file(&self) -> bool {
        self.whole_file.is_some()
    }

    /// Whether `diagnostic` (starting on zero-based `line`) is suppressed.
    pub fn suppresses(&self, line: u32, diagnostic: &Diagnostic) -> bool {
        self.find(line, diagnostic.code).is_some() || self.whole_file_suppresses(diagnostic)
    }

    fn whole_file_suppresses(&self, diagnostic: &Diagnostic) -> bool {
        self.whole_file.is_some() && is_suppressible(diagnostic.code)
    }

    /// The directives (and the matching code index) silencing `code` on `line`.
    fn find(&self, line: u32, code: &str) -> Option<Vec<(usize, Option<usize>)>> {
        if !is_suppressible(code) {
            return None;
        }
        let found: Vec<_> = self
            .by_line
            .get(&line)?
            .iter()
            .filter_map(|&i| self.directives[i].matches(code).map(|c| (i, c)))
            .collect();
        (!found.is_empty()).then_some(found)
    }

    /// Drops the suppressed diagnostics and appends an `unused-ignore-comment`
    /// warning for each directive (or code in one) that silenced nothing.
    pub fn apply(
        &self,
        file: File,
        index: &LineIndex,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut used_directive = vec![false; self.directives.len()];
        let mut used_code: Vec<Vec<bool>> = self
            .directives
            .iter()
            .map(|d| vec![false; d.codes.as_ref().map_or(0, Vec::len)])
            .collect();
        let mut whole_file_used = false;
        let mut kept = Vec::with_capacity(diagnostics.len());
        for diagnostic in diagnostics {
            let line = index.line_of(diagnostic.range.start());
            if let Some(found) = self.find(line, diagnostic.code) {
                for (i, code) in found {
                    used_directive[i] = true;
                    if let Some(c) = code {
                        used_code[i][c] = true;
                    }
                }
                continue;
            }
            if self.whole_file_suppresses(&diagnostic) {
                whole_file_used = true;
                continue;
            }
            kept.push(diagnostic);
        }
        let unused = |range: TextRange, message: String| Diagnostic {
            file,
            range,
            severity: UNUSED_IGNORE_COMMENT.default_severity,
            code: UNUSED_IGNORE_COMMENT.code,
            message,
        };
        if let Some(range) = self.whole_file {
            // The file is not checked at all: only the comment itself can be stale.
            if !whole_file_used && !used_directive.iter().any(|u| *u) {
                kept.push(unused(
                    range,
                    "Unused whole-file `# type: ignore` comment: nothing in this file is reported"
                        .to_owned(),
                ));
            }
            return kept;
        }
        for (i, directive) in self.directives.iter().enumerate() {
            let spelling = directive.kind.spelling();
            match &directive.codes {
                None => {
                    if !used_directive[i] {
                        kept.push(unused(
                            directive.range,
                            format!("Unused `# {spelling}` comment"),
                        ));
                    }
                }
                Some(codes) => {
                    let all_known = codes.iter().all(|c| !c.rules.is_empty());
                    if !used_directive[i] && all_known {
                        let names: Vec<&str> = codes.iter().map(|c| c.name.as_str()).collect();
                        kept.push(unused(
                            directive.range,
                            format!("Unused `# {spelling}[{}]` comment", names.join(", ")),
                        ));
                        continue;
                    }
                    for (c, code) in codes.iter().enumerate() {
                        if code.rules.is_empty() {
                            if directive.kind == DirectiveKind::GradusIgnore {
                                kept.push(unused(
                                    code.range,
                                    format!(
                                        "Unknown rule `{}` in `# {spelling}[...]` comment",
                                        code.name
                                    ),
                                ));
                            }
                        } else if !used_code[i][c] {
                            kept.push(unused(
                                code.range,
                                format!(
                                    "Unused code `{}` in `# {spelling}[...]` comment",
                                    code.name
                                ),
                            ));
                        }
                    }
                }
            }
        }
        kept
    }
}

/// A directive found in one comment, with ranges relative to the comment's
/// start (its `#`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ParsedDirective {
    kind: DirectiveKind,
    /// Relative to the comment's start.
    start: usize,
    end: usize,
    /// Code text and its relative start.
    codes: Option<Vec<(String, usize)>>,
}

/// Parses one comment (starting with `#`) into directives.
fn parse_comment(comment: &str) -> Vec<ParsedDirective> {
    let mut out = Vec::new();
    // A comment may hold several directives: `# noqa # type: ignore[x]`.
    let hashes: Vec<usize> = comment.match_indices('#').map(|(i, _)| i).collect();
    for (n, &start) in hashes.iter().enumerate() {
        let end = hashes.get(n + 1).copied().unwrap_or(comment.len());
        let part = &comment[start + 1..end];
        let lead = part.len() - part.trim_start().len();
        let body = part.trim_start();
        let (kind, rest) = if let Some(rest) = body.strip_prefix("type:") {
            (DirectiveKind::TypeIgnore, rest)
        } else if let Some(rest) = body.strip_prefix("gradus:") {
            (DirectiveKind::GradusIgnore, rest)
        } else {
            continue;
        };
        let Some(after) = rest.trim_start().strip_prefix("ignore") else {
            continue;
        };
        // Offset of `after` within the comment.
        let after_at = start + 1 + lead + (body.len() - after.len());
        let trimmed = after.trim_start();
        let trimmed_at = after_at + (after.len() - trimmed.len());
        let directive_end = start + 1 + part.trim_end().len();
        if let Some(inner) = trimmed.strip_prefix('[') {
            let Some(close) = inner.find(']') else {
                continue;
            };
            let mut codes = Vec::new();
            let mut at = trimmed_at + 1;
            for piece in inner[..close].split(',') {
                let lead = piece.len() - piece.trim_start().len();
                let name = piece.trim();
                if !name.is_empty() {
                    codes.push((name.to_owned(), at + lead));
                }
                at += piece.len() + 1;
            }
            out.push(ParsedDirective {
                kind,
                start,
                end: directive_end,
                codes: Some(codes),
            });
        } else if after.is_empty() || after.starts_with(char::is_whitespace) {
            // `type: ignored` is not a directive; `type: ignore  # why` is.
            out.push(ParsedDirective {
                kind,
                start,
                end: directive_end,
                codes: None,
            });
        }
    }
    out
}

/// The first and last line of every multi-line simple statement, keyed by
/// both lines.
fn multi_line_statements(
    body: &[ast::Stmt],
    index: &LineIndex,
    out: &mut FxHashMap<u32, (u32, u32)>,
) {
    for stmt in body {
        let nested: Vec<&[ast::Stmt]> = match stmt {
            ast::Stmt::FunctionDef(s) => vec![&s.body],
            ast::Stmt::AsyncFunctionDef(s) => vec![&s.body],
            ast::Stmt::ClassDef(s) => vec![&s.body],
            ast::Stmt::For(s) => vec![&s.body, &s.orelse],
            ast::Stmt::AsyncFor(s) => vec![&s.body, &s.orelse],
            ast::Stmt::While(s) => vec![&s.body, &s.orelse],
            ast::Stmt::If(s) => vec![&s.body, &s.orelse],
            ast::Stmt::With(s) => vec![&s.body],
            ast::Stmt::AsyncWith(s) => vec![&s.body],
            ast::Stmt::Match(s) => s.cases.iter().map(|c| c.body.as_slice()).collect(),
            ast::Stmt::Try(s) => try_bodies(&s.body, &s.handlers, &s.orelse, &s.finalbody),
            ast::Stmt::TryStar(s) => try_bodies(&s.body, &s.handlers, &s.orelse, &s.finalbody),
            simple => {
                let range = simple.range();
                let first = index.line_of(range.start());
                let last = index.line_of(
                    range.end().max(range.start() + TextSize::from(1)) - TextSize::from(1),
                );
                if last > first {
                    out.insert(first, (first, last));
                    out.insert(last, (first, last));
                }
                continue;
            }
        };
        for body in nested {
            multi_line_statements(body, index, out);
        }
    }
}

fn try_bodies<'a>(
    body: &'a [ast::Stmt],
    handlers: &'a [ast::ExceptHandler],
    orelse: &'a [ast::Stmt],
    finalbody: &'a [ast::Stmt],
) -> Vec<&'a [ast::Stmt]> {
    let mut out = vec![body, orelse, finalbody];
    for handler in handlers {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        out.push(&h.body);
    }
    out
}

/// The suppression comments of `file`.
#[salsa::tracked(returns(ref))]
pub fn file_suppressions(db: &dyn Db, file: File) -> Suppressions {
    let _boundary = crate::firewall::query_boundary();
    let parsed = parsed_module(db, file);
    let text = &source_text(db, file).text;
    let index = line_index(db, file);
    let first_statement = parsed.body.first().map(|s| s.range().start());
    let mut suppressions = Suppressions::default();
    let mut statements = None;
    for range in &parsed.comments {
        let comment_start = usize::from(range.start());
        let comment = &text[comment_start..usize::from(range.end())];
        let found = parse_comment(comment);
        if found.is_empty() {
            continue;
        }
        let line = index.line_of(range.start());
        let own_line = text[usize::from(index.line_start(line))..comment_start]
            .trim()
            .is_empty();
        let statements = statements.get_or_insert_with(|| {
            let mut map = FxHashMap::default();
            multi_line_statements(&parsed.body, index, &mut map);
            map
        });
        let lines = statements.get(&line).copied().unwrap_or((line, line));
        let at = |relative: usize| TextSize::from((comment_start + relative) as u32);
        for directive in found {
            let range = TextRange::new(at(directive.start), at(directive.end));
            if own_line
                && suppressions.whole_file.is_none()
                && directive.kind == DirectiveKind::TypeIgnore
                && directive.codes.is_none()
                && first_statement.is_none_or(|first| range.start() < first)
            {
                suppressions.whole_file = Some(range);
                continue;
            }
            let codes = directive.codes.map(|codes| {
                codes
                    .into_iter()
                    .map(|(name, start)| IgnoreCode {
                        range: TextRange::at(at(start), TextSize::from(name.len() as u32)),
                        rules: match directive.kind {
                            DirectiveKind::TypeIgnore => rules_for_ignore_code(&name),
                            DirectiveKind::GradusIgnore => crate::rules::rule_by_code(&name)
                                .map(|r| vec![r.code])
                                .unwrap_or_default(),
                        },
                        name,
                    })
                    .collect()
            });
            let i = suppressions.directives.len();
            suppressions.directives.push(Directive {
                kind: directive.kind,
                range,
                codes,
                lines,
            });
            for l in lines.0..=lines.1 {
                suppressions.by_line.entry(l).or_default().push(i);
            }
        }
    }
    suppressions
}

/// The edit that removes what an `unused-ignore-comment` diagnostic points
/// at, for the language server's quick fix: `(range to replace, new text)`.
/// A whole directive is removed with the spaces before it (and a comment left
/// empty disappears); an unused code is removed from its list with its comma,
/// and a list left empty removes the directive.
pub fn unused_ignore_fix(text: &str, diagnostic: &Diagnostic) -> Option<(TextRange, String)> {
    if diagnostic.code != UNUSED_IGNORE_COMMENT.code {
        return None;
    }
    let start = usize::from(diagnostic.range.start());
    let end = usize::from(diagnostic.range.end());
    let piece = text.get(start..end)?;
    let offset = |n: usize| TextSize::from(n as u32);
    if piece.starts_with('#') {
        // A whole directive: remove it and the blanks before it; a comment
        // on its own line goes with its line break.
        let from = text[..start].trim_end_matches([' ', '\t']).len();
        let own_line = from == 0 || text[..from].ends_with('\n');
        let mut to = end;
        if own_line {
            if text[end..].starts_with("\r\n") {
                to += 2;
            } else if text[end..].starts_with('\n') {
                to += 1;
            }
        }
        return Some((TextRange::new(offset(from), offset(to)), String::new()));
    }
    // One code in a list: take the comma after it, else the one before it.
    let after = &text[end..];
    let after_ws = after.len() - after.trim_start_matches([' ', '\t']).len();
    if after[after_ws..].starts_with(',') {
        let rest = &after[after_ws + 1..];
        let rest_ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let to = end + after_ws + 1 + rest_ws;
        return Some((
            TextRange::new(TextSize::from(start as u32), TextSize::from(to as u32)),
            String::new(),
        ));
    }
    let before = &text[..start];
    let before_trim = before.trim_end_matches([' ', '\t']);
    if let Some(without_comma) = before_trim.strip_suffix(',') {
        let from = without_comma.len();
        return Some((
            TextRange::new(TextSize::from(from as u32), TextSize::from(end as u32)),
            String::new(),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(comment: &str) -> Vec<(DirectiveKind, Option<Vec<String>>)> {
        parse_comment(comment)
            .into_iter()
            .map(|d| {
                (
                    d.kind,
                    d.codes.map(|c| c.into_iter().map(|(n, _)| n).collect()),
                )
            })
            .collect()
    }

    #[test]
    fn parses_directives() {
        use DirectiveKind::*;
        assert_eq!(kinds("# type: ignore"), vec![(TypeIgnore, None)]);
        assert_eq!(kinds("#type:ignore"), vec![(TypeIgnore, None)]);
        assert_eq!(
            kinds("# type: ignore[attr-defined]"),
            vec![(TypeIgnore, Some(vec!["attr-defined".into()]))]
        );
        assert_eq!(kinds("# noqa # type: ignore"), vec![(TypeIgnore, None)]);
        assert_eq!(kinds("# type: ignored"), vec![]);
        assert_eq!(kinds("# type: ignore  # because"), vec![(TypeIgnore, None)]);
        assert_eq!(
            kinds("# gradus: ignore[unresolved-import, invalid-syntax]"),
            vec![(
                GradusIgnore,
                Some(vec!["unresolved-import".into(), "invalid-syntax".into()])
            )]
        );
        assert_eq!(kinds("# gradus: ignore"), vec![(GradusIgnore, None)]);
        assert_eq!(kinds("# type: int"), vec![]);
        assert_eq!(kinds("# type: ignore[unclosed"), vec![]);
    }

    #[test]
    fn code_offsets_point_at_the_code() {
        let comment = "# noqa  # gradus: ignore[ a,  bb ]  ";
        let d = &parse_comment(comment)[0];
        assert_eq!(&comment[d.start..d.end], "# gradus: ignore[ a,  bb ]");
        let codes = d.codes.as_ref().unwrap();
        assert_eq!(&comment[codes[0].1..codes[0].1 + 1], "a");
        assert_eq!(&comment[codes[1].1..codes[1].1 + 2], "bb");
    }
}
