//! Typed dictionaries: the items a `TypedDict` declares, and what they allow.
//!
//! ```python
//! from typing import NotRequired, ReadOnly, TypedDict
//!
//! class Movie(TypedDict):
//!     name: str
//!     year: NotRequired[int]
//!     id: ReadOnly[int]
//!
//! m: Movie = {"name": "Alien", "id": 1}    # ok: `year` is not required
//! m["year"] = "1979"                       # error: `str` is not an `int`
//! m["id"] = 2                              # error: `id` is read-only
//! m["other"]                               # error: `Movie` has no key `other`
//! Movie2 = TypedDict("Movie2", {"name": str}, total=False)   # the same, inline
//! ```
//!
//! A typed dict class is a class that lists `TypedDict` (or another typed
//! dict) among its bases; its instances are `Type::Instance` of that class,
//! and its MRO puts `typing._TypedDict` (a `Mapping[str, object]`) where
//! `TypedDict` is written, so `keys()`, `items()`, `copy()` come from the
//! stubs. The functional form `TD = TypedDict("TD", {...})` makes a class
//! literal whose definition is the assignment (it has no body scope of its
//! own: member lookups skip it, see [`is_functional`]).
//!
//! The items are computed per class from its body (or the dict display of
//! the functional form) by [`own_typeddict`] and merged along the MRO by
//! [`typeddict_schema`]: `Required`/`NotRequired` override `total=`,
//! `ReadOnly` marks an item read-only, `closed=`/`extra_items=` (PEP 728)
//! say which other keys may exist. Assignability between typed dicts is
//! structural ([`relation`]); dict displays, subscripts, the methods and the
//! constructor are checked in [`ops`]; class definitions in [`definition`].

pub mod definition;
pub mod ops;
pub mod relation;

use gradus_db::Db;
use gradus_index::{locate, DefinitionKind};
use gradus_syntax::ast::{self, Expr};
use gradus_types::{
    ClassLiteral, ClassType, KnownClass, Parameter, ParameterKind, SpecialForm, Type,
};

use crate::class::{class_bases, class_mro, class_stmt, Base};
use crate::infer::expr::ExprInferrer;

/// One item of a typed dict.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct TypedDictField<'db> {
    pub name: String,
    pub ty: Type<'db>,
    pub required: bool,
    pub read_only: bool,
}

/// Which keys a typed dict may hold besides its items (PEP 728).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, salsa::SalsaValue)]
pub enum ExtraItems<'db> {
    /// The default: any other key, of unknown value type (as if
    /// `extra_items=ReadOnly[object]`).
    Open,
    /// `closed=True`: no other key.
    Closed,
    /// `extra_items=T` (or `ReadOnly[T]`): any other key, not required,
    /// with a value of type `T`.
    Typed { ty: Type<'db>, read_only: bool },
}

/// The items of a typed dict, its own and its bases'.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct TypedDictSchema<'db> {
    pub fields: Vec<TypedDictField<'db>>,
    pub extra: ExtraItems<'db>,
}

impl<'db> TypedDictSchema<'db> {
    pub fn field(&self, name: &str) -> Option<&TypedDictField<'db>> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The pseudo-item other keys have: `(type, read_only)`; `None` when
    /// the typed dict is closed.
    pub fn extra_item(&self, db: &'db dyn Db) -> Option<(Type<'db>, bool)> {
        match self.extra {
            ExtraItems::Open => Some((
                crate::semantic::known_instance(db, KnownClass::Object),
                true,
            )),
            ExtraItems::Closed => None,
            ExtraItems::Typed { ty, read_only } => Some((ty, read_only)),
        }
    }
}

/// What one class statement (or functional form) declares itself.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct OwnTypedDict<'db> {
    pub fields: Vec<TypedDictField<'db>>,
    /// `closed=True` / `closed=False`, when written as a literal.
    pub closed: Option<bool>,
    /// `extra_items=T`: `(T, read_only)`.
    pub extra_items: Option<(Type<'db>, bool)>,
}

/// Whether `class` is a typed dict (declares `TypedDict` as a base, or
/// derives from a typed dict).
#[salsa::tracked(returns(copy))]
pub fn is_typeddict<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    if is_functional(db, class) {
        return true;
    }
    if class.known(db).is_some() {
        return false;
    }
    class_mro(db, class).classes.iter().any(|&c| {
        class_bases(db, c)
            .iter()
            .any(|b| matches!(b, Base::Special(SpecialForm::TypedDict)))
    })
}

/// Whether `ty` is an instance of a typed dict; its class then.
pub fn typeddict_instance<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<ClassType<'db>> {
    match ty {
        Type::Instance(c) if is_typeddict(db, c.class(db)) => Some(c),
        _ => None,
    }
}

/// Whether `class` was made by the functional form
/// `TD = TypedDict("TD", {...})` (its definition is the assignment).
pub fn is_functional<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let index = crate::firewall::index(db, class.file(db));
    if !matches!(
        index.definition(class.definition(db)).kind,
        DefinitionKind::Assignment { .. }
    ) {
        return false;
    }
    has_functional_call(db, class)
}

#[salsa::tracked(returns(copy))]
fn has_functional_call<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    functional_call(db, class).is_some()
}

/// The `TypedDict(...)` call of a functional-form class.
fn functional_call(db: &dyn Db, class: ClassLiteral<'_>) -> Option<ast::ExprCall> {
    let file = class.file(db);
    let index = crate::firewall::index(db, file);
    let DefinitionKind::Assignment { value, unpack } = &index.definition(class.definition(db)).kind
    else {
        return None;
    };
    if !unpack.is_empty() {
        return None;
    }
    let module = crate::semantic::parsed(db, file);
    match locate::find_expr(&module, *value) {
        Some(Expr::Call(call)) if is_typeddict_name(&call.func) => Some(call.clone()),
        _ => None,
    }
}

/// `TypedDict` or `typing.TypedDict` written as a callee (syntactically).
pub(crate) fn is_typeddict_name(expr: &Expr) -> bool {
    match expr {
        Expr::Name(n) => n.id.as_str() == "TypedDict",
        Expr::Attribute(a) => a.attr.as_str() == "TypedDict",
        _ => false,
    }
}

fn bool_literal(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Constant(c) => match c.value {
            ast::Constant::Bool(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

/// The qualifiers of an item's annotation: `Required`/`NotRequired`
/// (`Some(true)`/`Some(false)`), `ReadOnly`, through `Annotated[...]` in
/// any nesting order.
pub(crate) fn qualifiers(
    inferrer: &mut ExprInferrer<'_>,
    annotation: &Expr,
) -> (Option<bool>, bool) {
    let mut required = None;
    let mut read_only = false;
    let mut expr = annotation;
    for _ in 0..16 {
        let Expr::Subscript(s) = expr else { break };
        match inferrer.infer_expr(&s.value) {
            Type::SpecialForm(SpecialForm::Required) => {
                required.get_or_insert(true);
                expr = &s.slice;
            }
            Type::SpecialForm(SpecialForm::NotRequired) => {
                required.get_or_insert(false);
                expr = &s.slice;
            }
            Type::SpecialForm(SpecialForm::ReadOnly) => {
                read_only = true;
                expr = &s.slice;
            }
            Type::SpecialForm(SpecialForm::Annotated) => {
                expr = match s.slice.as_ref() {
                    Expr::Tuple(t) => match t.elts.first() {
                        Some(first) => first,
                        None => break,
                    },
                    other => other,
                };
            }
            _ => break,
        }
    }
    (required, read_only)
}

/// One item from its annotation.
fn field<'db>(
    inferrer: &mut ExprInferrer<'db>,
    name: String,
    annotation: &Expr,
    total: bool,
) -> TypedDictField<'db> {
    let (required, read_only) = qualifiers(inferrer, annotation);
    let ty = inferrer.annotation_type(annotation);
    TypedDictField {
        name,
        ty,
        required: required.unwrap_or(total),
        read_only,
    }
}

/// `total=`, `closed=`, `extra_items=` of a class statement or call.
fn options<'db>(
    inferrer: &mut ExprInferrer<'db>,
    keywords: &[ast::Keyword],
) -> (bool, Option<bool>, Option<(Type<'db>, bool)>) {
    let mut total = true;
    let mut closed = None;
    let mut extra = None;
    for k in keywords {
        let Some(arg) = &k.arg else { continue };
        match arg.as_str() {
            "total" => total = bool_literal(&k.value).unwrap_or(true),
            "closed" => closed = bool_literal(&k.value),
            "extra_items" => {
                let (_, read_only) = qualifiers(inferrer, &k.value);
                let ty = inferrer.annotation_type(&k.value);
                extra = Some((ty, read_only));
            }
            _ => {}
        }
    }
    (total, closed, extra)
}

/// What `class` declares itself (not its bases).
#[salsa::tracked(returns(ref))]
pub fn own_typeddict<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> OwnTypedDict<'db> {
    let _boundary = crate::firewall::query_boundary();
    let file = class.file(db);
    let mut inferrer = ExprInferrer::new(db, file, false);
    let mut own = OwnTypedDict {
        fields: Vec::new(),
        closed: None,
        extra_items: None,
    };
    if let Some(call) = functional_call(db, class) {
        let (total, closed, extra) = options(&mut inferrer, &call.keywords);
        own.closed = closed;
        own.extra_items = extra;
        match call.args.get(1) {
            Some(Expr::Dict(d)) => {
                for (k, v) in d.keys.iter().zip(&d.values) {
                    let Some(Expr::Constant(c)) = k else { continue };
                    let ast::Constant::Str(name) = &c.value else {
                        continue;
                    };
                    let f = field(&mut inferrer, name.clone(), v, total);
                    own.fields.push(f);
                }
            }
            // The deprecated keyword form: `TypedDict("TD", a=int)`.
            None => {
                for k in &call.keywords {
                    let Some(arg) = &k.arg else { continue };
                    if matches!(arg.as_str(), "total" | "closed" | "extra_items") {
                        continue;
                    }
                    let f = field(&mut inferrer, arg.to_string(), &k.value, total);
                    own.fields.push(f);
                }
            }
            _ => {}
        }
        return own;
    }
    let Some(stmt) = class_stmt(db, class) else {
        return own;
    };
    let (total, closed, extra) = options(&mut inferrer, &stmt.keywords);
    own.closed = closed;
    own.extra_items = extra;
    let index = crate::firewall::index(db, file);
    let mut annotated = Vec::new();
    crate::dataclass::collect_annotated(&stmt.body, index, &mut annotated, 0);
    for a in annotated {
        let Expr::Name(n) = a.target.as_ref() else {
            continue;
        };
        let f = field(&mut inferrer, n.id.to_string(), &a.annotation, total);
        match own.fields.iter_mut().find(|x| x.name == f.name) {
            Some(existing) => *existing = f,
            None => own.fields.push(f),
        }
    }
    own
}

/// The items of typed dict `class`, merged along its MRO (a subclass's
/// declaration replaces its bases'), unspecialized.
#[salsa::tracked(returns(ref), cycle_result = typeddict_schema_cycle)]
pub fn typeddict_schema<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> TypedDictSchema<'db> {
    let _boundary = crate::firewall::query_boundary();
    let mut schema = TypedDictSchema {
        fields: Vec::new(),
        extra: ExtraItems::Open,
    };
    let mro = class_mro(db, class);
    for &c in mro.classes.iter().rev() {
        if !is_typeddict(db, c) {
            continue;
        }
        let own = own_typeddict(db, c);
        for f in &own.fields {
            match schema.fields.iter_mut().find(|x| x.name == f.name) {
                Some(existing) => *existing = f.clone(),
                None => schema.fields.push(f.clone()),
            }
        }
        if let Some((ty, read_only)) = own.extra_items {
            schema.extra = ExtraItems::Typed { ty, read_only };
        } else if let Some(closed) = own.closed {
            schema.extra = if closed {
                ExtraItems::Closed
            } else {
                ExtraItems::Open
            };
        }
    }
    schema
}

fn typeddict_schema_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> TypedDictSchema<'db> {
    TypedDictSchema {
        fields: Vec::new(),
        extra: ExtraItems::Typed {
            ty: Type::UNKNOWN,
            read_only: false,
        },
    }
}

/// The items of an instance type of a typed dict, specialized.
pub fn schema_of<'db>(db: &'db dyn Db, class: ClassType<'db>) -> TypedDictSchema<'db> {
    let schema = typeddict_schema(db, class.class(db));
    if class.args(db).is_empty() {
        return schema.clone();
    }
    let subst = crate::infer::generics::class_substitution(db, class);
    let apply = |t: Type<'db>| crate::infer::generics::substitute(db, t, &subst);
    TypedDictSchema {
        fields: schema
            .fields
            .iter()
            .map(|f| TypedDictField {
                ty: apply(f.ty),
                ..f.clone()
            })
            .collect(),
        extra: match schema.extra {
            ExtraItems::Typed { ty, read_only } => ExtraItems::Typed {
                ty: apply(ty),
                read_only,
            },
            other => other,
        },
    }
}

/// The keyword parameters `**kwargs: Unpack[TD]` stands for: one keyword-only
/// parameter per item (with a default when the item is not required), and
/// `**kwargs` of the extra items' type (`Never` without `extra_items`). `skip` names parameters declared explicitly.
pub fn unpacked_kwargs_parameters<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    kwargs_name: &str,
    skip: &[String],
) -> Vec<Parameter<'db>> {
    let schema = schema_of(db, class);
    let mut parameters: Vec<Parameter<'db>> = schema
        .fields
        .iter()
        .filter(|f| !skip.contains(&f.name))
        .map(|f| Parameter {
            name: Some(f.name.clone()),
            kind: ParameterKind::KeywordOnly,
            ty: f.ty,
            has_default: !f.required,
        })
        .collect();
    // Without extra items no other keyword may be passed: `**kwargs: Never`
    // (which a callable without `**kwargs` cannot stand in for).
    let extra = match schema.extra {
        ExtraItems::Typed { ty, .. } => ty,
        ExtraItems::Open | ExtraItems::Closed => Type::Never,
    };
    parameters.push(Parameter {
        name: Some(kwargs_name.to_owned()),
        kind: ParameterKind::VarKeyword,
        ty: extra,
        has_default: false,
    });
    parameters
}

/// `Unpack[X]` written as an annotation (syntactically).
pub fn is_unpack_annotation(expr: &Expr) -> bool {
    match expr {
        Expr::Subscript(s) => match s.value.as_ref() {
            Expr::Name(n) => n.id.as_str() == "Unpack",
            Expr::Attribute(a) => a.attr.as_str() == "Unpack",
            _ => false,
        },
        _ => false,
    }
}

/// The typed dict of `**kwargs: Unpack[TD]`.
pub fn unpacked_kwargs_typeddict<'db>(
    inferrer: &mut ExprInferrer<'db>,
    annotation: &Expr,
) -> Option<ClassType<'db>> {
    if !is_unpack_annotation(annotation) {
        return None;
    }
    let ty = inferrer.annotation_type(annotation);
    typeddict_instance(inferrer.db, ty)
}

/// The class literal of `name = TypedDict("name", {...})` whose value is
/// being inferred as `definition`.
pub fn functional_class<'db>(
    db: &'db dyn Db,
    file: gradus_db::File,
    definition: gradus_index::DefinitionId,
    call: &ast::ExprCall,
) -> Option<ClassLiteral<'db>> {
    let index = crate::firewall::index(db, file);
    let DefinitionKind::Assignment { value, unpack } = &index.definition(definition).kind else {
        return None;
    };
    if !unpack.is_empty() || *value != call.range {
        return None;
    }
    Some(crate::class::assignment_class_literal(db, file, definition))
}

/// The union of every value type of a typed dict with `closed=True` or
/// `extra_items`; `None` for an open one (any value may be there).
pub fn value_union<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Option<Type<'db>> {
    let schema = schema_of(db, class);
    let mut types: Vec<Type<'db>> = schema.fields.iter().map(|f| f.ty).collect();
    match schema.extra {
        ExtraItems::Open => return None,
        ExtraItems::Closed => {}
        ExtraItems::Typed { ty, .. } => types.push(ty),
    }
    Some(gradus_types::union(db, types))
}

/// Members of a typed dict that its stubs do not have: `clear()` and
/// `popitem()` when every item may be removed (an `extra_items` typed dict
/// with only non-required, writable items).
pub fn synthesized_member<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    name: &str,
) -> Option<Type<'db>> {
    if !matches!(name, "clear" | "popitem") || !is_typeddict(db, class.class(db)) {
        return None;
    }
    let schema = schema_of(db, class);
    let dict_like = matches!(
        schema.extra,
        ExtraItems::Typed {
            read_only: false,
            ..
        }
    ) && schema.fields.iter().all(|f| !f.required && !f.read_only);
    if !dict_like {
        return None;
    }
    let return_type = if name == "clear" {
        Type::None
    } else {
        let value = value_union(db, class)?;
        let key = crate::semantic::known_instance(db, KnownClass::Str);
        Type::Tuple(gradus_types::TupleType::fixed(db, vec![key, value]))
    };
    Some(Type::Callable(gradus_types::CallableType::new(
        db,
        gradus_types::Signature {
            parameters: Vec::new(),
            return_type,
            gradual: false,
        },
    )))
}
