//! Checking one scope: infer every expression of its statements and report
//! what does not fit.
//!
//! ```python
//! def f(x: int) -> str:
//!     y: str = x         # error[invalid-assignment]
//!     return x           # error[invalid-return-type]
//! ```
//!
//! Each function, class and module body is its own query, so an edit inside
//! one function body re-checks only that function.

use gradus_db::{Db, Diagnostic, File};
use gradus_index::{locate, semantic_index, use_def_map, ScopeId, ScopeKind};
use gradus_syntax::ast::Ranged;
use gradus_syntax::ast::{self, Expr, Stmt};
use gradus_syntax::TextRange;
use gradus_types::Type;

use super::expr::ExprInferrer;
use super::function::{decorator_name, function_parts};
use crate::relation::is_assignable;
use crate::rules::{INCONSISTENT_MRO, INVALID_ASSIGNMENT, INVALID_RETURN_TYPE, MISSING_RETURN};
use crate::semantic::{declared_symbol_type, parsed};

/// Statement nesting deeper than this is not checked (the parser's block
/// limit is 100; this only bounds recursion).
const MAX_STMT_DEPTH: usize = 128;

/// The type diagnostics of one scope.
#[salsa::tracked(returns(ref))]
pub fn check_scope(db: &dyn Db, file: File, scope: ScopeId) -> Vec<Diagnostic> {
    let index = semantic_index(db, file);
    let module = parsed(db, file);
    let info = index.scope(scope);
    let mut checker = ScopeChecker {
        inferrer: ExprInferrer::new(db, file, true),
        scope,
        return_type: None,
        is_generator: false,
    };
    match info.kind {
        ScopeKind::Module => checker.check_body(&module.body, 0),
        ScopeKind::Class => {
            if let Some(Stmt::ClassDef(class)) = locate::find_stmt(&module, info.node_range) {
                checker.check_body(&class.body, 0);
            }
        }
        ScopeKind::Function { .. } => {
            if let Some(parts) =
                locate::find_stmt(&module, info.node_range).and_then(function_parts)
            {
                let text = &gradus_db::source_text(db, file).text;
                let source = text
                    .get(usize::from(info.node_range.start())..usize::from(info.node_range.end()))
                    .unwrap_or("");
                checker.is_generator = source.contains("yield");
                checker.return_type = parts.returns.map(|r| {
                    let mut quiet = ExprInferrer::new(db, file, false);
                    quiet.annotation_type(r)
                });
                checker.check_body(parts.body, 0);
                checker.check_missing_return(&parts, info.node_range);
            }
        }
        _ => {}
    }
    let mut diagnostics = checker.inferrer.diagnostics;
    diagnostics.sort_by_key(|d| (d.range.start(), d.code));
    diagnostics.dedup();
    diagnostics
}

struct ScopeChecker<'db> {
    inferrer: ExprInferrer<'db>,
    scope: ScopeId,
    /// The declared return type of the function being checked.
    return_type: Option<Type<'db>>,
    is_generator: bool,
}

impl<'db> ScopeChecker<'db> {
    fn db(&self) -> &'db dyn Db {
        self.inferrer.db
    }

    fn check_body(&mut self, body: &[Stmt], depth: usize) {
        if depth > MAX_STMT_DEPTH {
            return;
        }
        for stmt in body {
            self.check_stmt(stmt, depth);
        }
    }

    fn check_stmt(&mut self, stmt: &Stmt, depth: usize) {
        let db = self.db();
        // Statically unreachable code (`if TYPE_CHECKING: ... else:`, version
        // and platform checks, code after `return`) is not checked.
        if !self.inferrer.index.is_range_reachable(stmt.range()) {
            return;
        }
        match stmt {
            Stmt::Expr(e) => {
                self.inferrer.infer_expr(&e.value);
            }
            Stmt::Assign(a) => {
                let declared = single_name_target(&a.targets).and_then(|name| {
                    declared_symbol_type(db, self.inferrer.file, self.scope, name)
                });
                let value = self.inferrer.infer_expr_with_context(&a.value, declared);
                if let Some(declared) = declared {
                    self.check_assignable(value, declared, a.value.range());
                }
                for target in &a.targets {
                    self.check_target(target);
                }
            }
            Stmt::AnnAssign(a) => {
                let declared = self.inferrer.annotation_type(&a.annotation);
                if let Some(value) = &a.value {
                    let is_alias_like = matches!(declared, Type::Dynamic(_));
                    let ty = self.inferrer.infer_expr_with_context(value, Some(declared));
                    if !is_alias_like {
                        self.check_assignable(ty, declared, value.range());
                    }
                }
                self.check_target(&a.target);
            }
            Stmt::AugAssign(a) => {
                let target = self.inferrer.infer_expr(&a.target);
                let value = self.inferrer.infer_expr(&a.value);
                // Try the in-place dunder first, then the plain operator.
                let inplace = inplace_dunder(a.op);
                let handled = self
                    .inferrer
                    .member(target, inplace)
                    .and_then(|m| self.inferrer.call_with_types(m, &[value], a.range, true))
                    .is_some();
                if !handled {
                    self.inferrer.binary_op(target, value, a.op, a.range);
                }
            }
            Stmt::Return(r) => {
                let expected = if self.is_generator {
                    None
                } else {
                    self.return_type
                };
                let ty = match &r.value {
                    Some(v) => self.inferrer.infer_expr_with_context(v, expected),
                    None => Type::None,
                };
                if let Some(expected) = expected {
                    if !is_assignable(db, ty, expected) {
                        let (a, e) = (self.inferrer.display(ty), self.inferrer.display(expected));
                        let range = r.value.as_ref().map(|v| v.range()).unwrap_or(r.range);
                        self.inferrer.report(
                            range,
                            INVALID_RETURN_TYPE.code,
                            format!(
                                "Return type `{a}` is not assignable to declared return type `{e}`"
                            ),
                        );
                    }
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    if !matches!(t, Expr::Name(_)) {
                        self.inferrer.infer_expr(t);
                    }
                }
            }
            Stmt::If(s) => {
                self.inferrer.infer_expr(&s.test);
                self.check_body(&s.body, depth + 1);
                self.check_body(&s.orelse, depth + 1);
            }
            Stmt::While(s) => {
                self.inferrer.infer_expr(&s.test);
                self.check_body(&s.body, depth + 1);
                self.check_body(&s.orelse, depth + 1);
            }
            Stmt::For(s) => {
                let iterable = self.inferrer.infer_expr(&s.iter);
                self.inferrer.iteration_type(iterable, s.iter.range());
                self.check_target(&s.target);
                self.check_body(&s.body, depth + 1);
                self.check_body(&s.orelse, depth + 1);
            }
            Stmt::AsyncFor(s) => {
                self.inferrer.infer_expr(&s.iter);
                self.check_body(&s.body, depth + 1);
                self.check_body(&s.orelse, depth + 1);
            }
            Stmt::With(s) => {
                for item in &s.items {
                    self.inferrer.infer_expr(&item.context_expr);
                }
                self.check_body(&s.body, depth + 1);
            }
            Stmt::AsyncWith(s) => {
                for item in &s.items {
                    self.inferrer.infer_expr(&item.context_expr);
                }
                self.check_body(&s.body, depth + 1);
            }
            Stmt::Try(s) => self.check_try(&s.body, &s.handlers, &s.orelse, &s.finalbody, depth),
            Stmt::TryStar(s) => {
                self.check_try(&s.body, &s.handlers, &s.orelse, &s.finalbody, depth)
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.inferrer.infer_expr(e);
                }
                if let Some(c) = &r.cause {
                    self.inferrer.infer_expr(c);
                }
            }
            Stmt::Assert(a) => {
                self.inferrer.infer_expr(&a.test);
                if let Some(m) = &a.msg {
                    self.inferrer.infer_expr(m);
                }
            }
            Stmt::Match(m) => {
                self.inferrer.infer_expr(&m.subject);
                for case in &m.cases {
                    if let Some(g) = &case.guard {
                        self.inferrer.infer_expr(g);
                    }
                    self.check_body(&case.body, depth + 1);
                }
            }
            Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
                let Some(parts) = function_parts(stmt) else {
                    return;
                };
                for d in parts.decorators {
                    self.inferrer.infer_expr(d);
                }
                let args = parts.args;
                for a in args
                    .posonlyargs
                    .iter()
                    .chain(&args.args)
                    .chain(&args.kwonlyargs)
                {
                    if let Some(ann) = &a.def.annotation {
                        self.inferrer.annotation_type(ann);
                    }
                    if let Some(d) = &a.default {
                        let ty = self.inferrer.infer_expr(d);
                        if let Some(ann) = &a.def.annotation {
                            let declared = {
                                let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
                                quiet.annotation_type(ann)
                            };
                            let is_ellipsis = matches!(
                                d.as_ref(),
                                Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis)
                            );
                            if !is_ellipsis {
                                self.check_assignable(ty, declared, d.range());
                            }
                        }
                    }
                }
                for a in [&args.vararg, &args.kwarg].into_iter().flatten() {
                    if let Some(ann) = &a.annotation {
                        self.inferrer.annotation_type(ann);
                    }
                }
                if let Some(r) = parts.returns {
                    self.inferrer.annotation_type(r);
                }
                let file = self.inferrer.file;
                for (range, code, message) in
                    crate::narrow::guard::check_guard_definition(db, file, stmt)
                {
                    self.inferrer.report(range, code, message);
                }
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.inferrer.infer_expr(d);
                }
                for b in &c.bases {
                    self.inferrer.infer_expr(b);
                }
                for k in &c.keywords {
                    self.inferrer.infer_expr(&k.value);
                }
                self.check_mro(c);
            }
            Stmt::TypeAlias(_)
            | Stmt::Import(_)
            | Stmt::ImportFrom(_)
            | Stmt::Global(_)
            | Stmt::Nonlocal(_)
            | Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
    }

    fn check_try(
        &mut self,
        body: &[Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        depth: usize,
    ) {
        self.check_body(body, depth + 1);
        for handler in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = handler;
            if let Some(t) = &h.type_ {
                self.inferrer.infer_expr(t);
            }
            self.check_body(&h.body, depth + 1);
        }
        self.check_body(orelse, depth + 1);
        self.check_body(finalbody, depth + 1);
    }

    fn check_target(&mut self, target: &Expr) {
        match target {
            Expr::Name(_) => {}
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.check_target(e)),
            Expr::List(t) => t.elts.iter().for_each(|e| self.check_target(e)),
            Expr::Starred(s) => self.check_target(&s.value),
            Expr::Attribute(a) => {
                self.inferrer.infer_expr(&a.value);
            }
            Expr::Subscript(s) => {
                self.inferrer.infer_expr(&s.value);
                self.inferrer.infer_expr(&s.slice);
            }
            other => {
                self.inferrer.infer_expr(other);
            }
        }
    }

    fn check_assignable(&mut self, value: Type<'db>, declared: Type<'db>, range: TextRange) {
        if !is_assignable(self.db(), value, declared) {
            let (v, d) = (
                self.inferrer.display(value),
                self.inferrer.display(declared),
            );
            self.inferrer.report(
                range,
                INVALID_ASSIGNMENT.code,
                format!("Type `{v}` is not assignable to declared type `{d}`"),
            );
        }
    }

    fn check_mro(&mut self, class: &ast::StmtClassDef) {
        let db = self.db();
        let file = self.inferrer.file;
        let Some(&def) = crate::semantic::definitions_by_statement(db, file).get(&class.range)
        else {
            return;
        };
        if let Type::ClassObject(c) = crate::semantic::definition_type(db, file, def) {
            if crate::class::class_mro(db, c.class(db)).inconsistent {
                self.inferrer.report(
                    class.range,
                    INCONSISTENT_MRO.code,
                    format!(
                        "Cannot create a consistent method resolution order for class `{}`",
                        class.name
                    ),
                );
            }
        }
    }

    fn check_missing_return(
        &mut self,
        parts: &super::function::FunctionParts<'_>,
        node_range: TextRange,
    ) {
        let db = self.db();
        let Some(declared) = self.return_type else {
            return;
        };
        if self.is_generator || crate::semantic::is_stub(db, self.inferrer.file) {
            return;
        }
        if declared.is_dynamic() || is_assignable(db, Type::None, declared) {
            return;
        }
        if is_placeholder_body(parts.body)
            || parts
                .decorators
                .iter()
                .any(|d| matches!(decorator_name(d), Some("abstractmethod" | "overload")))
        {
            return;
        }
        let use_def = use_def_map(db, self.inferrer.file, self.scope);
        if !use_def.is_end_reachable() {
            return;
        }
        // A last statement that calls a `NoReturn` function ends the flow.
        if let Some(Stmt::Expr(e)) = parts.body.last() {
            let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
            if quiet.infer_expr(&e.value).is_never() {
                return;
            }
        }
        let shown = self.inferrer.display(declared);
        self.inferrer.report(
            TextRange::at(node_range.start(), 0.into()),
            MISSING_RETURN.code,
            format!(
                "Function `{}` can reach its end without returning a `{shown}`",
                parts.name
            ),
        );
    }
}

/// `...`, `pass` and docstrings only: a stub-like body.
fn is_placeholder_body(body: &[Stmt]) -> bool {
    body.iter().all(|s| match s {
        Stmt::Pass(_) => true,
        Stmt::Expr(e) => matches!(
            e.value.as_ref(),
            Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis | ast::Constant::Str(_))
        ),
        Stmt::Raise(_) => true,
        _ => false,
    })
}

fn single_name_target(targets: &[Expr]) -> Option<&str> {
    match targets {
        [Expr::Name(n)] => Some(n.id.as_str()),
        _ => None,
    }
}

fn inplace_dunder(op: ast::Operator) -> &'static str {
    match op {
        ast::Operator::Add => "__iadd__",
        ast::Operator::Sub => "__isub__",
        ast::Operator::Mult => "__imul__",
        ast::Operator::MatMult => "__imatmul__",
        ast::Operator::Div => "__itruediv__",
        ast::Operator::Mod => "__imod__",
        ast::Operator::Pow => "__ipow__",
        ast::Operator::LShift => "__ilshift__",
        ast::Operator::RShift => "__irshift__",
        ast::Operator::BitOr => "__ior__",
        ast::Operator::BitXor => "__ixor__",
        ast::Operator::BitAnd => "__iand__",
        ast::Operator::FloorDiv => "__ifloordiv__",
    }
}
