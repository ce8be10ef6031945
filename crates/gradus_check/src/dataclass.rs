//! Dataclasses: the `__init__` that `@dataclass` synthesizes from the
//! annotated fields, and the members it adds.
//!
//! ```python
//! from dataclasses import dataclass, field
//!
//! @dataclass
//! class Point:
//!     x: int
//!     y: int = 0
//!     tags: list[str] = field(default_factory=list)
//!
//! Point(1, 2)        # __init__(self, x: int, y: int = 0, tags: list[str] = ...)
//! Point("1")         # error[invalid-argument-type]
//! ```
//!
//! Fields are collected along the MRO from the most basic dataclass to the
//! class itself; a field redeclared in a subclass keeps its place. `ClassVar`
//! annotations are not fields; `InitVar[T]` fields are parameters only;
//! `field(init=False)` leaves the parameter out; `kw_only` (on the decorator,
//! on `field()`, or after a `_: KW_ONLY` marker) makes it keyword-only.
//! `frozen=True` makes assignments to fields errors.
//!
//! Not modelled yet: `dataclass_transform` (classes using it stay lenient),
//! `__post_init__` against the `InitVar`s, `replace`, slots and hashing.

use gradus_db::Db;
use gradus_syntax::ast::{self, Expr, Stmt};
use gradus_types::{ClassLiteral, ClassType, Parameter, ParameterKind, Signature, Type};

use crate::class::{class_mro, class_stmt};
use crate::infer::expr::ExprInferrer;
use crate::infer::function::decorator_name;

/// The options of a `@dataclass(...)` decorator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataclassParams {
    pub init: bool,
    pub frozen: bool,
    pub order: bool,
    pub kw_only: bool,
    pub match_args: bool,
    pub slots: bool,
}

/// One field of a dataclass, as its synthesized `__init__` sees it.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct DataclassField<'db> {
    pub name: String,
    pub ty: Type<'db>,
    pub has_default: bool,
    pub kw_only: bool,
    /// `field(init=False)`: not a parameter.
    pub init: bool,
}

/// The dataclass options of `class`, if it is decorated with `@dataclass`.
#[salsa::tracked(returns(copy))]
pub fn dataclass_params<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Option<DataclassParams> {
    let _boundary = crate::firewall::query_boundary();
    let stmt = class_stmt(db, class)?;
    let decorator = stmt
        .decorator_list
        .iter()
        .find(|d| decorator_name(d) == Some("dataclass"))?;
    let mut params = DataclassParams {
        init: true,
        frozen: false,
        order: false,
        kw_only: false,
        match_args: true,
        slots: false,
    };
    if let Expr::Call(call) = decorator {
        for keyword in &call.keywords {
            let Some(arg) = &keyword.arg else { continue };
            let Some(value) = bool_constant(&keyword.value) else {
                continue;
            };
            match arg.as_str() {
                "init" => params.init = value,
                "frozen" => params.frozen = value,
                "order" => params.order = value,
                "kw_only" => params.kw_only = value,
                "match_args" => params.match_args = value,
                "slots" => params.slots = value,
                _ => {}
            }
        }
    }
    Some(params)
}

fn bool_constant(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Constant(c) => match c.value {
            ast::Constant::Bool(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

/// The fields of dataclass `class` (empty when it is not one), bases first.
#[salsa::tracked(returns(ref))]
pub fn dataclass_fields<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Vec<DataclassField<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let mut fields: Vec<DataclassField<'db>> = Vec::new();
    let mro = class_mro(db, class);
    for &c in mro.classes.iter().rev() {
        let Some(params) = dataclass_params(db, c) else {
            continue;
        };
        let Some(stmt) = class_stmt(db, c) else {
            continue;
        };
        let file = c.file(db);
        let mut inferrer = ExprInferrer::new(db, file, false);
        let mut kw_only = params.kw_only;
        let index = crate::firewall::index(db, file);
        let mut annotated = Vec::new();
        collect_annotated(&stmt.body, index, &mut annotated, 0);
        for a in annotated {
            let Expr::Name(target) = a.target.as_ref() else {
                continue;
            };
            let name = target.id.to_string();
            let annotation = a.annotation.as_ref();
            // `_: KW_ONLY`: every later field is keyword-only.
            if is_named(annotation, "KW_ONLY") {
                kw_only = true;
                continue;
            }
            if is_class_var(annotation) {
                continue;
            }
            let (annotation, _init_var) = match annotation {
                Expr::Subscript(sub) if is_named(&sub.value, "InitVar") => (&*sub.slice, true),
                other => (other, false),
            };
            let mut ty = inferrer.annotation_type(annotation);
            // A descriptor field is set through its `__set__`: not modelled.
            if let Type::Instance(c) = ty {
                if !matches!(
                    crate::class::class_member(db, c.class(db), "__set__"),
                    crate::class::MemberLookup::NotFound
                ) {
                    ty = Type::UNKNOWN;
                }
            }
            let mut field = DataclassField {
                name,
                ty,
                has_default: a.value.is_some(),
                kw_only,
                init: true,
            };
            if let Some(Expr::Call(call)) = a.value.as_deref() {
                if decorator_name(&call.func) == Some("field") {
                    field.has_default = call.keywords.iter().any(|k| {
                        k.arg
                            .as_ref()
                            .is_some_and(|n| matches!(n.as_str(), "default" | "default_factory"))
                    });
                    for k in &call.keywords {
                        match (k.arg.as_ref().map(|n| n.as_str()), bool_constant(&k.value)) {
                            (Some("init"), Some(v)) => field.init = v,
                            (Some("kw_only"), Some(v)) => field.kw_only = v,
                            _ => {}
                        }
                    }
                }
            }
            match fields.iter_mut().find(|f| f.name == field.name) {
                Some(existing) => *existing = field,
                None => fields.push(field),
            }
        }
    }
    fields
}

/// The annotated assignments of a class body in order, including those in
/// statically reachable `if` branches (`if sys.version_info >= ...:`).
fn collect_annotated<'a>(
    body: &'a [Stmt],
    index: &gradus_index::SemanticIndex,
    out: &mut Vec<&'a ast::StmtAnnAssign>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    for stmt in body {
        match stmt {
            Stmt::AnnAssign(a) if index.is_range_reachable(a.range) => out.push(a),
            Stmt::If(i) => {
                collect_annotated(&i.body, index, out, depth + 1);
                collect_annotated(&i.orelse, index, out, depth + 1);
            }
            _ => {}
        }
    }
}

fn is_named(expr: &Expr, name: &str) -> bool {
    match expr {
        Expr::Name(n) => n.id.as_str() == name,
        Expr::Attribute(a) => a.attr.as_str() == name,
        _ => false,
    }
}

fn is_class_var(annotation: &Expr) -> bool {
    match annotation {
        Expr::Subscript(sub) => is_named(&sub.value, "ClassVar"),
        other => is_named(other, "ClassVar"),
    }
}

/// The `__init__` `@dataclass` synthesizes for instances of `class` (self
/// already bound), when that is what a call of the class runs: the first
/// class along the MRO that defines `__init__` is a dataclass with
/// `init=True` and without its own `__init__`.
pub fn synthesized_init<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Option<Signature<'db>> {
    let literal = class.class(db);
    for &c in &class_mro(db, literal).classes {
        let defines_init =
            crate::semantic::symbol_type(db, c.file(db), c.body_scope(db), "__init__".to_owned())
                .is_some();
        if let Some(params) = dataclass_params(db, c) {
            if defines_init {
                return None;
            }
            if !params.init {
                continue;
            }
            let subst = crate::infer::generics::class_substitution(db, class);
            let fields = dataclass_fields(db, c);
            let mut parameters: Vec<Parameter<'db>> = Vec::new();
            let mut keyword_only: Vec<Parameter<'db>> = Vec::new();
            for field in fields.iter().filter(|f| f.init) {
                let parameter = Parameter {
                    name: Some(field.name.clone()),
                    kind: if field.kw_only {
                        ParameterKind::KeywordOnly
                    } else {
                        ParameterKind::PositionalOrKeyword
                    },
                    ty: crate::infer::generics::substitute(db, field.ty, &subst),
                    has_default: field.has_default,
                };
                if field.kw_only {
                    keyword_only.push(parameter);
                } else {
                    parameters.push(parameter);
                }
            }
            parameters.extend(keyword_only);
            return Some(Signature {
                parameters,
                return_type: Type::None,
                gradual: false,
            });
        }
        if defines_init {
            return None;
        }
    }
    None
}

/// Members `@dataclass` adds that are not in the class body.
pub fn synthesized_member<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    name: &str,
) -> Option<Type<'db>> {
    let mro = class_mro(db, class);
    let params = mro.classes.iter().find_map(|&c| dataclass_params(db, c))?;
    match name {
        "__dataclass_fields__" => Some(crate::semantic::known_generic_instance(
            db,
            gradus_types::KnownClass::Dict,
            vec![
                crate::semantic::known_instance(db, gradus_types::KnownClass::Str),
                Type::ANY,
            ],
        )),
        "__dataclass_params__" => Some(Type::ANY),
        "__slots__" if params.slots => Some(Type::ANY),
        // The names of the positional `__init__` parameters.
        "__match_args__" if params.match_args => {
            let names: Vec<Type<'db>> = dataclass_fields(db, class)
                .iter()
                .filter(|f| f.init && !f.kw_only)
                .map(|f| Type::StrLiteral(gradus_types::LiteralStr::new(db, f.name.clone())))
                .collect();
            Some(Type::Tuple(gradus_types::TupleType::new(db, names, false)))
        }
        "__lt__" | "__le__" | "__gt__" | "__ge__" if params.order => Some(Type::ANY),
        _ => None,
    }
}

/// Whether assigning attribute `name` of instances of `class` is forbidden
/// because `class` is a frozen dataclass with that field.
pub fn is_frozen_field<'db>(db: &'db dyn Db, class: ClassLiteral<'db>, name: &str) -> bool {
    class_mro(db, class)
        .classes
        .iter()
        .any(|&c| dataclass_params(db, c).is_some_and(|p| p.frozen))
        && dataclass_fields(db, class).iter().any(|f| f.name == name)
}
