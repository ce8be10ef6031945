//! Narrowing: a binding's type refined by the conditions it flowed through.
//!
//! ```python
//! def f(x: int | None, ev: Click | Key) -> int:
//!     if x is None:
//!         return 0
//!     reveal_type(x)          # int: the binding passed `x is None` negatively
//!     if ev.kind == "click":  # a discriminating literal attribute
//!         reveal_type(ev)     # Click
//!     return x
//! ```
//!
//! The binder (`gradus_index`) attaches predicates (a test expression or a
//! `case` pattern, and the edge taken) to every binding of a name or
//! [place](gradus_index::place) that flows through a branch. `and`, `or` and
//! `not` are split by the binder, so each predicate here is one operand
//! (a compound one is still handled, for robustness). This module evaluates
//! a predicate for one *subject* — a name or a place key such as
//! `self.conn` or `d["k"]`:
//!
//! - `x is None` / `x is not None` / `x == None` / `x != None`;
//! - `x is True|False`, `x == <literal>`, `x != <literal>`;
//! - `x in (<literals>)` / `not in`, and `x in container` removing `None`
//!   when the container cannot hold it;
//! - truthiness (`if x`, `if not x`), removing `None`, `False`, `0`, `""`;
//! - `isinstance(x, C | (C, D) | type(None))`, `issubclass`, `callable(x)`,
//!   `hasattr(x, "name")` (an element lacking it becomes `Unknown`),
//!   `type(x) is C` / `type(x) == C`, `len(t) == n` on tuples;
//! - `x.attr == <literal>` (or `is`) discriminating a union by a literal
//!   attribute;
//! - user-defined `TypeGuard[T]` (positive branch only) and `TypeIs[T]`
//!   (both branches) functions and methods (see [`guard`]);
//! - `case` patterns of `match` statements (see [`pattern`]), also on the
//!   elements of a tuple subject and the attributes a class pattern
//!   matches (see [`pattern::subexpr`]).
//!
//! Anything else leaves the type unchanged: narrowing only ever refines, so
//! an unmodelled test is merely imprecise, never wrong.
//!
//! **Places and calls.** Member and subscript places are reset by an
//! assignment to the place or to any prefix of it (and `d[i] = v` with an
//! unknown `i` resets every `d[...]`), but *not* by calls: like pyright and
//! mypy, `if self.conn is not None: self.log(); self.conn.close()` keeps
//! `self.conn` narrowed although `self.log()` could in principle reset it.
//!
//! **Calls that never return.** A `CallReturns` predicate (a call
//! statement ending a block, see `gradus_index::predicate`) makes the type
//! `Never` when the call never returns ([`call_never_returns`]), so that
//! after `if x is None: fail()` the binding that went through `fail()`
//! drops out; [`may_be_unbound`] does the same for the unbound path.
//!
//! **Names of enclosing scopes.** A global or a name of an enclosing
//! function tested in a function is narrowed there too, until the function
//! rebinds it ([`free_name_type`]).
//!
//! **Bounds.** Predicate expressions are walked at most [`MAX_NARROW_DEPTH`]
//! levels deep; deeper structure leaves the type unchanged.

mod forms;
pub(crate) mod guard;
pub(crate) mod pattern;

use gradus_db::{Db, File};
use gradus_index::{
    locate, subject_key, use_def_map, Bindings, DefinitionId, DefinitionKind, PredicateKind,
    ScopeId, ScopedPredicateId,
};
use gradus_syntax::ast::{self, Expr, Ranged};
use gradus_types::{union, Type, UnionBuilder};

use crate::semantic::parsed;

// Budget: see `gradus_budgets`.
pub use gradus_budgets::MAX_NARROW_DEPTH;

/// `ty` (the type of a binding of `key`, a name or place key) narrowed by
/// `predicates`.
pub fn narrow_by_predicates<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    key: &str,
    mut ty: Type<'db>,
    predicates: &[ScopedPredicateId],
) -> Type<'db> {
    if predicates.is_empty() {
        return ty;
    }
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    let cx = Narrower { db, file };
    for &p in predicates {
        let predicate = index.predicate(scope, p);
        match predicate.kind {
            PredicateKind::Expression => {
                let Some(expr) = locate::find_expr(&module, predicate.expr_range) else {
                    continue;
                };
                ty = cx.narrow(key, ty, expr, predicate.positive, 0);
            }
            PredicateKind::CallReturns | PredicateKind::ExitSuppresses { .. } => {
                if predicate.positive && call_never_returns(db, file, scope, p) {
                    return Type::Never;
                }
            }
            PredicateKind::Pattern { subject } => {
                let Some(subject) = locate::find_expr(&module, subject) else {
                    continue;
                };
                let Some(pat) = locate::find_pattern(&module, predicate.expr_range) else {
                    continue;
                };
                ty = if is_subject(subject, key) {
                    pattern::narrow_pattern(&cx, ty, pat, predicate.positive, 0)
                } else {
                    // An element of a tuple subject, an attribute of the subject.
                    pattern::subexpr::narrow_subject_part(
                        &cx,
                        key,
                        ty,
                        subject,
                        pat,
                        predicate.positive,
                    )
                };
            }
        }
    }
    ty
}

/// `ty` narrowed by any one of `alternatives` (a binding reaching by
/// several paths holds under the predicates of one of them): the union of
/// each narrowing, in the order of `ty`'s own union elements where it can.
pub fn narrow_alternatives<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    key: &str,
    ty: Type<'db>,
    alternatives: &[&[ScopedPredicateId]],
) -> Type<'db> {
    narrow_alternatives_with(
        db,
        file,
        scope,
        key,
        ty,
        alternatives,
        &mut CallCache::default(),
    )
}

/// What [`call_never_returns`] said of the calls seen so far (the same
/// calls recur across the bindings of one use: asking once is cheaper).
#[derive(Default)]
pub struct CallCache(Vec<(ScopedPredicateId, bool)>);

impl CallCache {
    fn never_returns(
        &mut self,
        db: &dyn Db,
        file: File,
        scope: ScopeId,
        p: ScopedPredicateId,
    ) -> bool {
        if let Some(&(_, never)) = self.0.iter().find(|(q, _)| *q == p) {
            return never;
        }
        let never = call_never_returns(db, file, scope, p);
        self.0.push((p, never));
        never
    }
}

/// [`narrow_alternatives`] sharing `cache` with other bindings of a use.
pub fn narrow_alternatives_with<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    key: &str,
    ty: Type<'db>,
    alternatives: &[&[ScopedPredicateId]],
    cache: &mut CallCache,
) -> Type<'db> {
    if let Some(settled) = settle_calls(db, file, scope, alternatives, cache) {
        let refs: Vec<&[ScopedPredicateId]> = settled.iter().map(|a| &a[..]).collect();
        if refs.is_empty() {
            // Every path went through a call that never returns.
            return Type::Never;
        }
        return narrow_alternatives_settled(db, file, scope, key, ty, &refs);
    }
    narrow_alternatives_settled(db, file, scope, key, ty, alternatives)
}

/// The alternatives with their `CallReturns` predicates settled, when they
/// have any: an alternative through a call that never returns is dropped,
/// and a call that returns is no condition at all. What is left is
/// simplified as the binder does at merges (`[a, p]` or `[a, not p]` is
/// `[a]`; `[a]` or `[a, b]` is `[a]`), so a call that returns costs no
/// precision:
///
/// ```python
/// if isinstance(x, int):
///     ...
/// else:
///     log(x)          # the binder cannot tell that `log` returns
/// reveal_type(x)      # `[isinstance]` or `[not isinstance, log returned]`: unnarrowed
/// ```
fn settle_calls(
    db: &dyn Db,
    file: File,
    scope: ScopeId,
    alternatives: &[&[ScopedPredicateId]],
    cache: &mut CallCache,
) -> Option<Vec<Vec<ScopedPredicateId>>> {
    let index = crate::firewall::index(db, file);
    let is_call = |p: ScopedPredicateId| {
        matches!(
            index.predicate(scope, p).kind,
            PredicateKind::CallReturns | PredicateKind::ExitSuppresses { .. }
        )
    };
    if !alternatives.iter().any(|a| a.iter().any(|&p| is_call(p))) {
        return None;
    }
    let mut out: Vec<Vec<ScopedPredicateId>> = Vec::new();
    for alt in alternatives {
        if alt.iter().any(|&p| {
            is_call(p)
                && index.predicate(scope, p).positive
                && cache.never_returns(db, file, scope, p)
        }) {
            continue;
        }
        out.push(alt.iter().copied().filter(|&p| !is_call(p)).collect());
    }
    // Simplify pairwise until nothing changes (a handful of alternatives).
    let mut changed = true;
    while changed {
        changed = false;
        'outer: for i in 0..out.len() {
            for j in 0..out.len() {
                if i == j {
                    continue;
                }
                let (a, b) = (&out[i], &out[j]);
                if a.iter().all(|p| b.contains(p)) {
                    // `a` is weaker than `b`: `b` adds nothing.
                    out.remove(j);
                    changed = true;
                    break 'outer;
                }
                let only_a: Vec<_> = a.iter().filter(|p| !b.contains(p)).collect();
                let only_b: Vec<_> = b.iter().filter(|p| !a.contains(p)).collect();
                if let ([x], [y]) = (&only_a[..], &only_b[..]) {
                    if x.index() ^ 1 == y.index() {
                        let (x, y) = (**x, **y);
                        out[i].retain(|p| *p != x);
                        out.remove(j);
                        let _ = y;
                        changed = true;
                        break 'outer;
                    }
                }
            }
        }
    }
    Some(out)
}

fn narrow_alternatives_settled<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    key: &str,
    ty: Type<'db>,
    alternatives: &[&[ScopedPredicateId]],
) -> Type<'db> {
    match alternatives {
        [] => ty,
        [only] => narrow_by_predicates(db, file, scope, key, ty, only),
        _ if alternatives.iter().any(|a| a.is_empty()) => ty,
        _ => {
            let mut builder = UnionBuilder::new(db);
            for alt in alternatives {
                builder.push(narrow_by_predicates(db, file, scope, key, ty, alt));
            }
            in_order_of(db, ty, builder.build())
        }
    }
}

/// `narrowed` (a narrowing of `ty`) with its elements in the order of
/// `ty`'s own where it can (`int | str`, not `str | int`).
pub(super) fn in_order_of<'db>(db: &'db dyn Db, ty: Type<'db>, narrowed: Type<'db>) -> Type<'db> {
    let elements = narrowed.union_elements(db);
    let original = ty.union_elements(db);
    if elements.iter().all(|e| original.contains(e)) {
        union(
            db,
            original
                .into_iter()
                .filter(|e| elements.contains(e))
                .collect::<Vec<_>>(),
        )
    } else {
        narrowed
    }
}

/// Whether the call statement of a [`PredicateKind::CallReturns`]
/// predicate never returns (its callee is annotated `-> NoReturn` or
/// `-> Never`). A query: memoized, and cycle-safe (a callee whose type
/// depends on this very predicate counts as returning), as is any doubt.
#[salsa::tracked(returns(copy), cycle_result = call_never_returns_cycle)]
pub fn call_never_returns(
    db: &dyn Db,
    file: File,
    scope: ScopeId,
    predicate: ScopedPredicateId,
) -> bool {
    let _boundary = crate::firewall::query_boundary();
    let index = crate::firewall::index(db, file);
    let predicate = index.predicate(scope, predicate);
    if let PredicateKind::ExitSuppresses { is_async } = predicate.kind {
        return !exit_may_suppress(db, file, predicate.expr_range, is_async);
    }
    if !matches!(predicate.kind, PredicateKind::CallReturns) {
        return false;
    }
    let module = parsed(db, file);
    let Some(call @ Expr::Call(_)) = locate::find_expr(&module, predicate.expr_range) else {
        return false;
    };
    crate::infer::expression_type(db, file, call).is_never()
}

/// Whether the context manager at `context_expr` may swallow exceptions:
/// its `__exit__` is declared to return `bool` (or `Literal[True]`);
/// `None`, `Literal[False]`, `bool | None` and `Any` do not (the typing
/// spec's rule). For `async with`, the same of what `__aexit__`'s
/// awaitable produces.
fn exit_may_suppress(
    db: &dyn Db,
    file: File,
    context_expr: gradus_syntax::TextRange,
    is_async: bool,
) -> bool {
    let module = parsed(db, file);
    let Some(expr) = locate::find_expr(&module, context_expr) else {
        return false;
    };
    let mut inferrer = crate::infer::expr::ExprInferrer::new(db, file, false);
    let manager = inferrer.infer_expr(expr);
    let name = if is_async { "__aexit__" } else { "__exit__" };
    let Some(exit) = inferrer.member(manager, name) else {
        return false;
    };
    let returned = inferrer
        .call_with_types(
            exit,
            &[Type::None, Type::None, Type::None],
            context_expr,
            true,
        )
        .unwrap_or(Type::UNKNOWN);
    let returned = if is_async {
        crate::infer::expr::awaited_type(db, returned)
    } else {
        returned
    };
    match returned {
        Type::BoolLiteral(true) => true,
        Type::Instance(c) => c.is_known(db, gradus_types::KnownClass::Bool),
        _ => false,
    }
}

/// [`exit_may_suppress`] for the `with` item whose context expression is
/// at `context_expr`, through the memoized [`call_never_returns`] of its
/// `ExitSuppresses` predicate (asked again by every use after the
/// statement); evaluated directly where the binder made none (the
/// statement is unreachable).
pub(crate) fn with_item_may_suppress(
    db: &dyn Db,
    file: File,
    context_expr: gradus_syntax::TextRange,
    is_async: bool,
) -> bool {
    let index = crate::firewall::index(db, file);
    let kind = PredicateKind::ExitSuppresses { is_async };
    let scope = crate::semantic::scope_at(db, file, context_expr.start());
    if let Some(p) = index.find_predicate(scope, context_expr, kind) {
        return !call_never_returns(db, file, scope, p);
    }
    exit_may_suppress(db, file, context_expr, is_async)
}

/// Whether the end of `scope` can be reached: statically, and under one of
/// its path conditions (calls that returned, managers that swallowed).
pub fn end_is_reachable(db: &dyn Db, file: File, scope: ScopeId) -> bool {
    let use_def = gradus_index::use_def_map(db, file, scope);
    use_def.is_end_reachable()
        && (use_def.end_conditions().is_empty()
            || use_def
                .end_conditions()
                .iter()
                .any(|alt| !alt.iter().any(|&p| call_never_returns(db, file, scope, p))))
}

fn call_never_returns_cycle(
    _db: &dyn Db,
    _id: salsa::Id,
    _file: File,
    _scope: ScopeId,
    _predicate: ScopedPredicateId,
) -> bool {
    false
}

/// Whether a name may be unbound where `bindings` reach (some path leaves
/// it unbound and not only through a call that never returns).
pub fn may_be_unbound(db: &dyn Db, file: File, scope: ScopeId, bindings: &Bindings) -> bool {
    let alternatives = bindings.unbound_predicates();
    bindings.may_be_unbound()
        && (alternatives.is_empty()
            || alternatives
                .iter()
                .any(|alt| !alt.iter().any(|&p| call_never_returns(db, file, scope, p))))
}

/// The type of a name that is not local to `scope` (a global, a name of an
/// enclosing function, `global`/`nonlocal` ones) at a use: `base` (its
/// type from the enclosing scope) narrowed by the tests on the way to the
/// use in this scope (the binder's start definition of the name reaches,
/// maybe besides `global`/`nonlocal` assignments in this scope, which give
/// the members of `base` the assigned value fits):
///
/// ```python
/// def outer(limit: int | None) -> None:
///     def check(n: int) -> bool:
///         return limit is not None and n > limit   # `limit` is `int`
/// ```
///
/// Calls in between do not reset the narrowing (as in mypy and pyright).
pub fn free_name_type<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    use_id: gradus_index::ScopedUseId,
    name: &str,
    base: Type<'db>,
) -> Type<'db> {
    let use_def = use_def_map(db, file, scope);
    if !use_def.is_use_reachable(use_id) {
        return base;
    }
    let bindings = use_def.bindings_at_use(use_id);
    if bindings.may_be_unbound() || bindings.widened().is_some() {
        return base;
    }
    // Bound on every path: by the start value (a name tested in this
    // scope) or by `global`/`nonlocal` assignments here.
    let grouped = bindings.grouped();
    let index = crate::firewall::index(db, file);
    let kind =
        |d: gradus_index::ScopedDefinitionId| &index.definition(DefinitionId { scope, id: d }).kind;
    // The start value narrowed, and what `global`/`nonlocal` assignments
    // in this scope stored (the members of `base` the value fits).
    let mut cache = CallCache::default();
    let mut builder = UnionBuilder::new(db);
    for (definition, alternatives) in &grouped {
        let ty = match kind(*definition) {
            DefinitionKind::PlaceStart { .. } => base,
            DefinitionKind::Deletion { .. } | DefinitionKind::StarImport { .. } => return base,
            _ => {
                let id = DefinitionId {
                    scope,
                    id: *definition,
                };
                assigned_place_type(db, base, crate::semantic::definition_type(db, file, id))
            }
        };
        builder.push(narrow_alternatives_with(
            db,
            file,
            scope,
            name,
            ty,
            alternatives,
            &mut cache,
        ));
    }
    builder.build()
}

/// The type of a free name of a nested function or lambda that the
/// enclosing function cannot rebind after the nested scope is defined: its
/// narrowed type at the definition (see `captured_bindings` in the index).
/// `None` when that does not apply (the caller resolves the name as usual).
pub fn captured_type<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    use_id: gradus_index::ScopedUseId,
    name: &str,
) -> Option<Type<'db>> {
    let use_def = use_def_map(db, file, scope);
    let bindings = use_def.captured_bindings(use_id)?;
    let index = crate::firewall::index(db, file);
    let parent = index.scope(scope).parent?;
    if index.resolve_name(scope, name) != Some(parent) {
        return None;
    }
    // A `nonlocal` rebinding from some nested scope could run later.
    let symbol = index.symbol_table(parent).symbol_by_name(name)?;
    if symbol
        .flags()
        .contains(gradus_index::SymbolFlags::BOUND_IN_NESTED_SCOPE)
    {
        return None;
    }
    crate::semantic::bindings_type(db, file, parent, bindings)
}

/// The type of a member or subscript place expression (`self.x`, `d["k"]`)
/// where it is used: `declared` (what the lookup gives) replaced by what the
/// binder says reaches it — assignments to the place, narrowed by tests.
/// This is the one hook attribute and subscript inference call.
pub fn place_type<'db>(db: &'db dyn Db, file: File, expr: &Expr, declared: Type<'db>) -> Type<'db> {
    let index = crate::firewall::index(db, file);
    let Some((scope, use_id)) = index.use_at(expr.range()) else {
        return declared;
    };
    let use_def = use_def_map(db, file, scope);
    if !use_def.is_use_reachable(use_id) {
        return declared;
    }
    let bindings = use_def.bindings_at_use(use_id);
    if bindings.is_empty() {
        return declared;
    }
    let mut builder = UnionBuilder::new(db);
    let mut key: Option<String> = None;
    for (definition_id, alternatives) in bindings.grouped() {
        let id = DefinitionId {
            scope,
            id: definition_id,
        };
        let definition = index.definition(id);
        let ty = match definition.kind {
            DefinitionKind::PlaceStart { .. } => declared,
            DefinitionKind::Deletion { .. } | DefinitionKind::StarImport { .. } => continue,
            _ => {
                let assigned = crate::semantic::definition_type(db, file, id);
                assigned_place_type(db, declared, assigned)
            }
        };
        let ty = if alternatives.iter().any(|a| a.is_empty()) {
            ty
        } else {
            let key = key.get_or_insert_with(|| {
                index
                    .symbol_table(scope)
                    .symbol(definition.symbol)
                    .name()
                    .to_owned()
            });
            narrow_alternatives(db, file, scope, key, ty, &alternatives)
        };
        builder.push(ty);
    }
    if may_be_unbound(db, file, scope, bindings) {
        builder.push(declared);
    }
    builder.build()
}

/// What a place declared as `declared` holds after an assignment of a
/// value of type `assigned`: as for names, the declared union's members the
/// value fits (`declared` itself if it is not a union or nothing fits).
fn assigned_place_type<'db>(
    db: &'db dyn Db,
    declared: Type<'db>,
    assigned: Type<'db>,
) -> Type<'db> {
    if declared.is_dynamic() {
        return assigned;
    }
    if assigned.is_dynamic() {
        return declared;
    }
    let Type::Union(u) = declared else {
        return declared;
    };
    let values = assigned.union_elements(db);
    let fitting: Vec<Type<'db>> = u
        .elements(db)
        .iter()
        .copied()
        .filter(|&e| {
            values
                .iter()
                .any(|&v| crate::relation::is_assignable(db, v, e))
        })
        .collect();
    if fitting.is_empty() {
        declared
    } else {
        union(db, fitting)
    }
}

/// The type of an operand of `and` / `or` that is not the last: where the
/// expression's value is that operand, it was falsy (`and`) or truthy
/// (`or`). `x or default` is never `None` through `x`.
pub fn bool_operand_type<'db>(db: &'db dyn Db, ty: Type<'db>, is_and: bool) -> Type<'db> {
    forms::truthiness(db, ty, !is_and)
}

/// Whether `expr` denotes the subject `key` (itself or as a walrus target).
pub(crate) fn is_subject(expr: &Expr, key: &str) -> bool {
    match expr {
        Expr::NamedExpr(n) => is_subject(&n.target, key),
        Expr::Name(n) => n.id.as_str() == key,
        Expr::Attribute(_) | Expr::Subscript(_) => subject_key(expr).is_some_and(|k| k == key),
        _ => false,
    }
}

pub(crate) fn is_none_literal(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(c.value, ast::Constant::None))
}

/// Evaluates predicates for one subject.
/// `ty` narrowed by `pattern` matching (`positive`) or failing to.
pub fn narrow_by_pattern<'db>(
    db: &'db dyn Db,
    file: File,
    ty: Type<'db>,
    pattern: &ast::Pattern,
    positive: bool,
) -> Type<'db> {
    pattern::narrow_pattern(&Narrower { db, file }, ty, pattern, positive, 0)
}

pub(crate) struct Narrower<'db> {
    pub db: &'db dyn Db,
    pub file: File,
}

impl<'db> Narrower<'db> {
    pub fn expr_type(&self, expr: &Expr) -> Type<'db> {
        crate::infer::expression_type(self.db, self.file, expr)
    }

    /// `ty` narrowed by `test` having the truth value `positive`.
    pub fn narrow(
        &self,
        key: &str,
        ty: Type<'db>,
        test: &Expr,
        positive: bool,
        depth: usize,
    ) -> Type<'db> {
        if depth > MAX_NARROW_DEPTH || ty.is_never() {
            return ty;
        }
        let db = self.db;
        match test {
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => {
                self.narrow(key, ty, &u.operand, !positive, depth + 1)
            }
            Expr::BoolOp(b) => {
                let is_and = matches!(b.op, ast::BoolOp::And);
                if is_and == positive {
                    // All operands hold (`a and b` true, `a or b` false).
                    let mut ty = ty;
                    for v in &b.values {
                        ty = self.narrow(key, ty, v, positive, depth + 1);
                    }
                    ty
                } else {
                    // Some operand decides: the union of each case.
                    union(
                        db,
                        b.values
                            .iter()
                            .map(|v| self.narrow(key, ty, v, positive, depth + 1))
                            .collect::<Vec<_>>(),
                    )
                }
            }
            Expr::NamedExpr(n) => {
                if is_subject(&n.target, key) {
                    forms::truthiness(db, ty, positive)
                } else {
                    // `(y := x)`: the walrus value is the test.
                    self.narrow(key, ty, &n.value, positive, depth + 1)
                }
            }
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) if is_subject(test, key) => {
                forms::truthiness(db, ty, positive)
            }
            Expr::Compare(c) if c.ops.len() == 1 && c.comparators.len() == 1 => {
                self.narrow_compare(key, ty, &c.left, c.ops[0], &c.comparators[0], positive)
            }
            Expr::Call(call) => self.narrow_call(key, ty, call, positive),
            _ => ty,
        }
    }

    fn narrow_compare(
        &self,
        key: &str,
        ty: Type<'db>,
        left: &Expr,
        op: ast::CmpOp,
        right: &Expr,
        positive: bool,
    ) -> Type<'db> {
        use ast::CmpOp;
        let db = self.db;
        if let Some(t) = forms::narrow_compare_extra(self, key, ty, left, op, right, positive) {
            return t;
        }
        // `None is x`, `"a" == x`: put the subject on the left.
        let (left, right) = if !is_subject(left, key) && is_subject(right, key) {
            match op {
                CmpOp::Is | CmpOp::IsNot | CmpOp::Eq | CmpOp::NotEq => (right, left),
                _ => return ty,
            }
        } else {
            (left, right)
        };
        if is_subject(left, key) {
            return match op {
                CmpOp::Is | CmpOp::IsNot => {
                    let positive = positive == matches!(op, CmpOp::Is);
                    let value = self.expr_type(right);
                    forms::narrow_is(db, ty, value, positive)
                }
                CmpOp::Eq | CmpOp::NotEq => {
                    let positive = positive == matches!(op, CmpOp::Eq);
                    let value = self.expr_type(right);
                    forms::narrow_eq(db, ty, value, positive)
                }
                CmpOp::In | CmpOp::NotIn => {
                    let positive = positive == matches!(op, CmpOp::In);
                    forms::narrow_in(self, ty, right, positive)
                }
                _ => ty,
            };
        }
        match left {
            // `type(x) is C`, `type(x) == C`
            Expr::Call(call)
                if is_builtin_call(call, "type", 1) && is_subject(&call.args[0], key) =>
            {
                match op {
                    CmpOp::Is | CmpOp::Eq => forms::narrow_type_is(self, ty, right, positive),
                    CmpOp::IsNot | CmpOp::NotEq => {
                        forms::narrow_type_is(self, ty, right, !positive)
                    }
                    _ => ty,
                }
            }
            // `len(t) == n`
            Expr::Call(call)
                if is_builtin_call(call, "len", 1) && is_subject(&call.args[0], key) =>
            {
                let Some(n) = int_literal(right) else {
                    return ty;
                };
                forms::narrow_len(db, ty, op, n, positive)
            }
            // `t[0] == "a"`: discriminate a union of tuples by an element.
            Expr::Subscript(s) if is_subject(&s.value, key) => {
                let Some(i) = int_literal(&s.slice) else {
                    return ty;
                };
                match op {
                    CmpOp::Eq | CmpOp::NotEq | CmpOp::Is | CmpOp::IsNot => {
                        let eq = matches!(op, CmpOp::Eq | CmpOp::Is);
                        let value = self.expr_type(right);
                        forms::narrow_tuple_discriminant(db, ty, i, value, positive == eq)
                    }
                    _ => ty,
                }
            }
            // `ev.kind == "click"`: discriminate a union by a literal member.
            Expr::Attribute(a) if is_subject(&a.value, key) => match op {
                CmpOp::Eq | CmpOp::NotEq | CmpOp::Is | CmpOp::IsNot => {
                    let eq = matches!(op, CmpOp::Eq | CmpOp::Is);
                    let value = self.expr_type(right);
                    forms::narrow_discriminant(self, ty, a.attr.as_str(), value, positive == eq)
                }
                _ => ty,
            },
            _ => ty,
        }
    }

    fn narrow_call(
        &self,
        key: &str,
        ty: Type<'db>,
        call: &ast::ExprCall,
        positive: bool,
    ) -> Type<'db> {
        let Some(first) = call.args.first() else {
            return ty;
        };
        if !is_subject(first, key) || !call.keywords.is_empty() {
            return ty;
        }
        if let Expr::Name(func) = call.func.as_ref() {
            let builtin = self.is_builtin(func.id.as_str(), &call.func);
            match func.id.as_str() {
                "isinstance" if builtin && call.args.len() == 2 => {
                    return match forms::class_info(self, &call.args[1], 0) {
                        Some(classes) => forms::narrow_isinstance(self.db, ty, &classes, positive),
                        None => ty,
                    };
                }
                "issubclass" if builtin && call.args.len() == 2 => {
                    return match forms::class_info(self, &call.args[1], 0) {
                        Some(classes) => forms::narrow_issubclass(self.db, ty, &classes, positive),
                        None => ty,
                    };
                }
                "bool" if builtin && call.args.len() == 1 => {
                    return forms::truthiness(self.db, ty, positive);
                }
                "callable" if builtin && call.args.len() == 1 => {
                    return forms::narrow_callable(self, ty, positive);
                }
                "hasattr" if builtin && call.args.len() == 2 => {
                    if let Expr::Constant(ast::ExprConstant {
                        value: ast::Constant::Str(attr),
                        ..
                    }) = &call.args[1]
                    {
                        return forms::narrow_hasattr(self, ty, attr, positive);
                    }
                    return ty;
                }
                _ => {}
            }
        }
        guard::narrow_user_guard(self, ty, call, positive)
    }

    /// Whether `name` refers to the builtin of that name (not a local
    /// shadowing it).
    fn is_builtin(&self, name: &str, func: &Expr) -> bool {
        let ty = self.expr_type(func);
        match (ty, crate::semantic::builtins_symbol(self.db, name)) {
            (t, Some(b)) => t == b || t.is_dynamic(),
            _ => false,
        }
    }
}

fn is_builtin_call(call: &ast::ExprCall, name: &str, args: usize) -> bool {
    matches!(call.func.as_ref(), Expr::Name(n) if n.id.as_str() == name)
        && call.args.len() == args
        && call.keywords.is_empty()
}

fn int_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Constant(c) => match &c.value {
            ast::Constant::Int(i) => i.to_string().parse().ok(),
            _ => None,
        },
        _ => None,
    }
}
