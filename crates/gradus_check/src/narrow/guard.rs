//! User-defined type guards: functions returning `TypeGuard[T]` or
//! `TypeIs[T]` narrow their first positional argument.
//!
//! ```python
//! def is_str_list(v: list[object]) -> TypeGuard[list[str]]: ...
//! def is_int(v: object) -> TypeIs[int]: ...
//!
//! def f(a: list[object], b: int | str):
//!     if is_str_list(a):
//!         reveal_type(a)   # list[str]  (TypeGuard: replaced, positive only)
//!     if is_int(b):
//!         reveal_type(b)   # int        (TypeIs: intersected)
//!     else:
//!         reveal_type(b)   # str        (TypeIs: the guarded type removed)
//! ```
//!
//! The annotation types `TypeGuard[T]` as `bool`, so the guard is read from
//! the function's return annotation itself; type variables in `T` are
//! solved from the call's arguments (unsolved ones become `Unknown`).

use gradus_db::{Db, File};
use gradus_index::{locate, DefinitionKind, ScopeKind};
use gradus_syntax::ast::Ranged;
use gradus_syntax::ast::{self, Expr, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{union, FunctionLiteral, MethodKind, SpecialForm, Type};
use rustc_hash::FxHashMap;

use super::Narrower;
use crate::infer::expr::ExprInferrer;
use crate::relation::is_assignable;

/// Which kind of guard a function is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardKind {
    TypeGuard,
    TypeIs,
}

/// The function's return annotation when it is `TypeGuard[...]` or
/// `TypeIs[...]`: the kind and the annotation's argument expression's type.
pub fn function_guard<'db>(
    db: &'db dyn Db,
    function: FunctionLiteral<'db>,
) -> Option<(GuardKind, Type<'db>)> {
    let file = function.file(db);
    let index = crate::firewall::index(db, file);
    let definition = index.definition(function.definition(db));
    let DefinitionKind::FunctionDef { stmt, .. } = definition.kind else {
        return None;
    };
    let module = crate::semantic::parsed(db, file);
    let returns = match locate::find_stmt(&module, stmt)? {
        Stmt::FunctionDef(f) => f.returns.as_deref()?,
        Stmt::AsyncFunctionDef(f) => f.returns.as_deref()?,
        _ => return None,
    };
    annotation_guard(db, file, returns)
}

/// `TypeGuard[X]` / `TypeIs[X]` as an annotation expression of `file`.
pub fn annotation_guard<'db>(
    db: &'db dyn Db,
    file: File,
    returns: &Expr,
) -> Option<(GuardKind, Type<'db>)> {
    let Expr::Subscript(sub) = returns else {
        return None;
    };
    let mut inferrer = ExprInferrer::new(db, file, false);
    let kind = match inferrer.infer_expr(&sub.value) {
        Type::SpecialForm(SpecialForm::TypeGuard) => GuardKind::TypeGuard,
        Type::SpecialForm(SpecialForm::TypeIs) => GuardKind::TypeIs,
        _ => return None,
    };
    // `Self` is kept as the special form: the caller knows the receiver.
    if let Type::SpecialForm(SpecialForm::SelfType) = inferrer.infer_expr(&sub.slice) {
        return Some((kind, Type::SpecialForm(SpecialForm::SelfType)));
    }
    Some((kind, inferrer.annotation_type(&sub.slice)))
}

/// Narrowing by a call of a user-defined guard (the caller checked that the
/// first argument is the subject).
pub(super) fn narrow_user_guard<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    call: &ast::ExprCall,
    positive: bool,
) -> Type<'db> {
    let db = cx.db;
    let (function, receiver) = match cx.expr_type(&call.func) {
        Type::Function(f) => (f, None),
        Type::BoundMethod(m) => (m.function(db), Some(m.receiver(db))),
        _ => return ty,
    };
    let Some((kind, target)) = function_guard(db, function) else {
        return ty;
    };
    let target = match (target, receiver) {
        // `TypeIs[Self]` on a method: the receiver's class.
        (Type::SpecialForm(SpecialForm::SelfType), Some(Type::Instance(c)))
        | (Type::SpecialForm(SpecialForm::SelfType), Some(Type::ClassObject(c))) => {
            Type::Instance(c)
        }
        (Type::SpecialForm(SpecialForm::SelfType), _) => Type::UNKNOWN,
        _ => solve_target(cx, function, receiver.is_some(), call, target),
    };
    match (kind, positive) {
        (GuardKind::TypeGuard, true) => target,
        (GuardKind::TypeGuard, false) => ty,
        (GuardKind::TypeIs, true) => intersect(db, ty, target),
        (GuardKind::TypeIs, false) => remove(db, ty, target),
    }
}

/// `target` with the function's type variables solved from the call.
fn solve_target<'db>(
    cx: &Narrower<'db>,
    function: FunctionLiteral<'db>,
    bound: bool,
    call: &ast::ExprCall,
    target: Type<'db>,
) -> Type<'db> {
    let db = cx.db;
    let signature = if bound {
        function.signature(db).bind_self()
    } else {
        function.signature(db).clone()
    };
    let positional = signature.positional_parameters();
    let mut solution = FxHashMap::default();
    for (param, arg) in positional.zip(&call.args).take(8) {
        // A union argument solves element by element (`tuple[T, ...]`
        // against `tuple[str, str] | tuple[str, str, str]`: `T` is `str`).
        for arg_ty in cx.expr_type(arg).union_elements(db) {
            crate::infer::call::solve_into(db, param.ty, arg_ty, &mut solution, 0);
        }
    }
    let subst: Vec<_> = solution
        .into_iter()
        .map(|(tv, tys)| (tv, union(db, tys)))
        .collect();
    let solved = crate::infer::generics::substitute(db, target, &subst);
    crate::infer::generics::erase_type_vars(db, solved)
}

/// `ty ∩ target`, element by element: an element that is a `target` stays;
/// where `target` is a subtype of the element, `target` replaces it;
/// unrelated elements are dropped.
pub(crate) fn intersect<'db>(db: &'db dyn Db, ty: Type<'db>, target: Type<'db>) -> Type<'db> {
    if ty.is_dynamic() {
        return target;
    }
    let mut out = Vec::new();
    for e in ty.union_elements(db) {
        if is_assignable(db, e, target) && !e.is_dynamic() {
            out.push(e);
            continue;
        }
        for t in target.union_elements(db) {
            if is_assignable(db, t, e) {
                out.push(t);
            }
        }
    }
    union(db, out)
}

/// `ty` without the elements that are certainly a `target`.
pub(crate) fn remove<'db>(db: &'db dyn Db, ty: Type<'db>, target: Type<'db>) -> Type<'db> {
    let elements = ty.union_elements(db);
    union(
        db,
        elements
            .into_iter()
            .filter(|e| {
                e.is_dynamic() || matches!(e, Type::TypeVar(_)) || !is_assignable(db, *e, target)
            })
            .collect::<Vec<_>>(),
    )
}

/// The errors in the definition of a guard function (`stmt` is a `def`):
/// it must take a positional parameter to narrow (after `self`/`cls` for a
/// method), and a `TypeIs` target must be assignable to that parameter's
/// type (a `TypeIs[str]` function of an `int` could never return `True`).
pub fn check_guard_definition(
    db: &dyn Db,
    file: File,
    stmt: &Stmt,
) -> Vec<(TextRange, &'static str, String)> {
    let (returns, range) = match stmt {
        Stmt::FunctionDef(f) => (f.returns.as_deref(), f.range),
        Stmt::AsyncFunctionDef(f) => (f.returns.as_deref(), f.range),
        _ => return Vec::new(),
    };
    let Some(returns) = returns else {
        return Vec::new();
    };
    let Some((kind, target)) = annotation_guard(db, file, returns) else {
        return Vec::new();
    };
    let Some(&id) = crate::firewall::definitions_by_statement(db, file).get(&range) else {
        return Vec::new();
    };
    let Type::Function(function) = crate::semantic::definition_type(db, file, id) else {
        return Vec::new();
    };
    let index = crate::firewall::index(db, file);
    let in_class = matches!(index.scope(id.scope).kind, ScopeKind::Class);
    let skip = usize::from(in_class && function.method_kind(db) != MethodKind::Static);
    let signature = function.signature(db);
    let positional: Vec<_> = signature.positional_parameters().collect();
    let name = match kind {
        GuardKind::TypeGuard => "TypeGuard",
        GuardKind::TypeIs => "TypeIs",
    };
    let Some(param) = positional.get(skip) else {
        return vec![(
            returns.range(),
            crate::rules::INVALID_TYPE_GUARD_DEFINITION.code,
            format!("A `{name}` function must accept a positional parameter to narrow"),
        )];
    };
    if kind == GuardKind::TypeIs
        && !param.ty.is_dynamic()
        && !matches!(target, Type::SpecialForm(_))
        && !is_assignable(db, target, param.ty)
    {
        return vec![(
            returns.range(),
            crate::rules::INVALID_TYPE_IS_TARGET.code,
            format!(
                "Narrowed type `{}` is not assignable to the parameter's type `{}`",
                target.display(db),
                param.ty.display(db)
            ),
        )];
    }
    Vec::new()
}

/// `bool` for the return type of a `TypeGuard[T]` / `TypeIs[T]` function
/// (what its `return` statements must produce), `ty` otherwise.
pub fn guard_return_as_bool<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    match ty {
        Type::Instance(c)
            if matches!(c.name(db), "TypeGuard" | "TypeIs")
                && gradus_resolve::file_to_module(db, c.class(db).file(db))
                    .is_some_and(|m| m.name == "_typeshed") =>
        {
            crate::semantic::known_instance(db, gradus_types::KnownClass::Bool)
        }
        other => other,
    }
}
