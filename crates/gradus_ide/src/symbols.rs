//! Document symbols (the outline) and folding ranges, from the AST alone.

use gradus_db::{parsed_module, source_text, Db, File};
use gradus_syntax::ast::{self, Ranged, Stmt};
use gradus_syntax::{TextRange, TextSize};

use crate::scan::name_after_keyword;

/// What a symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Class,
    Function,
    Method,
    Variable,
    Constant,
    TypeAlias,
}

/// An entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The whole definition (for a function: decorators to the end of body).
    pub range: TextRange,
    /// The name itself.
    pub selection_range: TextRange,
    /// A one-line detail, such as a function's parameter list.
    pub detail: Option<String>,
    pub children: Vec<Symbol>,
}

/// The outline of `file`: classes, functions, methods and module- or
/// class-level variables, nested as in the source.
pub fn document_symbols(db: &dyn Db, file: File) -> Vec<Symbol> {
    let parsed = parsed_module(db, file);
    let text = &source_text(db, file).text;
    let mut out = Vec::new();
    collect_symbols(text, &parsed.body, Container::Module, &mut out);
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Module,
    Class,
    Function,
}

fn collect_symbols(text: &str, body: &[Stmt], container: Container, out: &mut Vec<Symbol>) {
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(f) => out.push(function_symbol(
                text,
                stmt.range(),
                f.name.as_str(),
                &f.args,
                &f.body,
                container,
                &f.decorator_list,
            )),
            Stmt::AsyncFunctionDef(f) => out.push(function_symbol(
                text,
                stmt.range(),
                f.name.as_str(),
                &f.args,
                &f.body,
                container,
                &f.decorator_list,
            )),
            Stmt::ClassDef(c) => {
                let range = with_decorators(stmt.range(), &c.decorator_list);
                let selection = name_after_keyword(
                    text,
                    usize::from(range.start()),
                    usize::from(range.end()),
                    "class",
                    c.name.as_str(),
                )
                .unwrap_or(stmt.range());
                let mut children = Vec::new();
                collect_symbols(text, &c.body, Container::Class, &mut children);
                out.push(Symbol {
                    name: c.name.to_string(),
                    kind: SymbolKind::Class,
                    range,
                    selection_range: selection,
                    detail: None,
                    children,
                });
            }
            Stmt::Assign(a) if container != Container::Function => {
                for target in &a.targets {
                    variable_symbols(target, stmt.range(), out);
                }
            }
            Stmt::AnnAssign(a) if container != Container::Function => {
                variable_symbols(&a.target, stmt.range(), out);
            }
            Stmt::TypeAlias(a) => {
                if let ast::Expr::Name(name) = a.name.as_ref() {
                    out.push(Symbol {
                        name: name.id.to_string(),
                        kind: SymbolKind::TypeAlias,
                        range: stmt.range(),
                        selection_range: name.range,
                        detail: None,
                        children: Vec::new(),
                    });
                }
            }
            // Definitions under `if TYPE_CHECKING:`, `try:` and the like
            // still belong to the enclosing container.
            Stmt::If(s) if container != Container::Function => {
                collect_symbols(text, &s.body, container, out);
                collect_symbols(text, &s.orelse, container, out);
            }
            Stmt::Try(s) if container != Container::Function => {
                collect_symbols(text, &s.body, container, out);
                for handler in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    collect_symbols(text, &h.body, container, out);
                }
                collect_symbols(text, &s.orelse, container, out);
                collect_symbols(text, &s.finalbody, container, out);
            }
            _ => {}
        }
    }
}

fn with_decorators(range: TextRange, decorators: &[ast::Expr]) -> TextRange {
    match decorators.first() {
        // The decorator expression starts after its `@`.
        Some(first) if first.range().start() < range.start() => {
            TextRange::new(first.range().start() - TextSize::from(1), range.end())
        }
        _ => range,
    }
}

fn function_symbol(
    text: &str,
    range: TextRange,
    name: &str,
    args: &ast::Arguments,
    body: &[Stmt],
    container: Container,
    decorators: &[ast::Expr],
) -> Symbol {
    let full = with_decorators(range, decorators);
    let selection = name_after_keyword(
        text,
        usize::from(full.start()),
        usize::from(full.end()),
        "def",
        name,
    )
    .unwrap_or(range);
    let mut children = Vec::new();
    collect_symbols(text, body, Container::Function, &mut children);
    let detail = parameters_text(text, args);
    Symbol {
        name: name.to_owned(),
        kind: if container == Container::Class {
            SymbolKind::Method
        } else {
            SymbolKind::Function
        },
        range: full,
        selection_range: selection,
        detail,
        children,
    }
}

/// `(a, b: int = 1)`: the parameter list as written, on one line.
fn parameters_text(text: &str, args: &ast::Arguments) -> Option<String> {
    let mut parts: Vec<(TextSize, String)> = Vec::new();
    let mut push = |prefix: &str, range: TextRange| {
        if let Some(src) = text.get(usize::from(range.start())..usize::from(range.end())) {
            let one_line = src.split_whitespace().collect::<Vec<_>>().join(" ");
            parts.push((range.start(), format!("{prefix}{one_line}")));
        }
    };
    for a in args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
    {
        push("", a.range());
    }
    if let Some(a) = &args.vararg {
        push("*", a.range());
    }
    if let Some(a) = &args.kwarg {
        push("**", a.range());
    }
    parts.sort_by_key(|(start, _)| *start);
    let parts: Vec<String> = parts.into_iter().map(|(_, s)| s).collect();
    let joined = format!("({})", parts.join(", "));
    Some(if joined.len() > 120 {
        format!("{}…)", &joined[..joined.floor_char_boundary(117)])
    } else {
        joined
    })
}

fn variable_symbols(target: &ast::Expr, stmt_range: TextRange, out: &mut Vec<Symbol>) {
    match target {
        ast::Expr::Name(name) => {
            let id = name.id.as_str();
            let constant = id.len() > 1
                && id
                    .chars()
                    .all(|c| c.is_uppercase() || c == '_' || c.is_ascii_digit());
            out.push(Symbol {
                name: id.to_owned(),
                kind: if constant {
                    SymbolKind::Constant
                } else {
                    SymbolKind::Variable
                },
                range: stmt_range,
                selection_range: name.range,
                detail: None,
                children: Vec::new(),
            });
        }
        ast::Expr::Tuple(t) => {
            for e in &t.elts {
                variable_symbols(e, stmt_range, out);
            }
        }
        ast::Expr::List(t) => {
            for e in &t.elts {
                variable_symbols(e, stmt_range, out);
            }
        }
        ast::Expr::Starred(s) => variable_symbols(&s.value, stmt_range, out),
        _ => {}
    }
}

/// What a folding range folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldingKind {
    /// A compound statement's block.
    Region,
    /// A run of import statements.
    Imports,
    /// A run of comment lines.
    Comment,
}

/// A foldable range; the server turns it into lines and drops those that
/// span a single line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldingRange {
    pub range: TextRange,
    pub kind: FoldingKind,
}

/// The folding ranges of `file`: blocks of compound statements (functions,
/// classes, `if`/`for`/`while`/`with`/`try`/`match` and their clauses), runs
/// of imports and runs of comment lines.
pub fn folding_ranges(db: &dyn Db, file: File) -> Vec<FoldingRange> {
    let parsed = parsed_module(db, file);
    let text = &source_text(db, file).text;
    let mut out = Vec::new();
    fold_body(&parsed.body, &mut out);
    // Runs of comment-only lines.
    let mut run: Option<(TextSize, TextSize, usize)> = None;
    for comment in &parsed.comments {
        let start = usize::from(comment.start());
        let own_line = text[..start]
            .rsplit(['\n', '\r'])
            .next()
            .is_some_and(|prefix| prefix.trim().is_empty());
        if !own_line {
            continue;
        }
        let line_no = text[..start].matches('\n').count();
        match &mut run {
            Some((_, end, last_line)) if *last_line + 1 == line_no => {
                *end = comment.end();
                *last_line = line_no;
            }
            _ => {
                if let Some((s, e, _)) = run.take() {
                    out.push(FoldingRange {
                        range: TextRange::new(s, e),
                        kind: FoldingKind::Comment,
                    });
                }
                run = Some((comment.start(), comment.end(), line_no));
            }
        }
    }
    if let Some((s, e, _)) = run {
        out.push(FoldingRange {
            range: TextRange::new(s, e),
            kind: FoldingKind::Comment,
        });
    }
    out.sort_by_key(|f| (f.range.start(), std::cmp::Reverse(f.range.end())));
    out
}

fn block(body: &[Stmt]) -> Option<TextRange> {
    let first = body.first()?;
    let last = body.last()?;
    Some(TextRange::new(first.range().start(), last.range().end()))
}

fn fold_block(header_start: TextSize, body: &[Stmt], out: &mut Vec<FoldingRange>) {
    if let Some(b) = block(body) {
        out.push(FoldingRange {
            range: TextRange::new(header_start, b.end()),
            kind: FoldingKind::Region,
        });
        fold_body(body, out);
    }
}

fn fold_clause(body: &[Stmt], out: &mut Vec<FoldingRange>) {
    // An `else:`/`except:` clause: fold from the line before its body.
    if let Some(b) = block(body) {
        out.push(FoldingRange {
            range: b,
            kind: FoldingKind::Region,
        });
        fold_body(body, out);
    }
}

fn fold_body(body: &[Stmt], out: &mut Vec<FoldingRange>) {
    let mut imports: Option<TextRange> = None;
    for stmt in body {
        let is_import = matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_));
        if is_import {
            imports = Some(match imports {
                Some(r) => TextRange::new(r.start(), stmt.range().end()),
                None => stmt.range(),
            });
            continue;
        }
        if let Some(r) = imports.take() {
            out.push(FoldingRange {
                range: r,
                kind: FoldingKind::Imports,
            });
        }
        let start = stmt.range().start();
        match stmt {
            Stmt::FunctionDef(s) => fold_block(start, &s.body, out),
            Stmt::AsyncFunctionDef(s) => fold_block(start, &s.body, out),
            Stmt::ClassDef(s) => fold_block(start, &s.body, out),
            Stmt::If(s) => {
                fold_block(start, &s.body, out);
                fold_clause(&s.orelse, out);
            }
            Stmt::For(s) => {
                fold_block(start, &s.body, out);
                fold_clause(&s.orelse, out);
            }
            Stmt::AsyncFor(s) => {
                fold_block(start, &s.body, out);
                fold_clause(&s.orelse, out);
            }
            Stmt::While(s) => {
                fold_block(start, &s.body, out);
                fold_clause(&s.orelse, out);
            }
            Stmt::With(s) => fold_block(start, &s.body, out),
            Stmt::AsyncWith(s) => fold_block(start, &s.body, out),
            Stmt::Try(s) => {
                fold_block(start, &s.body, out);
                for handler in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    fold_block(h.range.start(), &h.body, out);
                }
                fold_clause(&s.orelse, out);
                fold_clause(&s.finalbody, out);
            }
            Stmt::TryStar(s) => {
                fold_block(start, &s.body, out);
                for handler in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    fold_block(h.range.start(), &h.body, out);
                }
                fold_clause(&s.orelse, out);
                fold_clause(&s.finalbody, out);
            }
            Stmt::Match(s) => {
                out.push(FoldingRange {
                    range: stmt.range(),
                    kind: FoldingKind::Region,
                });
                for case in &s.cases {
                    fold_block(case.range.start(), &case.body, out);
                }
            }
            _ => {}
        }
    }
    if let Some(r) = imports {
        out.push(FoldingRange {
            range: r,
            kind: FoldingKind::Imports,
        });
    }
}
