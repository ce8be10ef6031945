//! Byte offsets ↔ LSP positions (UTF-16 columns), URIs ↔ paths.

use std::path::{Path, PathBuf};

use gradus_syntax::{LineCol, LineIndex, TextRange, TextSize};
use tower_lsp::lsp_types::{Position, Range, Url};

/// A file's text with its line index, for position conversions.
pub(crate) struct TextLines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl TextLines<'_> {
    pub fn position(&self, offset: TextSize) -> Position {
        let lc = self.index.line_col_utf16(offset, self.text);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start()), self.position(range.end()))
    }

    /// The offset of a position; positions past a line's end or the text's
    /// end are clamped.
    pub fn offset(&self, position: Position) -> TextSize {
        self.index.offset_utf16(
            LineCol {
                line: position.line,
                col: position.character,
            },
            self.text,
        )
    }
}

/// The file system path of a document. Non-`file:` URIs (unsaved
/// `untitled:` buffers) get a path below `fallback_dir` that cannot clash
/// with a real file.
pub(crate) fn uri_to_path(uri: &Url, fallback_dir: &Path) -> PathBuf {
    if uri.scheme() == "file" {
        if let Ok(path) = uri.to_file_path() {
            return path;
        }
    }
    let mut name: String = uri
        .as_str()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !name.ends_with("_py") && !name.ends_with("_pyi") {
        name.push_str(".py");
    } else {
        name = format!("{}.py", name.trim_end_matches("_py"));
    }
    fallback_dir.join(".gradus-virtual").join(name)
}

/// The URI of a path.
pub(crate) fn path_to_uri(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

/// Applies an LSP content change to `text`. Out-of-range positions are
/// clamped; a reversed range is treated as empty at its start.
pub(crate) fn apply_change(text: &mut String, range: Option<Range>, new_text: &str) {
    let Some(range) = range else {
        *text = new_text.to_owned();
        return;
    };
    let index = LineIndex::new(text);
    let lines = TextLines {
        text: text.as_str(),
        index: &index,
    };
    let start = usize::from(lines.offset(range.start));
    let end = usize::from(lines.offset(range.end)).max(start);
    text.replace_range(start..end, new_text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_changes_are_clamped() {
        let mut text = "a😀b\ncd\n".to_owned();
        let r = |l1, c1, l2, c2| Some(Range::new(Position::new(l1, c1), Position::new(l2, c2)));
        apply_change(&mut text, r(0, 3, 0, 4), "X");
        assert_eq!(text, "a😀X\ncd\n");
        apply_change(&mut text, r(1, 99, 50, 0), "!");
        assert_eq!(text, "a😀X\ncd!");
        apply_change(&mut text, r(1, 2, 0, 0), "?");
        assert_eq!(text, "a😀X\ncd?!");
        apply_change(&mut text, None, "new");
        assert_eq!(text, "new");
    }

    #[test]
    fn virtual_paths() {
        let uri = Url::parse("untitled:Untitled-1").unwrap();
        let path = uri_to_path(&uri, Path::new("/w"));
        assert!(path.starts_with("/w/.gradus-virtual"));
        assert_eq!(path.extension().unwrap(), "py");
    }
}
