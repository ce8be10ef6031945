//! Expressions: uses, walrus bindings, short-circuit flow, lambdas and
//! comprehensions.

use gradus_syntax::ast::{self, Expr, Ranged};
use gradus_syntax::TextRange;

use super::flow::FlowState;
use super::{Deferred, IndexBuilder, MAX_DEPTH};
use crate::definition::DefinitionKind;
use crate::scope::{ComprehensionKind, ScopeKind};

impl<'a> IndexBuilder<'a> {
    pub(super) fn visit_expr(&mut self, expr: &'a Expr) {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return;
        }
        self.depth += 1;
        self.visit_expr_inner(expr);
        self.depth -= 1;
    }

    fn visit_expr_inner(&mut self, expr: &'a Expr) {
        match expr {
            Expr::BoolOp(b) => self.visit_bool_op(b),
            Expr::NamedExpr(n) => {
                self.visit_expr(&n.value);
                if let Expr::Name(target) = &*n.target {
                    self.bind_walrus(target, n.range, n.value.range());
                } else {
                    self.visit_expr(&n.target);
                }
            }
            Expr::BinOp(b) => {
                self.visit_expr(&b.left);
                self.visit_expr(&b.right);
            }
            Expr::UnaryOp(u) => self.visit_expr(&u.operand),
            Expr::Lambda(l) => {
                for arg in l
                    .args
                    .posonlyargs
                    .iter()
                    .chain(&l.args.args)
                    .chain(&l.args.kwonlyargs)
                {
                    if let Some(default) = &arg.default {
                        self.visit_expr(default);
                    }
                }
                let parent = self.current_scope();
                let scope =
                    self.new_scope(Some(parent), ScopeKind::Lambda, l.range, "<lambda>".into());
                let snapshot = self.capture_snapshot();
                self.deferred.push_back(Deferred::Lambda {
                    scope,
                    lambda: l,
                    snapshot,
                });
            }
            Expr::IfExp(e) => {
                let (yes, no) = self.visit_test(&e.test);
                self.set_flow(yes);
                self.visit_expr(&e.body);
                let after_body = self.take_flow();
                self.set_flow(no);
                self.visit_expr(&e.orelse);
                self.merge_into_current(&after_body);
            }
            Expr::Dict(d) => {
                for (key, value) in d.keys.iter().zip(&d.values) {
                    if let Some(key) = key {
                        self.visit_expr(key);
                    }
                    self.visit_expr(value);
                }
            }
            Expr::Set(s) => self.visit_exprs(&s.elts),
            Expr::ListComp(c) => {
                self.visit_comprehension(c.range, ComprehensionKind::List, &[&c.elt], &c.generators)
            }
            Expr::SetComp(c) => {
                self.visit_comprehension(c.range, ComprehensionKind::Set, &[&c.elt], &c.generators)
            }
            Expr::GeneratorExp(c) => self.visit_comprehension(
                c.range,
                ComprehensionKind::Generator,
                &[&c.elt],
                &c.generators,
            ),
            Expr::DictComp(c) => self.visit_comprehension(
                c.range,
                ComprehensionKind::Dict,
                &[&c.key, &c.value],
                &c.generators,
            ),
            Expr::Await(a) => self.visit_expr(&a.value),
            Expr::Yield(y) => {
                if let Some(value) = &y.value {
                    self.visit_expr(value);
                }
            }
            Expr::YieldFrom(y) => self.visit_expr(&y.value),
            Expr::Compare(c) => {
                self.visit_expr(&c.left);
                self.visit_exprs(&c.comparators);
            }
            Expr::Call(c) => {
                self.visit_expr(&c.func);
                self.visit_exprs(&c.args);
                for keyword in &c.keywords {
                    self.visit_expr(&keyword.value);
                }
            }
            Expr::FormattedValue(f) => {
                self.visit_expr(&f.value);
                if let Some(spec) = &f.format_spec {
                    self.visit_expr(spec);
                }
            }
            Expr::JoinedStr(j) => self.visit_exprs(&j.values),
            Expr::Constant(_) => {}
            Expr::Attribute(a) => {
                self.visit_expr(&a.value);
                if matches!(a.ctx, ast::ExprContext::Load) {
                    if let Some(key) = crate::place::place_key(expr) {
                        self.add_place_use(&key, a.range);
                    }
                }
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value);
                self.visit_expr(&s.slice);
                if matches!(s.ctx, ast::ExprContext::Load) {
                    if let Some(key) = crate::place::place_key(expr) {
                        self.add_place_use(&key, s.range);
                    }
                }
            }
            Expr::Starred(s) => self.visit_expr(&s.value),
            Expr::Name(n) => {
                // Stores and deletes are handled by the statements that own
                // the target.
                if matches!(n.ctx, ast::ExprContext::Load) {
                    self.add_use(&n.id, n.range);
                }
            }
            Expr::List(l) => self.visit_exprs(&l.elts),
            Expr::Tuple(t) => self.visit_exprs(&t.elts),
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.visit_expr(part);
                }
            }
        }
    }

    fn visit_exprs(&mut self, exprs: &'a [Expr]) {
        for expr in exprs {
            self.visit_expr(expr);
        }
    }

    /// A boolean operation outside a test: both outcomes continue.
    fn visit_bool_op(&mut self, b: &'a ast::ExprBoolOp) {
        let (yes, no) = self.visit_bool_op_test(b);
        self.set_flow(yes);
        self.merge_into_current(&no);
    }

    /// Visits an expression used as a condition and returns the states
    /// where it is truthy and falsy. `and`/`or`/`not` are followed
    /// operand by operand: in `a and (b := f())` the truthy state has `b`
    /// bound and both operands' predicates; in `a and b` the operand `b`
    /// sees `a`'s predicate.
    pub(super) fn visit_test(&mut self, test: &'a Expr) -> (FlowState, FlowState) {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return (self.take_flow(), self.take_flow());
        }
        self.depth += 1;
        let result = match test {
            Expr::BoolOp(b) => self.visit_bool_op_test(b),
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => {
                let (yes, no) = self.visit_test(&u.operand);
                (no, yes)
            }
            _ => {
                self.visit_expr_inner(test);
                self.branch_on(test)
            }
        };
        self.depth -= 1;
        result
    }

    fn visit_bool_op_test(&mut self, b: &'a ast::ExprBoolOp) -> (FlowState, FlowState) {
        let is_and = matches!(b.op, ast::BoolOp::And);
        // For `and`: the falsy exits; for `or`: the truthy exits.
        let mut exits: Option<FlowState> = None;
        let mut last = None;
        let in_comprehension = matches!(self.cur().kind, ScopeKind::Comprehension(_));
        let tests_before = self.cur().comprehension_tests.len();
        for value in &b.values {
            let (yes, no) = self.visit_test(value);
            // Uses of enclosing names in the later operands are narrowed by
            // this one (see `add_use_in_enclosing`).
            if in_comprehension {
                self.push_comprehension_test(value, is_and);
            }
            let (go_on, exit) = if is_and { (yes, no) } else { (no, yes) };
            match &mut exits {
                Some(merged) => {
                    let builder = self.cur();
                    merged.merge(&exit, builder.n_symbols(), &builder.loops);
                }
                None => exits = Some(exit),
            }
            self.set_flow(go_on.clone());
            last = Some(go_on);
        }
        if in_comprehension {
            self.cur_mut().comprehension_tests.truncate(tests_before);
        }
        let last = last.unwrap_or_else(|| self.take_flow());
        let exits = exits.unwrap_or_else(|| self.take_flow());
        if is_and {
            (last, exits)
        } else {
            (exits, last)
        }
    }

    /// Records that `test` held (or failed) for the rest of the current
    /// comprehension, for the enclosing names it can narrow.
    fn push_comprehension_test(&mut self, test: &Expr, positive: bool) {
        let (names, places) = narrowable_names(test);
        let names = names.into_iter().map(str::to_owned).chain(places).collect();
        self.cur_mut()
            .comprehension_tests
            .push((test.range(), positive, names));
    }

    /// `(name := value)`: binds in the innermost non-comprehension scope.
    fn bind_walrus(&mut self, target: &'a ast::ExprName, expr: TextRange, value: TextRange) {
        let Some(index) = self.walrus_target_index() else {
            return;
        };
        let top = self.stack.len() - 1;
        if index < top && self.stack[index + 1].walrus_snapshot.is_none() {
            let snapshot = self.stack[index].flow.clone();
            self.stack[index + 1].walrus_snapshot = Some(snapshot);
        }
        self.add_definition_at(
            index,
            &target.id,
            target.range,
            DefinitionKind::NamedExpr { expr, value },
        );
    }

    fn visit_comprehension(
        &mut self,
        range: TextRange,
        kind: ComprehensionKind,
        elts: &[&'a Expr],
        generators: &'a [ast::Comprehension],
    ) {
        let Some(first) = generators.first() else {
            for elt in elts {
                self.visit_expr(elt);
            }
            return;
        };
        // The first iterable is evaluated in the enclosing scope.
        self.visit_expr(&first.iter);
        let name = match kind {
            ComprehensionKind::List => "<listcomp>",
            ComprehensionKind::Set => "<setcomp>",
            ComprehensionKind::Dict => "<dictcomp>",
            ComprehensionKind::Generator => "<genexpr>",
        };
        self.push_scope(ScopeKind::Comprehension(kind), range, name.into());
        for (i, generator) in generators.iter().enumerate() {
            if i > 0 {
                self.visit_expr(&generator.iter);
            }
            let iter = generator.iter.range();
            let is_async = generator.is_async;
            self.bind_target(&generator.target, &|unpack| DefinitionKind::Comprehension {
                iter,
                unpack,
                is_async,
                first: i == 0,
            });
            for condition in &generator.ifs {
                let (yes, _) = self.visit_test(condition);
                self.set_flow(yes);
                self.push_comprehension_test(condition, true);
            }
        }
        for elt in elts {
            self.visit_expr(elt);
        }
        self.finish_top();
    }
}

/// The names a test can narrow: names it loads (except a called function's
/// own name) and walrus targets, outside nested scopes; and the keys of the
/// places it mentions (`self.x`, `d['k']`). Bounded.
pub(crate) fn narrowable_names(test: &Expr) -> (Vec<&str>, Vec<String>) {
    const MAX_NODES: usize = 256;
    const MAX_PLACES: usize = 16;
    let mut names: Vec<&str> = Vec::new();
    let mut places: Vec<String> = Vec::new();
    // (expression, whether it is a direct operand of a comparison): a
    // place's prefix is narrowed only through a comparison of the place
    // (`ev.kind == "click"` narrows `ev`; `c.a is None` does not narrow `c`).
    let mut stack: Vec<(&Expr, bool)> = vec![(test, false)];
    let mut visited = 0;
    while let Some((expr, operand)) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES {
            break;
        }
        match expr {
            Expr::Name(n) if !names.contains(&n.id.as_str()) => names.push(n.id.as_str()),
            Expr::NamedExpr(n) => {
                stack.push((&n.target, false));
                stack.push((&n.value, false));
            }
            Expr::BoolOp(b) => stack.extend(b.values.iter().map(|v| (v, false))),
            Expr::UnaryOp(u) => stack.push((&u.operand, false)),
            Expr::Compare(c) => {
                // Only `x.attr == <literal>` (or `!=`, `is`, `is not`,
                // `in (<literals>)`) can discriminate `x`.
                let discriminates = c.ops.len() == 1
                    && matches!(
                        c.ops[0],
                        ast::CmpOp::Eq | ast::CmpOp::NotEq | ast::CmpOp::Is | ast::CmpOp::IsNot
                    )
                    && [&*c.left, &c.comparators[0]].iter().any(|e| {
                        matches!(e, Expr::Constant(k) if !matches!(k.value, ast::Constant::None))
                    })
                    // ... or `x.attr in ("a", "b")`.
                    || c.ops.len() == 1
                        && matches!(c.ops[0], ast::CmpOp::In | ast::CmpOp::NotIn)
                        && matches!(&c.comparators[0], Expr::Tuple(ast::ExprTuple { elts, .. })
                            | Expr::List(ast::ExprList { elts, .. })
                            | Expr::Set(ast::ExprSet { elts, .. })
                            if !elts.is_empty() && elts.iter().all(|e| matches!(e, Expr::Constant(_))));
                stack.push((&c.left, discriminates));
                stack.extend(c.comparators.iter().map(|v| (v, discriminates)));
            }
            Expr::Call(c) => {
                if !matches!(&*c.func, Expr::Name(_)) {
                    // `d.get("kind") == "a"` can discriminate `d`.
                    let get = matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "get");
                    stack.push((&c.func, operand && get));
                }
                stack.extend(c.args.iter().map(|v| (v, false)));
                stack.extend(c.keywords.iter().map(|k| (&k.value, false)));
            }
            Expr::Attribute(a) => {
                push_place(&mut places, expr, MAX_PLACES);
                if operand || crate::place::subject_key(&a.value).is_none() {
                    stack.push((&a.value, false));
                }
            }
            Expr::Subscript(s) => {
                push_place(&mut places, expr, MAX_PLACES);
                if operand || crate::place::subject_key(&s.value).is_none() {
                    stack.push((&s.value, false));
                }
                stack.push((&s.slice, false));
            }
            Expr::BinOp(b) => {
                stack.push((&b.left, false));
                stack.push((&b.right, false));
            }
            Expr::Tuple(t) => stack.extend(t.elts.iter().map(|v| (v, false))),
            Expr::Starred(s) => stack.push((&s.value, false)),
            Expr::Await(a) => stack.push((&a.value, false)),
            _ => {}
        }
    }
    (names, places)
}

fn push_place(places: &mut Vec<String>, expr: &Expr, max: usize) {
    if places.len() >= max {
        return;
    }
    if let Some(key) = crate::place::place_key(expr) {
        if !places.contains(&key) {
            places.push(key);
        }
    }
}

/// The members of a `match` subject a case can narrow besides the subject
/// itself: the attribute places below `roots` (the subject's key, or the
/// keys of the elements of a tuple subject) that the case's guard and body
/// mention, when its pattern has a class pattern whose sub-patterns say
/// something about them (the checker works out which attribute each
/// sub-pattern matches, through `__match_args__` for positional ones):
///
/// ```python
/// match p:
///     case P(x=None):
///         p.x          # the place `p.x` gets the case's predicate
/// ```
///
/// Bounded: at most 16 places, 2,048 nodes walked; nested scopes are
/// skipped (their places are not this scope's).
pub(crate) fn case_member_places(roots: &[String], case: &ast::MatchCase) -> Vec<String> {
    use crate::locate::{children, NodeRef};
    const MAX_NODES: usize = 2048;
    const MAX_PLACES: usize = 16;
    let mut out: Vec<String> = Vec::new();
    if roots.is_empty() || !has_class_pattern(&case.pattern, 0) {
        return out;
    }
    let mut stack: Vec<NodeRef<'_>> = case.body.iter().map(NodeRef::Stmt).collect();
    stack.extend(case.guard.as_deref().map(NodeRef::Expr));
    let mut visited = 0;
    let mut kids = Vec::new();
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES || out.len() >= MAX_PLACES {
            break;
        }
        match node {
            NodeRef::Stmt(
                ast::Stmt::FunctionDef(_) | ast::Stmt::AsyncFunctionDef(_) | ast::Stmt::ClassDef(_),
            )
            | NodeRef::Expr(
                Expr::Lambda(_)
                | Expr::ListComp(_)
                | Expr::SetComp(_)
                | Expr::DictComp(_)
                | Expr::GeneratorExp(_),
            ) => continue,
            NodeRef::Expr(e @ Expr::Attribute(_)) => {
                if let Some(key) = crate::place::place_key(e) {
                    let below = roots.iter().any(|root| {
                        key.strip_prefix(root.as_str())
                            .is_some_and(|rest| rest.starts_with('.') && !rest.contains('['))
                    });
                    if below && !out.contains(&key) {
                        out.push(key);
                    }
                }
            }
            _ => {}
        }
        kids.clear();
        children(node, &mut kids);
        stack.extend(kids.iter().rev().copied());
    }
    out
}

/// Whether a class pattern occurs in `pattern`.
fn has_class_pattern(pattern: &ast::Pattern, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match pattern {
        ast::Pattern::MatchClass(c) => !c.patterns.is_empty() || !c.kwd_patterns.is_empty(),
        ast::Pattern::MatchAs(a) => a
            .pattern
            .as_deref()
            .is_some_and(|p| has_class_pattern(p, depth + 1)),
        ast::Pattern::MatchOr(o) => o.patterns.iter().any(|p| has_class_pattern(p, depth + 1)),
        ast::Pattern::MatchSequence(s) => {
            s.patterns.iter().any(|p| has_class_pattern(p, depth + 1))
        }
        _ => false,
    }
}
