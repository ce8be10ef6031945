//! A small lexical scanner over source text: identifier tokens outside
//! strings and comments. Used where the AST has no ranges (identifiers of
//! `def`/`class`) and for text-based features that must work in broken code.

use gradus_syntax::{TextRange, TextSize};

/// An identifier token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ident {
    pub start: usize,
    pub end: usize,
}

impl Ident {
    pub fn range(self) -> TextRange {
        TextRange::new(
            TextSize::from(self.start as u32),
            TextSize::from(self.end as u32),
        )
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The identifier tokens of `text[start..end]`, skipping strings and
/// comments. `start` must be outside a string (a statement start is).
pub(crate) fn identifiers(text: &str, start: usize, end: usize) -> Vec<Ident> {
    let end = end.min(text.len());
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c == '#' {
            while i < end && bytes[i] != b'\n' && bytes[i] != b'\r' {
                i += 1;
            }
            continue;
        }
        if c == '"' || c == '\'' {
            i = skip_string(text, i);
            continue;
        }
        if is_ident_start(c) {
            let begin = i;
            let mut j = i;
            for ch in text[i..].chars() {
                if !is_ident_continue(ch) {
                    break;
                }
                j += ch.len_utf8();
            }
            // A string prefix (r"", b'', f"", rb"" ...) followed by a quote.
            let word = &text[begin..j];
            if j < text.len()
                && (bytes[j] == b'"' || bytes[j] == b'\'')
                && word.len() <= 2
                && word
                    .chars()
                    .all(|ch| matches!(ch.to_ascii_lowercase(), 'r' | 'b' | 'f' | 'u'))
            {
                i = skip_string(text, j);
                continue;
            }
            if j <= end {
                out.push(Ident {
                    start: begin,
                    end: j,
                });
            }
            i = j;
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// The offset just past the string literal starting with a quote at `i`.
fn skip_string(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let quote = bytes[i];
    let triple = bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < bytes.len() {
        let b = bytes[j];
        if b == b'\\' {
            j += 2;
            continue;
        }
        if b == quote {
            if !triple {
                return j + 1;
            }
            if bytes.get(j + 1) == Some(&quote) && bytes.get(j + 2) == Some(&quote) {
                return j + 3;
            }
        }
        if !triple && (b == b'\n' || b == b'\r') {
            return j;
        }
        j += 1;
    }
    bytes.len()
}

/// The identifier touching `offset` (the cursor may be just after it).
pub(crate) fn ident_at(text: &str, offset: usize) -> Option<Ident> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let mut start = offset;
    for c in text[..offset].chars().rev() {
        if !is_ident_continue(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = offset;
    for c in text[offset..].chars() {
        if !is_ident_continue(c) {
            break;
        }
        end += c.len_utf8();
    }
    let first = text[start..end].chars().next()?;
    is_ident_start(first).then_some(Ident { start, end })
}

/// The range of `name` following `keyword` (`def`/`class`) at or after
/// `from`, within `to`.
pub(crate) fn name_after_keyword(
    text: &str,
    from: usize,
    to: usize,
    keyword: &str,
    name: &str,
) -> Option<TextRange> {
    let idents = identifiers(text, from, to);
    idents
        .windows(2)
        .find(|w| &text[w[0].start..w[0].end] == keyword && &text[w[1].start..w[1].end] == name)
        .map(|w| w[1].range())
}

/// The text of the line holding `offset`, up to `offset`.
pub(crate) fn line_prefix(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let mut start = offset;
    while start > 0 && !matches!(text.as_bytes()[start - 1], b'\n' | b'\r') {
        start -= 1;
    }
    let mut end = offset;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end.max(start)]
}

/// The start of the primary expression ending at `end` (a dotted chain of
/// names with calls and subscripts: `a.b(c)[0]`), for the receiver before a
/// `.` and the callee before a `(`. `None` when no such expression ends
/// there.
pub(crate) fn primary_start(text: &str, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let is_word = |c: char| c == '_' || c.is_alphanumeric();
    let mut i = end.min(text.len());
    let mut seen_atom = false;
    loop {
        let prev = text[..i].chars().next_back();
        match prev {
            Some(')' | ']') => {
                i = matching_open(bytes, i - 1)?;
                seen_atom = true;
                // The callee or subscripted value before the bracket.
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| is_word(c) || c == ')' || c == ']') {
                    continue;
                }
                return Some(i);
            }
            Some(q @ ('"' | '\'')) => {
                // A string literal: the start of the chain.
                return text[..i - 1].rfind(q);
            }
            Some(c) if is_word(c) => {
                let len: usize = text[..i]
                    .chars()
                    .rev()
                    .take_while(|c| is_word(*c))
                    .map(char::len_utf8)
                    .sum();
                i -= len;
                seen_atom = true;
            }
            _ => return seen_atom.then_some(i),
        }
        if i > 0 && bytes[i - 1] == b'.' {
            i -= 1;
            continue;
        }
        return Some(i);
    }
}

/// The offset of the bracket opening the one that closes at `close`.
fn matching_open(bytes: &[u8], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = close + 1;
    while j > 0 {
        j -= 1;
        match bytes[j] {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

/// The innermost bracket still open at `end`, scanning `text[start..end]`
/// (strings and comments skipped): its offset and byte.
pub(crate) fn open_brackets(text: &str, start: usize, end: usize) -> Vec<(usize, u8)> {
    let bytes = text.as_bytes();
    let end = end.min(text.len());
    let mut stack: Vec<(usize, u8)> = Vec::new();
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'#' => {
                while i < end && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                i = skip_string(text, i);
                continue;
            }
            b @ (b'(' | b'[' | b'{') => stack.push((i, b)),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        identifiers(text, 0, text.len())
            .into_iter()
            .map(|i| &text[i.start..i.end])
            .collect()
    }

    #[test]
    fn skips_strings_and_comments() {
        assert_eq!(
            words("x = 'a b' + rb\"c\" # d e\ny = \"\"\"f\ng\"\"\" + z"),
            vec!["x", "y", "z"]
        );
        assert_eq!(words("é_1 = r"), vec!["é_1", "r"]);
    }

    #[test]
    fn ident_at_cursor_edges() {
        let text = "abc.de";
        assert_eq!(ident_at(text, 0), Some(Ident { start: 0, end: 3 }));
        assert_eq!(ident_at(text, 3), Some(Ident { start: 0, end: 3 }));
        assert_eq!(ident_at(text, 4), Some(Ident { start: 4, end: 6 }));
        assert_eq!(ident_at("1x", 0), None);
    }

    #[test]
    fn primary_expressions_before_a_dot() {
        fn start(t: &str) -> Option<&str> {
            primary_start(t, t.len()).map(|s| &t[s..])
        }
        assert_eq!(start("x = a.b"), Some("a.b"));
        assert_eq!(start("x = f(1, g(2))[0].y"), Some("f(1, g(2))[0].y"));
        assert_eq!(start("print('a'.join"), Some("'a'.join"));
        assert_eq!(start("x = "), None);
        assert_eq!(start("(a + b)"), Some("(a + b)"));
    }

    #[test]
    fn open_brackets_skip_strings() {
        let t = "f(a, ')', [1, 2], g(";
        let open: Vec<usize> = open_brackets(t, 0, t.len()).iter().map(|o| o.0).collect();
        assert_eq!(open, vec![1, t.len() - 1]);
    }
}
