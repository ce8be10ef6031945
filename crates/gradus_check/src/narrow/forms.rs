//! The narrowing forms: each takes a type and returns it refined by one
//! kind of test being true (`positive`) or false.
//!
//! ```python
//! def f(x: Literal["a", "b"] | None, t: tuple[int] | tuple[int, int]):
//!     if x == "a": ...        # Literal["a"]   (else: Literal["b"] | None)
//!     if x in ("a", None): ...# Literal["a"] | None
//!     if len(t) == 2: ...     # tuple[int, int]
//! ```
//!
//! Each form works element by element over a union and keeps an element it
//! cannot decide about: a refinement is only made where it is certain.

use gradus_budgets::MAX_TUPLE_LEN_EXPANSION;
use gradus_db::Db;
use gradus_syntax::ast::{self, Expr};
use gradus_types::{union, ClassType, KnownClass, Type};

use super::{is_none_literal, is_subject, Narrower};

pub(crate) mod typeddict;
use crate::class::{class_member, is_subclass, MemberLookup};
use crate::semantic::known_class;

/// Maps every union element through `f` (`None` drops it).
pub(super) fn map_elements<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    mut f: impl FnMut(Type<'db>) -> Option<Type<'db>>,
) -> Type<'db> {
    let elements = ty.union_elements(db);
    union(
        db,
        elements.into_iter().filter_map(&mut f).collect::<Vec<_>>(),
    )
}

fn is_object(db: &dyn Db, ty: Type<'_>) -> bool {
    matches!(ty, Type::Instance(c) if c.is_known(db, KnownClass::Object))
}

fn is_known_instance(db: &dyn Db, ty: Type<'_>, known: KnownClass) -> bool {
    matches!(ty, Type::Instance(c) if c.is_known(db, known))
}

/// A literal value type (including `None`): one value, known statically.
pub(super) fn is_literal(ty: Type<'_>) -> bool {
    matches!(
        ty,
        Type::IntLiteral(_)
            | Type::BoolLiteral(_)
            | Type::StrLiteral(_)
            | Type::BytesLiteral(_)
            | Type::None
    )
}

/// Whether two literal values are equal (`None` when either is not a
/// literal). `True == 1` as in Python.
pub(super) fn literal_eq<'db>(db: &'db dyn Db, a: Type<'db>, b: Type<'db>) -> Option<bool> {
    let int = |t: Type<'db>| match t {
        Type::IntLiteral(i) => Some(i),
        Type::BoolLiteral(b) => Some(i64::from(b)),
        _ => None,
    };
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        return Some(x == y);
    }
    match (a, b) {
        (Type::StrLiteral(x), Type::StrLiteral(y)) => Some(x.value(db) == y.value(db)),
        (Type::BytesLiteral(x), Type::BytesLiteral(y)) => Some(x.value(db) == y.value(db)),
        (Type::None, Type::None) => Some(true),
        _ if is_literal(a) && is_literal(b) => Some(false),
        _ => None,
    }
}

/// The known class a literal (or `LiteralString`) belongs to.
fn literal_class(ty: Type<'_>) -> Option<KnownClass> {
    match ty {
        Type::IntLiteral(_) => Some(KnownClass::Int),
        Type::BoolLiteral(_) => Some(KnownClass::Bool),
        Type::StrLiteral(_) | Type::LiteralString => Some(KnownClass::Str),
        Type::BytesLiteral(_) => Some(KnownClass::Bytes),
        Type::None => Some(KnownClass::NoneType),
        _ => None,
    }
}

/// `if x` / `if not x`: removes the values of the other truthiness.
pub(super) fn truthiness<'db>(db: &'db dyn Db, ty: Type<'db>, truthy: bool) -> Type<'db> {
    map_elements(db, ty, |e| match e {
        Type::None => (!truthy).then_some(e),
        Type::BoolLiteral(b) => (b == truthy).then_some(e),
        Type::IntLiteral(i) => ((i != 0) == truthy).then_some(e),
        Type::StrLiteral(s) | Type::BytesLiteral(s) => {
            (s.value(db).is_empty() != truthy).then_some(e)
        }
        Type::Tuple(t) if t.is_fixed(db) => (t.elements(db).is_empty() != truthy).then_some(e),
        // `tuple[int, *tuple[int, ...]]` is never empty.
        Type::Tuple(t) if t.min_len(db) > 0 => truthy.then_some(e),
        Type::Instance(c) if c.is_known(db, KnownClass::Bool) => Some(Type::BoolLiteral(truthy)),
        Type::Function(_) | Type::ClassObject(_) | Type::Module(_) if !truthy => None,
        _ => Some(e),
    })
}

/// `x is None` kept (`keep_none`) or removed.
pub(super) fn narrow_none<'db>(db: &'db dyn Db, ty: Type<'db>, keep_none: bool) -> Type<'db> {
    if ty.is_dynamic() {
        return if keep_none { Type::None } else { ty };
    }
    map_elements(db, ty, |e| {
        let keep = if keep_none {
            e.is_none() || e.is_dynamic() || matches!(e, Type::TypeVar(_)) || is_object(db, e)
        } else {
            !e.is_none()
        };
        if keep_none && is_object(db, e) {
            return Some(Type::None);
        }
        keep.then_some(e)
    })
}

/// `x is value` (positive) or `x is not value`.
pub(super) fn narrow_is<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    value: Type<'db>,
    positive: bool,
) -> Type<'db> {
    match value {
        Type::None => narrow_none(db, ty, positive),
        Type::EnumLiteral(_) => narrow_enum_member(db, ty, value, positive),
        Type::BoolLiteral(b) => {
            if ty.is_dynamic() {
                return if positive { value } else { ty };
            }
            map_elements(db, ty, |e| match e {
                Type::BoolLiteral(c) => ((c == b) == positive).then_some(e),
                Type::Instance(c) if c.is_known(db, KnownClass::Bool) => {
                    Some(Type::BoolLiteral(if positive { b } else { !b }))
                }
                _ if positive && is_literal(e) => None,
                _ => Some(e),
            })
        }
        _ => ty,
    }
}

/// `x == value` (positive) or `x != value`, for a literal `value`.
pub(super) fn narrow_eq<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    value: Type<'db>,
    positive: bool,
) -> Type<'db> {
    if let Type::EnumLiteral(_) = value {
        return narrow_enum_member(db, ty, value, positive);
    }
    if !is_literal(value) {
        return ty;
    }
    if value.is_none() {
        return narrow_none(db, ty, positive);
    }
    map_elements(db, ty, |e| {
        if positive {
            match literal_eq(db, e, value) {
                Some(eq) => eq.then_some(e),
                None if disjoint_builtin(db, e, value) => None,
                None => Some(e),
            }
        } else {
            match (e, value) {
                (Type::Instance(c), Type::BoolLiteral(b)) if c.is_known(db, KnownClass::Bool) => {
                    Some(Type::BoolLiteral(!b))
                }
                _ => (literal_eq(db, e, value) != Some(true)).then_some(e),
            }
        }
    })
}

/// Whether an instance of a builtin `str`/`bytes`/`int`/`bool` can never
/// equal the literal `value` (`"a" == 0` is false; `True == 1` is not).
fn disjoint_builtin<'db>(db: &'db dyn Db, e: Type<'db>, value: Type<'db>) -> bool {
    let Type::Instance(c) = e else {
        return false;
    };
    let family = |k: KnownClass| match k {
        KnownClass::Int | KnownClass::Bool => Some(0),
        KnownClass::Str => Some(1),
        KnownClass::Bytes => Some(2),
        _ => None,
    };
    match (
        c.known(db).and_then(family),
        literal_class(value).and_then(family),
    ) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    }
}

/// The literal values of a container display (`("a", "b")`, `[1, None]`).
fn literal_items<'db>(cx: &Narrower<'db>, container: &Expr) -> Option<Vec<Type<'db>>> {
    let elts = match container {
        Expr::Tuple(t) => &t.elts,
        Expr::List(l) => &l.elts,
        Expr::Set(s) => &s.elts,
        _ => return None,
    };
    if elts.len() > 64 {
        return None;
    }
    let mut out = Vec::new();
    for e in elts {
        let ty = if is_none_literal(e) {
            Type::None
        } else {
            cx.expr_type(e)
        };
        if !is_literal(ty) {
            return None;
        }
        out.push(ty);
    }
    Some(out)
}

/// `x in container` (positive) or `x not in container`.
pub(super) fn narrow_in<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    container: &Expr,
    positive: bool,
) -> Type<'db> {
    let db = cx.db;
    if let Some(items) = literal_items(cx, container) {
        let contains = |e: Type<'db>| -> Option<bool> {
            let mut unknown = false;
            for &v in &items {
                match literal_eq(db, e, v) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            (!unknown).then_some(false)
        };
        if positive {
            let mut out = Vec::new();
            for e in ty.union_elements(db) {
                match e {
                    _ if is_literal(e) => {
                        if contains(e) != Some(false) {
                            out.push(e);
                        }
                    }
                    Type::Instance(c)
                        if c.args(db).is_empty()
                            && matches!(
                                c.known(db),
                                Some(KnownClass::Str | KnownClass::Bytes | KnownClass::Int)
                            ) =>
                    {
                        let known = c.known(db);
                        out.extend(items.iter().copied().filter(|v| literal_class(*v) == known));
                    }
                    Type::Instance(c) if c.is_known(db, KnownClass::Bool) => {
                        out.extend(
                            items
                                .iter()
                                .copied()
                                .filter(|v| matches!(v, Type::BoolLiteral(_))),
                        );
                    }
                    _ => out.push(e),
                }
            }
            return union(db, out);
        }
        return map_elements(db, ty, |e| {
            if let Type::Instance(c) = e {
                if c.is_known(db, KnownClass::Bool) {
                    let t = items.contains(&Type::BoolLiteral(true));
                    let f = items.contains(&Type::BoolLiteral(false));
                    return match (t, f) {
                        (true, true) => None,
                        (true, false) => Some(Type::BoolLiteral(false)),
                        (false, true) => Some(Type::BoolLiteral(true)),
                        (false, false) => Some(e),
                    };
                }
            }
            (!(is_literal(e) && contains(e) == Some(true))).then_some(e)
        });
    }
    // Any other container: `x in xs` with `xs: list[str]` rules out `None`.
    if !positive {
        return ty;
    }
    let Some(element) = container_element(db, cx.expr_type(container)) else {
        return ty;
    };
    let element_may_be_none = element.union_elements(db).into_iter().any(|e| {
        e.is_none() || e.is_dynamic() || is_object(db, e) || matches!(e, Type::TypeVar(_))
    });
    if element_may_be_none {
        return ty;
    }
    map_elements(db, ty, |e| (!e.is_none()).then_some(e))
}

/// The element type a container's `__contains__` compares against.
fn container_element<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Type<'db>> {
    match ty {
        Type::Tuple(t) => Some(union(db, t.elements(db).iter().copied())),
        Type::Instance(c) => match c.known(db)? {
            KnownClass::List
            | KnownClass::Set
            | KnownClass::Frozenset
            | KnownClass::Tuple
            | KnownClass::Dict => c.args(db).first().copied(),
            KnownClass::Str => Some(ty),
            _ => None,
        },
        _ => None,
    }
}

/// The class of an instance-like type (literals included).
fn class_of<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<ClassType<'db>> {
    match ty {
        Type::Instance(c) => Some(c),
        Type::Tuple(_) => known_class(db, KnownClass::Tuple),
        Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_) => {
            known_class(db, KnownClass::Function)
        }
        Type::ClassObject(_) | Type::SubclassOf(_) => known_class(db, KnownClass::Type),
        Type::Module(_) => known_class(db, KnownClass::ModuleType),
        _ => known_class(db, literal_class(ty)?),
    }
}

/// An instance of `class` (`None` for `NoneType`).
fn instance<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Type<'db> {
    if class.is_known(db, KnownClass::NoneType) {
        Type::None
    } else {
        Type::Instance(class)
    }
}

/// `type(x) is C` (positive) or `type(x) is not C`.
pub(super) fn narrow_type_is<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    class_expr: &Expr,
    positive: bool,
) -> Type<'db> {
    let db = cx.db;
    let Type::ClassObject(class) = cx.expr_type(class_expr) else {
        return ty;
    };
    if !positive {
        // Only an exact class is ruled out; instances of subclasses remain.
        return ty;
    }
    if ty.is_dynamic() {
        return instance(db, class);
    }
    map_elements(db, ty, |e| {
        let Some(c) = class_of(db, e) else {
            return Some(e);
        };
        if c.class(db) == class.class(db) {
            Some(e)
        } else if is_subclass(db, class.class(db), c.class(db)) {
            Some(instance(db, class))
        } else {
            None
        }
    })
}

/// `len(x) == n`, `len(x) >= n` and the other comparisons (negated when
/// not `positive`), on tuples. An unbounded part is expanded by the number
/// of elements the length requires:
///
/// ```python
/// def f(t: tuple[int, *tuple[str, ...]]):
///     if len(t) == 2:
///         reveal_type(t)  # tuple[int, str]
///     if len(t) >= 3:
///         reveal_type(t)  # tuple[int, str, str, *tuple[str, ...]]
/// ```
pub(super) fn narrow_len<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    op: ast::CmpOp,
    n: i64,
    positive: bool,
) -> Type<'db> {
    use ast::CmpOp;
    // As `len(x) == n` or `len(x) >= n`, possibly negated.
    let (at_least, n, positive) = match op {
        CmpOp::Eq => (false, n, positive),
        CmpOp::NotEq => (false, n, !positive),
        CmpOp::GtE => (true, n, positive),
        CmpOp::Gt => (true, n.saturating_add(1), positive),
        CmpOp::Lt => (true, n, !positive),
        CmpOp::LtE => (true, n.saturating_add(1), !positive),
        _ => return ty,
    };
    let Ok(n) = usize::try_from(n) else {
        return ty;
    };
    let within_budget = |min: usize| n - min <= MAX_TUPLE_LEN_EXPANSION;
    map_elements(db, ty, |e| {
        let Type::Tuple(t) = e else {
            return Some(e);
        };
        if t.type_var_tuple_index(db).is_some() {
            // `tuple[int, *Ts]`: any length from 1.
            return Some(e);
        }
        let min = t.min_len(db);
        if t.is_fixed(db) {
            let holds = if at_least { min >= n } else { min == n };
            return (holds == positive).then_some(e);
        }
        match (at_least, positive) {
            // `len(t) == n`
            (false, true) if n < min => None,
            (false, true) if within_budget(min) => t.with_len(db, n).map(Type::Tuple),
            // `len(t) != min`: at least one more element.
            (false, false) if n == min => t.with_min_len(db, n + 1).map(Type::Tuple),
            // `len(t) >= n`
            (true, true) if n > min && within_budget(min) => t.with_min_len(db, n).map(Type::Tuple),
            // `len(t) < n`: one of the lengths from the least up to `n - 1`.
            (true, false) if n <= min => None,
            (true, false) if within_budget(min) => Some(union(
                db,
                (min..n).filter_map(|k| t.with_len(db, k).map(Type::Tuple)),
            )),
            _ => Some(e),
        }
    })
}

/// `x.attr == value` (positive) or `!=`: keeps the union elements whose
/// literal `attr` can (cannot) equal `value`.
pub(super) fn narrow_discriminant<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    attr: &str,
    value: Type<'db>,
    positive: bool,
) -> Type<'db> {
    narrow_discriminant_in(cx, ty, attr, &[value], positive)
}

/// `x.attr in (values)` (positive) or `not in`: keeps the union elements
/// whose literal `attr` can be (can be other than) one of `values`.
fn narrow_discriminant_in<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    attr: &str,
    values: &[Type<'db>],
    positive: bool,
) -> Type<'db> {
    let db = cx.db;
    if !values.iter().all(|v| is_literal(*v)) || !matches!(ty, Type::Union(_)) {
        return ty;
    }
    let mut inferrer = crate::infer::expr::ExprInferrer::new(db, cx.file, false);
    map_elements(db, ty, |e| {
        if !matches!(e, Type::Instance(_)) {
            return Some(e);
        }
        let Some(member) = inferrer.member(e, attr) else {
            return Some(e);
        };
        typeddict::discriminates(db, member, values, positive)
            .unwrap_or(true)
            .then_some(e)
    })
}

/// The comparisons the caller does not handle itself: typed dict keys and
/// discriminants (see [`typeddict`]) and `x.attr in (<literals>)`. `None`
/// when `left op right` is none of them.
pub(super) fn narrow_compare_extra<'db>(
    cx: &Narrower<'db>,
    key: &str,
    ty: Type<'db>,
    left: &Expr,
    op: ast::CmpOp,
    right: &Expr,
    positive: bool,
) -> Option<Type<'db>> {
    if let Some(t) = typeddict::narrow_compare(cx, key, ty, left, op, right, positive) {
        return Some(t);
    }
    match (left, op) {
        (Expr::Attribute(a), ast::CmpOp::In | ast::CmpOp::NotIn) if is_subject(&a.value, key) => {
            let items = literal_items(cx, right)?;
            let positive = positive == matches!(op, ast::CmpOp::In);
            Some(narrow_discriminant_in(
                cx,
                ty,
                a.attr.as_str(),
                &items,
                positive,
            ))
        }
        _ => None,
    }
}

/// `t[i] == value` (positive) or `!=`: keeps the tuples of a union whose
/// literal element `i` can (cannot) equal `value`.
pub(super) fn narrow_tuple_discriminant<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    i: i64,
    value: Type<'db>,
    positive: bool,
) -> Type<'db> {
    if !is_literal(value) || !matches!(ty, Type::Union(_)) {
        return ty;
    }
    map_elements(db, ty, |e| {
        let Type::Tuple(t) = e else {
            return Some(e);
        };
        if !t.is_fixed(db) {
            return Some(e);
        }
        let elements = t.elements(db);
        let len = elements.len() as i64;
        let index = if i < 0 { len + i } else { i };
        let Some(&element) = usize::try_from(index).ok().and_then(|k| elements.get(k)) else {
            return Some(e);
        };
        let values = element.union_elements(db);
        if !values.iter().all(|v| is_literal(*v)) {
            return Some(e);
        }
        let keep = if positive {
            values
                .iter()
                .any(|v| literal_eq(db, *v, value) != Some(false))
        } else {
            !(values.len() == 1 && literal_eq(db, values[0], value) == Some(true))
        };
        keep.then_some(e)
    })
}

/// The classes of `isinstance`'s second argument: a class, a tuple of
/// them, a `C | D` union, `type(None)`, `None` inside a union.
pub(super) fn class_info<'db>(
    cx: &Narrower<'db>,
    expr: &Expr,
    depth: usize,
) -> Option<Vec<ClassType<'db>>> {
    if depth > super::MAX_NARROW_DEPTH {
        return None;
    }
    let db = cx.db;
    match expr {
        Expr::Tuple(t) => {
            let mut out = Vec::new();
            for e in &t.elts {
                out.extend(class_info(cx, e, depth + 1)?);
            }
            return Some(out);
        }
        Expr::BinOp(b) if matches!(b.op, ast::Operator::BitOr) => {
            let mut out = class_info(cx, &b.left, depth + 1)?;
            out.extend(class_info(cx, &b.right, depth + 1)?);
            return Some(out);
        }
        Expr::Constant(_) if is_none_literal(expr) => {
            return Some(vec![known_class(db, KnownClass::NoneType)?]);
        }
        Expr::Call(c)
            if matches!(c.func.as_ref(), Expr::Name(n) if n.id.as_str() == "type")
                && c.args.len() == 1
                && is_none_literal(&c.args[0]) =>
        {
            return Some(vec![known_class(db, KnownClass::NoneType)?]);
        }
        _ => {}
    }
    let mut out = Vec::new();
    let ty = cx.expr_type(expr);
    let mut push = |t: Type<'db>| -> bool {
        match t {
            Type::ClassObject(c) => {
                out.push(c);
                true
            }
            Type::None => match known_class(db, KnownClass::NoneType) {
                Some(c) => {
                    out.push(c);
                    true
                }
                None => false,
            },
            _ => false,
        }
    };
    match ty {
        Type::ClassObject(_) => {
            push(ty);
        }
        Type::SubclassOf(c) => out.push(c),
        Type::Tuple(t) => {
            for &e in t.elements(db) {
                if !push(e) {
                    return None;
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// What `isinstance(e, c)` says about one element `e` of a narrowed type.
enum IsInstance<'db> {
    /// Always true: `e`'s class derives from `c`, or `c` is a protocol `e`
    /// satisfies.
    Always,
    /// Nothing is known about `e`'s class (a type variable ...).
    Unknown,
    /// True for some values of `e`, which then have this type: a subclass
    /// of `e`'s class, or `<subclass of E and C>`.
    Narrowed(Type<'db>),
    /// Never true: no value of `e` is an instance of `c`.
    Never,
}

fn isinstance_of<'db>(db: &'db dyn Db, e: Type<'db>, c: ClassType<'db>) -> IsInstance<'db> {
    use crate::abstract_class::is_protocol_class;
    use crate::intersection::{intersect_classes, Intersection};
    use crate::relation::is_assignable;
    let Some(class) = class_of(db, e) else {
        return IsInstance::Unknown;
    };
    if is_subclass(db, class.class(db), c.class(db)) {
        return IsInstance::Always;
    }
    // A runtime-checkable protocol matches structurally.
    if is_protocol_class(db, c.class(db)) && is_assignable(db, e, instance(db, c)) {
        return IsInstance::Always;
    }
    if is_subclass(db, c.class(db), class.class(db)) {
        return IsInstance::Narrowed(instance(db, specialize_subclass(db, c, class)));
    }
    // Literals, tuples, functions, modules: their class is exact.
    let Type::Instance(of) = e else {
        return IsInstance::Never;
    };
    // `isinstance(x, list)` with `x: Sized`: `list` satisfies the protocol.
    if is_protocol_class(db, class.class(db)) && is_assignable(db, instance(db, c), e) {
        return IsInstance::Narrowed(instance(db, c));
    }
    match intersect_classes(db, of, c) {
        Intersection::Class(x) => IsInstance::Narrowed(instance(db, x)),
        Intersection::Never => IsInstance::Never,
    }
}

/// `isinstance(x, classes)` (positive) or its negation.
pub(super) fn narrow_isinstance<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    classes: &[ClassType<'db>],
    positive: bool,
) -> Type<'db> {
    if ty.is_dynamic() {
        return if positive {
            union(db, classes.iter().map(|&c| instance(db, c)))
        } else {
            ty
        };
    }
    let mut out = Vec::new();
    for e in ty.union_elements(db) {
        let outcomes: Vec<IsInstance<'db>> =
            classes.iter().map(|&c| isinstance_of(db, e, c)).collect();
        let always = outcomes.iter().any(|o| matches!(o, IsInstance::Always));
        if !positive {
            if !always {
                out.push(e);
            }
            continue;
        }
        if always || outcomes.iter().all(|o| matches!(o, IsInstance::Unknown)) {
            out.push(e);
            continue;
        }
        for o in outcomes {
            match o {
                IsInstance::Narrowed(t) => out.push(t),
                // An element of unknown class may be an instance.
                IsInstance::Unknown => out.push(e),
                IsInstance::Always | IsInstance::Never => {}
            }
        }
    }
    union(db, out)
}

/// `class` (a bare generic class from `isinstance(x, list)`) with the type
/// arguments that make it a subtype of `of` where they follow from `of`'s:
/// `Sequence[int]` narrowed by `list` is `list[int]`. Arguments that do not
/// follow are `Unknown`.
fn specialize_subclass<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    of: ClassType<'db>,
) -> ClassType<'db> {
    use crate::infer::generics::{class_substitution, class_type_params};
    if !class.args(db).is_empty() || of.args(db).is_empty() {
        return class;
    }
    let params = class_type_params(db, class.class(db));
    if params.is_empty() {
        return class;
    }
    // `class` with its own parameters as arguments, seen as `of`'s class.
    let generic = ClassType::new(
        db,
        class.class(db),
        params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
    );
    let subst = class_substitution(db, generic);
    let of_params = class_type_params(db, of.class(db));
    let mut args = vec![Type::UNKNOWN; params.len()];
    for (q, &actual) in of_params.iter().zip(of.args(db)) {
        if let Some((_, Type::TypeVar(p))) = subst.iter().find(|(k, _)| k == q) {
            if let Some(i) = params.iter().position(|x| x == p) {
                args[i] = actual;
            }
        }
    }
    ClassType::new(db, class.class(db), args)
}

/// `issubclass(x, classes)` on class objects and `type[C]`.
pub(super) fn narrow_issubclass<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    classes: &[ClassType<'db>],
    positive: bool,
) -> Type<'db> {
    if ty.is_dynamic() {
        return if positive {
            union(db, classes.iter().map(|&c| Type::SubclassOf(c)))
        } else {
            ty
        };
    }
    let mut out = Vec::new();
    for e in ty.union_elements(db) {
        let class = match e {
            Type::ClassObject(c) | Type::SubclassOf(c) => c,
            _ => {
                out.push(e);
                continue;
            }
        };
        let narrowed = narrow_isinstance(db, Type::Instance(class), classes, positive);
        for n in narrowed.union_elements(db) {
            match n {
                Type::Instance(c) if c == class => out.push(e),
                Type::Instance(c) => out.push(Type::SubclassOf(c)),
                Type::None => {
                    if let Some(c) = known_class(db, KnownClass::NoneType) {
                        out.push(Type::SubclassOf(c));
                    }
                }
                other => out.push(other),
            }
        }
    }
    union(db, out)
}

/// `callable(x)` (positive) or `not callable(x)`.
pub(super) fn narrow_callable<'db>(cx: &Narrower<'db>, ty: Type<'db>, positive: bool) -> Type<'db> {
    let db = cx.db;
    if ty.is_dynamic() {
        return ty;
    }
    map_elements(db, ty, |e| {
        let callable = match e {
            Type::Function(_)
            | Type::BoundMethod(_)
            | Type::Callable(_)
            | Type::ClassObject(_)
            | Type::SubclassOf(_) => Some(true),
            Type::None
            | Type::IntLiteral(_)
            | Type::BoolLiteral(_)
            | Type::StrLiteral(_)
            | Type::BytesLiteral(_)
            | Type::LiteralString
            | Type::Tuple(_)
            | Type::Module(_) => Some(false),
            // `callable(x)` with `x: object`: `(...) -> object`.
            Type::Instance(_) if is_object(db, e) => {
                return Some(if positive {
                    Type::Callable(gradus_types::CallableType::new(
                        db,
                        gradus_types::Signature::gradual(e),
                    ))
                } else {
                    e
                });
            }
            Type::Instance(_) if is_known_instance(db, e, KnownClass::Type) => None,
            Type::Instance(c) => match class_member(db, c.class(db), "__call__") {
                MemberLookup::Found { .. } => Some(true),
                MemberLookup::Unknown => None,
                // A subclass may define `__call__`: `<callable subclass of
                // C>`, unless `C` is final.
                MemberLookup::NotFound if positive => {
                    return (!crate::intersection::is_effectively_final(db, c.class(db))).then(
                        || {
                            Type::Instance(crate::intersection::with_assumed_attribute(
                                db, c, "__call__",
                            ))
                        },
                    );
                }
                MemberLookup::NotFound => Some(false),
            },
            _ => None,
        };
        match callable {
            Some(c) => (c == positive).then_some(e),
            None => Some(e),
        }
    })
}

/// `hasattr(x, "name")`: keeps the elements that have the attribute; an
/// instance of a class that lacks it becomes `<subclass of C with
/// attribute name>` in the positive branch (a subclass may add it), on
/// which the attribute is `Unknown`. A type variable lacking it becomes
/// `Unknown`.
pub(super) fn narrow_hasattr<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    name: &str,
    positive: bool,
) -> Type<'db> {
    let db = cx.db;
    if !positive || ty.is_dynamic() {
        return ty;
    }
    let mut inferrer = crate::infer::expr::ExprInferrer::new(db, cx.file, false);
    map_elements(db, ty, |e| match e {
        Type::None => inferrer.member(e, name).map(|_| e),
        Type::Instance(c) => Some(match inferrer.member(e, name) {
            Some(_) => e,
            None => Type::Instance(crate::intersection::with_assumed_attribute(db, c, name)),
        }),
        Type::TypeVar(_) => Some(match inferrer.member(e, name) {
            Some(_) => e,
            None => Type::UNKNOWN,
        }),
        _ => Some(e),
    })
}

/// `x is Color.RED` / `x == Color.RED` (and the negations): an enum is the
/// union of its members, so `Color` narrows to `Literal[Color.RED]`, or to
/// the other members; values of unrelated types cannot be the member.
fn narrow_enum_member<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    member: Type<'db>,
    positive: bool,
) -> Type<'db> {
    let Type::EnumLiteral(m) = member else {
        return ty;
    };
    let enum_class = m.class(db);
    if ty.is_dynamic() {
        return if positive { member } else { ty };
    }
    map_elements_multi(db, ty, |e| match e {
        Type::EnumLiteral(o) => {
            if (o == m) == positive {
                vec![e]
            } else {
                vec![]
            }
        }
        Type::Instance(c) if c == enum_class => {
            if positive {
                vec![member]
            } else if crate::class::is_flag_enum(db, enum_class.class(db)) {
                vec![e]
            } else {
                let names = crate::class::enum_member_names(db, enum_class.class(db));
                if names.is_empty() {
                    return vec![e];
                }
                names
                    .iter()
                    .filter(|n| n.as_str() != m.name(db).as_str())
                    .map(|n| {
                        Type::EnumLiteral(gradus_types::EnumLiteralType::new(
                            db,
                            enum_class,
                            n.clone(),
                        ))
                    })
                    .collect()
            }
        }
        // `object` (or another base of the enum) narrows to the member.
        Type::Instance(c) if positive => {
            if crate::class::is_subclass(db, enum_class.class(db), c.class(db)) {
                vec![member]
            } else {
                vec![]
            }
        }
        _ if positive && (is_literal(e) || matches!(e, Type::LiteralString)) => vec![],
        _ => vec![e],
    })
}

/// Like `map_elements`, but each element may become several.
fn map_elements_multi<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    f: impl FnMut(Type<'db>) -> Vec<Type<'db>>,
) -> Type<'db> {
    gradus_types::union(db, ty.union_elements(db).into_iter().flat_map(f))
}
