//! Type qualifiers: `Final`, `ClassVar` and where they may appear.
//!
//! ```python
//! from typing import ClassVar, Final
//!
//! LIMIT: Final = 10
//! LIMIT = 20                    # error[final-reassignment]
//!
//! class Config:
//!     retries: Final[int]       # initialized in `__init__`: fine
//!     registry: ClassVar[dict[str, int]] = {}
//!     def __init__(self) -> None:
//!         self.retries = 3
//!     def reset(self) -> None:
//!         self.retries = 0      # error[final-reassignment]
//!         self.registry = {}    # error[invalid-assignment]: through an instance
//!
//! def f(x: Final[int]) -> None: ...  # error[invalid-final]
//! ```
//!
//! Qualifiers are read from the syntax of an annotation (its outermost
//! subscripts, seen through `Annotated[...]`), each head evaluated so that
//! aliases such as `from typing import ClassVar as CV` work. The rules are
//! checked in three places: each annotated assignment and function signature
//! (placement), each binding of a scope (reassigning a final name, overriding
//! a base class's final attribute), and each assignment to an attribute
//! (final attributes, class variables assigned through an instance).
//!
//! What a scope check learns about other scopes (the final names of the
//! module, the final and class-variable members of a class, the names
//! `__init__` initializes) comes from tracked queries that hold no ranges,
//! as the per-scope firewall requires.

use gradus_db::{Db, File};
use gradus_index::{locate, DefinitionKind, ScopeId, ScopeKind};
use gradus_resolve::resolve_module;
use gradus_syntax::ast::{self, Expr, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{ClassLiteral, SpecialForm, Type, TypeVarKind};

use crate::infer::expr::ExprInferrer;
use crate::rules::{FINAL_REASSIGNMENT, INVALID_ASSIGNMENT, INVALID_CLASS_VAR, INVALID_FINAL};

/// How deep qualifier chains and nested type expressions are walked.
const MAX_DEPTH: usize = 32;

/// One qualifier of an annotation's outermost chain.
#[derive(Debug, Clone, Copy)]
struct QualifierUse {
    form: SpecialForm,
    /// The qualifier's expression (`Final[int]` or bare `Final`).
    range: TextRange,
    /// Its number of type arguments (0 for a bare qualifier).
    arguments: usize,
}

/// The qualifiers wrapping an annotation, outermost first, and the type
/// expression they wrap (`None` after a bare qualifier).
struct Chain<'e> {
    qualifiers: Vec<QualifierUse>,
    inner: Option<&'e Expr>,
}

impl Chain<'_> {
    fn has(&self, form: SpecialForm) -> bool {
        self.qualifiers.iter().any(|q| q.form == form)
    }
    fn first(&self, form: SpecialForm) -> Option<QualifierUse> {
        self.qualifiers.iter().copied().find(|q| q.form == form)
    }
    /// Whether `ClassVar` comes before (outside) `Final`.
    fn class_var_outside_final(&self) -> bool {
        let cv = self
            .qualifiers
            .iter()
            .position(|q| q.form == SpecialForm::ClassVar);
        let fin = self
            .qualifiers
            .iter()
            .position(|q| q.form == SpecialForm::Final);
        matches!((cv, fin), (Some(c), Some(f)) if c < f)
    }
}

/// The special form an expression names, if it is a qualifier-like form.
fn head_form(inferrer: &mut ExprInferrer<'_>, expr: &Expr) -> Option<SpecialForm> {
    // A cheap look at the spelling first: only the forms' own names and
    // the file's aliases of them are evaluated.
    let candidate = match expr {
        Expr::Name(n) => {
            FORMS.contains(&n.id.as_str())
                || form_aliases(inferrer.db, inferrer.file)
                    .iter()
                    .any(|a| a == n.id.as_str())
        }
        Expr::Attribute(a) => FORMS.contains(&a.attr.as_str()),
        _ => false,
    };
    if !candidate {
        return None;
    }
    match inferrer.infer_expr(expr) {
        Type::SpecialForm(form) => Some(form),
        _ => None,
    }
}

/// The special forms whose names [`head_form`] recognizes.
const FORMS: &[&str] = &[
    "Final",
    "ClassVar",
    "Annotated",
    "Literal",
    "TypeAlias",
    "Required",
    "NotRequired",
    "ReadOnly",
];

/// The names a file binds to one of [`FORMS`] under another name:
/// `from typing import ClassVar as CV`, `CV = typing.ClassVar`.
#[salsa::tracked(returns(ref))]
pub fn form_aliases(db: &dyn Db, file: File) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let index = crate::firewall::index(db, file);
    let module = crate::semantic::parsed(db, file);
    let mut out = Vec::new();
    for (scope, _) in index.scopes() {
        let table = index.symbol_table(scope);
        for def in index.definitions(scope) {
            let aliased = match &def.kind {
                DefinitionKind::ImportFrom { name, .. } => FORMS.contains(&name.as_str()),
                DefinitionKind::Assignment { value, unpack } if unpack.is_empty() => {
                    match locate::find_expr(&module, *value) {
                        Some(Expr::Name(n)) => FORMS.contains(&n.id.as_str()),
                        Some(Expr::Attribute(a)) => FORMS.contains(&a.attr.as_str()),
                        _ => false,
                    }
                }
                _ => false,
            };
            if aliased {
                let name = table.symbol(def.symbol).name();
                if !FORMS.contains(&name) {
                    out.push(name.to_owned());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn slice_items(slice: &Expr) -> Vec<&Expr> {
    match slice {
        Expr::Tuple(t) => t.elts.iter().collect(),
        other => vec![other],
    }
}

fn chain<'e>(inferrer: &mut ExprInferrer<'_>, annotation: &'e Expr) -> Chain<'e> {
    let mut qualifiers = Vec::new();
    let mut expr = annotation;
    for _ in 0..MAX_DEPTH {
        match expr {
            Expr::Subscript(s) => {
                let items = slice_items(&s.slice);
                match head_form(inferrer, &s.value) {
                    Some(form @ (SpecialForm::Final | SpecialForm::ClassVar)) => {
                        qualifiers.push(QualifierUse {
                            form,
                            range: s.range,
                            arguments: items.len(),
                        });
                    }
                    Some(
                        SpecialForm::Annotated
                        | SpecialForm::Required
                        | SpecialForm::NotRequired
                        | SpecialForm::ReadOnly,
                    ) => {}
                    _ => {
                        return Chain {
                            qualifiers,
                            inner: Some(expr),
                        }
                    }
                }
                match items.first() {
                    Some(first) => expr = first,
                    None => {
                        return Chain {
                            qualifiers,
                            inner: None,
                        }
                    }
                }
            }
            Expr::Name(_) | Expr::Attribute(_) => {
                if let Some(form @ (SpecialForm::Final | SpecialForm::ClassVar)) =
                    head_form(inferrer, expr)
                {
                    qualifiers.push(QualifierUse {
                        form,
                        range: expr.range(),
                        arguments: 0,
                    });
                    return Chain {
                        qualifiers,
                        inner: None,
                    };
                }
                return Chain {
                    qualifiers,
                    inner: Some(expr),
                };
            }
            _ => {
                return Chain {
                    qualifiers,
                    inner: Some(expr),
                }
            }
        }
    }
    Chain {
        qualifiers,
        inner: None,
    }
}

/// A `Final` or `ClassVar` anywhere inside a type expression (not inside
/// `Literal[...]`, strings, or `Annotated`'s metadata).
fn nested_qualifier(
    inferrer: &mut ExprInferrer<'_>,
    expr: &Expr,
    depth: usize,
) -> Option<(SpecialForm, TextRange)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::Subscript(s) => {
            let form = head_form(inferrer, &s.value);
            match form {
                Some(f @ (SpecialForm::Final | SpecialForm::ClassVar)) => Some((f, s.range)),
                Some(SpecialForm::Literal) => None,
                Some(SpecialForm::Annotated) => slice_items(&s.slice)
                    .first()
                    .and_then(|e| nested_qualifier(inferrer, e, depth + 1)),
                _ => slice_items(&s.slice)
                    .into_iter()
                    .find_map(|e| nested_qualifier(inferrer, e, depth + 1)),
            }
        }
        Expr::Name(_) | Expr::Attribute(_) => match head_form(inferrer, expr) {
            Some(f @ (SpecialForm::Final | SpecialForm::ClassVar)) => Some((f, expr.range())),
            _ => None,
        },
        Expr::BinOp(b) => nested_qualifier(inferrer, &b.left, depth + 1)
            .or_else(|| nested_qualifier(inferrer, &b.right, depth + 1)),
        Expr::List(l) => l
            .elts
            .iter()
            .find_map(|e| nested_qualifier(inferrer, e, depth + 1)),
        Expr::Tuple(t) => t
            .elts
            .iter()
            .find_map(|e| nested_qualifier(inferrer, e, depth + 1)),
        _ => None,
    }
}

fn rule_of(form: SpecialForm) -> &'static str {
    if form == SpecialForm::Final {
        INVALID_FINAL.code
    } else {
        INVALID_CLASS_VAR.code
    }
}

/// Whether an annotation's outermost qualifiers include `Final`.
fn is_final_annotation(inferrer: &mut ExprInferrer<'_>, annotation: &Expr) -> bool {
    chain(inferrer, annotation).has(SpecialForm::Final)
}

// ---------------------------------------------------------------------------
// Placement: annotated assignments and signatures.

/// The class whose body is `scope`, if it is a class scope.
fn class_of_scope<'db>(db: &'db dyn Db, file: File, scope: ScopeId) -> Option<ClassLiteral<'db>> {
    let index = crate::firewall::index(db, file);
    let info = index.scope(scope);
    if info.kind != ScopeKind::Class {
        return None;
    }
    let def = *crate::firewall::definitions_by_statement(db, file).get(&info.node_range)?;
    match crate::semantic::definition_type(db, file, def) {
        Type::ClassObject(c) => Some(c.class(db)),
        _ => None,
    }
}

/// The class whose method `scope` is, when `scope` is a method named
/// `name` (`None` for any name).
fn method_class<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    name: Option<&str>,
) -> Option<ClassLiteral<'db>> {
    let index = crate::firewall::index(db, file);
    let info = index.scope(scope);
    if !matches!(info.kind, ScopeKind::Function { .. }) {
        return None;
    }
    if let Some(name) = name {
        let module = crate::firewall::parsed(db, file);
        let stmt = locate::find_stmt(&module, info.node_range)?;
        let parts = crate::infer::function::function_parts(stmt)?;
        if parts.name != name {
            return None;
        }
    }
    class_of_scope(db, file, info.parent?)
}

fn is_dataclass_like(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    crate::dataclass::dataclass_params(db, class).is_some()
        || crate::class::is_transformed_class(db, class)
}

/// The qualifier rules of `target: annotation [= value]` in `scope`.
pub(crate) fn check_ann_assign(
    inferrer: &mut ExprInferrer<'_>,
    scope: ScopeId,
    stmt: &ast::StmtAnnAssign,
) {
    let db = inferrer.db;
    let file = inferrer.file;
    let mut quiet = ExprInferrer::new(db, file, false);
    // `X: TypeAlias = ClassVar[int]`: an alias cannot carry a qualifier.
    if let Some(value) = &stmt.value {
        if head_form(&mut quiet, &stmt.annotation) == Some(SpecialForm::TypeAlias) {
            let value_chain = chain(&mut quiet, value);
            if let Some(q) = value_chain.qualifiers.first() {
                inferrer.report(
                    q.range,
                    rule_of(q.form),
                    format!("`{}` is not allowed in a type alias", q.form.name()),
                );
            }
            return;
        }
    }
    let chain = chain(&mut quiet, &stmt.annotation);
    if let Some(inner) = chain.inner {
        if let Some((form, range)) = nested_qualifier(&mut quiet, inner, 0) {
            inferrer.report(
                range,
                rule_of(form),
                format!(
                    "`{}` is only allowed as the outermost part of a variable's annotation",
                    form.name()
                ),
            );
        }
    }
    if chain.qualifiers.is_empty() {
        return;
    }
    for q in &chain.qualifiers {
        if q.arguments > 1 {
            inferrer.report(
                q.range,
                rule_of(q.form),
                format!(
                    "`{}` takes a single type argument, got {}",
                    q.form.name(),
                    q.arguments
                ),
            );
        }
    }
    let index = crate::firewall::index(db, file);
    let scope_kind = index.scope(scope).kind;
    let class = class_of_scope(db, file, scope);
    let is_final = chain.has(SpecialForm::Final);
    let is_class_var = chain.has(SpecialForm::ClassVar);
    let name_target = matches!(stmt.target.as_ref(), Expr::Name(_));
    // Class kinds where neither qualifier is allowed.
    let special_class = class.and_then(|c| {
        if crate::typeddict::is_typeddict(db, c) {
            Some("a typed dict")
        } else if crate::namedtuple::namedtuple_root(db, c) == Some(c) {
            Some("a named tuple")
        } else {
            None
        }
    });
    if let (Some(what), true) = (special_class, name_target) {
        let q = chain.qualifiers[0];
        inferrer.report(
            q.range,
            rule_of(q.form),
            format!("`{}` is not allowed in {what}", q.form.name()),
        );
        return;
    }
    if is_final && is_class_var {
        // A dataclass's class variable may be final: `ClassVar[Final[int]]`.
        let allowed =
            class.is_some_and(|c| is_dataclass_like(db, c)) && chain.class_var_outside_final();
        if !allowed {
            inferrer.report(
                chain.qualifiers[0].range,
                INVALID_FINAL.code,
                "`Final` and `ClassVar` cannot be combined: a final attribute of a class body is already a class variable".to_owned(),
            );
        }
    }
    if let Some(q) = chain.first(SpecialForm::ClassVar) {
        if scope_kind != ScopeKind::Class || !name_target {
            inferrer.report(
                q.range,
                INVALID_CLASS_VAR.code,
                "`ClassVar` is only allowed on an attribute of a class body".to_owned(),
            );
        } else if let Some(inner) = chain.inner {
            let ty = quiet.annotation_type(inner);
            let vars: Vec<String> = crate::infer::generics::type_vars_in(db, ty)
                .into_iter()
                .filter(|tv| tv.kind(db) != TypeVarKind::SelfType)
                .map(|tv| tv.name(db).clone())
                .collect();
            if let Some(name) = vars.first() {
                inferrer.report(
                    q.range,
                    INVALID_CLASS_VAR.code,
                    format!("A class variable cannot use type variable `{name}`: its value is shared by every specialization of the class"),
                );
            }
        }
    }
    if let Some(q) = chain.first(SpecialForm::Final) {
        let bare_final = chain.inner.is_none();
        match stmt.target.as_ref() {
            Expr::Name(n) if stmt.value.is_none() => {
                if bare_final {
                    inferrer.report(
                            q.range,
                            INVALID_FINAL.code,
                            format!("`{}` is declared `Final` without a value or a type: assign it a value, or write `Final[T]`", n.id),
                        );
                } else if !crate::semantic::is_stub(db, file) {
                    match class {
                        Some(c) => {
                            let exempt = is_dataclass_like(db, c)
                                || crate::abstract_class::is_protocol_class(db, c)
                                || init_assigned_names(db, c)
                                    .iter()
                                    .any(|a| a == n.id.as_str());
                            if !exempt {
                                inferrer.report(
                                        stmt.target.range(),
                                        INVALID_FINAL.code,
                                        format!("Final attribute `{}` is not initialized: assign it a value here or in `__init__`", n.id),
                                    );
                            }
                        }
                        None if scope_kind != ScopeKind::Class => {
                            inferrer.report(
                                stmt.target.range(),
                                INVALID_FINAL.code,
                                format!("Final name `{}` must be assigned a value", n.id),
                            );
                        }
                        None => {}
                    }
                }
            }
            Expr::Name(_) => {}
            Expr::Attribute(attr) => {
                let init_class = matches!(attr.value.as_ref(), Expr::Name(_))
                    .then(|| method_class(db, file, scope, Some("__init__")))
                    .flatten();
                let in_init = init_class.is_some();
                // No separate class-level and instance-level constants.
                let in_body = init_class.is_some_and(|c| {
                    qualified_members(db, c)
                        .iter()
                        .any(|m| m.name == attr.attr.as_str() && m.is_final && !m.on_instance)
                });
                if in_body {
                    inferrer.report(
                        q.range,
                        INVALID_FINAL.code,
                        format!(
                            "`{}` is already declared `Final` in the class body",
                            attr.attr
                        ),
                    );
                } else if !in_init {
                    inferrer.report(
                        q.range,
                        INVALID_FINAL.code,
                        format!(
                            "Final attribute `{}` can only be declared in a class body or in `__init__`",
                            attr.attr
                        ),
                    );
                } else if bare_final && stmt.value.is_none() {
                    inferrer.report(
                        q.range,
                        INVALID_FINAL.code,
                        format!(
                            "`{}` is declared `Final` without a value or a type",
                            attr.attr
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Qualifiers in the annotations of a function's parameters and return
/// type: never allowed.
pub(crate) fn check_signature(
    inferrer: &mut ExprInferrer<'_>,
    parts: &crate::infer::function::FunctionParts<'_>,
) {
    let mut quiet = ExprInferrer::new(inferrer.db, inferrer.file, false);
    let args = parts.args;
    let parameters = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
        .filter_map(|a| a.def.annotation.as_deref())
        .chain(args.vararg.iter().filter_map(|a| a.annotation.as_deref()))
        .chain(args.kwarg.iter().filter_map(|a| a.annotation.as_deref()));
    let mut found = Vec::new();
    for annotation in parameters {
        if let Some((form, range)) = nested_qualifier(&mut quiet, annotation, 0) {
            found.push((form, range, "a parameter's annotation"));
        }
    }
    if let Some(r) = parts.returns {
        if let Some((form, range)) = nested_qualifier(&mut quiet, r, 0) {
            found.push((form, range, "a return type"));
        }
    }
    for (form, range, place) in found {
        inferrer.report(
            range,
            rule_of(form),
            format!("`{}` is not allowed in {place}", form.name()),
        );
    }
}

// ---------------------------------------------------------------------------
// Reassignment of final names.

/// The names declared `Final` in `scope` (by an annotated assignment).
#[salsa::tracked(returns(ref))]
pub fn final_names(db: &dyn Db, file: File, scope: ScopeId) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let index = crate::firewall::index(db, file);
    if scope.index() >= index.scope_count() {
        return Vec::new();
    }
    let module = crate::semantic::parsed(db, file);
    let table = index.symbol_table(scope);
    let mut inferrer = ExprInferrer::new(db, file, false);
    let mut names = Vec::new();
    for def in index.definitions(scope) {
        let DefinitionKind::AnnotatedAssignment { annotation, .. } = def.kind else {
            continue;
        };
        let symbol = table.symbol(def.symbol);
        if symbol.is_place() {
            continue;
        }
        let Some(expr) = locate::find_expr(&module, annotation) else {
            continue;
        };
        if is_final_annotation(&mut inferrer, expr) {
            names.push(symbol.name().to_owned());
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The file a `from ... import` names.
fn imported_file(db: &dyn Db, file: File, module: Option<&str>, level: u32) -> Option<File> {
    let absolute = if level == 0 {
        module?.to_owned()
    } else {
        gradus_resolve::resolve_relative_import(db, file, level, module)?
    };
    let target = resolve_module(db, &absolute).file()?;
    (target != file).then_some(target)
}

/// Bindings in `scope` of names that are final: a name declared `Final`
/// (here, or in the module for a `global` name), imported from a module
/// where it is final, or (in a class body) final in a base class.
pub(crate) fn check_scope_bindings(inferrer: &mut ExprInferrer<'_>, scope: ScopeId) {
    let db = inferrer.db;
    let file = inferrer.file;
    let index = crate::firewall::index(db, file);
    if scope.index() >= index.scope_count() {
        return;
    }
    let module = crate::firewall::parsed(db, file);
    let table = index.symbol_table(scope).clone();
    let definitions = index.definitions(scope);
    let class = class_of_scope(db, file, scope);
    let mut quiet = ExprInferrer::new(db, file, false);
    // Final names imported into this scope: (symbol, position of the import).
    let mut imported: Vec<(gradus_index::ScopedSymbolId, TextRange)> = Vec::new();
    let mut star_finals: Vec<(Vec<String>, TextRange)> = Vec::new();
    let mut binding_counts: rustc_hash::FxHashMap<gradus_index::ScopedSymbolId, u32> =
        rustc_hash::FxHashMap::default();
    for def in definitions {
        *binding_counts.entry(def.symbol).or_default() += 1;
    }
    let has_local_declarations = definitions
        .iter()
        .any(|d| matches!(d.kind, DefinitionKind::AnnotatedAssignment { .. }));
    for def in definitions {
        match &def.kind {
            DefinitionKind::ImportFrom {
                module: from,
                level,
                name,
                ..
            } => {
                // Only a name bound again here can be reassigned.
                if binding_counts.get(&def.symbol).copied().unwrap_or(0) < 2 {
                    continue;
                }
                if let Some(target) = imported_file(db, file, from.as_deref(), *level) {
                    if final_names(db, target, ScopeId::MODULE).contains(name) {
                        imported.push((def.symbol, def.target_range));
                    }
                }
            }
            DefinitionKind::StarImport {
                module: from,
                level,
                stmt,
            } => {
                if let Some(target) = imported_file(db, file, from.as_deref(), *level) {
                    let names: Vec<String> = final_names(db, target, ScopeId::MODULE)
                        .iter()
                        .filter(|n| !n.starts_with('_'))
                        .cloned()
                        .collect();
                    if !names.is_empty() {
                        star_finals.push((names, *stmt));
                    }
                }
            }
            _ => {}
        }
    }
    for def in definitions {
        if matches!(
            def.kind,
            DefinitionKind::PlaceStart { .. }
                | DefinitionKind::StarImport { .. }
                | DefinitionKind::TypeParam { .. }
                | DefinitionKind::Deletion { implicit: true, .. }
        ) {
            continue;
        }
        if !index.is_range_reachable(def.target_range) {
            continue;
        }
        let symbol = table.symbol(def.symbol);
        if symbol.is_place() {
            continue;
        }
        let name = symbol.name().to_owned();
        let owner = if symbol.is_global() {
            Some(ScopeId::MODULE)
        } else if symbol.is_nonlocal() {
            index.resolve_in_enclosing(scope, &name, true)
        } else {
            Some(scope)
        };
        // The declaration itself.
        let declares_final = match def.kind {
            DefinitionKind::AnnotatedAssignment { annotation, .. } => {
                locate::find_expr(&module, annotation)
                    .is_some_and(|e| is_final_annotation(&mut quiet, e))
            }
            _ => false,
        };
        if declares_final {
            continue;
        }
        let declared_final = owner.is_some_and(|o| {
            (o != scope || has_local_declarations) && final_names(db, file, o).contains(&name)
        });
        let from_import = imported
            .iter()
            .any(|(s, at)| *s == def.symbol && at.start() < def.target_range.start())
            || star_finals
                .iter()
                .any(|(names, at)| at.end() <= def.target_range.start() && names.contains(&name));
        let is_import_itself = imported.iter().any(|(_, at)| *at == def.target_range);
        if (declared_final || from_import) && !is_import_itself {
            let what = if matches!(def.kind, DefinitionKind::Deletion { .. }) {
                "delete"
            } else {
                "assign to"
            };
            inferrer.report(
                def.target_range,
                FINAL_REASSIGNMENT.code,
                format!("Cannot {what} `{name}`: it is declared `Final`"),
            );
            continue;
        }
        // Overriding a base class's final attribute (a private name is
        // mangled per class: no override).
        if let Some(class) = class.filter(|&c| bases_have_qualified_members(db, c)) {
            if name.starts_with("__") && !name.ends_with("__") {
                continue;
            }
            // The nearest base that binds the name (an override of a final
            // further up is reported at that base); its symbol table first,
            // so that a deep hierarchy runs no query per ancestor and name.
            let mro = crate::class::class_mro(db, class);
            let nearest = mro.classes.iter().skip(1).find(|&&b| {
                gradus_index::symbol_table(db, b.file(db), b.body_scope(db))
                    .symbol_id(&name)
                    .is_some()
            });
            if let Some(base) = nearest.filter(|&&b| {
                qualified_members(db, b)
                    .iter()
                    .any(|m| m.name == name && m.is_final)
            }) {
                let base_name = base.name(db).clone();
                inferrer.report(
                    def.target_range,
                    FINAL_REASSIGNMENT.code,
                    format!("`{name}` overrides `{base_name}.{name}`, which is declared `Final`"),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Class members.

/// A class member declared with a qualifier.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct QualifiedMember {
    pub name: String,
    pub is_final: bool,
    pub is_class_var: bool,
    /// Declared in the class body with a value (`X: Final = 1`).
    pub has_value: bool,
    /// Declared on `self` in `__init__` (`self.x: Final = 1`).
    pub on_instance: bool,
}

/// The members of `class` declared `Final` or `ClassVar`: in its body, and
/// on `self` in its `__init__`.
#[salsa::tracked(returns(ref))]
pub fn qualified_members<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<QualifiedMember> {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = crate::class::class_stmt(db, class) else {
        return Vec::new();
    };
    let file = class.file(db);
    let mut inferrer = ExprInferrer::new(db, file, false);
    let mut out = Vec::new();
    for s in &stmt.body {
        match s {
            Stmt::AnnAssign(a) => {
                let Expr::Name(n) = a.target.as_ref() else {
                    continue;
                };
                let c = chain(&mut inferrer, &a.annotation);
                if c.qualifiers.is_empty() {
                    continue;
                }
                out.push(QualifiedMember {
                    name: n.id.to_string(),
                    is_final: c.has(SpecialForm::Final),
                    is_class_var: c.has(SpecialForm::ClassVar),
                    has_value: a.value.is_some(),
                    on_instance: false,
                });
            }
            Stmt::FunctionDef(f) if f.name.as_str() == "__init__" => {
                let mut annotated = Vec::new();
                collect_self_targets(&f.body, &mut |target, annotation| {
                    if let Some(annotation) = annotation {
                        annotated.push((target.to_owned(), annotation.clone()));
                    }
                });
                for (name, annotation) in annotated {
                    if is_final_annotation(&mut inferrer, &annotation)
                        && !out.iter().any(|m: &QualifiedMember| m.name == name)
                    {
                        out.push(QualifiedMember {
                            name,
                            is_final: true,
                            is_class_var: false,
                            has_value: true,
                            on_instance: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `class` or one of its ancestors declares a `Final` or `ClassVar`
/// member: one query per class, so that checks on classes without any (the
/// common case, and deep hierarchies) walk no MRO.
#[salsa::tracked(returns(copy), cycle_result = has_qualified_members_cycle)]
pub fn has_qualified_members<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    !qualified_members(db, class).is_empty() || bases_have_qualified_members(db, class)
}

fn has_qualified_members_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> bool {
    false
}

/// Whether an ancestor of `class` (not `class` itself) declares a `Final`
/// or `ClassVar` member.
fn bases_have_qualified_members<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    crate::class::class_bases(db, class)
        .iter()
        .any(|b| match b {
            crate::class::Base::Class(c) => has_qualified_members(db, c.class(db)),
            _ => false,
        })
}

/// The names `__init__` of `class` assigns through `self.NAME`.
#[salsa::tracked(returns(ref))]
pub fn init_assigned_names<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = crate::class::class_stmt(db, class) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for s in &stmt.body {
        if let Stmt::FunctionDef(f) = s {
            if f.name.as_str() == "__init__" {
                collect_self_targets(&f.body, &mut |name, _| names.push(name.to_owned()));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Calls `found` with each `self.NAME` assigned in `body` (and the
/// annotation of `self.NAME: T = ...`), not looking into nested functions.
fn collect_self_targets(body: &[Stmt], found: &mut dyn FnMut(&str, Option<&Expr>)) {
    fn target(expr: &Expr, annotation: Option<&Expr>, found: &mut dyn FnMut(&str, Option<&Expr>)) {
        if let Expr::Attribute(a) = expr {
            if matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "self") {
                found(a.attr.as_str(), annotation);
            }
        }
        if let Expr::Tuple(t) = expr {
            for e in &t.elts {
                target(e, None, found);
            }
        }
    }
    fn walk(body: &[Stmt], found: &mut dyn FnMut(&str, Option<&Expr>), depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for s in body {
            match s {
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        target(t, None, found);
                    }
                }
                Stmt::AnnAssign(a) => target(&a.target, Some(&a.annotation), found),
                Stmt::AugAssign(a) => target(&a.target, None, found),
                Stmt::If(i) => {
                    walk(&i.body, found, depth + 1);
                    walk(&i.orelse, found, depth + 1);
                }
                Stmt::For(f) => {
                    walk(&f.body, found, depth + 1);
                    walk(&f.orelse, found, depth + 1);
                }
                Stmt::While(w) => {
                    walk(&w.body, found, depth + 1);
                    walk(&w.orelse, found, depth + 1);
                }
                Stmt::With(w) => walk(&w.body, found, depth + 1),
                Stmt::Try(t) => {
                    walk(&t.body, found, depth + 1);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        walk(&h.body, found, depth + 1);
                    }
                    walk(&t.orelse, found, depth + 1);
                    walk(&t.finalbody, found, depth + 1);
                }
                Stmt::Match(m) => {
                    for case in &m.cases {
                        walk(&case.body, found, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }
    walk(body, found, 0);
}

/// How an attribute target is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Write {
    Assign,
    Augmented,
    Delete,
}

/// `obj.NAME = value` (and `+=`, `del`): a final attribute may only be
/// initialized (once, in `__init__` of the class that declares it without a
/// value); a class variable cannot be assigned through an instance.
pub(crate) fn check_attribute_write(
    inferrer: &mut ExprInferrer<'_>,
    scope: ScopeId,
    target: &Expr,
    write: Write,
) {
    let db = inferrer.db;
    let file = inferrer.file;
    let attr = match target {
        Expr::Tuple(t) => {
            for e in &t.elts {
                check_attribute_write(inferrer, scope, e, write);
            }
            return;
        }
        Expr::List(l) => {
            for e in &l.elts {
                check_attribute_write(inferrer, scope, e, write);
            }
            return;
        }
        Expr::Starred(s) => return check_attribute_write(inferrer, scope, &s.value, write),
        Expr::Attribute(a) => a,
        _ => return,
    };
    let name = attr.attr.as_str();
    let object = {
        let mut quiet = ExprInferrer::new(db, file, false);
        quiet.infer_expr(&attr.value)
    };
    let (class, on_instance) = match object {
        Type::ClassObject(c) => (c.class(db), false),
        other => match crate::class::instance_class(db, other) {
            Some(c) => (c.class(db), true),
            None => return,
        },
    };
    if !has_qualified_members(db, class) {
        return;
    }
    let mro = crate::class::class_mro(db, class);
    let Some((owner, member)) = mro.classes.iter().find_map(|&c| {
        // The class body's symbol table (or its `self.x: T` annotations)
        // first: no query per ancestor in a deep hierarchy.
        let binds = gradus_index::symbol_table(db, c.file(db), c.body_scope(db))
            .symbol_id(name)
            .is_some()
            || crate::class::annotated_instance_attribute_names(db, c)
                .iter()
                .any(|n| n == name);
        if !binds {
            return None;
        }
        qualified_members(db, c)
            .iter()
            .find(|m| m.name == name)
            .map(|m| (c, m.clone()))
    }) else {
        return;
    };
    let owner_name = owner.name(db).clone();
    if member.is_final {
        let initializing = write == Write::Assign
            && on_instance
            && !member.has_value
            && !member.on_instance
            && method_class(db, file, scope, Some("__init__")) == Some(owner);
        if !initializing {
            let what = if write == Write::Delete {
                "delete"
            } else {
                "assign to"
            };
            inferrer.report(
                target.range(),
                FINAL_REASSIGNMENT.code,
                format!("Cannot {what} attribute `{name}`: it is declared `Final` in class `{owner_name}`"),
            );
        }
        return;
    }
    if member.is_class_var && on_instance && write == Write::Assign {
        inferrer.report(
            target.range(),
            INVALID_ASSIGNMENT.code,
            format!("Cannot assign to class variable `{name}` of `{owner_name}` through an instance: assign it on the class"),
        );
    }
}

// ---------------------------------------------------------------------------
// `Annotated`.

/// `Annotated[T]`: the metadata is required.
pub(crate) fn check_annotated_arguments(
    inferrer: &mut ExprInferrer<'_>,
    sub: &ast::ExprSubscript,
    arguments: usize,
) {
    if arguments < 2 {
        inferrer.report(
            sub.range,
            crate::rules::INVALID_TYPE_FORM.code,
            "`Annotated` needs a type and at least one metadata argument: `Annotated[T, x]`"
                .to_owned(),
        );
    }
}

/// Calling `Annotated` or an `Annotated[...]` form (also through an alias).
pub(crate) fn report_annotated_call(inferrer: &mut ExprInferrer<'_>, range: TextRange) {
    inferrer.report(
        range,
        crate::rules::NOT_CALLABLE.code,
        "`Annotated[...]` is a type form, not a class: it cannot be called".to_owned(),
    );
}

/// Whether `ty` accepts only class objects (`type`, `type[C]`, `type[T]`),
/// which an `Annotated[...]` form is not.
pub(crate) fn is_class_object_target(db: &dyn Db, ty: Type<'_>) -> bool {
    match ty {
        Type::SubclassOf(_) | Type::SubclassOfTypeVar(_) => true,
        Type::Instance(c) => c.is_known(db, gradus_types::KnownClass::Type),
        _ => false,
    }
}
