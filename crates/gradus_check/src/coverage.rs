//! Typed coverage: how much of a module the checker actually understands.
//!
//! ```python
//! def f(x: int, y):     # 1 of 2 parameters annotated, return not annotated
//!     return x + y      # `x` known (int); `y`, `x + y` unknown
//! ```
//!
//! An expression counts as known when its inferred type mentions no `Any`
//! or `Unknown`. A CI ratchet (`gradus coverage --fail-under PCT`) keeps the
//! share from going down.

use gradus_db::{parsed_module, Db, File};
use gradus_syntax::ast::{self, Expr, Stmt};
use gradus_types::Type;

use crate::infer::expr::ExprInferrer;

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_COVERAGE_DEPTH;

/// Counts for one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub expressions: usize,
    pub known_expressions: usize,
    pub parameters: usize,
    pub annotated_parameters: usize,
    pub returns: usize,
    pub annotated_returns: usize,
}

impl Coverage {
    pub fn add(&mut self, other: &Coverage) {
        self.expressions += other.expressions;
        self.known_expressions += other.known_expressions;
        self.parameters += other.parameters;
        self.annotated_parameters += other.annotated_parameters;
        self.returns += other.returns;
        self.annotated_returns += other.annotated_returns;
    }

    /// Percentages; an empty denominator counts as 100%.
    pub fn expression_percent(&self) -> f64 {
        percent(self.known_expressions, self.expressions)
    }

    pub fn annotation_percent(&self) -> f64 {
        percent(
            self.annotated_parameters + self.annotated_returns,
            self.parameters + self.returns,
        )
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// The typed coverage of a file.
#[salsa::tracked(returns(copy))]
pub fn file_coverage(db: &dyn Db, file: File) -> Coverage {
    let _boundary = crate::firewall::query_boundary();
    let module = parsed_module(db, file);
    let mut counter = Counter {
        inferrer: ExprInferrer::new(db, file, false),
        coverage: Coverage::default(),
    };
    counter.body(&module.body, false, 0);
    counter.coverage
}

struct Counter<'db> {
    inferrer: ExprInferrer<'db>,
    coverage: Coverage,
}

impl<'db> Counter<'db> {
    fn known(&self, ty: Type<'db>) -> bool {
        !ty.is_dynamic() && !crate::infer::call::contains_unknown(self.inferrer.db, ty, 0)
    }

    /// Counts `expr` and its subexpressions (each inferred on its own).
    fn expr(&mut self, expr: &Expr, depth: usize) {
        if depth > MAX_COVERAGE_DEPTH {
            return;
        }
        // Comprehensions and lambdas have scopes of their own whose names
        // the binder resolves by range; they are counted as one expression.
        let ty = self.inferrer.infer_expr(expr);
        self.coverage.expressions += 1;
        if self.known(ty) {
            self.coverage.known_expressions += 1;
        }
        let children: Vec<&Expr> = match expr {
            Expr::BoolOp(e) => e.values.iter().collect(),
            Expr::BinOp(e) => vec![&e.left, &e.right],
            Expr::UnaryOp(e) => vec![&e.operand],
            Expr::IfExp(e) => vec![&e.test, &e.body, &e.orelse],
            Expr::Compare(e) => std::iter::once(&*e.left)
                .chain(e.comparators.iter())
                .collect(),
            Expr::Call(e) => std::iter::once(&*e.func)
                .chain(e.args.iter())
                .chain(e.keywords.iter().map(|k| &k.value))
                .collect(),
            Expr::Attribute(e) => vec![&e.value],
            Expr::Subscript(e) => vec![&e.value],
            Expr::List(e) => e.elts.iter().collect(),
            Expr::Tuple(e) => e.elts.iter().collect(),
            Expr::Set(e) => e.elts.iter().collect(),
            Expr::Dict(e) => e.keys.iter().flatten().chain(e.values.iter()).collect(),
            Expr::Await(e) => vec![&e.value],
            Expr::Starred(e) => vec![&e.value],
            _ => Vec::new(),
        };
        for child in children {
            // Type expressions inside subscripts are not values.
            if !matches!(child, Expr::Starred(_)) {
                self.expr(child, depth + 1);
            }
        }
    }

    fn body(&mut self, body: &[Stmt], in_class: bool, depth: usize) {
        if depth > MAX_COVERAGE_DEPTH {
            return;
        }
        for stmt in body {
            self.stmt(stmt, in_class, depth);
        }
    }

    fn stmt(&mut self, stmt: &Stmt, in_class: bool, depth: usize) {
        match stmt {
            Stmt::Expr(e) => self.expr(&e.value, depth),
            Stmt::Assign(a) => self.expr(&a.value, depth),
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v, depth);
                }
            }
            Stmt::AugAssign(a) => self.expr(&a.value, depth),
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v, depth);
                }
            }
            Stmt::If(s) => {
                self.expr(&s.test, depth);
                self.body(&s.body, in_class, depth + 1);
                self.body(&s.orelse, in_class, depth + 1);
            }
            Stmt::While(s) => {
                self.expr(&s.test, depth);
                self.body(&s.body, in_class, depth + 1);
                self.body(&s.orelse, in_class, depth + 1);
            }
            Stmt::For(s) => {
                self.expr(&s.iter, depth);
                self.body(&s.body, in_class, depth + 1);
                self.body(&s.orelse, in_class, depth + 1);
            }
            Stmt::AsyncFor(s) => {
                self.expr(&s.iter, depth);
                self.body(&s.body, in_class, depth + 1);
            }
            Stmt::With(s) => {
                for item in &s.items {
                    self.expr(&item.context_expr, depth);
                }
                self.body(&s.body, in_class, depth + 1);
            }
            Stmt::AsyncWith(s) => self.body(&s.body, in_class, depth + 1),
            Stmt::Try(s) => {
                self.body(&s.body, in_class, depth + 1);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    self.body(&h.body, in_class, depth + 1);
                }
                self.body(&s.orelse, in_class, depth + 1);
                self.body(&s.finalbody, in_class, depth + 1);
            }
            Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
                let Some(parts) = crate::infer::function::function_parts(stmt) else {
                    return;
                };
                let args = parts.args;
                let is_static = parts
                    .decorators
                    .iter()
                    .any(|d| crate::infer::function::decorator_name(d) == Some("staticmethod"));
                for (i, a) in args.posonlyargs.iter().chain(&args.args).enumerate() {
                    // `self` / `cls` need no annotation.
                    if in_class && !is_static && i == 0 {
                        continue;
                    }
                    self.coverage.parameters += 1;
                    self.coverage.annotated_parameters += usize::from(a.def.annotation.is_some());
                }
                for a in &args.kwonlyargs {
                    self.coverage.parameters += 1;
                    self.coverage.annotated_parameters += usize::from(a.def.annotation.is_some());
                }
                for a in [&args.vararg, &args.kwarg].into_iter().flatten() {
                    self.coverage.parameters += 1;
                    self.coverage.annotated_parameters += usize::from(a.annotation.is_some());
                }
                if parts.name != "__init__" {
                    self.coverage.returns += 1;
                    self.coverage.annotated_returns += usize::from(parts.returns.is_some());
                }
                self.body(parts.body, false, depth + 1);
            }
            Stmt::ClassDef(c) => self.body(&c.body, true, depth + 1),
            Stmt::Match(m) => {
                self.expr(&m.subject, depth);
                for case in &m.cases {
                    self.body(&case.body, in_class, depth + 1);
                }
            }
            _ => {}
        }
    }
}
