//! Return types inferred from a function's body, for `def`s without a
//! return annotation.
//!
//! ```python
//! def parse(text):            # no annotation: inferred `int | None`
//!     if not text:
//!         return None
//!     return int(text)
//!
//! reveal_type(parse("1"))     # int | None
//! ```
//!
//! The inferred type is its own query, separate from the function's type
//! (whose signature keeps `Unknown` as its return type): taking a function's
//! type never evaluates its body, so a function that calls itself, or two
//! that call each other, form a cycle only here, and the cycle falls back
//! to `Unknown` for every function in it.
//!
//! The rules: the union of the `return` values, plus `None` when the end of
//! the body is reachable or a bare `return` occurs. A body that never
//! returns normally (it always raises) stays `Unknown` rather than `Never`,
//! since such a function is usually a placeholder meant to be overridden;
//! so does a `...` body. `async def` wraps the result in
//! `Coroutine[Any, Any, T]`; generators give `Generator[Y, Unknown, T]` with
//! `Y` the union of the (widened) yielded values (`AsyncGenerator[Y, Unknown]`).

use gradus_db::Db;
use gradus_index::{locate, DefinitionKind};
use gradus_syntax::ast::{self, Expr, Ranged, Stmt};
use gradus_types::{ClassType, FunctionLiteral, Signature, Type, UnionBuilder};

use super::expr::ExprInferrer;
use super::function::{body_has_yield, decorator_name, function_parts};
use crate::semantic::{module_class, parsed};

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_RETURN_SEARCH_DEPTH;

/// `function`'s signature as a call sees it: with the inferred return type
/// when the `def` has no return annotation.
pub fn call_signature<'db>(db: &'db dyn Db, function: FunctionLiteral<'db>) -> Signature<'db> {
    let mut signature = function.signature(db).clone();
    if function.infers_return(db) {
        signature.return_type = inferred_return_type(db, function);
    }
    signature
}

/// The declared return type of `function`, or the one inferred from its
/// body.
pub fn function_return_type<'db>(db: &'db dyn Db, function: FunctionLiteral<'db>) -> Type<'db> {
    if function.infers_return(db) {
        inferred_return_type(db, function)
    } else {
        function.signature(db).return_type
    }
}

/// The return type of an unannotated `def`, inferred from its body.
#[salsa::tracked(returns(copy), cycle_result = inferred_return_type_cycle)]
pub fn inferred_return_type<'db>(db: &'db dyn Db, function: FunctionLiteral<'db>) -> Type<'db> {
    let _boundary = crate::firewall::query_boundary();
    let file = function.file(db);
    let index = crate::firewall::index(db, file);
    let DefinitionKind::FunctionDef { stmt, .. } = index.definition(function.definition(db)).kind
    else {
        return Type::UNKNOWN;
    };
    let module = parsed(db, file);
    let Some(parts) = locate::find_stmt(&module, stmt).and_then(function_parts) else {
        return Type::UNKNOWN;
    };
    if parts
        .decorators
        .iter()
        .any(|d| matches!(decorator_name(d), Some("abstractmethod" | "overload")))
        || is_ellipsis_body(parts.body)
    {
        return Type::UNKNOWN;
    }
    let Some(scope) = index.scope_of_node(stmt) else {
        return Type::UNKNOWN;
    };
    let mut returns = Vec::new();
    collect_returns(parts.body, &mut returns, 0);
    let end_reachable = crate::narrow::end_is_reachable(db, file, scope);
    let mut inferrer = ExprInferrer::new(db, file, false);
    let mut builder = UnionBuilder::new(db);
    let mut any = false;
    for value in &returns {
        if !index.is_range_reachable(value.range) {
            continue;
        }
        any = true;
        builder.push(match &value.value {
            Some(v) => inferrer.infer_expr(v),
            None => Type::None,
        });
    }
    if end_reachable {
        any = true;
        builder.push(Type::None);
    }
    let generator = body_has_yield(parts.body);
    if !any && !generator {
        return Type::UNKNOWN;
    }
    // What the generator yields: the union of its `yield` values (and of
    // the elements of what it delegates to with `yield from`).
    let yielded = if generator {
        let mut yields = Vec::new();
        collect_yields(parts.body, &mut yields, 0);
        let mut builder = UnionBuilder::new(db);
        for y in &yields {
            if !index.is_range_reachable(y.range()) {
                continue;
            }
            builder.push(match y {
                Expr::Yield(y) => match &y.value {
                    Some(v) => super::expr::widen_literal(db, inferrer.infer_expr(v)),
                    None => Type::None,
                },
                Expr::YieldFrom(y) => {
                    let iterable = inferrer.infer_expr(&y.value);
                    inferrer.iteration_type(iterable, y.range)
                }
                _ => Type::UNKNOWN,
            });
        }
        if yields.is_empty() {
            Type::UNKNOWN
        } else {
            builder.build()
        }
    } else {
        Type::UNKNOWN
    };
    let result = builder.build();
    let wrap = |module: &str, name: &str, args: Vec<Type<'db>>| match module_class(db, module, name)
    {
        Some(c) => Type::Instance(ClassType::new(db, c.class(db), args)),
        None => Type::UNKNOWN,
    };
    match (parts.is_async, generator) {
        (false, false) => result,
        (true, false) => wrap("typing", "Coroutine", vec![Type::ANY, Type::ANY, result]),
        (false, true) => wrap("typing", "Generator", vec![yielded, Type::UNKNOWN, result]),
        (true, true) => wrap("typing", "AsyncGenerator", vec![yielded, Type::UNKNOWN]),
    }
}

fn inferred_return_type_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _function: FunctionLiteral<'db>,
) -> Type<'db> {
    Type::UNKNOWN
}

/// A body of only a docstring and `...`.
fn is_ellipsis_body(body: &[Stmt]) -> bool {
    let mut saw_ellipsis = false;
    for stmt in body {
        match stmt {
            Stmt::Expr(e) => match &*e.value {
                Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis) => {
                    saw_ellipsis = true
                }
                Expr::Constant(c) if matches!(c.value, ast::Constant::Str(_)) => {}
                _ => return false,
            },
            _ => return false,
        }
    }
    saw_ellipsis
}

/// The `return` statements of a body, outside nested functions and classes.
fn collect_returns<'a>(body: &'a [Stmt], out: &mut Vec<&'a ast::StmtReturn>, depth: usize) {
    for_each_statement(body, depth, &mut |stmt| {
        if let Stmt::Return(r) = stmt {
            out.push(r);
        }
    });
}

/// Calls `f` on every statement of `body` and of the blocks nested in its
/// compound statements (not inside nested functions and classes).
fn for_each_statement<'a>(body: &'a [Stmt], depth: usize, f: &mut impl FnMut(&'a Stmt)) {
    if depth > MAX_RETURN_SEARCH_DEPTH {
        return;
    }
    for stmt in body {
        f(stmt);
        let mut nested = |blocks: &[&'a [Stmt]]| {
            for block in blocks {
                for_each_statement(block, depth + 1, f);
            }
        };
        match stmt {
            Stmt::If(s) => nested(&[&s.body, &s.orelse]),
            Stmt::While(s) => nested(&[&s.body, &s.orelse]),
            Stmt::For(s) => nested(&[&s.body, &s.orelse]),
            Stmt::AsyncFor(s) => nested(&[&s.body, &s.orelse]),
            Stmt::With(s) => nested(&[&s.body]),
            Stmt::AsyncWith(s) => nested(&[&s.body]),
            Stmt::Try(s) => {
                nested(&[&s.body, &s.orelse, &s.finalbody]);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    nested(&[&h.body]);
                }
            }
            Stmt::TryStar(s) => {
                nested(&[&s.body, &s.orelse, &s.finalbody]);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    nested(&[&h.body]);
                }
            }
            Stmt::Match(s) => {
                for case in &s.cases {
                    nested(&[&case.body]);
                }
            }
            _ => {}
        }
    }
}

/// The `yield` and `yield from` expressions of a body that stand as a
/// statement or as an assigned value (`x = yield v`), outside nested
/// functions and classes.
fn collect_yields<'a>(body: &'a [Stmt], out: &mut Vec<&'a Expr>, depth: usize) {
    for_each_statement(body, depth, &mut |stmt| {
        let value: Option<&'a Expr> = match stmt {
            Stmt::Expr(e) => Some(&e.value),
            Stmt::Assign(a) => Some(&a.value),
            Stmt::AnnAssign(a) => a.value.as_deref(),
            _ => None,
        };
        if let Some(e) = value.filter(|e| matches!(e, Expr::Yield(_) | Expr::YieldFrom(_))) {
            out.push(e);
        }
    });
}
