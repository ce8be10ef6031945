//! Class-level dataclass rules: `__post_init__` must take the `InitVar`s,
//! `slots=True` conflicts with a `__slots__` in the body, and instances of
//! a class whose every class has `__slots__` (written out or made by
//! `slots=True`) only take the attributes listed.
//!
//! ```python
//! @dataclass
//! class C:
//!     x: InitVar[int]
//!     def __post_init__(self, x: str) -> None: ...   # error: takes `int`
//!
//! @dataclass(slots=True)
//! class P:
//!     x: int
//!     def __init__(self) -> None:
//!         self.y = 0                                  # error: not a slot
//! ```

use gradus_db::Db;
use gradus_syntax::ast::{self, Expr, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{ClassLiteral, ClassType, KnownClass, ParameterKind, Type};

use crate::class::{class_mro, class_stmt};
use crate::infer::expr::ExprInferrer;

/// Reports the class-level dataclass errors of `class` (a dataclass).
pub fn check_class<'db>(
    inferrer: &mut ExprInferrer<'db>,
    stmt: &ast::StmtClassDef,
    class: ClassLiteral<'db>,
) {
    let db = inferrer.db;
    let Some(params) = super::dataclass_params(db, class) else {
        return;
    };
    if params.slots && defines_slots(&stmt.body) {
        inferrer.report(
            TextRange::at(stmt.range.start(), 0.into()),
            crate::rules::INVALID_DATACLASS.code,
            format!(
                "`{}` defines `__slots__` and asks `@dataclass` to make them (`slots=True`)",
                stmt.name
            ),
        );
    }
    // `@dataclass(order=True, eq=False)` raises `ValueError`.
    if params.order && !params.eq {
        inferrer.report(
            TextRange::at(stmt.range.start(), 0.into()),
            crate::rules::INVALID_DATACLASS.code,
            format!("`{}` asks for `order=True` with `eq=False`", stmt.name),
        );
    }
    // `unsafe_hash=True` beside an explicit `__hash__` raises `TypeError`.
    if params.unsafe_hash && params.origin == super::DataclassOrigin::Stdlib {
        if let Some(def) = stmt.body.iter().find(|s| match s {
            Stmt::FunctionDef(f) => f.name.as_str() == "__hash__",
            Stmt::Assign(a) => a
                .targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__hash__")),
            _ => false,
        }) {
            inferrer.report(
                TextRange::at(def.range().start(), 0.into()),
                crate::rules::INVALID_DATACLASS.code,
                format!(
                    "`{}` defines `__hash__` and asks `@dataclass` for one (`unsafe_hash=True`)",
                    stmt.name
                ),
            );
        }
    }
    if params.origin == super::DataclassOrigin::Stdlib {
        check_defaults(inferrer, stmt);
        // `frozen=True` beside an own `__setattr__`/`__delattr__` raises
        // `TypeError`.
        if params.frozen {
            for s in &stmt.body {
                let Stmt::FunctionDef(f) = s else { continue };
                if matches!(f.name.as_str(), "__setattr__" | "__delattr__") {
                    inferrer.report(
                        TextRange::at(f.range.start(), 0.into()),
                        crate::rules::INVALID_DATACLASS.code,
                        format!(
                            "The frozen dataclass `{}` cannot define `{}`",
                            stmt.name, f.name
                        ),
                    );
                }
            }
        }
    }
    check_post_init(inferrer, stmt, class);
    check_converter_factories(inferrer, stmt, class);
}

/// A field with a `converter` and a `default_factory`: the factory's
/// product goes through the converter, so it must fit its input.
fn check_converter_factories<'db>(
    inferrer: &mut ExprInferrer<'db>,
    stmt: &ast::StmtClassDef,
    class: ClassLiteral<'db>,
) {
    let db = inferrer.db;
    let fields = super::dataclass_fields(db, class);
    for s in &stmt.body {
        let Stmt::AnnAssign(a) = s else { continue };
        let (Expr::Name(target), Some(Expr::Call(call))) = (a.target.as_ref(), a.value.as_deref())
        else {
            continue;
        };
        let Some(field) = fields
            .iter()
            .find(|f| f.name == target.id.as_str() && f.converter)
        else {
            continue;
        };
        if field.init_ty.is_dynamic() {
            continue;
        }
        let Some(factory) = call.keywords.iter().find(|k| {
            k.arg
                .as_ref()
                .is_some_and(|n| matches!(n.as_str(), "default_factory" | "factory"))
        }) else {
            continue;
        };
        let factory_type = crate::infer::expression_type(db, inferrer.file, &factory.value);
        let Some(produced) = inferrer.call_with_types(factory_type, &[], factory.range, true)
        else {
            continue;
        };
        if !produced.is_dynamic() && !crate::relation::is_assignable(db, produced, field.init_ty) {
            let (p, i) = (inferrer.display(produced), inferrer.display(field.init_ty));
            inferrer.report(
                factory.value.range(),
                crate::rules::INVALID_ASSIGNMENT.code,
                format!(
                    "The default factory of field `{}` produces `{p}`, which its converter does not accept (`{i}`)",
                    field.name
                ),
            );
        }
    }
}

/// `@dataclass` rejects (with `ValueError`) a list, dict or set display as
/// a field's default. (A `field()` with both `default` and
/// `default_factory` matches no overload of its stub.)
fn check_defaults(inferrer: &mut ExprInferrer<'_>, stmt: &ast::StmtClassDef) {
    for s in &stmt.body {
        let Stmt::AnnAssign(a) = s else { continue };
        let (Expr::Name(target), Some(value)) = (a.target.as_ref(), a.value.as_deref()) else {
            continue;
        };
        if super::is_class_var_annotation(&a.annotation) {
            continue;
        }
        let kind = match value {
            Expr::List(_) | Expr::ListComp(_) => Some("list"),
            Expr::Dict(_) | Expr::DictComp(_) => Some("dict"),
            Expr::Set(_) | Expr::SetComp(_) => Some("set"),
            _ => None,
        };
        if let Some(kind) = kind {
            inferrer.report(
                value.range(),
                crate::rules::INVALID_DATACLASS.code,
                format!(
                    "Mutable default `{kind}` for field `{}`: use `field(default_factory=...)`",
                    target.id
                ),
            );
        }
    }
}

fn defines_slots(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Assign(a) => a
            .targets
            .iter()
            .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__slots__")),
        Stmt::AnnAssign(a) => {
            matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == "__slots__")
        }
        _ => false,
    })
}

/// `__post_init__` receives the `InitVar` fields, in order, after `self`.
fn check_post_init<'db>(
    inferrer: &mut ExprInferrer<'db>,
    stmt: &ast::StmtClassDef,
    class: ClassLiteral<'db>,
) {
    let db = inferrer.db;
    let Some(def) = stmt.body.iter().find_map(|s| match s {
        Stmt::FunctionDef(f) if f.name.as_str() == "__post_init__" => Some(f),
        _ => None,
    }) else {
        return;
    };
    let Some(Type::Function(function)) = crate::semantic::symbol_type(
        db,
        class.file(db),
        class.body_scope(db),
        "__post_init__".to_owned(),
    ) else {
        return;
    };
    if !function.overloads(db).is_empty() {
        return;
    }
    let signature = function.signature(db).bind_self();
    let init_vars: Vec<_> = super::dataclass_fields(db, class)
        .iter()
        .filter(|f| f.init_var && f.init)
        .cloned()
        .collect();
    let positional: Vec<_> = signature.positional_parameters().collect();
    let variadic = signature
        .parameters
        .iter()
        .find(|p| p.kind == ParameterKind::VarPositional);
    let range = TextRange::at(def.range.start(), 0.into());
    for (i, field) in init_vars.iter().enumerate() {
        let Some(parameter) = positional.get(i).copied().or(variadic) else {
            inferrer.report(
                range,
                crate::rules::INVALID_DATACLASS.code,
                format!(
                    "`__post_init__` takes no parameter for the `InitVar` field `{}`",
                    field.name
                ),
            );
            return;
        };
        if field.ty.is_dynamic() || parameter.ty.is_dynamic() {
            continue;
        }
        if !crate::relation::is_assignable(db, field.ty, parameter.ty) {
            let (f, p) = (inferrer.display(field.ty), inferrer.display(parameter.ty));
            inferrer.report(
                range,
                crate::rules::INVALID_DATACLASS.code,
                format!(
                    "`__post_init__` takes `{p}` for the `InitVar` field `{}` of type `{f}`",
                    field.name
                ),
            );
            return;
        }
    }
}

/// The names in `class`'s own `__slots__` (or the fields `slots=True`
/// makes slots of); `None` when it has none or they cannot be read.
#[salsa::tracked(returns(ref))]
pub fn class_slots<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Option<Vec<String>> {
    let _boundary = crate::firewall::query_boundary();
    let stmt = class_stmt(db, class)?;
    for s in &stmt.body {
        let value = match s {
            Stmt::Assign(a)
                if a.targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__slots__")) =>
            {
                &a.value
            }
            _ => continue,
        };
        let elements: Vec<&Expr> = match value.as_ref() {
            Expr::Tuple(t) => t.elts.iter().collect(),
            Expr::List(l) => l.elts.iter().collect(),
            single @ Expr::Constant(_) => vec![single],
            _ => return None,
        };
        return elements
            .into_iter()
            .map(super::str_constant)
            .collect::<Option<Vec<String>>>();
    }
    if super::dataclass_params(db, class).is_some_and(|p| p.slots) {
        return Some(
            super::dataclass_fields(db, class)
                .iter()
                .filter(|f| !f.init_var)
                .map(|f| f.name.clone())
                .collect(),
        );
    }
    None
}

/// Why an instance of `class` cannot take attribute `name`: every class
/// along its MRO has `__slots__` and none lists `name` (nor `__dict__`),
/// and no class body defines `name` (a property, a descriptor).
pub fn slots_violation<'db>(db: &'db dyn Db, class: ClassType<'db>, name: &str) -> Option<String> {
    let literal = class.class(db);
    let mro = class_mro(db, literal);
    if mro.has_dynamic {
        return None;
    }
    for &c in &mro.classes {
        if c.known(db) == Some(KnownClass::Object) {
            continue;
        }
        let slots = class_slots(db, c).as_ref()?;
        if slots.iter().any(|s| s == name || s == "__dict__") {
            return None;
        }
        if crate::semantic::symbol_type(db, c.file(db), c.body_scope(db), name.to_owned()).is_some()
        {
            return None;
        }
    }
    Some(format!(
        "`{name}` is not in the `__slots__` of `{}`",
        literal.name(db)
    ))
}
