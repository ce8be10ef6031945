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
}
