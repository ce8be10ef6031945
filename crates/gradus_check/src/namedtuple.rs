//! Named tuples declared with the class syntax: a tuple with named fields.
//!
//! ```python
//! from typing import NamedTuple
//!
//! class Point(NamedTuple):
//!     x: int
//!     y: int
//!     units: str = "m"
//!
//! p = Point(1, 2)           # __new__(cls, x: int, y: int, units: str = ...)
//! reveal_type(p[2])         # str: indexing, unpacking and iteration see
//! t: tuple[int, int, str] = p   # the tuple `tuple[int, int, str]`
//! p.x = 3                   # error: named tuples are immutable
//! ```
//!
//! The MRO of such a class has `tuple` where `NamedTuple` is written
//! (as at run time); the fields are the annotated names of the class that
//! lists `NamedTuple` among its bases. The functional forms
//! (`NamedTuple("P", [...])`, `collections.namedtuple`) are not modelled yet.

use gradus_db::Db;
use gradus_syntax::ast::{Expr, Stmt};
use gradus_types::{
    ClassLiteral, ClassType, Parameter, ParameterKind, Signature, SpecialForm, TupleType, Type,
};

use crate::class::{class_bases, class_mro, class_stmt, Base};
use crate::infer::expr::ExprInferrer;

/// One field of a named tuple.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct NamedTupleField<'db> {
    pub name: String,
    pub ty: Type<'db>,
    pub has_default: bool,
}

/// The class along the MRO of `class` that lists `NamedTuple` as a base.
pub fn namedtuple_root<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Option<ClassLiteral<'db>> {
    class_mro(db, class).classes.iter().copied().find(|&c| {
        class_bases(db, c)
            .iter()
            .any(|b| matches!(b, Base::Special(SpecialForm::NamedTuple)))
    })
}

/// The fields of named tuple `class` (empty when it is not one).
#[salsa::tracked(returns(ref))]
pub fn namedtuple_fields<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Vec<NamedTupleField<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let Some(root) = namedtuple_root(db, class) else {
        return Vec::new();
    };
    let Some(stmt) = class_stmt(db, root) else {
        return Vec::new();
    };
    let file = root.file(db);
    let index = crate::firewall::index(db, file);
    let mut annotated = Vec::new();
    crate::dataclass::collect_annotated(&stmt.body, index, &mut annotated, 0);
    let mut inferrer = ExprInferrer::new(db, file, false);
    annotated
        .into_iter()
        .filter_map(|a| {
            let Expr::Name(n) = a.target.as_ref() else {
                return None;
            };
            Some(NamedTupleField {
                name: n.id.to_string(),
                ty: inferrer.annotation_type(&a.annotation),
                has_default: a.value.is_some(),
            })
        })
        .collect()
}

/// The tuple an instance of named tuple `class` is (`tuple[int, int, str]`).
pub fn tuple_view<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Option<Type<'db>> {
    namedtuple_root(db, class.class(db))?;
    let subst = crate::infer::generics::class_substitution(db, class);
    let elements: Vec<Type<'db>> = namedtuple_fields(db, class.class(db))
        .iter()
        .map(|f| crate::infer::generics::substitute(db, f.ty, &subst))
        .collect();
    Some(Type::Tuple(TupleType::new(db, elements, false)))
}

/// The `__new__` of named tuple `class` (without `cls`), unless a class
/// along the MRO before the root defines its own.
pub fn synthesized_new<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Option<Signature<'db>> {
    let root = namedtuple_root(db, class.class(db))?;
    for &c in &class_mro(db, class.class(db)).classes {
        if c == root {
            break;
        }
        let own = |name: &str| {
            crate::semantic::symbol_type(db, c.file(db), c.body_scope(db), name.to_owned())
                .is_some()
        };
        if own("__new__") || own("__init__") {
            return None;
        }
    }
    let subst = crate::infer::generics::class_substitution(db, class);
    let parameters = namedtuple_fields(db, class.class(db))
        .iter()
        .map(|f| Parameter {
            name: Some(f.name.clone()),
            kind: ParameterKind::PositionalOrKeyword,
            ty: crate::infer::generics::substitute(db, f.ty, &subst),
            has_default: f.has_default,
        })
        .collect();
    Some(Signature {
        parameters,
        return_type: Type::None,
        gradual: false,
    })
}

/// Members a named tuple has that its class body does not show.
pub fn synthesized_member<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    name: &str,
) -> Option<Type<'db>> {
    namedtuple_root(db, class)?;
    matches!(
        name,
        "_fields" | "_field_defaults" | "_make" | "_asdict" | "_replace" | "__match_args__"
    )
    .then_some(Type::ANY)
}

/// The problems of a named tuple class statement: `(range, message)`.
pub fn definition_errors<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    stmt: &gradus_syntax::ast::StmtClassDef,
) -> Vec<(gradus_syntax::TextRange, String)> {
    let mut errors = Vec::new();
    let Some(root) = namedtuple_root(db, class) else {
        return errors;
    };
    if root == class {
        // `NamedTuple` allows no other base but `Generic[...]`.
        let others = class_bases(db, class)
            .iter()
            .filter(|b| {
                !matches!(
                    b,
                    Base::Special(SpecialForm::NamedTuple | SpecialForm::Generic)
                )
            })
            .count();
        if others > 0 {
            errors.push((
                stmt.range,
                "A named tuple cannot have other bases than `NamedTuple` (and `Generic`)"
                    .to_owned(),
            ));
        }
        let mut seen_default = false;
        for s in &stmt.body {
            let Stmt::AnnAssign(a) = s else { continue };
            let Expr::Name(n) = a.target.as_ref() else {
                continue;
            };
            if n.id.starts_with('_') {
                errors.push((
                    a.range,
                    format!(
                        "Field name `{}` of a named tuple cannot start with an underscore",
                        n.id
                    ),
                ));
            }
            if a.value.is_some() {
                seen_default = true;
            } else if seen_default {
                errors.push((
                    a.range,
                    format!(
                        "Field `{}` without a default follows a field with a default",
                        n.id
                    ),
                ));
            }
        }
    } else {
        // A subclass may add attributes but not redefine fields.
        let fields = namedtuple_fields(db, class);
        for s in &stmt.body {
            let Stmt::AnnAssign(a) = s else { continue };
            let Expr::Name(n) = a.target.as_ref() else {
                continue;
            };
            if fields.iter().any(|f| f.name == n.id.as_str()) {
                errors.push((
                    a.range,
                    format!(
                        "`{}` overrides a field of the named tuple `{}`",
                        n.id,
                        root.name(db)
                    ),
                ));
            }
        }
    }
    errors
}
