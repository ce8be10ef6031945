//! Function types: signatures from annotations, decorators, overloads.
//!
//! ```python
//! class C:
//!     @overload
//!     def f(self, x: int) -> int: ...
//!     @overload
//!     def f(self, x: str) -> str: ...
//!     def f(self, x): ...       # one function type with two overloads
//! ```

use gradus_db::{Db, File};
use gradus_index::{locate, use_def_map, DefinitionId, DefinitionKind, ScopeKind};
use gradus_syntax::ast::{self, Expr, Stmt};
use gradus_types::{
    ClassType, FunctionLiteral, MethodKind, Parameter, ParameterKind, Signature, Type,
};

use super::expr::ExprInferrer;
use crate::semantic::{module_class, parsed};

/// A `def` as a statement with the parts we need (sync or async).
pub struct FunctionParts<'a> {
    pub name: &'a str,
    pub args: &'a ast::Arguments,
    pub returns: Option<&'a Expr>,
    pub decorators: &'a [Expr],
    pub is_async: bool,
    pub body: &'a [Stmt],
}

pub fn function_parts(stmt: &Stmt) -> Option<FunctionParts<'_>> {
    match stmt {
        Stmt::FunctionDef(f) => Some(FunctionParts {
            name: f.name.as_str(),
            args: &f.args,
            returns: f.returns.as_deref(),
            decorators: &f.decorator_list,
            is_async: false,
            body: &f.body,
        }),
        Stmt::AsyncFunctionDef(f) => Some(FunctionParts {
            name: f.name.as_str(),
            args: &f.args,
            returns: f.returns.as_deref(),
            decorators: &f.decorator_list,
            is_async: true,
            body: &f.body,
        }),
        _ => None,
    }
}

/// The last name of a decorator expression (`functools.wraps(f)` → `wraps`).
pub fn decorator_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        Expr::Call(c) => decorator_name(&c.func),
        _ => None,
    }
}

/// Decorators that leave the function's type as it is (for now).
const TRANSPARENT_DECORATORS: &[&str] = &[
    "abstractmethod",
    "final",
    "override",
    "overload",
    "no_type_check",
    "runtime_checkable",
    "deprecated",
    "wraps",
    "cache",
    "lru_cache",
    "coroutine",
    "setter",
    "getter",
    "deleter",
    "type_check_only",
    "dataclass_transform",
    "unique",
    "total_ordering",
    "abstractproperty",
];

/// The type a `def` binds: a function, or `Unknown` when an unknown
/// decorator transforms it.
pub fn function_definition_type<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
    stmt_range: gradus_syntax::TextRange,
) -> Type<'db> {
    let module = parsed(db, file);
    let Some(stmt) = locate::find_stmt(&module, stmt_range) else {
        return Type::UNKNOWN;
    };
    let Some(parts) = function_parts(stmt) else {
        return Type::UNKNOWN;
    };
    let index = crate::firewall::index(db, file);
    let in_class = index.scope(definition.scope).kind == ScopeKind::Class;
    let mut method_kind = MethodKind::Plain;
    let mut is_overload = false;
    // `@contextmanager`: same parameters, returns a context manager of
    // what the generator yields.
    let mut context_manager: Option<&str> = None;
    // Other decorators are applied to the function's type: called with it,
    // innermost first.
    let mut applied: Vec<&Expr> = Vec::new();
    for decorator in parts.decorators {
        match decorator_name(decorator) {
            Some("staticmethod") => method_kind = MethodKind::Static,
            Some("classmethod") => method_kind = MethodKind::Class,
            Some("property" | "cached_property") => method_kind = MethodKind::Property,
            Some("overload") => is_overload = true,
            // `@x.setter def x(...)`: the name keeps the property's getter
            // (`descriptor::property_setters` knows it became settable).
            Some("setter" | "deleter") => {
                return match decorator {
                    Expr::Attribute(a) if in_class => {
                        match ExprInferrer::new(db, file, false).infer_expr(&a.value) {
                            getter @ Type::Function(f)
                                if f.method_kind(db) == MethodKind::Property =>
                            {
                                getter
                            }
                            _ => Type::UNKNOWN,
                        }
                    }
                    _ => Type::UNKNOWN,
                }
            }
            Some(name) if TRANSPARENT_DECORATORS.contains(&name) => {}
            Some("contextmanager") => context_manager = Some("_GeneratorContextManager"),
            Some("asynccontextmanager") => context_manager = Some("_AsyncGeneratorContextManager"),
            _ => applied.push(decorator),
        }
    }
    if !in_class && method_kind != MethodKind::Static {
        method_kind = MethodKind::Plain;
    }
    // Implicitly static and class methods.
    if in_class && method_kind == MethodKind::Plain {
        match parts.name {
            "__new__" => method_kind = MethodKind::Static,
            "__init_subclass__" | "__class_getitem__" => method_kind = MethodKind::Class,
            _ => {}
        }
    }
    let mut signature = function_signature(db, file, definition, &parts, in_class, method_kind);
    if let Some(manager) = context_manager {
        signature.return_type = context_manager_type(db, manager, signature.return_type);
    }
    let infers_return = context_manager.is_none()
        && parts.returns.is_none()
        && !crate::semantic::is_stub(db, file)
        && parts.name != "__init__"
        && signature.return_type.is_dynamic();
    // Overloads: the `@overload` definitions of the same name just before
    // this one (or this one and its predecessors in a stub).
    let mut overloads = Vec::new();
    let use_def = use_def_map(db, file, definition.scope);
    let symbol = index.definition(definition).symbol;
    let all = use_def.all_definitions(symbol);
    if let Some(pos) = all.iter().position(|&d| d == definition.id) {
        for &prev in all[..pos].iter().rev() {
            let prev_id = DefinitionId {
                scope: definition.scope,
                id: prev,
            };
            let DefinitionKind::FunctionDef { stmt, .. } = index.definition(prev_id).kind else {
                break;
            };
            let Some(prev_parts) = locate::find_stmt(&module, stmt).and_then(function_parts) else {
                break;
            };
            if !prev_parts
                .decorators
                .iter()
                .any(|d| decorator_name(d) == Some("overload"))
            {
                break;
            }
            overloads.push(function_signature(
                db,
                file,
                prev_id,
                &prev_parts,
                in_class,
                method_kind,
            ));
        }
        overloads.reverse();
        if !overloads.is_empty() && is_overload {
            overloads.push(signature.clone());
        }
    }
    let function = Type::Function(FunctionLiteral::new(
        db,
        file,
        definition,
        parts.name.to_owned(),
        signature,
        overloads,
        method_kind,
        infers_return,
    ));
    apply_decorators(
        db,
        file,
        definition,
        parts.name,
        method_kind,
        function,
        &applied,
    )
}

/// `@deco def f` is `f = deco(f)`: each decorator (innermost first) is
/// called with the function. A result that is a callable keeps being a
/// function (so that it still binds `self` as a method); a decorator that
/// cannot be evaluated makes the result `Unknown`.
fn apply_decorators<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
    name: &str,
    method_kind: MethodKind,
    function: Type<'db>,
    decorators: &[&Expr],
) -> Type<'db> {
    if decorators.is_empty() {
        return function;
    }
    let mut inferrer = ExprInferrer::new(db, file, false);
    let mut result = function;
    for decorator in decorators.iter().rev() {
        let callee = inferrer.infer_expr(decorator);
        if callee.is_dynamic() || result.is_dynamic() {
            return Type::UNKNOWN;
        }
        // `property` under another name (`DynamicClassAttribute = property`)
        // and its subclasses make a property.
        if let (Type::ClassObject(c), Type::Function(f)) = (callee, result) {
            let is_property = |class: gradus_types::ClassLiteral<'db>| {
                class.name(db) == "property"
                    && gradus_resolve::file_to_module(db, class.file(db))
                        .is_some_and(|m| m.name == "builtins")
            };
            if crate::class::class_mro(db, c.class(db))
                .classes
                .iter()
                .chain(std::iter::once(&c.class(db)))
                .any(|&k| is_property(k))
            {
                result = Type::Function(FunctionLiteral::new(
                    db,
                    file,
                    definition,
                    name.to_owned(),
                    f.signature(db).clone(),
                    Vec::new(),
                    MethodKind::Property,
                    f.infers_return(db),
                ));
                continue;
            }
        }
        result = match inferrer.call_with_types(
            callee,
            &[result],
            gradus_syntax::ast::Ranged::range(*decorator),
            true,
        ) {
            Some(t) => t,
            None => return Type::UNKNOWN,
        };
    }
    match result {
        Type::Callable(c) => Type::Function(FunctionLiteral::new(
            db,
            file,
            definition,
            name.to_owned(),
            c.signature(db).clone(),
            Vec::new(),
            method_kind,
            false,
        )),
        other if super::generics::contains_type_vars(db, other) => Type::UNKNOWN,
        // Descriptors (objects with `__get__`) are not modelled on access
        // yet: their type would be wrong there.
        Type::Instance(c)
            if !matches!(
                crate::class::class_member(db, c.class(db), "__get__"),
                crate::class::MemberLookup::NotFound
            ) =>
        {
            Type::UNKNOWN
        }
        other => other,
    }
}

fn function_signature<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
    parts: &FunctionParts<'_>,
    in_class: bool,
    method_kind: MethodKind,
) -> Signature<'db> {
    let mut inferrer = ExprInferrer::new(db, file, false);
    let args = parts.args;
    let mut parameters = Vec::new();
    let positional = args
        .posonlyargs
        .iter()
        .map(|a| (a, ParameterKind::PositionalOnly))
        .chain(
            args.args
                .iter()
                .map(|a| (a, ParameterKind::PositionalOrKeyword)),
        );
    let self_type = if in_class && method_kind != MethodKind::Static {
        enclosing_class_instance(db, file, definition)
    } else {
        None
    };
    let mut seen_ordinary = false;
    for (i, (arg, kind)) in positional.enumerate() {
        let ty = match &arg.def.annotation {
            Some(annotation) => inferrer.annotation_type(annotation),
            // Unannotated `self` is `Self`, `cls` is `type[Self]`.
            None if i == 0 && self_type.is_some() => {
                let instance = self_type.unwrap_or(Type::UNKNOWN);
                match (method_kind, instance) {
                    (MethodKind::Class, Type::Instance(c)) => {
                        Type::SubclassOfTypeVar(super::generics::self_type_var(db, c.class(db)))
                    }
                    (_, Type::Instance(c)) => {
                        Type::TypeVar(super::generics::self_type_var(db, c.class(db)))
                    }
                    _ => instance,
                }
            }
            None => Type::UNKNOWN,
        };
        // Old-style positional-only parameters: leading `__x` names (not
        // dunders), before any ordinary parameter (`self`/`cls` aside).
        let name = arg.def.arg.as_str();
        let dunder_prefixed = name.starts_with("__") && !name.ends_with("__");
        let is_receiver = i == 0 && self_type.is_some();
        if !dunder_prefixed && !is_receiver {
            seen_ordinary = true;
        }
        let kind =
            if kind == ParameterKind::PositionalOrKeyword && dunder_prefixed && !seen_ordinary {
                ParameterKind::PositionalOnly
            } else {
                kind
            };
        parameters.push(Parameter {
            name: Some(name.to_owned()),
            kind,
            ty,
            has_default: arg.default.is_some(),
        });
    }
    if let Some(vararg) = &args.vararg {
        let ty = vararg
            .annotation
            .as_ref()
            .map(|a| inferrer.annotation_type(a))
            .unwrap_or(Type::UNKNOWN);
        let unpacked = vararg
            .annotation
            .as_deref()
            .is_some_and(|a| inferrer.unpacked_operand(a).is_some());
        match (unpacked, ty) {
            // `*args: *tuple[int, *tuple[str, ...]]`: an `int`, then any
            // number of `str` (a suffix after the unbounded part is taken
            // as more of it: positional parameters cannot follow `*args`).
            (true, Type::Tuple(t))
                if !t.elements(db).iter().any(|e| {
                    matches!(e, Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::TypeVarTuple)
                }) =>
            {
                let name = vararg.arg.as_str();
                parameters.extend(t.prefix(db).iter().enumerate().map(|(i, &ty)| Parameter {
                    name: Some(format!("{name}[{i}]")),
                    kind: ParameterKind::PositionalOnly,
                    ty,
                    has_default: false,
                }));
                if let Some(variadic) = t.variadic_element(db) {
                    parameters.push(Parameter {
                        name: Some(vararg.arg.to_string()),
                        kind: ParameterKind::VarPositional,
                        ty: variadic.union_with(db, gradus_types::union(db, t.suffix(db).iter().copied())),
                        has_default: false,
                    });
                }
            }
            _ => parameters.push(Parameter {
                name: Some(vararg.arg.to_string()),
                kind: ParameterKind::VarPositional,
                ty,
                has_default: false,
            }),
        }
    }
    for arg in &args.kwonlyargs {
        let ty = arg
            .def
            .annotation
            .as_ref()
            .map(|a| inferrer.annotation_type(a))
            .unwrap_or(Type::UNKNOWN);
        parameters.push(Parameter {
            name: Some(arg.def.arg.to_string()),
            kind: ParameterKind::KeywordOnly,
            ty,
            has_default: arg.default.is_some(),
        });
    }
    // `**kwargs: Unpack[TD]`: the typed dict's keys are keyword parameters.
    let unpacked = args.kwarg.as_ref().and_then(|kwarg| {
        let annotation = kwarg.annotation.as_deref()?;
        let class = crate::typeddict::unpacked_kwargs_typeddict(&mut inferrer, annotation)?;
        let named: Vec<String> = parameters
            .iter()
            .filter(|p| p.kind != ParameterKind::PositionalOnly)
            .filter_map(|p| p.name.clone())
            .collect();
        Some(crate::typeddict::unpacked_kwargs_parameters(
            db,
            class,
            kwarg.arg.as_str(),
            &named,
        ))
    });
    if let Some(unpacked) = unpacked {
        parameters.extend(unpacked);
    } else if let Some(kwarg) = &args.kwarg {
        let ty = kwarg
            .annotation
            .as_ref()
            .map(|a| inferrer.annotation_type(a))
            .unwrap_or(Type::UNKNOWN);
        parameters.push(Parameter {
            name: Some(kwarg.arg.to_string()),
            kind: ParameterKind::VarKeyword,
            ty,
            has_default: false,
        });
    }
    let declared_return = parts.returns.map(|r| inferrer.annotation_type(r));
    let mut return_type = declared_return.unwrap_or(Type::UNKNOWN);
    if declared_return.is_none() && parts.name == "__init__" {
        return_type = Type::None;
    }
    // An `async def` with `yield` is an async generator: its declared return
    // type (`AsyncIterator[...]`) is what a call returns.
    let is_async_generator = parts.is_async && body_has_yield(parts.body);
    if parts.is_async && declared_return.is_some() && !is_async_generator {
        return_type = match module_class(db, "typing", "Coroutine") {
            Some(c) => Type::Instance(ClassType::new(
                db,
                c.class(db),
                vec![Type::ANY, Type::ANY, return_type],
            )),
            None => Type::UNKNOWN,
        };
    }
    Signature {
        parameters,
        return_type,
        gradual: false,
    }
}

/// The instance type of the class whose body holds `definition`.
fn enclosing_class_instance<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Option<Type<'db>> {
    let index = crate::firewall::index(db, file);
    let class_scope = index.scope(definition.scope);
    let class_def =
        *crate::firewall::definitions_by_statement(db, file).get(&class_scope.node_range)?;
    match crate::semantic::definition_type(db, file, class_def) {
        Type::ClassObject(c) => {
            let params = super::generics::class_type_params(db, c.class(db));
            Some(if params.is_empty() {
                Type::Instance(c)
            } else {
                Type::Instance(ClassType::new(
                    db,
                    c.class(db),
                    params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
                ))
            })
        }
        _ => None,
    }
}

/// Whether a function body contains `yield` (outside nested functions and
/// classes, which are their own scopes).
pub(crate) fn body_has_yield(body: &[Stmt]) -> bool {
    fn expr_has_yield(expr: &Expr, depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        match expr {
            Expr::Yield(_) | Expr::YieldFrom(_) => true,
            Expr::Await(e) => expr_has_yield(&e.value, depth + 1),
            Expr::Call(c) => c.args.iter().any(|a| expr_has_yield(a, depth + 1)),
            Expr::NamedExpr(n) => expr_has_yield(&n.value, depth + 1),
            Expr::Tuple(t) => t.elts.iter().any(|e| expr_has_yield(e, depth + 1)),
            _ => false,
        }
    }
    fn stmts(body: &[Stmt], depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        body.iter().any(|s| match s {
            Stmt::Expr(e) => expr_has_yield(&e.value, depth),
            Stmt::Assign(a) => expr_has_yield(&a.value, depth),
            Stmt::AnnAssign(a) => a.value.as_ref().is_some_and(|v| expr_has_yield(v, depth)),
            Stmt::AugAssign(a) => expr_has_yield(&a.value, depth),
            Stmt::Return(r) => r.value.as_ref().is_some_and(|v| expr_has_yield(v, depth)),
            Stmt::If(i) => stmts(&i.body, depth + 1) || stmts(&i.orelse, depth + 1),
            Stmt::While(w) => stmts(&w.body, depth + 1) || stmts(&w.orelse, depth + 1),
            Stmt::For(f) => stmts(&f.body, depth + 1) || stmts(&f.orelse, depth + 1),
            Stmt::AsyncFor(f) => stmts(&f.body, depth + 1) || stmts(&f.orelse, depth + 1),
            Stmt::With(w) => stmts(&w.body, depth + 1),
            Stmt::AsyncWith(w) => stmts(&w.body, depth + 1),
            Stmt::Try(t) => {
                stmts(&t.body, depth + 1)
                    || t.handlers.iter().any(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        stmts(&h.body, depth + 1)
                    })
                    || stmts(&t.orelse, depth + 1)
                    || stmts(&t.finalbody, depth + 1)
            }
            Stmt::Match(m) => m.cases.iter().any(|c| stmts(&c.body, depth + 1)),
            _ => false,
        })
    }
    stmts(body, 0)
}

/// `contextlib.<manager>[T, ...]` for a generator function declared to
/// return `Iterator[T]` (or `Generator[T, ...]`, `AsyncIterator[T]` ...).
fn context_manager_type<'db>(db: &'db dyn Db, manager: &str, declared: Type<'db>) -> Type<'db> {
    let Some(class) = module_class(db, "contextlib", manager) else {
        return Type::UNKNOWN;
    };
    let yielded = match declared {
        Type::Instance(c) if !c.args(db).is_empty() => c.args(db)[0],
        _ => Type::UNKNOWN,
    };
    let arity = super::generics::class_type_params(db, class.class(db))
        .len()
        .max(1);
    let mut args = vec![Type::ANY; arity];
    args[0] = yielded;
    Type::Instance(ClassType::new(db, class.class(db), args))
}
