//! Inference of expressions.

use gradus_db::{Db, Diagnostic, File, Severity};
use gradus_index::{symbol_table, use_def_map, DefinitionId, ScopeId, ScopeKind, SemanticIndex};
use gradus_syntax::ast::{self, Expr, Ranged};
use gradus_syntax::TextRange;
use gradus_types::{
    union, BoundMethodType, CallableType, ClassType, KnownClass, LiteralStr, MethodKind, Parameter,
    ParameterKind, Signature, TupleType, Type, UnionBuilder,
};

use super::generics::{class_substitution, erase_type_vars, substitute};
use crate::class::{class_member, MemberLookup};
use crate::relation::is_assignable;
use crate::rules::{
    POSSIBLY_UNBOUND, UNRESOLVED_ATTRIBUTE, UNRESOLVED_REFERENCE, UNSUPPORTED_OPERATOR,
};
use crate::semantic::{
    bindings_type, builtins_symbol, known_class, known_generic_instance, known_instance,
    module_member_type, module_type, scope_at, symbol_type,
};

// Budget: see `gradus_budgets`.
pub use gradus_budgets::INFER_MAX_EXPR_DEPTH as MAX_EXPR_DEPTH;

/// Infers expressions of one file; reports diagnostics when checking.
pub struct ExprInferrer<'db> {
    pub db: &'db dyn Db,
    pub file: File,
    pub index: &'db SemanticIndex,
    report: bool,
    pub diagnostics: Vec<Diagnostic>,
    depth: usize,
    /// A `too-complex` warning was reported (once per inferrer).
    reported_too_complex: bool,
    /// The definition whose value is being inferred (`T = TypeVar("T")`).
    pub current_definition: Option<DefinitionId>,
    /// Inside an annotation (names may be forward references when
    /// annotations are deferred).
    pub in_annotation: bool,
    /// The file is a stub: every name may be a forward reference.
    is_stub: bool,
    /// Names see their scope's final bindings (a `type` statement's value
    /// is evaluated lazily).
    pub deferred: bool,
    /// Inside a quoted (string) annotation: nothing in it runs.
    pub(crate) in_string_annotation: bool,
    /// The declared yield type of the generator being checked.
    pub yield_type: Option<Type<'db>>,
    /// The declared send type (`Generator[Y, S, R]`'s `S`).
    pub send_type: Option<Type<'db>>,
}

impl<'db> ExprInferrer<'db> {
    pub fn new(db: &'db dyn Db, file: File, report: bool) -> Self {
        ExprInferrer {
            db,
            file,
            index: crate::firewall::index(db, file),
            report,
            diagnostics: Vec::new(),
            depth: 0,
            reported_too_complex: false,
            current_definition: None,
            in_annotation: false,
            is_stub: crate::semantic::is_stub(db, file),
            deferred: false,
            in_string_annotation: false,
            yield_type: None,
            send_type: None,
        }
    }

    /// Whether names in the expression being inferred see every binding of
    /// their scope, before or after (stubs, deferred annotations, `type`
    /// statement values).
    /// Whether the annotation being inferred is evaluated when its code
    /// runs (not in a stub, a string, a `type` statement or under
    /// `from __future__ import annotations`).
    pub(crate) fn annotation_runs(&self) -> bool {
        !self.is_stub
            && !self.deferred
            && !self.in_string_annotation
            && !self.index.has_future_annotations()
    }

    pub(crate) fn names_deferred(&self) -> bool {
        self.is_stub
            || (self.in_annotation && (self.deferred || self.index.has_future_annotations()))
    }

    /// Records a diagnostic (only while checking).
    pub fn report(&mut self, range: TextRange, code: &'static str, message: String) {
        if self.report {
            let severity = crate::rules::rule_by_code(code)
                .map(|r| r.default_severity)
                .unwrap_or(Severity::Error);
            self.diagnostics.push(Diagnostic {
                file: self.file,
                range,
                severity,
                code,
                message,
            });
        }
    }

    /// Reports that a budget (see `gradus_budgets`) stopped the analysis,
    /// once per inferrer: the first place is where the user can act.
    pub fn report_too_complex(&mut self, range: TextRange, message: String) {
        if !self.reported_too_complex {
            self.reported_too_complex = true;
            self.report(range, crate::rules::TOO_COMPLEX.code, message);
        }
    }

    pub fn display(&self, ty: Type<'db>) -> String {
        ty.display(self.db).to_string()
    }

    pub fn infer_expr(&mut self, expr: &Expr) -> Type<'db> {
        self.infer_expr_with_context(expr, None)
    }

    /// Infers `expr`, letting `expected` (a declared type) shape literals,
    /// containers and lambdas.
    pub fn infer_expr_with_context(
        &mut self,
        expr: &Expr,
        expected: Option<Type<'db>>,
    ) -> Type<'db> {
        if self.depth >= MAX_EXPR_DEPTH {
            self.report_too_complex(
                expr.range(),
                format!("Expression nested more than {MAX_EXPR_DEPTH} deep: its inner part is not analyzed and its type is `Unknown`"),
            );
            return Type::UNKNOWN;
        }
        self.depth += 1;
        let ty = self.infer_expr_inner(expr, expected);
        self.depth -= 1;
        ty
    }

    fn infer_expr_inner(&mut self, expr: &Expr, expected: Option<Type<'db>>) -> Type<'db> {
        let db = self.db;
        match expr {
            Expr::Constant(c) => self.constant_type(&c.value),
            Expr::Name(name) => self.name_type(name),
            Expr::Attribute(attr) => {
                let value = self.infer_expr(&attr.value);
                let ty = self.attribute_type(value, attr.attr.as_str(), attr.range);
                crate::narrow::place_type(db, self.file, expr, ty)
            }
            Expr::Call(call) => self.call_type(call, expected),
            Expr::BinOp(b) => {
                let left = self.infer_expr(&b.left);
                let right = self.infer_expr(&b.right);
                self.binary_op(left, right, b.op, b.range)
            }
            Expr::UnaryOp(u) => {
                let operand = self.infer_expr(&u.operand);
                self.unary_op(operand, u.op, u.range)
            }
            // `a or b` is `a` when `a` is truthy, else `b`: the left operands
            // contribute only their possibly-truthy part (`x or []` has no
            // `None` from `x`); `a and b` only their possibly-falsy part.
            Expr::BoolOp(b) => {
                let is_or = matches!(b.op, ast::BoolOp::Or);
                let last = b.values.len().saturating_sub(1);
                let mut types = Vec::with_capacity(b.values.len());
                // Without a declared context, the left operand's type is the
                // context of the right one (`x or []` with `x: list[int] |
                // None` is `list[int]`).
                let mut context = expected;
                for (i, v) in b.values.iter().enumerate() {
                    let t = self.infer_expr_with_context(v, context);
                    if i == last {
                        types.push(t);
                        continue;
                    }
                    let elements = t.union_elements(db);
                    // `1 or x` is `1`; `0 and x` is `0`: the rest is not evaluated.
                    let decides = !elements.is_empty()
                        && elements
                            .iter()
                            .all(|&e| literal_truthiness(e) == Some(is_or));
                    let kept = union(
                        db,
                        elements
                            .into_iter()
                            .filter(|&e| match literal_truthiness(e) {
                                Some(truthy) => truthy == is_or,
                                None => true,
                            }),
                    );
                    if decides {
                        // Still infer the rest (for its diagnostics).
                        for rest in &b.values[i + 1..] {
                            self.infer_expr(rest);
                        }
                        types.push(kept);
                        break;
                    }
                    if is_or && context.is_none() && !kept.is_dynamic() && !kept.is_never() {
                        context = Some(kept);
                    }
                    types.push(kept);
                }
                union(db, types)
            }
            Expr::Compare(c) => {
                let mut left = self.infer_expr(&c.left);
                let mut left_range = c.left.range();
                for (op, comparator) in c.ops.iter().zip(&c.comparators) {
                    let right = self.infer_expr(comparator);
                    let range = TextRange::new(left_range.start(), comparator.range().end());
                    self.compare_op(left, right, *op, range);
                    left = right;
                    left_range = comparator.range();
                }
                known_instance(db, KnownClass::Bool)
            }
            Expr::IfExp(e) => {
                self.infer_expr(&e.test);
                let body = self.infer_expr_with_context(&e.body, expected);
                let orelse = self.infer_expr_with_context(&e.orelse, expected);
                body.union_with(db, orelse)
            }
            Expr::NamedExpr(n) => {
                let value = self.infer_expr_with_context(&n.value, expected);
                self.infer_expr(&n.target);
                value
            }
            Expr::Lambda(l) => self.lambda_type(l, expected),
            Expr::Tuple(t) => {
                let expected_elements: Option<Vec<Type<'db>>> = match expected {
                    Some(Type::Tuple(tt))
                        if tt.is_fixed(db) && tt.elements(db).len() == t.elts.len() =>
                    {
                        Some(tt.elements(db).clone())
                    }
                    _ => None,
                };
                if t.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    return Type::Tuple(self.tuple_display_with_stars(&t.elts));
                }
                let elements: Vec<Type<'db>> = t
                    .elts
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        self.infer_expr_with_context(e, expected_elements.as_ref().map(|x| x[i]))
                    })
                    .collect();
                Type::Tuple(TupleType::fixed(db, elements))
            }
            Expr::List(l) => self.collection_type(KnownClass::List, &l.elts, expected),
            Expr::Set(s) => self.collection_type(KnownClass::Set, &s.elts, expected),
            Expr::Dict(d) => self.dict_type(d, expected),
            Expr::ListComp(c) => {
                self.comprehension_generators(&c.generators);
                self.comprehension_type(KnownClass::List, &[&c.elt], expected)
            }
            Expr::SetComp(c) => {
                self.comprehension_generators(&c.generators);
                self.comprehension_type(KnownClass::Set, &[&c.elt], expected)
            }
            Expr::DictComp(c) => {
                self.comprehension_generators(&c.generators);
                self.comprehension_type(KnownClass::Dict, &[&c.key, &c.value], expected)
            }
            Expr::GeneratorExp(c) => {
                self.comprehension_generators(&c.generators);
                let elt = self.infer_expr(&c.elt);
                match crate::semantic::module_class(db, "typing", "Generator") {
                    Some(gen) => Type::Instance(ClassType::new(
                        db,
                        gen.class(db),
                        vec![widen_literal(db, elt), Type::None, Type::None],
                    )),
                    None => Type::UNKNOWN,
                }
            }
            Expr::Subscript(s) => {
                let value = self.infer_expr(&s.value);
                let ty = self.subscript_type(value, &s.slice, s.range);
                crate::narrow::place_type(db, self.file, expr, ty)
            }
            Expr::Starred(s) => {
                self.infer_expr(&s.value);
                Type::UNKNOWN
            }
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.infer_expr(part);
                }
                known_instance(db, KnownClass::Slice)
            }
            // An f-string of literal strings only is a `LiteralString`.
            Expr::JoinedStr(j) => {
                let mut literal = true;
                for v in &j.values {
                    let t = self.infer_expr(v);
                    literal &= matches!(t, Type::LiteralString | Type::StrLiteral(_));
                }
                if literal {
                    Type::LiteralString
                } else {
                    known_instance(db, KnownClass::Str)
                }
            }
            Expr::FormattedValue(f) => {
                let value = self.infer_expr(&f.value);
                let mut literal = matches!(value, Type::LiteralString | Type::StrLiteral(_))
                    && f.conversion == ast::ConversionFlag::None;
                if let Some(spec) = &f.format_spec {
                    literal &= matches!(
                        self.infer_expr(spec),
                        Type::LiteralString | Type::StrLiteral(_)
                    );
                }
                if literal {
                    Type::LiteralString
                } else {
                    known_instance(db, KnownClass::Str)
                }
            }
            Expr::Await(a) => {
                let value = self.infer_expr(&a.value);
                awaited_type(db, value)
            }
            Expr::Yield(y) => {
                let expected = self.yield_type;
                let value = match &y.value {
                    Some(v) => self.infer_expr_with_context(v, expected),
                    None => Type::None,
                };
                if let Some(expected) = expected {
                    if !is_assignable(db, value, expected) {
                        let (v, e) = (self.display(value), self.display(expected));
                        let range = y.value.as_ref().map(|v| v.range()).unwrap_or(y.range);
                        self.report(
                            range,
                            crate::rules::INVALID_YIELD_TYPE.code,
                            format!(
                                "Yielded type `{v}` is not assignable to declared yield type `{e}`"
                            ),
                        );
                    }
                }
                // `x = yield`: what the caller sends.
                match self.send_type {
                    Some(send) => send,
                    None => self.enclosing_send_type(y.range).unwrap_or(Type::UNKNOWN),
                }
            }
            Expr::YieldFrom(y) => {
                let iterable = self.infer_expr(&y.value);
                if let Some(expected) = self.yield_type {
                    let element = self.iteration_type(iterable, y.value.range());
                    if !is_assignable(db, element, expected) {
                        let (v, e) = (self.display(element), self.display(expected));
                        self.report(
                            y.value.range(),
                            crate::rules::INVALID_YIELD_TYPE.code,
                            format!(
                                "`yield from` yields `{v}`, which is not assignable to declared yield type `{e}`"
                            ),
                        );
                    }
                }
                // Delegating to a generator: what we are sent goes to it, and
                // its return value is the expression's value.
                match iterable {
                    Type::Instance(c) if c.name(db) == "Generator" && c.args(db).len() == 3 => {
                        let args = c.args(db);
                        if let Some(send) = self.send_type {
                            if !is_assignable(db, send, args[1]) {
                                let (s, t) = (self.display(send), self.display(args[1]));
                                self.report(
                                    y.value.range(),
                                    crate::rules::INVALID_YIELD_TYPE.code,
                                    format!(
                                        "`yield from` passes sent values of type `{s}` to a generator that accepts `{t}`"
                                    ),
                                );
                            }
                        }
                        args[2]
                    }
                    _ => Type::UNKNOWN,
                }
            }
        }
    }

    fn comprehension_generators(&mut self, generators: &[ast::Comprehension]) {
        for g in generators {
            self.infer_expr(&g.iter);
            for cond in &g.ifs {
                self.infer_expr(cond);
            }
        }
    }

    pub fn constant_type(&mut self, value: &ast::Constant) -> Type<'db> {
        let db = self.db;
        match value {
            ast::Constant::None => Type::None,
            ast::Constant::Bool(b) => Type::BoolLiteral(*b),
            ast::Constant::Str(s) => Type::StrLiteral(LiteralStr::new(db, s.clone())),
            ast::Constant::Bytes(b) => {
                Type::BytesLiteral(LiteralStr::new(db, String::from_utf8_lossy(b).into_owned()))
            }
            ast::Constant::Int(i) => match i.to_string().parse::<i64>() {
                Ok(v) => Type::IntLiteral(v),
                Err(_) => known_instance(db, KnownClass::Int),
            },
            ast::Constant::Float(_) => known_instance(db, KnownClass::Float),
            ast::Constant::Complex { .. } => known_instance(db, KnownClass::Complex),
            ast::Constant::Ellipsis => builtins_symbol(db, "Ellipsis").unwrap_or(Type::UNKNOWN),
            ast::Constant::Tuple(items) => {
                let elements: Vec<Type<'db>> =
                    items.iter().map(|c| self.constant_type(c)).collect();
                Type::Tuple(TupleType::fixed(db, elements))
            }
        }
    }

    /// A list, set or dict comprehension: its element types (key and value
    /// for a dict), inferred against the expected ones
    /// (`xs: list[Base] = [Derived() for _ in r]` is a `list[Base]`).
    fn comprehension_type(
        &mut self,
        known: KnownClass,
        elts: &[&Expr],
        expected: Option<Type<'db>>,
    ) -> Type<'db> {
        let db = self.db;
        let mut all_fit = true;
        let mut args = Vec::with_capacity(elts.len());
        for (i, e) in elts.iter().enumerate() {
            let expected_elem = expected_type_arg(db, expected, known, i);
            let t = self.infer_expr_with_context(e, expected_elem);
            all_fit &= expected_elem.is_some_and(|exp| is_assignable(db, t, exp));
            args.push(widen_literal(db, t));
        }
        if all_fit {
            if let Some(exp) = expected_instance(db, expected, known) {
                return exp;
            }
        }
        known_generic_instance(db, known, args)
    }

    fn collection_type(
        &mut self,
        known: KnownClass,
        elts: &[Expr],
        expected: Option<Type<'db>>,
    ) -> Type<'db> {
        let db = self.db;
        let expected_elem = expected_type_arg(db, expected, known, 0);
        let mut builder = UnionBuilder::new(db);
        let mut all_fit = true;
        for e in elts {
            let t = if let Expr::Starred(s) = e {
                let it = self.infer_expr(&s.value);
                self.iteration_type(it, s.range)
            } else {
                self.infer_expr_with_context(e, expected_elem)
            };
            if let Some(exp) = expected_elem {
                all_fit &= is_assignable(db, t, exp);
            }
            builder.push(widen_literal(db, t));
        }
        if let (Some(exp), true) = (expected_instance(db, expected, known), all_fit) {
            if expected_elem.is_some() {
                return exp;
            }
        }
        let elem = if elts.is_empty() {
            Type::UNKNOWN
        } else {
            builder.build()
        };
        known_generic_instance(db, known, vec![elem])
    }

    fn dict_type(&mut self, d: &ast::ExprDict, expected: Option<Type<'db>>) -> Type<'db> {
        let db = self.db;
        if let Some(ty) = self.typeddict_display(d, expected) {
            return ty;
        }
        let ek = expected_type_arg(db, expected, KnownClass::Dict, 0);
        let ev = expected_type_arg(db, expected, KnownClass::Dict, 1);
        let mut keys = UnionBuilder::new(db);
        let mut values = UnionBuilder::new(db);
        let mut all_fit = true;
        for (k, v) in d.keys.iter().zip(&d.values) {
            match k {
                Some(k) => {
                    let kt = self.infer_expr_with_context(k, ek);
                    let vt = self.infer_expr_with_context(v, ev);
                    if let (Some(ek), Some(ev)) = (ek, ev) {
                        all_fit &= is_assignable(db, kt, ek) && is_assignable(db, vt, ev);
                    }
                    keys.push(widen_literal(db, kt));
                    values.push(widen_literal(db, vt));
                }
                None => {
                    self.infer_expr(v);
                    keys.push(Type::UNKNOWN);
                    values.push(Type::UNKNOWN);
                }
            }
        }
        if let (Some(exp), true, true) = (
            expected_instance(db, expected, KnownClass::Dict),
            all_fit,
            ek.is_some(),
        ) {
            return exp;
        }
        if d.keys.is_empty() {
            return known_generic_instance(
                db,
                KnownClass::Dict,
                vec![Type::UNKNOWN, Type::UNKNOWN],
            );
        }
        known_generic_instance(db, KnownClass::Dict, vec![keys.build(), values.build()])
    }

    fn lambda_type(&mut self, l: &ast::ExprLambda, expected: Option<Type<'db>>) -> Type<'db> {
        let db = self.db;
        let expected_sig = match expected {
            Some(Type::Callable(c)) => Some(c.signature(db).clone()),
            _ => None,
        };
        let args = &l.args;
        let mut parameters = Vec::new();
        for (i, a) in args.posonlyargs.iter().chain(&args.args).enumerate() {
            if let Some(d) = &a.default {
                self.infer_expr(d);
            }
            let ty = expected_sig
                .as_ref()
                .and_then(|s| s.parameters.get(i))
                .map(|p| p.ty)
                .unwrap_or(Type::UNKNOWN);
            parameters.push(Parameter {
                name: Some(a.def.arg.to_string()),
                kind: ParameterKind::PositionalOrKeyword,
                ty,
                has_default: a.default.is_some(),
            });
        }
        let return_type = self.infer_expr(&l.body);
        Type::Callable(CallableType::new(
            db,
            Signature {
                parameters,
                return_type,
                gradual: args.vararg.is_some()
                    || args.kwarg.is_some()
                    || !args.kwonlyargs.is_empty(),
            },
        ))
    }

    // ----- names -----

    pub fn name_type(&mut self, name: &ast::ExprName) -> Type<'db> {
        let db = self.db;
        let id = name.id.as_str();
        let Some((scope, use_id)) = self.index.use_at(name.range) else {
            let scope = scope_at(db, self.file, name.range.start());
            return self.lookup_from_scope(scope, id, name.range, true);
        };
        // Stubs and deferred annotations see every name of the enclosing
        // scopes, defined before or after.
        if self.names_deferred() {
            return self.lookup_from_scope(scope, id, name.range, true);
        }
        let table = symbol_table(db, self.file, scope);
        let is_local = table.symbol_by_name(id).is_some_and(|s| s.is_local());
        if !is_local {
            let base = match crate::narrow::captured_type(db, self.file, scope, use_id, id) {
                Some(ty) => ty,
                None => self.lookup_from_scope(scope, id, name.range, true),
            };
            return crate::narrow::free_name_type(db, self.file, scope, use_id, id, base);
        }
        let use_def = use_def_map(db, self.file, scope);
        if !use_def.is_use_reachable(use_id) {
            return Type::Never;
        }
        let bindings = use_def.bindings_at_use(use_id);
        let local = bindings_type(db, self.file, scope, bindings);
        if !crate::narrow::may_be_unbound(db, self.file, scope, bindings) {
            return local.unwrap_or(Type::UNKNOWN);
        }
        let kind = self.index.scope(scope).kind;
        // A class body (or the module) falls back to enclosing scopes and
        // builtins when a local name may be unbound.
        let fallback = match kind {
            ScopeKind::Class => match self.index.resolve_in_enclosing(scope, id, false) {
                Some(s) => symbol_type(db, self.file, s, id.to_owned()),
                None => builtins_symbol(db, id),
            },
            ScopeKind::Module => builtins_symbol(db, id),
            _ => None,
        };
        match (local, fallback) {
            (Some(t), Some(f)) => t.union_with(db, f),
            (Some(t), None) => {
                if !self.index.is_truncated() && !is_star_imported(self.index, scope, bindings) {
                    self.report(
                        name.range,
                        POSSIBLY_UNBOUND.code,
                        format!("Name `{id}` may be unbound here"),
                    );
                }
                t
            }
            (None, Some(f)) => f,
            (None, None) => {
                if is_star_imported(self.index, scope, bindings) {
                    return crate::semantic::star_imported_type(db, self.file, id.to_owned())
                        .unwrap_or(Type::UNKNOWN);
                }
                self.report(
                    name.range,
                    UNRESOLVED_REFERENCE.code,
                    format!("Name `{id}` is used before it is defined"),
                );
                Type::UNKNOWN
            }
        }
    }

    /// Looks `id` up as Python would from `scope` (enclosing scopes, then
    /// builtins).
    fn lookup_from_scope(
        &mut self,
        scope: ScopeId,
        id: &str,
        range: TextRange,
        report: bool,
    ) -> Type<'db> {
        let db = self.db;
        let found = match self.index.resolve_name(scope, id) {
            Some(s) => {
                symbol_type(db, self.file, s, id.to_owned()).or_else(|| builtins_symbol(db, id))
            }
            None => builtins_symbol(db, id),
        };
        if let Some(ty) = found {
            return ty;
        }
        if let Some(ty) = self.implicit_global(id) {
            return ty;
        }
        if let Some(ty) = crate::semantic::star_imported_type(db, self.file, id.to_owned()) {
            return ty;
        }
        if report && !self.has_star_import() {
            self.report(
                range,
                UNRESOLVED_REFERENCE.code,
                format!("Name `{id}` is not defined"),
            );
        }
        Type::UNKNOWN
    }

    fn has_star_import(&self) -> bool {
        symbol_table(self.db, self.file, ScopeId::MODULE)
            .symbol_id(gradus_index::STAR_SYMBOL)
            .is_some()
    }

    /// Module attributes every module has (`__name__`, `__file__` ...) and
    /// the checker's own helpers (`reveal_type` needs no import).
    fn implicit_global(&mut self, id: &str) -> Option<Type<'db>> {
        let db = self.db;
        Some(match id {
            "__name__" | "__file__" | "__qualname__" | "__module__" | "__package__" => {
                known_instance(db, KnownClass::Str)
            }
            "__doc__" => known_instance(db, KnownClass::Str).union_with(db, Type::None),
            "__dict__" => known_generic_instance(
                db,
                KnownClass::Dict,
                vec![known_instance(db, KnownClass::Str), Type::ANY],
            ),
            "__spec__" | "__loader__" | "__builtins__" | "__path__" | "__annotations__"
            | "reveal_type" | "reveal_locals" | "__class__" => Type::UNKNOWN,
            "__debug__" => known_instance(db, KnownClass::Bool),
            _ => return None,
        })
    }

    // ----- attributes -----

    /// The type of `value.name`; reports `unresolved-attribute`.
    pub fn attribute_type(&mut self, value: Type<'db>, name: &str, range: TextRange) -> Type<'db> {
        match self.member(value, name) {
            Some(ty) => ty,
            // `type` (= `type[Any]`): any class, so any attribute.
            None if matches!(value, Type::Instance(c)
                if c.is_known(self.db, KnownClass::Type) && c.args(self.db).is_empty()) =>
            {
                Type::ANY
            }
            None => {
                let shown = self.display(value);
                self.report(
                    range,
                    UNRESOLVED_ATTRIBUTE.code,
                    format!("Type `{shown}` has no attribute `{name}`"),
                );
                Type::UNKNOWN
            }
        }
    }

    /// `value.name`, or `None` when it certainly does not exist.
    pub fn member(&mut self, value: Type<'db>, name: &str) -> Option<Type<'db>> {
        let db = self.db;
        match value {
            Type::Dynamic(_) => Some(value),
            Type::Never => Some(Type::Never),
            // `Color.RED.name` is `Literal['RED']`; `.value` the assigned value.
            Type::EnumLiteral(e) => match name {
                "name" | "_name_" => {
                    Some(Type::StrLiteral(LiteralStr::new(db, e.name(db).clone())))
                }
                "value" | "_value_" => Some(crate::enums::member_value_type(db, e)),
                _ => self.member(Type::Instance(e.class(db)), name),
            },
            Type::Module(m) => {
                if let Some(file) = m.file(db) {
                    if let Some(t) = module_member_type(db, file, name) {
                        return Some(t);
                    }
                }
                let sub = format!("{}.{}", m.name(db), name);
                match gradus_resolve::resolve_module(db, &sub) {
                    gradus_resolve::ModuleResolution::Found(_) => {
                        return Some(module_type(db, &sub));
                    }
                    // A stdlib submodule the embedded stubs do not have yet.
                    gradus_resolve::ModuleResolution::StdlibUnavailable => {
                        return Some(Type::UNKNOWN);
                    }
                    gradus_resolve::ModuleResolution::NotFound { .. } => {}
                }
                if m.file(db)
                    .is_some_and(|f| module_member_type(db, f, "__getattr__").is_some())
                {
                    return Some(Type::UNKNOWN);
                }
                match name {
                    "__name__" | "__file__" | "__doc__" | "__dict__" | "__path__" | "__spec__"
                    | "__loader__" | "__package__" | "__all__" => Some(Type::UNKNOWN),
                    _ => None,
                }
            }
            Type::Instance(class)
                if matches!(name, "value" | "_value_")
                    && crate::class::is_enum_class(db, class.class(db)) =>
            {
                crate::enums::instance_value_type(db, class)
                    .or_else(|| self.instance_member(value, class, name))
            }
            Type::Instance(class) => self.instance_member(value, class, name),
            Type::ClassObject(class) | Type::SubclassOf(class) => {
                self.class_object_member(value, class, name)
            }
            Type::Union(u) => {
                // `None` members of a union are skipped: until attribute
                // chains (`self.x`) are narrowed by `if self.x is not None`,
                // reporting them would flag correct code. A union whose
                // other members lack the attribute is still reported.
                let mut builder = UnionBuilder::new(db);
                let mut found = false;
                for &e in u.elements(db) {
                    match self.member(e, name) {
                        Some(t) => {
                            found = true;
                            builder.push(t);
                        }
                        None if e.is_none() => {}
                        None => return None,
                    }
                }
                found.then(|| builder.build())
            }
            // A type variable has the members of its bound (`self.x` for
            // `self: Self`), bound to the variable itself so that methods
            // returning `Self` keep it.
            Type::TypeVar(tv) => match tv.bound(db) {
                Some(Type::Instance(class)) => self.instance_member(value, class, name),
                // A bounded type variable has the bound's attributes only.
                Some(bound) => self.member(bound, name),
                None if !tv.constraints(db).is_empty() => {
                    let constraints = tv.constraints(db).clone();
                    let mut builder = UnionBuilder::new(db);
                    for c in constraints {
                        builder.push(self.member(c, name)?);
                    }
                    Some(builder.build())
                }
                None => self
                    .member(known_instance(db, KnownClass::Object), name)
                    .or(Some(Type::UNKNOWN)),
            },
            Type::SubclassOfTypeVar(tv) => match tv.bound(db) {
                Some(Type::Instance(class)) => self
                    .class_object_member(value, class, name)
                    .or(Some(Type::UNKNOWN)),
                _ => match known_class(db, KnownClass::Type) {
                    Some(c) => self.instance_member(value, c, name).or(Some(Type::UNKNOWN)),
                    None => Some(Type::UNKNOWN),
                },
            },
            Type::None => match known_class(db, KnownClass::NoneType) {
                Some(c) => self.instance_member(value, c, name),
                None => Some(Type::UNKNOWN),
            },
            Type::IntLiteral(_)
            | Type::BoolLiteral(_)
            | Type::StrLiteral(_)
            | Type::BytesLiteral(_)
            | Type::LiteralString => {
                let known = match value {
                    Type::IntLiteral(_) => KnownClass::Int,
                    Type::BoolLiteral(_) => KnownClass::Bool,
                    Type::BytesLiteral(_) => KnownClass::Bytes,
                    _ => KnownClass::Str,
                };
                match known_class(db, known) {
                    Some(c) => self.instance_member(value, c, name),
                    None => Some(Type::UNKNOWN),
                }
            }
            Type::Tuple(t) => {
                let elem = tuple_element_union(db, t);
                match known_class(db, KnownClass::Tuple) {
                    Some(c) => {
                        let class = ClassType::new(db, c.class(db), vec![elem]);
                        self.instance_member(value, class, name)
                    }
                    None => Some(Type::UNKNOWN),
                }
            }
            Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_) => {
                match known_class(db, KnownClass::Function) {
                    Some(c) => self.instance_member(value, c, name).or(Some(Type::UNKNOWN)),
                    None => Some(Type::UNKNOWN),
                }
            }
            Type::SpecialForm(_) => Some(Type::UNKNOWN),
        }
    }

    fn instance_member(
        &mut self,
        receiver: Type<'db>,
        class: ClassType<'db>,
        name: &str,
    ) -> Option<Type<'db>> {
        let db = self.db;
        match class_member(db, class.class(db), name) {
            // An `InitVar` field is no attribute.
            MemberLookup::Found { owner, .. }
                if crate::dataclass::is_init_var_only(db, owner, name) =>
            {
                None
            }
            MemberLookup::Found { ty, .. } => {
                let subst = class_substitution(db, class);
                let bound = bind_to_instance(db, ty, receiver, &subst);
                // A descriptor in the class body: `__get__(obj, type(obj))`.
                if let Some(get) = crate::descriptor::descriptor_get(db, bound) {
                    let owner = Type::SubclassOf(class);
                    return Some(
                        self.call_with_types(get, &[receiver, owner], TextRange::default(), true)
                            .unwrap_or(Type::UNKNOWN),
                    );
                }
                Some(bound)
            }
            MemberLookup::Unknown => Some(Type::UNKNOWN),
            MemberLookup::NotFound => {
                if let Some(ty) = crate::dataclass::synthesized_member(db, class.class(db), name)
                    .or_else(|| crate::namedtuple::synthesized_member(db, class.class(db), name))
                    .or_else(|| crate::typeddict::synthesized_member(db, class, name))
                {
                    return Some(ty);
                }
                // `self.x = ...` in some method of the class or a base.
                let mro = crate::class::class_mro(db, class.class(db));
                for c in mro.classes.iter() {
                    if let Some(ty) = crate::class::instance_attribute_type(db, *c, name.to_owned())
                    {
                        let subst = class_substitution(db, class);
                        return Some(substitute(db, ty, &subst));
                    }
                }
                // `__getattr__`, or a `__getattribute__` of its own
                // (`threading.local`): any other name reads through it.
                let object =
                    crate::semantic::known_class(db, KnownClass::Object).map(|c| c.class(db));
                for hook in ["__getattr__", "__getattribute__"] {
                    if let MemberLookup::Found { ty, owner } =
                        class_member(db, class.class(db), hook)
                    {
                        if Some(owner) == object {
                            continue;
                        }
                        return Some(match ty {
                            Type::Function(f) => {
                                erase_type_vars(db, super::returns::function_return_type(db, f))
                            }
                            _ => Type::UNKNOWN,
                        });
                    }
                }
                None
            }
        }
    }

    fn class_object_member(
        &mut self,
        receiver: Type<'db>,
        class: ClassType<'db>,
        name: &str,
    ) -> Option<Type<'db>> {
        let db = self.db;
        match class_member(db, class.class(db), name) {
            // `Color.AMBER = YELLOW` is an alias: `Literal[Color.YELLOW]`.
            MemberLookup::Found { ty, owner }
                if crate::class::is_enum_class(db, owner)
                    && crate::enums::aliased_member(db, owner, name).is_some() =>
            {
                let target = crate::enums::aliased_member(db, owner, name).unwrap_or_default();
                let _ = ty;
                Some(Type::EnumLiteral(gradus_types::EnumLiteralType::new(
                    db,
                    ClassType::new(db, owner, Vec::new()),
                    target,
                )))
            }
            // `b = nonmember(2)` is the plain value.
            MemberLookup::Found { ty, owner }
                if crate::class::is_enum_class(db, owner)
                    && crate::enums::member_wrapper(db, ty)
                        == Some(crate::enums::MemberWrapper::NonMember) =>
            {
                Some(crate::enums::unwrap_member_value(db, ty))
            }
            // `Color.RED` is the enum literal `Literal[Color.RED]`.
            MemberLookup::Found { ty, owner }
                if crate::class::is_enum_member(db, owner, name, ty) =>
            {
                Some(Type::EnumLiteral(gradus_types::EnumLiteralType::new(
                    db,
                    ClassType::new(db, owner, Vec::new()),
                    name.to_owned(),
                )))
            }
            MemberLookup::Found { ty, .. } => Some(match ty {
                Type::Function(f) => match f.method_kind(db) {
                    MethodKind::Class => Type::BoundMethod(BoundMethodType::new(db, receiver, f)),
                    // `C.prop` is the property object itself.
                    MethodKind::Property => known_instance(db, KnownClass::Property),
                    _ => ty,
                },
                other => {
                    let subst = class_substitution(db, class);
                    let other = substitute(db, other, &subst);
                    // A descriptor read from the class: `__get__(None, C)`.
                    match crate::descriptor::descriptor_get(db, other) {
                        Some(get) => self
                            .call_with_types(
                                get,
                                &[Type::None, receiver],
                                TextRange::default(),
                                true,
                            )
                            .unwrap_or(Type::UNKNOWN),
                        None => other,
                    }
                }
            }),
            MemberLookup::Unknown => Some(Type::UNKNOWN),
            MemberLookup::NotFound => {
                // `Color = Enum("Color", "RED GREEN")`: `Color.RED`.
                if crate::enums::is_functional(db, class.class(db))
                    && crate::class::enum_member_names(db, class.class(db))
                        .iter()
                        .any(|n| n == name)
                {
                    return Some(Type::EnumLiteral(gradus_types::EnumLiteralType::new(
                        db,
                        ClassType::new(db, class.class(db), Vec::new()),
                        name.to_owned(),
                    )));
                }
                if let Some(ty) = crate::dataclass::synthesized_member(db, class.class(db), name)
                    .or_else(|| crate::namedtuple::synthesized_member(db, class.class(db), name))
                {
                    return Some(ty);
                }
                // Attributes of the metaclass (`type`): `__name__`, `mro` ...
                if let Some(meta) = crate::class::class_metaclass(db, class.class(db)) {
                    if let Some(found) = self.instance_member(receiver, meta, name) {
                        return Some(found);
                    }
                }
                let ty = known_class(db, KnownClass::Type)?;
                self.instance_member(receiver, ty, name)
            }
        }
    }

    /// The send type of the generator function around `range`
    /// (`Generator[Y, S, R]`'s `S`), when inferring outside its check.
    fn enclosing_send_type(&mut self, range: TextRange) -> Option<Type<'db>> {
        let db = self.db;
        let scope = scope_at(db, self.file, range.start());
        let info = self.index.scope(scope);
        if !matches!(info.kind, ScopeKind::Function { .. }) {
            return None;
        }
        let module = crate::semantic::parsed(db, self.file);
        let stmt = gradus_index::locate::find_stmt(&module, info.node_range)?;
        let returns = super::function::function_parts(stmt)?.returns?;
        match self.annotation_type(returns) {
            Type::Instance(c) if c.name(db) == "Generator" && c.args(db).len() == 3 => {
                Some(c.args(db)[1])
            }
            _ => None,
        }
    }

    // ----- subscripts -----

    pub(crate) fn subscript_type(
        &mut self,
        value: Type<'db>,
        slice: &Expr,
        range: TextRange,
    ) -> Type<'db> {
        let db = self.db;
        if let Some(ty) = self.typeddict_subscript(value, slice, range) {
            return ty;
        }
        // A named tuple is indexed as the tuple it is.
        if let Type::Instance(c) = value {
            if let Some(view) = crate::namedtuple::tuple_view(db, c) {
                return self.subscript_type(view, slice, range);
            }
        }
        match value {
            // `Color["RED"]`: the metaclass looks the member up by name.
            Type::ClassObject(class)
                if crate::class::is_enum_class(db, class.class(db))
                    && !crate::class::enum_member_names(db, class.class(db)).is_empty() =>
            {
                match self.infer_expr(slice) {
                    Type::StrLiteral(s)
                        if crate::class::enum_member_names(db, class.class(db))
                            .iter()
                            .any(|n| n == s.value(db)) =>
                    {
                        Type::EnumLiteral(gradus_types::EnumLiteralType::new(
                            db,
                            class,
                            s.value(db).clone(),
                        ))
                    }
                    _ => Type::Instance(class),
                }
            }
            Type::ClassObject(class) => {
                // `list[int]` as a value: a specialized class object.
                let items: Vec<&Expr> = match slice {
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    other => vec![other],
                };
                let saved = std::mem::replace(&mut self.in_annotation, true);
                let args = self.class_type_arguments(class, &items, 0);
                self.in_annotation = saved;
                Type::ClassObject(ClassType::new(db, class.class(db), args))
            }
            Type::SpecialForm(form) => {
                // Only the forms that are valid bases matter as values.
                self.infer_expr(slice);
                Type::SpecialForm(form)
            }
            Type::Tuple(t) => {
                // `t[1:3]` with literal bounds: the tuple of those elements.
                if let Expr::Slice(s) = slice {
                    let bound = |e: &Option<Box<Expr>>| -> Option<Option<i64>> {
                        match e.as_deref() {
                            None => Some(None),
                            Some(Expr::Constant(c)) => match &c.value {
                                ast::Constant::Int(i) => i.to_string().parse().ok().map(Some),
                                _ => None,
                            },
                            Some(Expr::UnaryOp(u)) if matches!(u.op, ast::UnaryOp::USub) => {
                                match u.operand.as_ref() {
                                    Expr::Constant(c) => match &c.value {
                                        ast::Constant::Int(i) => {
                                            i.to_string().parse::<i64>().ok().map(|v| Some(-v))
                                        }
                                        _ => None,
                                    },
                                    _ => None,
                                }
                            }
                            _ => None,
                        }
                    };
                    if let (Some(lower), Some(upper), None) =
                        (bound(&s.lower), bound(&s.upper), s.step.as_ref())
                    {
                        self.infer_expr(slice);
                        // An unbounded tuple cut across its unbounded part:
                        // a tuple of any of its elements.
                        return Type::Tuple(t.slice(db, lower, upper).unwrap_or_else(|| {
                            TupleType::homogeneous_of(db, tuple_element_union(db, t))
                        }));
                    }
                }
                let index = self.infer_expr(slice);
                match index {
                    Type::IntLiteral(i) => match t.index(db, i) {
                        Some(element) => element,
                        None => {
                            self.report(
                                range,
                                crate::rules::INDEX_OUT_OF_RANGE.code,
                                format!("Index {i} is out of range for `{}`", self.display(value)),
                            );
                            Type::UNKNOWN
                        }
                    },
                    // `t[i:j]` with bounds not known: some of the elements.
                    Type::Instance(c) if c.is_known(db, KnownClass::Slice) => {
                        Type::Tuple(TupleType::homogeneous_of(db, tuple_element_union(db, t)))
                    }
                    _ => tuple_element_union(db, t),
                }
            }
            Type::Dynamic(_) => {
                self.infer_expr(slice);
                value
            }
            _ => {
                let index = self.infer_expr(slice);
                let Some(getitem) = self.member(value, "__getitem__") else {
                    if let Type::ClassObject(_) = value {
                        return Type::UNKNOWN;
                    }
                    let shown = self.display(value);
                    self.report(
                        range,
                        crate::rules::NOT_SUBSCRIPTABLE.code,
                        format!("Type `{shown}` is not subscriptable"),
                    );
                    return Type::UNKNOWN;
                };
                self.call_with_types(getitem, &[index], range, false)
                    .unwrap_or(Type::UNKNOWN)
            }
        }
    }

    // ----- operators -----

    /// `left op right` without diagnostics (augmented assignments' types).
    /// `(1, *xs, "a")`: a starred tuple is spliced in; any other starred
    /// iterable adds an unbounded part of its element type (two unbounded
    /// parts merge into one).
    fn tuple_display_with_stars(&mut self, elts: &[Expr]) -> TupleType<'db> {
        let db = self.db;
        let mut out = TupleType::fixed(db, Vec::new());
        let mut fixed: Vec<Type<'db>> = Vec::new();
        for e in elts {
            let Expr::Starred(s) = e else {
                fixed.push(self.infer_expr(e));
                continue;
            };
            let value = self.infer_expr(&s.value);
            let part = match value {
                Type::Tuple(t) => t,
                _ => TupleType::homogeneous_of(db, self.iteration_type(value, s.range)),
            };
            if !fixed.is_empty() {
                out = out.concat(db, TupleType::fixed(db, std::mem::take(&mut fixed)));
            }
            out = out.concat(db, part);
        }
        out.concat(db, TupleType::fixed(db, fixed))
    }

    pub fn binary_op_quiet(
        &mut self,
        left: Type<'db>,
        right: Type<'db>,
        op: ast::Operator,
    ) -> Type<'db> {
        let saved = std::mem::replace(&mut self.report, false);
        let ty = self.binary_op(left, right, op, TextRange::default());
        self.report = saved;
        ty
    }

    /// Checks one comparison of a chain: `<`, `<=`, `>`, `>=` through the
    /// rich comparison dunders (and their reflections), `in` / `not in`
    /// through `__contains__` (or iteration). `==`, `!=`, `is` and `is not`
    /// are defined for every object.
    fn compare_op(&mut self, left: Type<'db>, right: Type<'db>, op: ast::CmpOp, range: TextRange) {
        let db = self.db;
        if left.is_dynamic() || right.is_dynamic() || left.is_never() || right.is_never() {
            return;
        }
        let (dunder, reflected, symbol) = match op {
            ast::CmpOp::Lt => ("__lt__", "__gt__", "<"),
            ast::CmpOp::LtE => ("__le__", "__ge__", "<="),
            ast::CmpOp::Gt => ("__gt__", "__lt__", ">"),
            ast::CmpOp::GtE => ("__ge__", "__le__", ">="),
            ast::CmpOp::In | ast::CmpOp::NotIn => {
                self.check_membership(left, right, range);
                return;
            }
            _ => return,
        };
        // Each member of a union on either side must compare.
        for l in left.union_elements(db) {
            for r in right.union_elements(db) {
                // Partly unknown operands (`list[Unknown]`, from unannotated
                // code) say nothing either way.
                if super::call::contains_unknown(db, l, 0)
                    || super::call::contains_unknown(db, r, 0)
                {
                    continue;
                }
                // Classes built by a metaclass or decorator we do not model
                // (`dataclass_transform` with `order=True`) may have the dunder.
                let unmodelled = |t: Type<'db>| match t {
                    Type::Instance(c) => crate::class::class_mro(db, c.class(db))
                        .classes
                        .iter()
                        .any(|&k| crate::class::is_transformed_class(db, k)),
                    _ => false,
                };
                if unmodelled(l) || unmodelled(r) {
                    continue;
                }
                let direct = self
                    .member(l, dunder)
                    .and_then(|m| self.call_with_types(m, &[r], range, true));
                let ok = direct.is_some()
                    || self
                        .member(r, reflected)
                        .and_then(|m| self.call_with_types(m, &[l], range, true))
                        .is_some();
                if !ok {
                    let (ls, rs) = (self.display(l), self.display(r));
                    self.report(
                        range,
                        UNSUPPORTED_OPERATOR.code,
                        format!("Operator `{symbol}` is not supported between `{ls}` and `{rs}`"),
                    );
                    return;
                }
            }
        }
    }

    /// `x in container`: `__contains__`, else iteration, else `__getitem__`.
    fn check_membership(&mut self, item: Type<'db>, container: Type<'db>, range: TextRange) {
        let db = self.db;
        for c in container.union_elements(db) {
            if c.is_dynamic() || c.is_none() {
                continue;
            }
            if let Some(contains) = self.member(c, "__contains__") {
                if self
                    .call_with_types(contains, &[item], range, true)
                    .is_none()
                {
                    let (i, cs) = (self.display(item), self.display(c));
                    self.report(
                        range,
                        UNSUPPORTED_OPERATOR.code,
                        format!("Operator `in` is not supported between `{i}` and `{cs}`"),
                    );
                    return;
                }
                continue;
            }
            if self.member(c, "__iter__").is_none() && self.member(c, "__getitem__").is_none() {
                let cs = self.display(c);
                self.report(
                    range,
                    UNSUPPORTED_OPERATOR.code,
                    format!("Operator `in` is not supported for `{cs}`: it has no `__contains__`, `__iter__` or `__getitem__`"),
                );
                return;
            }
        }
    }

    pub fn binary_op(
        &mut self,
        left: Type<'db>,
        right: Type<'db>,
        op: ast::Operator,
        range: TextRange,
    ) -> Type<'db> {
        let db = self.db;
        if left.is_dynamic() || right.is_dynamic() {
            return Type::UNKNOWN;
        }
        // Literal arithmetic on small ints keeps precision cheaply.
        if let (Type::IntLiteral(a), Type::IntLiteral(b)) = (left, right) {
            let folded = match op {
                ast::Operator::Add => a.checked_add(b),
                ast::Operator::Sub => a.checked_sub(b),
                ast::Operator::Mult => a.checked_mul(b),
                _ => None,
            };
            if let Some(v) = folded {
                return Type::IntLiteral(v);
            }
        }
        // `t1 + t2` on tuples keeps their shapes.
        if let (ast::Operator::Add, Type::Tuple(a), Type::Tuple(b)) = (op, left, right) {
            return Type::Tuple(a.concat(db, b));
        }
        // `int | None` in a value position (an alias, `isinstance`): a
        // runtime union object, which annotations read through aliases.
        if matches!(op, ast::Operator::BitOr) && is_type_like(db, left) && is_type_like(db, right) {
            return Type::TODO;
        }
        // A constrained type variable: the operation is checked for each
        // constraint; when each result stays within its constraint, the
        // result is the variable itself (`AnyStr + AnyStr` is `AnyStr`).
        let constrained = [left, right].into_iter().find_map(|t| match t {
            Type::TypeVar(tv) if !tv.constraints(db).is_empty() => Some(tv),
            _ => None,
        });
        if let Some(tv) = constrained {
            let mut results = Vec::new();
            let mut all_within = true;
            for &c in tv.constraints(db).clone().iter() {
                let subst = vec![(tv, c)];
                let l = super::generics::substitute(db, left, &subst);
                let r = super::generics::substitute(db, right, &subst);
                let result = self.binary_op(l, r, op, range);
                all_within &= crate::relation::is_assignable(db, result, c);
                results.push(result);
            }
            return if all_within {
                Type::TypeVar(tv)
            } else {
                gradus_types::union(db, results)
            };
        }
        let (dunder, reflected) = operator_dunders(op);
        if let Type::Union(u) = left {
            let elements = u.elements(db).clone();
            let mut builder = UnionBuilder::new(db);
            for e in elements {
                builder.push(self.binary_op(e, right, op, range));
            }
            return builder.build();
        }
        if let Some(method) = self.member(left, dunder) {
            if let Some(result) = self.call_with_types(method, &[right], range, true) {
                return result;
            }
        }
        if let Some(method) = self.member(right, reflected) {
            if let Some(result) = self.call_with_types(method, &[left], range, true) {
                return result;
            }
        }
        if let Type::Union(u) = right {
            let elements = u.elements(db).clone();
            let mut builder = UnionBuilder::new(db);
            for e in elements {
                builder.push(self.binary_op(left, e, op, range));
            }
            return builder.build();
        }
        let (l, r) = (self.display(left), self.display(right));
        self.report(
            range,
            UNSUPPORTED_OPERATOR.code,
            format!(
                "Operator `{}` is not supported between `{l}` and `{r}`",
                operator_symbol(op)
            ),
        );
        Type::UNKNOWN
    }

    fn unary_op(&mut self, operand: Type<'db>, op: ast::UnaryOp, range: TextRange) -> Type<'db> {
        let db = self.db;
        match op {
            ast::UnaryOp::Not => known_instance(db, KnownClass::Bool),
            _ if operand.is_dynamic() => Type::UNKNOWN,
            ast::UnaryOp::USub => match operand {
                Type::IntLiteral(i) => i
                    .checked_neg()
                    .map(Type::IntLiteral)
                    .unwrap_or(Type::UNKNOWN),
                _ => self.unary_dunder(operand, "__neg__", "-", range),
            },
            ast::UnaryOp::UAdd => match operand {
                Type::IntLiteral(_) => operand,
                _ => self.unary_dunder(operand, "__pos__", "+", range),
            },
            ast::UnaryOp::Invert => self.unary_dunder(operand, "__invert__", "~", range),
        }
    }

    fn unary_dunder(
        &mut self,
        operand: Type<'db>,
        dunder: &str,
        symbol: &str,
        range: TextRange,
    ) -> Type<'db> {
        if let Some(method) = self.member(operand, dunder) {
            if let Some(result) = self.call_with_types(method, &[], range, true) {
                return result;
            }
        }
        let shown = self.display(operand);
        self.report(
            range,
            UNSUPPORTED_OPERATOR.code,
            format!("Unary operator `{symbol}` is not supported for `{shown}`"),
        );
        Type::UNKNOWN
    }

    /// The type of the elements produced by iterating a value of type `ty`.
    pub fn iteration_type(&mut self, ty: Type<'db>, range: TextRange) -> Type<'db> {
        let db = self.db;
        if let Type::Instance(c) = ty {
            if let Some(Type::Tuple(t)) = crate::namedtuple::tuple_view(db, c) {
                return tuple_element_union(db, t);
            }
        }
        match ty {
            Type::Dynamic(_) => ty,
            Type::Tuple(t) => tuple_element_union(db, t),
            // Iterating an enum class yields its members (`EnumMeta.__iter__`;
            // metaclass methods are not looked up yet).
            Type::ClassObject(c) | Type::SubclassOf(c)
                if crate::class::is_enum_class(db, c.class(db)) =>
            {
                Type::Instance(c)
            }
            Type::Union(u) => {
                let elements = u.elements(db).clone();
                union(
                    db,
                    elements.into_iter().map(|e| self.iteration_type(e, range)),
                )
            }
            _ => {
                let Some(iter) = self.member(ty, "__iter__") else {
                    if let Some(getitem) = self.member(ty, "__getitem__") {
                        let int = known_instance(db, KnownClass::Int);
                        return self
                            .call_with_types(getitem, &[int], range, true)
                            .unwrap_or(Type::UNKNOWN);
                    }
                    let shown = self.display(ty);
                    self.report(
                        range,
                        crate::rules::NOT_ITERABLE.code,
                        format!("Type `{shown}` is not iterable"),
                    );
                    return Type::UNKNOWN;
                };
                let iterator = self
                    .call_with_types(iter, &[], range, true)
                    .unwrap_or(Type::UNKNOWN);
                match self.member(iterator, "__next__") {
                    Some(next) => self
                        .call_with_types(next, &[], range, true)
                        .unwrap_or(Type::UNKNOWN),
                    None => Type::UNKNOWN,
                }
            }
        }
    }
}

/// Binds a class member found on an instance: methods become bound
/// methods, properties their getter's type, and class type variables are
/// replaced by the instance's type arguments.
fn bind_to_instance<'db>(
    db: &'db dyn Db,
    member: Type<'db>,
    receiver: Type<'db>,
    subst: &super::generics::Substitution<'db>,
) -> Type<'db> {
    let with_self = |ty: Type<'db>| {
        let mut subst = subst.clone();
        super::generics::add_self_substitution(db, &mut subst, [ty], receiver);
        substitute(db, ty, &subst)
    };
    match member {
        Type::Function(f) => match f.method_kind(db) {
            // Calls specialize the signature from the receiver (see `call`).
            MethodKind::Plain => Type::BoundMethod(BoundMethodType::new(db, receiver, f)),
            MethodKind::Class => Type::BoundMethod(BoundMethodType::new(db, receiver, f)),
            MethodKind::Static => member,
            MethodKind::Property => with_self(super::returns::function_return_type(db, f)),
        },
        other => with_self(other),
    }
}

fn is_star_imported(
    index: &SemanticIndex,
    scope: ScopeId,
    bindings: &gradus_index::Bindings,
) -> bool {
    bindings.definitions().any(|d| {
        matches!(
            index.definition(DefinitionId { scope, id: d }).kind,
            gradus_index::DefinitionKind::StarImport { .. }
        )
    })
}

/// Class objects, `None` and special forms: operands of `X | Y` as types.
fn is_type_like(db: &dyn Db, ty: Type<'_>) -> bool {
    match ty {
        Type::ClassObject(_)
        | Type::SubclassOf(_)
        | Type::None
        | Type::SpecialForm(_)
        | Type::Dynamic(_) => true,
        Type::Union(u) => u.elements(db).iter().all(|&e| is_type_like(db, e)),
        _ => false,
    }
}

/// `Literal[1]` → `int` (inside containers, where literals widen).
pub fn widen_literal<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    match ty {
        Type::IntLiteral(_) => known_instance(db, KnownClass::Int),
        Type::BoolLiteral(_) => known_instance(db, KnownClass::Bool),
        Type::StrLiteral(_) | Type::LiteralString => known_instance(db, KnownClass::Str),
        Type::BytesLiteral(_) => known_instance(db, KnownClass::Bytes),
        Type::EnumLiteral(e) => Type::Instance(e.class(db)),
        Type::Union(u) => union(db, u.elements(db).iter().map(|&e| widen_literal(db, e))),
        other => other,
    }
}

fn expected_type_arg<'db>(
    db: &'db dyn Db,
    expected: Option<Type<'db>>,
    known: KnownClass,
    index: usize,
) -> Option<Type<'db>> {
    match expected_instance(db, expected, known)? {
        Type::Instance(c) => c.args(db).get(index).copied(),
        _ => None,
    }
}

/// The expected type of a `known` display: the context itself, or its one
/// union member of that class (`list[int] | None`, a recursive alias).
fn expected_instance<'db>(
    db: &'db dyn Db,
    expected: Option<Type<'db>>,
    known: KnownClass,
) -> Option<Type<'db>> {
    match expected? {
        ty @ Type::Instance(_) => as_known_instance(db, ty, known),
        Type::Union(u) => {
            let mut matching = u
                .elements(db)
                .iter()
                .filter_map(|&e| as_known_instance(db, e, known));
            let first = matching.next();
            if matching.next().is_some() {
                return None;
            }
            first
        }
        _ => None,
    }
}

/// `ty` as an instance of the display class `known`: itself, or for an
/// ancestor of it (`Mapping[K, V]` for a dict display) the `known` class
/// with the arguments that specialize to it (`dict[K, V]`).
fn as_known_instance<'db>(db: &'db dyn Db, ty: Type<'db>, known: KnownClass) -> Option<Type<'db>> {
    let Type::Instance(c) = ty else {
        return None;
    };
    if c.is_known(db, known) {
        return Some(ty);
    }
    let k = known_class(db, known)?;
    let literal = k.class(db);
    if c.args(db).is_empty()
        || !crate::class::class_mro(db, literal)
            .classes
            .contains(&c.class(db))
    {
        return None;
    }
    let params = super::generics::class_type_params(db, literal);
    let generic = ClassType::new(
        db,
        literal,
        params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
    );
    let subst = class_substitution(db, generic);
    let ancestor_params = super::generics::class_type_params(db, c.class(db));
    let mut args = vec![Type::UNKNOWN; params.len()];
    for (j, ap) in ancestor_params.iter().enumerate() {
        if let Some(&(_, Type::TypeVar(tv))) = subst.iter().find(|(q, _)| q == ap) {
            if let Some(i) = params.iter().position(|&p| p == tv) {
                args[i] = c.args(db).get(j).copied().unwrap_or(Type::UNKNOWN);
            }
        }
    }
    Some(Type::Instance(ClassType::new(db, literal, args)))
}

fn tuple_element_union<'db>(db: &'db dyn Db, t: TupleType<'db>) -> Type<'db> {
    union(db, t.elements(db).iter().copied())
}

/// What `await` of a value of type `ty` produces.
pub(crate) fn awaited_type<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    match ty {
        Type::Instance(c) => match c.name(db) {
            "Coroutine" | "CoroutineType" => c.args(db).get(2).copied().unwrap_or(Type::UNKNOWN),
            "Awaitable" | "Future" | "Task" => c.args(db).first().copied().unwrap_or(Type::UNKNOWN),
            _ => Type::UNKNOWN,
        },
        _ => Type::UNKNOWN,
    }
}

fn operator_dunders(op: ast::Operator) -> (&'static str, &'static str) {
    match op {
        ast::Operator::Add => ("__add__", "__radd__"),
        ast::Operator::Sub => ("__sub__", "__rsub__"),
        ast::Operator::Mult => ("__mul__", "__rmul__"),
        ast::Operator::MatMult => ("__matmul__", "__rmatmul__"),
        ast::Operator::Div => ("__truediv__", "__rtruediv__"),
        ast::Operator::Mod => ("__mod__", "__rmod__"),
        ast::Operator::Pow => ("__pow__", "__rpow__"),
        ast::Operator::LShift => ("__lshift__", "__rlshift__"),
        ast::Operator::RShift => ("__rshift__", "__rrshift__"),
        ast::Operator::BitOr => ("__or__", "__ror__"),
        ast::Operator::BitXor => ("__xor__", "__rxor__"),
        ast::Operator::BitAnd => ("__and__", "__rand__"),
        ast::Operator::FloorDiv => ("__floordiv__", "__rfloordiv__"),
    }
}

pub fn operator_symbol(op: ast::Operator) -> &'static str {
    match op {
        ast::Operator::Add => "+",
        ast::Operator::Sub => "-",
        ast::Operator::Mult => "*",
        ast::Operator::MatMult => "@",
        ast::Operator::Div => "/",
        ast::Operator::Mod => "%",
        ast::Operator::Pow => "**",
        ast::Operator::LShift => "<<",
        ast::Operator::RShift => ">>",
        ast::Operator::BitOr => "|",
        ast::Operator::BitXor => "^",
        ast::Operator::BitAnd => "&",
        ast::Operator::FloorDiv => "//",
    }
}

/// Whether a value of type `ty` is always truthy (`Some(true)`), always
/// falsy (`Some(false)`) or may be either (`None`).
fn literal_truthiness(ty: Type<'_>) -> Option<bool> {
    match ty {
        Type::None => Some(false),
        Type::BoolLiteral(b) => Some(b),
        Type::IntLiteral(i) => Some(i != 0),
        Type::Function(_) | Type::BoundMethod(_) | Type::ClassObject(_) | Type::Module(_) => {
            Some(true)
        }
        _ => None,
    }
}
