//! Narrowing unions of typed dicts by their keys.
//!
//! ```python
//! class A(TypedDict):
//!     kind: Literal["a"]
//!     x: int
//! class B(TypedDict):
//!     kind: Literal["b"]
//!     y: NotRequired[str]
//!
//! def f(d: A | B):
//!     if d["kind"] == "a": ...        # A      (else: B)
//!     if d["kind"] in ("a", "b"): ... # A | B  (else: Never)
//!     if "x" in d: ...                # A      (else: B: `x` is required in A)
//!     if "y" not in d: ...            # A | B  (`y` is not required in B)
//! ```
//!
//! **Discriminants.** `d["k"] == v` (or `!=`, `is`, `is not`, `in (...)`,
//! `not in (...)`, and `d.get("k") == v`, where a missing key gives `None`) keeps the typed dicts whose item `k` has literal values
//! that can (cannot) be `v`; an item whose type is not made of literals
//! decides nothing.
//!
//! **Key tests.** `"k" in d` keeps the typed dicts that declare `k` (or
//! have typed `extra_items`); `"k" not in d` drops those where `k` is
//! required. A typed dict that does not declare `k` may still hold it when
//! it is open (a structural subtype can add items), so it is dropped by
//! `"k" in d` only when it is closed or `@final` (sound), or when another
//! member of the union declares `k` (the test then discriminates the
//! union, as the code means it to; pyright did this before PEP 728).

use gradus_syntax::ast::{self, CmpOp, Expr};
use gradus_types::{union, ClassType, Type};

use super::{is_literal, literal_eq, literal_items};
use crate::narrow::{is_subject, Narrower};
use crate::typeddict::{schema_of, typeddict_instance, ExtraItems, TypedDictSchema};

/// A comparison involving the typed dict subject `key` narrowed, or `None`
/// when the comparison is not one of the forms here (the caller goes on).
pub(crate) fn narrow_compare<'db>(
    cx: &Narrower<'db>,
    key: &str,
    ty: Type<'db>,
    left: &Expr,
    op: CmpOp,
    right: &Expr,
    positive: bool,
) -> Option<Type<'db>> {
    // `"k" in d`
    if matches!(op, CmpOp::In | CmpOp::NotIn) && is_subject(right, key) && !is_subject(left, key) {
        let Type::StrLiteral(k) = cx.expr_type(left) else {
            return None;
        };
        let positive = positive == matches!(op, CmpOp::In);
        return Some(narrow_has_key(cx, ty, k.value(cx.db), positive));
    }
    // `d["k"] == v`, `v == d["k"]`, `d["k"] in (...)`, `d.get("k") == v`
    let symmetric = matches!(op, CmpOp::Eq | CmpOp::NotEq | CmpOp::Is | CmpOp::IsNot);
    let (item, other) = match (item_access(left, key), item_access(right, key)) {
        (Some(item), _) => (item, right),
        (None, Some(item)) if symmetric => (item, left),
        _ => return None,
    };
    let (slice, get) = item;
    let Type::StrLiteral(k) = cx.expr_type(slice) else {
        return None;
    };
    let (values, eq) = match op {
        CmpOp::Eq | CmpOp::Is => (vec![cx.expr_type(other)], true),
        CmpOp::NotEq | CmpOp::IsNot => (vec![cx.expr_type(other)], false),
        CmpOp::In => (literal_items(cx, other)?, true),
        CmpOp::NotIn => (literal_items(cx, other)?, false),
        _ => return None,
    };
    Some(narrow_item_values(
        cx,
        ty,
        k.value(cx.db),
        &values,
        positive == eq,
        get,
    ))
}

/// `subject["k"]` (the key expression, `false`) or `subject.get("k")`
/// (`true`).
fn item_access<'e>(expr: &'e Expr, key: &str) -> Option<(&'e Expr, bool)> {
    match expr {
        Expr::Subscript(s) if is_subject(&s.value, key) => Some((&s.slice, false)),
        Expr::Call(c) if c.args.len() == 1 && c.keywords.is_empty() => match c.func.as_ref() {
            Expr::Attribute(a) if a.attr.as_str() == "get" && is_subject(&a.value, key) => {
                Some((&c.args[0], true))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether the literal values `values` of a discriminating item can be one
/// of `items` (`positive`), or can be something else (`!positive`);
/// `None` when `values` are not all literals.
pub(crate) fn discriminates<'db>(
    db: &'db dyn gradus_db::Db,
    values: Type<'db>,
    items: &[Type<'db>],
    positive: bool,
) -> Option<bool> {
    if items.is_empty() || !items.iter().all(|v| is_literal(*v)) {
        return None;
    }
    let values = values.union_elements(db);
    if values.is_empty() || !values.iter().all(|v| is_literal(*v)) {
        return None;
    }
    let can_be = |v: Type<'db>| items.iter().any(|&i| literal_eq(db, v, i) != Some(false));
    let surely_in = |v: Type<'db>| items.iter().any(|&i| literal_eq(db, v, i) == Some(true));
    Some(if positive {
        values.iter().any(|&v| can_be(v))
    } else {
        !values.iter().all(|&v| surely_in(v))
    })
}

/// `d["k"]` (`d.get("k")` with `get`: `None` when the key is missing) is
/// one of `items` (`positive`) or none of them.
pub(crate) fn narrow_item_values<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    key: &str,
    items: &[Type<'db>],
    positive: bool,
    get: bool,
) -> Type<'db> {
    let db = cx.db;
    if !matches!(ty, Type::Union(_)) {
        return ty;
    }
    retain_typed_dicts(db, ty, |schema| {
        let Some(field) = schema.field(key) else {
            return true;
        };
        let values = if get && !field.required {
            union(db, [field.ty, Type::None])
        } else {
            field.ty
        };
        discriminates(db, values, items, positive).unwrap_or(true)
    })
}

/// `ty`'s union elements without the typed dicts whose schema `keep`
/// rejects (other elements stay).
fn retain_typed_dicts<'db>(
    db: &'db dyn gradus_db::Db,
    ty: Type<'db>,
    keep: impl Fn(&TypedDictSchema<'db>) -> bool,
) -> Type<'db> {
    super::map_elements(db, ty, |e| {
        typeddict_instance(db, e)
            .is_none_or(|class| keep(&schema_of(db, class)))
            .then_some(e)
    })
}

/// What `"k" in d` says about one typed dict.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HasKey {
    /// It may hold the key.
    Keep,
    /// It cannot hold the key (closed or `@final`, not declaring it).
    Drop,
    /// It does not declare the key but, open, may hold it.
    Undeclared,
}

fn has_key<'db>(
    db: &'db dyn gradus_db::Db,
    class: ClassType<'db>,
    schema: &TypedDictSchema<'db>,
    key: &str,
) -> HasKey {
    if schema.field(key).is_some() {
        return HasKey::Keep;
    }
    match schema.extra {
        ExtraItems::Typed { .. } => HasKey::Keep,
        ExtraItems::Closed => HasKey::Drop,
        ExtraItems::Open if crate::overrides::is_final_class(db, class.class(db)) => HasKey::Drop,
        ExtraItems::Open => HasKey::Undeclared,
    }
}

/// `"k" in d` (positive) or `"k" not in d`.
pub(crate) fn narrow_has_key<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    key: &str,
    positive: bool,
) -> Type<'db> {
    let db = cx.db;
    if ty.is_dynamic() {
        return ty;
    }
    if !positive {
        // Dropped where the key is required.
        return retain_typed_dicts(db, ty, |schema| {
            !schema.field(key).is_some_and(|f| f.required)
        });
    }
    let elements = ty.union_elements(db);
    let decisions: Vec<HasKey> = elements
        .iter()
        .map(|&e| match typeddict_instance(db, e) {
            Some(class) => has_key(db, class, &schema_of(db, class), key),
            None => HasKey::Keep,
        })
        .collect();
    let discriminating = decisions.contains(&HasKey::Keep);
    let kept: Vec<Type<'db>> = elements
        .iter()
        .zip(&decisions)
        .filter(|(_, d)| match d {
            HasKey::Keep => true,
            HasKey::Drop => false,
            HasKey::Undeclared => !discriminating,
        })
        .map(|(&e, _)| e)
        .collect();
    union(db, kept)
}

/// A `case {"k": pattern, ...}` mapping pattern matched against one typed
/// dict: `Some(false)` when it cannot match, `Some(true)` when it certainly
/// matches, `None` when either may happen (or for a non-typed-dict `e`).
/// `sub(ty, pattern, positive)` narrows an item's type by a sub-pattern.
pub(crate) fn mapping_pattern_matches<'db>(
    cx: &Narrower<'db>,
    e: Type<'db>,
    m: &ast::PatternMatchMapping,
    others_declare: &dyn Fn(&str) -> bool,
    sub: &mut dyn FnMut(Type<'db>, &ast::Pattern, bool) -> Type<'db>,
) -> Option<bool> {
    let db = cx.db;
    let class = typeddict_instance(db, e)?;
    let schema = schema_of(db, class);
    let mut certain = true;
    for (key, pattern) in m.keys.iter().zip(&m.patterns) {
        let Type::StrLiteral(k) = cx.expr_type(key) else {
            certain = false;
            continue;
        };
        let k = k.value(db);
        match schema.field(k) {
            Some(field) => {
                if sub(field.ty, pattern, true).is_never() {
                    return Some(false);
                }
                if !field.required || !sub(field.ty, pattern, false).is_never() {
                    certain = false;
                }
            }
            None => match has_key(db, class, &schema, k) {
                HasKey::Drop => return Some(false),
                HasKey::Undeclared if others_declare(k) => return Some(false),
                _ => certain = false,
            },
        }
    }
    if certain {
        Some(true)
    } else {
        None
    }
}

/// Whether some typed dict of `ty` declares `key` (for the discriminating
/// rule of key tests).
pub(crate) fn some_declares<'db>(cx: &Narrower<'db>, ty: Type<'db>, key: &str) -> bool {
    let db = cx.db;
    ty.union_elements(db)
        .iter()
        .any(|&e| match typeddict_instance(db, e) {
            Some(class) => has_key(db, class, &schema_of(db, class), key) == HasKey::Keep,
            None => true,
        })
}
