//! Places: the expressions narrowing can track beyond plain names.
//!
//! A *place* is a name followed by a chain of attribute accesses and
//! subscripts with a literal key:
//!
//! ```python
//! if self.conn is not None:      # place `self.conn`
//!     self.conn.close()          # the use of `self.conn` sees the predicate
//! if d["key"] is not None and t[0]:
//!     ...                        # places `d["key"]`, `t[0]`
//! ```
//!
//! Each place gets a *key*, a string that spells it canonically (`self.conn`,
//! `d['key']`, `t[0]`, `t[-1]`): two expressions denote the same place
//! exactly when their keys are equal. The binder tracks a place like a
//! symbol of its scope (its key contains `.` or `[`, so it can never clash
//! with a name): tests attach predicates to it, and an assignment to the
//! place or to any prefix of it (`self = ...`, `self.conn = ...` for
//! `self.conn.sock`) resets it. Calls do not reset places (as in pyright
//! and mypy: a method call *could* change `self.conn`, but assuming so
//! would make member narrowing useless).

use gradus_syntax::ast::{self, Expr};

// Budget: see `gradus_budgets`.
pub use gradus_budgets::MAX_PLACE_SEGMENTS;

/// The key of `expr` if it is a place with at least one segment (a plain
/// name is not a place: names are symbols). `None` for anything else.
pub fn place_key(expr: &Expr) -> Option<String> {
    if matches!(expr, Expr::Name(_)) {
        return None;
    }
    let mut out = String::new();
    write_key(expr, &mut out, 0).then_some(out)
}

/// The key of `expr` if it is a name or a place (for a name: the name).
pub fn subject_key(expr: &Expr) -> Option<String> {
    let mut out = String::new();
    write_key(expr, &mut out, 0).then_some(out)
}

fn write_key(expr: &Expr, out: &mut String, depth: usize) -> bool {
    if depth > MAX_PLACE_SEGMENTS {
        return false;
    }
    match expr {
        Expr::Name(n) => {
            out.push_str(n.id.as_str());
            true
        }
        Expr::Attribute(a) => {
            if !write_key(&a.value, out, depth + 1) {
                return false;
            }
            out.push('.');
            out.push_str(a.attr.as_str());
            true
        }
        Expr::Subscript(s) => {
            let Some(index) = literal_index(&s.slice) else {
                return false;
            };
            if !write_key(&s.value, out, depth + 1) {
                return false;
            }
            out.push('[');
            out.push_str(&index);
            out.push(']');
            true
        }
        _ => false,
    }
}

/// A subscript key that names one element: an int or string literal.
fn literal_index(slice: &Expr) -> Option<String> {
    match slice {
        Expr::Constant(c) => match &c.value {
            ast::Constant::Int(i) => Some(i.to_string()),
            ast::Constant::Str(s) if s.len() <= 64 => Some(format!("{s:?}")),
            _ => None,
        },
        Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => match &*u.operand {
            Expr::Constant(c) => match &c.value {
                ast::Constant::Int(i) => Some(format!("-{i}")),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The name a place key starts with.
pub fn place_root(key: &str) -> &str {
    let end = key.find(['.', '[']).unwrap_or(key.len());
    &key[..end]
}

/// Whether `key` is `prefix` itself or a place below it (`a.b` is below
/// `a` and `a.b`, not below `a.bc`).
pub fn is_within(key: &str, prefix: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// Whether `key` is a subscript of `prefix` (`d['a']`, `d[0]`, and places
/// below them): what an assignment `d[k] = v` with an unknown `k` resets.
pub fn is_subscript_of(key: &str, prefix: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|rest| rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(src: &str) -> Option<String> {
        let module = gradus_syntax::parse_module(src);
        let ast::Stmt::Expr(e) = &module.body[0] else {
            panic!()
        };
        place_key(&e.value)
    }

    #[test]
    fn keys() {
        assert_eq!(key("self.x").as_deref(), Some("self.x"));
        assert_eq!(key("a.b['k'][0].c").as_deref(), Some("a.b[\"k\"][0].c"));
        assert_eq!(key("t[-1]").as_deref(), Some("t[-1]"));
        assert_eq!(key("x"), None);
        assert_eq!(key("f().x"), None);
        assert_eq!(key("d[i]"), None);
        assert_eq!(key("a.b.c.d.e.f.g.h.i.j.k"), None);
    }

    #[test]
    fn prefixes() {
        assert!(is_within("a.b", "a"));
        assert!(is_within("a.b", "a.b"));
        assert!(!is_within("a.bc", "a.b"));
        assert!(is_within("a[0].x", "a[0]"));
        assert!(is_subscript_of("d[0].x", "d"));
        assert!(!is_subscript_of("d.x", "d"));
        assert_eq!(place_root("self.x[0]"), "self");
    }
}
