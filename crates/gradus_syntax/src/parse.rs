//! Parsing: a fast path for valid files and recovery for the rest.
//!
//! A valid file costs one scan and one parse. Before parsing, a few
//! same-length rewrites work around gaps of the parser (all offsets stay
//! those of the original text):
//!
//! ```python
//! def f[T = int](): ...   # PEP 696 default: blanked, parsed separately
//! \t                      # (after spaces) on a blank line: made spaces
//! x = 1\0                 # NUL byte: reported, made a space
//! ```
//!
//! Brackets nested deeper than 200, blocks deeper than 100, f-strings
//! nested deeper than 150 and lines whose expressions may nest deeper than
//! 20,000 are reported and their chunk is never given to the parser. When
//! the file does not parse, [`crate::recovery`] parses it chunk by chunk.
//! After parsing, expressions nested deeper than [`crate::MAX_EXPR_DEPTH`]
//! are reported and cut out ([`crate::depth`]).
//!
//! Resource guarantees of [`parse_module`], whatever the input: time and
//! memory linear in its length; stack depth bounded by the limits above
//! (a few MiB of stack are enough); the AST it returns nests at most
//! [`MAX_INDENT_LEVELS`] blocks (plus `elif` chains, which walkers must
//! follow iteratively) and [`crate::MAX_EXPR_DEPTH`] expression levels, and
//! is dropped without deep recursion.

use crate::ast;
use crate::depth::{dismantle_stmts, limit_depth, limit_expr};
use crate::pep696::{blank_defaults, resolve_defaults};
use crate::recovery::{chunks, parse_at, parse_chunk};
use crate::scan::{scan, Kind, Scan, MAX_FSTRING_NESTING, MAX_LINE_COMPLEXITY, MAX_NESTING};
use crate::{TextRange, TextSize};

/// A syntax error with the range it covers (often empty: a point).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// A PEP 696 default of a type parameter (`def f[T = int]`), which the parser
/// does not keep in its AST: keyed by the range of the `TypeParam` node
/// (`T`, `T: int`, `*Ts`, `**P`; the default is not part of it).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeParamDefault {
    pub param_range: TextRange,
    pub default: ast::Expr,
}

/// A module's statements and the syntax errors found while parsing it.
/// Statements of broken regions are missing; everything else is present.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedModule {
    pub body: Vec<ast::Stmt>,
    pub errors: Vec<SyntaxError>,
    pub type_param_defaults: Vec<TypeParamDefault>,
    /// The ranges of all comments (`#` up to the end of the line), in order.
    pub comments: Vec<TextRange>,
}

impl Drop for ParsedModule {
    fn drop(&mut self) {
        // `elif` chains nest without bound: no recursive drop.
        dismantle_stmts(std::mem::take(&mut self.body));
    }
}

impl ParsedModule {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The PEP 696 default of the type parameter whose node has `range`.
    pub fn type_param_default(&self, range: TextRange) -> Option<&ast::Expr> {
        self.type_param_defaults
            .iter()
            .find(|d| d.param_range == range)
            .map(|d| &d.default)
    }
}

// Budget: see `gradus_budgets`.
pub use gradus_budgets::PARSE_MAX_INDENT_LEVELS as MAX_INDENT_LEVELS;

fn error_at(offset: usize, message: impl Into<String>) -> crate::SyntaxError {
    SyntaxError {
        range: TextRange::empty(TextSize::from(offset as u32)),
        message: message.into(),
    }
}

/// Parses a module. Never fails: syntax errors are returned in the module.
///
/// All ranges are byte offsets into `source`.
pub fn parse_module(source: &str) -> ParsedModule {
    let scan = scan(source);
    let mut errors = Vec::new();
    let mut work: Vec<u8> = source.as_bytes().to_vec();

    // NUL bytes: the lexer rejects them; report once per run and go on.
    let mut prev_nul = false;
    for (i, b) in work.iter_mut().enumerate() {
        let nul = *b == 0;
        if nul {
            if !prev_nul {
                errors.push(error_at(i, "source code cannot contain null bytes"));
            }
            *b = b' ';
        }
        prev_nul = nul;
    }

    let deep_blocks = fix_indentation(source, &scan, &mut work, &mut errors);
    let pending = blank_defaults(source, &scan, &mut work);
    let work = String::from_utf8(work).expect("only ASCII bytes were replaced");

    // Places whose chunk is never given to the parser, with the reason.
    let mut refused: Vec<(usize, String)> = Vec::new();
    refused.extend(scan.too_deep.iter().map(|&d| {
        (
            d,
            format!("too many nested parentheses (limit {MAX_NESTING})"),
        )
    }));
    refused.extend(deep_blocks.iter().map(|&d| {
        (
            d,
            format!("too many levels of indentation (limit {MAX_INDENT_LEVELS})"),
        )
    }));
    refused.extend(scan.deep_fstrings.iter().map(|&d| {
        (
            d,
            format!("too many nested f-strings (limit {MAX_FSTRING_NESTING})"),
        )
    }));
    refused.extend(scan.too_complex.iter().map(|&d| {
        (
            d,
            format!(
                "expression nested too deeply to parse (limit {MAX_LINE_COMPLEXITY} \
                 nested operators)"
            ),
        )
    }));
    refused.sort_by_key(|r| r.0);

    let mut body = Vec::new();
    let whole_ok = refused.is_empty();
    let parsed = if whole_ok {
        parse_at(&work, 0).ok()
    } else {
        None
    };
    match parsed {
        Some(stmts) => body = stmts,
        None => {
            for (start, end) in chunks(&work, &scan) {
                let lo = refused.partition_point(|r| r.0 < start);
                let hi = refused.partition_point(|r| r.0 < end);
                if lo < hi {
                    for (at, message) in &refused[lo..hi] {
                        errors.push(error_at(*at, message.clone()));
                    }
                    continue;
                }
                parse_chunk(&work, &scan, start, end, &mut body, &mut errors);
            }
        }
    }
    limit_depth(&mut body, &mut errors);
    let mut type_param_defaults = resolve_defaults(source, &pending, &body, &mut errors);
    type_param_defaults.retain_mut(|d| !limit_expr(&mut d.default, &mut errors));
    errors.sort_by_key(|e| e.range.start());
    errors.dedup();
    let comments = scan
        .tokens
        .iter()
        .filter(|t| t.kind == Kind::Comment)
        .map(|t| TextRange::new(TextSize::from(t.start), TextSize::from(t.end)))
        .collect();
    ParsedModule {
        body,
        errors,
        type_param_defaults,
        comments,
    }
}

/// Indentation the parser gets wrong or cannot survive.
///
/// * Spaces then tabs on a blank or comment-only line: CPython ignores such
///   lines, the parser rejects them; they become spaces.
/// * Spaces then tabs on code lines: CPython accepts them when the
///   indentation is consistent with tabs of width 8 *and* width 1. We check
///   exactly that here, then turn all indentation into spaces (width 1,
///   same bytes) so the parser sees the same block structure.
/// * Blocks nested deeper than [`MAX_INDENT_LEVELS`]: returned (offsets of
///   the offending lines) so their chunk is not parsed.
fn fix_indentation(
    source: &str,
    scan: &Scan,
    work: &mut [u8],
    errors: &mut Vec<SyntaxError>,
) -> Vec<usize> {
    let b = source.as_bytes();
    let mut mixed = false;
    for line in &scan.lines {
        let ws = &b[line.start..line.start + line.indent];
        let tab_after_space = ws.iter().skip_while(|&&c| c != b' ').any(|&c| c == b'\t');
        if !tab_after_space {
            continue;
        }
        if line.blank {
            for c in &mut work[line.start..line.start + line.indent] {
                *c = b' ';
            }
        } else {
            mixed = true;
        }
    }
    // (col with tabs of 8, col with tabs of 1)
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    let mut deep = Vec::new();
    for line in scan.lines.iter().filter(|l| !l.blank) {
        let ws = &b[line.start..line.start + line.indent];
        let (mut col, mut alt) = (0usize, 0usize);
        for &c in ws {
            match c {
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt += 1;
                }
                b'\x0c' => {
                    col = 0;
                    alt = 0;
                }
                _ => {
                    col += 1;
                    alt += 1;
                }
            }
        }
        let &(top, top_alt) = stack.last().unwrap();
        if col > top {
            if mixed && alt <= top_alt {
                errors.push(error_at(
                    line.start,
                    "inconsistent use of tabs and spaces in indentation",
                ));
            }
            stack.push((col, alt));
            if stack.len() - 1 == MAX_INDENT_LEVELS + 1 {
                deep.push(line.start + line.indent);
            }
        } else {
            while stack.len() > 1 && stack.last().unwrap().0 > col {
                stack.pop();
            }
            let &(top, top_alt) = stack.last().unwrap();
            if mixed && top == col && top_alt != alt {
                errors.push(error_at(
                    line.start,
                    "inconsistent use of tabs and spaces in indentation",
                ));
            }
        }
    }
    if mixed {
        for line in scan.lines.iter().filter(|l| !l.blank) {
            for c in &mut work[line.start..line.start + line.indent] {
                if *c == b'\t' {
                    *c = b' ';
                }
            }
        }
    }
    deep
}
