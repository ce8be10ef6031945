//! Intersections of classes, made by `isinstance` narrowing.
//!
//! ```python
//! class C: ...
//! class D: ...
//!
//! def f(c: C) -> None:
//!     if isinstance(c, D):
//!         reveal_type(c)   # <subclass of C and D>: a class inheriting
//!                          # from both may exist
//! ```
//!
//! The engine has no intersection type: it makes up a class whose bases
//! are `C` and `D` (a `ClassLiteral` with `intersection_of` set, as pyright
//! and mypy do). Its members are found on `C`, then `D`, with their own
//! type arguments; it is assignable to both.
//!
//! No class can inherit from both when one of them is final (`@final`, or
//! an enum with members), when their disjoint bases conflict (`int` and
//! `str`, see `crate::disjoint_base`), or when no consistent method
//! resolution order exists: the narrowed type is then `Never`.

use gradus_budgets::MAX_INTERSECTION_CLASSES;
use gradus_db::Db;
use gradus_types::{ClassLiteral, ClassType, Type};

use crate::class::{class_mro, enum_member_names, is_enum_class, is_subclass};
use crate::disjoint_base::disjoint_bases_compatible;
use crate::overrides::is_final_class;

/// Whether `class` can have no subclass: `@final`, or an enum with members.
pub fn is_effectively_final(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    is_final_class(db, class)
        || (is_enum_class(db, class) && !enum_member_names(db, class).is_empty())
}

/// Whether some class may inherit from both `a` and `b`.
pub fn may_have_common_subclass<'db>(
    db: &'db dyn Db,
    a: ClassLiteral<'db>,
    b: ClassLiteral<'db>,
) -> bool {
    if is_subclass(db, a, b) || is_subclass(db, b, a) {
        return true;
    }
    !is_effectively_final(db, a)
        && !is_effectively_final(db, b)
        && disjoint_bases_compatible(db, a, b)
}

/// The outcome of intersecting two classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intersection<'db> {
    /// No class inherits from both.
    Never,
    /// The more derived of the two, or the made-up class inheriting from
    /// both.
    Class(ClassType<'db>),
}

/// `<subclass of A and B>` for a value declared `a` narrowed by
/// `isinstance(_, b)`, flattened when `a` already is an intersection.
/// Past [`MAX_INTERSECTION_CLASSES`] classes the result is `a` (narrowing
/// gives up, soundly).
///
/// The narrowing class comes first in the made-up class's bases: code in
/// the narrowed branch is written against `b` (`if isinstance(x, tuple):
/// a, b = x` unpacks `x` as a tuple, not as whatever `a` iterates as). The
/// name lists the classes in the order they were narrowed. A bare generic
/// class gets `Unknown` type arguments.
pub fn intersect_classes<'db>(
    db: &'db dyn Db,
    a: ClassType<'db>,
    b: ClassType<'db>,
) -> Intersection<'db> {
    // Most recent narrowing first.
    let mut parts: Vec<ClassType<'db>> = Vec::new();
    let mut attributes: Vec<String> = Vec::new();
    for c in [b, a] {
        let literal = c.class(db);
        if literal.is_intersection(db) {
            parts.extend(literal.intersection_of(db).iter().copied());
            attributes.extend(literal.assumed_attributes(db).iter().cloned());
        } else {
            parts.push(c);
        }
    }
    // Keep only the most derived of related classes.
    let mut kept: Vec<ClassType<'db>> = Vec::new();
    for &p in &parts {
        let lp = p.class(db);
        if kept
            .iter()
            .any(|k| k == &p || is_subclass(db, k.class(db), lp))
        {
            continue;
        }
        kept.retain(|k| !is_subclass(db, lp, k.class(db)));
        kept.push(p);
    }
    if kept.len() > MAX_INTERSECTION_CLASSES {
        return Intersection::Class(a);
    }
    for (i, x) in kept.iter().enumerate() {
        for y in &kept[i + 1..] {
            if !may_have_common_subclass(db, x.class(db), y.class(db)) {
                return Intersection::Never;
            }
        }
    }
    if kept.len() == 1 && attributes.is_empty() {
        return Intersection::Class(kept[0]);
    }
    match made_up_class(db, kept, attributes) {
        Some(class) => Intersection::Class(class),
        None => Intersection::Never,
    }
}

/// `x: C` after `hasattr(x, "name")` when `C` has no attribute `name`:
/// `<subclass of C with attribute name>`, on which `x.name` is `Unknown`
/// and every other member is `C`'s.
pub fn with_assumed_attribute<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    name: &str,
) -> ClassType<'db> {
    let literal = class.class(db);
    let (bases, mut attributes) = if literal.is_intersection(db) {
        (
            literal.intersection_of(db).clone(),
            literal.assumed_attributes(db).clone(),
        )
    } else {
        (vec![class], Vec::new())
    };
    if attributes.len() >= MAX_INTERSECTION_CLASSES || attributes.iter().any(|a| a == name) {
        return class;
    }
    attributes.push(name.to_owned());
    made_up_class(db, bases, attributes).unwrap_or(class)
}

/// The made-up class inheriting from `bases` (most recently narrowed
/// first) and assumed to have `attributes`. `None` when no consistent
/// method resolution order exists.
fn made_up_class<'db>(
    db: &'db dyn Db,
    bases: Vec<ClassType<'db>>,
    attributes: Vec<String>,
) -> Option<ClassType<'db>> {
    let first = bases.first()?.class(db);
    let names: Vec<String> = bases
        .iter()
        .rev()
        .map(|&c| Type::Instance(c).display(db).to_string())
        .collect();
    let mut name = format!("<subclass of {}", names.join(" and "));
    match attributes.as_slice() {
        [] => {}
        // `callable(x)`.
        [call] if call == "__call__" => name.insert_str(1, "callable "),
        [one] => name.push_str(&format!(" with attribute {one}")),
        more => name.push_str(&format!(" with attributes {}", more.join(", "))),
    }
    name.push('>');
    let bases: Vec<ClassType<'db>> = bases.iter().map(|&c| with_unknown_args(db, c)).collect();
    let literal = ClassLiteral::new(
        db,
        first.file(db),
        first.definition(db),
        first.body_scope(db),
        name,
        None,
        bases,
        attributes,
    );
    if class_mro(db, literal).inconsistent {
        return None;
    }
    Some(ClassType::new(db, literal, Vec::<Type<'db>>::new()))
}

/// `tuple` as `tuple[Unknown]`: a bare generic class with `Unknown` for
/// each of its type parameters.
fn with_unknown_args<'db>(db: &'db dyn Db, class: ClassType<'db>) -> ClassType<'db> {
    if !class.args(db).is_empty() {
        return class;
    }
    let params = crate::infer::generics::class_type_params(db, class.class(db));
    if params.is_empty() {
        return class;
    }
    ClassType::new(db, class.class(db), vec![Type::UNKNOWN; params.len()])
}
