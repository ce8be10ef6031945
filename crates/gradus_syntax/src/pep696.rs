//! PEP 696 type-parameter defaults, which our parser rejects.
//!
//! ```python
//! def f[T = int](x: T) -> T: ...
//! class C[T, *Ts = *tuple[int], **P = [str]]: ...
//! type A[T = int] = list[T]
//! ```
//!
//! Before parsing, each `= default` inside the type-parameter list of a
//! `def`/`class`/`type` statement is replaced by spaces (line breaks kept), so
//! every offset stays valid. After parsing, each default's text is parsed as
//! an expression at its original offset and attached to the type parameter
//! whose node starts where the parameter started. Brackets elsewhere
//! (`x[f(a=1)]`) are never touched: only the bracket right after the name of
//! a `def`, `class` or `type` statement is a type-parameter list.

use rustpython_parser::text_size::TextSize;
use rustpython_parser::{ast, Parse};

use crate::messages::describe;
use crate::scan::{Kind, Scan, Token};
use crate::{SyntaxError, TextRange, TypeParamDefault};

/// A default blanked out of the text, waiting for its type parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PendingDefault {
    /// Where the type parameter (`T`, `*Ts`, `**P`) starts.
    pub param_start: usize,
    /// The default's text: after `=` to the end of its last token.
    pub start: usize,
    pub end: usize,
}

/// Finds defaults in type-parameter lists and blanks them in `work`.
pub(crate) fn blank_defaults(src: &str, scan: &Scan, work: &mut [u8]) -> Vec<PendingDefault> {
    let toks: Vec<Token> = scan
        .tokens
        .iter()
        .copied()
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    let text = |t: &Token| &src[t.start as usize..t.end as usize];
    let mut out = Vec::new();
    let mut stmt_start = true;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if matches!(t.kind, Kind::Newline | Kind::Nl) {
            stmt_start = true;
            i += 1;
            continue;
        }
        if !stmt_start {
            i += 1;
            continue;
        }
        stmt_start = false;
        let mut k = i;
        if t.kind == Kind::Name && text(&t) == "async" {
            k += 1;
        }
        let is_header = toks
            .get(k)
            .is_some_and(|t| t.kind == Kind::Name && matches!(text(t), "def" | "class" | "type"))
            && toks.get(k + 1).is_some_and(|t| t.kind == Kind::Name)
            && toks
                .get(k + 2)
                .is_some_and(|t| t.kind == Kind::Open && text(t) == "[");
        if !is_header {
            i += 1;
            continue;
        }
        i = scan_list(src, &toks, k + 2, work, &mut out);
    }
    out
}

/// Scans the type-parameter list opening at `toks[open]`; returns the index
/// after it.
fn scan_list(
    src: &str,
    toks: &[Token],
    open: usize,
    work: &mut [u8],
    out: &mut Vec<PendingDefault>,
) -> usize {
    let text = |t: &Token| &src[t.start as usize..t.end as usize];
    let mut depth = 0usize;
    let mut param_start: Option<usize> = None;
    let mut default: Option<(usize, usize)> = None; // (offset of '=', end)
    let mut j = open;
    let finish = |param_start: Option<usize>,
                  default: Option<(usize, usize)>,
                  work: &mut [u8],
                  out: &mut Vec<PendingDefault>| {
        if let (Some(p), Some((eq, end))) = (param_start, default) {
            for b in &mut work[eq..end] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
            out.push(PendingDefault {
                param_start: p,
                start: eq + 1,
                end,
            });
        }
    };
    while j < toks.len() {
        let t = toks[j];
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => {
                depth -= 1;
                if depth == 0 {
                    finish(param_start, default, work, out);
                    return j + 1;
                }
            }
            Kind::Newline => break,
            _ => {}
        }
        if depth == 1 && t.kind == Kind::Op && text(&t) == "," {
            finish(param_start.take(), default.take(), work, out);
        } else if depth == 1 && t.kind == Kind::Op && text(&t) == "=" && default.is_none() {
            let joined = toks
                .get(j + 1)
                .is_some_and(|n| n.start == t.end && text(n) == "=")
                || toks[j - 1].end == t.start
                    && matches!(text(&toks[j - 1]), "=" | "!" | "<" | ">" | ":");
            if param_start.is_some() && !joined {
                default = Some((t.start as usize, t.end as usize));
            }
        } else if j != open && t.kind != Kind::Nl {
            if param_start.is_none() && depth >= 1 && !(depth == 1 && t.kind == Kind::Close) {
                param_start = Some(t.start as usize);
            }
            if let Some((_, end)) = default.as_mut() {
                *end = t.end as usize;
            }
        }
        j += 1;
    }
    j
}

/// Parses the pending defaults and attaches them to the type parameters of
/// `body`. Defaults whose statement did not survive parsing are dropped.
pub(crate) fn resolve_defaults(
    src: &str,
    pending: &[PendingDefault],
    body: &[ast::Stmt],
    errors: &mut Vec<SyntaxError>,
) -> Vec<TypeParamDefault> {
    if pending.is_empty() {
        return Vec::new();
    }
    let mut params = Vec::new();
    collect_type_params(body, &mut params);
    params.sort_by_key(|r: &TextRange| r.start());
    let mut out = Vec::new();
    for p in pending {
        let Ok(idx) =
            params.binary_search_by_key(&TextSize::from(p.param_start as u32), |r| r.start())
        else {
            continue;
        };
        let raw = &src[p.start..p.end];
        let flat: String = raw
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        let lead = flat.len() - flat.trim_start().len();
        let expr_start = p.start + lead;
        let trimmed = flat.trim();
        if trimmed.is_empty() {
            errors.push(SyntaxError {
                range: TextRange::empty(TextSize::from(p.start as u32 - 1)),
                message: "expected a default after '='".to_owned(),
            });
            continue;
        }
        let (star, expr_text, at) = match trimmed.strip_prefix('*') {
            Some(rest) => (true, rest, expr_start + 1),
            None => (false, trimmed, expr_start),
        };
        match ast::Expr::parse_starts_at(expr_text, "<default>", TextSize::from(at as u32)) {
            Ok(expr) => {
                let default = if star {
                    let range = TextRange::new(
                        TextSize::from(expr_start as u32),
                        ast::Ranged::range(&expr).end(),
                    );
                    ast::Expr::Starred(ast::ExprStarred {
                        range,
                        value: Box::new(expr),
                        ctx: ast::ExprContext::Load,
                    })
                } else {
                    expr
                };
                out.push(TypeParamDefault {
                    param_range: params[idx],
                    default,
                });
            }
            Err(err) => errors.push(SyntaxError {
                range: TextRange::empty(err.offset),
                message: describe(&err.error),
            }),
        }
    }
    out
}

fn collect_type_params(body: &[ast::Stmt], out: &mut Vec<TextRange>) {
    use ast::Stmt;
    let params = |tps: &[ast::TypeParam], out: &mut Vec<TextRange>| {
        out.extend(tps.iter().map(ast::Ranged::range));
    };
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(s) => {
                params(&s.type_params, out);
                collect_type_params(&s.body, out);
            }
            Stmt::AsyncFunctionDef(s) => {
                params(&s.type_params, out);
                collect_type_params(&s.body, out);
            }
            Stmt::ClassDef(s) => {
                params(&s.type_params, out);
                collect_type_params(&s.body, out);
            }
            Stmt::TypeAlias(s) => params(&s.type_params, out),
            Stmt::If(s) => {
                collect_type_params(&s.body, out);
                collect_type_params(&s.orelse, out);
            }
            Stmt::For(s) => {
                collect_type_params(&s.body, out);
                collect_type_params(&s.orelse, out);
            }
            Stmt::AsyncFor(s) => {
                collect_type_params(&s.body, out);
                collect_type_params(&s.orelse, out);
            }
            Stmt::While(s) => {
                collect_type_params(&s.body, out);
                collect_type_params(&s.orelse, out);
            }
            Stmt::With(s) => collect_type_params(&s.body, out),
            Stmt::AsyncWith(s) => collect_type_params(&s.body, out),
            Stmt::Try(s) => {
                collect_type_params(&s.body, out);
                for ast::ExceptHandler::ExceptHandler(h) in &s.handlers {
                    collect_type_params(&h.body, out);
                }
                collect_type_params(&s.orelse, out);
                collect_type_params(&s.finalbody, out);
            }
            Stmt::TryStar(s) => {
                collect_type_params(&s.body, out);
                for ast::ExceptHandler::ExceptHandler(h) in &s.handlers {
                    collect_type_params(&h.body, out);
                }
                collect_type_params(&s.orelse, out);
                collect_type_params(&s.finalbody, out);
            }
            Stmt::Match(s) => {
                for case in &s.cases {
                    collect_type_params(&case.body, out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    fn blanked(src: &str) -> (String, Vec<PendingDefault>) {
        let s = scan(src);
        let mut work = src.as_bytes().to_vec();
        let pending = blank_defaults(src, &s, &mut work);
        (String::from_utf8(work).unwrap(), pending)
    }

    #[test]
    fn blanks_defaults_only_in_type_param_lists() {
        let (w, p) = blanked("def f[T = int](): ...\nx[f(a=1)]\n");
        assert_eq!(w, "def f[T      ](): ...\nx[f(a=1)]\n");
        assert_eq!(
            p,
            vec![PendingDefault {
                param_start: 6,
                start: 9,
                end: 13
            }]
        );
    }

    #[test]
    fn all_param_kinds() {
        let src = "class C[T, *Ts = *tuple[int], **P = [str]]: ...\ntype A[T = int] = list[T]\n";
        let (w, p) = blanked(src);
        assert_eq!(
            w,
            "class C[T, *Ts              , **P        ]: ...\ntype A[T      ] = list[T]\n"
        );
        let texts: Vec<_> = p.iter().map(|d| &src[d.start..d.end]).collect();
        assert_eq!(texts, vec![" *tuple[int]", " [str]", " int"]);
        assert_eq!(p[0].param_start, 11);
    }

    #[test]
    fn ignores_equality_and_non_headers() {
        let (w, p) = blanked("x = a[b == c]\nclass C(Base[T]): pass\n");
        assert!(p.is_empty());
        assert_eq!(w, "x = a[b == c]\nclass C(Base[T]): pass\n");
    }
}
