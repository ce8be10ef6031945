//! The parser facade: the only crate that touches `rustpython-parser`.
//!
//! Everything above this layer sees Python source through three things:
//! [`decode_source`] turns bytes into text (BOM, PEP 263 coding lines, invalid
//! UTF-8), [`parse_module`] turns text into a [`ParsedModule`] that is *always*
//! produced — syntax errors are collected beside a best-effort AST instead of
//! replacing it — and [`LineIndex`] maps byte offsets to lines and columns in the
//! three units users and editors care about (bytes, code points, UTF-16).
//!
//! ```python
//! x: int = 1
//! def broken(:        # a syntax error here ...
//!     pass
//! y: str = x          # ... must not hide this statement from the checker
//! ```
//!
//! The AST types are re-exported as [`ast`] so that other crates never name the
//! parser crate; swapping parsers later is then a change to this crate only.

mod decode;
mod depth;
mod fstrings;
mod line_index;
mod messages;
mod parse;
#[cfg(test)]
mod parse_tests;
mod pep696;
mod recovery;
mod scan;

pub use decode::{decode_source, DecodedSource};
pub use depth::MAX_EXPR_DEPTH;
pub use line_index::{LineCol, LineIndex};
pub use parse::{parse_module, ParsedModule, SyntaxError, TypeParamDefault, MAX_INDENT_LEVELS};

/// The AST, re-exported from the parser.
pub use rustpython_parser::ast;
/// Byte offsets and ranges (`u32`), re-exported from the parser.
pub use rustpython_parser::text_size::{TextLen, TextRange, TextSize};

/// Parses `source` as a single expression whose first byte is at `offset`
/// of the file (string annotations, PEP 696 defaults).
pub fn parse_expression_at(source: &str, offset: TextSize) -> Result<ast::Expr, SyntaxError> {
    <ast::Expr as rustpython_parser::Parse>::parse_starts_at(source, "<expression>", offset)
        .map_err(|err| SyntaxError {
            range: TextRange::empty(err.offset),
            message: err.error.to_string(),
        })
}
