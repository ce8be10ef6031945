//! Finding AST nodes by range.
//!
//! rustpython nodes have no ids, so the index records ranges and the type
//! engine finds the nodes again here. A lookup descends from the module only
//! into the node containing the range, so it costs the depth of the node
//! times the number of siblings on the way, with no allocation kept.
//!
//! ```python
//! x = [f(a) for a in b]   # find_expr(module, range of `f(a)`) -> the Call
//! ```

use gradus_syntax::ast::{self, Expr, Pattern, Ranged, Stmt};
use gradus_syntax::{ParsedModule, TextRange};

/// A node of any of the kinds the index refers to.
#[derive(Debug, Clone, Copy)]
pub enum NodeRef<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
    Pattern(&'a Pattern),
}

impl NodeRef<'_> {
    pub fn range(&self) -> TextRange {
        match self {
            NodeRef::Stmt(s) => s.range(),
            NodeRef::Expr(e) => e.range(),
            NodeRef::Pattern(p) => p.range(),
        }
    }
}

/// The outermost expression with exactly this range (also among PEP 696
/// type-parameter defaults, which live beside the body).
pub fn find_expr(module: &ParsedModule, range: TextRange) -> Option<&Expr> {
    let found = find(module, range, |n| matches!(n, NodeRef::Expr(_)));
    if let Some(NodeRef::Expr(e)) = found {
        return Some(e);
    }
    for default in &module.type_param_defaults {
        if default.default.range().contains_range(range) {
            if default.default.range() == range {
                return Some(&default.default);
            }
            if let Some(NodeRef::Expr(e)) =
                descend(&[NodeRef::Expr(&default.default)], range, &|n| {
                    matches!(n, NodeRef::Expr(_))
                })
            {
                return Some(e);
            }
        }
    }
    None
}

/// The statement with exactly this range.
pub fn find_stmt(module: &ParsedModule, range: TextRange) -> Option<&Stmt> {
    match find(module, range, |n| matches!(n, NodeRef::Stmt(_))) {
        Some(NodeRef::Stmt(s)) => Some(s),
        _ => None,
    }
}

/// The pattern with exactly this range.
pub fn find_pattern(module: &ParsedModule, range: TextRange) -> Option<&Pattern> {
    match find(module, range, |n| matches!(n, NodeRef::Pattern(_))) {
        Some(NodeRef::Pattern(p)) => Some(p),
        _ => None,
    }
}

fn find(
    module: &ParsedModule,
    range: TextRange,
    want: impl Fn(&NodeRef<'_>) -> bool,
) -> Option<NodeRef<'_>> {
    // Statements are in source order: start from the one that can hold
    // `range` instead of copying the whole (possibly huge) module body.
    let first = module
        .body
        .partition_point(|s| s.range().end() < range.start());
    let top: Vec<NodeRef<'_>> = module.body[first..]
        .iter()
        .take_while(|s| s.range().start() <= range.start())
        .map(NodeRef::Stmt)
        .collect();
    descend(&top, range, &want)
}

fn descend<'a>(
    top: &[NodeRef<'a>],
    range: TextRange,
    want: &dyn Fn(&NodeRef<'_>) -> bool,
) -> Option<NodeRef<'a>> {
    let mut candidates: Vec<NodeRef<'a>> = top.to_vec();
    let mut next: Vec<NodeRef<'a>> = Vec::new();
    loop {
        let mut descend_into = None;
        // Long sibling lists (a module of 60,000 functions) are in source
        // order: skip to the first that ends at or after `range` starts.
        let skip = if candidates.len() > 32 {
            candidates.partition_point(|n| n.range().end() < range.start())
        } else {
            0
        };
        for node in &candidates[skip..] {
            let r = node.range();
            if !r.contains_range(range) {
                continue;
            }
            if r == range && want(node) {
                return Some(*node);
            }
            descend_into = Some(*node);
            break;
        }
        let node = descend_into?;
        // A statement inside a (possibly huge) block: binary-search the
        // block instead of listing every child.
        if let Some(stmt) = body_stmt_containing(node, range) {
            candidates.clear();
            candidates.push(NodeRef::Stmt(stmt));
            continue;
        }
        next.clear();
        children(node, &mut next);
        std::mem::swap(&mut candidates, &mut next);
    }
}

/// The statement of one of `node`'s blocks that contains `range`, found by
/// binary search (blocks are in source order).
fn body_stmt_containing<'a>(node: NodeRef<'a>, range: TextRange) -> Option<&'a Stmt> {
    let NodeRef::Stmt(stmt) = node else {
        return None;
    };
    let mut found = None;
    for_each_block(stmt, &mut |block| {
        if found.is_some() {
            return;
        }
        let at = block.partition_point(|s| s.range().end() < range.start());
        if let Some(s) = block.get(at) {
            if s.range().contains_range(range) {
                found = Some(s);
            }
        }
    });
    found
}

/// Calls `f` with each block (statement list) directly inside `stmt`.
fn for_each_block<'a>(stmt: &'a Stmt, f: &mut dyn FnMut(&'a [Stmt])) {
    match stmt {
        Stmt::FunctionDef(x) => f(&x.body),
        Stmt::AsyncFunctionDef(x) => f(&x.body),
        Stmt::ClassDef(x) => f(&x.body),
        Stmt::For(ast::StmtFor { body, orelse, .. })
        | Stmt::AsyncFor(ast::StmtAsyncFor { body, orelse, .. })
        | Stmt::While(ast::StmtWhile { body, orelse, .. })
        | Stmt::If(ast::StmtIf { body, orelse, .. }) => {
            f(body);
            f(orelse);
        }
        Stmt::With(x) => f(&x.body),
        Stmt::AsyncWith(x) => f(&x.body),
        Stmt::Match(m) => m.cases.iter().for_each(|c| f(&c.body)),
        Stmt::Try(ast::StmtTry {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        })
        | Stmt::TryStar(ast::StmtTryStar {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        }) => {
            f(body);
            for ast::ExceptHandler::ExceptHandler(h) in handlers {
                f(&h.body);
            }
            f(orelse);
            f(finalbody);
        }
        _ => {}
    }
}

/// The direct children of a node (flattening clauses such as `case`,
/// `except`, comprehension `for`s and arguments into their owner).
pub fn children<'a>(node: NodeRef<'a>, out: &mut Vec<NodeRef<'a>>) {
    match node {
        NodeRef::Stmt(stmt) => stmt_children(stmt, out),
        NodeRef::Expr(expr) => expr_children(expr, out),
        NodeRef::Pattern(pattern) => pattern_children(pattern, out),
    }
}

fn exprs<'a>(list: &'a [Expr], out: &mut Vec<NodeRef<'a>>) {
    out.extend(list.iter().map(NodeRef::Expr));
}

fn stmts<'a>(list: &'a [Stmt], out: &mut Vec<NodeRef<'a>>) {
    out.extend(list.iter().map(NodeRef::Stmt));
}

fn arguments<'a>(args: &'a ast::Arguments, out: &mut Vec<NodeRef<'a>>) {
    for arg in args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
    {
        if let Some(annotation) = &arg.def.annotation {
            out.push(NodeRef::Expr(annotation));
        }
        if let Some(default) = &arg.default {
            out.push(NodeRef::Expr(default));
        }
    }
    for arg in args.vararg.iter().chain(&args.kwarg) {
        if let Some(annotation) = &arg.annotation {
            out.push(NodeRef::Expr(annotation));
        }
    }
}

fn type_params<'a>(params: &'a [ast::TypeParam], out: &mut Vec<NodeRef<'a>>) {
    for param in params {
        if let ast::TypeParam::TypeVar(ast::TypeParamTypeVar {
            bound: Some(bound), ..
        }) = param
        {
            out.push(NodeRef::Expr(bound));
        }
    }
}

fn handlers<'a>(list: &'a [ast::ExceptHandler], out: &mut Vec<NodeRef<'a>>) {
    for handler in list {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        if let Some(t) = &h.type_ {
            out.push(NodeRef::Expr(t));
        }
        stmts(&h.body, out);
    }
}

fn stmt_children<'a>(stmt: &'a Stmt, out: &mut Vec<NodeRef<'a>>) {
    match stmt {
        Stmt::FunctionDef(f) => {
            exprs(&f.decorator_list, out);
            type_params(&f.type_params, out);
            arguments(&f.args, out);
            out.extend(f.returns.as_deref().map(NodeRef::Expr));
            stmts(&f.body, out);
        }
        Stmt::AsyncFunctionDef(f) => {
            exprs(&f.decorator_list, out);
            type_params(&f.type_params, out);
            arguments(&f.args, out);
            out.extend(f.returns.as_deref().map(NodeRef::Expr));
            stmts(&f.body, out);
        }
        Stmt::ClassDef(c) => {
            exprs(&c.decorator_list, out);
            type_params(&c.type_params, out);
            exprs(&c.bases, out);
            out.extend(c.keywords.iter().map(|k| NodeRef::Expr(&k.value)));
            stmts(&c.body, out);
        }
        Stmt::Return(r) => out.extend(r.value.as_deref().map(NodeRef::Expr)),
        Stmt::Delete(d) => exprs(&d.targets, out),
        Stmt::Assign(a) => {
            exprs(&a.targets, out);
            out.push(NodeRef::Expr(&a.value));
        }
        Stmt::TypeAlias(t) => {
            out.push(NodeRef::Expr(&t.name));
            type_params(&t.type_params, out);
            out.push(NodeRef::Expr(&t.value));
        }
        Stmt::AugAssign(a) => {
            out.push(NodeRef::Expr(&a.target));
            out.push(NodeRef::Expr(&a.value));
        }
        Stmt::AnnAssign(a) => {
            out.push(NodeRef::Expr(&a.target));
            out.push(NodeRef::Expr(&a.annotation));
            out.extend(a.value.as_deref().map(NodeRef::Expr));
        }
        Stmt::For(f) => {
            out.push(NodeRef::Expr(&f.target));
            out.push(NodeRef::Expr(&f.iter));
            stmts(&f.body, out);
            stmts(&f.orelse, out);
        }
        Stmt::AsyncFor(f) => {
            out.push(NodeRef::Expr(&f.target));
            out.push(NodeRef::Expr(&f.iter));
            stmts(&f.body, out);
            stmts(&f.orelse, out);
        }
        Stmt::While(w) => {
            out.push(NodeRef::Expr(&w.test));
            stmts(&w.body, out);
            stmts(&w.orelse, out);
        }
        Stmt::If(i) => {
            out.push(NodeRef::Expr(&i.test));
            stmts(&i.body, out);
            stmts(&i.orelse, out);
        }
        Stmt::With(w) => {
            for item in &w.items {
                out.push(NodeRef::Expr(&item.context_expr));
                out.extend(item.optional_vars.as_deref().map(NodeRef::Expr));
            }
            stmts(&w.body, out);
        }
        Stmt::AsyncWith(w) => {
            for item in &w.items {
                out.push(NodeRef::Expr(&item.context_expr));
                out.extend(item.optional_vars.as_deref().map(NodeRef::Expr));
            }
            stmts(&w.body, out);
        }
        Stmt::Match(m) => {
            out.push(NodeRef::Expr(&m.subject));
            for case in &m.cases {
                out.push(NodeRef::Pattern(&case.pattern));
                out.extend(case.guard.as_deref().map(NodeRef::Expr));
                stmts(&case.body, out);
            }
        }
        Stmt::Raise(r) => {
            out.extend(r.exc.as_deref().map(NodeRef::Expr));
            out.extend(r.cause.as_deref().map(NodeRef::Expr));
        }
        Stmt::Try(t) => {
            stmts(&t.body, out);
            handlers(&t.handlers, out);
            stmts(&t.orelse, out);
            stmts(&t.finalbody, out);
        }
        Stmt::TryStar(t) => {
            stmts(&t.body, out);
            handlers(&t.handlers, out);
            stmts(&t.orelse, out);
            stmts(&t.finalbody, out);
        }
        Stmt::Assert(a) => {
            out.push(NodeRef::Expr(&a.test));
            out.extend(a.msg.as_deref().map(NodeRef::Expr));
        }
        Stmt::Expr(e) => out.push(NodeRef::Expr(&e.value)),
        Stmt::Import(_)
        | Stmt::ImportFrom(_)
        | Stmt::Global(_)
        | Stmt::Nonlocal(_)
        | Stmt::Pass(_)
        | Stmt::Break(_)
        | Stmt::Continue(_) => {}
    }
}

fn comprehension<'a>(generators: &'a [ast::Comprehension], out: &mut Vec<NodeRef<'a>>) {
    for g in generators {
        out.push(NodeRef::Expr(&g.target));
        out.push(NodeRef::Expr(&g.iter));
        exprs(&g.ifs, out);
    }
}

fn expr_children<'a>(expr: &'a Expr, out: &mut Vec<NodeRef<'a>>) {
    match expr {
        Expr::BoolOp(b) => exprs(&b.values, out),
        Expr::NamedExpr(n) => {
            out.push(NodeRef::Expr(&n.target));
            out.push(NodeRef::Expr(&n.value));
        }
        Expr::BinOp(b) => {
            out.push(NodeRef::Expr(&b.left));
            out.push(NodeRef::Expr(&b.right));
        }
        Expr::UnaryOp(u) => out.push(NodeRef::Expr(&u.operand)),
        Expr::Lambda(l) => {
            arguments(&l.args, out);
            out.push(NodeRef::Expr(&l.body));
        }
        Expr::IfExp(e) => {
            out.push(NodeRef::Expr(&e.test));
            out.push(NodeRef::Expr(&e.body));
            out.push(NodeRef::Expr(&e.orelse));
        }
        Expr::Dict(d) => {
            for (key, value) in d.keys.iter().zip(&d.values) {
                out.extend(key.as_ref().map(NodeRef::Expr));
                out.push(NodeRef::Expr(value));
            }
        }
        Expr::Set(s) => exprs(&s.elts, out),
        Expr::ListComp(c) => {
            out.push(NodeRef::Expr(&c.elt));
            comprehension(&c.generators, out);
        }
        Expr::SetComp(c) => {
            out.push(NodeRef::Expr(&c.elt));
            comprehension(&c.generators, out);
        }
        Expr::GeneratorExp(c) => {
            out.push(NodeRef::Expr(&c.elt));
            comprehension(&c.generators, out);
        }
        Expr::DictComp(c) => {
            out.push(NodeRef::Expr(&c.key));
            out.push(NodeRef::Expr(&c.value));
            comprehension(&c.generators, out);
        }
        Expr::Await(a) => out.push(NodeRef::Expr(&a.value)),
        Expr::Yield(y) => out.extend(y.value.as_deref().map(NodeRef::Expr)),
        Expr::YieldFrom(y) => out.push(NodeRef::Expr(&y.value)),
        Expr::Compare(c) => {
            out.push(NodeRef::Expr(&c.left));
            exprs(&c.comparators, out);
        }
        Expr::Call(c) => {
            out.push(NodeRef::Expr(&c.func));
            exprs(&c.args, out);
            out.extend(c.keywords.iter().map(|k| NodeRef::Expr(&k.value)));
        }
        Expr::FormattedValue(f) => {
            out.push(NodeRef::Expr(&f.value));
            out.extend(f.format_spec.as_deref().map(NodeRef::Expr));
        }
        Expr::JoinedStr(j) => exprs(&j.values, out),
        Expr::Constant(_) | Expr::Name(_) => {}
        Expr::Attribute(a) => out.push(NodeRef::Expr(&a.value)),
        Expr::Subscript(s) => {
            out.push(NodeRef::Expr(&s.value));
            out.push(NodeRef::Expr(&s.slice));
        }
        Expr::Starred(s) => out.push(NodeRef::Expr(&s.value)),
        Expr::List(l) => exprs(&l.elts, out),
        Expr::Tuple(t) => exprs(&t.elts, out),
        Expr::Slice(s) => {
            for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                out.push(NodeRef::Expr(part));
            }
        }
    }
}

fn pattern_children<'a>(pattern: &'a Pattern, out: &mut Vec<NodeRef<'a>>) {
    match pattern {
        Pattern::MatchValue(v) => out.push(NodeRef::Expr(&v.value)),
        Pattern::MatchSingleton(_) | Pattern::MatchStar(_) => {}
        Pattern::MatchSequence(s) => out.extend(s.patterns.iter().map(NodeRef::Pattern)),
        Pattern::MatchMapping(m) => {
            exprs(&m.keys, out);
            out.extend(m.patterns.iter().map(NodeRef::Pattern));
        }
        Pattern::MatchClass(c) => {
            out.push(NodeRef::Expr(&c.cls));
            out.extend(
                c.patterns
                    .iter()
                    .chain(&c.kwd_patterns)
                    .map(NodeRef::Pattern),
            );
        }
        Pattern::MatchAs(a) => out.extend(a.pattern.as_deref().map(NodeRef::Pattern)),
        Pattern::MatchOr(o) => out.extend(o.patterns.iter().map(NodeRef::Pattern)),
    }
}
