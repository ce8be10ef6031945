//! Rendering diagnostics for people and machines (`--output-format`).
//!
//! The default `concise` format is one line per diagnostic, the shape every
//! editor's "problem matcher" and the conformance tools understand:
//!
//! ```text
//! src/app.py:3:8: error[unresolved-import]: Cannot resolve imported module `foo` ...
//! Found 1 error in 1 file (checked 4 files in 0.03s)
//! ```
//!
//! The other formats: `full` (a code frame per diagnostic), `json`, `github`
//! (workflow commands that GitHub Actions shows as annotations), `gitlab`
//! (a GitLab code quality report), `junit` (JUnit XML) and `sarif` (SARIF
//! 2.1.0). Only the human formats (`concise`, `full`) carry styles and the
//! elapsed time; machine formats are byte-for-byte reproducible.

mod full;
mod github;
mod gitlab;
mod json;
mod junit;
mod sarif;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anstyle::{AnsiColor, Effects, Style};
use gradus_db::{line_index, source_text, Db, Diagnostic, File, FilePath, Severity};

use crate::CheckResult;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    Concise,
    Full,
    Json,
    Github,
    Gitlab,
    Junit,
    Sarif,
}

impl OutputFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: &'static [OutputFormat] = &[
        OutputFormat::Concise,
        OutputFormat::Full,
        OutputFormat::Json,
        OutputFormat::Github,
        OutputFormat::Gitlab,
        OutputFormat::Junit,
        OutputFormat::Sarif,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Concise => "concise",
            OutputFormat::Full => "full",
            OutputFormat::Json => "json",
            OutputFormat::Github => "github",
            OutputFormat::Gitlab => "gitlab",
            OutputFormat::Junit => "junit",
            OutputFormat::Sarif => "sarif",
        }
    }

    pub fn parse(name: &str) -> Option<OutputFormat> {
        Self::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Formats meant for people: styled, with the elapsed time.
    pub fn is_human(self) -> bool {
        matches!(self, OutputFormat::Concise | OutputFormat::Full)
    }
}

/// How to render a report.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions<'a> {
    /// Paths are shown relative to this directory when below it.
    pub cwd: &'a Path,
    /// The project root: fingerprints (gitlab, sarif) use paths relative to it.
    pub root: &'a Path,
    /// Shown in the summary of human formats.
    pub elapsed: Option<Duration>,
    /// Emit ANSI styles (human formats only); the caller strips them when the
    /// destination has no colours.
    pub styled: bool,
}

/// The whole report in `format`.
pub fn render_report(
    db: &dyn Db,
    result: &CheckResult,
    format: OutputFormat,
    options: &ReportOptions,
) -> String {
    match format {
        OutputFormat::Concise => {
            let mut out = String::new();
            for d in &result.diagnostics {
                out.push_str(&render_concise_styled(db, d, options.cwd, options.styled));
                out.push('\n');
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
        OutputFormat::Full => full::render(db, result, options),
        OutputFormat::Json => json::render(db, result, options),
        OutputFormat::Github => github::render(db, result, options),
        OutputFormat::Gitlab => gitlab::render(db, result, options),
        OutputFormat::Junit => junit::render(db, result, options),
        OutputFormat::Sarif => sarif::render(db, result, options),
    }
}

/// Where a diagnostic is: display path and one-based line and column
/// (columns count code points, as editors show them).
pub fn diagnostic_location(
    db: &dyn Db,
    file: File,
    offset: gradus_syntax::TextSize,
    cwd: &Path,
) -> (String, u32, u32) {
    let path = display_path(file.path(db), cwd);
    let (line, col) = line_col(db, file, offset);
    (path, line, col)
}

/// One-based line and column (in code points) of `offset` in `file`.
pub fn line_col(db: &dyn Db, file: File, offset: gradus_syntax::TextSize) -> (u32, u32) {
    let text = &source_text(db, file).text;
    let pos = line_index(db, file).line_col_chars(offset, text);
    (pos.line + 1, pos.col + 1)
}

/// One-based start and end `(line, column)` of a diagnostic.
pub fn diagnostic_span(db: &dyn Db, diagnostic: &Diagnostic) -> ((u32, u32), (u32, u32)) {
    (
        line_col(db, diagnostic.file, diagnostic.range.start()),
        line_col(db, diagnostic.file, diagnostic.range.end()),
    )
}

/// A path relative to `cwd` when below it, with `/` separators.
pub fn display_path(path: &FilePath, cwd: &Path) -> String {
    match path {
        FilePath::System(p) => {
            let rel = p.strip_prefix(cwd).unwrap_or(p);
            rel.to_string_lossy().replace('\\', "/")
        }
        FilePath::Vendored(_) => path.display(),
    }
}

/// One line: `path:line:col: severity[code]: message`.
pub fn render_concise(db: &dyn Db, diagnostic: &Diagnostic, cwd: &Path) -> String {
    render_concise_styled(db, diagnostic, cwd, false)
}

/// The style of a severity's name.
pub(crate) fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::BrightRed.on_default().effects(Effects::BOLD),
        Severity::Warning => AnsiColor::Yellow.on_default().effects(Effects::BOLD),
        Severity::Info => AnsiColor::BrightBlue.on_default().effects(Effects::BOLD),
    }
}

fn paint(text: &str, style: Style, styled: bool) -> String {
    if styled {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

/// [`render_concise`], with ANSI styles when `styled`.
pub fn render_concise_styled(
    db: &dyn Db,
    diagnostic: &Diagnostic,
    cwd: &Path,
    styled: bool,
) -> String {
    let (path, line, col) = diagnostic_location(db, diagnostic.file, diagnostic.range.start(), cwd);
    let location = paint(
        &format!("{path}:{line}:{col}:"),
        Style::new().effects(Effects::BOLD),
        styled,
    );
    let severity = paint(
        diagnostic.severity.as_str(),
        severity_style(diagnostic.severity),
        styled,
    );
    format!(
        "{location} {severity}[{}]: {}",
        diagnostic.code,
        diagnostic.message.replace('\n', " ")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The summary line: `Found 2 errors in 1 file (checked 3 files)` or
/// `All checks passed (checked 3 files)`.
pub fn summary_line(db: &dyn Db, result: &CheckResult) -> String {
    summary_line_styled(db, result, None, false)
}

/// The summary line with the elapsed time (`(checked 3 files in 0.02s)`)
/// and, when `styled`, colours.
pub fn summary_line_styled(
    db: &dyn Db,
    result: &CheckResult,
    elapsed: Option<Duration>,
    styled: bool,
) -> String {
    let errors = result.count(Severity::Error);
    let warnings = result.count(Severity::Warning);
    let mut checked = plural(result.checked_files, "file");
    if let Some(elapsed) = elapsed {
        let _ = write!(checked, " in {:.2}s", elapsed.as_secs_f64());
    }
    if errors == 0 && warnings == 0 {
        let passed = paint(
            "All checks passed",
            AnsiColor::Green.on_default().effects(Effects::BOLD),
            styled,
        );
        return format!("{passed} (checked {checked})");
    }
    let mut files: Vec<&FilePath> = result
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| d.file.path(db))
        .collect();
    files.sort();
    files.dedup();
    let mut counts = String::new();
    let error_text = paint(
        &plural(errors, "error"),
        severity_style(Severity::Error),
        styled,
    );
    let warning_text = paint(
        &plural(warnings, "warning"),
        severity_style(Severity::Warning),
        styled,
    );
    match (errors, warnings) {
        (_, 0) => counts.push_str(&error_text),
        (0, _) => counts.push_str(&warning_text),
        _ => {
            let _ = write!(counts, "{error_text} and {warning_text}");
        }
    }
    format!(
        "Found {counts} in {} (checked {checked})",
        plural(files.len(), "file")
    )
}

/// The whole concise report: one line per diagnostic, then the summary.
pub fn render_concise_report(db: &dyn Db, result: &CheckResult, cwd: &Path) -> String {
    let options = ReportOptions {
        cwd,
        root: cwd,
        elapsed: None,
        styled: false,
    };
    render_report(db, result, OutputFormat::Concise, &options)
}

/// The trimmed text of the line a diagnostic starts on.
pub(crate) fn source_line(db: &dyn Db, diagnostic: &Diagnostic) -> String {
    let text = &source_text(db, diagnostic.file).text;
    let index = line_index(db, diagnostic.file);
    let line = index.line_of(diagnostic.range.start());
    let start = usize::from(index.line_start(line));
    let end = if (line as usize + 1) < index.line_count() {
        usize::from(index.line_start(line + 1))
    } else {
        text.len()
    };
    text.get(start..end).unwrap_or("").trim().to_owned()
}

/// The documentation of a rule, as `gradus explain` prints it.
pub fn explain_rule(rule: &gradus_check::rules::Rule) -> String {
    let indent = |code: &str| -> String {
        code.lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_owned()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect()
    };
    let mut out = format!("# {}\n\n", rule.code);
    let _ = writeln!(out, "Default severity: {}", rule.default_severity.as_str());
    if !rule.mypy_codes.is_empty() {
        let _ = writeln!(out, "mypy codes: {}", rule.mypy_codes.join(", "));
    }
    if rule.suppressible {
        let _ = writeln!(
            out,
            "Suppress one line with `# gradus: ignore[{}]`; configure with `{} = \"warn\"` in `[tool.gradus.rules]`.",
            rule.code, rule.code
        );
    } else {
        let _ = writeln!(
            out,
            "Comments cannot suppress it; configure with `{} = \"warn\"` in `[tool.gradus.rules]`.",
            rule.code
        );
    }
    let _ = write!(
        out,
        "\n## What it does\n\n{}\n\n## Why\n\n{}\n",
        rule.summary, rule.why
    );
    if !rule.example.is_empty() {
        let _ = write!(out, "\n## Example\n\n{}", indent(rule.example));
    }
    let _ = write!(out, "\n## Fix\n\n{}\n", rule.fix);
    if !rule.fixed.is_empty() {
        let _ = write!(out, "\n{}", indent(rule.fixed));
    }
    out
}
