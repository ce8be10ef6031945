//! Statements: bindings, branches, loops, `try`, `match`, and the scopes
//! opened by `def`, `class` and `type`.

use gradus_syntax::ast::{self, Expr, Ranged, Stmt};
use gradus_syntax::TextRange;

use super::flow::{FlowState, Live, LoopId, Target};
use super::{Deferred, IndexBuilder, LoopCtx, MAX_DEPTH};
use crate::definition::{
    DefinitionKind, MatchCaptureKind, ParameterKind, TypeParamKind, UnpackStep,
};
use crate::predicate::PredicateKind;
use crate::reachability::static_truthiness;
use crate::scope::ScopeKind;
use crate::symbol::SymbolFlags;
use crate::STAR_SYMBOL;

/// Makes a definition kind from the unpacking path of one target name.
pub(super) type MakeKind<'m> = &'m dyn Fn(Vec<UnpackStep>) -> DefinitionKind;

impl<'a> IndexBuilder<'a> {
    pub(super) fn visit_body(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.visit_stmt(stmt);
        }
        // `if x is None: stop()`: a call ending a block may never return.
        if let Some(Stmt::Expr(e)) = body.last() {
            if let Expr::Call(call) = &*e.value {
                self.call_may_not_return(call.range);
            }
        }
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return;
        }
        let entered_unreachable = !self.in_unreachable && !self.is_reachable();
        if entered_unreachable {
            self.unreachable.push(stmt.range());
            self.in_unreachable = true;
        }
        self.depth += 1;
        self.visit_stmt_inner(stmt);
        self.depth -= 1;
        if entered_unreachable {
            self.in_unreachable = false;
        }
    }

    fn visit_stmt_inner(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => self.visit_function_def(
                f.range,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                &f.type_params,
                false,
            ),
            Stmt::AsyncFunctionDef(f) => self.visit_function_def(
                f.range,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                &f.type_params,
                true,
            ),
            Stmt::ClassDef(c) => self.visit_class_def(c),
            Stmt::Return(r) => {
                if let Some(value) = &r.value {
                    self.visit_expr(value);
                }
                self.mark_unreachable();
            }
            Stmt::Delete(d) => {
                for target in &d.targets {
                    self.visit_delete_target(d.range, target);
                }
            }
            Stmt::Assign(a) => {
                self.visit_expr(&a.value);
                let value = a.value.range();
                for target in &a.targets {
                    self.bind_target(target, &|unpack| DefinitionKind::Assignment {
                        value,
                        unpack,
                    });
                }
            }
            Stmt::TypeAlias(t) => self.visit_type_alias(t),
            Stmt::AugAssign(a) => {
                if let Expr::Name(name) = &*a.target {
                    self.add_use(&name.id, name.range);
                    self.visit_expr(&a.value);
                    self.add_definition(
                        &name.id,
                        name.range,
                        DefinitionKind::AugmentedAssignment {
                            stmt: a.range,
                            value: a.value.range(),
                        },
                    );
                } else if let Some(key) =
                    crate::place::place_key(&a.target).filter(|k| self.cur().can_track_place(k))
                {
                    // `self.n += 1`: a use of the place, then its definition.
                    match &*a.target {
                        Expr::Attribute(t) => self.visit_expr(&t.value),
                        Expr::Subscript(t) => {
                            self.visit_expr(&t.value);
                            self.visit_expr(&t.slice);
                        }
                        _ => {}
                    }
                    self.add_place_use(&key, a.target.range());
                    self.visit_expr(&a.value);
                    self.add_definition(
                        &key,
                        a.target.range(),
                        DefinitionKind::AugmentedAssignment {
                            stmt: a.range,
                            value: a.value.range(),
                        },
                    );
                } else {
                    self.visit_expr(&a.target);
                    self.visit_expr(&a.value);
                    if let Some(key) = crate::place::place_key(&a.target) {
                        self.cur_mut().reset_places_below(&key, false);
                    } else if let Expr::Subscript(s) = &*a.target {
                        if let Some(prefix) = crate::place::subject_key(&s.value) {
                            self.cur_mut().reset_places_below(&prefix, true);
                        }
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                self.visit_expr(&a.annotation);
                if let Some(value) = &a.value {
                    self.visit_expr(value);
                }
                if let Expr::Name(name) = &*a.target {
                    self.add_definition(
                        &name.id,
                        name.range,
                        DefinitionKind::AnnotatedAssignment {
                            annotation: a.annotation.range(),
                            value: a.value.as_ref().map(|v| v.range()),
                        },
                    );
                } else {
                    self.visit_expr(&a.target);
                    if let (Some(key), Some(value)) = (
                        crate::place::place_key(&a.target)
                            .filter(|k| self.cur().can_track_place(k)),
                        a.value.as_ref(),
                    ) {
                        // `self.x: int = v`: the place holds the value.
                        self.add_definition(
                            &key,
                            a.target.range(),
                            DefinitionKind::Assignment {
                                value: value.range(),
                                unpack: Vec::new(),
                            },
                        );
                    }
                }
            }
            Stmt::For(f) => self.visit_for(&f.target, &f.iter, &f.body, &f.orelse, false),
            Stmt::AsyncFor(f) => self.visit_for(&f.target, &f.iter, &f.body, &f.orelse, true),
            Stmt::While(w) => self.visit_while(w),
            Stmt::If(i) => {
                let (yes, no) = self.static_branch(&i.test);
                self.set_flow(yes);
                self.visit_body(&i.body);
                let after_body = self.take_flow();
                self.set_flow(no);
                self.visit_body(&i.orelse);
                self.merge_into_current(&after_body);
            }
            Stmt::With(w) => self.visit_with(&w.items, &w.body, false),
            Stmt::AsyncWith(w) => self.visit_with(&w.items, &w.body, true),
            Stmt::Match(m) => self.visit_match(m),
            Stmt::Raise(r) => {
                if let Some(exc) = &r.exc {
                    self.visit_expr(exc);
                }
                if let Some(cause) = &r.cause {
                    self.visit_expr(cause);
                }
                self.mark_unreachable();
            }
            Stmt::Try(t) => self.visit_try(&t.body, &t.handlers, &t.orelse, &t.finalbody, false),
            Stmt::TryStar(t) => self.visit_try(&t.body, &t.handlers, &t.orelse, &t.finalbody, true),
            Stmt::Assert(a) => {
                let (yes, no) = self.visit_test(&a.test);
                if let Some(msg) = &a.msg {
                    self.set_flow(no);
                    self.visit_expr(msg);
                }
                self.set_flow(yes);
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let module = alias.name.to_string();
                    match &alias.asname {
                        Some(asname) => self.add_definition(
                            asname,
                            alias.range,
                            DefinitionKind::Import {
                                stmt: i.range,
                                module,
                                alias: true,
                            },
                        ),
                        None => {
                            let top = module.split('.').next().unwrap_or(&module).to_owned();
                            self.add_definition(
                                &top,
                                alias.range,
                                DefinitionKind::Import {
                                    stmt: i.range,
                                    module,
                                    alias: false,
                                },
                            )
                        }
                    };
                }
            }
            Stmt::ImportFrom(i) => {
                let level = i.level.map(|l| l.to_u32()).unwrap_or(0);
                let module = i.module.as_ref().map(|m| m.to_string());
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        self.add_definition(
                            STAR_SYMBOL,
                            alias.range,
                            DefinitionKind::StarImport {
                                stmt: i.range,
                                module: module.clone(),
                                level,
                            },
                        );
                        continue;
                    }
                    if module.as_deref() == Some("__future__")
                        && alias.name.as_str() == "annotations"
                    {
                        self.future_annotations = true;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.add_definition(
                        bound,
                        alias.range,
                        DefinitionKind::ImportFrom {
                            stmt: i.range,
                            module: module.clone(),
                            level,
                            name: alias.name.to_string(),
                        },
                    );
                }
            }
            Stmt::Global(g) => {
                for name in &g.names {
                    self.add_symbol_flags(name, SymbolFlags::GLOBAL);
                }
            }
            Stmt::Nonlocal(n) => {
                for name in &n.names {
                    self.add_symbol_flags(name, SymbolFlags::NONLOCAL);
                }
            }
            Stmt::Expr(e) => self.visit_expr(&e.value),
            Stmt::Pass(_) => {}
            Stmt::Break(_) => {
                let state = self.take_flow();
                if let Some(ctx) = self.cur_mut().loop_stack.last_mut() {
                    ctx.breaks.push(state);
                }
                self.mark_unreachable();
            }
            Stmt::Continue(_) => {
                let state = self.take_flow();
                if let Some(ctx) = self.cur_mut().loop_stack.last_mut() {
                    ctx.continues.push(state);
                }
                self.mark_unreachable();
            }
        }
    }

    /// Branches on a test whose value may be statically known
    /// (`TYPE_CHECKING`, `sys.version_info >= ...`, `False`): the branch
    /// that cannot run starts unreachable.
    fn static_branch(&mut self, test: &'a Expr) -> (FlowState, FlowState) {
        let (mut yes, mut no) = self.visit_test(test);
        match static_truthiness(test, self.version, &self.platform) {
            Some(true) => no.reachable = false,
            Some(false) => yes.reachable = false,
            None => {}
        }
        (yes, no)
    }

    // ---- targets ----

    /// Binds the names of an assignment-like target.
    pub(super) fn bind_target(&mut self, target: &'a Expr, make: MakeKind<'_>) {
        let mut path = Vec::new();
        self.bind_target_path(target, make, &mut path);
    }

    fn bind_target_path(
        &mut self,
        target: &'a Expr,
        make: MakeKind<'_>,
        path: &mut Vec<UnpackStep>,
    ) {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return;
        }
        self.depth += 1;
        match target {
            Expr::Name(name) => {
                self.add_definition(&name.id, name.range, make(path.clone()));
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts
                    .iter()
                    .position(|e| matches!(e, Expr::Starred(_)))
                    .map(|i| i as u32);
                let len = elts.len() as u32;
                for (index, elt) in elts.iter().enumerate() {
                    path.push(UnpackStep {
                        index: index as u32,
                        len,
                        star,
                    });
                    self.bind_target_path(elt, make, path);
                    path.pop();
                }
            }
            Expr::Starred(s) => self.bind_target_path(&s.value, make, path),
            // `a.b = v`, `a[i] = v`: not name bindings; their parts are uses,
            // and a place target gets the value (for narrowing).
            Expr::Attribute(a) => {
                self.visit_expr(&a.value);
                self.bind_place(target, make(path.clone()));
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value);
                self.visit_expr(&s.slice);
                self.bind_place(target, make(path.clone()));
            }
            other => self.visit_expr(other),
        }
        self.depth -= 1;
    }

    /// An assignment to an attribute or subscript target: a definition of
    /// the place if it is one; `d[i] = v` with an unknown `i` resets the
    /// places `d[...]`.
    fn bind_place(&mut self, target: &'a Expr, kind: DefinitionKind) {
        if let Some(key) = crate::place::place_key(target) {
            if self.cur().can_track_place(&key) {
                self.add_definition(&key, target.range(), kind);
            } else {
                self.cur_mut().reset_places_below(&key, false);
            }
        } else if let Expr::Subscript(s) = target {
            if let Some(prefix) = crate::place::subject_key(&s.value) {
                self.cur_mut().reset_places_below(&prefix, true);
            }
        }
    }

    fn visit_delete_target(&mut self, stmt: TextRange, target: &'a Expr) {
        match target {
            Expr::Name(name) => {
                self.add_use(&name.id, name.range);
                self.add_definition(
                    &name.id,
                    name.range,
                    DefinitionKind::Deletion {
                        stmt,
                        implicit: false,
                    },
                );
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for elt in elts {
                    self.visit_delete_target(stmt, elt);
                }
            }
            other => {
                self.visit_expr(other);
                if let Some(key) = crate::place::subject_key(other) {
                    self.cur_mut().reset_places_below(&key, false);
                    if let Some(symbol) = self.cur().symbols.symbol_id(&key) {
                        if self.cur().is_place(symbol) {
                            self.cur_mut().reset_place(symbol);
                        }
                    }
                } else if let Expr::Subscript(s) = other {
                    if let Some(prefix) = crate::place::subject_key(&s.value) {
                        self.cur_mut().reset_places_below(&prefix, true);
                    }
                }
            }
        }
    }

    // ---- def, class, type ----

    #[allow(clippy::too_many_arguments)]
    fn visit_function_def(
        &mut self,
        range: TextRange,
        name: &'a str,
        args: &'a ast::Arguments,
        body: &'a [Stmt],
        decorators: &'a [Expr],
        returns: Option<&'a Expr>,
        type_params: &'a [ast::TypeParam],
        is_async: bool,
    ) {
        for decorator in decorators {
            self.visit_expr(decorator);
        }
        self.visit_parameter_defaults(args);
        let generic = !type_params.is_empty();
        if generic {
            self.push_scope(
                ScopeKind::TypeParams,
                range,
                format!("<type params of {name}>"),
            );
            self.bind_type_params(type_params);
        }
        self.visit_parameter_annotations(args);
        if let Some(returns) = returns {
            self.visit_expr(returns);
        }
        let parent = self.current_scope();
        let scope = self.new_scope(
            Some(parent),
            ScopeKind::Function { is_async },
            range,
            name.to_owned(),
        );
        let snapshot = if generic {
            None
        } else {
            self.capture_snapshot()
        };
        self.deferred.push_back(Deferred::Function {
            scope,
            function: range,
            args,
            body,
            snapshot,
        });
        if generic {
            self.finish_top();
        }
        let name_range = self.name_range(range, "def", name);
        self.add_definition(
            name,
            name_range,
            DefinitionKind::FunctionDef {
                stmt: range,
                is_async,
            },
        );
    }

    fn visit_class_def(&mut self, class: &'a ast::StmtClassDef) {
        for decorator in &class.decorator_list {
            self.visit_expr(decorator);
        }
        let generic = !class.type_params.is_empty();
        if generic {
            self.push_scope(
                ScopeKind::TypeParams,
                class.range,
                format!("<type params of {}>", class.name),
            );
            self.bind_type_params(&class.type_params);
        }
        for base in &class.bases {
            self.visit_expr(base);
        }
        for keyword in &class.keywords {
            self.visit_expr(&keyword.value);
        }
        let parent = self.current_scope();
        let scope = self.new_scope(
            Some(parent),
            ScopeKind::Class,
            class.range,
            class.name.to_string(),
        );
        self.deferred.push_back(Deferred::Class {
            scope,
            body: &class.body,
        });
        if generic {
            self.finish_top();
        }
        let name_range = self.name_range(class.range, "class", &class.name);
        self.add_definition(
            &class.name,
            name_range,
            DefinitionKind::ClassDef { stmt: class.range },
        );
    }

    fn visit_type_alias(&mut self, alias: &'a ast::StmtTypeAlias) {
        let generic = !alias.type_params.is_empty();
        let (name, name_range) = match &*alias.name {
            Expr::Name(n) => (Some(n.id.as_str()), n.range),
            other => (None, other.range()),
        };
        if generic {
            self.push_scope(
                ScopeKind::TypeParams,
                alias.range,
                format!("<type params of {}>", name.unwrap_or("?")),
            );
            self.bind_type_params(&alias.type_params);
        }
        self.visit_expr(&alias.value);
        if generic {
            self.finish_top();
        }
        if let Some(name) = name {
            self.add_definition(
                name,
                name_range,
                DefinitionKind::TypeAlias {
                    stmt: alias.range,
                    value: alias.value.range(),
                },
            );
        }
    }

    fn bind_type_params(&mut self, params: &'a [ast::TypeParam]) {
        // Bind all first: bounds and defaults may refer to any of them.
        for param in params {
            let (name, range, kind, bound) = match param {
                ast::TypeParam::TypeVar(t) => {
                    (&t.name, t.range, TypeParamKind::TypeVar, t.bound.as_deref())
                }
                ast::TypeParam::ParamSpec(p) => (&p.name, p.range, TypeParamKind::ParamSpec, None),
                ast::TypeParam::TypeVarTuple(t) => {
                    (&t.name, t.range, TypeParamKind::TypeVarTuple, None)
                }
            };
            let default = self.module.type_param_default(range);
            self.add_definition(
                name,
                range,
                DefinitionKind::TypeParam {
                    param: range,
                    kind,
                    bound: bound.map(|b| b.range()),
                    default: default.map(|d| d.range()),
                },
            );
        }
        for param in params {
            if let ast::TypeParam::TypeVar(ast::TypeParamTypeVar {
                bound: Some(bound), ..
            }) = param
            {
                self.visit_expr(bound);
            }
            if let Some(default) = self.module.type_param_default(param.range()) {
                self.visit_expr(default);
            }
        }
    }

    fn visit_parameter_defaults(&mut self, args: &'a ast::Arguments) {
        for arg in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if let Some(default) = &arg.default {
                self.visit_expr(default);
            }
        }
    }

    fn visit_parameter_annotations(&mut self, args: &'a ast::Arguments) {
        let with_defaults = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs);
        let annotations = with_defaults
            .map(|a| &a.def)
            .chain(args.vararg.as_deref())
            .chain(args.kwarg.as_deref())
            .filter_map(|a| a.annotation.as_deref());
        for annotation in annotations {
            self.visit_expr(annotation);
        }
    }

    /// Binds the parameters of a function or lambda in its (current) scope.
    pub(super) fn bind_parameters(&mut self, function: TextRange, args: &'a ast::Arguments) {
        let groups: [(&[ast::ArgWithDefault], ParameterKind); 3] = [
            (&args.posonlyargs, ParameterKind::PositionalOnly),
            (&args.args, ParameterKind::Normal),
            (&args.kwonlyargs, ParameterKind::KeywordOnly),
        ];
        let mut params: Vec<(&ast::Arg, ParameterKind, Option<TextRange>)> = Vec::new();
        for (group, kind) in groups {
            for arg in group {
                params.push((&arg.def, kind, arg.default.as_ref().map(|d| d.range())));
            }
        }
        if let Some(vararg) = &args.vararg {
            params.push((vararg, ParameterKind::VarPositional, None));
        }
        if let Some(kwarg) = &args.kwarg {
            params.push((kwarg, ParameterKind::VarKeyword, None));
        }
        // Source order: positional-only, normal, *args, keyword-only, **kwargs.
        params.sort_by_key(|(arg, _, _)| arg.range.start());
        for (arg, kind, default) in params {
            self.add_definition(
                &arg.arg,
                arg.range,
                DefinitionKind::Parameter {
                    function,
                    kind,
                    annotation: arg.annotation.as_ref().map(|a| a.range()),
                    default,
                },
            );
        }
    }

    // ---- loops ----

    /// Starts a loop: every symbol gets the loop's header placeholder.
    fn enter_loop(&mut self) -> LoopId {
        let builder = self.cur_mut();
        let parent = builder.flow.innermost_loop;
        let id = builder.loops.new_loop(parent);
        let n = builder.n_symbols();
        builder.flow.extend_to(n, &builder.loops);
        for state in &mut builder.flow.symbols {
            state.live.push(Live {
                target: Target::Header(id),
                preds: Vec::new(),
            });
        }
        builder.flow.innermost_loop = Some(id);
        builder.loop_stack.push(LoopCtx {
            id,
            breaks: Vec::new(),
            continues: Vec::new(),
        });
        id
    }

    /// Ends a loop: stores its back edge (the current state plus the
    /// `continue`s) and returns `exit` and the `break` states, moved to the
    /// enclosing loop context.
    fn exit_loop(&mut self, id: LoopId, mut exit: FlowState) -> (FlowState, Vec<FlowState>) {
        let builder = self.cur_mut();
        let ctx = builder.loop_stack.pop().expect("loop context");
        debug_assert_eq!(ctx.id, id);
        let n = builder.n_symbols();
        let mut back = builder.flow.clone();
        for state in &ctx.continues {
            back.merge(state, n, &builder.loops);
        }
        back.extend_to(n, &builder.loops);
        builder.loops.set_back(id, back);
        let parent = builder.loops.parent(id);
        exit.rebase(n, &builder.loops, parent);
        let mut breaks = ctx.breaks;
        for state in &mut breaks {
            state.rebase(n, &builder.loops, parent);
        }
        (exit, breaks)
    }

    fn visit_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        is_async: bool,
    ) {
        self.visit_expr(iter);
        let id = self.enter_loop();
        let header = self.take_flow();
        let iter_range = iter.range();
        self.bind_target(target, &|unpack| DefinitionKind::For {
            iter: iter_range,
            unpack,
            is_async,
        });
        self.visit_body(body);
        let (exit, breaks) = self.exit_loop(id, header);
        self.set_flow(exit);
        self.visit_body(orelse);
        for state in &breaks {
            self.merge_into_current(state);
        }
    }

    fn visit_while(&mut self, w: &'a ast::StmtWhile) {
        let id = self.enter_loop();
        let (yes, no) = self.static_branch(&w.test);
        self.set_flow(yes);
        self.visit_body(&w.body);
        let (exit, breaks) = self.exit_loop(id, no);
        self.set_flow(exit);
        self.visit_body(&w.orelse);
        for state in &breaks {
            self.merge_into_current(state);
        }
    }

    // ---- with, try, match ----

    fn visit_with(&mut self, items: &'a [ast::WithItem], body: &'a [Stmt], is_async: bool) {
        for item in items {
            self.visit_expr(&item.context_expr);
            if let Some(vars) = &item.optional_vars {
                let context_expr = item.context_expr.range();
                self.bind_target(vars, &|unpack| DefinitionKind::With {
                    context_expr,
                    unpack,
                    is_async,
                });
            }
        }
        // A manager may swallow an exception from anywhere in the body: what
        // reaches the end of the statement is then any state the body was
        // in when it raised, if (as the checker decides) an item's
        // `__exit__` may return `True`. As for a `try` body, those states
        // are accumulated as the body rebinds names (the entry state merged
        // with each symbol's state after each change, so a bounded live set
        // per symbol), then merged into the end under an `ExitSuppresses`
        // predicate that the checker makes impossible for managers that do
        // not swallow:
        //
        //     with suppress(KeyError):
        //         y = 1           # the accumulated state: `y` unbound or `y = 1`
        //     print(y)            # possibly unbound (only if `suppress` swallows)
        let entry = self.is_reachable().then(|| self.cur().flow.clone());
        let tracked = entry.is_some();
        if let Some(entry) = entry {
            self.cur_mut().try_stack.push(entry);
        }
        self.visit_body(body);
        let swallowed = if tracked {
            self.cur_mut().try_stack.pop()
        } else {
            None
        };
        if let Some(mut swallowed) = swallowed {
            let kind = PredicateKind::ExitSuppresses { is_async };
            {
                let builder = self.cur();
                swallowed.extend_to(builder.n_symbols(), &builder.loops);
            }
            for item in items {
                let range = item.context_expr.range();
                let p = self.new_predicate(range, true, kind);
                self.new_predicate(range, false, kind);
                // Any one item suppressing is enough: one path each (a
                // merge into an unreachable end takes the path whole).
                let mut path = swallowed.clone();
                path.add_pending(p);
                self.merge_into_current(&path);
            }
        }
    }

    fn visit_try(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
        is_star: bool,
    ) {
        let pre = self.take_flow();
        self.cur_mut().try_stack.push(pre);
        self.visit_body(body);
        let accum = self.cur_mut().try_stack.pop().expect("try context");
        self.visit_body(orelse);
        let mut ends = vec![self.take_flow()];
        for handler in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = handler;
            self.set_flow(accum.clone());
            if let Some(type_expr) = &h.type_ {
                self.visit_expr(type_expr);
            }
            if let Some(name) = &h.name {
                self.add_definition(
                    name,
                    h.range,
                    DefinitionKind::ExceptHandler {
                        handler: h.range,
                        type_expr: h.type_.as_ref().map(|t| t.range()),
                        is_star,
                    },
                );
            }
            self.visit_body(&h.body);
            if let Some(name) = &h.name {
                self.add_definition(
                    name,
                    h.range,
                    DefinitionKind::Deletion {
                        stmt: h.range,
                        implicit: true,
                    },
                );
            }
            ends.push(self.take_flow());
        }
        let mut merged = ends.swap_remove(0);
        {
            let builder = self.cur();
            let n = builder.n_symbols();
            for state in &ends {
                merged.merge(state, n, &builder.loops);
            }
        }
        if finalbody.is_empty() {
            self.set_flow(merged);
            return;
        }
        // `finally` runs on every path: its uses see the normal paths and
        // the exceptional ones; after it, the normal paths continue with
        // the symbols `finally` rebinds taken from the end of `finally`.
        let normal = merged;
        let mut entry = normal.clone();
        {
            let builder = self.cur();
            entry.merge(&accum, builder.n_symbols(), &builder.loops);
        }
        self.set_flow(entry);
        self.cur_mut().touched_stack.push(Default::default());
        self.visit_body(finalbody);
        let touched = self.cur_mut().touched_stack.pop().unwrap_or_default();
        let after = self.take_flow();
        let builder = self.cur();
        let mut result = normal;
        result.extend_to(builder.n_symbols(), &builder.loops);
        for symbol in touched {
            result.symbols[symbol.index()] = after.symbol(symbol.index(), &builder.loops);
        }
        result.reachable = result.reachable && after.reachable;
        if !after.pending.is_empty() {
            // The normal paths go on only if the calls ending `finally`
            // returned (and whatever `finally` was reached under).
            result.pending = after.pending.clone();
        }
        self.set_flow(result);
    }

    fn visit_match(&mut self, m: &'a ast::StmtMatch) {
        self.visit_expr(&m.subject);
        let subject = m.subject.range();
        let names = self.narrowable(&m.subject);
        // The subject (or the elements of a tuple subject) whose attribute
        // places a class pattern can narrow (see `case_member_places`).
        let roots: Vec<String> = match &*m.subject {
            Expr::Tuple(t) => t
                .elts
                .iter()
                .filter_map(crate::place::subject_key)
                .collect(),
            subject => crate::place::subject_key(subject).into_iter().collect(),
        };
        let mut rest = self.take_flow();
        let mut ends = Vec::new();
        for case in &m.cases {
            let mut state = rest.clone();
            let pattern_range = case.pattern.range();
            let kind = PredicateKind::Pattern { subject };
            let positive = self.new_predicate(pattern_range, true, kind);
            let negative = self.new_predicate(pattern_range, false, kind);
            self.apply_predicate(&mut state, positive, &names);
            let members = self.trackable(super::expr::case_member_places(&roots, case));
            self.apply_predicate(&mut state, positive, &members);
            self.set_flow(state);
            self.visit_pattern(&case.pattern, subject);
            if let Some(guard) = &case.guard {
                let (yes, _) = self.visit_test(guard);
                self.set_flow(yes);
            }
            self.visit_body(&case.body);
            ends.push(self.take_flow());
            if case.guard.is_none() {
                if is_irrefutable(&case.pattern) {
                    rest.reachable = false;
                } else {
                    self.apply_predicate(&mut rest, negative, &names);
                }
            }
        }
        self.set_flow(rest);
        for state in &ends {
            self.merge_into_current(state);
        }
    }

    fn visit_pattern(&mut self, pattern: &'a ast::Pattern, subject: TextRange) {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return;
        }
        self.depth += 1;
        match pattern {
            ast::Pattern::MatchValue(v) => self.visit_expr(&v.value),
            ast::Pattern::MatchSingleton(_) => {}
            ast::Pattern::MatchSequence(s) => {
                for p in &s.patterns {
                    self.visit_pattern(p, subject);
                }
            }
            ast::Pattern::MatchMapping(m) => {
                for key in &m.keys {
                    self.visit_expr(key);
                }
                for p in &m.patterns {
                    self.visit_pattern(p, subject);
                }
                if let Some(rest) = &m.rest {
                    self.add_definition(
                        rest,
                        m.range,
                        DefinitionKind::MatchCapture {
                            pattern: m.range,
                            subject,
                            kind: MatchCaptureKind::MappingRest,
                        },
                    );
                }
            }
            ast::Pattern::MatchClass(c) => {
                self.visit_expr(&c.cls);
                for p in c.patterns.iter().chain(&c.kwd_patterns) {
                    self.visit_pattern(p, subject);
                }
            }
            ast::Pattern::MatchStar(s) => {
                if let Some(name) = &s.name {
                    self.add_definition(
                        name,
                        s.range,
                        DefinitionKind::MatchCapture {
                            pattern: s.range,
                            subject,
                            kind: MatchCaptureKind::Star,
                        },
                    );
                }
            }
            ast::Pattern::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.visit_pattern(p, subject);
                }
                if let Some(name) = &a.name {
                    self.add_definition(
                        name,
                        a.range,
                        DefinitionKind::MatchCapture {
                            pattern: a.range,
                            subject,
                            kind: MatchCaptureKind::As,
                        },
                    );
                }
            }
            ast::Pattern::MatchOr(o) => {
                let pre = self.take_flow();
                let mut ends = Vec::new();
                for p in &o.patterns {
                    self.set_flow(pre.clone());
                    self.visit_pattern(p, subject);
                    ends.push(self.take_flow());
                }
                if let Some(first) = ends.first().cloned() {
                    self.set_flow(first);
                    for state in &ends[1..] {
                        self.merge_into_current(state);
                    }
                }
            }
        }
        self.depth -= 1;
    }
}

/// A pattern that matches every subject (`case x`, `case _`, or an
/// alternative containing one).
fn is_irrefutable(pattern: &ast::Pattern) -> bool {
    match pattern {
        ast::Pattern::MatchAs(a) => a.pattern.as_deref().is_none_or(is_irrefutable),
        ast::Pattern::MatchOr(o) => o.patterns.iter().any(is_irrefutable),
        _ => false,
    }
}
