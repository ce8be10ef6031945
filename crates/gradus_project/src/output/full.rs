//! `full`: a code frame per diagnostic (rendered by `annotate-snippets`),
//! then the summary line.
//!
//! ```text
//! error[unresolved-import]: Cannot resolve imported module `missing`
//!  --> app.py:1:8
//!   |
//! 1 | import missing
//!   |        ^^^^^^^
//!   |
//!   = help: `gradus explain unresolved-import` describes this rule
//! ```

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet};
use gradus_db::{line_index, source_text, Db, Diagnostic, Severity};
use gradus_syntax::LineIndex;

use super::{display_path, summary_line_styled, ReportOptions};
use crate::CheckResult;

/// Lines shown at most for a diagnostic spanning many lines.
const MAX_FRAME_LINES: u32 = 8;

pub(super) fn render(db: &dyn Db, result: &CheckResult, options: &ReportOptions) -> String {
    let renderer = if options.styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in &result.diagnostics {
        out.push_str(&render_one(db, diagnostic, options, &renderer));
        out.push_str("\n\n");
    }
    out.push_str(&summary_line_styled(
        db,
        result,
        options.elapsed,
        options.styled,
    ));
    out.push('\n');
    out
}

/// The text of zero-based `line` without its line break.
fn line_text<'t>(text: &'t str, index: &LineIndex, line: u32) -> &'t str {
    let start = usize::from(index.line_start(line));
    let end = if (line as usize + 1) < index.line_count() {
        usize::from(index.line_start(line + 1))
    } else {
        text.len()
    };
    text.get(start..end)
        .unwrap_or("")
        .trim_end_matches(['\r', '\n'])
}

/// A window of whole lines around a range: its text (lines joined by `\n`,
/// whatever the file's line breaks) and a function mapping file offsets
/// inside it to window offsets.
struct Window {
    first_line: u32,
    text: String,
    /// (file offset of the line start, window offset of the line start, length).
    lines: Vec<(usize, usize, usize)>,
}

impl Window {
    fn new(text: &str, index: &LineIndex, first: u32, last: u32) -> Window {
        let mut window = Window {
            first_line: first,
            text: String::new(),
            lines: Vec::new(),
        };
        for line in first..=last {
            let content = line_text(text, index, line);
            window.lines.push((
                usize::from(index.line_start(line)),
                window.text.len(),
                content.len(),
            ));
            window.text.push_str(content);
            window.text.push('\n');
        }
        window
    }

    fn map(&self, offset: usize) -> usize {
        for &(file_start, window_start, len) in self.lines.iter().rev() {
            if offset >= file_start {
                return window_start + (offset - file_start).min(len);
            }
        }
        0
    }
}

fn render_one(
    db: &dyn Db,
    diagnostic: &Diagnostic,
    options: &ReportOptions,
    renderer: &Renderer,
) -> String {
    let text = &source_text(db, diagnostic.file).text;
    let index = line_index(db, diagnostic.file);
    let path = display_path(diagnostic.file.path(db), options.cwd);
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = level
        .clone()
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code);
    let help = Level::HELP.message(format!(
        "`gradus explain {}` describes this rule",
        diagnostic.code
    ));
    if text.is_empty() {
        let group = Group::with_title(title)
            .element(Origin::path(path.as_str()).line(1).char_column(1))
            .element(help);
        return renderer.render(&[group]);
    }
    let start = diagnostic.range.start();
    let end = diagnostic.range.end().max(start);
    let first = index.line_of(start);
    let last = index.line_of(end).min(first + MAX_FRAME_LINES - 1);
    let window = Window::new(text, index, first, last);
    let mut span_start = window.map(usize::from(start));
    let mut span_end = window.map(usize::from(end));
    if span_end <= span_start {
        // An empty range: point at one character (or the line's end).
        span_end = window.text[span_start..]
            .chars()
            .next()
            .filter(|c| *c != '\n')
            .map_or(span_start, |c| span_start + c.len_utf8());
        if span_end == span_start
            && span_start > 0
            && window.text.as_bytes()[span_start - 1] != b'\n'
        {
            span_start -= 1;
        }
    }
    let snippet = Snippet::source(window.text.as_str())
        .line_start(window.first_line as usize + 1)
        .path(path.as_str())
        .fold(true)
        .annotation(AnnotationKind::Primary.span(span_start..span_end));
    let mut groups = vec![Group::with_title(title).element(snippet).element(help)];
    if let Some((range, replacement)) = gradus_check::unused_ignore_fix(text, diagnostic) {
        let fix_first = index.line_of(range.start());
        let fix_last = index.line_of(range.end().max(range.start()));
        let fix_last = if fix_last > fix_first
            && usize::from(range.end()) == usize::from(index.line_start(fix_last))
        {
            fix_last - 1
        } else {
            fix_last
        };
        let fix_window = Window::new(text, index, fix_first, fix_last);
        let fix_span =
            fix_window.map(usize::from(range.start()))..fix_window.map(usize::from(range.end()));
        groups.push(
            Level::HELP
                .secondary_title("remove the unused suppression")
                .element(
                    Snippet::source(fix_window.text.clone())
                        .line_start(fix_first as usize + 1)
                        .path(path.clone())
                        .patch(Patch::new(fix_span, replacement)),
                ),
        );
    }
    renderer.render(&groups)
}
