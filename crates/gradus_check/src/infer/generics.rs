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

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_SUBSTITUTION_DEPTH;

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
    // PEP 695: `class C[T, *Ts, **P]` declares its parameters itself.
    if !stmt.type_params.is_empty() {
        return crate::generic_checks::pep695_type_params(db, file, &stmt.type_params);
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
            // `*Ts` / `Unpack[Ts]`: the TypeVarTuple.
            let arg = match arg {
                gradus_syntax::ast::Expr::Starred(star) => star.value.as_ref(),
                gradus_syntax::ast::Expr::Subscript(s)
                    if matches!(
                        super::expression_type(db, file, &s.value),
                        Type::SpecialForm(gradus_types::SpecialForm::Unpack)
                    ) =>
                {
                    s.slice.as_ref()
                }
                other => other,
            };
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
    let mut subst = pair_params_with_args(db, params, class.args(db));
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
                let base_args: Vec<Type<'db>> = base_class
                    .args(db)
                    .iter()
                    .map(|&a| substitute(db, a, &subst))
                    .collect();
                for (p, arg) in pair_params_with_args(db, base_params, &base_args) {
                    if subst.iter().any(|(q, _)| *q == p) {
                        continue;
                    }
                    subst.push((p, arg));
                }
                frontier.push(*base_class);
            }
        }
    }
    subst
}

/// Pairs a class's parameters with its (flat) type arguments: a
/// TypeVarTuple takes the arguments between those of the parameters
/// before and after it, as a tuple (`Array[int, str]` for `Array[*Ts]`:
/// `Ts` = `tuple[int, str]`). Missing arguments are `Unknown`.
pub fn pair_params_with_args<'db>(
    db: &'db dyn Db,
    params: &[TypeVarType<'db>],
    args: &[Type<'db>],
) -> Substitution<'db> {
    let variadic = params
        .iter()
        .position(|p| p.kind(db) == TypeVarKind::TypeVarTuple);
    match variadic {
        Some(k) if !args.is_empty() && args.len() + 1 >= params.len() => {
            let suffix = params.len() - k - 1;
            let mut subst: Substitution<'db> = params[..k]
                .iter()
                .zip(args)
                .map(|(&p, &a)| (p, a))
                .collect();
            let middle = args[k..args.len() - suffix].to_vec();
            subst.push((params[k], Type::Tuple(TupleType::fixed(db, middle))));
            for (j, &p) in params[k + 1..].iter().enumerate() {
                subst.push((p, args[args.len() - suffix + j]));
            }
            subst
        }
        _ => {
            // Missing arguments take the parameters' PEP 696 defaults (which
            // may mention earlier parameters), else `Unknown`.
            let mut subst: Substitution<'db> = Vec::with_capacity(params.len());
            for (i, &p) in params.iter().enumerate() {
                let arg = match args.get(i) {
                    Some(&a) => a,
                    None => match p.default(db) {
                        Some(default) => substitute(db, default, &subst),
                        None => Type::UNKNOWN,
                    },
                };
                subst.push((p, arg));
            }
            subst
        }
    }
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
            let args = substitute_elements(db, c.args(db), subst, depth);
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
        Type::Tuple(t) => substitute_tuple(db, t, subst, depth),
        Type::Callable(c) => Type::Callable(CallableType::new(
            db,
            substitute_signature(db, c.signature(db), subst, depth),
        )),
        _ => ty,
    }
}

/// A tuple with its type variables replaced: `*Ts` is spliced in, and a
/// `Ts` holding an unbounded tuple (`tuple[int, ...]`, or `Unknown`)
/// becomes the tuple's unbounded part when it has none yet
/// (`tuple[int, *Ts]` with `Ts` = `tuple[str, ...]` is
/// `tuple[int, *tuple[str, ...]]`).
fn substitute_tuple<'db>(
    db: &'db dyn Db,
    t: TupleType<'db>,
    subst: &Substitution<'db>,
    depth: usize,
) -> Type<'db> {
    let elements = t.elements(db);
    let mut out = Vec::with_capacity(elements.len());
    let mut variadic: Option<usize> = None;
    for (i, &e) in elements.iter().enumerate() {
        if t.variadic(db) == Some(i) {
            variadic = Some(out.len());
            out.push(substitute_inner(db, e, subst, depth + 1));
            continue;
        }
        if let Type::TypeVar(tv) = e {
            if tv.kind(db) == TypeVarKind::TypeVarTuple {
                match subst.iter().find(|(p, _)| *p == tv) {
                    Some(&(_, Type::Tuple(r))) if r.is_fixed(db) => {
                        out.extend(r.elements(db).iter().copied());
                        continue;
                    }
                    Some(&(_, Type::Tuple(r))) if t.is_fixed(db) && variadic.is_none() => {
                        variadic = r.variadic(db).map(|k| k + out.len());
                        out.extend(r.elements(db).iter().copied());
                        continue;
                    }
                    Some(&(_, Type::Dynamic(_))) if t.is_fixed(db) && variadic.is_none() => {
                        variadic = Some(out.len());
                        out.push(Type::UNKNOWN);
                        continue;
                    }
                    Some(_) => {
                        out.push(Type::UNKNOWN);
                        continue;
                    }
                    None => {}
                }
            }
        }
        out.push(substitute_inner(db, e, subst, depth + 1));
    }
    Type::Tuple(TupleType::new(db, out, variadic))
}

/// Substituted elements of a tuple or class arguments: a TypeVarTuple
/// replaced by a fixed tuple is spliced in.
fn substitute_elements<'db>(
    db: &'db dyn Db,
    elements: &[Type<'db>],
    subst: &Substitution<'db>,
    depth: usize,
) -> Vec<Type<'db>> {
    let mut out = Vec::with_capacity(elements.len());
    for &e in elements {
        if let Type::TypeVar(tv) = e {
            if tv.kind(db) == TypeVarKind::TypeVarTuple {
                match subst.iter().find(|(p, _)| *p == tv) {
                    Some(&(_, Type::Tuple(r))) if r.is_fixed(db) => {
                        out.extend(r.elements(db).iter().copied());
                        continue;
                    }
                    Some(_) => {
                        out.push(Type::UNKNOWN);
                        continue;
                    }
                    None => {}
                }
            }
        }
        out.push(substitute_inner(db, e, subst, depth + 1));
    }
    out
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
    let mut parameters: Vec<Parameter<'db>> = Vec::with_capacity(sig.parameters.len());
    for p in &sig.parameters {
        // `*args: *Ts` with `Ts` = `tuple[int, str]` takes exactly an
        // `int` and a `str`; with another TypeVarTuple it stays variadic.
        if let (gradus_types::ParameterKind::VarPositional, Type::TypeVar(tv)) = (p.kind, p.ty) {
            if tv.kind(db) == TypeVarKind::TypeVarTuple {
                match subst.iter().find(|(q, _)| *q == tv) {
                    Some(&(_, Type::Tuple(t))) if t.is_fixed(db) => {
                        if let [Type::TypeVar(inner)] = t.elements(db).as_slice() {
                            parameters.push(Parameter {
                                ty: Type::TypeVar(*inner),
                                ..p.clone()
                            });
                        } else {
                            parameters.extend(t.elements(db).iter().map(|&ty| Parameter {
                                name: None,
                                kind: gradus_types::ParameterKind::PositionalOnly,
                                ty,
                                has_default: false,
                            }));
                        }
                        continue;
                    }
                    Some(_) => {
                        parameters.push(Parameter {
                            ty: Type::UNKNOWN,
                            ..p.clone()
                        });
                        continue;
                    }
                    None => {}
                }
            }
        }
        parameters.push(Parameter {
            ty: substitute_inner(db, p.ty, subst, depth + 1),
            ..p.clone()
        });
    }
    Signature {
        parameters,
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

/// `sig` with its first parameter bound to `receiver` (when `bind`): an
/// explicitly annotated `self: T` / `cls: type[T]` solves `T` from the
/// receiver first (`def copy(self: T) -> T` on a `One` returns `One`).
pub fn bind_receiver<'db>(
    db: &'db dyn Db,
    sig: &Signature<'db>,
    receiver: Type<'db>,
    bind: bool,
) -> Signature<'db> {
    if !bind {
        return sig.clone();
    }
    let mut subst: Substitution<'db> = Vec::new();
    if let Some(first) = sig.parameters.first() {
        if contains_type_vars(db, first.ty) {
            let target = match (first.ty, receiver) {
                (Type::SubclassOfTypeVar(_), Type::Instance(c)) => Type::SubclassOf(c),
                (Type::SubclassOfTypeVar(_), other) => other,
                (_, other) => receiver_instance(other),
            };
            let mut solution = rustc_hash::FxHashMap::default();
            crate::infer::call::solve_into(db, first.ty, target, &mut solution, 0);
            subst = solution
                .into_iter()
                .map(|(tv, types)| (tv, gradus_types::union(db, types)))
                .collect();
        }
    }
    substitute_signature(db, &sig.bind_self(), &subst, 0)
}
