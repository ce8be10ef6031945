//! Disjoint bases (PEP 800): classes whose instances have a memory layout
//! of their own, so that no class can inherit from two unrelated ones.
//!
//! ```python
//! class A:
//!     __slots__ = ("x",)      # a non-empty `__slots__`: a disjoint base
//! class B:
//!     __slots__ = ("y",)
//! class C(A, B): ...          # error: A and B are incompatible disjoint bases
//!
//! def f(x: int):
//!     if isinstance(x, str):  # int and str are both disjoint bases:
//!         reveal_type(x)      # Never (no class is both)
//! ```
//!
//! A class is a disjoint base when it is decorated `@disjoint_base`, has a
//! non-empty `__slots__`, or is one of the builtins with a C layout (`int`,
//! `str`, `list`, `BaseException` ...). A class's disjoint base is itself
//! when it is one; otherwise the one of its bases' disjoint bases that is a
//! subclass of all the others (`None`: only `object`). When no base's is,
//! the class cannot exist at runtime (`incompatible-disjoint-bases`).
//!
//! Narrowing uses the same facts: two classes can have a common subclass
//! only when neither is final and their disjoint bases are compatible
//! (see `crate::intersection`).

use gradus_db::Db;
use gradus_syntax::ast::{self, Constant, Expr, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{ClassLiteral, KnownClass, SpecialForm};

use crate::class::{class_bases, class_stmt, is_subclass, Base};
use crate::infer::function::decorator_name;
use crate::rules::{INCOMPATIBLE_DISJOINT_BASES, INVALID_DISJOINT_BASE};
use crate::semantic::known_class;

/// A class's disjoint base, and the first pair of its bases' disjoint
/// bases that conflict (when some do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, salsa::SalsaValue)]
pub struct DisjointBase<'db> {
    /// `None`: no disjoint base but `object`.
    pub base: Option<ClassLiteral<'db>>,
    pub conflict: Option<(ClassLiteral<'db>, ClassLiteral<'db>)>,
}

/// Whether `class` itself is a disjoint base.
pub fn is_disjoint_base(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    if class.is_intersection(db) {
        return false;
    }
    if let Some(known) = class.known(db) {
        return known != KnownClass::Object;
    }
    let Some(stmt) = class_stmt(db, class) else {
        return false;
    };
    stmt.decorator_list
        .iter()
        .any(|d| decorator_name(d) == Some("disjoint_base"))
        || stmt.body.iter().any(has_nonempty_slots)
}

/// `__slots__ = ("x",)` (or a list, a dict, one string) with at least one
/// slot. A computed value is not counted.
fn has_nonempty_slots(stmt: &Stmt) -> bool {
    let (target, value) = match stmt {
        Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], Some(a.value.as_ref())),
        Stmt::AnnAssign(a) => (a.target.as_ref(), a.value.as_deref()),
        _ => return false,
    };
    if !matches!(target, Expr::Name(n) if n.id.as_str() == "__slots__") {
        return false;
    }
    match value {
        Some(Expr::Tuple(t)) => !t.elts.is_empty(),
        Some(Expr::List(l)) => !l.elts.is_empty(),
        Some(Expr::Dict(d)) => !d.keys.is_empty(),
        Some(Expr::Constant(c)) => matches!(&c.value, Constant::Str(s) if !s.is_empty()),
        _ => false,
    }
}

/// The disjoint base of `class` (see the module docs).
#[salsa::tracked(returns(copy), cycle_result = disjoint_base_cycle)]
pub fn disjoint_base<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> DisjointBase<'db> {
    let _boundary = crate::firewall::query_boundary();
    let mut candidates: Vec<ClassLiteral<'db>> = Vec::new();
    for base in class_bases(db, class) {
        let base_class = match base {
            Base::Class(c) => c.class(db),
            // A named tuple is a `tuple`.
            Base::Special(SpecialForm::NamedTuple) => match known_class(db, KnownClass::Tuple) {
                Some(t) => t.class(db),
                None => continue,
            },
            _ => continue,
        };
        if base_class == class {
            continue;
        }
        if let Some(b) = disjoint_base(db, base_class).base {
            if !candidates.contains(&b) {
                candidates.push(b);
            }
        }
    }
    // The candidate that is a subclass of every other one.
    let winner = candidates
        .iter()
        .copied()
        .find(|&c| candidates.iter().all(|&o| is_subclass(db, c, o)));
    let conflict = match winner {
        Some(_) => None,
        None => first_conflict(db, &candidates),
    };
    let base = if is_disjoint_base(db, class) {
        Some(class)
    } else {
        winner.or_else(|| candidates.first().copied())
    };
    DisjointBase { base, conflict }
}

fn first_conflict<'db>(
    db: &'db dyn Db,
    candidates: &[ClassLiteral<'db>],
) -> Option<(ClassLiteral<'db>, ClassLiteral<'db>)> {
    for (i, &a) in candidates.iter().enumerate() {
        for &b in &candidates[i + 1..] {
            if !is_subclass(db, a, b) && !is_subclass(db, b, a) {
                return Some((a, b));
            }
        }
    }
    None
}

fn disjoint_base_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> DisjointBase<'db> {
    DisjointBase {
        base: None,
        conflict: None,
    }
}

/// Whether the disjoint bases of `a` and `b` allow a class inheriting from
/// both.
pub fn disjoint_bases_compatible<'db>(
    db: &'db dyn Db,
    a: ClassLiteral<'db>,
    b: ClassLiteral<'db>,
) -> bool {
    match (disjoint_base(db, a).base, disjoint_base(db, b).base) {
        (Some(x), Some(y)) => is_subclass(db, x, y) || is_subclass(db, y, x),
        _ => true,
    }
}

/// The findings of a class statement about disjoint bases: bases whose
/// disjoint bases conflict, and `@disjoint_base` on a protocol or a typed
/// dict.
pub fn class_disjoint_base_errors<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    stmt: &ast::StmtClassDef,
) -> Vec<(TextRange, &'static str, String)> {
    let mut errors = Vec::new();
    if let Some((a, b)) = disjoint_base(db, class).conflict {
        let range = match (stmt.bases.first(), stmt.bases.last()) {
            (Some(first), Some(last)) => TextRange::new(first.range().start(), last.range().end()),
            _ => stmt.range(),
        };
        errors.push((
            range,
            INCOMPATIBLE_DISJOINT_BASES.code,
            format!(
                "Class `{}` has incompatible disjoint bases `{}` and `{}`: no class can inherit from both",
                stmt.name,
                a.name(db),
                b.name(db)
            ),
        ));
    }
    if let Some(decorator) = stmt
        .decorator_list
        .iter()
        .find(|d| decorator_name(d) == Some("disjoint_base"))
    {
        let kind = class_bases(db, class).iter().find_map(|b| match b {
            Base::Special(SpecialForm::Protocol) => Some("a protocol"),
            Base::Special(SpecialForm::TypedDict) => Some("a TypedDict"),
            _ => None,
        });
        let kind =
            kind.or_else(|| crate::typeddict::is_typeddict(db, class).then_some("a TypedDict"));
        if let Some(kind) = kind {
            errors.push((
                decorator.range(),
                INVALID_DISJOINT_BASE.code,
                format!(
                    "`@disjoint_base` cannot be applied to `{}`, which is {kind}",
                    stmt.name
                ),
            ));
        }
    }
    errors
}

/// `@disjoint_base` on a function: only classes can be disjoint bases.
pub fn function_disjoint_base_error(
    decorators: &[Expr],
    name: &str,
) -> Option<(TextRange, &'static str, String)> {
    let decorator = decorators
        .iter()
        .find(|d| decorator_name(d) == Some("disjoint_base"))?;
    Some((
        decorator.range(),
        INVALID_DISJOINT_BASE.code,
        format!("`@disjoint_base` cannot be applied to function `{name}`: only classes can be disjoint bases"),
    ))
}
