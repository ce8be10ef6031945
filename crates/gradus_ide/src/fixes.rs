//! Quick fixes as text edits. Today: suppress a diagnostic with a
//! `# type: ignore[code]` comment on its line.
//!
//! ```python
//! import missing                      # before
//! import missing  # type: ignore[unresolved-import]   # after
//! ```

use gradus_check::rules::is_suppressible;
use gradus_db::{line_index, parsed_module, source_text, Db, File};
use gradus_syntax::{TextRange, TextSize};

/// Replace `range` with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// A quick fix: a title and the edits to `file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub file: File,
    pub edits: Vec<TextEdit>,
}

/// A fix that suppresses the diagnostic `code` starting at `start`: adds
/// `# type: ignore[code]` at the end of its line, or adds `code` to an
/// existing `# type: ignore[...]` there. `None` when the rule cannot be
/// suppressed or the line already ignores everything.
pub fn ignore_comment_fix(db: &dyn Db, file: File, start: TextSize, code: &str) -> Option<Fix> {
    if !is_suppressible(code) {
        return None;
    }
    let text = &source_text(db, file).text;
    let index = line_index(db, file);
    let line = index.line_of(start);
    let line_start = usize::from(index.line_start(line));
    let mut line_end = if (line as usize) + 1 < index.line_count() {
        usize::from(index.line_start(line + 1))
    } else {
        text.len()
    };
    while line_end > line_start && matches!(text.as_bytes()[line_end - 1], b'\n' | b'\r') {
        line_end -= 1;
    }
    let title = format!("Ignore `{code}` on this line");
    // An existing comment on the line.
    let parsed = parsed_module(db, file);
    let comment = parsed.comments.iter().find(|c| {
        usize::from(c.start()) >= line_start
            && usize::from(c.start()) < line_end.max(line_start + 1)
    });
    if let Some(comment) = comment {
        let comment_text = &text[usize::from(comment.start())..usize::from(comment.end())];
        if let Some(pos) = comment_text.find("type: ignore") {
            let after = &comment_text[pos + "type: ignore".len()..];
            if let Some(list) = after.strip_prefix('[') {
                let close = list.find(']')?;
                if list[..close].split(',').any(|c| c.trim() == code) {
                    return None;
                }
                let insert_at = usize::from(comment.start()) + pos + "type: ignore[".len() + close;
                return Some(Fix {
                    title,
                    file,
                    edits: vec![TextEdit {
                        range: TextRange::empty(TextSize::from(insert_at as u32)),
                        new_text: format!(", {code}"),
                    }],
                });
            }
            // A bare `# type: ignore` already ignores everything.
            return None;
        }
        // Another comment (`# noqa`): put ours in front of it.
        return Some(Fix {
            title,
            file,
            edits: vec![TextEdit {
                range: TextRange::empty(comment.start()),
                new_text: format!("# type: ignore[{code}]  "),
            }],
        });
    }
    let content_end = line_start + text[line_start..line_end].trim_end().len();
    Some(Fix {
        title,
        file,
        edits: vec![TextEdit {
            range: TextRange::new(
                TextSize::from(content_end as u32),
                TextSize::from(line_end as u32),
            ),
            new_text: format!("  # type: ignore[{code}]"),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::test_db;

    fn apply(text: &str, fix: &Fix) -> String {
        let mut out = text.to_owned();
        for edit in fix.edits.iter().rev() {
            out.replace_range(
                usize::from(edit.range.start())..usize::from(edit.range.end()),
                &edit.new_text,
            );
        }
        out
    }

    #[test]
    fn adds_or_extends_the_comment() {
        let cases = [
            (
                "import a   \nx = 1\n",
                "import a  # type: ignore[unresolved-import]\nx = 1\n",
            ),
            (
                "import a  # type: ignore[foo]\n",
                "import a  # type: ignore[foo, unresolved-import]\n",
            ),
            (
                "import a  # noqa\n",
                "import a  # type: ignore[unresolved-import]  # noqa\n",
            ),
        ];
        for (before, after) in cases {
            let (db, files) = test_db(&[("/project/m.py", before)]);
            let fix =
                ignore_comment_fix(&db, files[0], TextSize::from(7), "unresolved-import").unwrap();
            assert_eq!(apply(before, &fix), after);
        }
        let (db, files) = test_db(&[("/project/m.py", "import a  # type: ignore\n")]);
        assert!(ignore_comment_fix(&db, files[0], 7.into(), "unresolved-import").is_none());
        assert!(ignore_comment_fix(&db, files[0], 7.into(), "invalid-syntax").is_none());
    }
}
