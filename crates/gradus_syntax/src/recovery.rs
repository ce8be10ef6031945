//! Error recovery on top of a parser that has none.
//!
//! One typo makes the parser return no AST at all, so when the whole file
//! fails it is cut into top-level statement *chunks* and each chunk is parsed
//! on its own, at its original offset:
//!
//! ```python
//! import os            # chunk 1: kept
//! def broken(:         # chunk 2: reported, dropped (or partly kept)
//!     pass
//! import missing       # chunk 3: kept, so still checked
//! ```
//!
//! A chunk starts at an unindented line that begins a logical line; comment
//! and blank lines never start one, decorators stay with their `def`/`class`
//! and `else`/`elif`/`except`/`finally` lines stay with their statement.
//! Inside a failing chunk, the statement holding the error (with its nested
//! block) is replaced by `pass` padded with spaces and the chunk is parsed
//! again, so a function with one bad line keeps its other statements. Each
//! chunk is parsed a bounded number of times, so the whole is linear.

use rustpython_parser::text_size::TextSize;
use rustpython_parser::{ast, Mode, ParseError, ParseErrorType, Tok};

use crate::fstrings::fix_fstrings;
use crate::messages::describe;
use crate::scan::{LineStart, Scan};
use crate::{SyntaxError, TextRange};

// Budget: see `gradus_budgets`.
use gradus_budgets::PARSE_MAX_RECOVERY_ATTEMPTS as MAX_ATTEMPTS;

fn starts_with_word(line: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        line.strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    })
}

/// Lines that continue the statement before them at the same indentation.
fn is_clause(line: &str) -> bool {
    starts_with_word(line, &["else", "elif", "except", "finally"])
}

/// Splits into top-level chunks: `(start, end)` byte ranges covering `src`.
pub(crate) fn chunks(src: &str, scan: &Scan) -> Vec<(usize, usize)> {
    let mut starts = vec![0usize];
    let mut after_decorator = false;
    let mut first = true;
    for line in &scan.lines {
        if line.blank || line.indent != 0 {
            continue;
        }
        let text = &src[line.start..];
        let continues = is_clause(text) || after_decorator;
        after_decorator = text.starts_with('@');
        if !continues && !first && line.start != 0 {
            starts.push(line.start);
        }
        first = false;
    }
    let mut out: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    out.push((*starts.last().unwrap(), src.len()));
    out
}

pub(crate) fn parse_at(text: &str, offset: usize) -> Result<Vec<ast::Stmt>, ParseError> {
    match rustpython_parser::parse_starts_at(
        text,
        Mode::Module,
        "<module>",
        TextSize::from(offset as u32),
    ) {
        Ok(ast::Mod::Module(m)) => Ok(m.body),
        Ok(_) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

pub(crate) fn to_error(err: &ParseError, scan: &Scan, limit: usize) -> SyntaxError {
    use rustpython_parser::lexer::LexicalErrorType as L;
    let offset = usize::from(err.offset).min(limit);
    // An unexpected end of file or line is better reported where the
    // unclosed bracket or string starts.
    let eof = matches!(
        err.error,
        ParseErrorType::Eof | ParseErrorType::Lexical(L::Eof)
    );
    let eol = matches!(&err.error, ParseErrorType::Lexical(L::OtherError(m)) if m.contains("EOL"));
    if eof || eol {
        // Both lists are sorted by offset: start the search at `offset`
        // (a search from the end made many errors quadratic).
        let before = scan.unterminated.partition_point(|(at, _)| *at < offset);
        let string = scan.unterminated[..before]
            .iter()
            .rev()
            .find(|(_, triple)| eof || !triple);
        let before = scan.unclosed.partition_point(|(at, _)| *at < offset);
        let bracket = scan.unclosed[..before].iter().next_back().filter(|_| eof);
        let (at, message) = match (string, bracket) {
            (Some(&(s, triple)), b) if b.is_none_or(|b| b.0 < s) => (
                s,
                if triple {
                    "unterminated triple-quoted string literal".to_owned()
                } else {
                    "unterminated string literal".to_owned()
                },
            ),
            (_, Some(&(at, c))) => (at, format!("'{}' was never closed", c as char)),
            _ => (offset, describe(&err.error)),
        };
        return SyntaxError {
            range: TextRange::empty(TextSize::from(at as u32)),
            message,
        };
    }
    SyntaxError {
        range: TextRange::empty(TextSize::from(offset as u32)),
        message: describe(&err.error),
    }
}

/// Parses a chunk `[start, end)` of `work` that may be broken.
pub(crate) fn parse_chunk(
    work: &str,
    scan: &Scan,
    start: usize,
    end: usize,
    body: &mut Vec<ast::Stmt>,
    errors: &mut Vec<SyntaxError>,
) {
    let text = &work[start..end];
    let err = match parse_at(text, start) {
        Ok(stmts) => {
            body.extend(stmts);
            return;
        }
        Err(err) => err,
    };
    let mut owned = text.to_owned();
    let mut err = err;
    let lo = scan.fstrings.partition_point(|f| f.start < start);
    let hi = scan.fstrings.partition_point(|f| f.start < end);
    if lo < hi {
        let fstring_errors = fix_fstrings(&mut owned, start, &scan.fstrings[lo..hi]);
        match parse_at(&owned, start) {
            Ok(stmts) => {
                body.extend(stmts);
                errors.extend(fstring_errors);
                return;
            }
            Err(e) => {
                errors.extend(fstring_errors);
                err = e;
            }
        }
    }
    let lo = scan.lines.partition_point(|l| l.start < start);
    let hi = scan.lines.partition_point(|l| l.start < end);
    let lines: Vec<LineStart> = scan.lines[lo..hi]
        .iter()
        .copied()
        .filter(|l| !l.blank)
        .collect();
    let mut last_offset = None;
    for _ in 0..MAX_ATTEMPTS {
        let offset = usize::from(err.offset);
        errors.push(to_error(&err, scan, end));
        if last_offset == Some(offset) {
            return;
        }
        last_offset = Some(offset);
        let Some(li) = lines.iter().rposition(|l| l.start <= offset.max(start)) else {
            return;
        };
        // The error may be reported at the start of the next line (a missing
        // token at the end of the previous one, a dedent...).
        let mut li = li;
        let line = lines[li];
        if li > 0 && offset <= line.start + line.indent && !is_indent_error(&err.error) {
            li -= 1;
        }
        let line = lines[li];
        if line.indent == 0 {
            return;
        }
        let mut block_end = end;
        for next in &lines[li + 1..] {
            let t = &work[next.start + next.indent..];
            if next.indent < line.indent || (next.indent == line.indent && !is_clause(t)) {
                block_end = next.start;
                break;
            }
        }
        let from = line.start + line.indent - start;
        let to = block_end - start;
        let mut bytes = std::mem::take(&mut owned).into_bytes();
        let first_line_len = bytes[from..to]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(to - from);
        let region = &mut bytes[from..to];
        for b in region.iter_mut() {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
        if !is_indent_error(&err.error) {
            // The placeholder's node must end on a character boundary of
            // the original text (its range is reported against it).
            let placeholder: &[u8] = [&b"pass"[..], b"...", b"00", b"0"]
                .into_iter()
                .find(|p| p.len() <= first_line_len && text.is_char_boundary(from + p.len()))
                .unwrap_or(b"");
            region[..placeholder.len()].copy_from_slice(placeholder);
        } else {
            // The indentation itself is wrong: remove the line entirely.
            for b in &mut bytes[line.start - start..from] {
                *b = b' ';
            }
        }
        owned = String::from_utf8(bytes).unwrap_or_default();
        match parse_at(&owned, start) {
            Ok(stmts) => {
                body.extend(stmts);
                return;
            }
            Err(e) => err = e,
        }
    }
}

fn is_indent_error(e: &ParseErrorType) -> bool {
    match e {
        ParseErrorType::UnrecognizedToken(Tok::Indent | Tok::Dedent, _) => true,
        ParseErrorType::Lexical(l) => matches!(
            l,
            rustpython_parser::lexer::LexicalErrorType::IndentationError
                | rustpython_parser::lexer::LexicalErrorType::TabError
                | rustpython_parser::lexer::LexicalErrorType::TabsAfterSpaces
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    fn chunk_texts(src: &str) -> Vec<&str> {
        chunks(src, &scan(src))
            .into_iter()
            .map(|(s, e)| &src[s..e])
            .collect()
    }

    #[test]
    fn chunking_rules() {
        let src = "import a\n@dec\n\n@dec2\ndef f():\n    pass\n# c\n\nif x:\n  y\nelse:\n  z\nx = (1,\n2)\n";
        assert_eq!(
            chunk_texts(src),
            vec![
                "import a\n",
                "@dec\n\n@dec2\ndef f():\n    pass\n# c\n\n",
                "if x:\n  y\nelse:\n  z\n",
                "x = (1,\n2)\n"
            ]
        );
    }

    #[test]
    fn try_except_finally_is_one_chunk() {
        let src = "try:\n  a\nexcept E:\n  b\nfinally:\n  c\nelsewhere = 1\n";
        assert_eq!(chunk_texts(src).len(), 2);
    }

    fn recover(src: &str) -> (Vec<ast::Stmt>, Vec<SyntaxError>) {
        let s = scan(src);
        let (mut body, mut errors) = (Vec::new(), Vec::new());
        parse_chunk(src, &s, 0, src.len(), &mut body, &mut errors);
        (body, errors)
    }

    #[test]
    fn keeps_good_statements_of_a_body() {
        let src = "def f():\n    a = 1\n    b = = 2\n    return a\n";
        let (body, errors) = recover(src);
        assert_eq!(errors.len(), 1);
        let ast::Stmt::FunctionDef(f) = &body[0] else {
            panic!()
        };
        assert_eq!(f.body.len(), 3);
        assert!(matches!(f.body[1], ast::Stmt::Pass(_)));
        assert!(matches!(f.body[2], ast::Stmt::Return(_)));
        // An unclosed bracket swallows the rest of the body, as in CPython.
        let src = "def f():\n    a = 1\n    b = (:\n    return a\n";
        let (body, errors) = recover(src);
        assert_eq!(errors.len(), 1);
        let ast::Stmt::FunctionDef(f) = &body[0] else {
            panic!()
        };
        assert_eq!(f.body.len(), 2);
    }

    #[test]
    fn nested_method() {
        let src = "class C:\n    def m(self):\n        x = = 1\n        return 2\n    def n(self): pass\n";
        let (body, errors) = recover(src);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].range.start(), TextSize::from(38));
        let ast::Stmt::ClassDef(c) = &body[0] else {
            panic!()
        };
        assert_eq!(c.body.len(), 2);
    }

    #[test]
    fn placeholder_ends_on_a_character_boundary() {
        // Found by fuzzing: `pass` over `re\u{FFFD}` ended inside U+FFFD.
        for src in [
            "for i in x:\n    re\u{FFFD}\u{FFFD}\n",
            "def f():\n    é = = 1\n",
            "if x:\n    😀 +\n",
        ] {
            let (body, errors) = recover(src);
            assert_eq!(errors.len(), 1, "{errors:?}");
            let range = ast::Ranged::range(&body[0]);
            assert!(
                src.is_char_boundary(usize::from(range.end())),
                "{src:?}: {range:?}"
            );
        }
    }

    #[test]
    fn broken_header_drops_chunk() {
        let (body, errors) = recover("def f(:\n    pass\n");
        assert!(body.is_empty());
        assert_eq!(errors[0].message, "invalid syntax: unexpected token ':'");
    }

    #[test]
    fn broken_if_keeps_else_with_it() {
        let src = "def f():\n    if x ==:\n        a\n    else:\n        b\n    return 1\n";
        let (body, errors) = recover(src);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let ast::Stmt::FunctionDef(f) = &body[0] else {
            panic!()
        };
        assert_eq!(f.body.len(), 2);
    }
}
