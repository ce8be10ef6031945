//! Quick fixes as text edits: suppress a diagnostic with a
//! `# type: ignore[code]` comment on its line, and import a name that is
//! not defined (`unresolved-reference`) from the module that has it.
//!
//! ```python
//! import missing                      # before
//! import missing  # type: ignore[unresolved-import]   # after
//!
//! x: Optional[int]                    # `Optional` is not defined
//! from typing import Optional         # the fix adds this import
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

/// Standard-library modules searched for a name to import (the full
/// standard library is too large to scan on every quick-fix request).
const IMPORT_SOURCES: &[&str] = &[
    "typing",
    "collections",
    "collections.abc",
    "dataclasses",
    "enum",
    "abc",
    "pathlib",
    "functools",
    "itertools",
    "datetime",
    "os",
    "re",
    "json",
];

/// At most this many import fixes are offered for one name.
const MAX_IMPORT_FIXES: usize = 5;

/// Fixes that import the undefined name at `start` (the range of an
/// `unresolved-reference` diagnostic): `import name` when a module of that
/// name exists, `from m import name` for the common standard-library
/// modules and the project's modules that define it at their top level.
pub fn import_fixes(db: &dyn Db, file: File, start: TextSize, project_files: &[File]) -> Vec<Fix> {
    let text = &source_text(db, file).text;
    let Some(range) = gradus_check::ide::identifier_at(text, start) else {
        return Vec::new();
    };
    let name = &text[range];
    let at = crate::completion::import_insertion_offset(db, file);
    let mut imports: Vec<String> = Vec::new();
    if gradus_resolve::resolve_module(db, name).file().is_some() {
        imports.push(format!("import {name}"));
    }
    for module in IMPORT_SOURCES {
        let Some(source) = gradus_resolve::resolve_module(db, module).file() else {
            continue;
        };
        let table = gradus_index::symbol_table(db, source, gradus_index::ScopeId::MODULE);
        if table
            .symbol_by_name(name)
            .is_some_and(|s| s.is_bound() || s.is_declared())
            && !name.starts_with('_')
        {
            imports.push(format!("from {module} import {name}"));
        }
    }
    for &other in project_files {
        if other == file || imports.len() >= MAX_IMPORT_FIXES {
            continue;
        }
        if !source_text(db, other).text.contains(name) {
            continue;
        }
        let Some(module) = gradus_resolve::file_to_module(db, other) else {
            continue;
        };
        if crate::completion::top_level_names(db, other)
            .iter()
            .any(|(n, _)| n == name)
        {
            imports.push(format!("from {} import {name}", module.name));
        }
    }
    imports.truncate(MAX_IMPORT_FIXES);
    imports
        .into_iter()
        .map(|import| Fix {
            title: format!("Add `{import}`"),
            file,
            edits: vec![TextEdit {
                range: TextRange::empty(at),
                new_text: format!("{import}\n"),
            }],
        })
        .collect()
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
mod import_tests {
    use super::*;
    use crate::tests::test_db;

    #[test]
    fn imports_for_an_undefined_name() {
        let src = "\"\"\"Doc.\"\"\"\nimport os\n\nx: Optional[int] = None\ny = helper()\n";
        let (db, files) = test_db(&[
            ("/project/main.py", src),
            ("/project/tools.py", "def helper() -> int: ...\n"),
        ]);
        let at = |n: &str| TextSize::from(src.find(n).unwrap() as u32);
        let fixes = import_fixes(&db, files[0], at("Optional"), &files);
        let titles: Vec<&str> = fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, vec!["Add `from typing import Optional`"]);
        let edit = &fixes[0].edits[0];
        // Right after the leading imports.
        assert_eq!(
            usize::from(edit.range.start()),
            src.find("import os\n").unwrap() + "import os\n".len()
        );
        assert_eq!(edit.new_text, "from typing import Optional\n");
        let fixes = import_fixes(&db, files[0], at("helper"), &files);
        assert_eq!(fixes[0].title, "Add `from tools import helper`");
        let fixes = import_fixes(&db, files[0], at("y ="), &files);
        assert!(fixes.is_empty());
    }
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
