//! Shared code of the fuzz targets: the in-memory project check and the
//! invariants every result must satisfy, whatever the input.

use std::path::PathBuf;

use gradus_db::{line_index, parsed_module, source_text, System};
use gradus_project::{check_files, ProjectDatabase, ProjectSettings};
use gradus_syntax::{ast, decode_source, parse_module, LineCol, LineIndex, TextSize};

#[path = "../../gradus_project/tests/support/program_gen.rs"]
pub mod program_gen;

/// Checks that `offset` is a position in `text` (on a char boundary) and that
/// the line index converts it consistently in all three units.
pub fn check_offset(index: &LineIndex, text: &str, offset: TextSize) {
    let at = usize::from(offset);
    assert!(
        at <= text.len(),
        "offset {at} past the end ({})",
        text.len()
    );
    assert!(text.is_char_boundary(at), "offset {at} inside a character");
    let utf8 = index.line_col_utf8(offset, text);
    let chars = index.line_col_chars(offset, text);
    let utf16 = index.line_col_utf16(offset, text);
    assert_eq!(utf8.line, chars.line);
    assert_eq!(utf8.line, utf16.line);
    assert!(chars.col <= utf8.col && chars.col <= utf16.col);
    let start = usize::from(index.line_start(utf8.line));
    assert_eq!(start + utf8.col as usize, at);
    // Round trip through UTF-16 (what the language server does), unless the
    // offset splits a CRLF (a position no editor can express).
    let inside_crlf =
        at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n');
    if !inside_crlf {
        assert_eq!(
            index.offset_utf16(utf16, text),
            offset,
            "utf-16 round trip of {at}"
        );
    }
}

/// Decode, parse and convert every range: the whole syntax layer.
pub fn parse_and_check_invariants(bytes: &[u8]) {
    let decoded = decode_source(bytes);
    let text = decoded.text.as_str();
    let parsed = parse_module(text);
    let index = LineIndex::new(text);
    for error in &parsed.errors {
        check_offset(&index, text, error.range.start());
        check_offset(&index, text, error.range.end());
        assert!(!error.message.is_empty());
    }
    for comment in &parsed.comments {
        check_offset(&index, text, comment.start());
        assert!(text[usize::from(comment.start())..].starts_with('#'));
    }
    for stmt in &parsed.body {
        let range = ast::Ranged::range(stmt);
        check_offset(&index, text, range.start());
        check_offset(&index, text, range.end());
    }
    // Positions past the end of lines and files are clamped, never panic.
    let last = index.line_count() as u32;
    for line in [0, last.saturating_sub(1), last, last + 5] {
        for col in [0, 1, 7, u32::MAX] {
            let offset = index.offset_utf16(LineCol { line, col }, text);
            assert!(usize::from(offset) <= text.len());
        }
    }
    // Parsing is deterministic.
    assert_eq!(parse_module(text).errors, parsed.errors);
}

/// Checks `files` (paths relative to `/project`) as a project in memory and
/// returns the rendered diagnostics. Panics on any broken invariant.
pub fn check_project(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let root = PathBuf::from("/project");
    let system = System::in_memory(root.clone());
    for (path, contents) in files {
        system.overlay().write(root.join(path), contents.clone());
    }
    let settings = ProjectSettings::for_root(root.clone());
    let db = ProjectDatabase::new(system, &settings);
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| root.join(p)).collect();
    let handles = db.files_for_paths(&paths);
    let result = check_files(&db, &settings, &handles);
    let mut out = Vec::new();
    for d in &result.diagnostics {
        assert_ne!(d.code, "internal-error", "{}", d.message);
        let text = &source_text(&db, d.file).text;
        let index = line_index(&db, d.file);
        check_offset(index, text, d.range.start());
        check_offset(index, text, d.range.end());
        let pos = index.line_col_chars(d.range.start(), text);
        out.push(format!(
            "{}:{}: [{}] {}",
            pos.line + 1,
            pos.col + 1,
            d.code,
            d.message
        ));
    }
    for &file in &handles {
        // The AST and the semantic index are available for every file.
        let _ = parsed_module(&db, file).body.len();
        let index = gradus_index::semantic_index(&db, file);
        let _ = index.scope_count();
    }
    out
}

/// Splits fuzzer bytes into up to three files of a small package, so that
/// imports between them (cycles, self-imports, relative imports) are explored.
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    const NAMES: [&str; 3] = ["main.py", "pkg/__init__.py", "pkg/mod.py"];
    let mut files = Vec::new();
    let mut rest = data;
    for (i, name) in NAMES.iter().enumerate() {
        let sep = b"\n#---\n";
        let end = if i + 1 == NAMES.len() {
            None
        } else {
            rest.windows(sep.len()).position(|w| w == sep)
        };
        match end {
            Some(end) => {
                files.push((name.to_string(), rest[..end].to_vec()));
                rest = &rest[end + sep.len()..];
            }
            None => {
                files.push((name.to_string(), rest.to_vec()));
                break;
            }
        }
    }
    files
}

/// Adapts the fuzzer's bytes to the generator's choices.
pub struct FuzzChoices<'a, 'b>(pub &'b mut arbitrary::Unstructured<'a>);

impl program_gen::Choices for FuzzChoices<'_, '_> {
    fn pick(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.0.choose_index(n).unwrap_or(0)
    }
}
