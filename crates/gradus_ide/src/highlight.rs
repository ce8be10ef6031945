//! Document highlight: the occurrences in this file of the symbol under the
//! cursor, compared by what they resolve to ([`crate::references`]), so an
//! attribute `a.x` does not match a variable `x` and a shadowing parameter
//! does not match the global it hides.
//!
//! When the name does not resolve (broken code, unknown receivers), the
//! textual fallback below finds the occurrences of the identifier under the
//! cursor in its scope. The scope is the innermost function that binds the
//! name (a parameter, an assignment, `for`/`as`/`import` targets, a nested
//! `def`/`class`), else the module; nested functions that bind the same name
//! themselves are left out. Strings and comments never match.
//!
//! The fallback is a textual approximation (attribute names `a.x` match a
//! variable `x`).

use gradus_db::{parsed_module, source_text, Db, File};
use gradus_syntax::ast::{self, Ranged, Stmt};
use gradus_syntax::{TextRange, TextSize};

use crate::scan::{ident_at, identifiers, Ident};

/// Whether an occurrence reads or writes the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightKind {
    Read,
    Write,
}

/// One occurrence to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub range: TextRange,
    pub kind: HighlightKind,
}

struct Function<'a> {
    range: TextRange,
    args: &'a ast::Arguments,
}

/// The occurrences of the name at `offset`.
pub fn document_highlights(db: &dyn Db, file: File, offset: TextSize) -> Vec<Highlight> {
    let resolved: Vec<Highlight> = crate::references(db, file, offset, &[], true)
        .into_iter()
        .filter(|r| r.file == file)
        .map(|r| Highlight {
            range: r.range,
            kind: if r.is_definition {
                HighlightKind::Write
            } else {
                HighlightKind::Read
            },
        })
        .collect();
    if !resolved.is_empty() {
        return resolved;
    }
    textual_highlights(db, file, offset)
}

/// The occurrences of the identifier at `offset` by text, within the
/// innermost function that binds it.
fn textual_highlights(db: &dyn Db, file: File, offset: TextSize) -> Vec<Highlight> {
    let text = &source_text(db, file).text;
    let Some(at) = ident_at(text, usize::from(offset)) else {
        return Vec::new();
    };
    let name = &text[at.start..at.end];
    if crate::KEYWORDS.contains(&name) {
        return Vec::new();
    }
    let all = identifiers(text, 0, text.len());
    if !all.contains(&at) {
        return Vec::new(); // in a string or a comment
    }
    let parsed = parsed_module(db, file);
    let mut functions = Vec::new();
    collect_functions(&parsed.body, &mut functions);
    let binds = |f: &Function| binds_locally(text, &all, f, name);
    // The innermost function around the cursor that binds the name.
    let scope = functions
        .iter()
        .filter(|f| f.range.contains_inclusive(TextSize::from(at.start as u32)) && binds(f))
        .min_by_key(|f| f.range.len())
        .map(|f| f.range)
        .unwrap_or_else(|| TextRange::up_to(TextSize::from(text.len() as u32)));
    let excluded: Vec<TextRange> = functions
        .iter()
        .filter(|f| {
            scope.contains_range(f.range)
                && f.range != scope
                && binds(f)
                && !f.range.contains_range(at.range())
        })
        .map(|f| body_range(text, f))
        .collect();
    all.iter()
        .filter(|i| &text[i.start..i.end] == name)
        .filter(|i| scope.contains_range(i.range()))
        .filter(|i| !excluded.iter().any(|e| e.contains_range(i.range())))
        .map(|i| Highlight {
            range: i.range(),
            kind: if is_binding(text, &all, *i) {
                HighlightKind::Write
            } else {
                HighlightKind::Read
            },
        })
        .collect()
}

/// A function's range without its header name (the `def f` belongs to the
/// enclosing scope).
fn body_range(text: &str, f: &Function) -> TextRange {
    let start = usize::from(f.range.start());
    let open = text[start..usize::from(f.range.end())]
        .find('(')
        .map_or(start, |i| start + i);
    TextRange::new(TextSize::from(open as u32), f.range.end())
}

fn collect_functions<'a>(body: &'a [Stmt], out: &mut Vec<Function<'a>>) {
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(f) => {
                out.push(Function {
                    range: stmt.range(),
                    args: &f.args,
                });
                collect_functions(&f.body, out);
            }
            Stmt::AsyncFunctionDef(f) => {
                out.push(Function {
                    range: stmt.range(),
                    args: &f.args,
                });
                collect_functions(&f.body, out);
            }
            Stmt::ClassDef(c) => collect_functions(&c.body, out),
            Stmt::If(s) => {
                collect_functions(&s.body, out);
                collect_functions(&s.orelse, out);
            }
            Stmt::For(s) => {
                collect_functions(&s.body, out);
                collect_functions(&s.orelse, out);
            }
            Stmt::AsyncFor(s) => {
                collect_functions(&s.body, out);
                collect_functions(&s.orelse, out);
            }
            Stmt::While(s) => {
                collect_functions(&s.body, out);
                collect_functions(&s.orelse, out);
            }
            Stmt::With(s) => collect_functions(&s.body, out),
            Stmt::AsyncWith(s) => collect_functions(&s.body, out),
            Stmt::Try(s) => {
                collect_functions(&s.body, out);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_functions(&h.body, out);
                }
                collect_functions(&s.orelse, out);
                collect_functions(&s.finalbody, out);
            }
            Stmt::Match(s) => {
                for case in &s.cases {
                    collect_functions(&case.body, out);
                }
            }
            _ => {}
        }
    }
}

/// Whether `f` binds `name` in its own scope.
fn binds_locally(text: &str, all: &[Ident], f: &Function, name: &str) -> bool {
    let args = f.args;
    let is_param = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
        .any(|a| a.def.arg.as_str() == name)
        || args
            .vararg
            .iter()
            .chain(&args.kwarg)
            .any(|a| a.arg.as_str() == name);
    if is_param {
        return true;
    }
    let body = body_range(text, f);
    let inside: Vec<Ident> = all
        .iter()
        .copied()
        .filter(|i| body.contains_range(i.range()))
        .collect();
    let mut declared_outer = false;
    let mut bound = false;
    for (k, i) in inside.iter().enumerate() {
        if &text[i.start..i.end] != name {
            continue;
        }
        let prev = k
            .checked_sub(1)
            .map(|p| &text[inside[p].start..inside[p].end]);
        if matches!(prev, Some("global" | "nonlocal")) {
            declared_outer = true;
        }
        if is_binding(text, all, *i) {
            bound = true;
        }
    }
    bound && !declared_outer
}

/// Whether this occurrence binds its name: `x = `, `x += `, `x := `,
/// `x: T` at a line start, or after `for`/`as`/`import`/`def`/`class`.
fn is_binding(text: &str, all: &[Ident], ident: Ident) -> bool {
    let after = text[ident.end..].trim_start_matches([' ', '\t']);
    let assign = (after.starts_with('=') && !after.starts_with("=="))
        || after.starts_with(":=")
        || [
            "+=", "-=", "*=", "/=", "//=", "%=", "**=", "|=", "&=", "^=", ">>=", "<<=", "@=",
        ]
        .iter()
        .any(|op| after.starts_with(op));
    if assign {
        return true;
    }
    let line_start = text[..ident.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if text[line_start..ident.start].trim().is_empty() && after.starts_with(':') {
        return true;
    }
    let pos = all.partition_point(|i| i.start < ident.start);
    let prev = pos
        .checked_sub(1)
        .map(|p| &text[all[p].start..all[p].end])
        .filter(|_| pos > 0 && text[all[pos - 1].end..ident.start].trim().is_empty());
    matches!(prev, Some("for" | "as" | "import" | "def" | "class"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::test_db;

    #[test]
    fn highlights_within_the_binding_function() {
        let src = "x = 1\ndef f(x):\n    return x + 1\ndef g():\n    return x\ny = 'x'  # x\n";
        let (db, files) = test_db(&[("/project/a.py", src)]);
        let file = files[0];
        let in_f = src.find("x + 1").unwrap();
        let h = document_highlights(&db, file, TextSize::from(in_f as u32));
        let starts: Vec<usize> = h.iter().map(|h| usize::from(h.range.start())).collect();
        assert_eq!(starts, vec![src.find("f(x").unwrap() + 2, in_f]);
        let h = document_highlights(&db, file, TextSize::from(0));
        let starts: Vec<usize> = h.iter().map(|h| usize::from(h.range.start())).collect();
        assert_eq!(starts, vec![0, src.find("return x\n").unwrap() + 7]);
        assert_eq!(h[0].kind, HighlightKind::Write);
        assert_eq!(h[1].kind, HighlightKind::Read);
    }

    #[test]
    fn attributes_do_not_match_variables() {
        let src = "class C:\n    x = 1\nx = C()\nx.x\nprint(x)\n";
        let (db, files) = test_db(&[("/project/a.py", src)]);
        let at = |n: &str| TextSize::from(src.find(n).unwrap() as u32);
        let starts = |o| -> Vec<usize> {
            document_highlights(&db, files[0], o)
                .iter()
                .map(|h| usize::from(h.range.start()))
                .collect()
        };
        let variable = starts(at("x = C"));
        assert_eq!(
            variable,
            vec![
                src.find("x = C").unwrap(),
                src.find("x.x").unwrap(),
                src.find("x)").unwrap()
            ]
        );
        let attribute = starts(at("x.x") + TextSize::from(2));
        assert_eq!(
            attribute,
            vec![src.find("x = 1").unwrap(), src.find("x.x").unwrap() + 2]
        );
    }
}
