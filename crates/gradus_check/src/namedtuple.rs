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
//! lists `NamedTuple` among its bases.
//!
//! The functional forms make a bodiless class of their variable, whose
//! fields come from the call:
//!
//! ```python
//! P = NamedTuple("P", [("x", int), ("y", int)])
//! Q = namedtuple("Q", "x y", defaults=(0,))   # fields are `Any`; y = 0
//! ```

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
        return functional_call(db, root)
            .map(|call| functional_fields(db, root.file(db), &call))
            .unwrap_or_default();
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
    Some(Type::Tuple(TupleType::fixed(db, elements)))
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
    let root = namedtuple_root(db, class)?;
    // The fields of a functional form (a class statement has them in its
    // body).
    if is_functional(db, root) {
        if let Some(field) = namedtuple_fields(db, class).iter().find(|f| f.name == name) {
            return Some(field.ty);
        }
    }
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

/// Whether `class` is the class of `P = NamedTuple("P", ...)` or
/// `P = namedtuple("P", ...)`.
pub fn is_functional<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let index = crate::firewall::index(db, class.file(db));
    class.definition(db).scope.index() < index.scope_count()
        && matches!(
            index.definition(class.definition(db)).kind,
            gradus_index::DefinitionKind::Assignment { .. }
        )
        && has_functional_call(db, class)
}

#[salsa::tracked(returns(copy))]
fn has_functional_call<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    functional_call(db, class).is_some()
}

/// Whether `func` names a named tuple factory (syntactically).
pub fn is_functional_factory(func: &Expr) -> bool {
    let name = match func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return false,
    };
    matches!(name, "NamedTuple" | "namedtuple")
}

/// The factory call of a functional-form named tuple class.
fn functional_call(db: &dyn Db, class: ClassLiteral<'_>) -> Option<gradus_syntax::ast::ExprCall> {
    crate::class::assignment_call(db, class)
        .filter(|call| is_functional_factory(&call.func) && call.args.len() >= 2)
}

/// The fields a functional-form call declares. `namedtuple`'s fields are
/// `Any`; `defaults=(...)` gives the last fields defaults; `rename=True`
/// renames invalid or repeated names to `_<index>` as at run time.
fn functional_fields<'db>(
    db: &'db dyn Db,
    file: gradus_db::File,
    call: &gradus_syntax::ast::ExprCall,
) -> Vec<NamedTupleField<'db>> {
    use gradus_syntax::ast::Constant;
    let string = |e: &Expr| match e {
        Expr::Constant(c) => match &c.value {
            Constant::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    };
    let mut inferrer = ExprInferrer::new(db, file, false);
    let mut fields: Vec<NamedTupleField<'db>> = Vec::new();
    let spec = &call.args[1];
    let elements: &[Expr] = match spec {
        Expr::List(l) => &l.elts,
        Expr::Tuple(t) => &t.elts,
        _ => &[],
    };
    if let Some(text) = string(spec) {
        for name in text.split(|c: char| c == ',' || c.is_whitespace()) {
            if !name.is_empty() {
                fields.push(NamedTupleField {
                    name: name.to_owned(),
                    ty: Type::ANY,
                    has_default: false,
                });
            }
        }
    }
    for element in elements.iter().take(1024) {
        match element {
            Expr::Tuple(pair) if pair.elts.len() == 2 => {
                // The name may be a `Final` string constant.
                let name =
                    string(&pair.elts[0]).or_else(|| match inferrer.infer_expr(&pair.elts[0]) {
                        Type::StrLiteral(s) => Some(s.value(db).clone()),
                        _ => None,
                    });
                let Some(name) = name else {
                    continue;
                };
                fields.push(NamedTupleField {
                    name,
                    ty: inferrer.annotation_type(&pair.elts[1]),
                    has_default: false,
                });
            }
            other => {
                if let Some(name) = string(other) {
                    fields.push(NamedTupleField {
                        name,
                        ty: Type::ANY,
                        has_default: false,
                    });
                }
            }
        }
    }
    let keyword = |name: &str| {
        call.keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
            .map(|k| &k.value)
    };
    let renames = matches!(keyword("rename"), Some(Expr::Constant(c)) if matches!(c.value, Constant::Bool(true)));
    if renames {
        let mut seen: Vec<String> = Vec::new();
        for (i, field) in fields.iter_mut().enumerate() {
            let valid = !field.name.starts_with('_')
                && is_identifier(&field.name)
                && !is_keyword(&field.name)
                && !seen.contains(&field.name);
            if !valid {
                field.name = format!("_{i}");
            }
            seen.push(field.name.clone());
        }
    }
    let defaults = match keyword("defaults") {
        Some(Expr::Tuple(t)) => t.elts.len(),
        Some(Expr::List(l)) => l.elts.len(),
        _ => 0,
    };
    let total = fields.len();
    for field in fields.iter_mut().skip(total.saturating_sub(defaults)) {
        field.has_default = true;
    }
    fields
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}
