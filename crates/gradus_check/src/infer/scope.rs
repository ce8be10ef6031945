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
use gradus_index::{locate, use_def_map, ScopeId, ScopeKind};
use gradus_syntax::ast::Ranged;
use gradus_syntax::ast::{self, Expr, Stmt};
use gradus_syntax::TextRange;
use gradus_types::Type;

use super::expr::ExprInferrer;
use super::function::{decorator_name, function_parts};
use crate::relation::is_assignable;
use crate::rules::{
    INCONSISTENT_MRO, INVALID_ASSIGNMENT, INVALID_RETURN_TYPE, LEGACY_POSITIONAL_ONLY,
    MISSING_RETURN,
};
use crate::semantic::{declared_symbol_type, parsed};

// Budget: see `gradus_budgets`.
use gradus_budgets::CHECK_MAX_STMT_DEPTH as MAX_STMT_DEPTH;

/// The type diagnostics of one scope, with ranges relative to the scope's
/// start ([`crate::firewall::ScopeInputs::start`]): a firewall query (see
/// [`crate::firewall`]) that re-runs only when the scope's own text or what
/// it reads of the rest of the file changed.
#[salsa::tracked(returns(ref))]
pub fn check_scope(db: &dyn Db, file: File, scope: ScopeId) -> Vec<Diagnostic> {
    let _boundary = crate::firewall::query_boundary();
    let inputs = crate::firewall::scope_inputs(db, file, scope);
    let _override = crate::firewall::install(file, inputs);
    let index = crate::firewall::index(db, file);
    if scope.index() >= index.scope_count() {
        return Vec::new();
    }
    // Names resolved in enclosing scopes read their end-of-scope bindings:
    // depend on those scopes' firewall queries (a `global x` assignment in
    // another function changes the module's use-def map).
    let mut ancestor = index.scope(scope).parent;
    while let Some(a) = ancestor {
        let _ = use_def_map(db, file, a);
        let _ = gradus_index::symbol_table(db, file, a);
        ancestor = index.scope(a).parent;
    }
    let module = parsed(db, file);
    let info = index.scope(scope);
    let mut checker = ScopeChecker {
        inferrer: ExprInferrer::new(db, file, true),
        scope,
        return_type: None,
        is_generator: false,
        generator_return: None,
        flow_ended: false,
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
                checker.is_generator = super::function::body_has_yield(parts.body);
                checker.return_type = parts.returns.map(|r| {
                    let mut quiet = ExprInferrer::new(db, file, false);
                    quiet.annotation_type(r)
                });
                if checker.is_generator {
                    if let (Some(declared), Some(annotation)) = (checker.return_type, parts.returns)
                    {
                        checker.check_generator_annotation(declared, annotation, parts.is_async);
                    }
                }
                checker.check_body(parts.body, 0);
                checker.check_missing_return(&parts, info.node_range);
            }
        }
        _ => {}
    }
    crate::qualifiers::check_scope_bindings(&mut checker.inferrer, scope);
    let start = inputs.start();
    let mut diagnostics = checker.inferrer.diagnostics;
    for d in &mut diagnostics {
        // Relative to the scope's start (diagnostics outside it, if any,
        // are clamped to it).
        let s = d.range.start().max(start) - start;
        let e = d.range.end().max(start) - start;
        d.range = TextRange::new(s, e.max(s));
    }
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
    /// The return type declared through `Generator[Y, S, R]` (its `R`).
    generator_return: Option<Type<'db>>,
    /// The statement just checked was a call that never returns.
    flow_ended: bool,
}

impl<'db> ScopeChecker<'db> {
    fn db(&self) -> &'db dyn Db {
        self.inferrer.db
    }

    fn check_body(&mut self, body: &[Stmt], depth: usize) {
        if depth > MAX_STMT_DEPTH {
            if let Some(first) = body.first() {
                self.inferrer.report_too_complex(
                    first.range(),
                    format!("Statements nested more than {MAX_STMT_DEPTH} deep are not checked"),
                );
            }
            return;
        }
        self.check_overload_definitions(body, depth);
        for stmt in body {
            self.flow_ended = false;
            self.check_stmt(stmt, depth);
            // Code after a call that never returns (`sys.exit()`, or an
            // `if`/`try` whose every path ends in one) is unreachable, like
            // code after `raise`: it is not checked.
            if std::mem::take(&mut self.flow_ended) || self.ends_in_no_return_calls(stmt) {
                break;
            }
        }
    }

    /// Whether every path through the compound statement `stmt` ends in
    /// `return`, `raise` or a call that never returns, with at least one
    /// such call (the binder knows the rest). A syntactic filter first, so
    /// that only candidate calls are inferred again.
    fn ends_in_no_return_calls(&mut self, stmt: &Stmt) -> bool {
        if !matches!(
            stmt,
            Stmt::If(_) | Stmt::Try(_) | Stmt::With(_) | Stmt::AsyncWith(_)
        ) || !self.inferrer.index.is_range_reachable(stmt.range())
        {
            return false;
        }
        let body = std::slice::from_ref(stmt);
        if !may_end_in_calls(body, 0) {
            return false;
        }
        let mut quiet = ExprInferrer::new(self.db(), self.inferrer.file, false);
        body_terminates(&mut quiet, body, 0)
    }

    /// The overload groups of a statement list (see [`crate::overloads`]).
    fn check_overload_definitions(&mut self, body: &[Stmt], depth: usize) {
        if !body.iter().any(|s| {
            function_parts(s).is_some_and(|p| crate::overloads::has_decorator(&p, "overload"))
        }) {
            return;
        }
        let db = self.db();
        let file = self.inferrer.file;
        let info = self.inferrer.index.scope(self.scope);
        let in_class = info.kind == ScopeKind::Class;
        let in_protocol = in_class
            && crate::firewall::definitions_by_statement(db, file)
                .get(&info.node_range)
                .is_some_and(|&def| {
                    matches!(
                        crate::semantic::definition_type(db, file, def),
                        Type::ClassObject(c)
                            if crate::abstract_class::is_protocol_class(db, c.class(db))
                    )
                });
        let context = crate::overloads::BodyContext {
            in_stub: crate::semantic::is_stub(db, file),
            in_class,
            in_protocol,
            top_level: depth == 0,
        };
        for (range, message) in
            crate::overloads::overload_definition_errors(db, file, body, context)
        {
            self.inferrer
                .report(range, crate::rules::INVALID_OVERLOAD.code, message);
        }
    }

    /// `@final` classes and methods, `@override`, and override compatibility
    /// (see [`crate::overrides`]).
    fn check_overrides(&mut self, class: &ast::StmtClassDef) {
        let db = self.db();
        let Some(c) = self.class_of_statement(class) else {
            return;
        };
        for (range, code, message) in
            crate::overrides::class_override_errors(db, self.inferrer.file, c.class(db), class)
        {
            self.inferrer.report(range, code, message);
        }
        for (range, code, message) in
            crate::disjoint_base::class_disjoint_base_errors(db, c.class(db), class)
        {
            self.inferrer.report(range, code, message);
        }
        for (range, message) in crate::enums::member_value_errors(db, c.class(db), class) {
            self.inferrer
                .report(range, INVALID_ASSIGNMENT.code, message);
        }
        for (range, message) in crate::enums::annotated_member_errors(db, c.class(db), class) {
            self.inferrer
                .report(range, crate::rules::INVALID_ENUM_MEMBER.code, message);
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
                let ty = self.inferrer.infer_expr(&e.value);
                self.flow_ended = ty.is_never() && matches!(*e.value, Expr::Call(_));
                crate::generic_checks::check_value_scope(&mut self.inferrer, self.scope, &e.value);
            }
            Stmt::Assign(a) => {
                crate::generic_checks::check_value_scope(&mut self.inferrer, self.scope, &a.value);
                let declared = single_name_target(&a.targets).and_then(|name| {
                    declared_symbol_type(db, self.inferrer.file, self.scope, name)
                });
                self.check_type_variable_name(a);
                // `obj.x = value` against the declared type of `x`.
                for target in &a.targets {
                    self.check_frozen_target(target);
                    self.check_unpack_count(target, &a.value);
                    crate::qualifiers::check_attribute_write(
                        &mut self.inferrer,
                        self.scope,
                        target,
                        crate::qualifiers::Write::Assign,
                    );
                }
                let attribute = match a.targets.as_slice() {
                    [Expr::Attribute(attr)] if declared.is_none() => {
                        let object = self.inferrer.infer_expr(&attr.value);
                        match crate::class::instance_class(db, object) {
                            Some(class) => {
                                crate::class::declared_attribute_type(db, class, attr.attr.as_str())
                                    .map(|t| {
                                        // A data descriptor takes what its
                                        // `__set__` accepts.
                                        let t = crate::descriptor::descriptor_set_value_type(db, t)
                                            .unwrap_or(t);
                                        // `next: Self | None` on an instance
                                        // of a subclass means that subclass.
                                        let mut subst = Vec::new();
                                        super::generics::add_self_substitution(
                                            db,
                                            &mut subst,
                                            [t],
                                            object,
                                        );
                                        (
                                            attr.attr.as_str(),
                                            super::generics::substitute(db, t, &subst),
                                        )
                                    })
                            }
                            None => None,
                        }
                    }
                    _ => None,
                };
                // `td["key"] = value` against the item's type.
                let item = match a.targets.as_slice() {
                    [target @ Expr::Subscript(_)] => self.inferrer.typeddict_item_context(target),
                    _ => None,
                };
                let context = declared.or(attribute.map(|(_, t)| t)).or(item);
                let value = self.inferrer.infer_expr_with_context(&a.value, context);
                if let Some(declared) = declared {
                    if !crate::typeddict::ops::reports_display_errors(db, &a.value, declared) {
                        self.check_assignable(value, declared, a.value.range());
                    }
                }
                self.inferrer.check_functional_typeddict(a);
                if let Some((name, declared)) = attribute {
                    if !is_assignable(db, value, declared) {
                        let (v, d) = (
                            self.inferrer.display(value),
                            self.inferrer.display(declared),
                        );
                        self.inferrer.report(
                            a.value.range(),
                            INVALID_ASSIGNMENT.code,
                            format!(
                                "Type `{v}` is not assignable to attribute `{name}` of type `{d}`"
                            ),
                        );
                    }
                }
                for target in &a.targets {
                    self.check_target(target, Some(value));
                }
                if let ([target], Expr::Call(call)) = (a.targets.as_slice(), a.value.as_ref()) {
                    self.inferrer.check_type_alias_type_call(target, call);
                    self.inferrer.check_newtype_definition(target, call);
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some((tv, part)) = self.param_spec_component(&a.annotation) {
                    let name = tv.name(db).clone();
                    self.inferrer.report(
                        a.annotation.range(),
                        crate::rules::INVALID_TYPE_FORM.code,
                        format!("`{name}.{part}` is only allowed as the annotation of `*args` / `**kwargs`"),
                    );
                }
                let declared = self.inferrer.annotation_type(&a.annotation);
                crate::qualifiers::check_ann_assign(&mut self.inferrer, self.scope, a);
                crate::generic_checks::check_annotation_scope(
                    &mut self.inferrer,
                    self.scope,
                    a,
                    declared,
                );
                crate::protocol::check_self_attribute_declaration(
                    &mut self.inferrer,
                    self.scope,
                    a,
                );
                let explicit_alias = a.value.is_some()
                    && matches!(
                        self.inferrer.infer_expr(&a.annotation),
                        Type::SpecialForm(gradus_types::SpecialForm::TypeAlias)
                    );
                if let (true, Some(value)) = (explicit_alias, &a.value) {
                    self.inferrer.check_explicit_alias(&a.target, value);
                } else if let Some(value) = &a.value {
                    let is_alias_like = matches!(declared, Type::Dynamic(_))
                        || crate::typeddict::ops::reports_display_errors(db, value, declared);
                    let ty = self.inferrer.infer_expr_with_context(value, Some(declared));
                    // `field(default_factory=f)` in a class body: what `f`
                    // produces is checked with the dataclass's fields.
                    let factory_field = self.inferrer.index.scope(self.scope).kind
                        == ScopeKind::Class
                        && matches!(value.as_ref(), Expr::Call(c)
                        if decorator_name(&c.func) == Some("field")
                            && c.keywords.iter().any(|k| {
                                k.arg.as_ref().is_some_and(|n| n.as_str() == "default_factory")
                            }));
                    if !is_alias_like
                        && !factory_field
                        && !crate::dataclass::is_specifier_instance(
                            db,
                            self.inferrer.file,
                            self.scope,
                            ty,
                        )
                    {
                        self.check_assignable(ty, declared, value.range());
                    }
                }
                self.check_target(&a.target, None);
            }
            Stmt::AugAssign(a) => {
                crate::qualifiers::check_attribute_write(
                    &mut self.inferrer,
                    self.scope,
                    &a.target,
                    crate::qualifiers::Write::Augmented,
                );
                let target = self.inferrer.infer_expr(&a.target);
                let value = self.inferrer.infer_expr(&a.value);
                // Try the in-place dunder first, then the plain operator.
                let inplace = inplace_dunder(a.op);
                let result = match self
                    .inferrer
                    .member(target, inplace)
                    .and_then(|m| self.inferrer.call_with_types(m, &[value], a.range, true))
                {
                    Some(result) => result,
                    None => self.inferrer.binary_op(target, value, a.op, a.range),
                };
                // `x += 1` assigns the result to `x`: it must fit its
                // declared type.
                if let Expr::Name(name) = a.target.as_ref() {
                    if let Some(declared) =
                        declared_symbol_type(db, self.inferrer.file, self.scope, name.id.as_str())
                    {
                        self.check_assignable(result, declared, a.range);
                    }
                }
            }
            Stmt::Return(r) => {
                let expected = if self.is_generator {
                    self.generator_return
                } else {
                    self.return_type
                        .map(|t| crate::narrow::guard::guard_return_as_bool(db, t))
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
                    crate::qualifiers::check_attribute_write(
                        &mut self.inferrer,
                        self.scope,
                        t,
                        crate::qualifiers::Write::Delete,
                    );
                    match t {
                        Expr::Name(_) => {}
                        Expr::Subscript(sub) => {
                            let object = self.inferrer.infer_expr(&sub.value);
                            if !self
                                .inferrer
                                .typeddict_delete(object, &sub.slice, t.range())
                            {
                                self.inferrer.infer_expr(&sub.slice);
                                self.check_item_method(
                                    object,
                                    "__delitem__",
                                    "deletion",
                                    t.range(),
                                );
                            }
                        }
                        Expr::Attribute(attr) => {
                            let object = self.inferrer.infer_expr(&attr.value);
                            if let Some(c) = crate::class::instance_class(db, object) {
                                if crate::namedtuple::namedtuple_fields(db, c.class(db))
                                    .iter()
                                    .any(|f| f.name == attr.attr.as_str())
                                {
                                    let name = c.name(db).to_owned();
                                    self.inferrer.report(
                                        t.range(),
                                        INVALID_ASSIGNMENT.code,
                                        format!(
                                            "Cannot delete field `{}` of named tuple `{name}`",
                                            attr.attr
                                        ),
                                    );
                                }
                            }
                        }
                        _ => {
                            self.inferrer.infer_expr(t);
                        }
                    }
                }
            }
            Stmt::If(s) => {
                // An `elif` chain is an `if` nested in the `else` of the one
                // before: walked as a loop, it costs no depth (a generated
                // 10,000-branch chain is checked to the end).
                let mut current = s;
                loop {
                    self.inferrer.infer_expr(&current.test);
                    self.check_body(&current.body, depth + 1);
                    match current.orelse.as_slice() {
                        [Stmt::If(next)] if self.inferrer.index.is_range_reachable(next.range) => {
                            current = next;
                        }
                        orelse => {
                            self.check_body(orelse, depth + 1);
                            break;
                        }
                    }
                }
            }
            Stmt::While(s) => {
                self.inferrer.infer_expr(&s.test);
                self.check_body(&s.body, depth + 1);
                self.check_body(&s.orelse, depth + 1);
            }
            Stmt::For(s) => {
                let iterable = self.inferrer.infer_expr(&s.iter);
                self.inferrer.iteration_type(iterable, s.iter.range());
                self.check_target(&s.target, None);
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
                let subject = self.inferrer.infer_expr(&m.subject);
                // What the cases so far leave of the subject: a refutable
                // pattern past the point where nothing is left can never
                // match (a final `case _:` for `assert_never` is fine).
                let mut remaining = subject;
                for case in &m.cases {
                    if remaining.is_never()
                        && !subject.is_never()
                        && !is_irrefutable(&case.pattern)
                        && self.inferrer.index.is_range_reachable(case.pattern.range())
                    {
                        let shown = self.inferrer.display(subject);
                        self.inferrer.report(
                            case.pattern.range(),
                            crate::rules::UNREACHABLE_CASE.code,
                            format!("This pattern can never match: the cases before it match every `{shown}`"),
                        );
                    }
                    if case.guard.is_none() && !remaining.is_dynamic() {
                        remaining = crate::narrow::narrow_by_pattern(
                            self.db(),
                            self.inferrer.file,
                            remaining,
                            &case.pattern,
                            false,
                        );
                    }
                    crate::narrow::pattern::check_case_pattern(&mut self.inferrer, &case.pattern);
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
                self.check_legacy_positional_only(&parts);
                self.check_param_spec_components(&parts, stmt.range());
                if parts.name == "__init__"
                    && self.inferrer.index.scope(self.scope).kind == ScopeKind::Class
                {
                    self.inferrer.check_init_self_annotation(parts.args);
                }
                crate::qualifiers::check_signature(&mut self.inferrer, &parts);
                if let Some((range, code, message)) =
                    crate::disjoint_base::function_disjoint_base_error(parts.decorators, parts.name)
                {
                    self.inferrer.report(range, code, message);
                }
                if self.inferrer.index.scope(self.scope).kind != ScopeKind::Class {
                    if let Some(d) = parts
                        .decorators
                        .iter()
                        .find(|d| decorator_name(d) == Some("final"))
                    {
                        self.inferrer.report(
                            d.range(),
                            crate::rules::INVALID_FINAL_DECORATOR.code,
                            format!(
                                "`@final` on function `{}`, which is not a method: only methods and classes can be final",
                                parts.name
                            ),
                        );
                    }
                }
                let has_type_params = match stmt {
                    Stmt::FunctionDef(f) => !f.type_params.is_empty(),
                    Stmt::AsyncFunctionDef(f) => !f.type_params.is_empty(),
                    _ => false,
                };
                if has_type_params {
                    let args = parts.args;
                    let annotations: Vec<&Expr> = args
                        .posonlyargs
                        .iter()
                        .chain(&args.args)
                        .chain(&args.kwonlyargs)
                        .filter_map(|a| a.def.annotation.as_deref())
                        .chain(args.vararg.iter().filter_map(|a| a.annotation.as_deref()))
                        .chain(args.kwarg.iter().filter_map(|a| a.annotation.as_deref()))
                        .chain(parts.returns)
                        .collect();
                    self.check_no_legacy_type_vars(&annotations);
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
                        self.inferrer.check_item_qualifier_context(ann);
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
                self.inferrer.check_unpacked_kwargs(args);
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
                    let ty = self.inferrer.infer_expr(b);
                    self.inferrer.check_alias_base(b, ty);
                }
                for k in &c.keywords {
                    self.inferrer.infer_expr(&k.value);
                }
                self.check_mro(c);
                let class = self.class_of_statement(c);
                crate::generic_checks::check_class(&mut self.inferrer, self.scope, c, class);
                self.check_type_parameter_defaults(c, class);
                if let Some(class) = class {
                    self.inferrer.check_typeddict_class(class, c);
                }
                self.check_overrides(c);
                self.check_dataclass_fields(c);
                self.check_namedtuple(c);
                if !c.type_params.is_empty() {
                    let bases: Vec<&Expr> = c.bases.iter().collect();
                    self.check_no_legacy_type_vars(&bases);
                }
            }
            Stmt::TypeAlias(t) => self.inferrer.check_type_alias_statement(t),
            Stmt::Import(_)
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

    /// Checks an assignment target; `value` is the assigned type when the
    /// target receives the whole value.
    fn check_target(&mut self, target: &Expr, value: Option<Type<'db>>) {
        match target {
            Expr::Name(_) => {}
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.check_target(e, None)),
            Expr::List(t) => t.elts.iter().for_each(|e| self.check_target(e, None)),
            Expr::Starred(s) => self.check_target(&s.value, None),
            Expr::Attribute(a) => {
                self.inferrer.infer_expr(&a.value);
            }
            Expr::Subscript(s) => {
                let object = self.inferrer.infer_expr(&s.value);
                if self
                    .inferrer
                    .typeddict_store(object, &s.slice, value, target.range())
                {
                    return;
                }
                self.inferrer.infer_expr(&s.slice);
                self.check_item_method(object, "__setitem__", "assignment", target.range());
            }
            other => {
                self.inferrer.infer_expr(other);
            }
        }
    }

    /// `t[0] = x` / `del t[0]` on a type without `__setitem__` /
    /// `__delitem__` (a tuple, a named tuple, a string).
    fn check_item_method(&mut self, object: Type<'db>, method: &str, what: &str, range: TextRange) {
        let db = self.db();
        let instance = match object {
            Type::Tuple(_) => crate::semantic::known_instance(db, gradus_types::KnownClass::Tuple),
            Type::StrLiteral(_) | Type::LiteralString => {
                crate::semantic::known_instance(db, gradus_types::KnownClass::Str)
            }
            other => other,
        };
        let Type::Instance(class) = instance else {
            return;
        };
        if matches!(
            crate::class::class_member(db, class.class(db), method),
            crate::class::MemberLookup::NotFound
        ) && crate::class::class_member(db, class.class(db), "__getattr__")
            == crate::class::MemberLookup::NotFound
        {
            let shown = self.inferrer.display(object);
            self.inferrer.report(
                range,
                crate::rules::NOT_SUBSCRIPTABLE.code,
                format!("Type `{shown}` does not support item {what} (no `{method}`)"),
            );
        }
    }

    /// A dataclass's fields: one without a default may not follow one with
    /// a default (also across inheritance), and a `default_factory` must
    /// produce the field's type.
    fn check_dataclass_fields(&mut self, class: &ast::StmtClassDef) {
        let db = self.db();
        let file = self.inferrer.file;
        let Some(c) = self.class_of_statement(class) else {
            return;
        };
        let literal = c.class(db);
        let Some(params) = crate::dataclass::dataclass_params(db, literal) else {
            return;
        };
        crate::dataclass::checks::check_class(&mut self.inferrer, class, literal);
        // Frozen and non-frozen dataclasses cannot inherit from each other.
        let mro = crate::class::class_mro(db, literal);
        for &base in mro.classes.iter().skip(1) {
            if crate::dataclass::is_metaclass_root(db, base) {
                continue;
            }
            if let Some(base_params) = crate::dataclass::dataclass_params(db, base) {
                if base_params.frozen != params.frozen {
                    let (this, other) = if params.frozen {
                        ("frozen", "non-frozen")
                    } else {
                        ("non-frozen", "frozen")
                    };
                    self.inferrer.report(
                        TextRange::at(class.range.start(), 0.into()),
                        crate::rules::INVALID_DATACLASS.code,
                        format!(
                            "A {this} dataclass cannot inherit from the {other} dataclass `{}`",
                            base.name(db)
                        ),
                    );
                }
                break;
            }
        }
        // A `ClassVar` may not override a field, nor a field a `ClassVar`.
        for s in &class.body {
            let Stmt::AnnAssign(a) = s else { continue };
            let Expr::Name(n) = a.target.as_ref() else {
                continue;
            };
            let is_class_var = crate::dataclass::is_class_var_annotation(&a.annotation);
            for &base in mro.classes.iter().skip(1) {
                if crate::dataclass::dataclass_params(db, base).is_none() {
                    continue;
                }
                let base_field = crate::dataclass::dataclass_fields(db, base)
                    .iter()
                    .any(|f| f.name == n.id.as_str());
                let base_class_var = crate::dataclass::class_var_names(db, base)
                    .iter()
                    .any(|v| v == n.id.as_str());
                if (is_class_var && base_field) || (!is_class_var && base_class_var) {
                    let (what, over) = if is_class_var {
                        ("class variable", "field")
                    } else {
                        ("field", "class variable")
                    };
                    self.inferrer.report(
                        a.range,
                        crate::rules::INVALID_DATACLASS.code,
                        format!(
                            "The {what} `{}` overrides the {over} of the same name in `{}`",
                            n.id,
                            base.name(db)
                        ),
                    );
                    break;
                }
                if base_field || base_class_var {
                    break;
                }
            }
        }
        // Where each field of this class body is declared.
        let own: Vec<(&str, &ast::StmtAnnAssign)> = class
            .body
            .iter()
            .filter_map(|s| match s {
                Stmt::AnnAssign(a) => match a.target.as_ref() {
                    Expr::Name(n) => Some((n.id.as_str(), a)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut seen_default = false;
        for field in crate::dataclass::dataclass_fields(db, literal) {
            if !field.init || field.kw_only {
                continue;
            }
            if field.has_default {
                seen_default = true;
            } else if seen_default {
                let range = own
                    .iter()
                    .find(|(n, _)| *n == field.name)
                    .map(|(_, a)| a.range)
                    .unwrap_or(class.range);
                self.inferrer.report(
                    range,
                    crate::rules::INVALID_DATACLASS.code,
                    format!(
                        "Field `{}` without a default follows a field with a default",
                        field.name
                    ),
                );
                break;
            }
        }
        for (name, a) in &own {
            let Some(Expr::Call(call)) = a.value.as_deref() else {
                continue;
            };
            if decorator_name(&call.func) != Some("field") {
                continue;
            }
            let Some(factory) = call.keywords.iter().find(|k| {
                k.arg
                    .as_ref()
                    .is_some_and(|n| n.as_str() == "default_factory")
            }) else {
                continue;
            };
            let declared = {
                let mut quiet = ExprInferrer::new(db, file, false);
                quiet.annotation_type(&a.annotation)
            };
            let factory_type = self.inferrer.infer_expr(&factory.value);
            if let Some(produced) =
                self.inferrer
                    .call_with_types(factory_type, &[], factory.value.range(), true)
            {
                if !is_assignable(db, produced, declared) {
                    let (p, d) = (
                        self.inferrer.display(produced),
                        self.inferrer.display(declared),
                    );
                    self.inferrer.report(
                        factory.value.range(),
                        INVALID_ASSIGNMENT.code,
                        format!("`default_factory` produces `{p}`, which is not assignable to field `{name}` of type `{d}`"),
                    );
                }
            }
        }
    }

    /// `a, b = (1, 2, 3)`: the number of targets must match a tuple of
    /// known length (a named tuple included).
    fn check_unpack_count(&mut self, target: &Expr, value: &Expr) {
        let db = self.db();
        let targets = match target {
            Expr::Tuple(t) => &t.elts,
            Expr::List(l) => &l.elts,
            _ => return,
        };
        let mut value_type = {
            let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
            quiet.infer_expr(value)
        };
        if let Type::Instance(c) = value_type {
            if let Some(view) = crate::namedtuple::tuple_view(db, c) {
                value_type = view;
            }
        }
        let Type::Tuple(tuple) = value_type else {
            return;
        };
        if tuple.elements(db).iter().any(|e| e.is_unknown())
            || tuple.type_var_tuple_index(db).is_some()
        {
            return;
        }
        let got = tuple.elements(db).len();
        let starred = targets.iter().any(|t| matches!(t, Expr::Starred(_)));
        let needed = targets.len() - usize::from(starred);
        if !tuple.is_fixed(db) {
            // `a, b = t` with `t: tuple[int, int, *tuple[int, ...]]` always
            // has too many values; anything else may fit.
            let least = tuple.min_len(db);
            if !starred && needed < least {
                let message =
                    format!("Too many values to unpack (expected {needed}, got at least {least})");
                self.inferrer
                    .report(target.range(), INVALID_ASSIGNMENT.code, message);
            }
            return;
        }
        let message = if starred && got < needed {
            format!("Not enough values to unpack (expected at least {needed}, got {got})")
        } else if !starred && got < needed {
            format!("Not enough values to unpack (expected {needed}, got {got})")
        } else if !starred && got > needed {
            format!("Too many values to unpack (expected {needed}, got {got})")
        } else {
            return;
        };
        self.inferrer
            .report(target.range(), INVALID_ASSIGNMENT.code, message);
    }

    /// The rules of a named tuple class statement.
    fn check_namedtuple(&mut self, class: &ast::StmtClassDef) {
        let db = self.db();
        let Some(c) = self.class_of_statement(class) else {
            return;
        };
        for (range, message) in crate::namedtuple::definition_errors(db, c.class(db), class) {
            self.inferrer
                .report(range, crate::rules::INVALID_NAMED_TUPLE.code, message);
        }
    }

    /// `T = TypeVar("U")`: a type variable's name must match its variable.
    fn check_type_variable_name(&mut self, assign: &ast::StmtAssign) {
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            return;
        };
        let Expr::Call(call) = assign.value.as_ref() else {
            return;
        };
        let callee = match call.func.as_ref() {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => return,
        };
        if !matches!(callee, "TypeVar" | "ParamSpec" | "TypeVarTuple") {
            return;
        }
        if let Some(Expr::Constant(c)) = call.args.first() {
            if let ast::Constant::Str(name) = &c.value {
                if name != target.id.as_str() {
                    self.inferrer.report(
                        c.range,
                        crate::rules::INVALID_TYPE_FORM.code,
                        format!(
                            "The name `{name}` given to `{callee}` does not match the variable `{}` it is assigned to",
                            target.id
                        ),
                    );
                }
            }
        }
    }

    /// `p.x = 1` where `p` is a frozen dataclass instance.
    fn check_frozen_target(&mut self, target: &Expr) {
        let db = self.db();
        let Expr::Attribute(attr) = target else {
            return;
        };
        let quiet_object = {
            let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
            quiet.infer_expr(&attr.value)
        };
        if let Some(class) = crate::class::instance_class(db, quiet_object) {
            let literal = class.class(db);
            if crate::namedtuple::namedtuple_fields(db, literal)
                .iter()
                .any(|f| f.name == attr.attr.as_str())
            {
                let name = class.name(db).to_owned();
                self.inferrer.report(
                    attr.range,
                    INVALID_ASSIGNMENT.code,
                    format!(
                        "Cannot assign to field `{}` of named tuple `{name}`",
                        attr.attr
                    ),
                );
                return;
            }
            if let Some(message) =
                crate::dataclass::checks::slots_violation(db, class, attr.attr.as_str())
            {
                self.inferrer
                    .report(attr.range, INVALID_ASSIGNMENT.code, message);
                return;
            }
            if crate::dataclass::is_frozen_field(db, literal, attr.attr.as_str()) {
                let name = class.name(db).to_owned();
                self.inferrer.report(
                    attr.range,
                    INVALID_ASSIGNMENT.code,
                    format!(
                        "Cannot assign to field `{}` of frozen dataclass `{name}`",
                        attr.attr
                    ),
                );
            }
        }
    }

    fn check_assignable(&mut self, value: Type<'db>, declared: Type<'db>, range: TextRange) {
        if !is_assignable(self.db(), value, declared) {
            let (v, d) = (
                self.inferrer.display(value),
                self.inferrer.display(declared),
            );
            let reason = crate::relation::mismatch_reason(self.db(), value, declared)
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            self.inferrer.report(
                range,
                INVALID_ASSIGNMENT.code,
                format!("Type `{v}` is not assignable to declared type `{d}`{reason}"),
            );
        }
    }

    /// The class a `class` statement of this file defines.
    /// PEP 696 order rules for a class's type parameters: after one with a
    /// default every parameter has one, none after a TypeVarTuple has one,
    /// and a default mentions only parameters listed before it. Also
    /// `class C(Self)`.
    fn check_type_parameter_defaults(
        &mut self,
        stmt: &ast::StmtClassDef,
        class: Option<gradus_types::ClassType<'db>>,
    ) {
        let db = self.db();
        for base in &stmt.bases {
            if matches!(
                self.inferrer.infer_expr(base),
                Type::SpecialForm(gradus_types::SpecialForm::SelfType)
            ) {
                self.inferrer.report(
                    base.range(),
                    crate::rules::INVALID_TYPE_FORM.code,
                    "`Self` cannot be used as a base class".to_owned(),
                );
            }
        }
        let Some(class) = class else { return };
        let params = super::generics::class_type_params(db, class.class(db)).clone();
        let mut seen_default = false;
        let mut seen_variadic = false;
        for (i, p) in params.iter().enumerate() {
            let name = p.name(db).clone();
            let message = match p.default(db) {
                None if seen_default && p.kind(db) != gradus_types::TypeVarKind::TypeVarTuple => {
                    Some(format!(
                        "Type parameter `{name}` without a default follows one with a default"
                    ))
                }
                Some(_) if seen_variadic && p.kind(db) != gradus_types::TypeVarKind::ParamSpec => {
                    Some(format!(
                        "Type parameter `{name}` has a default but follows a TypeVarTuple"
                    ))
                }
                Some(default) => {
                    seen_default = true;
                    super::generics::type_vars_in(db, default)
                        .into_iter()
                        .find(|v| !params[..i].contains(v))
                        .map(|v| {
                            format!(
                                "The default of `{name}` refers to `{}`, which is not a type parameter listed before it",
                                v.name(db)
                            )
                        })
                }
                None => None,
            };
            if p.kind(db) == gradus_types::TypeVarKind::TypeVarTuple {
                seen_variadic = true;
            }
            if let Some(message) = message {
                self.inferrer
                    .report(stmt.range, crate::rules::INVALID_TYPE_FORM.code, message);
                return;
            }
        }
    }

    fn class_of_statement(
        &self,
        class: &ast::StmtClassDef,
    ) -> Option<gradus_types::ClassType<'db>> {
        let db = self.db();
        let file = self.inferrer.file;
        let def = *crate::firewall::definitions_by_statement(db, file).get(&class.range)?;
        match crate::semantic::definition_type(db, file, def) {
            Type::ClassObject(c) => Some(c),
            _ => None,
        }
    }

    fn check_mro(&mut self, class: &ast::StmtClassDef) {
        let db = self.db();
        if let Some(c) = self.class_of_statement(class) {
            let literal = c.class(db);
            if crate::abstract_class::is_protocol_class(db, literal) {
                for base in crate::class::class_bases(db, literal) {
                    if let crate::class::Base::Class(b) = base {
                        // `object` and `abc.ABC` (an empty class for its
                        // metaclass) add nothing a protocol cannot have.
                        let harmless =
                            b.is_known(db, gradus_types::KnownClass::Object) || b.name(db) == "ABC";
                        if !harmless && !crate::abstract_class::is_protocol_class(db, b.class(db)) {
                            let name = b.name(db).to_owned();
                            self.inferrer.report(
                                class.range,
                                crate::rules::INVALID_PROTOCOL.code,
                                format!("Protocol class `{}` has base `{name}`, which is not a protocol", class.name),
                            );
                            break;
                        }
                    }
                }
            }
            // Report the budget where it is first exceeded, not in every
            // subclass below.
            if crate::class::class_mro(db, c.class(db)).over_budget
                && !crate::class::class_bases(db, c.class(db)).iter().any(|b| {
                    matches!(b, crate::class::Base::Class(b)
                        if crate::class::class_mro(db, b.class(db)).over_budget)
                })
            {
                self.inferrer.report(
                    class.range,
                    crate::rules::TOO_COMPLEX.code,
                    format!(
                        "The class hierarchy of `{}` is too large to order (over {} classes to merge): its MRO is approximate and unknown attributes are not reported",
                        class.name,
                        gradus_budgets::MAX_MRO_MERGE
                    ),
                );
            }
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

    /// A generator's declared return type must accept a generator; its
    /// yield type (and `Generator`'s return type) are checked on `yield`
    /// and `return`.
    fn check_generator_annotation(
        &mut self,
        declared: Type<'db>,
        annotation: &Expr,
        is_async: bool,
    ) {
        let db = self.db();
        let (module, name, arity) = if is_async {
            ("typing", "AsyncGenerator", 2)
        } else {
            ("typing", "Generator", 3)
        };
        let Some(generator) = crate::semantic::module_class(db, module, name) else {
            return;
        };
        let any_generator = Type::Instance(gradus_types::ClassType::new(
            db,
            generator.class(db),
            vec![Type::UNKNOWN; arity],
        ));
        if !declared.is_dynamic() && !is_assignable(db, any_generator, declared) {
            let shown = self.inferrer.display(declared);
            self.inferrer.report(
                annotation.range(),
                INVALID_RETURN_TYPE.code,
                format!(
                    "The return type of a generator function must be `{name}` or one of its supertypes, not `{shown}`"
                ),
            );
            return;
        }
        if let Type::Instance(class) = declared {
            let args = class.args(db);
            if matches!(
                class.name(db),
                "Generator"
                    | "Iterator"
                    | "Iterable"
                    | "AsyncGenerator"
                    | "AsyncIterator"
                    | "AsyncIterable"
            ) && !args.is_empty()
            {
                self.inferrer.yield_type = Some(args[0]);
                if class.name(db) == "Generator" && args.len() == 3 {
                    self.inferrer.send_type = Some(args[1]);
                    self.generator_return = Some(args[2]);
                }
            }
        }
    }

    /// `P.args` / `P.kwargs` and the ParamSpec they belong to, if `expr` is
    /// one of them.
    fn param_spec_component(
        &mut self,
        expr: &Expr,
    ) -> Option<(gradus_types::TypeVarType<'db>, &'static str)> {
        let db = self.db();
        let Expr::Attribute(attr) = expr else {
            return None;
        };
        let part = match attr.attr.as_str() {
            "args" => "args",
            "kwargs" => "kwargs",
            _ => return None,
        };
        let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
        match quiet.infer_expr(&attr.value) {
            Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::ParamSpec => {
                Some((tv, part))
            }
            _ => None,
        }
    }

    /// `*args: P.args, **kwargs: P.kwargs` come together, in that order,
    /// with nothing between them, for a `P` in scope; neither component
    /// annotates another parameter.
    fn check_param_spec_components(
        &mut self,
        parts: &super::function::FunctionParts<'_>,
        stmt_range: TextRange,
    ) {
        let db = self.db();
        let args = parts.args;
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if let Some(ann) = a.def.annotation.as_deref() {
                if let Some((tv, part)) = self.param_spec_component(ann) {
                    let name = tv.name(db).clone();
                    self.inferrer.report(
                        ann.range(),
                        crate::rules::INVALID_TYPE_FORM.code,
                        format!("`{name}.{part}` is only allowed as the annotation of `*args` / `**kwargs`"),
                    );
                }
            }
        }
        let star = args
            .vararg
            .as_ref()
            .and_then(|a| a.annotation.as_deref())
            .map(|ann| (ann.range(), self.param_spec_component(ann)));
        let double = args
            .kwarg
            .as_ref()
            .and_then(|a| a.annotation.as_deref())
            .map(|ann| (ann.range(), self.param_spec_component(ann)));
        let (p, range) = match (star, double) {
            (Some((_, Some((p, "args")))), Some((_, Some((q, "kwargs"))))) if p == q => {
                if !args.kwonlyargs.is_empty() {
                    self.inferrer.report(
                        args.kwonlyargs[0].def.range,
                        crate::rules::INVALID_TYPE_FORM.code,
                        "No keyword-only parameter may come between `*args: P.args` and `**kwargs: P.kwargs`"
                            .to_owned(),
                    );
                }
                (p, stmt_range)
            }
            (None | Some((_, None)), None | Some((_, None))) => return,
            (Some((range, _)), _) | (None, Some((range, _))) => {
                self.inferrer.report(
                    range,
                    crate::rules::INVALID_TYPE_FORM.code,
                    "A ParamSpec's components go together: `*args: P.args, **kwargs: P.kwargs`"
                        .to_owned(),
                );
                return;
            }
        };
        // `P` must be bound: by another parameter of this function or by an
        // enclosing function or class.
        let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
        let others_mention = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
            .filter_map(|a| a.def.annotation.as_deref())
            .chain(parts.returns)
            .any(|ann| {
                let ty = quiet.annotation_type(ann);
                super::generics::type_vars_in(db, ty).contains(&p)
            });
        let enclosing = self.inferrer.type_vars_bound_in(self.scope);
        if !others_mention && !enclosing.contains(&p) {
            let name = p.name(db).clone();
            self.inferrer.report(
                range,
                crate::rules::INVALID_TYPE_FORM.code,
                format!("ParamSpec `{name}` is not bound here: `*args: {name}.args` needs `{name}` in another parameter or an enclosing generic"),
            );
        }
    }

    /// Before PEP 570, parameters named `__x` were positional-only; such a
    /// parameter may not follow one that can be passed by keyword.
    fn check_legacy_positional_only(&mut self, parts: &super::function::FunctionParts<'_>) {
        let args = parts.args;
        if !args.posonlyargs.is_empty() {
            return;
        }
        let is_method = self.inferrer.index.scope(self.scope).kind == ScopeKind::Class
            && !parts
                .decorators
                .iter()
                .any(|d| decorator_name(d) == Some("staticmethod"));
        let is_legacy = |name: &str| name.starts_with("__") && !name.ends_with("__");
        let mut keyword_capable: Option<&str> = None;
        for (i, a) in args.args.iter().enumerate() {
            let name = a.def.arg.as_str();
            if i == 0 && is_method {
                continue;
            }
            if is_legacy(name) {
                if let Some(before) = keyword_capable {
                    self.inferrer.report(
                        a.def.range,
                        LEGACY_POSITIONAL_ONLY.code,
                        format!(
                            "Positional-only parameter `{name}` (named with a leading `__`) follows parameter `{before}`, which is not positional-only"
                        ),
                    );
                    return;
                }
            } else {
                keyword_capable = Some(name);
            }
        }
    }

    /// A `def` or `class` with PEP 695 type parameters may not also use
    /// traditional `TypeVar`s.
    fn check_no_legacy_type_vars(&mut self, exprs: &[&Expr]) {
        let db = self.db();
        for expr in exprs {
            let ty = {
                let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
                quiet.annotation_type(expr)
            };
            for tv in super::generics::type_vars_in(db, ty) {
                let index = crate::firewall::index(db, tv.file(db));
                let definition = tv.definition(db);
                if definition.scope.index() >= index.scope_count() {
                    continue;
                }
                if !matches!(
                    index.definition(definition).kind,
                    gradus_index::DefinitionKind::TypeParam { .. }
                ) {
                    let name = tv.name(db).clone();
                    self.inferrer.report(
                        expr.range(),
                        crate::rules::INVALID_TYPE_FORM.code,
                        format!(
                            "Traditional type variable `{name}` cannot be used where type parameters are declared with the `[T]` syntax"
                        ),
                    );
                    break;
                }
            }
        }
    }

    fn check_missing_return(
        &mut self,
        parts: &super::function::FunctionParts<'_>,
        node_range: TextRange,
    ) {
        let db = self.db();
        let declared = if self.is_generator {
            self.generator_return
        } else {
            self.return_type
        };
        let Some(declared) = declared else {
            return;
        };
        if crate::semantic::is_stub(db, self.inferrer.file) {
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
        if !crate::narrow::end_is_reachable(db, self.inferrer.file, self.scope) {
            return;
        }
        // Calls of `NoReturn` functions end the flow too (the binder does
        // not know types): `self.fail(...)` as the last statement of every
        // path that reaches the end.
        let mut quiet = ExprInferrer::new(db, self.inferrer.file, false);
        if body_terminates(&mut quiet, parts.body, 0) {
            return;
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

/// A pattern that matches anything: `_`, a capture, or an or-pattern with
/// one such alternative.
fn is_irrefutable(pattern: &ast::Pattern) -> bool {
    match pattern {
        ast::Pattern::MatchAs(a) => a.pattern.as_deref().is_none_or(is_irrefutable),
        ast::Pattern::MatchOr(o) => o.patterns.iter().any(is_irrefutable),
        _ => false,
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

/// Whether every path through `body` could end in `return`, `raise` or a
/// call statement, with at least one call among them (syntax only: the
/// filter before [`body_terminates`] infers the calls).
fn may_end_in_calls(body: &[Stmt], depth: usize) -> bool {
    fn ends(body: &[Stmt], depth: usize, call: &mut bool) -> bool {
        if depth > 32 {
            return false;
        }
        match body.last() {
            Some(Stmt::Return(_) | Stmt::Raise(_)) => true,
            Some(Stmt::Expr(e)) if matches!(*e.value, Expr::Call(_)) => {
                *call = true;
                true
            }
            Some(Stmt::If(i)) => {
                !i.orelse.is_empty()
                    && ends(&i.body, depth + 1, call)
                    && ends(&i.orelse, depth + 1, call)
            }
            Some(Stmt::With(w)) => {
                // Whether its managers swallow exceptions needs types too.
                *call = true;
                ends(&w.body, depth + 1, call)
            }
            Some(Stmt::AsyncWith(w)) => ends(&w.body, depth + 1, call),
            Some(Stmt::Try(t)) => {
                let main = if t.orelse.is_empty() {
                    &t.body
                } else {
                    &t.orelse
                };
                ends(&t.finalbody, depth + 1, call)
                    || (ends(main, depth + 1, call)
                        && t.handlers.iter().all(|h| {
                            let ast::ExceptHandler::ExceptHandler(h) = h;
                            ends(&h.body, depth + 1, call)
                        }))
            }
            _ => false,
        }
    }
    let mut call = false;
    ends(body, depth, &mut call) && call
}

/// A `with` body that always terminates, under managers none of which
/// may swallow its exception.
fn with_terminates(
    inferrer: &mut ExprInferrer<'_>,
    body: &[Stmt],
    items: &[ast::WithItem],
    is_async: bool,
    depth: usize,
) -> bool {
    body_terminates(inferrer, body, depth + 1)
        && !items.iter().any(|item| {
            crate::narrow::with_item_may_suppress(
                inferrer.db,
                inferrer.file,
                item.context_expr.range(),
                is_async,
            )
        })
}

/// Whether every path through `body` ends in `return`, `raise` or a call of
/// a `NoReturn` function (conservative: `false` when unsure).
fn body_terminates(inferrer: &mut ExprInferrer<'_>, body: &[Stmt], depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    let Some(last) = body.last() else {
        return false;
    };
    match last {
        Stmt::Return(_) | Stmt::Raise(_) => true,
        Stmt::Expr(e) => {
            matches!(*e.value, Expr::Call(_)) && inferrer.infer_expr(&e.value).is_never()
        }
        Stmt::If(i) => {
            !i.orelse.is_empty()
                && body_terminates(inferrer, &i.body, depth + 1)
                && body_terminates(inferrer, &i.orelse, depth + 1)
        }
        // ... unless a manager may swallow an exception from the body.
        Stmt::With(w) => with_terminates(inferrer, &w.body, &w.items, false, depth),
        Stmt::AsyncWith(w) => with_terminates(inferrer, &w.body, &w.items, true, depth),
        Stmt::Try(t) => {
            let main = if t.orelse.is_empty() {
                &t.body
            } else {
                &t.orelse
            };
            (body_terminates(inferrer, &t.finalbody, depth + 1))
                || (body_terminates(inferrer, main, depth + 1)
                    && t.handlers.iter().all(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        body_terminates(inferrer, &h.body, depth + 1)
                    }))
        }
        _ => false,
    }
}
