//! `match` statements narrowing parts of the subject: the elements of a
//! tuple subject, and the attributes of a subject matched by a class
//! pattern.
//!
//! ```python
//! def f(a: int | str, b: int | None, p: P):   # P.x: int | None
//!     match a, b:
//!         case int(), None:       # a: int, b: None
//!             ...
//!         case _, None:           # only `b`'s pattern could fail above...
//!             ...
//!         case str(), _:          # ... so here `a` is not `int`: str
//!             ...
//!     match p:
//!         case P(x=None):         # p.x: None
//!             ...
//!         case P(x=int()):        # p.x: int (positional sub-patterns too,
//!             ...                 # through `__match_args__`)
//! ```
//!
//! **Tuple subjects.** When the subject is a tuple display, an element that
//! is a name or a place is narrowed by the sub-pattern of a sequence pattern
//! at its position (with a star, the elements before and after it). A case
//! that is not taken narrows an element only when its sub-pattern is the
//! one refutable sub-pattern: otherwise the case may have failed because of
//! another element, and nothing is known about this one.
//!
//! **Attributes.** A class pattern's sub-pattern for `attr` narrows the
//! place `subject.attr` (and deeper, `subject.attr.y` through a nested class
//! pattern) in the case's body, positively only: a case not taken does not
//! say which sub-pattern failed. The binder attaches the case's predicate to
//! the attribute places the case mentions; an assignment to the place (or
//! to the subject) resets them as usual.

use gradus_index::subject_key;
use gradus_syntax::ast::{Expr, Pattern, PatternMatchSequence};
use gradus_types::{union, Type};

use super::class_args::{sub_patterns, SubSubject};
use super::{is_irrefutable, narrow_pattern};
use crate::narrow::forms::class_info;
use crate::narrow::{Narrower, MAX_NARROW_DEPTH};

/// `ty`, the type of `key` (not the subject itself), narrowed by `pattern`
/// matched against `subject` (`positive`) or not. Unchanged when `key` is
/// no element or attribute of the subject the pattern says anything about.
pub(crate) fn narrow_subject_part<'db>(
    cx: &Narrower<'db>,
    key: &str,
    ty: Type<'db>,
    subject: &Expr,
    pattern: &Pattern,
    positive: bool,
) -> Type<'db> {
    match subject {
        Expr::Tuple(t) => narrow_element(cx, key, ty, &t.elts, pattern, positive, 0),
        _ if positive => match subject_key(subject) {
            Some(root) => narrow_member(cx, key, ty, &root, pattern, 0),
            None => ty,
        },
        _ => ty,
    }
}

/// The union of `parts` (narrowings of `ty`), in the order of `ty`'s own
/// elements where it can (`int | str`, not `str | int`).
fn in_order_of<'db>(cx: &Narrower<'db>, ty: Type<'db>, parts: Vec<Type<'db>>) -> Type<'db> {
    super::super::in_order_of(cx.db, ty, union(cx.db, parts))
}

/// `key` below `root` by attributes only: the first attribute and the rest
/// (`p.x.y` below `p`: `("x", ".y")`).
fn member_of<'k>(key: &'k str, root: &str) -> Option<(&'k str, &'k str)> {
    let rest = key.strip_prefix(root)?.strip_prefix('.')?;
    if rest.contains('[') {
        return None;
    }
    let end = rest.find('.').unwrap_or(rest.len());
    Some((&rest[..end], &rest[end..]))
}

/// The sub-pattern of `s` each of `len` subject elements is matched
/// against (`None` for those the star takes); `None` when the pattern
/// cannot match a tuple of that length.
fn element_patterns(s: &PatternMatchSequence, len: usize) -> Option<Vec<Option<&Pattern>>> {
    let n = s.patterns.len();
    let star = s
        .patterns
        .iter()
        .position(|p| matches!(p, Pattern::MatchStar(_)));
    match star {
        None => (n == len).then(|| s.patterns.iter().map(Some).collect()),
        Some(at) => {
            if len + 1 < n {
                return None;
            }
            let after = n - at - 1;
            Some(
                (0..len)
                    .map(|i| {
                        if i < at {
                            Some(&s.patterns[i])
                        } else if i >= len - after {
                            Some(&s.patterns[n - (len - i)])
                        } else {
                            None
                        }
                    })
                    .collect(),
            )
        }
    }
}

/// An element of a tuple subject `elts` (or an attribute below one).
fn narrow_element<'db>(
    cx: &Narrower<'db>,
    key: &str,
    ty: Type<'db>,
    elts: &[Expr],
    pattern: &Pattern,
    positive: bool,
    depth: usize,
) -> Type<'db> {
    if depth > MAX_NARROW_DEPTH || ty.is_never() {
        return ty;
    }
    if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
        return ty;
    }
    match pattern {
        Pattern::MatchAs(a) => match &a.pattern {
            Some(p) => narrow_element(cx, key, ty, elts, p, positive, depth + 1),
            None => ty,
        },
        Pattern::MatchOr(o) => {
            if positive {
                let each = o
                    .patterns
                    .iter()
                    .map(|p| narrow_element(cx, key, ty, elts, p, true, depth + 1));
                in_order_of(cx, ty, each.collect())
            } else {
                // Every alternative failed.
                o.patterns.iter().fold(ty, |t, p| {
                    narrow_element(cx, key, t, elts, p, false, depth + 1)
                })
            }
        }
        Pattern::MatchSequence(s) => {
            let Some(subs) = element_patterns(s, elts.len()) else {
                return ty;
            };
            let keys: Vec<Option<String>> = elts.iter().map(subject_key).collect();
            if positive {
                let mut ty = ty;
                for (k, p) in keys.iter().zip(&subs) {
                    let (Some(k), Some(p)) = (k, p) else {
                        continue;
                    };
                    if k == key {
                        ty = narrow_pattern(cx, ty, p, true, depth + 1);
                    } else if member_of(key, k).is_some() {
                        ty = narrow_member(cx, key, ty, k, p, depth + 1);
                    }
                }
                return ty;
            }
            // Not taken: sound only when this element's sub-pattern is the
            // one that can fail.
            let refutable: Vec<usize> = subs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.is_some_and(|p| !is_irrefutable(p)))
                .map(|(i, _)| i)
                .collect();
            match refutable[..] {
                [i] if keys[i].as_deref() == Some(key) => match subs[i] {
                    Some(p) => narrow_pattern(cx, ty, p, false, depth + 1),
                    None => ty,
                },
                _ => ty,
            }
        }
        _ => ty,
    }
}

/// The attribute place `key` below the subject `root`, in a case whose
/// pattern `pattern` matched.
fn narrow_member<'db>(
    cx: &Narrower<'db>,
    key: &str,
    ty: Type<'db>,
    root: &str,
    pattern: &Pattern,
    depth: usize,
) -> Type<'db> {
    if depth > MAX_NARROW_DEPTH || ty.is_never() {
        return ty;
    }
    let Some((attr, deeper)) = member_of(key, root) else {
        return ty;
    };
    match pattern {
        Pattern::MatchAs(a) => match &a.pattern {
            Some(p) => narrow_member(cx, key, ty, root, p, depth + 1),
            None => ty,
        },
        Pattern::MatchOr(o) => {
            let each = o
                .patterns
                .iter()
                .map(|p| narrow_member(cx, key, ty, root, p, depth + 1));
            in_order_of(cx, ty, each.collect())
        }
        Pattern::MatchClass(c) => {
            let Some(classes) = class_info(cx, &c.cls, 0) else {
                return ty;
            };
            let class = match classes[..] {
                [only] => Some(only),
                _ => None,
            };
            let (subs, _) = sub_patterns(cx.db, c, class);
            let mut ty = ty;
            for (p, what) in &subs {
                if !matches!(what, SubSubject::Attr(a) if a == attr) {
                    continue;
                }
                ty = if deeper.is_empty() {
                    narrow_pattern(cx, ty, p, true, depth + 1)
                } else {
                    narrow_member(cx, key, ty, &format!("{root}.{attr}"), p, depth + 1)
                };
            }
            ty
        }
        _ => ty,
    }
}

#[cfg(test)]
mod tests {
    use super::member_of;

    #[test]
    fn members() {
        assert_eq!(member_of("p.x", "p"), Some(("x", "")));
        assert_eq!(member_of("p.x.y", "p"), Some(("x", ".y")));
        assert_eq!(member_of("self.p.x", "self.p"), Some(("x", "")));
        assert_eq!(member_of("px", "p"), None);
        assert_eq!(member_of("p.x[0]", "p"), None);
        assert_eq!(member_of("p", "p"), None);
    }
}
