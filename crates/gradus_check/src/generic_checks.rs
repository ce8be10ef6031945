//! Definition-time rules of generic classes and type variables.
//!
//! ```python
//! class Bad1(Generic[int]): ...             # arguments of Generic must be type variables
//! class Bad2(Generic[T, T]): ...            # ... distinct ones
//! class Bad3(Iterable[T], Generic[S]): ...  # Generic must list T too
//! class Bad4(Inv[T_co]): ...                # Inv's parameter is invariant
//! ```

use gradus_db::{Db, File};
use gradus_index::{ScopeId, ScopeKind};
use gradus_syntax::ast::{self, Expr, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{
    ClassLiteral, ClassType, KnownClass, SpecialForm, Type, TypeVarKind, TypeVarType, Variance,
};

use crate::class::{class_bases, class_mro, is_subclass, Base};
use crate::infer::expr::ExprInferrer;
use crate::infer::expression_type;
use crate::infer::function::{decorator_name, function_parts, FunctionParts};
use crate::infer::generics::{
    class_type_params, contains_type_vars, substitute, type_vars_in, Substitution,
};
use crate::rules::{INVALID_GENERIC_CLASS, INVALID_TYPE_FORM, INVALID_VARIANCE};
use crate::variance::{self, Polarity};

/// The type variables a PEP 695 parameter list declares (`[T, *Ts, **P]`),
/// in order.
pub fn pep695_type_params<'db>(
    db: &'db dyn Db,
    file: File,
    params: &[ast::TypeParam],
) -> Vec<TypeVarType<'db>> {
    let index = crate::firewall::index(db, file);
    params
        .iter()
        .filter_map(|p| {
            let range = match p {
                ast::TypeParam::TypeVar(t) => t.range,
                ast::TypeParam::ParamSpec(t) => t.range,
                ast::TypeParam::TypeVarTuple(t) => t.range,
            };
            let definition = index.definition_at(range)?;
            match crate::semantic::definition_type(db, file, definition) {
                Type::TypeVar(tv) => Some(tv),
                _ => None,
            }
        })
        .collect()
}

/// The type a method parameter's annotation gives the parameter, for
/// variance: `*args: P.args` and `*args: *Ts` mean `P` and `Ts`.
pub fn parameter_annotation_type<'db>(
    inferrer: &mut ExprInferrer<'db>,
    annotation: &Expr,
) -> Type<'db> {
    match annotation {
        Expr::Attribute(attr) if matches!(attr.attr.as_str(), "args" | "kwargs") => {
            match inferrer.infer_expr(&attr.value) {
                ty @ Type::TypeVar(_) => ty,
                _ => inferrer.annotation_type(annotation),
            }
        }
        Expr::Starred(s) => inferrer.annotation_type(&s.value),
        other => inferrer.annotation_type(other),
    }
}

/// The annotated parts of a method's signature with the polarity each
/// occurs in (parameters contravariant, the return covariant), skipping the
/// receiver (`self`/`cls`) unless the method is static.
pub fn method_signature_types<'db>(
    inferrer: &mut ExprInferrer<'db>,
    parts: &FunctionParts<'_>,
) -> Vec<(Type<'db>, Polarity, TextRange)> {
    let is_static = parts
        .decorators
        .iter()
        .any(|d| decorator_name(d) == Some("staticmethod"));
    let args = parts.args;
    let skip = usize::from(!is_static);
    let mut annotations: Vec<&Expr> = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .skip(skip)
        .chain(&args.kwonlyargs)
        .filter_map(|a| a.def.annotation.as_deref())
        .collect();
    annotations.extend(
        [&args.vararg, &args.kwarg]
            .into_iter()
            .flatten()
            .filter_map(|a| a.annotation.as_deref()),
    );
    let mut out: Vec<(Type<'db>, Polarity, TextRange)> = annotations
        .into_iter()
        .map(|ann| {
            (
                parameter_annotation_type(inferrer, ann),
                Polarity::Contra,
                ann.range(),
            )
        })
        .collect();
    if let Some(r) = parts.returns {
        out.push((inferrer.annotation_type(r), Polarity::Co, r.range()));
    }
    out
}

/// Methods whose signatures say nothing about instances' variance.
pub fn is_construction_method(name: &str) -> bool {
    matches!(
        name,
        "__init__" | "__new__" | "__init_subclass__" | "__class_getitem__"
    )
}

/// The definition-time checks of a `class` statement (reported through the
/// enclosing scope's inferrer).
pub fn check_class<'db>(
    inferrer: &mut ExprInferrer<'db>,
    scope: ScopeId,
    stmt: &ast::StmtClassDef,
    class: Option<ClassType<'db>>,
) {
    // Stubs describe runtime behaviour as it is, and typeshed deliberately
    // uses covariant type variables in some parameters (`__contains__`,
    // set operations): declared variance is not checked in stubs.
    let in_stub = crate::semantic::is_stub(inferrer.db, inferrer.file);
    check_generic_bases(inferrer, stmt);
    if !in_stub {
        check_base_variance(inferrer, stmt);
    }
    check_metaclass(inferrer, stmt);
    check_type_params(inferrer, &stmt.type_params);
    check_shadowed_type_params(inferrer, stmt);
    if let Some(class) = class {
        if !in_stub {
            check_protocol_variance(inferrer, stmt, class);
            check_method_variance(inferrer, stmt, class);
        }
        check_rebound_type_vars(inferrer, scope, stmt, class);
        check_consistent_ancestors(inferrer, stmt, class);
    }
}

fn slice_items(slice: &Expr) -> Vec<&Expr> {
    match slice {
        Expr::Tuple(t) => t.elts.iter().collect(),
        other => vec![other],
    }
}

fn unstarred(expr: &Expr) -> &Expr {
    match expr {
        Expr::Starred(s) => s.value.as_ref(),
        other => other,
    }
}

/// `Generic[...]` / `Protocol[...]`: distinct type variables only, all the
/// other bases' type variables listed, and not with PEP 695 parameters.
fn check_generic_bases(inferrer: &mut ExprInferrer<'_>, stmt: &ast::StmtClassDef) {
    let db = inferrer.db;
    let file = inferrer.file;
    let pep695 = !stmt.type_params.is_empty();
    let mut listed: Option<(Vec<TypeVarType<'_>>, &'static str)> = None;
    let mut others: Vec<(TypeVarType<'_>, TextRange)> = Vec::new();
    for base in &stmt.bases {
        let Expr::Subscript(sub) = base else {
            continue;
        };
        let form = match expression_type(db, file, &sub.value) {
            Type::SpecialForm(SpecialForm::Generic) => Some("Generic"),
            Type::SpecialForm(SpecialForm::Protocol) => Some("Protocol"),
            _ => None,
        };
        let Some(form) = form else {
            for tv in type_vars_in(db, expression_type(db, file, base)) {
                if tv.kind(db) != TypeVarKind::SelfType {
                    others.push((tv, base.range()));
                }
            }
            continue;
        };
        if listed.is_some() {
            inferrer.report(
                base.range(),
                INVALID_GENERIC_CLASS.code,
                format!("`{form}[...]` cannot be combined with another `Generic[...]` or `Protocol[...]` base"),
            );
            continue;
        }
        if pep695 {
            inferrer.report(
                base.range(),
                INVALID_GENERIC_CLASS.code,
                format!("`{form}[...]` cannot be used in a class with type parameter syntax (`class C[T]`)"),
            );
            continue;
        }
        let mut vars = Vec::new();
        for item in slice_items(&sub.slice) {
            match expression_type(db, file, unstarred(item)) {
                Type::TypeVar(tv) => {
                    if vars.contains(&tv) {
                        inferrer.report(
                            item.range(),
                            INVALID_GENERIC_CLASS.code,
                            format!(
                                "Type variable `{}` appears more than once in `{form}[...]`",
                                tv.name(db)
                            ),
                        );
                    } else {
                        vars.push(tv);
                    }
                }
                Type::Dynamic(_) => {}
                other => {
                    let shown = other.display(db).to_string();
                    inferrer.report(
                        item.range(),
                        INVALID_GENERIC_CLASS.code,
                        format!(
                            "The arguments of `{form}[...]` must be type variables, not `{shown}`"
                        ),
                    );
                }
            }
        }
        listed = Some((vars, form));
    }
    if let Some((vars, form)) = listed {
        let mut reported = Vec::new();
        for (tv, range) in others {
            if !vars.contains(&tv) && !reported.contains(&tv) {
                reported.push(tv);
                inferrer.report(
                    range,
                    INVALID_GENERIC_CLASS.code,
                    format!(
                        "Type variable `{}` of a base class is not listed in `{form}[...]`",
                        tv.name(db)
                    ),
                );
            }
        }
    }
}

/// A base's type arguments must respect the variance of the base's
/// parameters: `class C(Inv[T_co])` is an error.
fn check_base_variance(inferrer: &mut ExprInferrer<'_>, stmt: &ast::StmtClassDef) {
    let db = inferrer.db;
    let file = inferrer.file;
    for base in &stmt.bases {
        if !matches!(base, Expr::Subscript(_)) {
            continue;
        }
        let Type::ClassObject(c) = expression_type(db, file, base) else {
            continue;
        };
        let bad = variance::occurrences(db, Type::Instance(c), Polarity::Co)
            .into_iter()
            .find(|(tv, polarity)| !variance::fits(tv.variance(db), *polarity));
        if let Some((tv, polarity)) = bad {
            let shown = Type::Instance(c).display(db).to_string();
            inferrer.report(
                base.range(),
                INVALID_VARIANCE.code,
                format!(
                    "{} type variable `{}` is used in {} position in base class `{shown}`",
                    capitalized(variance::variance_word(tv.variance(db))),
                    tv.name(db),
                    match polarity {
                        Polarity::Inv => "an invariant",
                        Polarity::Co => "a covariant",
                        Polarity::Contra => "a contravariant",
                    },
                ),
            );
        }
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A covariant type parameter of the class may not be accepted by a method,
/// a contravariant one not returned.
fn check_method_variance<'db>(
    inferrer: &mut ExprInferrer<'db>,
    stmt: &ast::StmtClassDef,
    class: ClassType<'db>,
) {
    let db = inferrer.db;
    let params = class_type_params(db, class.class(db)).clone();
    if !params.iter().any(|p| {
        matches!(
            p.variance(db),
            Variance::Covariant | Variance::Contravariant
        )
    }) {
        return;
    }
    let mut quiet = ExprInferrer::new(db, inferrer.file, false);
    for item in &stmt.body {
        let Some(parts) = function_parts(item) else {
            continue;
        };
        if is_construction_method(parts.name) {
            continue;
        }
        for (ty, polarity, range) in method_signature_types(&mut quiet, &parts) {
            let bad = variance::occurrences(db, ty, polarity)
                .into_iter()
                .find(|(tv, p)| params.contains(tv) && !variance::fits(tv.variance(db), *p));
            if let Some((tv, _)) = bad {
                let place = if polarity == Polarity::Co {
                    "the return type"
                } else {
                    "a parameter type"
                };
                inferrer.report(
                    range,
                    INVALID_VARIANCE.code,
                    format!(
                        "{} type variable `{}` cannot be used in {place} of method `{}`",
                        capitalized(variance::variance_word(tv.variance(db))),
                        tv.name(db),
                        parts.name
                    ),
                );
            }
        }
    }
}

/// `metaclass=Meta[T]`: generic metaclasses are not supported.
fn check_metaclass(inferrer: &mut ExprInferrer<'_>, stmt: &ast::StmtClassDef) {
    let db = inferrer.db;
    for keyword in &stmt.keywords {
        if keyword
            .arg
            .as_ref()
            .is_none_or(|a| a.as_str() != "metaclass")
        {
            continue;
        }
        let ty = expression_type(db, inferrer.file, &keyword.value);
        if contains_type_vars(db, ty) {
            inferrer.report(
                keyword.value.range(),
                INVALID_GENERIC_CLASS.code,
                "A metaclass cannot be generic".to_owned(),
            );
        }
    }
}

/// The bounds and constraints of PEP 695 type parameters: valid type
/// expressions, not generic, at least two constraints in a literal tuple.
pub fn check_type_params(inferrer: &mut ExprInferrer<'_>, params: &[ast::TypeParam]) {
    let db = inferrer.db;
    for param in params {
        let ast::TypeParam::TypeVar(tv) = param else {
            continue;
        };
        let Some(bound) = tv.bound.as_deref() else {
            continue;
        };
        let types: Vec<Type<'_>> = match bound {
            Expr::Tuple(t) => {
                if t.elts.len() < 2 {
                    inferrer.report(
                        bound.range(),
                        INVALID_TYPE_FORM.code,
                        "A constrained type parameter needs at least two constraints".to_owned(),
                    );
                }
                t.elts.iter().map(|e| inferrer.annotation_type(e)).collect()
            }
            other => {
                // `[T: t1]` with `t1 = (bytes, str)`: constraints must be
                // written as a tuple expression.
                if let Expr::Name(_) = other {
                    if let Type::Tuple(_) = inferrer.infer_expr(other) {
                        inferrer.report(
                            other.range(),
                            INVALID_TYPE_FORM.code,
                            "Constraints of a type parameter must be a literal tuple".to_owned(),
                        );
                        continue;
                    }
                }
                vec![inferrer.annotation_type(other)]
            }
        };
        if types.iter().any(|&t| contains_type_vars(db, t)) {
            inferrer.report(
                bound.range(),
                INVALID_TYPE_FORM.code,
                format!(
                    "The bound or constraints of type parameter `{}` cannot be generic",
                    tv.name
                ),
            );
        }
    }
}

fn type_param_name(param: &ast::TypeParam) -> (&str, TextRange) {
    match param {
        ast::TypeParam::TypeVar(t) => (t.name.as_str(), t.range),
        ast::TypeParam::ParamSpec(t) => (t.name.as_str(), t.range),
        ast::TypeParam::TypeVarTuple(t) => (t.name.as_str(), t.range),
    }
}

/// A method or nested class may not declare a type parameter with the name
/// of one of the class's own (`class C[T]: def m[T](self)`).
fn check_shadowed_type_params(inferrer: &mut ExprInferrer<'_>, stmt: &ast::StmtClassDef) {
    if stmt.type_params.is_empty() {
        return;
    }
    let outer: Vec<&str> = stmt
        .type_params
        .iter()
        .map(|p| type_param_name(p).0)
        .collect();
    for item in &stmt.body {
        let inner = match item {
            Stmt::FunctionDef(f) => &f.type_params,
            Stmt::AsyncFunctionDef(f) => &f.type_params,
            Stmt::ClassDef(c) => &c.type_params,
            _ => continue,
        };
        for p in inner {
            let (name, range) = type_param_name(p);
            if outer.contains(&name) {
                inferrer.report(
                    range,
                    INVALID_GENERIC_CLASS.code,
                    format!("Type parameter `{name}` is already a type parameter of the enclosing class `{}`", stmt.name),
                );
            }
        }
    }
}

/// The arguments `class` (specialized) gives its ancestor `target` through
/// its bases (`class L(list[T])`: `L[int]` is a `list[int]`); `None` when
/// `target` is not an ancestor or the path is not known.
pub fn specialize_ancestor<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    target: ClassLiteral<'db>,
) -> Option<Vec<Type<'db>>> {
    ancestor_args(db, class, target, 0)
}

fn ancestor_args<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    target: ClassLiteral<'db>,
    depth: usize,
) -> Option<Vec<Type<'db>>> {
    if depth > 32 {
        return None;
    }
    let literal = class.class(db);
    if literal == target {
        return Some(class.args(db).clone());
    }
    let params = class_type_params(db, literal);
    let args = class.args(db);
    let subst: Substitution<'db> = params
        .iter()
        .enumerate()
        .map(|(i, &p)| (p, args.get(i).copied().unwrap_or(Type::UNKNOWN)))
        .collect();
    for base in class_bases(db, literal) {
        let Base::Class(b) = base else { continue };
        if b.class(db) == literal || !is_subclass(db, b.class(db), target) {
            continue;
        }
        let specialized = match substitute(db, Type::Instance(*b), &subst) {
            Type::Instance(s) => s,
            _ => *b,
        };
        return ancestor_args(db, specialized, target, depth + 1);
    }
    None
}

/// Bases may not specialize a common ancestor differently:
/// `class C(Parent[T1, T2], Grandparent[T2, T1])` where `Parent[T1, T2]` is
/// a `Grandparent[T1, T2]`.
fn check_consistent_ancestors<'db>(
    inferrer: &mut ExprInferrer<'db>,
    stmt: &ast::StmtClassDef,
    class: ClassType<'db>,
) {
    let db = inferrer.db;
    let bases: Vec<(ClassType<'db>, TextRange)> = stmt
        .bases
        .iter()
        .filter_map(|b| match expression_type(db, inferrer.file, b) {
            Type::ClassObject(c) if !c.args(db).is_empty() => Some((c, b.range())),
            _ => None,
        })
        .collect();
    if bases.len() < 2 || class_mro(db, class.class(db)).inconsistent {
        return;
    }
    for (j, &(later, range)) in bases.iter().enumerate().skip(1) {
        for &(earlier, _) in &bases[..j] {
            // Every ancestor of `later` (itself included) that `earlier`
            // also derives from.
            for &ancestor in &class_mro(db, later.class(db)).classes {
                if ancestor.known(db) == Some(KnownClass::Object)
                    || !is_subclass(db, earlier.class(db), ancestor)
                {
                    continue;
                }
                let (Some(x), Some(y)) = (
                    specialize_ancestor(db, earlier, ancestor),
                    specialize_ancestor(db, later, ancestor),
                ) else {
                    continue;
                };
                if x.len() != y.len() || x.is_empty() || x.iter().chain(&y).any(|t| t.is_dynamic())
                {
                    continue;
                }
                if x != y {
                    let name = ancestor.name(db).clone();
                    inferrer.report(
                        range,
                        INVALID_GENERIC_CLASS.code,
                        format!(
                            "Base classes of `{}` specialize `{name}` inconsistently",
                            stmt.name
                        ),
                    );
                    return;
                }
            }
        }
    }
}

/// The declaration rules of `TypeVar(...)` (also `ParamSpec`,
/// `TypeVarTuple`): at most one of `covariant`, `contravariant` and
/// `infer_variance`, and constraints that are not generic.
pub fn check_type_var_declaration(inferrer: &mut ExprInferrer<'_>, call: &ast::ExprCall) {
    let db = inferrer.db;
    let set: Vec<&ast::Keyword> = call
        .keywords
        .iter()
        .filter(|k| {
            k.arg.as_ref().is_some_and(|a| {
                matches!(
                    a.as_str(),
                    "covariant" | "contravariant" | "infer_variance"
                )
            }) && matches!(&k.value, Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(true)))
        })
        .collect();
    if set.len() >= 2 {
        let names: Vec<String> = set
            .iter()
            .filter_map(|k| k.arg.as_ref().map(|a| format!("`{a}`")))
            .collect();
        inferrer.report(
            set[1].range,
            INVALID_VARIANCE.code,
            format!(
                "A type variable cannot be declared with both {}",
                names.join(" and ")
            ),
        );
    }
    for constraint in call.args.iter().skip(1) {
        let ty = {
            let mut quiet = ExprInferrer::new(db, inferrer.file, false);
            quiet.annotation_type(constraint)
        };
        if contains_type_vars(db, ty) {
            inferrer.report(
                constraint.range(),
                INVALID_TYPE_FORM.code,
                "A type variable's constraints cannot be generic".to_owned(),
            );
        }
    }
}

/// A protocol's invariant type variable that its members use only
/// covariantly (or only contravariantly) should be declared so: the
/// spec asks checkers to warn when the declared variance differs from the
/// inferred one.
fn check_protocol_variance<'db>(
    inferrer: &mut ExprInferrer<'db>,
    stmt: &ast::StmtClassDef,
    class: ClassType<'db>,
) {
    let db = inferrer.db;
    let literal = class.class(db);
    if !stmt.type_params.is_empty() || !crate::abstract_class::is_protocol_class(db, literal) {
        return;
    }
    let params = class_type_params(db, literal).clone();
    if !params.iter().any(|p| p.variance(db) == Variance::Invariant) {
        return;
    }
    let inferred = variance::variances_from_use(db, literal).clone();
    // Only protocols that list their parameters (`Protocol[T]`): a bare
    // `Protocol` base takes its parameters from the other bases.
    let Some(anchor) = stmt
        .bases
        .iter()
        .find(|b| {
            matches!(b, Expr::Subscript(s) if matches!(
                expression_type(db, inferrer.file, &s.value),
                Type::SpecialForm(SpecialForm::Protocol | SpecialForm::Generic)
            ))
        })
        .map(|b| b.range())
    else {
        return;
    };
    for (p, v) in params.iter().zip(inferred) {
        if p.variance(db) != Variance::Invariant
            || p.kind(db) == TypeVarKind::TypeVarTuple
            || !matches!(v, Variance::Covariant | Variance::Contravariant)
        {
            continue;
        }
        inferrer.report(
            anchor,
            INVALID_VARIANCE.code,
            format!(
                "Type variable `{}` of protocol `{}` is declared invariant but should be {}",
                p.name(db),
                stmt.name,
                variance::variance_word(v)
            ),
        );
    }
}

/// `LinkedList[int, int]` where `LinkedList` has one type parameter (or too
/// few arguments for parameters without defaults). Classes with a type
/// variable tuple or a parameter specification take argument lists of other
/// shapes and are not counted here.
pub fn check_type_argument_count<'db>(
    inferrer: &mut ExprInferrer<'db>,
    class: ClassType<'db>,
    items: &[&Expr],
    sub: &ast::ExprSubscript,
) {
    let db = inferrer.db;
    if !class.args(db).is_empty() || items.iter().any(|e| matches!(e, Expr::Starred(_))) {
        return;
    }
    let params = class_type_params(db, class.class(db));
    if params.is_empty() || params.iter().any(|p| p.kind(db) != TypeVarKind::TypeVar) {
        return;
    }
    let required = params.iter().filter(|p| p.default(db).is_none()).count();
    let given = items.len();
    if given > params.len() || given < required {
        let expected = if required == params.len() {
            format!("{}", params.len())
        } else {
            format!("{required} to {}", params.len())
        };
        inferrer.report(
            sub.range,
            crate::rules::INVALID_TYPE_ARGUMENTS.code,
            format!(
                "`{}` takes {expected} type argument{}, got {given}",
                class.name(db),
                if params.len() == 1 { "" } else { "s" }
            ),
        );
    }
}

/// The (traditional) type variables bound where code of `scope` runs: those
/// of the signatures of the enclosing functions and the type parameters of
/// the nearest enclosing class (an outer class's do not reach a nested
/// class). `None` when some of them cannot be known (an unknown decorator,
/// a class with an unknown base): nothing is reported then.
fn bound_type_vars<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
) -> Option<Vec<TypeVarType<'db>>> {
    let index = crate::firewall::index(db, file);
    let by_statement = crate::firewall::definitions_by_statement(db, file);
    let mut out = Vec::new();
    let mut seen_class = false;
    let mut current = Some(scope);
    while let Some(s) = current {
        if s.index() >= index.scope_count() {
            return None;
        }
        let info = index.scope(s);
        match info.kind {
            ScopeKind::Function { .. } => {
                let def = by_statement.get(&info.node_range)?;
                let Type::Function(f) = crate::semantic::definition_type(db, file, *def) else {
                    return None;
                };
                let signatures = std::iter::once(f.signature(db)).chain(f.overloads(db));
                for sig in signatures {
                    for p in &sig.parameters {
                        out.extend(type_vars_in(db, p.ty));
                    }
                    out.extend(type_vars_in(db, sig.return_type));
                }
            }
            ScopeKind::Class if !seen_class => {
                seen_class = true;
                let def = by_statement.get(&info.node_range)?;
                let Type::ClassObject(c) = crate::semantic::definition_type(db, file, *def) else {
                    return None;
                };
                if class_mro(db, c.class(db)).has_dynamic {
                    return None;
                }
                out.extend(class_type_params(db, c.class(db)).iter().copied());
            }
            _ => {}
        }
        current = info.parent;
    }
    Some(out)
}

/// Whether a type variable is declared the traditional way (`T =
/// TypeVar("T")`): PEP 695 parameters are scoped by name resolution.
fn is_traditional(db: &dyn Db, tv: TypeVarType<'_>) -> bool {
    if tv.kind(db) == TypeVarKind::SelfType {
        return false;
    }
    let index = crate::firewall::index(db, tv.file(db));
    let definition = tv.definition(db);
    definition.scope.index() < index.scope_count()
        && !matches!(
            index.definition(definition).kind,
            gradus_index::DefinitionKind::TypeParam { .. }
        )
}

/// The type variables of `ty` that nothing binds in `scope`.
fn unbound_in<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    ty: Type<'db>,
) -> Vec<TypeVarType<'db>> {
    let vars: Vec<TypeVarType<'db>> = type_vars_in(db, ty)
        .into_iter()
        .filter(|&tv| is_traditional(db, tv))
        .collect();
    if vars.is_empty() {
        return vars;
    }
    let Some(bound) = bound_type_vars(db, file, scope) else {
        return Vec::new();
    };
    vars.into_iter().filter(|tv| !bound.contains(tv)).collect()
}

/// A variable annotation may only use type variables bound by an enclosing
/// generic function or class (`x: list[T]` at module level is an error); a
/// type alias inside a class or function may use none.
pub fn check_annotation_scope<'db>(
    inferrer: &mut ExprInferrer<'db>,
    scope: ScopeId,
    stmt: &ast::StmtAnnAssign,
    declared: Type<'db>,
) {
    let db = inferrer.db;
    let file = inferrer.file;
    let is_alias = matches!(
        expression_type(db, file, &stmt.annotation),
        Type::SpecialForm(SpecialForm::TypeAlias)
    );
    if is_alias {
        let Some(value) = &stmt.value else { return };
        if inferrer.index.scope(scope).kind == ScopeKind::Module {
            return;
        }
        let mut quiet = ExprInferrer::new(db, file, false);
        let ty = quiet.annotation_type(value);
        if let Some(tv) = type_vars_in(db, ty)
            .into_iter()
            .find(|&tv| is_traditional(db, tv))
        {
            inferrer.report(
                value.range(),
                crate::rules::UNBOUND_TYPE_VARIABLE.code,
                format!(
                    "A type alias defined inside a class or function cannot use type variable `{}`",
                    tv.name(db)
                ),
            );
        }
        return;
    }
    if let Some(tv) = unbound_in(db, file, scope, declared).first() {
        inferrer.report(
            stmt.annotation.range(),
            crate::rules::UNBOUND_TYPE_VARIABLE.code,
            format!(
                "Type variable `{}` is not bound by an enclosing generic function or class",
                tv.name(db)
            ),
        );
    }
}

/// `list[T]()` where nothing binds `T`.
pub fn check_value_scope<'db>(inferrer: &mut ExprInferrer<'db>, scope: ScopeId, value: &Expr) {
    let db = inferrer.db;
    let Expr::Call(call) = value else { return };
    if !matches!(call.func.as_ref(), Expr::Subscript(_)) {
        return;
    }
    let ty = expression_type(db, inferrer.file, &call.func);
    if !matches!(ty, Type::ClassObject(_)) {
        return;
    }
    if let Some(tv) = unbound_in(db, inferrer.file, scope, ty).first() {
        inferrer.report(
            call.func.range(),
            crate::rules::UNBOUND_TYPE_VARIABLE.code,
            format!(
                "Type variable `{}` is not bound by an enclosing generic function or class",
                tv.name(db)
            ),
        );
    }
}

/// A class nested in a generic function or class may not be generic in a
/// type variable the enclosing scope already binds.
fn check_rebound_type_vars<'db>(
    inferrer: &mut ExprInferrer<'db>,
    scope: ScopeId,
    stmt: &ast::StmtClassDef,
    class: ClassType<'db>,
) {
    let db = inferrer.db;
    if inferrer.index.scope(scope).kind == ScopeKind::Module || !stmt.type_params.is_empty() {
        return;
    }
    let params: Vec<TypeVarType<'db>> = class_type_params(db, class.class(db))
        .iter()
        .copied()
        .filter(|&tv| is_traditional(db, tv))
        .collect();
    if params.is_empty() {
        return;
    }
    let Some(bound) = bound_type_vars(db, inferrer.file, scope) else {
        return;
    };
    if let Some(tv) = params.iter().find(|tv| bound.contains(tv)) {
        let range = stmt
            .bases
            .iter()
            .find(|b| type_vars_in(db, expression_type(db, inferrer.file, b)).contains(tv))
            .map(|b| b.range())
            .unwrap_or(stmt.range);
        inferrer.report(
            range,
            INVALID_GENERIC_CLASS.code,
            format!(
                "Type variable `{}` is already bound by an enclosing scope",
                tv.name(db)
            ),
        );
    }
}
