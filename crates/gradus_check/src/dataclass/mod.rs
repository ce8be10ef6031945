//! Dataclasses: the `__init__` that `@dataclass` (or a `dataclass_transform`
//! library, see `transform`) synthesizes from the annotated fields, and the
//! members it adds.
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
//! annotations are not fields; `InitVar[T]` fields are parameters only (and
//! of `__post_init__`); `field(init=False)` leaves the parameter out;
//! `kw_only` (on the decorator, on `field()`, or after a `_: KW_ONLY`
//! marker) makes it keyword-only. `frozen=True` makes assignments to fields
//! errors; `order=True` adds `__lt__` and its relatives taking the same
//! class; `eq=True` without `frozen=True` or `unsafe_hash=True` sets
//! `__hash__` to `None` (unhashable, so not `Hashable`).
//! `dataclasses.replace(obj, **changes)` takes the `__init__` fields as
//! optional keywords. `checks` holds the class-level rules (`__post_init__`
//! against the `InitVar`s, `__slots__`, mutable defaults).

use gradus_db::Db;
use gradus_syntax::ast::{self, Expr, Stmt};
use gradus_types::{ClassLiteral, ClassType, Parameter, ParameterKind, Signature, Type};

use crate::class::{class_metaclass, class_mro, class_stmt};
use crate::infer::expr::ExprInferrer;
use crate::infer::function::decorator_name;

pub mod checks;
pub mod transform;

/// What makes a class a dataclass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataclassOrigin {
    /// `@dataclass` from the standard library.
    Stdlib,
    /// The decorator at this index of the class's decorator list is a
    /// `dataclass_transform` function.
    Decorator(usize),
    /// A base class is decorated with `dataclass_transform`.
    BaseClass,
    /// The metaclass is decorated with `dataclass_transform`.
    Metaclass,
}

/// The options of a `@dataclass(...)` decorator (or of a
/// `dataclass_transform` class: its decorator or class keywords over the
/// transform's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataclassParams {
    pub init: bool,
    pub eq: bool,
    pub frozen: bool,
    pub order: bool,
    pub unsafe_hash: bool,
    pub kw_only: bool,
    pub match_args: bool,
    pub slots: bool,
    pub origin: DataclassOrigin,
}

/// A dataclass's options and the field specifiers its fields may call.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct DataclassInfo<'db> {
    pub params: DataclassParams,
    pub field_specifiers: Vec<Type<'db>>,
}

/// One field of a dataclass, as its synthesized `__init__` sees it.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct DataclassField<'db> {
    pub name: String,
    pub ty: Type<'db>,
    /// The type `__init__` (and assignment) accepts: the converter's input
    /// type for a field with a `converter`, else `ty`.
    pub init_ty: Type<'db>,
    pub has_default: bool,
    pub kw_only: bool,
    /// `field(init=False)`: not a parameter.
    pub init: bool,
    /// `InitVar[T]`: a parameter, not an attribute.
    pub init_var: bool,
    /// The `alias=` of a field specifier: the parameter's name.
    pub alias: Option<String>,
    /// The field has a `converter=`.
    pub converter: bool,
}

/// The dataclass options of `class`, if it is a dataclass.
pub fn dataclass_params<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Option<DataclassParams> {
    dataclass_info(db, class).as_ref().map(|i| i.params)
}

/// Whether `class` names a `dataclass_transform` metaclass itself
/// (`class ModelBase(metaclass=ModelMeta)`): like a `dataclass_transform`
/// base class, it only passes the behaviour on, so its frozenness does not
/// bind its subclasses.
pub fn is_metaclass_root<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    dataclass_params(db, class).is_some_and(|p| p.origin == DataclassOrigin::Metaclass)
        && class_stmt(db, class).is_some_and(|s| {
            s.keywords
                .iter()
                .any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass"))
        })
}

/// How `class` is a dataclass, if it is one: decorated with `@dataclass`
/// or a `dataclass_transform` function, or deriving from a
/// `dataclass_transform` base class or metaclass.
#[salsa::tracked(returns(ref), cycle_result = dataclass_info_cycle)]
pub fn dataclass_info<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Option<DataclassInfo<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let stmt = class_stmt(db, class)?;
    if let Some(decorator) = stmt
        .decorator_list
        .iter()
        .find(|d| decorator_name(d) == Some("dataclass"))
    {
        let mut params = DataclassParams {
            init: true,
            eq: true,
            frozen: false,
            order: false,
            unsafe_hash: false,
            kw_only: false,
            match_args: true,
            slots: false,
            origin: DataclassOrigin::Stdlib,
        };
        if let Expr::Call(call) = decorator {
            apply_keywords(&mut params, &call.keywords);
        }
        return Some(DataclassInfo {
            params,
            field_specifiers: Vec::new(),
        });
    }
    let from_spec = |spec: &transform::TransformSpec<'db>, origin, keywords: &[ast::Keyword]| {
        let mut params = DataclassParams {
            init: true,
            eq: spec.eq_default,
            frozen: spec.frozen_default,
            order: spec.order_default,
            unsafe_hash: false,
            kw_only: spec.kw_only_default,
            match_args: true,
            slots: false,
            origin,
        };
        apply_keywords(&mut params, keywords);
        DataclassInfo {
            params,
            field_specifiers: spec.field_specifiers.clone(),
        }
    };
    if let Some((i, spec)) = decorator_transform(db, class) {
        let keywords: &[ast::Keyword] = match &stmt.decorator_list[*i] {
            Expr::Call(call) => &call.keywords,
            _ => &[],
        };
        return Some(from_spec(spec, DataclassOrigin::Decorator(*i), keywords));
    }
    let mro = class_mro(db, class);
    for &base in mro.classes.iter().skip(1).take(64) {
        if let Some(spec) = transform::class_transform(db, base) {
            return Some(from_spec(spec, DataclassOrigin::BaseClass, &stmt.keywords));
        }
    }
    if let Some(meta) = class_metaclass(db, class) {
        for &m in class_mro(db, meta.class(db)).classes.iter().take(64) {
            if let Some(spec) = transform::class_transform(db, m) {
                return Some(from_spec(spec, DataclassOrigin::Metaclass, &stmt.keywords));
            }
        }
    }
    None
}

/// The decorator of `class` that is a `dataclass_transform` function
/// (`@create_model` or `@create_model(frozen=True)`): its index and the
/// transform's options. Reads no base class (the MRO asks for it).
#[salsa::tracked(returns(ref), cycle_result = decorator_transform_cycle)]
pub fn decorator_transform<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Option<(usize, transform::TransformSpec<'db>)> {
    let _boundary = crate::firewall::query_boundary();
    let stmt = class_stmt(db, class)?;
    let file = class.file(db);
    for (i, decorator) in stmt.decorator_list.iter().enumerate().take(16) {
        if decorator_name(decorator)
            .is_some_and(|n| crate::class::NEUTRAL_CLASS_DECORATORS.contains(&n))
        {
            continue;
        }
        let callee = match decorator {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        if let Type::Function(f) = crate::infer::expression_type(db, file, callee) {
            if let Some(spec) = transform::function_transform(db, f) {
                return Some((i, spec.clone()));
            }
        }
    }
    None
}

fn decorator_transform_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> Option<(usize, transform::TransformSpec<'db>)> {
    None
}

fn dataclass_info_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> Option<DataclassInfo<'db>> {
    None
}

fn apply_keywords(params: &mut DataclassParams, keywords: &[ast::Keyword]) {
    for keyword in keywords {
        let Some(arg) = &keyword.arg else { continue };
        let Some(value) = bool_constant(&keyword.value) else {
            continue;
        };
        match arg.as_str() {
            "init" => params.init = value,
            "eq" => params.eq = value,
            "frozen" => params.frozen = value,
            "order" => params.order = value,
            "unsafe_hash" => params.unsafe_hash = value,
            "kw_only" => params.kw_only = value,
            "match_args" => params.match_args = value,
            "slots" => params.slots = value,
            _ => {}
        }
    }
}

pub(crate) fn bool_constant(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Constant(c) => match c.value {
            ast::Constant::Bool(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

fn str_constant(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Constant(c) => match &c.value {
            ast::Constant::Str(s) => Some(s.to_string()),
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
        let Some(info) = dataclass_info(db, c) else {
            continue;
        };
        let params = info.params;
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
            let (annotation, init_var) = match annotation {
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
                init_ty: ty,
                has_default: a.value.is_some(),
                kw_only,
                init: true,
                init_var,
                alias: None,
                converter: false,
            };
            if let Some(Expr::Call(call)) = a.value.as_deref() {
                let is_specifier = if params.origin == DataclassOrigin::Stdlib {
                    decorator_name(&call.func) == Some("field")
                } else {
                    !info.field_specifiers.is_empty()
                        && info
                            .field_specifiers
                            .contains(&inferrer.infer_expr(&call.func))
                };
                if is_specifier {
                    read_field_specifier(db, &mut inferrer, info, call, &mut field);
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

/// Reads a field specifier call (`field(default=0, init=False)`) into
/// `field`.
fn read_field_specifier<'db>(
    db: &'db dyn Db,
    inferrer: &mut ExprInferrer<'db>,
    info: &DataclassInfo<'db>,
    call: &ast::ExprCall,
    field: &mut DataclassField<'db>,
) {
    field.has_default = call.keywords.iter().any(|k| {
        k.arg
            .as_ref()
            .is_some_and(|n| matches!(n.as_str(), "default" | "default_factory" | "factory"))
    });
    let mut init = None;
    let mut kw_only = None;
    for k in &call.keywords {
        let Some(arg) = k.arg.as_ref().map(|n| n.as_str()) else {
            continue;
        };
        match arg {
            "init" => init = bool_constant(&k.value),
            "kw_only" => kw_only = bool_constant(&k.value),
            "alias" => field.alias = str_constant(&k.value),
            "converter" if info.params.origin != DataclassOrigin::Stdlib => {
                let converter = inferrer.infer_expr(&k.value);
                field.converter = true;
                field.init_ty = transform::converter_input(db, converter).unwrap_or(Type::UNKNOWN);
            }
            _ => {}
        }
    }
    // An argument left out takes the specifier's own default, when that
    // default changes something: `init=False` leaves the field out and
    // `kw_only=True` makes it keyword-only (a `kw_only=False` default
    // does not override the class's `kw_only`).
    if info.params.origin != DataclassOrigin::Stdlib && (init.is_none() || kw_only.is_none()) {
        let callee = inferrer.infer_expr(&call.func);
        if init.is_none() {
            init = transform::implicit_bool(db, inferrer, callee, call, "init").filter(|v| !v);
        }
        if kw_only.is_none() {
            kw_only =
                transform::implicit_bool(db, inferrer, callee, call, "kw_only").filter(|v| *v);
        }
    }
    if let Some(init) = init {
        field.init = init;
    }
    if let Some(kw_only) = kw_only {
        field.kw_only = kw_only;
    }
}

/// The annotated assignments of a class body in order, including those in
/// statically reachable `if` branches (`if sys.version_info >= ...:`).
pub(crate) fn collect_annotated<'a>(
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

/// Whether an annotation is `ClassVar` or `ClassVar[...]`.
pub fn is_class_var_annotation(annotation: &Expr) -> bool {
    is_class_var(annotation)
}

/// The names a dataclass body declares as `ClassVar`.
#[salsa::tracked(returns(ref))]
pub fn class_var_names<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = class_stmt(db, class) else {
        return Vec::new();
    };
    stmt.body
        .iter()
        .filter_map(|s| match s {
            Stmt::AnnAssign(a) if is_class_var(&a.annotation) => match a.target.as_ref() {
                Expr::Name(n) => Some(n.id.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
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
                    name: Some(field.alias.clone().unwrap_or_else(|| field.name.clone())),
                    kind: if field.kw_only {
                        ParameterKind::KeywordOnly
                    } else {
                        ParameterKind::PositionalOrKeyword
                    },
                    ty: crate::infer::generics::substitute(db, field.init_ty, &subst),
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

/// The members a dataclass adds to its own namespace (looked up, like the
/// body's names, before those of its bases).
pub const SYNTHESIZED_NAMES: &[&str] = &[
    "__hash__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__match_args__",
    "__dataclass_fields__",
    "__dataclass_params__",
    "__slots__",
];

/// Member `name` that `@dataclass` adds to `class` itself (not inherited),
/// when the body does not define it.
pub fn own_synthesized_member<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    name: &str,
) -> Option<Type<'db>> {
    if !SYNTHESIZED_NAMES.contains(&name) {
        return None;
    }
    let params = dataclass_params(db, class)?;
    let callable = |parameters: Vec<Parameter<'db>>, return_type: Type<'db>| {
        Type::Callable(gradus_types::CallableType::new(
            db,
            Signature {
                parameters,
                return_type,
                gradual: false,
            },
        ))
    };
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
            Some(Type::Tuple(gradus_types::TupleType::fixed(db, names)))
        }
        // `(other: C) -> bool`, bound.
        "__lt__" | "__le__" | "__gt__" | "__ge__" if params.order => {
            let other = if crate::infer::generics::class_type_params(db, class).is_empty() {
                Type::Instance(ClassType::new(db, class, Vec::new()))
            } else {
                Type::ANY
            };
            let bool_type = crate::semantic::known_instance(db, gradus_types::KnownClass::Bool);
            Some(callable(
                vec![Parameter {
                    name: Some("other".to_owned()),
                    kind: ParameterKind::PositionalOnly,
                    ty: other,
                    has_default: false,
                }],
                bool_type,
            ))
        }
        "__hash__" => {
            if params.unsafe_hash || (params.eq && params.frozen) {
                let int_type = crate::semantic::known_instance(db, gradus_types::KnownClass::Int);
                Some(callable(Vec::new(), int_type))
            } else if params.eq {
                // `eq=True` without `frozen`: unhashable.
                Some(Type::None)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Members `@dataclass` adds that are not in the class body.
pub fn synthesized_member<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    name: &str,
) -> Option<Type<'db>> {
    if !SYNTHESIZED_NAMES.contains(&name) {
        return None;
    }
    class_mro(db, class)
        .classes
        .iter()
        .find_map(|&c| own_synthesized_member(db, c, name))
}

/// Whether assigning attribute `name` of instances of `class` is forbidden
/// because `class` is a frozen dataclass with that field.
pub fn is_frozen_field<'db>(db: &'db dyn Db, class: ClassLiteral<'db>, name: &str) -> bool {
    class_mro(db, class)
        .classes
        .iter()
        .any(|&c| dataclass_params(db, c).is_some_and(|p| p.frozen))
        && dataclass_fields(db, class)
            .iter()
            .any(|f| f.name == name && !f.init_var)
}

/// Whether `name`, declared in the body of `owner`, is an `InitVar` field
/// without a default: an `__init__` parameter only, no attribute.
pub fn is_init_var_only<'db>(db: &'db dyn Db, owner: ClassLiteral<'db>, name: &str) -> bool {
    dataclass_params(db, owner).is_some()
        && dataclass_fields(db, owner)
            .iter()
            .any(|f| f.name == name && f.init_var && !f.has_default)
}

/// The type an assignment to field `name` of an instance of `class`
/// accepts when it differs from the declared one: a field with a
/// `converter` takes the converter's input; a descriptor field (set
/// through its `__set__`, not modelled here) takes anything.
pub fn field_assignment_type<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    name: &str,
) -> Option<Type<'db>> {
    let literal = class.class(db);
    if !class_mro(db, literal)
        .classes
        .iter()
        .any(|&c| dataclass_params(db, c).is_some())
    {
        return None;
    }
    let field = dataclass_fields(db, literal)
        .iter()
        .find(|f| f.name == name && (f.converter || f.ty.is_dynamic()))?;
    let subst = crate::infer::generics::class_substitution(db, class);
    Some(crate::infer::generics::substitute(
        db,
        field.init_ty,
        &subst,
    ))
}

/// Why `from` does not fit `protocol` when the protocol declares
/// `__hash__` (`Hashable`) and instances of `from` have `__hash__ = None`
/// (a non-frozen dataclass with `eq=True`, `list`). `__hash__` is no
/// ordinary protocol member (every class inherits `object.__hash__`), so
/// only this case is compared.
pub fn unhashable_mismatch<'db>(
    db: &'db dyn Db,
    from: Type<'db>,
    protocol: ClassLiteral<'db>,
) -> Option<String> {
    let Type::Instance(instance) = from else {
        return None;
    };
    let declares_hash = class_mro(db, protocol).classes.iter().any(|&p| {
        p.known(db) != Some(gradus_types::KnownClass::Object)
            && crate::abstract_class::is_protocol_class(db, p)
            && crate::semantic::symbol_type(db, p.file(db), p.body_scope(db), "__hash__".to_owned())
                .is_some()
    });
    if !declares_hash {
        return None;
    }
    match crate::class::class_member(db, instance.class(db), "__hash__") {
        crate::class::MemberLookup::Found { ty: Type::None, .. } => {
            Some("`__hash__` is `None`: its instances are unhashable".to_owned())
        }
        _ => None,
    }
}

/// The signature `dataclasses.replace(obj, **changes)` has for a dataclass
/// instance `obj`: the fields `__init__` takes (`InitVar`s without a
/// default still required), all keyword-only and optional; and the type it
/// returns.
pub fn replace_signature<'db>(
    db: &'db dyn Db,
    function: gradus_types::FunctionLiteral<'db>,
    first: Option<Type<'db>>,
) -> Option<(Signature<'db>, Type<'db>)> {
    if function.name(db) != "replace" {
        return None;
    }
    let Some(Type::Instance(instance)) = first else {
        return None;
    };
    if gradus_resolve::file_to_module(db, function.file(db))
        .map(|m| m.name)
        .as_deref()
        != Some("dataclasses")
    {
        return None;
    }
    let literal = instance.class(db);
    if !class_mro(db, literal)
        .classes
        .iter()
        .any(|&c| dataclass_params(db, c).is_some())
    {
        return None;
    }
    let subst = crate::infer::generics::class_substitution(db, instance);
    let mut parameters = vec![Parameter {
        name: Some("obj".to_owned()),
        kind: ParameterKind::PositionalOnly,
        ty: Type::Instance(instance),
        has_default: false,
    }];
    for field in dataclass_fields(db, literal).iter().filter(|f| f.init) {
        parameters.push(Parameter {
            name: Some(field.name.clone()),
            kind: ParameterKind::KeywordOnly,
            ty: crate::infer::generics::substitute(db, field.init_ty, &subst),
            has_default: !field.init_var || field.has_default,
        });
    }
    Some((
        Signature {
            parameters,
            return_type: Type::Instance(instance),
            gradual: false,
        },
        Type::Instance(instance),
    ))
}

/// Whether `value`, assigned to a field in class body `scope`, is an
/// instance of one of the dataclass's field specifier classes
/// (`id: int = ModelField(default=0)`): the library turns it into the
/// field's value, so it is not compared with the field's type.
pub fn is_specifier_instance<'db>(
    db: &'db dyn Db,
    file: gradus_db::File,
    scope: gradus_index::ScopeId,
    value: Type<'db>,
) -> bool {
    let Type::Instance(instance) = value else {
        return false;
    };
    let index = crate::firewall::index(db, file);
    let body = index.scope(scope);
    if body.kind != gradus_index::ScopeKind::Class {
        return false;
    }
    let Some(&definition) =
        crate::firewall::definitions_by_statement(db, file).get(&body.node_range)
    else {
        return false;
    };
    let Type::ClassObject(class) = crate::semantic::definition_type(db, file, definition) else {
        return false;
    };
    dataclass_info(db, class.class(db))
        .as_ref()
        .is_some_and(|info| {
            info.field_specifiers
                .iter()
                .any(|s| matches!(s, Type::ClassObject(c) if c.class(db) == instance.class(db)))
        })
}
