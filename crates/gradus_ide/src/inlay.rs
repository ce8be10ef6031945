//! Inlay hints: the inferred types of unannotated variables and the
//! inferred return types of unannotated functions.
//!
//! ```python
//! def total(xs: list[int]):  -> int      # return type hint after `)`
//!     s = sum(xs)            : int       # variable hint after the target
//!     return s
//! n = 1                                  # no hint: the literal says it all
//! b = Box()                              # no hint: the call names the class
//! ```
//!
//! Hints are shown only when they add information: no hint for targets
//! with a declared type, for literal values, for `Class(...)` calls of the
//! class shown, or when the type is (partly) unknown.

use gradus_check::ide;
use gradus_db::{parsed_module, source_text, Db, File};
use gradus_index::{locate, semantic_index, DefinitionKind, ScopeKind};
use gradus_syntax::ast::Expr;
use gradus_syntax::{TextRange, TextSize};
use gradus_types::Type;

/// What an inlay hint shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlayHintKind {
    /// The inferred type of a variable (`x = f()` → `x: int`).
    VariableType,
    /// The inferred return type of a function without an annotation.
    ReturnType,
}

/// An inlay hint: `label` shown at `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: TextSize,
    pub label: String,
    pub kind: InlayHintKind,
}

/// Which hints to compute (the server's `inlayHints` settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlayHintOptions {
    pub variable_types: bool,
    pub return_types: bool,
}

impl Default for InlayHintOptions {
    fn default() -> Self {
        InlayHintOptions {
            variable_types: true,
            return_types: true,
        }
    }
}

/// Longer types are not shown as hints.
const MAX_HINT_LEN: usize = 60;

/// The inlay hints of `range` in `file`, in source order.
pub fn inlay_hints(
    db: &dyn Db,
    file: File,
    range: TextRange,
    options: InlayHintOptions,
) -> Vec<InlayHint> {
    let index = semantic_index(db, file);
    let module = parsed_module(db, file);
    let text = &source_text(db, file).text;
    let mut hints = Vec::new();
    for (scope, info) in index.scopes() {
        if info.node_range.intersect(range).is_none() && scope != gradus_index::ScopeId::MODULE {
            continue;
        }
        for def in index.definitions(scope) {
            if !range.contains_range(def.target_range) {
                continue;
            }
            match &def.kind {
                DefinitionKind::Assignment { value, .. } if options.variable_types => {
                    let table = index.symbol_table(scope);
                    if table.symbol(def.symbol).is_declared() {
                        continue;
                    }
                    let target = &text[def.target_range];
                    if !is_identifier(target) {
                        continue;
                    }
                    let Some(value) = locate::find_expr(&module, *value) else {
                        continue;
                    };
                    if is_obvious(value) {
                        continue;
                    }
                    let Some(id) = index.definition_at(def.target_range) else {
                        continue;
                    };
                    let ty = gradus_check::semantic::definition_type(db, file, id);
                    let ty = widen(db, ty);
                    let Some(shown) = shown(db, ty) else {
                        continue;
                    };
                    if let Expr::Call(call) = value {
                        if callee_name(&call.func) == Some(shown.as_str()) {
                            continue;
                        }
                    }
                    hints.push(InlayHint {
                        offset: def.target_range.end(),
                        label: format!(": {shown}"),
                        kind: InlayHintKind::VariableType,
                    });
                }
                DefinitionKind::FunctionDef { stmt, .. } if options.return_types => {
                    if index.scope(scope).kind == ScopeKind::Class
                        && text[def.target_range].starts_with("__")
                    {
                        continue; // `__init__` and other dunders
                    }
                    let Some(ty) = ide::inferred_return_type(db, file, *stmt) else {
                        continue;
                    };
                    let Some(shown) = shown(db, ty) else {
                        continue;
                    };
                    let Some(after) = parameters_end(text, def.target_range.end()) else {
                        continue;
                    };
                    hints.push(InlayHint {
                        offset: after,
                        label: format!(" -> {shown}"),
                        kind: InlayHintKind::ReturnType,
                    });
                }
                _ => {}
            }
        }
    }
    hints.sort_by_key(|h| h.offset);
    hints
}

/// Literals widened to their class, also inside tuples: the type the
/// variable holds, not the value it starts with.
fn widen<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    match ty {
        Type::Tuple(t) if t.is_fixed(db) => Type::Tuple(gradus_types::TupleType::fixed(
            db,
            t.elements(db)
                .iter()
                .map(|&e| widen(db, e))
                .collect::<Vec<_>>(),
        )),
        other => gradus_check::infer::expr::widen_literal(db, other),
    }
}

/// The type as a hint, or `None` when it says nothing useful.
fn shown(db: &dyn Db, ty: Type<'_>) -> Option<String> {
    if ty.is_dynamic() || ty.is_never() {
        return None;
    }
    let text = ty.display(db).to_string();
    (!text.contains("Unknown") && text.len() <= MAX_HINT_LEN).then_some(text)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// Values whose type the reader sees at once: literals.
fn is_obvious(value: &Expr) -> bool {
    match value {
        Expr::Constant(_) => true,
        Expr::UnaryOp(u) => matches!(u.operand.as_ref(), Expr::Constant(_)),
        _ => false,
    }
}

/// `Box` of `Box(...)` / `mod.Box(...)`.
fn callee_name(func: &Expr) -> Option<&str> {
    match func {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// Just after the `)` closing the parameter list that follows a `def`'s
/// name ending at `name_end`.
fn parameters_end(text: &str, name_end: TextSize) -> Option<TextSize> {
    let start = usize::from(name_end);
    let bytes = text.as_bytes();
    let mut i = start;
    // Skip PEP 695 type parameters.
    while i < bytes.len() && bytes[i] != b'(' {
        if bytes[i] == b':' || bytes[i] == b'\n' && !text[start..i].contains('[') {
            return None;
        }
        i += 1;
    }
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(TextSize::from((i + 1) as u32));
                }
            }
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::test_db;

    fn full(text: &str) -> TextRange {
        TextRange::up_to(TextSize::from(text.len() as u32))
    }

    const SRC: &str = "\
class Box:
    def __init__(self):
        self.v = 1

def total(xs: list[int]):
    s = sum(xs)
    return s

def nothing(a):
    print(a)

def unknown(a):
    return a

n = 1
b = Box()
pair = (1, 'a')
t = ','.join(['a'])
x: int = 2
";

    fn labels(options: InlayHintOptions) -> Vec<(String, String)> {
        let (db, files) = test_db(&[("/project/a.py", SRC)]);
        inlay_hints(&db, files[0], full(SRC), options)
            .into_iter()
            .map(|h| {
                let at = usize::from(h.offset);
                let line_start = SRC[..at].rfind('\n').map_or(0, |i| i + 1);
                (SRC[line_start..at].to_owned(), h.label)
            })
            .collect()
    }

    #[test]
    fn variable_and_return_hints() {
        let hints = labels(InlayHintOptions::default());
        let expected: Vec<(String, String)> = [
            ("def total(xs: list[int])", " -> int"),
            ("    s", ": int"),
            ("def nothing(a)", " -> None"),
            ("pair", ": tuple[int, str]"),
            ("t", ": str"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(hints, expected);
    }

    #[test]
    fn hints_can_be_switched_off() {
        let only_vars = labels(InlayHintOptions {
            variable_types: true,
            return_types: false,
        });
        assert!(only_vars.iter().all(|(_, l)| l.starts_with(": ")));
        assert_eq!(only_vars.len(), 3);
        let none = labels(InlayHintOptions {
            variable_types: false,
            return_types: false,
        });
        assert!(none.is_empty());
    }
}
