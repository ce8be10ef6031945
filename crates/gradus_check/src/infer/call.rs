//! Calls: binding arguments to parameters, checking their types, overloads,
//! constructors, and the small solver for generic functions.
//!
//! ```python
//! def f(a: int, *, b: str = "") -> list[int]: ...
//! f(1, b=2)     # error[invalid-argument-type]: `Literal[2]` is not assignable to `str`
//! f()           # error[missing-argument]
//! ```

use gradus_db::Db;
use gradus_syntax::ast::Ranged;
use gradus_syntax::ast::{self, Expr};
use gradus_syntax::TextRange;
use gradus_types::{
    ClassType, FunctionLiteral, KnownClass, MethodKind, ParameterKind, Signature, SpecialForm,
    Type, TypeVarType,
};
use rustc_hash::FxHashMap;

use super::expr::{widen_literal, ExprInferrer};
use super::generics::{
    class_substitution, class_type_params, substitute, substitute_signature, Substitution,
};
use crate::class::class_mro;
use crate::relation::is_assignable;
use crate::rules::REVEALED_TYPE;
use crate::rules::{
    INVALID_ARGUMENT_TYPE, INVALID_TYPE_FORM, MISSING_ARGUMENT, NOT_CALLABLE, NO_MATCHING_OVERLOAD,
    TOO_MANY_POSITIONAL_ARGUMENTS, UNKNOWN_ARGUMENT,
};

/// How an argument is passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgKind {
    Positional,
    Keyword(String),
    /// `*args`
    Star,
    /// `**kwargs`
    DoubleStar,
}

/// One argument of a call.
#[derive(Debug, Clone)]
pub struct Arg<'db, 'e> {
    pub kind: ArgKind,
    pub ty: Type<'db>,
    pub range: TextRange,
    /// The expression, when re-inference with a parameter's type as context
    /// can change its type (list, dict, set displays, lambdas).
    pub expr: Option<&'e Expr>,
}

/// An argument-binding failure.
#[derive(Debug, Clone)]
pub(crate) struct BindError {
    code: &'static str,
    message: String,
    range: TextRange,
}

/// Which parameter each argument binds to.
type Binding = Vec<Option<usize>>;

pub(crate) fn bind_arguments(
    sig: &Signature<'_>,
    args: &[Arg<'_, '_>],
    call_range: TextRange,
) -> Result<Binding, BindError> {
    let mut binding = vec![None; args.len()];
    if sig.gradual {
        return Ok(binding);
    }
    let params = &sig.parameters;
    let mut assigned = vec![false; params.len()];
    let has_star = args.iter().any(|a| a.kind == ArgKind::Star);
    let has_double_star = args.iter().any(|a| a.kind == ArgKind::DoubleStar);
    let positional: Vec<usize> = params
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            matches!(
                p.kind,
                ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
            )
        })
        .map(|(i, _)| i)
        .collect();
    let var_positional = params
        .iter()
        .position(|p| p.kind == ParameterKind::VarPositional);
    let var_keyword = params
        .iter()
        .position(|p| p.kind == ParameterKind::VarKeyword);
    let mut next_positional = 0;
    for (i, arg) in args.iter().enumerate() {
        match &arg.kind {
            ArgKind::Positional => {
                if let Some(&p) = positional.get(next_positional) {
                    binding[i] = Some(p);
                    assigned[p] = true;
                    next_positional += 1;
                } else if let Some(v) = var_positional {
                    binding[i] = Some(v);
                } else if !has_star {
                    return Err(BindError {
                        code: TOO_MANY_POSITIONAL_ARGUMENTS.code,
                        message: format!(
                            "Too many positional arguments: expected {}, got {}",
                            positional.len(),
                            args.iter()
                                .filter(|a| a.kind == ArgKind::Positional)
                                .count()
                        ),
                        range: arg.range,
                    });
                }
            }
            ArgKind::Star => {
                // Fills the remaining positional parameters, unknown how many.
                for &p in &positional[next_positional.min(positional.len())..] {
                    if !params[p].has_default {
                        assigned[p] = true;
                    }
                }
                next_positional = positional.len();
            }
            ArgKind::Keyword(name) => {
                let found = params.iter().position(|p| {
                    p.name.as_deref() == Some(name.as_str())
                        && matches!(
                            p.kind,
                            ParameterKind::PositionalOrKeyword | ParameterKind::KeywordOnly
                        )
                });
                match found {
                    Some(p) if assigned[p] && !has_star => {
                        return Err(BindError {
                            code: crate::rules::PARAMETER_ALREADY_ASSIGNED.code,
                            message: format!("Multiple values for parameter `{name}`"),
                            range: arg.range,
                        });
                    }
                    Some(p) => {
                        binding[i] = Some(p);
                        assigned[p] = true;
                    }
                    None => match var_keyword {
                        // `**kwargs: Never` (an unpacked typed dict without
                        // extra items) takes no other keyword.
                        Some(v) if !params[v].ty.is_never() => binding[i] = Some(v),
                        _ => {
                            return Err(BindError {
                                code: UNKNOWN_ARGUMENT.code,
                                message: format!("No parameter named `{name}`"),
                                range: arg.range,
                            })
                        }
                    },
                }
            }
            ArgKind::DoubleStar => {}
        }
    }
    let missing: Vec<&str> = params
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            !assigned[*i]
                && !p.has_default
                && !matches!(
                    p.kind,
                    ParameterKind::VarPositional | ParameterKind::VarKeyword
                )
                && (!has_double_star || p.kind == ParameterKind::PositionalOnly)
                && (!has_star || p.kind == ParameterKind::KeywordOnly)
        })
        .map(|(_, p)| p.name.as_deref().unwrap_or("_"))
        .collect();
    if !missing.is_empty() {
        let names = missing
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(BindError {
            code: MISSING_ARGUMENT.code,
            message: format!(
                "Missing argument{} for parameter{} {names}",
                plural(missing.len()),
                plural(missing.len())
            ),
            range: call_range,
        });
    }
    Ok(binding)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `*args: *Ts` takes the tuple of the positional arguments bound to it;
/// the index of that parameter, whose arguments are solved here.
pub(crate) fn solve_variadic<'db>(
    db: &'db dyn Db,
    sig: &Signature<'db>,
    args: &[Arg<'db, '_>],
    binding: &Binding,
    solution: &mut FxHashMap<TypeVarType<'db>, Vec<Type<'db>>>,
) -> Option<usize> {
    let v = sig.parameters.iter().position(|p| {
        p.kind == ParameterKind::VarPositional
            && matches!(p.ty, Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::TypeVarTuple)
    })?;
    let packed: Vec<Type<'db>> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| binding[*i] == Some(v) && a.kind == ArgKind::Positional)
        .map(|(_, a)| widen_literal(db, a.ty))
        .collect();
    if let Type::TypeVar(tv) = sig.parameters[v].ty {
        solution
            .entry(tv)
            .or_default()
            .push(Type::Tuple(gradus_types::TupleType::fixed(db, packed)));
    }
    Some(v)
}

/// Binds type variables of `param` from the argument type `arg`.
pub(crate) fn solve_into<'db>(
    db: &'db dyn Db,
    param: Type<'db>,
    arg: Type<'db>,
    solution: &mut FxHashMap<TypeVarType<'db>, Vec<Type<'db>>>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    match (param, arg) {
        (Type::TypeVar(tv), _) => {
            // Literals widen (`identity(1)` is `int`) unless the bound asks
            // for literals (`bound=LiteralString`).
            let keep_literal = tv.bound(db).is_some_and(|b| {
                b.union_elements(db).iter().all(|e| {
                    matches!(
                        e,
                        Type::LiteralString
                            | Type::StrLiteral(_)
                            | Type::IntLiteral(_)
                            | Type::BoolLiteral(_)
                            | Type::BytesLiteral(_)
                    )
                })
            });
            let arg = if keep_literal {
                arg
            } else {
                widen_literal(db, arg)
            };
            solution.entry(tv).or_default().push(arg)
        }
        (Type::SubclassOfTypeVar(tv), Type::ClassObject(c) | Type::SubclassOf(c)) => {
            solution.entry(tv).or_default().push(Type::Instance(c))
        }
        (Type::SubclassOfTypeVar(tv), Type::SubclassOfTypeVar(u)) => {
            solution.entry(tv).or_default().push(Type::TypeVar(u))
        }
        // `f(Annotated[int, ""])` for `type[T]`: no class to bind; `object`
        // makes the argument check report it (see `crate::qualifiers`).
        (Type::SubclassOfTypeVar(tv), Type::SpecialForm(form)) if form.is_not_a_class() => solution
            .entry(tv)
            .or_default()
            .push(crate::semantic::known_instance(db, KnownClass::Object)),
        (Type::Union(u), _) => {
            // `T | None` against `int | None`: bind T to the non-None parts.
            let vars: Vec<Type<'db>> = u
                .elements(db)
                .iter()
                .copied()
                .filter(|t| matches!(t, Type::TypeVar(_)))
                .collect();
            if vars.len() == 1 {
                let rest: Vec<Type<'db>> = u
                    .elements(db)
                    .iter()
                    .copied()
                    .filter(|t| !matches!(t, Type::TypeVar(_)))
                    .collect();
                let arg_rest: Vec<Type<'db>> = arg
                    .union_elements(db)
                    .into_iter()
                    .filter(|a| !rest.iter().any(|r| is_assignable(db, *a, *r)))
                    .collect();
                if !arg_rest.is_empty() {
                    solve_into(
                        db,
                        vars[0],
                        gradus_types::union(db, arg_rest),
                        solution,
                        depth + 1,
                    );
                }
            }
        }
        (Type::Instance(p), _) if !p.args(db).is_empty() => {
            let arg_class = match arg {
                Type::Instance(a) => Some(a),
                Type::Tuple(t) => crate::semantic::known_class(db, KnownClass::Tuple).map(|c| {
                    ClassType::new(
                        db,
                        c.class(db),
                        vec![gradus_types::union(db, t.elements(db).iter().copied())],
                    )
                }),
                Type::StrLiteral(_) | Type::LiteralString => {
                    crate::semantic::known_class(db, KnownClass::Str)
                }
                _ => None,
            };
            let Some(arg_class) = arg_class else { return };
            // A class that fits a protocol structurally: solve from its
            // members.
            if arg_class.class(db) != p.class(db)
                && !class_mro(db, arg_class.class(db))
                    .classes
                    .contains(&p.class(db))
                && crate::abstract_class::is_protocol_class(db, p.class(db))
            {
                crate::protocol::solve_protocol(db, p, arg, solution, depth);
                return;
            }
            let arg_subst = class_substitution(db, arg_class);
            let params = class_type_params(db, p.class(db));
            let param_subst = super::generics::pair_params_with_args(db, params, p.args(db));
            for tp in params.iter() {
                let Some(&(_, param_arg)) = param_subst.iter().find(|(q, _)| q == tp) else {
                    continue;
                };
                let from_arg = arg_subst.iter().find(|(q, _)| q == tp).map(|(_, t)| *t);
                match (param_arg, from_arg) {
                    // A literal type argument of a class instance was
                    // written on purpose (`Matrix[Literal[3], Literal[7]]`):
                    // it is kept (a tuple's inferred literals are not).
                    (Type::TypeVar(tv), Some(a))
                        if tv.kind(db) == gradus_types::TypeVarKind::TypeVar
                            && matches!(arg, Type::Instance(_)) =>
                    {
                        solution.entry(tv).or_default().push(a)
                    }
                    (_, Some(a)) => solve_into(db, param_arg, a, solution, depth + 1),
                    (_, None) => {}
                }
            }
        }
        (Type::Tuple(p), Type::Tuple(a))
            if p.is_fixed(db)
                && p.elements(db).iter().any(|e| {
                    matches!(e, Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::TypeVarTuple)
                }) =>
        {
            // `tuple[int, *Ts]` against `tuple[int, str, bytes]`: the
            // elements around `*Ts` pair up, `Ts` takes the middle.
            let pe = p.elements(db);
            let k = pe
                .iter()
                .position(|e| matches!(e, Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::TypeVarTuple))
                .unwrap_or(0);
            let suffix = pe.len() - k - 1;
            // The argument's own prefix and suffix (all of it when fixed)
            // must cover the elements around `*Ts`.
            let (ap, asuf) = (a.prefix(db), a.suffix(db));
            if ap.len() < k || asuf.len() < suffix || (a.is_fixed(db) && ap.len() < k + suffix) {
                return;
            }
            let ae = a.elements(db);
            for (&x, &y) in pe[..k].iter().zip(ae) {
                solve_into(db, x, y, solution, depth + 1);
            }
            for (&x, &y) in pe[k + 1..].iter().zip(&ae[ae.len() - suffix..]) {
                solve_into(db, x, y, solution, depth + 1);
            }
            if let Type::TypeVar(tv) = pe[k] {
                let middle: Vec<Type<'db>> = ae[k..ae.len() - suffix]
                    .iter()
                    .map(|&t| widen_literal(db, t))
                    .collect();
                // `Ts` takes the middle, with the argument's unbounded part.
                let variadic = a.variadic(db).map(|i| i - k);
                solution.entry(tv).or_default().push(Type::Tuple(
                    gradus_types::TupleType::new(db, middle, variadic),
                ));
            }
        }
        (Type::Tuple(p), Type::Tuple(a)) => {
            let ae = a.elements(db);
            if let Some(pv) = p.variadic_element(db) {
                // The prefix and suffix pair up where both sides have
                // them; everything else meets the unbounded part.
                let (pp, ps) = (p.prefix(db), p.suffix(db));
                let (front, back) = if a.is_fixed(db) {
                    if ae.len() < pp.len() + ps.len() {
                        return;
                    }
                    (pp.len(), ps.len())
                } else {
                    (
                        pp.len().min(a.prefix(db).len()),
                        ps.len().min(a.suffix(db).len()),
                    )
                };
                for (&x, &y) in pp.iter().zip(&ae[..front]) {
                    solve_into(db, x, y, solution, depth + 1);
                }
                for (&x, &y) in ps[ps.len() - back..].iter().zip(&ae[ae.len() - back..]) {
                    solve_into(db, x, y, solution, depth + 1);
                }
                for &y in &ae[front..ae.len() - back] {
                    solve_into(db, pv, y, solution, depth + 1);
                }
            } else if a.is_fixed(db) && p.elements(db).len() == ae.len() {
                for (&x, &y) in p.elements(db).iter().zip(ae) {
                    solve_into(db, x, y, solution, depth + 1);
                }
            }
        }
        // A class object solves like its constructor's signature (of an
        // overloaded one, the first that fits the target's shape), else
        // like a gradual `(...) -> Unknown`.
        (Type::Callable(_), Type::ClassObject(c)) => {
            let value = super::constructor::solving_signature(db, c, param)
                .unwrap_or_else(|| Signature::gradual(Type::UNKNOWN));
            let value = Type::Callable(gradus_types::CallableType::new(db, value));
            solve_into(db, param, value, solution, depth + 1);
        }
        (Type::Callable(p), Type::Callable(_) | Type::Function(_) | Type::BoundMethod(_)) => {
            let Some(arg_sig) =
                crate::protocol::bound_signatures(db, arg).and_then(|sigs| sigs.into_iter().next())
            else {
                return;
            };
            let ret = arg_sig.return_type;
            let param_sig = p.signature(db);
            solve_into(db, param_sig.return_type, ret, solution, depth + 1);
            // Parameters: the prefix pairs up by position; a ParamSpec tail
            // takes the rest of the argument's parameter list.
            let tail = param_sig.param_spec_tail(db);
            let prefix_len = param_sig.parameters.len() - if tail.is_some() { 2 } else { 0 };
            if !arg_sig.gradual {
                for (pp, ap) in param_sig.parameters[..prefix_len]
                    .iter()
                    .take_while(|p| p.kind != ParameterKind::VarPositional)
                    .zip(arg_sig.parameters.iter())
                {
                    if matches!(
                        (pp.kind, ap.kind),
                        (
                            ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword,
                            ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
                        )
                    ) && !ap.ty.is_dynamic()
                    {
                        solve_into(db, pp.ty, ap.ty, solution, depth + 1);
                    }
                }
            }
            // `Callable[[int, *Ts], R]`: `Ts` takes the argument's
            // remaining positional parameters.
            if let Some(v) = param_sig.parameters.iter().position(|p| {
                p.kind == ParameterKind::VarPositional
                    && matches!(p.ty, Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::TypeVarTuple)
            }) {
                if let (Type::TypeVar(tv), false) = (param_sig.parameters[v].ty, arg_sig.gradual) {
                    let positional = |p: &&gradus_types::Parameter<'db>| {
                        matches!(
                            p.kind,
                            ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
                        )
                    };
                    // Parameters after `*Ts` pair with the argument's last ones.
                    let suffix: Vec<Type<'db>> = param_sig.parameters[v + 1..]
                        .iter()
                        .filter(positional)
                        .map(|p| p.ty)
                        .collect();
                    let rest: Vec<Type<'db>> = arg_sig
                        .parameters
                        .iter()
                        .skip(v)
                        .filter(positional)
                        .map(|p| p.ty)
                        .collect();
                    if rest.len() >= suffix.len() {
                        let split = rest.len() - suffix.len();
                        for (&x, &y) in suffix.iter().zip(&rest[split..]) {
                            solve_into(db, x, y, solution, depth + 1);
                        }
                        solution.entry(tv).or_default().push(Type::Tuple(
                            gradus_types::TupleType::fixed(db, rest[..split].to_vec()),
                        ));
                    }
                }
            }
            if let Some(tv) = tail {
                let value = if arg_sig.gradual {
                    Signature::gradual(Type::UNKNOWN)
                } else {
                    Signature {
                        parameters: arg_sig
                            .parameters
                            .iter()
                            .skip(prefix_len)
                            .cloned()
                            .collect(),
                        return_type: Type::UNKNOWN,
                        gradual: false,
                    }
                };
                solution
                    .entry(tv)
                    .or_default()
                    .push(Type::Callable(gradus_types::CallableType::new(db, value)));
            }
        }
        _ => {}
    }
}

impl<'db> ExprInferrer<'db> {
    /// Infers a call expression.
    pub fn call_type(&mut self, call: &ast::ExprCall, expected: Option<Type<'db>>) -> Type<'db> {
        crate::abstract_class::check_super_call(self, call);
        crate::protocol::check_isinstance_call(self, call);
        // `reveal_type(x)` needs no import and reports the type.
        if let Expr::Name(n) = call.func.as_ref() {
            if n.id.as_str() == "reveal_type" && call.args.len() == 1 {
                self.infer_expr(&call.func);
                let ty = self.infer_expr(&call.args[0]);
                let shown = self.display(ty);
                self.report(
                    call.range,
                    REVEALED_TYPE.code,
                    format!("Revealed type: `{shown}`"),
                );
                return ty;
            }
        }
        let callee = self.infer_expr(&call.func);
        if callee.is_dynamic() {
            self.check_union_alias_call(call);
        }
        let mut args: Vec<Arg<'db, '_>> = Vec::new();
        for a in &call.args {
            match a {
                Expr::Starred(s) => {
                    let ty = self.infer_expr(&s.value);
                    args.push(Arg {
                        kind: ArgKind::Star,
                        ty,
                        range: a.range(),
                        expr: None,
                    });
                }
                other => {
                    let ty = self.infer_expr(other);
                    args.push(Arg {
                        kind: ArgKind::Positional,
                        ty,
                        range: other.range(),
                        expr: context_sensitive(other).then_some(other),
                    });
                }
            }
        }
        for k in &call.keywords {
            let ty = self.infer_expr(&k.value);
            // `**td` passes the typed dict's items as keywords.
            if k.arg.is_none() {
                if let Some(items) = crate::typeddict::ops::double_star_keywords(self.db, ty) {
                    for (name, ty) in items {
                        args.push(Arg {
                            kind: ArgKind::Keyword(name),
                            ty,
                            range: k.range,
                            expr: None,
                        });
                    }
                    continue;
                }
            }
            let kind = match &k.arg {
                Some(name) => ArgKind::Keyword(name.to_string()),
                None => ArgKind::DoubleStar,
            };
            args.push(Arg {
                kind,
                ty,
                range: k.range,
                expr: context_sensitive(&k.value).then_some(&k.value),
            });
        }
        if let Some(special) = self.special_call(callee, call, &args) {
            return special;
        }
        // `x: Box[float] = Box(1)`: the declared type's arguments are tried
        // first for a generic class.
        if let (Type::ClassObject(class), Some(expected)) = (callee, expected) {
            let db = self.db;
            // With a union context, its member of the same class is tried.
            let candidates: Vec<ClassType<'db>> = expected
                .union_elements(db)
                .into_iter()
                .filter_map(|e| match e {
                    Type::Instance(c)
                        if !c.args(db).is_empty() && c.class(db) == class.class(db) =>
                    {
                        Some(c)
                    }
                    _ => None,
                })
                .collect();
            if class.args(db).is_empty() {
                for expected in candidates {
                    if let Some(t) = self.construct(expected, &args, call.range, true) {
                        return t;
                    }
                }
            }
        }
        self.call(callee, &args, call.range, false)
            .unwrap_or(Type::UNKNOWN)
    }

    /// Calls with already-inferred positional arguments (operators,
    /// `__getitem__`, iteration). `quiet`: report nothing, `None` when the
    /// call does not bind.
    pub fn call_with_types(
        &mut self,
        callee: Type<'db>,
        arg_types: &[Type<'db>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let args: Vec<Arg<'db, '_>> = arg_types
            .iter()
            .map(|&ty| Arg {
                kind: ArgKind::Positional,
                ty,
                range,
                expr: None,
            })
            .collect();
        self.call(callee, &args, range, quiet)
    }

    /// Calls `callee`; `None` when `quiet` and the call fails.
    pub fn call(
        &mut self,
        callee: Type<'db>,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let db = self.db;
        match callee {
            Type::Dynamic(_) => Some(callee),
            Type::Never => Some(Type::Never),
            Type::Function(f) => self.call_function(f, None, &Vec::new(), args, range, quiet),
            Type::BoundMethod(m) => {
                let function = m.function(db);
                let receiver = m.receiver(db);
                let subst = receiver_substitution(db, receiver);
                self.call_function(function, Some(receiver), &subst, args, range, quiet)
            }
            Type::Callable(c) => {
                let sig = c.signature(db).clone();
                self.call_signatures(&[sig], "callable", args, range, quiet)
            }
            Type::ClassObject(class) | Type::SubclassOf(class)
                if crate::typeddict::is_typeddict(db, class.class(db)) =>
            {
                self.construct_typeddict(class, args, range, quiet)
            }
            Type::ClassObject(class) => {
                if !quiet {
                    self.check_instantiable(class, range);
                }
                self.construct(class, args, range, quiet)
            }
            // `type[C]` may hold a concrete subclass of an abstract `C`.
            Type::SubclassOf(class) => self.construct(class, args, range, quiet),
            // `cls(...)` for `cls: type[T]` makes a `T`.
            Type::SubclassOfTypeVar(tv) => {
                // An unbounded `T` constructs like `object`.
                let bound = match tv.bound(db) {
                    None if tv.constraints(db).is_empty()
                        && tv.kind(db) == gradus_types::TypeVarKind::TypeVar =>
                    {
                        crate::semantic::known_instance(db, KnownClass::Object)
                    }
                    bound => bound.unwrap_or(Type::UNKNOWN),
                };
                if let Type::Instance(class) = bound {
                    self.construct(class, args, range, quiet)?;
                }
                Some(Type::TypeVar(tv))
            }
            Type::Union(u) => {
                // `None` members are skipped, as in attribute access, until
                // attribute chains are narrowed.
                let elements = u.elements(db).clone();
                let mut results = Vec::new();
                for e in elements.into_iter().filter(|e| !e.is_none()) {
                    results.push(self.call(e, args, range, quiet)?);
                }
                Some(gradus_types::union(db, results))
            }
            Type::Instance(_) | Type::TypeVar(_) => match self.member(callee, "__call__") {
                Some(call) if !matches!(call, Type::Instance(_)) => {
                    self.call(call, args, range, quiet)
                }
                _ => {
                    if !quiet {
                        let shown = self.display(callee);
                        self.report(
                            range,
                            NOT_CALLABLE.code,
                            format!("Object of type `{shown}` is not callable"),
                        );
                    }
                    if quiet {
                        None
                    } else {
                        Some(Type::UNKNOWN)
                    }
                }
            },
            // `Annotated[int, ""]()`: no class to instantiate.
            Type::SpecialForm(SpecialForm::Annotated) if !quiet => {
                crate::qualifiers::report_annotated_call(self, range);
                Some(Type::UNKNOWN)
            }
            Type::SpecialForm(_) => Some(Type::UNKNOWN),
            _ => {
                if !quiet {
                    let shown = self.display(callee);
                    self.report(
                        range,
                        NOT_CALLABLE.code,
                        format!("Object of type `{shown}` is not callable"),
                    );
                    return Some(Type::UNKNOWN);
                }
                None
            }
        }
    }

    fn call_function(
        &mut self,
        function: FunctionLiteral<'db>,
        receiver: Option<Type<'db>>,
        subst: &Substitution<'db>,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let db = self.db;
        let bind = |sig: &Signature<'db>| -> Signature<'db> {
            let sig = match (receiver, function.method_kind(db)) {
                (Some(r), MethodKind::Plain | MethodKind::Class) => {
                    super::generics::bind_receiver(db, sig, r, true)
                }
                _ => sig.clone(),
            };
            match receiver {
                Some(receiver) => {
                    let mut subst = subst.clone();
                    super::generics::add_self_substitution(
                        db,
                        &mut subst,
                        super::generics::signature_types(&sig),
                        receiver,
                    );
                    substitute_signature(db, &sig, &subst, 0)
                }
                None => substitute_signature(db, &sig, subst, 0),
            }
        };
        let signatures: Vec<Signature<'db>> = if function.overloads(db).is_empty() {
            vec![bind(&super::returns::call_signature(db, function))]
        } else {
            function.overloads(db).iter().map(bind).collect()
        };
        let name = function.name(db).clone();
        self.call_signatures(&signatures, &name, args, range, quiet)
    }

    /// Calls a function with one or more signatures. One signature is
    /// checked as it is; overloads follow the typing spec's algorithm:
    /// the overloads whose arity and types accept the arguments
    /// ([`Self::best_overload`]), else the same after expanding argument
    /// types (`A | B`, `bool`, enums, tuples of those) into their members
    /// ([`Self::match_overloads`]). When nothing matches, the message says
    /// why each overload was rejected.
    pub(crate) fn call_signatures(
        &mut self,
        signatures: &[Signature<'db>],
        name: &str,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let db = self.db;
        if signatures.len() == 1 {
            return self.check_signature(&signatures[0], args, range, quiet);
        }
        let mut budget = MAX_OVERLOAD_EXPANSIONS;
        if let Some(ret) = self.match_overloads(signatures, args, range, 0, &mut budget) {
            return Some(ret);
        }
        if args.iter().any(|a| a.ty.contains_dynamic(db)) {
            return Some(Type::UNKNOWN);
        }
        if quiet {
            return None;
        }
        let shown: Vec<String> = args.iter().map(|a| self.display(a.ty)).collect();
        // Why each overload rejects the call: its first error, as a plain
        // call of that overload would report it.
        let mut reasons = Vec::new();
        for (i, sig) in signatures.iter().enumerate().take(MAX_REJECTION_REASONS) {
            let saved = std::mem::take(&mut self.diagnostics);
            self.check_signature(sig, args, range, false);
            let produced = std::mem::replace(&mut self.diagnostics, saved);
            let callable = Type::Callable(gradus_types::CallableType::new(db, sig.clone()));
            let why = produced
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_else(|| "does not match".to_owned());
            reasons.push(format!(
                "overload {} `{}`: {why}",
                i + 1,
                self.display(callable)
            ));
        }
        if signatures.len() > MAX_REJECTION_REASONS {
            reasons.push(format!(
                "and {} more",
                signatures.len() - MAX_REJECTION_REASONS
            ));
        }
        self.report(
            range,
            NO_MATCHING_OVERLOAD.code,
            format!(
                "No overload of `{name}` matches arguments of types ({}): {}",
                shown.join(", "),
                reasons.join("; ")
            ),
        );
        Some(Type::UNKNOWN)
    }

    /// The overload evaluation of one argument list, then, when no
    /// overload accepts it, of the lists that expanding one argument type
    /// (left to right) gives: the union of their results when every
    /// expanded list matches. Bounded by `budget` evaluations.
    fn match_overloads(
        &mut self,
        signatures: &[Signature<'db>],
        args: &[Arg<'db, '_>],
        range: TextRange,
        from: usize,
        budget: &mut usize,
    ) -> Option<Type<'db>> {
        if let Some(ret) = self.best_overload(signatures, args, range) {
            return Some(ret);
        }
        let db = self.db;
        for index in from..args.len() {
            if !matches!(args[index].kind, ArgKind::Positional | ArgKind::Keyword(_)) {
                continue;
            }
            let Some(members) = expand_argument_type(db, args[index].ty, 0) else {
                continue;
            };
            let mut results = Vec::with_capacity(members.len());
            for member in members {
                if *budget == 0 {
                    return None;
                }
                *budget -= 1;
                let mut expanded: Vec<Arg<'db, '_>> = args.to_vec();
                expanded[index].ty = member;
                expanded[index].expr = None;
                // The member itself may expand further (a tuple's next
                // element), then the arguments after it.
                results.push(self.match_overloads(signatures, &expanded, range, index, budget)?);
            }
            return Some(gradus_types::union(db, results));
        }
        None
    }

    /// Steps 2, 4 and 5 of the spec's overload evaluation for one argument
    /// list: the overloads that accept it; with several, those with a
    /// variadic parameter for an unpacked argument (`*xs`, `**kw`); then
    /// the first whose parameters accept every materialization of the
    /// arguments that mention `Any` ends the candidates, and their results
    /// must agree (else the call is `Any`: the `Any` argument makes the
    /// overload ambiguous).
    fn best_overload(
        &mut self,
        signatures: &[Signature<'db>],
        args: &[Arg<'db, '_>],
        range: TextRange,
    ) -> Option<Type<'db>> {
        let db = self.db;
        let gradual = args.iter().any(|a| mentions_dynamic(db, a.ty, 0));
        let unpacked = args
            .iter()
            .any(|a| matches!(a.kind, ArgKind::Star | ArgKind::DoubleStar));
        if !gradual && !unpacked {
            return signatures
                .iter()
                .find_map(|sig| self.check_signature(sig, args, range, true));
        }
        let mut matches: Vec<(usize, Type<'db>)> = Vec::new();
        for (i, sig) in signatures.iter().enumerate() {
            if let Some(ret) = self.check_signature(sig, args, range, true) {
                matches.push((i, ret));
            }
        }
        if matches.len() <= 1 {
            return matches.first().map(|&(_, ret)| ret);
        }
        if unpacked {
            let variadic: Vec<(usize, Type<'db>)> = matches
                .iter()
                .copied()
                .filter(|&(i, _)| takes_unpacked(&signatures[i], args))
                .collect();
            if !variadic.is_empty() {
                matches = variadic;
            }
        }
        let first = matches[0].1;
        if !gradual {
            return Some(first);
        }
        let mut candidates = Vec::new();
        for &(i, ret) in &matches {
            candidates.push(ret);
            if accepts_materializations(db, &signatures[i], args, range) {
                break;
            }
        }
        if candidates
            .iter()
            .all(|&r| crate::relation::is_equivalent(db, r, first))
        {
            Some(first)
        } else {
            Some(Type::ANY)
        }
    }

    /// Binds and type-checks `args` against `sig`; the return type, or
    /// `None` when `quiet` and the call does not type-check.
    pub(crate) fn check_signature(
        &mut self,
        sig: &Signature<'db>,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let db = self.db;
        if let Some(p) = sig.param_spec_tail(db) {
            if let Some(result) = self.check_param_spec_call(sig, p, args, range, quiet) {
                return result;
            }
        }
        let binding = match bind_arguments(sig, args, range) {
            Ok(b) => b,
            Err(err) => {
                if quiet {
                    return None;
                }
                self.report(err.range, err.code, err.message);
                return Some(self.erase_unscoped(sig.return_type, range));
            }
        };
        let mut solution: FxHashMap<TypeVarType<'db>, Vec<Type<'db>>> = FxHashMap::default();
        let mut arg_types: Vec<Type<'db>> = args.iter().map(|a| a.ty).collect();
        let variadic = solve_variadic(db, sig, args, &binding, &mut solution);
        // First the arguments whose type does not depend on context ...
        for (i, arg) in args.iter().enumerate() {
            let Some(p) = binding[i] else { continue };
            if Some(p) == variadic {
                continue;
            }
            // Arguments for `*args: P.args` are checked once `P` is known.
            if matches!(sig.parameters[p].ty, Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::ParamSpec)
            {
                continue;
            }
            let param_ty = sig.parameters[p].ty;
            if arg.expr.is_none() || param_ty.is_dynamic() {
                solve_into(db, param_ty, arg.ty, &mut solution, 0);
            }
        }
        // ... then context-sensitive ones (displays, then lambdas, whose
        // parameters come from what the others solved), re-inferred with
        // the parameter type as far as it is solved.
        let mut order: Vec<usize> = (0..args.len()).collect();
        order.sort_by_key(|&i| matches!(args[i].expr, Some(Expr::Lambda(_))));
        for i in order {
            let arg = &args[i];
            let (Some(p), Some(expr)) = (binding[i], arg.expr) else {
                continue;
            };
            if Some(p) == variadic {
                continue;
            }
            let param_ty = sig.parameters[p].ty;
            if param_ty.is_dynamic() {
                continue;
            }
            let partial: Substitution<'db> = solution
                .iter()
                .map(|(tv, types)| (*tv, gradus_types::union(db, types.iter().copied())))
                .collect();
            let solved_context = substitute(db, param_ty, &partial);
            let context = self.erase_unscoped(solved_context, range);
            // A context with unsolved variables would only hide the
            // argument's own type: solve from that instead.
            let ty = if context.is_dynamic() || context != solved_context {
                arg.ty
            } else {
                let saved = std::mem::take(&mut self.diagnostics);
                let t = self.infer_expr_with_context(expr, Some(context));
                self.diagnostics = saved;
                t
            };
            solve_into(db, param_ty, ty, &mut solution, 0);
            arg_types[i] = ty;
        }
        // A ParamSpec solved from a callable argument: the call's other
        // arguments are checked against the parameters it stands for.
        if let Some(p) = sig.param_spec_tail(db) {
            if let Some(types) = solution.get(&p) {
                if let [value @ Type::Callable(_)] = types.as_slice() {
                    let spliced = substitute_signature(db, sig, &vec![(p, *value)], 0);
                    if spliced.param_spec_tail(db).is_none() && !spliced.gradual {
                        return self.check_signature(&spliced, args, range, quiet);
                    }
                }
            }
        }
        let mut subst: Substitution<'db> = Vec::with_capacity(solution.len());
        let mut constraint_violations: Vec<(TypeVarType<'db>, Type<'db>)> = Vec::new();
        for (tv, mut types) in solution {
            // A TypeVarTuple is one sequence of types: different candidates
            // (`Callable[[*Ts], None]` and `tuple[*Ts]` disagreeing) fail.
            if tv.kind(db) == gradus_types::TypeVarKind::TypeVarTuple {
                types.dedup();
                let distinct: Vec<Type<'db>> = types
                    .iter()
                    .copied()
                    .filter(|t| !t.contains_dynamic(db))
                    .collect();
                let fixed = |t: Type<'db>| match t {
                    Type::Tuple(tt) if tt.is_fixed(db) => Some(tt.elements(db).clone()),
                    _ => None,
                };
                // Candidates of one length join element by element
                // (`tuple[int]` and `tuple[str]` give `tuple[int | str]`);
                // different lengths cannot be reconciled.
                let lengths: Vec<Option<usize>> = distinct
                    .iter()
                    .map(|&t| fixed(t).map(|e| e.len()))
                    .collect();
                if lengths.iter().all(|l| l.is_some()) && lengths.windows(2).all(|w| w[0] == w[1]) {
                    if let Some(n) = lengths.first().copied().flatten() {
                        let joined: Vec<Type<'db>> = (0..n)
                            .map(|i| {
                                gradus_types::union(
                                    db,
                                    distinct.iter().filter_map(|&t| fixed(t).map(|e| e[i])),
                                )
                            })
                            .collect();
                        subst.push((tv, Type::Tuple(gradus_types::TupleType::fixed(db, joined))));
                        continue;
                    }
                }
                if lengths
                    .windows(2)
                    .any(|w| w[0].is_some() && w[1].is_some() && w[0] != w[1])
                {
                    if quiet {
                        return None;
                    }
                    let shown: Vec<String> = distinct.iter().map(|&t| self.display(t)).collect();
                    let name = tv.name(db).clone();
                    self.report(
                        range,
                        INVALID_ARGUMENT_TYPE.code,
                        format!(
                            "The arguments give type variable tuple `{name}` incompatible values: {}",
                            shown.join(", ")
                        ),
                    );
                    return Some(self.erase_unscoped(sig.return_type, range));
                }
                subst.push((tv, types.first().copied().unwrap_or(Type::UNKNOWN)));
                continue;
            }
            let solved = gradus_types::union(db, types);
            // A constrained variable takes the first constraint the solution
            // fits, not the solution itself (`AnyStr` with a `str` subclass
            // is `str`).
            let constraints = tv.constraints(db);
            // A caller's own constrained variable passes through as itself.
            let passes_through = matches!(solved, Type::TypeVar(_))
                && is_assignable(
                    db,
                    solved,
                    gradus_types::union(db, constraints.iter().copied()),
                );
            if constraints.is_empty() || solved.is_dynamic() || passes_through {
                subst.push((tv, solved));
            } else if let Some(&c) = constraints.iter().find(|&&c| is_assignable(db, solved, c)) {
                subst.push((tv, c));
            } else {
                constraint_violations.push((tv, solved));
                subst.push((tv, Type::UNKNOWN));
            }
        }
        if let Some((tv, solved)) = constraint_violations.first() {
            if quiet {
                return None;
            }
            let shown = self.display(*solved);
            let name = tv.name(db).clone();
            self.report(
                range,
                INVALID_ARGUMENT_TYPE.code,
                format!(
                    "Argument types `{shown}` do not satisfy any constraint of type variable `{name}`"
                ),
            );
            return Some(self.erase_unscoped(substitute(db, sig.return_type, &subst), range));
        }
        // A solution outside the type variable's bound is an error; the
        // bound stands in for it afterwards.
        let mut violations: Vec<(TypeVarType<'db>, Type<'db>, Type<'db>)> = Vec::new();
        for (tv, ty) in subst.iter() {
            if tv.kind(db) == gradus_types::TypeVarKind::SelfType {
                continue;
            }
            if let Some(bound) = tv.bound(db) {
                if !is_assignable(db, *ty, bound) {
                    violations.push((*tv, *ty, bound));
                }
            }
        }
        let mut reported_bound = false;
        for (tv, ty, bound) in violations {
            if quiet {
                return None;
            }
            let (t, b) = (self.display(ty), self.display(bound));
            let name = tv.name(db).clone();
            self.report(
                range,
                INVALID_ARGUMENT_TYPE.code,
                format!(
                    "Argument type `{t}` does not satisfy the upper bound `{b}` of type variable `{name}`"
                ),
            );
            for entry in subst.iter_mut().filter(|(v, _)| *v == tv) {
                entry.1 = bound;
            }
            reported_bound = true;
        }
        if reported_bound {
            return Some(self.erase_unscoped(substitute(db, sig.return_type, &subst), range));
        }
        for (i, arg) in args.iter().enumerate() {
            let Some(p) = binding[i] else { continue };
            let param = &sig.parameters[p];
            let expected = substitute(db, param.ty, &subst);
            let expected = self.erase_unscoped(expected, range);
            let actual = arg_types[i];
            if matches!(arg.kind, ArgKind::Star | ArgKind::DoubleStar) || Some(p) == variadic {
                continue;
            }
            if !is_assignable(db, actual, expected) {
                if quiet {
                    return None;
                }
                let name = param.name.as_deref().unwrap_or("_");
                let (a, e) = (self.display(actual), self.display(expected));
                let reason = crate::relation::mismatch_reason(db, actual, expected)
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                self.report(
                    arg.range,
                    INVALID_ARGUMENT_TYPE.code,
                    format!("Argument of type `{a}` is not assignable to parameter `{name}` of type `{e}`{reason}"),
                );
            }
        }
        // `**mapping` fills the keyword-only parameters no other argument
        // does: its values must fit them.
        for arg in args.iter().filter(|a| a.kind == ArgKind::DoubleStar) {
            let value = match arg.ty {
                Type::Instance(c) if c.is_known(db, KnownClass::Dict) && c.args(db).len() == 2 => {
                    c.args(db)[1]
                }
                _ => continue,
            };
            if contains_unknown(db, value, 0) {
                continue;
            }
            let mismatch = sig.parameters.iter().enumerate().find(|&(p, param)| {
                param.kind == ParameterKind::KeywordOnly
                    && !binding.contains(&Some(p))
                    && !is_assignable(db, value, substitute(db, param.ty, &subst))
            });
            if let Some((_, param)) = mismatch {
                if quiet {
                    return None;
                }
                let name = param.name.as_deref().unwrap_or("_");
                let (a, e) = (self.display(arg.ty), self.display(param.ty));
                self.report(
                    arg.range,
                    INVALID_ARGUMENT_TYPE.code,
                    format!("Argument of type `{a}` unpacked with `**` is not assignable to parameter `{name}` of type `{e}`"),
                );
            }
        }
        Some(self.erase_unscoped(substitute(db, sig.return_type, &subst), range))
    }

    /// A call of `(x: int, *args: P.args, **kwargs: P.kwargs)` where `P` is
    /// bound around the call (inside a decorator's wrapper): the arguments
    /// must be the prefix's, then `*args` and `**kwargs` of that `P`.
    /// `None` when `P` is not in scope (it is solved like any variable).
    fn check_param_spec_call(
        &mut self,
        sig: &Signature<'db>,
        p: TypeVarType<'db>,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Option<Type<'db>>> {
        let db = self.db;
        let forwards = args
            .iter()
            .any(|a| matches!(a.kind, ArgKind::Star | ArgKind::DoubleStar));
        if !forwards || !self.type_vars_in_scope(range.start()).contains(&p) {
            return None;
        }
        let is_args = |t: Type<'db>| {
            matches!(t, Type::Tuple(tt) if tt.is_homogeneous(db)
                && matches!(tt.elements(db).as_slice(), [Type::TypeVar(q)] if *q == p))
        };
        let is_kwargs = |t: Type<'db>| {
            matches!(t, Type::Instance(c) if c.is_known(db, KnownClass::Dict)
                && matches!(c.args(db).as_slice(), [_, Type::TypeVar(q)] if *q == p))
        };
        let star: Vec<usize> = (0..args.len())
            .filter(|&i| args[i].kind == ArgKind::Star)
            .collect();
        let double: Vec<usize> = (0..args.len())
            .filter(|&i| args[i].kind == ArgKind::DoubleStar)
            .collect();
        let valid = matches!((star.as_slice(), double.as_slice()), ([s], [d])
                if is_args(args[*s].ty) && is_kwargs(args[*d].ty))
            && !args.iter().any(|a| matches!(a.kind, ArgKind::Keyword(_)))
            && args.iter().enumerate().all(|(i, a)| {
                a.kind != ArgKind::Positional || star.first().is_some_and(|&s| i < s)
            });
        let ret = self.erase_unscoped(sig.return_type, range);
        if !valid {
            if quiet {
                return Some(None);
            }
            let name = p.name(db).clone();
            self.report(
                range,
                INVALID_ARGUMENT_TYPE.code,
                format!("Arguments for ParamSpec `{name}` must be passed as `*args: {name}.args, **kwargs: {name}.kwargs` after the other positional arguments"),
            );
            return Some(Some(ret));
        }
        // The arguments before `*args` fill the parameters before `P`.
        let prefix = Signature {
            parameters: sig.parameters[..sig.parameters.len() - 2].to_vec(),
            return_type: sig.return_type,
            gradual: false,
        };
        let positional: Vec<Arg<'db, '_>> = args
            .iter()
            .filter(|a| a.kind == ArgKind::Positional)
            .cloned()
            .collect();
        Some(self.check_signature(&prefix, &positional, range, quiet))
    }

    /// Reports instantiating a protocol or a class with abstract members.
    fn check_instantiable(&mut self, class: ClassType<'db>, range: TextRange) {
        let db = self.db;
        let literal = class.class(db);
        let name = literal.name(db).clone();
        if crate::abstract_class::is_protocol_class(db, literal) {
            self.report(
                range,
                crate::rules::INSTANTIATE_ABSTRACT_CLASS.code,
                format!("Cannot instantiate protocol class `{name}`"),
            );
            return;
        }
        let members = crate::abstract_class::abstract_members(db, literal);
        if let Some(first) = members.first() {
            let more = match members.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self.report(
                range,
                crate::rules::INSTANTIATE_ABSTRACT_CLASS.code,
                format!(
                    "Cannot instantiate abstract class `{name}`: `{first}`{more} is not implemented"
                ),
            );
        }
    }

    /// Calls that need more than a signature: `TypeVar(...)`, `cast`,
    /// `assert_type`, `NewType`.
    fn special_call(
        &mut self,
        callee: Type<'db>,
        call: &ast::ExprCall,
        args: &[Arg<'db, '_>],
    ) -> Option<Type<'db>> {
        let db = self.db;
        if let Some(ty) = self.typeddict_special_call(callee, call, args) {
            return Some(ty);
        }
        match callee {
            Type::ClassObject(class) => {
                let name = class.name(db);
                let module =
                    gradus_resolve::file_to_module(db, class.class(db).file(db)).map(|m| m.name);
                let typing = matches!(module.as_deref(), Some("typing" | "typing_extensions"));
                if module.as_deref() == Some("builtins") && name == "super" && call.args.is_empty()
                {
                    return Some(self.zero_argument_super(call.range.start()));
                }
                // `type(x)`: the class of `x`.
                if module.as_deref() == Some("builtins")
                    && name == "type"
                    && args.len() == 1
                    && call.keywords.is_empty()
                    && !matches!(call.args[0], Expr::Starred(_))
                {
                    let instance = args[0].ty;
                    let class = match instance {
                        Type::Instance(c) => Some(c),
                        Type::EnumLiteral(e) => Some(e.class(db)),
                        Type::None => crate::semantic::known_class(db, KnownClass::NoneType),
                        Type::IntLiteral(_) => crate::semantic::known_class(db, KnownClass::Int),
                        Type::BoolLiteral(_) => crate::semantic::known_class(db, KnownClass::Bool),
                        Type::StrLiteral(_) | Type::LiteralString => {
                            crate::semantic::known_class(db, KnownClass::Str)
                        }
                        Type::BytesLiteral(_) => {
                            crate::semantic::known_class(db, KnownClass::Bytes)
                        }
                        _ => None,
                    };
                    return Some(class.map(Type::SubclassOf).unwrap_or(Type::UNKNOWN));
                }
                if typing && matches!(name, "TypeVar" | "ParamSpec" | "TypeVarTuple") {
                    let kind = match name {
                        "ParamSpec" => gradus_types::TypeVarKind::ParamSpec,
                        "TypeVarTuple" => gradus_types::TypeVarKind::TypeVarTuple,
                        _ => gradus_types::TypeVarKind::TypeVar,
                    };
                    return Some(self.type_var_call(call, kind));
                }
                if typing && name == "TypeAliasType" {
                    return Some(super::alias::type_alias_object(db));
                }
                if typing && name == "NewType" {
                    return Some(self.newtype_call(call));
                }
                if typing && name == "NamedTuple" {
                    return Some(
                        self.current_definition
                            .and_then(|d| {
                                crate::typeddict::functional_class(db, self.file, d, call)
                            })
                            .filter(|c| crate::namedtuple::is_functional(db, *c))
                            .map(|c| Type::ClassObject(ClassType::new(db, c, Vec::new())))
                            .unwrap_or(Type::TODO),
                    );
                }
                if typing && name == "TypedDict" {
                    return Some(Type::TODO);
                }
                // `Color = Enum("Color", "RED GREEN")` makes a class.
                if call.args.len() >= 2 && crate::class::is_enum_class(db, class.class(db)) {
                    if let Some(made) = self
                        .current_definition
                        .and_then(|d| crate::typeddict::functional_class(db, self.file, d, call))
                        .filter(|c| crate::enums::is_functional(db, *c))
                    {
                        return Some(Type::ClassObject(ClassType::new(db, made, Vec::new())));
                    }
                }
                if let Some(result) = self.newtype_construction(class, call, args) {
                    return Some(result);
                }
                None
            }
            Type::Function(f) => {
                // `dataclasses.replace(obj, field=value)`.
                let first = args.first().map(|a| a.ty);
                if let Some((signature, result)) = crate::dataclass::replace_signature(db, f, first)
                {
                    self.call_signatures(&[signature], "replace", args, call.range, false);
                    return Some(result);
                }
                let module = gradus_resolve::file_to_module(db, f.file(db)).map(|m| m.name);
                // `P = namedtuple("P", "x y")` makes a class.
                if module.as_deref() == Some("collections") && f.name(db) == "namedtuple" {
                    return self
                        .current_definition
                        .and_then(|d| crate::typeddict::functional_class(db, self.file, d, call))
                        .filter(|c| crate::namedtuple::is_functional(db, *c))
                        .map(|c| Type::ClassObject(ClassType::new(db, c, Vec::new())));
                }
                if !matches!(module.as_deref(), Some("typing" | "typing_extensions")) {
                    return None;
                }
                match f.name(db).as_str() {
                    "cast" if call.args.len() == 2 && call.keywords.is_empty() => {
                        Some(self.annotation_type(&call.args[0]))
                    }
                    "assert_type" if call.args.len() == 2 => {
                        let actual = args[0].ty;
                        let asserted = self.annotation_type(&call.args[1]);
                        let unknown =
                            contains_unknown(db, actual, 0) || contains_unknown(db, asserted, 0);
                        let equivalent = crate::relation::is_equivalent(db, actual, asserted)
                            || (actual.is_dynamic() && asserted.is_dynamic());
                        if !equivalent && !unknown {
                            let (a, e) = (self.display(actual), self.display(asserted));
                            self.report(
                                call.range,
                                crate::rules::TYPE_ASSERTION_FAILURE.code,
                                format!("Type `{a}` does not match asserted type `{e}`"),
                            );
                        }
                        Some(actual)
                    }
                    "reveal_type" if call.args.len() == 1 => {
                        let ty = args[0].ty;
                        let shown = self.display(ty);
                        self.report(
                            call.range,
                            REVEALED_TYPE.code,
                            format!("Revealed type: `{shown}`"),
                        );
                        Some(ty)
                    }
                    _ => None,
                }
            }
            // `TD = TypedDict("TD", {...})` makes a class.
            Type::SpecialForm(SpecialForm::TypedDict) => Some(
                self.current_definition
                    .and_then(|d| crate::typeddict::functional_class(db, self.file, d, call))
                    .map(|c| Type::ClassObject(ClassType::new(db, c, Vec::new())))
                    .unwrap_or(Type::TODO),
            ),
            // `P = NamedTuple("P", [...])` makes a class.
            Type::SpecialForm(SpecialForm::NamedTuple) => Some(
                self.current_definition
                    .and_then(|d| crate::typeddict::functional_class(db, self.file, d, call))
                    .filter(|c| crate::namedtuple::is_functional(db, *c))
                    .map(|c| Type::ClassObject(ClassType::new(db, c, Vec::new())))
                    .unwrap_or(Type::TODO),
            ),
            _ => None,
        }
    }

    /// `super()` inside a method: an instance of the next class in the
    /// enclosing class's MRO (`Unknown` when that is `object`, where
    /// cooperative multiple inheritance decides at run time, or when the
    /// class is not known).
    fn zero_argument_super(&mut self, offset: gradus_syntax::TextSize) -> Type<'db> {
        let db = self.db;
        let index = self.index;
        let mut scope = crate::semantic::scope_at(db, self.file, offset);
        let class_scope = loop {
            let info = index.scope(scope);
            match info.kind {
                gradus_index::ScopeKind::Class => break scope,
                gradus_index::ScopeKind::Module => return Type::UNKNOWN,
                _ => match info.parent {
                    Some(parent) => scope = parent,
                    None => return Type::UNKNOWN,
                },
            }
        };
        let class_info = index.scope(class_scope);
        let Some(&def_id) =
            crate::firewall::definitions_by_statement(db, self.file).get(&class_info.node_range)
        else {
            return Type::UNKNOWN;
        };
        let Type::ClassObject(class) = crate::semantic::definition_type(db, self.file, def_id)
        else {
            return Type::UNKNOWN;
        };
        let mro = class_mro(db, class.class(db));
        match mro.classes.get(1) {
            Some(next) if next.known(db) != Some(KnownClass::Object) && !mro.has_dynamic => {
                Type::Instance(ClassType::new(db, *next, Vec::new()))
            }
            _ => Type::UNKNOWN,
        }
    }

    /// `ty` with the type variables that are not in scope at `range`
    /// replaced by `Unknown`: a call's unsolved variables must not escape,
    /// while those of the enclosing generic functions and classes (and
    /// `Self`) stay what they are.
    pub(crate) fn erase_unscoped(&mut self, ty: Type<'db>, range: TextRange) -> Type<'db> {
        let db = self.db;
        let vars = super::generics::type_vars_in(db, ty);
        if vars.is_empty() {
            return ty;
        }
        let in_scope = self.type_vars_in_scope(range.start());
        let subst: Substitution<'db> = vars
            .into_iter()
            .filter(|v| !in_scope.contains(v))
            .map(|v| (v, v.default(db).unwrap_or(Type::UNKNOWN)))
            .collect();
        substitute(db, ty, &subst)
    }

    /// The type variables bound at `offset`: those of the enclosing
    /// functions' signatures, the enclosing classes' parameters and `Self`.
    pub(crate) fn type_vars_in_scope(
        &mut self,
        offset: gradus_syntax::TextSize,
    ) -> Vec<TypeVarType<'db>> {
        let scope = crate::semantic::scope_at(self.db, self.file, offset);
        self.type_vars_bound_in(scope)
    }

    /// The type variables bound in `scope` and the scopes around it.
    pub(crate) fn type_vars_bound_in(
        &mut self,
        mut scope: gradus_index::ScopeId,
    ) -> Vec<TypeVarType<'db>> {
        let db = self.db;
        let by_statement = crate::firewall::definitions_by_statement(db, self.file);
        let mut out = Vec::new();
        for _ in 0..64 {
            let info = self.index.scope(scope);
            let definition = by_statement.get(&info.node_range).copied();
            match (info.kind, definition) {
                (gradus_index::ScopeKind::Function { .. }, Some(d)) => {
                    if let Type::Function(f) = crate::semantic::definition_type(db, self.file, d) {
                        for t in super::generics::signature_types(f.signature(db)) {
                            out.extend(super::generics::type_vars_in(db, t));
                        }
                    }
                }
                (gradus_index::ScopeKind::Class, Some(d)) => {
                    if let Type::ClassObject(c) = crate::semantic::definition_type(db, self.file, d)
                    {
                        out.extend(class_type_params(db, c.class(db)).iter().copied());
                        out.push(super::generics::self_type_var(db, c.class(db)));
                    }
                }
                _ => {}
            }
            match info.parent {
                Some(parent) => scope = parent,
                None => break,
            }
        }
        out
    }

    fn type_var_call(
        &mut self,
        call: &ast::ExprCall,
        kind: gradus_types::TypeVarKind,
    ) -> Type<'db> {
        let db = self.db;
        let bound_keyword = call
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "bound"));
        let constraints = call.args.len().saturating_sub(1);
        if self.current_definition.is_none() {
            // Checking the statement: the declaration's own errors.
            if constraints > 0 && bound_keyword.is_some() {
                self.report(
                    call.range,
                    crate::rules::INVALID_TYPE_FORM.code,
                    "A type variable cannot have both a bound and constraints".to_owned(),
                );
            } else if constraints == 1 {
                self.report(
                    call.args[1].range(),
                    crate::rules::INVALID_TYPE_FORM.code,
                    "A constrained type variable needs at least two constraints".to_owned(),
                );
            }
            // A default must fit the bound, or be one of the constraints.
            if let Some(default_kw) = call
                .keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "default"))
            {
                if kind == gradus_types::TypeVarKind::TypeVar {
                    let default = self.annotation_type(&default_kw.value);
                    if let Some(k) = bound_keyword {
                        let bound = self.annotation_type(&k.value);
                        if !default.is_dynamic() && !is_assignable(db, default, bound) {
                            let (d, b) = (self.display(default), self.display(bound));
                            self.report(
                                default_kw.value.range(),
                                INVALID_TYPE_FORM.code,
                                format!("The default `{d}` is not assignable to the bound `{b}`"),
                            );
                        }
                    } else if constraints > 1 {
                        let allowed: Vec<Type<'db>> = call.args[1..]
                            .iter()
                            .map(|a| self.annotation_type(a))
                            .collect();
                        let one_of = |t: Type<'db>| {
                            allowed
                                .iter()
                                .any(|&c| crate::relation::is_equivalent(db, t, c))
                        };
                        // A constrained type variable as the default: its
                        // constraints must be among ours.
                        let fits = match default {
                            Type::TypeVar(tv) if !tv.constraints(db).is_empty() => {
                                tv.constraints(db).iter().all(|&c| one_of(c))
                            }
                            other => one_of(other),
                        };
                        if !default.is_dynamic() && !fits {
                            let d = self.display(default);
                            self.report(
                                default_kw.value.range(),
                                INVALID_TYPE_FORM.code,
                                format!("The default `{d}` is not one of the constraints"),
                            );
                        }
                    }
                }
            }
            crate::generic_checks::check_type_var_declaration(self, call);
            if let Some(k) = bound_keyword {
                let bound = self.annotation_type(&k.value);
                if super::generics::contains_type_vars(db, bound) {
                    self.report(
                        k.value.range(),
                        crate::rules::INVALID_TYPE_FORM.code,
                        "A type variable's bound cannot be generic".to_owned(),
                    );
                }
            }
        }
        let Some(definition) = self.current_definition else {
            return Type::TODO;
        };
        let name = match call.args.first() {
            Some(Expr::Constant(c)) => match &c.value {
                ast::Constant::Str(s) => s.clone(),
                _ => return Type::UNKNOWN,
            },
            _ => return Type::UNKNOWN,
        };
        let bound = call
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "bound"))
            .map(|k| self.annotation_type(&k.value));
        let flag = |name: &str| {
            call.keywords.iter().any(|k| {
                k.arg.as_ref().is_some_and(|a| a.as_str() == name)
                    && matches!(&k.value, Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(true)))
            })
        };
        let variance = if flag("infer_variance") {
            gradus_types::Variance::Inferred
        } else if flag("covariant") {
            gradus_types::Variance::Covariant
        } else if flag("contravariant") {
            gradus_types::Variance::Contravariant
        } else {
            gradus_types::Variance::Invariant
        };
        let constraints: Vec<Type<'db>> = if kind == gradus_types::TypeVarKind::TypeVar {
            call.args
                .iter()
                .skip(1)
                .map(|a| self.annotation_type(a))
                .collect()
        } else {
            Vec::new()
        };
        let default = call
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "default"))
            .map(|k| self.type_param_default_type(&k.value, kind));
        Type::TypeVar(TypeVarType::new(
            db,
            name,
            self.file,
            definition,
            bound,
            variance,
            kind,
            constraints,
            default,
        ))
    }
}

/// The substitution a receiver brings to its methods (`list[int]`: `_T` →
/// `int`).
pub(crate) fn receiver_substitution<'db>(
    db: &'db dyn Db,
    receiver: Type<'db>,
) -> Substitution<'db> {
    match receiver {
        Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c) => class_substitution(db, c),
        Type::TypeVar(tv) | Type::SubclassOfTypeVar(tv) => match tv.bound(db) {
            Some(Type::Instance(c)) => class_substitution(db, c),
            _ => Vec::new(),
        },
        Type::Tuple(t) => match crate::semantic::known_class(db, KnownClass::Tuple) {
            Some(c) => class_substitution(
                db,
                ClassType::new(
                    db,
                    c.class(db),
                    vec![gradus_types::union(db, t.elements(db).iter().copied())],
                ),
            ),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Arguments whose type depends on the expected type.
fn context_sensitive(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::List(_)
            | Expr::Dict(_)
            | Expr::Set(_)
            | Expr::Lambda(_)
            | Expr::ListComp(_)
            | Expr::DictComp(_)
            | Expr::SetComp(_)
            | Expr::Tuple(_)
    )
}

/// Whether some part of `ty` satisfies `leaf`, walking class arguments,
/// union and tuple elements and callable parameters and returns. `leaf`
/// decides a type outright (`Some`) or lets the walk look inside (`None`);
/// a bare generic class (`list`) has unknown arguments and counts, and so
/// does a type deeper than the walk goes.
fn any_part<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    depth: usize,
    leaf: &dyn Fn(Type<'db>) -> Option<bool>,
) -> bool {
    if depth > 16 {
        return true;
    }
    if let Some(decided) = leaf(ty) {
        return decided;
    }
    let signature_has = |sig: &Signature<'db>| {
        sig.parameters
            .iter()
            .any(|p| any_part(db, p.ty, depth + 1, leaf))
            || any_part(db, sig.return_type, depth + 1, leaf)
    };
    match ty {
        Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c) => {
            (c.args(db).is_empty()
                && !super::generics::class_type_params(db, c.class(db)).is_empty())
                || c.args(db).iter().any(|&a| any_part(db, a, depth + 1, leaf))
        }
        Type::Union(u) => u
            .elements(db)
            .iter()
            .any(|&e| any_part(db, e, depth + 1, leaf)),
        Type::Tuple(t) => t
            .elements(db)
            .iter()
            .any(|&e| any_part(db, e, depth + 1, leaf)),
        Type::Callable(c) => signature_has(c.signature(db)),
        Type::Function(f) => signature_has(f.signature(db)),
        _ => false,
    }
}

/// Whether `ty` mentions a type the engine could not compute (`Unknown`,
/// not-yet-modelled forms): comparisons involving it say nothing.
pub fn contains_unknown<'db>(db: &'db dyn Db, ty: Type<'db>, depth: usize) -> bool {
    any_part(db, ty, depth, &|t| match t {
        Type::Dynamic(gradus_types::DynamicKind::Any) => Some(false),
        Type::Dynamic(_) | Type::BoundMethod(_) | Type::TypeVar(_) | Type::SpecialForm(_) => {
            Some(true)
        }
        _ => None,
    })
}

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_OVERLOAD_EXPANSIONS;

/// The most overloads a `no-matching-overload` message explains.
const MAX_REJECTION_REASONS: usize = 6;

/// The members an argument type expands into for overload evaluation: a
/// union's members, `bool` as `Literal[True, False]`, an enum (not a
/// `Flag`) as its members, a fixed-length tuple by its first expandable
/// element. `None` when the type does not expand.
fn expand_argument_type<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    depth: usize,
) -> Option<Vec<Type<'db>>> {
    const MAX_MEMBERS: usize = 32;
    if depth > 8 {
        return None;
    }
    match ty {
        Type::Union(u) if u.elements(db).len() <= MAX_MEMBERS => Some(u.elements(db).clone()),
        Type::Instance(c) if c.is_known(db, KnownClass::Bool) => {
            Some(vec![Type::BoolLiteral(true), Type::BoolLiteral(false)])
        }
        Type::Instance(c)
            if crate::class::is_enum_class(db, c.class(db))
                && !crate::class::is_flag_enum(db, c.class(db)) =>
        {
            let names = crate::class::enum_member_names(db, c.class(db));
            (!names.is_empty() && names.len() <= MAX_MEMBERS).then(|| {
                names
                    .iter()
                    .map(|n| {
                        Type::EnumLiteral(gradus_types::EnumLiteralType::new(db, c, n.clone()))
                    })
                    .collect()
            })
        }
        Type::Tuple(t) if t.is_fixed(db) => {
            let elements = t.elements(db);
            elements.iter().enumerate().find_map(|(i, &e)| {
                let members = expand_argument_type(db, e, depth + 1)?;
                Some(
                    members
                        .into_iter()
                        .map(|m| {
                            let mut es = elements.clone();
                            es[i] = m;
                            Type::Tuple(gradus_types::TupleType::fixed(db, es))
                        })
                        .collect(),
                )
            })
        }
        _ => None,
    }
}

/// Whether `ty` mentions `Any` (or `Unknown`) anywhere, also in type
/// arguments (`list[Any]`), in a bare generic class (`list`) and in a
/// gradual callable (`(...) -> R`).
fn mentions_dynamic<'db>(db: &'db dyn Db, ty: Type<'db>, depth: usize) -> bool {
    any_part(db, ty, depth, &|t| match t {
        Type::Dynamic(_) => Some(true),
        Type::Callable(c) if c.signature(db).gradual => Some(true),
        Type::Function(_) => Some(false),
        _ => None,
    })
}

/// Whether `sig` has a variadic parameter for every unpacked argument
/// (`*xs` → `*args`, `**kw` → `**kwargs`).
fn takes_unpacked(sig: &Signature<'_>, args: &[Arg<'_, '_>]) -> bool {
    let has = |kind: ParameterKind| sig.parameters.iter().any(|p| p.kind == kind);
    args.iter().all(|a| match a.kind {
        ArgKind::Star => has(ParameterKind::VarPositional),
        ArgKind::DoubleStar => has(ParameterKind::VarKeyword),
        _ => true,
    })
}

/// Whether every materialization of each argument that mentions `Any` is
/// accepted by its parameter in `sig`: the parameter is `Any` or `object`,
/// or the same type as the argument (`list[Any]` for `list[Any]`).
fn accepts_materializations<'db>(
    db: &'db dyn Db,
    sig: &Signature<'db>,
    args: &[Arg<'db, '_>],
    range: TextRange,
) -> bool {
    let Ok(binding) = bind_arguments(sig, args, range) else {
        return false;
    };
    args.iter().zip(&binding).all(|(arg, p)| {
        if !mentions_dynamic(db, arg.ty, 0) {
            return true;
        }
        let Some(p) = p else {
            return true;
        };
        let param = sig.parameters[*p].ty;
        param.is_dynamic()
            || matches!(param, Type::Instance(c) if c.is_known(db, KnownClass::Object))
            || crate::relation::is_equivalent(db, arg.ty, param)
    })
}
