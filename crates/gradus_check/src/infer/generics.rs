//! Type parameters of generic classes and substitution of their arguments.
//!
//! ```python
//! class Box(Generic[T]):
//!     def get(self) -> T: ...
//! Box[int]().get()     # T is replaced by int: the result is int
//! ```
//!
//! Full solving (inferring a generic function's type variables from its
//! arguments) comes with the generics work; until then unsolved type
//! variables in a result become `Unknown`.

use gradus_db::Db;
use gradus_types::{
    CallableType, ClassLiteral, ClassType, Parameter, Signature, TupleType, Type, TypeVarKind,
    TypeVarType, Variance,
};

use crate::class::{class_bases, Base};

/// Substitution depth bound: deeper types are left as they are.
const MAX_SUBSTITUTION_DEPTH: usize = 32;

/// The type parameters of a class, in order: those of `Generic[...]` or
/// `Protocol[...]` if listed, else every type variable in the bases'
/// arguments in order of appearance.
#[salsa::tracked(returns(ref), cycle_result = class_type_params_cycle)]
pub fn class_type_params<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<TypeVarType<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = crate::class::class_stmt(db, class) else {
        return Vec::new();
    };
    let file = class.file(db);
    // PEP 695: `class Box[T]` lists its parameters itself.
    if !stmt.type_params.is_empty() {
        let index = crate::firewall::index(db, file);
        let Some(scope) = index.scope(class.body_scope(db)).parent else {
            return Vec::new();
        };
        return stmt
            .type_params
            .iter()
            .filter_map(|param| {
                let name = match param {
                    gradus_syntax::ast::TypeParam::TypeVar(t) => &t.name,
                    gradus_syntax::ast::TypeParam::ParamSpec(p) => &p.name,
                    gradus_syntax::ast::TypeParam::TypeVarTuple(t) => &t.name,
                };
                match crate::semantic::symbol_type(db, file, scope, name.to_string()) {
                    Some(Type::TypeVar(tv)) => Some(tv),
                    _ => None,
                }
            })
            .collect();
    }
    let mut explicit: Option<Vec<TypeVarType<'db>>> = None;
    let mut implicit = Vec::new();
    for base in &stmt.bases {
        let gradus_syntax::ast::Expr::Subscript(sub) = base else {
            continue;
        };
        let value = super::expression_type(db, file, &sub.value);
        let args: Vec<&gradus_syntax::ast::Expr> = match sub.slice.as_ref() {
            gradus_syntax::ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut vars = Vec::new();
        for arg in args {
            collect_type_vars(db, super::expression_type(db, file, arg), &mut vars, 0);
        }
        if matches!(
            value,
            Type::SpecialForm(
                gradus_types::SpecialForm::Generic | gradus_types::SpecialForm::Protocol
            )
        ) {
            explicit = Some(vars);
        } else {
            for v in vars {
                if !implicit.contains(&v) {
                    implicit.push(v);
                }
            }
        }
    }
    explicit.unwrap_or(implicit)
}

fn class_type_params_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> Vec<TypeVarType<'db>> {
    Vec::new()
}

fn collect_type_vars<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    out: &mut Vec<TypeVarType<'db>>,
    depth: usize,
) {
    if depth > MAX_SUBSTITUTION_DEPTH {
        return;
    }
    match ty {
        Type::TypeVar(tv) | Type::SubclassOfTypeVar(tv) if !out.contains(&tv) => {
            out.push(tv);
        }
        // In a base list, `Base[T]` evaluates to the class object.
        Type::ClassObject(c) | Type::Instance(c) => {
            for &arg in c.args(db) {
                collect_type_vars(db, arg, out, depth + 1);
            }
        }
        Type::Union(u) => {
            for &e in u.elements(db) {
                collect_type_vars(db, e, out, depth + 1);
            }
        }
        Type::Tuple(t) => {
            for &e in t.elements(db) {
                collect_type_vars(db, e, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A mapping from type variables to types.
pub type Substitution<'db> = Vec<(TypeVarType<'db>, Type<'db>)>;

/// The substitution of a specialized class (`list[int]`: `_T` → `int`),
/// including the arguments its bases pass on (`class L(list[int])`).
pub fn class_substitution<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Substitution<'db> {
    let params = class_type_params(db, class.class(db));
    let args = class.args(db);
    let mut subst: Substitution<'db> = params
        .iter()
        .enumerate()
        .map(|(i, &p)| (p, args.get(i).copied().unwrap_or(Type::UNKNOWN)))
        .collect();
    // Arguments given to bases, e.g. `class Sequence(Collection[_T_co])`
    // makes Collection's `_T_co` our `_T_co`; walk one level of bases at a
    // time so members found on ancestors are specialized too.
    let mut frontier = vec![class];
    let mut seen = 0;
    while let Some(current) = frontier.pop() {
        seen += 1;
        if seen > 64 {
            break;
        }
        for base in class_bases(db, current.class(db)) {
            if let Base::Class(base_class) = base {
                let base_params = class_type_params(db, base_class.class(db));
                let base_args = base_class.args(db);
                for (i, &p) in base_params.iter().enumerate() {
                    if subst.iter().any(|(q, _)| *q == p) {
                        continue;
                    }
                    let arg = base_args.get(i).copied().unwrap_or(Type::UNKNOWN);
                    let arg = substitute(db, arg, &subst);
                    subst.push((p, arg));
                }
                frontier.push(*base_class);
            }
        }
    }
    subst
}

/// `ty` with type variables replaced per `subst`.
pub fn substitute<'db>(db: &'db dyn Db, ty: Type<'db>, subst: &Substitution<'db>) -> Type<'db> {
    if subst.is_empty() {
        return ty;
    }
    substitute_inner(db, ty, subst, 0)
}

fn substitute_inner<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    subst: &Substitution<'db>,
    depth: usize,
) -> Type<'db> {
    if depth > MAX_SUBSTITUTION_DEPTH {
        return ty;
    }
    match ty {
        Type::TypeVar(tv) => subst
            .iter()
            .find(|(p, _)| *p == tv)
            .map(|(_, t)| *t)
            .unwrap_or(ty),
        Type::SubclassOfTypeVar(tv) => match subst.iter().find(|(p, _)| *p == tv) {
            Some(&(_, replacement)) => subclass_of_type(db, replacement),
            None => ty,
        },
        Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c)
            if !c.args(db).is_empty() =>
        {
            let args: Vec<Type<'db>> = c
                .args(db)
                .iter()
                .map(|&a| substitute_inner(db, a, subst, depth + 1))
                .collect();
            let new = ClassType::new(db, c.class(db), args);
            match ty {
                Type::Instance(_) => Type::Instance(new),
                Type::ClassObject(_) => Type::ClassObject(new),
                _ => Type::SubclassOf(new),
            }
        }
        Type::Union(u) => gradus_types::union(
            db,
            u.elements(db)
                .iter()
                .map(|&e| substitute_inner(db, e, subst, depth + 1)),
        ),
        Type::Tuple(t) => Type::Tuple(TupleType::new(
            db,
            t.elements(db)
                .iter()
                .map(|&e| substitute_inner(db, e, subst, depth + 1))
                .collect::<Vec<_>>(),
            t.homogeneous(db),
        )),
        Type::Callable(c) => Type::Callable(CallableType::new(
            db,
            substitute_signature(db, c.signature(db), subst, depth),
        )),
        _ => ty,
    }
}

pub fn substitute_signature<'db>(
    db: &'db dyn Db,
    sig: &Signature<'db>,
    subst: &Substitution<'db>,
    depth: usize,
) -> Signature<'db> {
    // `(x: int, *args: P.args, **kwargs: P.kwargs)` with `P` replaced by a
    // parameter list splices that list in; by `...`/`Unknown` it accepts
    // anything.
    if let Some(p) = sig.param_spec_tail(db) {
        if let Some(&(_, replacement)) = subst.iter().find(|(q, _)| *q == p) {
            let keep = sig.parameters.len() - 2;
            let mut parameters: Vec<Parameter<'db>> = sig.parameters[..keep]
                .iter()
                .map(|p| Parameter {
                    ty: substitute_inner(db, p.ty, subst, depth + 1),
                    ..p.clone()
                })
                .collect();
            let return_type = substitute_inner(db, sig.return_type, subst, depth + 1);
            let gradual = match replacement {
                Type::Callable(c) => {
                    let value = c.signature(db);
                    parameters.extend(value.parameters.iter().cloned());
                    value.gradual
                }
                Type::TypeVar(q) if q.kind(db) == TypeVarKind::ParamSpec => {
                    return Signature {
                        parameters: parameters
                            .into_iter()
                            .chain(Signature::param_spec(Type::TypeVar(q), return_type).parameters)
                            .collect(),
                        return_type,
                        gradual: false,
                    };
                }
                _ => true,
            };
            return Signature {
                parameters,
                return_type,
                gradual,
            };
        }
    }
    Signature {
        parameters: sig
            .parameters
            .iter()
            .map(|p| Parameter {
                ty: substitute_inner(db, p.ty, subst, depth + 1),
                ..p.clone()
            })
            .collect(),
        return_type: substitute_inner(db, sig.return_type, subst, depth + 1),
        gradual: sig.gradual,
    }
}

/// Replaces every type variable left in `ty` by `Unknown` (an unsolved
/// variable must not escape a call).
pub fn erase_type_vars<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    let mut vars = Vec::new();
    collect_all_type_vars(db, ty, &mut vars, 0);
    let subst = vars.into_iter().map(|v| (v, Type::UNKNOWN)).collect();
    substitute(db, ty, &subst)
}

fn collect_all_type_vars<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    out: &mut Vec<TypeVarType<'db>>,
    depth: usize,
) {
    if depth > MAX_SUBSTITUTION_DEPTH {
        return;
    }
    match ty {
        Type::Callable(c) => {
            let sig = c.signature(db);
            for p in &sig.parameters {
                collect_all_type_vars(db, p.ty, out, depth + 1);
            }
            collect_all_type_vars(db, sig.return_type, out, depth + 1);
        }
        other => collect_type_vars(db, other, out, depth),
    }
}

/// Whether `ty` mentions a type variable anywhere.
pub fn contains_type_vars<'db>(db: &'db dyn Db, ty: Type<'db>) -> bool {
    let mut out = Vec::new();
    collect_all_type_vars(db, ty, &mut out, 0);
    !out.is_empty()
}

/// The type variables `ty` mentions.
pub fn type_vars_in<'db>(db: &'db dyn Db, ty: Type<'db>) -> Vec<TypeVarType<'db>> {
    let mut out = Vec::new();
    collect_all_type_vars(db, ty, &mut out, 0);
    out
}

/// `type[X]` for a type that replaced `T` in `type[T]`.
pub fn subclass_of_type<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    match ty {
        Type::Instance(c) => Type::SubclassOf(c),
        Type::TypeVar(tv) => Type::SubclassOfTypeVar(tv),
        Type::Union(u) => {
            gradus_types::union(db, u.elements(db).iter().map(|&e| subclass_of_type(db, e)))
        }
        Type::None => crate::semantic::known_class(db, gradus_types::KnownClass::NoneType)
            .map(Type::SubclassOf)
            .unwrap_or(Type::UNKNOWN),
        Type::Dynamic(_) => ty,
        _ => Type::UNKNOWN,
    }
}

/// The `Self` type variable of a class: bound to the class's instance with
/// its own type parameters as arguments (`Container[T]`).
pub fn self_type_var<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> TypeVarType<'db> {
    let params = class_type_params(db, class);
    let bound = Type::Instance(ClassType::new(
        db,
        class,
        params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
    ));
    TypeVarType::new(
        db,
        "Self".to_owned(),
        class.file(db),
        class.definition(db),
        Some(bound),
        Variance::Invariant,
        TypeVarKind::SelfType,
        Vec::new(),
        None,
    )
}

/// The instance a method's `Self` stands for when accessed on `receiver`.
pub fn receiver_instance<'db>(receiver: Type<'db>) -> Type<'db> {
    match receiver {
        Type::ClassObject(c) | Type::SubclassOf(c) => Type::Instance(c),
        Type::SubclassOfTypeVar(tv) => Type::TypeVar(tv),
        other => other,
    }
}

/// Adds `Self` ↦ the receiver's instance for every `Self` variable in
/// `types` to `subst`.
pub fn add_self_substitution<'db>(
    db: &'db dyn Db,
    subst: &mut Substitution<'db>,
    types: impl IntoIterator<Item = Type<'db>>,
    receiver: Type<'db>,
) {
    let instance = receiver_instance(receiver);
    for ty in types {
        for tv in type_vars_in(db, ty) {
            if tv.kind(db) == TypeVarKind::SelfType
                && Type::TypeVar(tv) != instance
                && !subst.iter().any(|(p, _)| *p == tv)
            {
                subst.push((tv, instance));
            }
        }
    }
}

/// The types a signature mentions (parameters and return).
pub fn signature_types<'db>(sig: &Signature<'db>) -> Vec<Type<'db>> {
    sig.parameters
        .iter()
        .map(|p| p.ty)
        .chain(std::iter::once(sig.return_type))
        .collect()
}
