//! Offsets to line/column in bytes, code points and UTF-16 units.

use crate::TextSize;

/// A zero-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of a text, for converting byte offsets to positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<TextSize>,
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![TextSize::from(0)];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(TextSize::from((i + 1) as u32)),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                    line_starts.push(TextSize::from((i + 1) as u32))
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            line_starts,
            ascii: text.is_ascii(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The zero-based line holding `offset`.
    pub fn line_of(&self, offset: TextSize) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line as u32,
            Err(next) => (next - 1) as u32,
        }
    }

    pub fn line_start(&self, line: u32) -> TextSize {
        self.line_starts
            .get(line as usize)
            .copied()
            .unwrap_or_else(|| *self.line_starts.last().unwrap())
    }

    fn line_prefix<'t>(&self, offset: TextSize, text: &'t str) -> (u32, &'t str) {
        let line = self.line_of(offset);
        let start = usize::from(self.line_start(line));
        let mut end = usize::from(offset).min(text.len());
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        (line, &text[start..end.max(start)])
    }

    /// Line and column counted in UTF-8 bytes.
    pub fn line_col_utf8(&self, offset: TextSize, text: &str) -> LineCol {
        let (line, prefix) = self.line_prefix(offset, text);
        LineCol {
            line,
            col: prefix.len() as u32,
        }
    }

    /// Line and column counted in code points (what users see; CLI output).
    pub fn line_col_chars(&self, offset: TextSize, text: &str) -> LineCol {
        let (line, prefix) = self.line_prefix(offset, text);
        let col = if self.ascii {
            prefix.len()
        } else {
            prefix.chars().count()
        };
        LineCol {
            line,
            col: col as u32,
        }
    }

    /// Line and column counted in UTF-16 code units (the LSP default).
    pub fn line_col_utf16(&self, offset: TextSize, text: &str) -> LineCol {
        let (line, prefix) = self.line_prefix(offset, text);
        let col = if self.ascii {
            prefix.len()
        } else {
            prefix.chars().map(char::len_utf16).sum()
        };
        LineCol {
            line,
            col: col as u32,
        }
    }

    /// The byte offset of a zero-based line and UTF-16 column; clamped to the
    /// line's end (LSP clients may send positions past it).
    pub fn offset_utf16(&self, pos: LineCol, text: &str) -> TextSize {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return TextSize::from(text.len() as u32);
        };
        let line_end = self
            .line_starts
            .get(pos.line as usize + 1)
            .map(|s| usize::from(*s))
            .unwrap_or(text.len());
        let line_text = &text[usize::from(start)..line_end];
        let mut units = 0u32;
        for (i, c) in line_text.char_indices() {
            if units >= pos.col || c == '\n' || c == '\r' {
                return start + TextSize::from(i as u32);
            }
            units += c.len_utf16() as u32;
        }
        TextSize::from(line_end as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn crlf_and_cr_line_breaks() {
        let text = "a\r\nbc\rd\ne";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col_utf8(TextSize::from(3), text), lc(1, 0));
        assert_eq!(idx.line_col_utf8(TextSize::from(6), text), lc(2, 0));
        assert_eq!(idx.line_col_utf8(TextSize::from(8), text), lc(3, 0));
        // The offset of '\r' itself is still on line 0.
        assert_eq!(idx.line_col_utf8(TextSize::from(1), text), lc(0, 1));
        // Positions past the end of a line are clamped before its break.
        assert_eq!(idx.offset_utf16(lc(0, 10), text), TextSize::from(1));
        assert_eq!(idx.offset_utf16(lc(1, 1), text), TextSize::from(4));
    }

    #[test]
    fn emoji_and_cjk_columns() {
        // 😀 is 4 bytes / 1 code point / 2 UTF-16 units; 漢 is 3 / 1 / 1.
        let text = "x = '😀漢' + y\n";
        let idx = LineIndex::new(text);
        let y = TextSize::from(text.find('y').unwrap() as u32);
        assert_eq!(idx.line_col_utf8(y, text), lc(0, 16));
        assert_eq!(idx.line_col_chars(y, text), lc(0, 11));
        assert_eq!(idx.line_col_utf16(y, text), lc(0, 12));
        assert_eq!(idx.offset_utf16(lc(0, 12), text), y);
        // The column right after the emoji.
        let han = TextSize::from(text.find('漢').unwrap() as u32);
        assert_eq!(idx.line_col_utf16(han, text), lc(0, 7));
        assert_eq!(idx.offset_utf16(lc(0, 7), text), han);
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "😀x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col_utf16(TextSize::from(2), text), lc(0, 0));
        assert_eq!(idx.line_col_chars(TextSize::from(4), text), lc(0, 1));
    }

    #[test]
    fn lines_past_the_end() {
        let text = "a\nb";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset_utf16(lc(7, 0), text), TextSize::from(3));
        assert_eq!(idx.line_col_utf8(TextSize::from(3), text), lc(1, 1));
    }
}
