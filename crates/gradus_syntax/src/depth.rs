//! Bounded AST depth, so that nothing above the parser can overflow its
//! stack on a pathological file.
//!
//! Brackets are limited by the scanner and blocks by indentation, but long
//! chains nest without either:
//!
//! ```python
//! x = 1 + 1 + 1 + ... + 1        # 20,000 terms: a BinOp 20,000 deep
//! y = a.b.b.b ... .b             # an Attribute chain
//! f = lambda: lambda: ... : 0    # nested lambdas
//! if a: ...                      # 10,000 `elif`s: an `If` nested in the
//! elif b: ...                    # `orelse` of the one before
//! ```
//!
//! Every recursive walk of such an AST (binder, type inference, even the
//! derived `Drop`) needs stack proportional to that depth. So, after
//! parsing, an expression nested deeper than [`MAX_EXPR_DEPTH`] is reported
//! (CPython's compiler gives up at about 3,000 with a `RecursionError`) and
//! replaced by an `...` literal with its range; the statement around it is
//! kept. The walks here recurse at most [`MAX_EXPR_DEPTH`] frames deep, and
//! `elif` chains, whose length is unbounded, are followed iteratively.
//! Dropping a [`crate::ParsedModule`] takes statements apart iteratively
//! too, and [`dismantle_expr`] does the same for the deep expressions cut
//! out here.

use crate::ast::{self, Expr, Pattern, Stmt};
use crate::{SyntaxError, TextRange};

// Budget: see `gradus_budgets`.
pub use gradus_budgets::PARSE_MAX_EXPR_DEPTH as MAX_EXPR_DEPTH;

/// A cheap leaf to put where a child was taken out.
fn placeholder(range: TextRange) -> Expr {
    Expr::Constant(ast::ExprConstant {
        range,
        value: ast::Constant::Ellipsis,
        kind: None,
    })
}

/// Calls `f` on every direct child expression of `e`.
fn for_each_child(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    fn opt(e: &mut Option<Box<Expr>>, f: &mut dyn FnMut(&mut Expr)) {
        if let Some(e) = e {
            f(e);
        }
    }
    fn comprehensions(gens: &mut [ast::Comprehension], f: &mut dyn FnMut(&mut Expr)) {
        for g in gens {
            f(&mut g.target);
            f(&mut g.iter);
            g.ifs.iter_mut().for_each(&mut *f);
        }
    }
    match e {
        Expr::BoolOp(n) => n.values.iter_mut().for_each(f),
        Expr::NamedExpr(n) => {
            f(&mut n.target);
            f(&mut n.value);
        }
        Expr::BinOp(n) => {
            f(&mut n.left);
            f(&mut n.right);
        }
        Expr::UnaryOp(n) => f(&mut n.operand),
        Expr::Lambda(n) => {
            arguments(&mut n.args, f);
            f(&mut n.body);
        }
        Expr::IfExp(n) => {
            f(&mut n.test);
            f(&mut n.body);
            f(&mut n.orelse);
        }
        Expr::Dict(n) => {
            n.keys.iter_mut().flatten().for_each(&mut *f);
            n.values.iter_mut().for_each(f);
        }
        Expr::Set(n) => n.elts.iter_mut().for_each(f),
        Expr::ListComp(n) => {
            f(&mut n.elt);
            comprehensions(&mut n.generators, f);
        }
        Expr::SetComp(n) => {
            f(&mut n.elt);
            comprehensions(&mut n.generators, f);
        }
        Expr::DictComp(n) => {
            f(&mut n.key);
            f(&mut n.value);
            comprehensions(&mut n.generators, f);
        }
        Expr::GeneratorExp(n) => {
            f(&mut n.elt);
            comprehensions(&mut n.generators, f);
        }
        Expr::Await(n) => f(&mut n.value),
        Expr::Yield(n) => opt(&mut n.value, f),
        Expr::YieldFrom(n) => f(&mut n.value),
        Expr::Compare(n) => {
            f(&mut n.left);
            n.comparators.iter_mut().for_each(f);
        }
        Expr::Call(n) => {
            f(&mut n.func);
            n.args.iter_mut().for_each(&mut *f);
            n.keywords.iter_mut().for_each(|k| f(&mut k.value));
        }
        Expr::FormattedValue(n) => {
            f(&mut n.value);
            opt(&mut n.format_spec, f);
        }
        Expr::JoinedStr(n) => n.values.iter_mut().for_each(f),
        Expr::Constant(_) | Expr::Name(_) => {}
        Expr::Attribute(n) => f(&mut n.value),
        Expr::Subscript(n) => {
            f(&mut n.value);
            f(&mut n.slice);
        }
        Expr::Starred(n) => f(&mut n.value),
        Expr::List(n) => n.elts.iter_mut().for_each(f),
        Expr::Tuple(n) => n.elts.iter_mut().for_each(f),
        Expr::Slice(n) => {
            opt(&mut n.lower, f);
            opt(&mut n.upper, f);
            opt(&mut n.step, f);
        }
    }
}

/// Defaults and annotations of a parameter list.
fn arguments(args: &mut ast::Arguments, f: &mut dyn FnMut(&mut Expr)) {
    let with_defaults = args
        .posonlyargs
        .iter_mut()
        .chain(args.args.iter_mut())
        .chain(args.kwonlyargs.iter_mut());
    for a in with_defaults {
        if let Some(ann) = &mut a.def.annotation {
            f(ann);
        }
        if let Some(d) = &mut a.default {
            f(d);
        }
    }
    for a in [&mut args.vararg, &mut args.kwarg].into_iter().flatten() {
        if let Some(ann) = &mut a.annotation {
            f(ann);
        }
    }
}

/// The expressions inside a pattern. Patterns nest only through brackets,
/// which the scanner bounds, so this may recurse.
fn pattern_exprs(p: &mut Pattern, f: &mut dyn FnMut(&mut Expr)) {
    match p {
        Pattern::MatchValue(n) => f(&mut n.value),
        Pattern::MatchSingleton(_) | Pattern::MatchStar(_) => {}
        Pattern::MatchSequence(n) => n.patterns.iter_mut().for_each(|p| pattern_exprs(p, f)),
        Pattern::MatchMapping(n) => {
            n.keys.iter_mut().for_each(&mut *f);
            n.patterns.iter_mut().for_each(|p| pattern_exprs(p, f));
        }
        Pattern::MatchClass(n) => {
            f(&mut n.cls);
            n.patterns.iter_mut().for_each(|p| pattern_exprs(p, f));
            n.kwd_patterns.iter_mut().for_each(|p| pattern_exprs(p, f));
        }
        Pattern::MatchAs(n) => {
            if let Some(p) = &mut n.pattern {
                pattern_exprs(p, f);
            }
        }
        Pattern::MatchOr(n) => n.patterns.iter_mut().for_each(|p| pattern_exprs(p, f)),
    }
}

fn type_params(tps: &mut [ast::TypeParam], f: &mut dyn FnMut(&mut Expr)) {
    for tp in tps {
        if let ast::TypeParam::TypeVar(t) = tp {
            if let Some(b) = &mut t.bound {
                f(b);
            }
        }
    }
}

/// Calls `f` on the expressions a statement holds itself (not those of the
/// statements in its blocks).
fn stmt_exprs(s: &mut Stmt, f: &mut dyn FnMut(&mut Expr)) {
    fn opt(e: &mut Option<Box<Expr>>, f: &mut dyn FnMut(&mut Expr)) {
        if let Some(e) = e {
            f(e);
        }
    }
    match s {
        Stmt::FunctionDef(n) => {
            n.decorator_list.iter_mut().for_each(&mut *f);
            type_params(&mut n.type_params, f);
            arguments(&mut n.args, f);
            opt(&mut n.returns, f);
        }
        Stmt::AsyncFunctionDef(n) => {
            n.decorator_list.iter_mut().for_each(&mut *f);
            type_params(&mut n.type_params, f);
            arguments(&mut n.args, f);
            opt(&mut n.returns, f);
        }
        Stmt::ClassDef(n) => {
            n.decorator_list.iter_mut().for_each(&mut *f);
            type_params(&mut n.type_params, f);
            n.bases.iter_mut().for_each(&mut *f);
            n.keywords.iter_mut().for_each(|k| f(&mut k.value));
        }
        Stmt::Return(n) => opt(&mut n.value, f),
        Stmt::Delete(n) => n.targets.iter_mut().for_each(f),
        Stmt::Assign(n) => {
            n.targets.iter_mut().for_each(&mut *f);
            f(&mut n.value);
        }
        Stmt::TypeAlias(n) => {
            f(&mut n.name);
            type_params(&mut n.type_params, f);
            f(&mut n.value);
        }
        Stmt::AugAssign(n) => {
            f(&mut n.target);
            f(&mut n.value);
        }
        Stmt::AnnAssign(n) => {
            f(&mut n.target);
            f(&mut n.annotation);
            opt(&mut n.value, f);
        }
        Stmt::For(n) => {
            f(&mut n.target);
            f(&mut n.iter);
        }
        Stmt::AsyncFor(n) => {
            f(&mut n.target);
            f(&mut n.iter);
        }
        Stmt::While(n) => f(&mut n.test),
        Stmt::If(n) => f(&mut n.test),
        Stmt::With(n) => {
            for item in &mut n.items {
                f(&mut item.context_expr);
                opt(&mut item.optional_vars, f);
            }
        }
        Stmt::AsyncWith(n) => {
            for item in &mut n.items {
                f(&mut item.context_expr);
                opt(&mut item.optional_vars, f);
            }
        }
        Stmt::Match(n) => {
            f(&mut n.subject);
            for case in &mut n.cases {
                pattern_exprs(&mut case.pattern, f);
                opt(&mut case.guard, f);
            }
        }
        Stmt::Raise(n) => {
            opt(&mut n.exc, f);
            opt(&mut n.cause, f);
        }
        Stmt::Try(n) => {
            for ast::ExceptHandler::ExceptHandler(h) in &mut n.handlers {
                opt(&mut h.type_, f);
            }
        }
        Stmt::TryStar(n) => {
            for ast::ExceptHandler::ExceptHandler(h) in &mut n.handlers {
                opt(&mut h.type_, f);
            }
        }
        Stmt::Assert(n) => {
            f(&mut n.test);
            opt(&mut n.msg, f);
        }
        Stmt::Expr(n) => f(&mut n.value),
        Stmt::Import(_)
        | Stmt::ImportFrom(_)
        | Stmt::Global(_)
        | Stmt::Nonlocal(_)
        | Stmt::Pass(_)
        | Stmt::Break(_)
        | Stmt::Continue(_) => {}
    }
}

/// Calls `f` on every block of a statement (bodies, `else`, handlers, cases).
fn stmt_blocks(s: &mut Stmt, f: &mut dyn FnMut(&mut Vec<Stmt>)) {
    match s {
        Stmt::FunctionDef(n) => f(&mut n.body),
        Stmt::AsyncFunctionDef(n) => f(&mut n.body),
        Stmt::ClassDef(n) => f(&mut n.body),
        Stmt::For(n) => {
            f(&mut n.body);
            f(&mut n.orelse);
        }
        Stmt::AsyncFor(n) => {
            f(&mut n.body);
            f(&mut n.orelse);
        }
        Stmt::While(n) => {
            f(&mut n.body);
            f(&mut n.orelse);
        }
        Stmt::If(n) => {
            f(&mut n.body);
            f(&mut n.orelse);
        }
        Stmt::With(n) => f(&mut n.body),
        Stmt::AsyncWith(n) => f(&mut n.body),
        Stmt::Match(n) => n.cases.iter_mut().for_each(|c| f(&mut c.body)),
        Stmt::Try(n) => {
            f(&mut n.body);
            for ast::ExceptHandler::ExceptHandler(h) in &mut n.handlers {
                f(&mut h.body);
            }
            f(&mut n.orelse);
            f(&mut n.finalbody);
        }
        Stmt::TryStar(n) => {
            f(&mut n.body);
            for ast::ExceptHandler::ExceptHandler(h) in &mut n.handlers {
                f(&mut h.body);
            }
            f(&mut n.orelse);
            f(&mut n.finalbody);
        }
        _ => {}
    }
}

/// The start of a node nested more than `budget` levels below `e`.
fn too_deep(e: &mut Expr, budget: usize) -> Option<TextRange> {
    if budget == 0 {
        return Some(TextRange::empty(ast::Ranged::range(e).start()));
    }
    let mut found = None;
    for_each_child(e, &mut |child| {
        if found.is_none() {
            found = too_deep(child, budget - 1);
        }
    });
    found
}

/// Replaces `e` by `...` (same range) when it nests deeper than the limit.
/// Returns whether it did.
pub(crate) fn limit_expr(e: &mut Expr, errors: &mut Vec<SyntaxError>) -> bool {
    let Some(at) = too_deep(e, MAX_EXPR_DEPTH) else {
        return false;
    };
    errors.push(SyntaxError {
        range: at,
        message: format!("expression nested too deeply (limit {MAX_EXPR_DEPTH} levels)"),
    });
    let range = ast::Ranged::range(&*e);
    dismantle_expr(std::mem::replace(e, placeholder(range)));
    true
}

/// Applies [`limit_expr`] to every expression of `body`.
pub(crate) fn limit_depth(body: &mut [Stmt], errors: &mut Vec<SyntaxError>) {
    for stmt in body {
        limit_stmt(stmt, errors);
    }
}

fn limit_stmt(mut stmt: &mut Stmt, errors: &mut Vec<SyntaxError>) {
    loop {
        if let Stmt::Match(m) = stmt {
            fix_match_subject(m);
        }
        stmt_exprs(stmt, &mut |e| {
            limit_expr(e, errors);
        });
        // An `elif` chain: follow it with a loop, not recursion.
        if let Stmt::If(node) = stmt {
            limit_depth(&mut node.body, errors);
            if node.orelse.len() == 1 && matches!(node.orelse[0], Stmt::If(_)) {
                stmt = &mut node.orelse[0];
                continue;
            }
            limit_depth(&mut node.orelse, errors);
            return;
        }
        stmt_blocks(stmt, &mut |block| limit_depth(block, errors));
        return;
    }
}

/// rustpython gives an unparenthesized tuple subject (`match a, b:`) the
/// range of the whole statement, over the cases; the ranges
/// of its elements are right. The tuple is given the range they cover, so
/// that nodes inside the cases can be found by range.
fn fix_match_subject(m: &mut ast::StmtMatch) {
    use crate::ast::Ranged;
    let Expr::Tuple(t) = &mut *m.subject else {
        return;
    };
    let (Some(first), Some(last)) = (t.elts.first(), t.elts.last()) else {
        return;
    };
    let Some(case) = m.cases.first() else {
        return;
    };
    if t.range.end() > case.pattern.range().start() {
        t.range = TextRange::new(first.range().start(), last.range().end());
    }
}

/// Drops an expression of any depth without recursion.
pub(crate) fn dismantle_expr(e: Expr) {
    let mut stack = vec![e];
    while let Some(mut e) = stack.pop() {
        for_each_child(&mut e, &mut |child| {
            if !matches!(child, Expr::Constant(_) | Expr::Name(_)) {
                let range = ast::Ranged::range(&*child);
                stack.push(std::mem::replace(child, placeholder(range)));
            }
        });
    }
}

/// Drops statements without recursing into their blocks (whose nesting,
/// through `elif` chains, is unbounded). Their expressions are within
/// [`MAX_EXPR_DEPTH`] and are dropped normally.
pub(crate) fn dismantle_stmts(body: Vec<Stmt>) {
    let mut stack = body;
    while let Some(mut stmt) = stack.pop() {
        stmt_blocks(&mut stmt, &mut |block| stack.append(block));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_module;

    #[test]
    fn long_chains_are_cut_and_reported() {
        let src = format!("x = {}\ny = 1\n", vec!["1"; 5000].join(" + "));
        assert!(5000 > MAX_EXPR_DEPTH && 5000 < crate::scan::MAX_LINE_COMPLEXITY as usize);
        let m = parse_module(&src);
        assert_eq!(m.errors.len(), 1, "{:?}", m.errors);
        assert!(m.errors[0].message.contains("nested too deeply"));
        assert_eq!(m.body.len(), 2);
        let Stmt::Assign(a) = &m.body[0] else {
            panic!()
        };
        assert!(matches!(&*a.value, Expr::Constant(_)));
        // The range of the replaced expression is the original one.
        assert_eq!(
            usize::from(ast::Ranged::range(&*a.value).end()),
            src.find('\n').unwrap()
        );
    }

    #[test]
    fn chains_below_the_limit_are_kept() {
        let src = format!("x = a{}\n", ".b".repeat(MAX_EXPR_DEPTH - 1));
        let m = parse_module(&src);
        assert!(m.errors.is_empty(), "{:?}", m.errors);
        let src = format!("x = a{}\n", ".b".repeat(MAX_EXPR_DEPTH));
        assert_eq!(parse_module(&src).errors.len(), 1);
    }

    /// The worst inputs below every limit, parsed (and dropped) on a thread
    /// with the 2 MiB stack of tokio's blocking threads and of test threads.
    #[test]
    fn worst_cases_fit_in_a_small_stack() {
        let n = MAX_EXPR_DEPTH - 10;
        let below_guard = crate::scan::MAX_LINE_COMPLEXITY as usize - 100;
        let inputs = vec![
            format!("x = {}\n", vec!["1"; n].join("+")),
            format!("x = {}\n", vec!["1"; below_guard].join("+")),
            format!("x = {}\n", vec!["1"; below_guard].join("+ -")),
            format!("x = {}0\n", "lambda: ".repeat(n)),
            format!("x = {}0\n", "lambda: ".repeat(below_guard)),
            format!("x = a{}\n", ".b".repeat(below_guard)),
            format!("x = {}1\n", "not ".repeat(below_guard)),
            format!("x = {}a\n", "-".repeat(below_guard)),
            format!("x = {}1{}\n", "[".repeat(199), "]".repeat(199)),
            format!("x = {}1{}\n", "f'{".repeat(150), "}'".repeat(150)),
            format!("x = {}1{}\n", "f\"{".repeat(150), "}\"".repeat(150)),
            format!("x = f'{}{}'\n", "{a:".repeat(150), "}".repeat(150)),
            format!("x = {}\n", vec!["1"; below_guard].join("+")) + "def broken(:\n",
            format!("x = ({}\n", vec!["1"; below_guard].join("+")),
            format!("x = f'{{{}}}'\n", vec!["1"; below_guard].join("+")),
            format!("match x:\n    case a{}:\n        pass\n", ".b".repeat(n)),
            format!("def f[T = {}](): pass\n", vec!["1"; below_guard].join("+")),
        ];
        for src in inputs {
            let head: String = src.chars().take(30).collect();
            std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || drop(parse_module(&src)))
                .unwrap()
                .join()
                .unwrap_or_else(|_| panic!("{head}"));
        }
    }

    #[test]
    fn long_elif_chain_is_fine_on_a_small_stack() {
        let mut src = String::from("if x == 0:\n    pass\n");
        for i in 1..50_000 {
            src.push_str(&format!("elif x == {i}:\n    pass\n"));
        }
        let m = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let m = parse_module(&src);
                (m.errors.len(), m.body.len())
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(m, (0, 1));
    }
}
