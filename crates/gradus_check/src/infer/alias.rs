//! Type aliases: implicit, explicit (`TypeAlias`), PEP 695 `type` statements
//! and `TypeAliasType(...)` calls.
//!
//! ```python
//! Pair = tuple[int, int]               # implicit: a type-shaped assignment
//! Level: TypeAlias = int | str         # explicit
//! type Tree[T] = T | list[Tree[T]]     # a `type` statement (lazily evaluated)
//! Box = TypeAliasType("Box", list[T], type_params=(T,))
//! def f(p: Pair, t: Tree[int], b: Box[str], raw: Box) -> None: ...  # raw: list[Any]
//! ```
//!
//! In a type expression a name bound to an alias denotes the alias's value
//! ([`alias_info`]); `Alias[args]` substitutes the alias's type parameters
//! (checking their number and bounds), and a generic alias used bare has its
//! parameters replaced by `Unknown`. Aliases are followed through
//! `from m import Alias`.
//!
//! Recursive aliases (`Json = list["Json"] | int`) are unrolled a bounded
//! number of levels: a reference to an alias whose value is being evaluated
//! re-evaluates that value inline, up to [`MAX_UNROLL`] nested copies and
//! [`UNROLL_BUDGET`] evaluations in all, past which the reference is
//! `Unknown` (so checks deeper than that are lenient, and nothing hangs). A
//! reference that is not under a class's or tuple's arguments (`type A = A`,
//! `X = Union["X", int]`) can never be unrolled: the alias is cyclic.
//!
//! The evaluation stack is thread-local: a query evaluating an alias reads
//! it, so the same alias may be memoized unrolled from different depths —
//! harmless, as every unrolling denotes the same type.

use std::cell::RefCell;

use gradus_db::{Db, File};
use gradus_index::{locate, use_def_map, DefinitionId, DefinitionKind, ScopeId};
use gradus_resolve::{resolve_module, resolve_relative_import};
use gradus_syntax::ast::{self, Expr, Ranged};
use gradus_syntax::TextRange;
use gradus_types::{
    CallableType, ClassType, Signature, SpecialForm, Type, TypeVarKind, TypeVarType,
};

use super::expr::ExprInferrer;
use super::generics::{substitute, Substitution};
use crate::rules::{INVALID_TYPE_ALIAS, INVALID_TYPE_FORM};
use crate::semantic::parsed;

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_ALIAS_HOPS;
// Budget: see `gradus_budgets`.
pub use gradus_budgets::MAX_ALIAS_UNROLL as MAX_UNROLL;
// Budget: see `gradus_budgets`.
pub use gradus_budgets::ALIAS_UNROLL_BUDGET as UNROLL_BUDGET;
// Budget: see `gradus_budgets`.
use gradus_budgets::ALIAS_MAX_WALK_DEPTH as MAX_WALK_DEPTH;

/// How an alias is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasKind {
    /// `X = list[int]`.
    Implicit,
    /// `X: TypeAlias = list[int]`.
    Explicit,
    /// `type X = list[int]`.
    Statement,
    /// `X = TypeAliasType("X", list[int])`.
    TypeAliasType,
    /// `X = [int]`: an assignment that cannot be a type, used as one.
    Invalid,
}

/// What an alias denotes.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct AliasInfo<'db> {
    pub kind: AliasKind,
    /// The aliased type (with the type parameters free).
    pub value: Type<'db>,
    /// The type parameters, in order (empty when the alias is not generic).
    pub params: Vec<TypeVarType<'db>>,
    /// The value refers to the alias itself outside any class's arguments.
    pub cyclic: bool,
}

/// What an alias definition denotes, if it is one.
#[salsa::tracked(returns(ref), cycle_result = alias_info_cycle)]
pub fn alias_info<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Option<AliasInfo<'db>> {
    let _boundary = crate::firewall::query_boundary();
    evaluate_alias(db, file, definition, true)
}

fn alias_info_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _file: File,
    _definition: DefinitionId,
) -> Option<AliasInfo<'db>> {
    Some(AliasInfo {
        kind: AliasKind::Implicit,
        value: Type::UNKNOWN,
        params: Vec::new(),
        cyclic: false,
    })
}

// ---------------------------------------------------------------------------
// The evaluation stack.

struct Frame {
    file: File,
    definition: DefinitionId,
    /// Entered from under a class's arguments of the frame below.
    guarded_entry: bool,
    cyclic: bool,
    /// The frame of a query (not of an inline unrolling): copies and the
    /// budget count from here, so a memoized value does not depend on the
    /// evaluations around it.
    query: bool,
}

#[derive(Default)]
struct EvalState {
    frames: Vec<Frame>,
    /// The current evaluation is under a class's or tuple's arguments.
    guarded: bool,
    budget: usize,
}

thread_local! {
    static STATE: RefCell<EvalState> = RefCell::new(EvalState::default());
}

/// Pops its frame when dropped (also when a query unwinds).
struct FrameGuard {
    saved_guarded: bool,
    saved_budget: Option<usize>,
}

impl FrameGuard {
    fn push(file: File, definition: DefinitionId, query: bool) -> FrameGuard {
        STATE.with(|s| {
            let mut s = s.borrow_mut();
            let saved_budget = query.then(|| std::mem::replace(&mut s.budget, UNROLL_BUDGET));
            let guarded = s.guarded;
            s.frames.push(Frame {
                file,
                definition,
                guarded_entry: guarded,
                cyclic: false,
                query,
            });
            s.guarded = false;
            FrameGuard {
                saved_guarded: guarded,
                saved_budget,
            }
        })
    }

    fn cyclic(&self) -> bool {
        STATE.with(|s| s.borrow().frames.last().is_some_and(|f| f.cyclic))
    }
}

impl Drop for FrameGuard {
    fn drop(&mut self) {
        STATE.with(|s| {
            let mut s = s.borrow_mut();
            s.frames.pop();
            s.guarded = self.saved_guarded;
            if let Some(budget) = self.saved_budget {
                s.budget = budget;
            }
        });
    }
}

/// Marks what follows as under a class's (or tuple's, callable's) type
/// arguments, where a recursive reference can be unrolled; returns the
/// previous state for [`restore_guarded`].
pub fn set_guarded(guarded: bool) -> bool {
    STATE.with(|s| std::mem::replace(&mut s.borrow_mut().guarded, guarded))
}

pub fn restore_guarded(previous: bool) {
    STATE.with(|s| s.borrow_mut().guarded = previous);
}

fn is_on_stack(file: File, definition: DefinitionId) -> bool {
    STATE.with(|s| {
        s.borrow()
            .frames
            .iter()
            .any(|f| f.file == file && f.definition == definition)
    })
}

/// What a reference to an alias does, given the evaluation stack.
enum Reference {
    /// Not being evaluated: ask the query.
    Fresh,
    /// Being evaluated, under class arguments: unroll one more level.
    Inline,
    /// Being evaluated, not under class arguments (or past the budget).
    Stop,
}

fn classify_reference(file: File, definition: DefinitionId) -> Reference {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let Some(first) = s
            .frames
            .iter()
            .position(|f| f.file == file && f.definition == definition)
        else {
            return Reference::Fresh;
        };
        let last = s
            .frames
            .iter()
            .rposition(|f| f.file == file && f.definition == definition)
            .unwrap_or(first);
        let unguarded = !s.guarded && s.frames[last + 1..].iter().all(|f| !f.guarded_entry);
        if unguarded {
            for f in &mut s.frames[last..] {
                f.cyclic = true;
            }
            return Reference::Stop;
        }
        let base = s.frames.iter().rposition(|f| f.query).unwrap_or(0);
        let copies = s.frames[base..]
            .iter()
            .filter(|f| f.file == file && f.definition == definition)
            .count();
        if copies >= MAX_UNROLL || s.budget == 0 {
            return Reference::Stop;
        }
        s.budget -= 1;
        Reference::Inline
    })
}

// ---------------------------------------------------------------------------
// Evaluation.

/// Whether `expr` (an assigned value) has the shape of a type expression
/// that is not itself a plain class reference.
fn is_type_shaped(expr: &Expr) -> bool {
    match expr {
        Expr::Subscript(s) => matches!(
            s.value.as_ref(),
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_)
        ),
        Expr::BinOp(b) => {
            matches!(b.op, ast::Operator::BitOr)
                && (is_type_operand(&b.left) && is_type_operand(&b.right))
        }
        _ => false,
    }
}

fn is_type_operand(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => true,
        Expr::Constant(c) => matches!(c.value, ast::Constant::None | ast::Constant::Str(_)),
        Expr::BinOp(_) => is_type_shaped(expr),
        _ => false,
    }
}

/// Whether an assigned value can never be used as a type (`[int]`,
/// `int if c else str`, `eval("int")`, `1`): an annotation naming it is
/// an error.
fn is_never_a_type(inferrer: &mut ExprInferrer<'_>, expr: &Expr) -> bool {
    match expr {
        Expr::List(_)
        | Expr::Tuple(_)
        | Expr::Dict(_)
        | Expr::Set(_)
        | Expr::ListComp(_)
        | Expr::SetComp(_)
        | Expr::DictComp(_)
        | Expr::GeneratorExp(_)
        | Expr::Lambda(_)
        | Expr::IfExp(_)
        | Expr::BoolOp(_)
        | Expr::Compare(_)
        | Expr::JoinedStr(_) => true,
        Expr::Constant(c) => !matches!(c.value, ast::Constant::None | ast::Constant::Ellipsis),
        Expr::Subscript(s) => !matches!(
            s.value.as_ref(),
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_)
        ),
        // A call makes a type only through a class or a known factory
        // (`TypeVar(...)`, `NewType(...)`, `namedtuple(...)`).
        Expr::Call(call) => match call.func.as_ref() {
            Expr::Name(_) | Expr::Attribute(_) => {
                let callee = inferrer.infer_expr(&call.func);
                match callee {
                    Type::Function(f) => {
                        !matches!(
                            f.name(inferrer.db).as_str(),
                            "namedtuple" | "NewType" | "TypeVar" | "ParamSpec" | "TypeVarTuple"
                        ) && !may_be_a_class(inferrer.db, inferrer.infer_expr(expr))
                    }
                    Type::BoundMethod(_) | Type::Callable(_) => true,
                    _ => false,
                }
            }
            _ => true,
        },
        _ => false,
    }
}

/// Whether a value may be a class: a function that returns its class
/// argument (`C = add_hash(C)`) rebinds a class, not a variable. An
/// explicit `Any` (`eval(...)`) is not taken for one; an unannotated
/// function's `Unknown` is.
fn may_be_a_class(db: &dyn Db, ty: Type<'_>) -> bool {
    match ty {
        Type::ClassObject(_) | Type::SubclassOf(_) => true,
        Type::Dynamic(kind) => kind != gradus_types::DynamicKind::Any,
        Type::Instance(c) => c.is_known(db, gradus_types::KnownClass::Type),
        _ => false,
    }
}

/// `TypeAliasType("X", value, type_params=(...))`: the call, if `expr` is one.
fn type_alias_type_call(expr: &Expr) -> Option<&ast::ExprCall> {
    let Expr::Call(call) = expr else { return None };
    let name = match call.func.as_ref() {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return None,
    };
    (name == "TypeAliasType").then_some(call)
}

/// The value argument of a `TypeAliasType(...)` call.
pub fn type_alias_type_value(call: &ast::ExprCall) -> Option<&Expr> {
    call.args.get(1).or_else(|| {
        call.keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "value"))
            .map(|k| &k.value)
    })
}

/// The `type_params=` argument of a `TypeAliasType(...)` call.
pub fn type_alias_type_params(call: &ast::ExprCall) -> Option<&Expr> {
    call.keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "type_params"))
        .map(|k| &k.value)
}

/// Whether the annotation of `X: A = ...` is `TypeAlias`.
fn is_type_alias_annotation(db: &dyn Db, file: File, ann: &Expr) -> bool {
    let syntactic = matches!(ann, Expr::Name(n) if n.id.as_str() == "TypeAlias")
        || matches!(ann, Expr::Attribute(a) if a.attr.as_str() == "TypeAlias");
    syntactic
        || (matches!(ann, Expr::Name(_) | Expr::Attribute(_))
            && matches!(
                ExprInferrer::new(db, file, false).infer_expr(ann),
                Type::SpecialForm(SpecialForm::TypeAlias)
            ))
}

/// Cheap syntactic test: could `definition` be an alias?
fn may_be_alias(db: &dyn Db, file: File, definition: DefinitionId) -> bool {
    let index = crate::firewall::index(db, file);
    match &index.definition(definition).kind {
        DefinitionKind::Assignment { unpack, .. } => unpack.is_empty(),
        DefinitionKind::AnnotatedAssignment { value, .. } => value.is_some(),
        DefinitionKind::TypeAlias { .. } => true,
        _ => false,
    }
}

fn evaluate_alias<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
    query: bool,
) -> Option<AliasInfo<'db>> {
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    let mut probe = ExprInferrer::new(db, file, false);
    let (kind, value_expr) = match &index.definition(definition).kind {
        DefinitionKind::Assignment { value, unpack } if unpack.is_empty() => {
            let expr = locate::find_expr(&module, *value)?;
            if let Some(call) = type_alias_type_call(expr) {
                match probe.infer_expr(&call.func) {
                    Type::ClassObject(c) if c.name(db) == "TypeAliasType" => {}
                    _ => return None,
                }
                (AliasKind::TypeAliasType, type_alias_type_value(call)?)
            } else if is_type_shaped(expr) {
                (AliasKind::Implicit, expr)
            } else if is_never_a_type(&mut probe, expr) {
                return Some(AliasInfo {
                    kind: AliasKind::Invalid,
                    value: Type::UNKNOWN,
                    params: Vec::new(),
                    cyclic: false,
                });
            } else {
                return None;
            }
        }
        DefinitionKind::AnnotatedAssignment {
            annotation,
            value: Some(value),
        } => {
            let ann = locate::find_expr(&module, *annotation)?;
            if !is_type_alias_annotation(db, file, ann) {
                return None;
            }
            (AliasKind::Explicit, locate::find_expr(&module, *value)?)
        }
        DefinitionKind::TypeAlias { value, .. } => {
            (AliasKind::Statement, locate::find_expr(&module, *value)?)
        }
        _ => return None,
    };
    let frame = FrameGuard::push(file, definition, query);
    let mut inferrer = ExprInferrer::new(db, file, false);
    inferrer.deferred = kind == AliasKind::Statement;
    let value = inferrer.annotation_type(value_expr);
    let params = match kind {
        AliasKind::Statement => statement_params(db, file, definition),
        AliasKind::TypeAliasType => {
            let call = locate::find_expr(
                &module,
                match &index.definition(definition).kind {
                    DefinitionKind::Assignment { value, .. } => *value,
                    _ => TextRange::default(),
                },
            )
            .and_then(type_alias_type_call);
            let mut params = Vec::new();
            if let Some(Expr::Tuple(t)) = call.and_then(type_alias_type_params) {
                for e in &t.elts {
                    if let Type::TypeVar(tv) = inferrer.infer_expr(e) {
                        if !params.contains(&tv) {
                            params.push(tv);
                        }
                    }
                }
            }
            params
        }
        _ => {
            let mut params = Vec::new();
            legacy_params(&mut inferrer, value_expr, &mut params, 0);
            for tv in super::generics::type_vars_in(db, value) {
                if !params.contains(&tv) {
                    params.push(tv);
                }
            }
            params
        }
    };
    let cyclic = frame.cyclic();
    drop(frame);
    Some(AliasInfo {
        kind,
        value: if cyclic { Type::UNKNOWN } else { value },
        params,
        cyclic,
    })
}

/// The type parameters of `type X[...] = ...`.
fn statement_params<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Vec<TypeVarType<'db>> {
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    let DefinitionKind::TypeAlias { stmt, .. } = index.definition(definition).kind else {
        return Vec::new();
    };
    let Some(ast::Stmt::TypeAlias(t)) = locate::find_stmt(&module, stmt) else {
        return Vec::new();
    };
    t.type_params
        .iter()
        .filter_map(|p| index.definition_at(p.range()))
        .filter_map(
            |def| match crate::semantic::definition_type(db, file, def) {
                Type::TypeVar(tv) => Some(tv),
                _ => None,
            },
        )
        .collect()
}

/// The type variables named in a legacy alias's value, in order (strings
/// are not read: their variables are added from the evaluated value).
fn legacy_params<'db>(
    inferrer: &mut ExprInferrer<'db>,
    expr: &Expr,
    out: &mut Vec<TypeVarType<'db>>,
    depth: usize,
) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    match expr {
        Expr::Name(n) => {
            if let Some((file, def)) =
                alias_definition_for_name(inferrer.db, inferrer.file, n, false)
            {
                if is_on_stack(file, def)
                    || alias_info(inferrer.db, file, def)
                        .as_ref()
                        .is_some_and(|i| i.kind != AliasKind::Invalid)
                {
                    return;
                }
            }
            if let Type::TypeVar(tv) = inferrer.infer_expr(expr) {
                if !out.contains(&tv) {
                    out.push(tv);
                }
            }
        }
        Expr::Subscript(s) => {
            legacy_params(inferrer, &s.slice, out, depth + 1);
        }
        Expr::Tuple(t) => {
            for e in &t.elts {
                legacy_params(inferrer, e, out, depth + 1);
            }
        }
        Expr::List(l) => {
            for e in &l.elts {
                legacy_params(inferrer, e, out, depth + 1);
            }
        }
        Expr::BinOp(b) => {
            legacy_params(inferrer, &b.left, out, depth + 1);
            legacy_params(inferrer, &b.right, out, depth + 1);
        }
        Expr::Starred(s) => legacy_params(inferrer, &s.value, out, depth + 1),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Name lookup.

/// The alias definition a name in a type expression may refer to,
/// following imports (`deferred`: the name sees its scope's final bindings,
/// as in a `type` statement's value).
pub fn alias_definition_for_name(
    db: &dyn Db,
    file: File,
    name: &ast::ExprName,
    deferred: bool,
) -> Option<(File, DefinitionId)> {
    let index = crate::firewall::index(db, file);
    let id = name.id.as_str();
    let (scope, defs) = match index.use_at(name.range) {
        Some((scope, use_id))
            if !deferred
                && index
                    .symbol_table(scope)
                    .symbol_by_name(id)
                    .is_some_and(|s| s.is_local()) =>
        {
            let use_def = use_def_map(db, file, scope);
            let defs: Vec<_> = use_def.bindings_at_use(use_id).definitions().collect();
            (scope, defs)
        }
        other => {
            let from = other
                .map(|(s, _)| s)
                .unwrap_or_else(|| crate::semantic::scope_at(db, file, name.range.start()));
            let scope = index.resolve_name(from, id)?;
            (scope, end_of_scope_definitions(db, file, scope, id))
        }
    };
    alias_from_definitions(db, file, scope, &defs, 0)
}

fn end_of_scope_definitions(
    db: &dyn Db,
    file: File,
    scope: ScopeId,
    name: &str,
) -> Vec<gradus_index::ScopedDefinitionId> {
    let index = crate::firewall::index(db, file);
    let Some(symbol) = index.symbol_table(scope).symbol_id(name) else {
        return Vec::new();
    };
    use_def_map(db, file, scope)
        .end_of_scope_bindings(symbol)
        .definitions()
        .collect()
}

fn alias_from_definitions(
    db: &dyn Db,
    file: File,
    scope: ScopeId,
    defs: &[gradus_index::ScopedDefinitionId],
    hops: usize,
) -> Option<(File, DefinitionId)> {
    if hops > MAX_ALIAS_HOPS {
        return None;
    }
    let [def] = defs else { return None };
    let definition = DefinitionId { scope, id: *def };
    let index = crate::firewall::index(db, file);
    match &index.definition(definition).kind {
        DefinitionKind::ImportFrom {
            module,
            level,
            name,
            ..
        } => {
            let absolute = if *level == 0 {
                module.clone()?
            } else {
                resolve_relative_import(db, file, *level, module.as_deref())?
            };
            let target = resolve_module(db, &absolute).file()?;
            if target == file {
                return None;
            }
            let defs = end_of_scope_definitions(db, target, ScopeId::MODULE, name);
            alias_from_definitions(db, target, ScopeId::MODULE, &defs, hops + 1)
        }
        _ => may_be_alias(db, file, definition).then_some((file, definition)),
    }
}

// ---------------------------------------------------------------------------
// Use in type expressions.

impl<'db> ExprInferrer<'db> {
    /// The alias definition a name or `module.name` in a type expression
    /// may refer to.
    pub(crate) fn alias_definition_for(&mut self, expr: &Expr) -> Option<(File, DefinitionId)> {
        let db = self.db;
        match expr {
            Expr::Name(name) => {
                let deferred = self.names_deferred();
                alias_definition_for_name(db, self.file, name, deferred)
            }
            Expr::Attribute(attr) => {
                if !matches!(attr.value.as_ref(), Expr::Name(_) | Expr::Attribute(_)) {
                    return None;
                }
                let Type::Module(module) = self.infer_expr(&attr.value) else {
                    return None;
                };
                let target = module.file(db)?;
                let name = attr.attr.as_str();
                let defs = end_of_scope_definitions(db, target, ScopeId::MODULE, name);
                alias_from_definitions(db, target, ScopeId::MODULE, &defs, 0)
            }
            _ => None,
        }
    }

    /// The type a reference to alias `definition` denotes: `args` are the
    /// subscript's items (`None` for a bare reference). `None` when the
    /// definition is not an alias after all.
    pub(crate) fn alias_reference(
        &mut self,
        file: File,
        definition: DefinitionId,
        name: &str,
        args: Option<&[&Expr]>,
        range: TextRange,
    ) -> Option<Type<'db>> {
        let db = self.db;
        let info = match classify_reference(file, definition) {
            Reference::Fresh => alias_info(db, file, definition).clone()?,
            Reference::Inline => evaluate_alias(db, file, definition, false)?,
            Reference::Stop => {
                if let Some(args) = args {
                    for a in args {
                        self.alias_argument(a);
                    }
                }
                return Some(Type::UNKNOWN);
            }
        };
        if info.kind == AliasKind::Invalid {
            self.report(
                range,
                INVALID_TYPE_FORM.code,
                format!("`{name}` is a variable: it is not valid in a type expression"),
            );
            return Some(Type::UNKNOWN);
        }
        let Some(args) = args else {
            // A generic alias used bare: its parameters are `Unknown`.
            let subst: Substitution<'db> =
                info.params.iter().map(|&p| (p, Type::UNKNOWN)).collect();
            return Some(substitute(db, info.value, &subst));
        };
        Some(self.specialize_alias(&info, name, args, range))
    }

    fn alias_argument(&mut self, expr: &Expr) -> Type<'db> {
        match expr {
            // A `ParamSpec`'s parameter list.
            Expr::List(l) => {
                for e in &l.elts {
                    self.annotation_type(e);
                }
                Type::TODO
            }
            Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis) => Type::UNKNOWN,
            // A `ParamSpec` passed on (`Alias[P]`).
            Expr::Name(_) | Expr::Attribute(_)
                if matches!(self.infer_expr(expr),
                    Type::TypeVar(tv) if tv.kind(self.db) == TypeVarKind::ParamSpec) =>
            {
                self.infer_expr(expr)
            }
            _ => {
                let saved = set_guarded(true);
                let ty = self.annotation_type(expr);
                restore_guarded(saved);
                ty
            }
        }
    }

    fn specialize_alias(
        &mut self,
        info: &AliasInfo<'db>,
        name: &str,
        items: &[&Expr],
        range: TextRange,
    ) -> Type<'db> {
        let db = self.db;
        let args: Vec<Type<'db>> = items.iter().map(|e| self.alias_argument(e)).collect();
        if info.params.is_empty() {
            if !info.value.is_dynamic() {
                self.report(
                    range,
                    INVALID_TYPE_FORM.code,
                    format!("Type alias `{name}` is not generic (or is already specialized)"),
                );
            }
            return info.value;
        }
        let kinds: Vec<TypeVarKind> = info.params.iter().map(|p| p.kind(db)).collect();
        // A `TypeVarTuple` takes any number of arguments (not modelled:
        // from it on, parameters are `Unknown`); an alias with a single
        // `ParamSpec` takes `A[int, str]` as `A[[int, str]]`.
        let variadic = kinds.iter().position(|k| *k == TypeVarKind::TypeVarTuple);
        let single_param_spec = kinds.len() == 1 && kinds[0] == TypeVarKind::ParamSpec;
        if let Some(k) = variadic {
            if let Some(subst) = self.variadic_alias_substitution(info, name, items, k, range) {
                return substitute(db, info.value, &subst);
            }
        } else if let Some(item) = items.iter().find(|i| self.unpacked_operand(i).is_some()) {
            self.report(
                item.range(),
                INVALID_TYPE_FORM.code,
                format!("Type alias `{name}` has no TypeVarTuple to take an unpacked argument"),
            );
            return Type::UNKNOWN;
        }
        if variadic.is_none() && !single_param_spec {
            let required = info
                .params
                .iter()
                .rposition(|p| p.default(db).is_none())
                .map_or(0, |i| i + 1);
            if args.len() > info.params.len() || args.len() < required {
                let expected = if required == info.params.len() {
                    info.params.len().to_string()
                } else {
                    format!("{required} to {}", info.params.len())
                };
                let which = if args.len() > info.params.len() {
                    "Too many"
                } else {
                    "Too few"
                };
                self.report(
                    range,
                    INVALID_TYPE_FORM.code,
                    format!(
                        "{which} type arguments for type alias `{name}`: expected {expected}, got {}",
                        args.len()
                    ),
                );
            }
        }
        let mut subst: Substitution<'db> = Vec::with_capacity(info.params.len());
        let mut param_lists: Vec<(TypeVarType<'db>, Signature<'db>)> = Vec::new();
        for (i, &param) in info.params.iter().enumerate() {
            if single_param_spec {
                let sig = match items {
                    [one] => self.parameter_list_expression(one, 0),
                    _ => None,
                }
                .unwrap_or_else(|| Signature {
                    parameters: args
                        .iter()
                        .map(|&ty| gradus_types::Parameter {
                            name: None,
                            kind: gradus_types::ParameterKind::PositionalOnly,
                            ty,
                            has_default: false,
                        })
                        .collect(),
                    return_type: Type::UNKNOWN,
                    gradual: false,
                });
                param_lists.push((param, sig));
                subst.push((param, Type::UNKNOWN));
                continue;
            }
            let bindable = variadic.is_none_or(|v| i < v);
            let item = items.get(i).filter(|_| bindable);
            let default = || param.default(db).unwrap_or(Type::UNKNOWN);
            match (item, kinds[i]) {
                (Some(item), TypeVarKind::TypeVar | TypeVarKind::SelfType) => {
                    self.check_alias_bound(param, args[i], item, name);
                    subst.push((param, args[i]));
                }
                (Some(item), TypeVarKind::ParamSpec) => {
                    let sig = match item {
                        Expr::List(_) | Expr::Subscript(_) | Expr::Constant(_) => {
                            self.parameter_list_expression(item, 0)
                        }
                        _ => match args[i] {
                            Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::ParamSpec => {
                                Some(Signature::param_spec(Type::TypeVar(tv), Type::UNKNOWN))
                            }
                            other if other.is_dynamic() => Some(Signature::gradual(Type::UNKNOWN)),
                            _ => None,
                        },
                    };
                    match sig {
                        Some(sig) => param_lists.push((param, sig)),
                        None => self.report(
                            item.range(),
                            INVALID_TYPE_FORM.code,
                            format!(
                                "The argument for `ParamSpec` `{}` of type alias `{name}` must be a parameter list (`[int, str]`), `...` or a `ParamSpec`",
                                param.name(db)
                            ),
                        ),
                    }
                    subst.push((param, Type::UNKNOWN));
                }
                (None, TypeVarKind::TypeVar | TypeVarKind::SelfType) if bindable => {
                    subst.push((param, default()));
                }
                _ => subst.push((param, Type::UNKNOWN)),
            }
        }
        let value = if param_lists.is_empty() {
            info.value
        } else {
            substitute_param_lists(db, info.value, &param_lists, 0)
        };
        substitute(db, value, &subst)
    }

    /// The substitution of `Alias[...]` for an alias whose parameter `k`
    /// is a TypeVarTuple and whose others are type variables: the
    /// arguments are read as the elements of a tuple (`*tuple[int, ...]`
    /// and `*Ts` included); the parameters before and after `k` take the
    /// first and last of them and the TypeVarTuple the rest.
    ///
    /// ```python
    /// A = tuple[int, *Ts, T]
    /// A[str, *tuple[float, ...], bytes]  # tuple[int, str, *tuple[float, ...], bytes]
    /// ```
    ///
    /// `None` when the parameters are of other kinds (not modelled).
    fn variadic_alias_substitution(
        &mut self,
        info: &AliasInfo<'db>,
        name: &str,
        items: &[&Expr],
        k: usize,
        range: TextRange,
    ) -> Option<Substitution<'db>> {
        let db = self.db;
        let params = &info.params;
        if params.iter().enumerate().any(|(i, p)| {
            i != k && !matches!(p.kind(db), TypeVarKind::TypeVar | TypeVarKind::SelfType)
        }) || items
            .iter()
            .any(|e| matches!(e, Expr::List(_) | Expr::Constant(_)))
        {
            return None;
        }
        let saved = set_guarded(true);
        let packed = self.tuple_type_expression(items, 0);
        restore_guarded(saved);
        let Type::Tuple(packed) = packed else {
            return None;
        };
        let (before, after) = (k, params.len() - k - 1);
        let elements = packed.elements(db);
        let is_unpacked_var = |e: &Type<'db>| matches!(e, Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::TypeVarTuple);
        // The elements the parameters around the TypeVarTuple take: they
        // must be single types (not a `*Ts` nor in the unbounded part).
        let (head, tail) = if packed.is_fixed(db) {
            (elements.as_slice(), elements.as_slice())
        } else {
            (packed.prefix(db), packed.suffix(db))
        };
        let fits = head.len() >= before
            && tail.len() >= after
            && (!packed.is_fixed(db) || elements.len() >= before + after)
            && !head[..before].iter().any(is_unpacked_var)
            && !tail[tail.len() - after..].iter().any(is_unpacked_var);
        if !fits {
            let message = if packed.is_fixed(db) && !elements.iter().any(is_unpacked_var) {
                format!(
                    "Too few type arguments for type alias `{name}`: expected at least {}, got {}",
                    before + after,
                    elements.len()
                )
            } else {
                format!(
                    "The type arguments of type alias `{name}` cannot bind the type variables around `*{}`",
                    params[k].name(db)
                )
            };
            self.report(range, INVALID_TYPE_FORM.code, message);
            return Some(params.iter().map(|&p| (p, Type::UNKNOWN)).collect());
        }
        let mut subst: Substitution<'db> = Vec::with_capacity(params.len());
        for (i, &p) in params[..before].iter().enumerate() {
            subst.push((p, head[i]));
        }
        let middle = elements[before..elements.len() - after].to_vec();
        let variadic = packed.variadic(db).map(|v| v - before);
        subst.push((
            params[k],
            Type::Tuple(gradus_types::TupleType::new(db, middle, variadic)),
        ));
        for (j, &p) in params[k + 1..].iter().enumerate() {
            subst.push((p, tail[tail.len() - after + j]));
        }
        Some(subst)
    }

    fn check_alias_bound(
        &mut self,
        param: TypeVarType<'db>,
        arg: Type<'db>,
        item: &Expr,
        name: &str,
    ) {
        let db = self.db;
        if arg.is_dynamic() || super::generics::contains_type_vars(db, arg) {
            return;
        }
        let constraints = param.constraints(db);
        let satisfied = match param.bound(db) {
            Some(bound) => crate::relation::is_assignable(db, arg, bound),
            None if !constraints.is_empty() => constraints
                .iter()
                .any(|&c| crate::relation::is_assignable(db, arg, c)),
            None => true,
        };
        if satisfied {
            return;
        }
        let bound = param
            .bound(db)
            .unwrap_or_else(|| gradus_types::union(db, constraints.iter().copied()));
        let (a, b) = (self.display(arg), self.display(bound));
        self.report(
            item.range(),
            INVALID_TYPE_FORM.code,
            format!(
                "Type argument `{a}` of type alias `{name}` does not satisfy the bound or constraints `{b}` of `{}`",
                param.name(db)
            ),
        );
    }

    /// Checks a `type X = ...` statement: its value as a type expression,
    /// type variables it uses but does not declare, self-reference.
    pub(crate) fn check_type_alias_statement(&mut self, stmt: &ast::StmtTypeAlias) {
        let db = self.db;
        let saved = std::mem::replace(&mut self.deferred, true);
        self.annotation_type(&stmt.value);
        self.deferred = saved;
        let Some(def) = self.index.definition_at(stmt.name.range()) else {
            return;
        };
        let Some(info) = alias_info(db, self.file, def).clone() else {
            return;
        };
        self.report_cyclic_alias(&info, &stmt.name, stmt.value.range());
        if def.scope == ScopeId::MODULE {
            self.report_unbound_type_vars(&info, stmt.value.range(), "a `type` statement");
        }
    }

    /// Checks `X: TypeAlias = value` (the value as a type expression).
    pub(crate) fn check_explicit_alias(&mut self, target: &Expr, value: &Expr) {
        let db = self.db;
        self.annotation_type(value);
        let Some(def) = self.index.definition_at(target.range()) else {
            return;
        };
        if let Some(info) = alias_info(db, self.file, def).clone() {
            self.report_cyclic_alias(&info, target, value.range());
        }
    }

    /// Checks `X = TypeAliasType("X", value, type_params=(...))`.
    pub(crate) fn check_type_alias_type_call(&mut self, target: &Expr, call: &ast::ExprCall) {
        let db = self.db;
        let Some(value) = type_alias_type_value(call) else {
            return;
        };
        match self.infer_expr(&call.func) {
            Type::ClassObject(c) if c.name(db) == "TypeAliasType" => {}
            _ => return,
        }
        self.annotation_type(value);
        if let Some(params) = type_alias_type_params(call) {
            let literal = matches!(params, Expr::Tuple(t)
                if t.elts.iter().all(|e| matches!(self.infer_expr(e), Type::TypeVar(_))));
            if !literal {
                self.report(
                    params.range(),
                    INVALID_TYPE_ALIAS.code,
                    "`type_params` must be a tuple of type variables written in the call"
                        .to_owned(),
                );
                return;
            }
        }
        let Some(def) = self.index.definition_at(target.range()) else {
            return;
        };
        let Some(info) = alias_info(db, self.file, def).clone() else {
            return;
        };
        self.report_cyclic_alias(&info, target, value.range());
        if def.scope == ScopeId::MODULE {
            self.report_unbound_type_vars(&info, value.range(), "`TypeAliasType`");
        }
    }

    fn report_cyclic_alias(&mut self, info: &AliasInfo<'db>, target: &Expr, range: TextRange) {
        if info.cyclic {
            let name = match target {
                Expr::Name(n) => n.id.to_string(),
                _ => "?".to_owned(),
            };
            self.report(
                range,
                INVALID_TYPE_ALIAS.code,
                format!(
                    "Type alias `{name}` is defined in terms of itself (a circular definition)"
                ),
            );
        }
    }

    fn report_unbound_type_vars(&mut self, info: &AliasInfo<'db>, range: TextRange, what: &str) {
        let db = self.db;
        for tv in super::generics::type_vars_in(db, info.value) {
            if info.params.contains(&tv) {
                continue;
            }
            let name = tv.name(db).clone();
            self.report(
                range,
                INVALID_TYPE_ALIAS.code,
                format!(
                    "Type variable `{name}` is not a type parameter of {what}: list it in its type parameters"
                ),
            );
        }
    }

    /// `Alias()` where the alias is a union (`list | set`): not a class.
    pub(crate) fn check_union_alias_call(&mut self, call: &ast::ExprCall) {
        let db = self.db;
        let Expr::Name(name) = call.func.as_ref() else {
            return;
        };
        let Some((file, def)) = alias_definition_for_name(db, self.file, name, false) else {
            return;
        };
        if is_on_stack(file, def) {
            return;
        }
        let is_union = alias_info(db, file, def).as_ref().is_some_and(|i| {
            matches!(i.kind, AliasKind::Implicit | AliasKind::Explicit)
                && matches!(i.value, Type::Union(_))
        });
        if is_union {
            self.report(
                call.func.range(),
                crate::rules::NOT_CALLABLE.code,
                format!(
                    "Type alias `{}` is a union: it cannot be instantiated",
                    name.id
                ),
            );
        }
    }

    /// `class C(A)` where `A` is a `type` statement alias or a
    /// `TypeAliasType`: not a class.
    pub(crate) fn check_alias_base(&mut self, base: &Expr, ty: Type<'db>) {
        if let Type::ClassObject(c) = ty {
            if crate::newtype::is_newtype(self.db, c.class(self.db)) {
                self.report(
                    base.range(),
                    crate::rules::INVALID_NEWTYPE.code,
                    format!(
                        "NewType `{}` is not a class: it cannot be a base class",
                        c.name(self.db)
                    ),
                );
            }
        }
        if is_type_alias_object(self.db, ty) {
            self.report(
                base.range(),
                INVALID_TYPE_ALIAS.code,
                "A type alias object is not a class: it cannot be a base class".to_owned(),
            );
        }
    }
}

/// Whether `ty` is the runtime object of a `type` statement or of a
/// `TypeAliasType(...)` call.
pub fn is_type_alias_object(db: &dyn Db, ty: Type<'_>) -> bool {
    matches!(ty, Type::Instance(c) if c.name(db) == "TypeAliasType"
        && gradus_resolve::file_to_module(db, c.class(db).file(db))
            .is_some_and(|m| matches!(m.name.as_str(), "typing" | "typing_extensions")))
}

/// The value of the name a `type` statement or `TypeAliasType(...)` binds:
/// an instance of `typing.TypeAliasType`.
pub fn type_alias_object<'db>(db: &'db dyn Db) -> Type<'db> {
    crate::semantic::module_class(db, "typing", "TypeAliasType")
        .map(Type::Instance)
        .unwrap_or(Type::UNKNOWN)
}

/// `ty` with the parameter lists of `Callable[P, R]` (and
/// `Callable[Concatenate[X, P], R]`) replaced per `lists`.
fn substitute_param_lists<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    lists: &[(TypeVarType<'db>, Signature<'db>)],
    depth: usize,
) -> Type<'db> {
    if depth > MAX_WALK_DEPTH {
        return ty;
    }
    let go = |t: Type<'db>| substitute_param_lists(db, t, lists, depth + 1);
    match ty {
        Type::Callable(c) => {
            let sig = c.signature(db);
            let mut parameters: Vec<gradus_types::Parameter<'db>> = sig
                .parameters
                .iter()
                .map(|p| gradus_types::Parameter {
                    ty: go(p.ty),
                    ..p.clone()
                })
                .collect();
            let mut gradual = sig.gradual;
            if let Some(tail) = sig.param_spec_tail(db) {
                if let Some((_, list)) = lists.iter().find(|(p, _)| *p == tail) {
                    parameters.truncate(parameters.len() - 2);
                    parameters.extend(list.parameters.iter().cloned());
                    gradual = list.gradual;
                }
            }
            Type::Callable(CallableType::new(
                db,
                Signature {
                    parameters,
                    return_type: go(sig.return_type),
                    gradual,
                },
            ))
        }
        Type::Union(u) => gradus_types::union(db, u.elements(db).iter().map(|&e| go(e))),
        Type::Instance(c) if !c.args(db).is_empty() => Type::Instance(ClassType::new(
            db,
            c.class(db),
            c.args(db).iter().map(|&a| go(a)).collect::<Vec<_>>(),
        )),
        Type::Tuple(t) => {
            Type::Tuple(t.with_elements(db, t.elements(db).iter().map(|&e| go(e)).collect()))
        }
        _ => ty,
    }
}
