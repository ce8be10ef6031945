//! The type a definition binds.
//!
//! ```python
//! import os.path as p        # Import: the module `os.path`
//! from .m import f           # ImportFrom: `f` as exported by `.m`
//! a, *rest = 1, 2, 3         # Assignment with unpacking: int, list[int]
//! for line in open("x"): ... # For: what iterating the iterable yields
//! ```

use gradus_db::{Db, File};
use gradus_index::{
    locate, DefinitionId, DefinitionKind, ParameterKind as IndexParameterKind, UnpackStep,
};
use gradus_resolve::{resolve_module, resolve_relative_import, ModuleResolution};
use gradus_syntax::ast::{Expr, Stmt};
use gradus_types::{KnownClass, SpecialForm, TupleType, Type, TypeVarType};

use super::expr::{widen_literal, ExprInferrer};
use super::function::function_definition_type;
use crate::class::class_literal;
use crate::semantic::{
    declared_symbol_type, known_generic_instance, known_instance, module_member_type, module_type,
    parsed,
};

/// The declared type of a definition that is a declaration.
pub fn infer_declared_type<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Option<Type<'db>> {
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    if definition.scope == gradus_index::ScopeId::MODULE && is_typing_module(db, file) {
        let def = index.definition(definition);
        let name = index
            .symbol_table(definition.scope)
            .symbol(def.symbol)
            .name();
        if let Some(form) = SpecialForm::from_typing_name(name) {
            return Some(Type::SpecialForm(form));
        }
    }
    let mut variadic = None;
    let annotation = match &index.definition(definition).kind {
        DefinitionKind::AnnotatedAssignment { annotation, .. } => *annotation,
        DefinitionKind::Parameter {
            annotation: Some(a),
            kind,
            ..
        } => {
            variadic = Some(*kind);
            *a
        }
        _ => return None,
    };
    // `*args: int` declares `args: tuple[int, ...]`; `**kwargs: int`
    // declares `kwargs: dict[str, int]`.
    let wrap = |ty: Type<'db>| match variadic {
        // `*args: *Ts` declares `args: tuple[*Ts]`.
        Some(IndexParameterKind::VarPositional) if matches!(ty, Type::TypeVar(tv) if tv.kind(db) == gradus_types::TypeVarKind::TypeVarTuple) => {
            Type::Tuple(TupleType::fixed(db, vec![ty]))
        }
        Some(IndexParameterKind::VarPositional) if !matches!(ty, Type::Tuple(_)) => {
            Type::Tuple(TupleType::homogeneous_of(db, ty))
        }
        Some(IndexParameterKind::VarKeyword) => known_generic_instance(
            db,
            KnownClass::Dict,
            vec![known_instance(db, KnownClass::Str), ty],
        ),
        _ => ty,
    };
    let expr = locate::find_expr(&module, annotation)?;
    let mut inferrer = ExprInferrer::new(db, file, false);
    inferrer.current_definition = Some(definition);
    let ty = inferrer.annotation_type(expr);
    // `x: TypeAlias = int` and `x: Final = 1` declare nothing themselves.
    if let Expr::Name(_) | Expr::Attribute(_) = expr {
        if let Type::SpecialForm(SpecialForm::TypeAlias | SpecialForm::Final) =
            inferrer.infer_expr(expr)
        {
            return None;
        }
    }
    if let Expr::Subscript(s) = expr {
        if let Type::SpecialForm(SpecialForm::Final) = inferrer.infer_expr(&s.value) {
            return Some(ty);
        }
    }
    // `**kwargs: Unpack[TD]` declares `kwargs: TD`.
    if variadic == Some(IndexParameterKind::VarKeyword)
        && crate::typeddict::is_unpack_annotation(expr)
        && crate::typeddict::typeddict_instance(db, ty).is_some()
    {
        return Some(ty);
    }
    Some(wrap(ty))
}

/// Whether an instance of `value` is one of a proper subclass of the class
/// `target` is an instance of, assignable to it and with no unknown type
/// arguments (what an assignment may narrow a declared name to).
fn is_subclass_instance_of<'db>(
    db: &'db dyn Db,
    value: gradus_types::ClassType<'db>,
    target: Type<'db>,
) -> bool {
    matches!(target, Type::Instance(d) if d.class(db) != value.class(db))
        && !value.args(db).iter().any(|a| a.is_dynamic())
        && crate::relation::is_assignable(db, Type::Instance(value), target)
}

/// The type bound by a definition.
pub fn infer_definition_type<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Type<'db> {
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    let def = index.definition(definition);
    let mut inferrer = ExprInferrer::new(db, file, false);
    inferrer.current_definition = Some(definition);
    let symbol_name = index
        .symbol_table(definition.scope)
        .symbol(def.symbol)
        .name()
        .to_owned();
    let declared = || declared_symbol_type(db, file, definition.scope, &symbol_name);
    // The special forms of `typing` are declared as ordinary names in the
    // stubs (`Protocol: _SpecialForm`); the engine gives them their meaning.
    if definition.scope == gradus_index::ScopeId::MODULE && is_typing_module(db, file) {
        if let Some(form) = SpecialForm::from_typing_name(&symbol_name) {
            if !matches!(
                def.kind,
                DefinitionKind::ImportFrom { .. } | DefinitionKind::Import { .. }
            ) {
                return Type::SpecialForm(form);
            }
        }
    }
    match &def.kind {
        DefinitionKind::Assignment { value, unpack } => {
            let Some(expr) = locate::find_expr(&module, *value) else {
                return Type::UNKNOWN;
            };
            if unpack.is_empty() {
                if let Some(declared) = declared() {
                    let value = inferrer.infer_expr_with_context(expr, Some(declared));
                    return narrow_on_assignment(db, declared, value);
                }
            }
            let ty = inferrer.infer_expr(expr);
            let ty = if unpack.is_empty() {
                // A class object or special form assigned at module level is
                // an implicit type alias; values stay as they are.
                ty
            } else {
                unpack_type(&mut inferrer, ty, unpack)
            };
            if let Some(declared) = (!unpack.is_empty()).then(declared).flatten() {
                return declared;
            }
            ty
        }
        DefinitionKind::AnnotatedAssignment { value, .. } => {
            match crate::semantic::declared_definition_type(db, file, definition) {
                Some(ty) => match value.and_then(|v| locate::find_expr(&module, v)) {
                    // `x: int | None = 1` binds an `int`.
                    Some(expr) if matches!(ty, Type::Union(_)) => {
                        let value = inferrer.infer_expr_with_context(expr, Some(ty));
                        narrow_on_assignment(db, ty, value)
                    }
                    _ => ty,
                },
                None => {
                    // `X: TypeAlias = int`, `x: Final = 1`: the value's type.
                    match value.and_then(|v| locate::find_expr(&module, v)) {
                        Some(expr) => inferrer.infer_expr(expr),
                        None => Type::UNKNOWN,
                    }
                }
            }
        }
        DefinitionKind::AugmentedAssignment { stmt, .. } => {
            let Some(Stmt::AugAssign(aug)) = locate::find_stmt(&module, *stmt) else {
                return declared().unwrap_or(Type::UNKNOWN);
            };
            let target = inferrer.infer_expr(&aug.target);
            let value = inferrer.infer_expr(&aug.value);
            let result = inferrer.binary_op_quiet(target, value, aug.op);
            // `text += "\n"` with `text: str | bytes` narrowed to `str`: the
            // declared type narrowed to the result, like an assignment.
            match declared() {
                Some(declared) => narrow_on_assignment(db, declared, result),
                None => widen_literal(db, result),
            }
        }
        DefinitionKind::Import { module, alias, .. } => {
            if *alias {
                module_type(db, module)
            } else {
                let first = module.split('.').next().unwrap_or(module);
                module_type(db, first)
            }
        }
        DefinitionKind::ImportFrom {
            module: from,
            level,
            name,
            ..
        } => {
            let absolute = if *level == 0 {
                from.clone().unwrap_or_default()
            } else {
                match resolve_relative_import(db, file, *level, from.as_deref()) {
                    Some(m) => m,
                    None => return Type::UNKNOWN,
                }
            };
            let resolution = resolve_module(db, &absolute);
            if let ModuleResolution::Found(m) = &resolution {
                if let Some(target) = m.file {
                    if target != file {
                        if let Some(ty) = module_member_type(db, target, name) {
                            return ty;
                        }
                    }
                }
            }
            let sub = if absolute.is_empty() {
                name.clone()
            } else {
                format!("{absolute}.{name}")
            };
            match resolve_module(db, &sub) {
                ModuleResolution::Found(_) => module_type(db, &sub),
                _ => Type::UNKNOWN,
            }
        }
        DefinitionKind::StarImport { .. } => Type::UNKNOWN,
        DefinitionKind::FunctionDef { stmt, .. } => {
            function_definition_type(db, file, definition, *stmt)
        }
        DefinitionKind::ClassDef { .. } => match class_literal(db, file, definition) {
            Some(class) => Type::ClassObject(gradus_types::ClassType::new(db, class, Vec::new())),
            None => Type::UNKNOWN,
        },
        DefinitionKind::Parameter {
            kind,
            annotation,
            function,
            ..
        } => {
            let declared = annotation
                .and_then(|_| crate::semantic::declared_definition_type(db, file, definition));
            let element = match declared {
                // Already `tuple[T, ...]` / `dict[str, T]` for `*args` / `**kwargs`.
                Some(t) => return t,
                None => {
                    // `self` / `cls`: the signature knows them.
                    if let Some(t) = self_parameter_type(db, file, definition, *function) {
                        return t;
                    }
                    Type::UNKNOWN
                }
            };
            match kind {
                IndexParameterKind::VarPositional => {
                    Type::Tuple(TupleType::homogeneous_of(db, element))
                }
                IndexParameterKind::VarKeyword => known_generic_instance(
                    db,
                    KnownClass::Dict,
                    vec![known_instance(db, KnownClass::Str), element],
                ),
                _ => element,
            }
        }
        DefinitionKind::For {
            iter,
            unpack,
            is_async,
        }
        | DefinitionKind::Comprehension {
            iter,
            unpack,
            is_async,
            ..
        } => {
            if let Some(declared) = declared() {
                return declared;
            }
            let Some(expr) = locate::find_expr(&module, *iter) else {
                return Type::UNKNOWN;
            };
            if *is_async {
                return Type::UNKNOWN;
            }
            let iterable = inferrer.infer_expr(expr);
            let element = inferrer.iteration_type(iterable, *iter);
            unpack_type(&mut inferrer, element, unpack)
        }
        DefinitionKind::With {
            context_expr,
            unpack,
            is_async,
        } => {
            let Some(expr) = locate::find_expr(&module, *context_expr) else {
                return Type::UNKNOWN;
            };
            let manager = inferrer.infer_expr(expr);
            let method = if *is_async { "__aenter__" } else { "__enter__" };
            let entered = match inferrer.member(manager, method) {
                Some(m) => inferrer
                    .call_with_types(m, &[], *context_expr, true)
                    .unwrap_or(Type::UNKNOWN),
                None => Type::UNKNOWN,
            };
            let entered = if *is_async { Type::UNKNOWN } else { entered };
            unpack_type(&mut inferrer, entered, unpack)
        }
        DefinitionKind::NamedExpr { value, .. } => match locate::find_expr(&module, *value) {
            Some(expr) => inferrer.infer_expr(expr),
            None => Type::UNKNOWN,
        },
        DefinitionKind::ExceptHandler {
            type_expr, is_star, ..
        } => {
            if *is_star {
                return Type::TODO;
            }
            match type_expr.and_then(|t| locate::find_expr(&module, t)) {
                Some(expr) => {
                    let ty = inferrer.infer_expr(expr);
                    exception_instance(db, ty)
                }
                None => Type::UNKNOWN,
            }
        }
        DefinitionKind::TypeParam {
            bound,
            kind,
            default,
            ..
        } => {
            let name = symbol_name.clone();
            let bound_expr = bound.and_then(|b| locate::find_expr(&module, b));
            // `[T: (int, str)]` lists constraints; `[T: int]` is a bound.
            let (bound_ty, constraints) = match bound_expr {
                Some(gradus_syntax::ast::Expr::Tuple(t)) => (
                    None,
                    t.elts
                        .iter()
                        .map(|e| inferrer.annotation_type(e))
                        .collect::<Vec<_>>(),
                ),
                Some(e) => (Some(inferrer.annotation_type(e)), Vec::new()),
                None => (None, Vec::new()),
            };
            let kind = match kind {
                gradus_index::TypeParamKind::TypeVar => gradus_types::TypeVarKind::TypeVar,
                gradus_index::TypeParamKind::ParamSpec => gradus_types::TypeVarKind::ParamSpec,
                gradus_index::TypeParamKind::TypeVarTuple => {
                    gradus_types::TypeVarKind::TypeVarTuple
                }
            };
            let default_ty = default
                .and_then(|d| locate::find_expr(&module, d))
                .map(|e| inferrer.type_param_default_type(e, kind));
            Type::TypeVar(TypeVarType::new(
                db,
                name,
                file,
                definition,
                bound_ty,
                gradus_types::Variance::Inferred,
                kind,
                constraints,
                default_ty,
            ))
        }
        DefinitionKind::MatchCapture { .. } => {
            crate::narrow::pattern::match_capture_type(db, file, definition)
        }
        DefinitionKind::TypeAlias { .. } => super::alias::type_alias_object(db),
        DefinitionKind::PlaceStart { .. } => Type::UNKNOWN,
        DefinitionKind::Deletion { .. } => Type::Never,
    }
}

/// The type of `self`/`cls` when unannotated, from the function's signature.
fn self_parameter_type<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
    function: gradus_syntax::TextRange,
) -> Option<Type<'db>> {
    let index = crate::firewall::index(db, file);
    // The function's own definition lives in the enclosing (class) scope.
    let def_id = *crate::firewall::definitions_by_statement(db, file).get(&function)?;
    let Type::Function(f) = crate::semantic::definition_type(db, file, def_id) else {
        return None;
    };
    let param_name = index
        .symbol_table(definition.scope)
        .symbol(index.definition(definition).symbol)
        .name();
    let first = f.signature(db).parameters.first()?;
    (first.name.as_deref() == Some(param_name) && !first.ty.is_unknown()).then_some(first.ty)
}

/// The instance type caught by `except E` / `except (E1, E2)`.
fn exception_instance<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    match ty {
        Type::ClassObject(c) | Type::SubclassOf(c) => Type::Instance(c),
        Type::Tuple(t) => gradus_types::union(
            db,
            t.elements(db).iter().map(|&e| exception_instance(db, e)),
        ),
        Type::Union(u) => gradus_types::union(
            db,
            u.elements(db).iter().map(|&e| exception_instance(db, e)),
        ),
        _ => Type::UNKNOWN,
    }
}

/// Follows `unpack` steps from the assigned value's type.
fn unpack_type<'db>(
    inferrer: &mut ExprInferrer<'db>,
    mut ty: Type<'db>,
    unpack: &[UnpackStep],
) -> Type<'db> {
    let db = inferrer.db;
    for step in unpack {
        // A named tuple unpacks as the tuple it is.
        if let Type::Instance(c) = ty {
            if let Some(view) = crate::namedtuple::tuple_view(db, c) {
                ty = view;
            }
        }
        ty = match ty {
            Type::Tuple(t)
                if t.is_fixed(db)
                    && t.type_var_tuple_index(db).is_none()
                    && t.elements(db).len()
                        >= step.len as usize - usize::from(step.star.is_some()) =>
            {
                let elements = t.elements(db);
                match step.star {
                    Some(star) if step.index == star => {
                        let after = step.len as usize - star as usize - 1;
                        let middle = &elements[star as usize..elements.len() - after];
                        known_generic_instance(
                            db,
                            KnownClass::List,
                            vec![widen_literal(
                                db,
                                gradus_types::union(db, middle.iter().copied()),
                            )],
                        )
                    }
                    Some(star) if step.index > star => {
                        let from_end = step.len as usize - step.index as usize;
                        elements[elements.len() - from_end]
                    }
                    _ => elements
                        .get(step.index as usize)
                        .copied()
                        .unwrap_or(Type::UNKNOWN),
                }
            }
            // `a, *b, c = t` with `t: tuple[int, *tuple[str, ...], bytes]`.
            // `a, b, c = t` with `t: tuple[int, *Ts]`: exact around `*Ts`.
            Type::Tuple(t) if !t.is_fixed(db) || t.type_var_tuple_index(db).is_some() => {
                let (index, len) = (step.index as usize, step.len as usize);
                match step.star {
                    None if t.is_fixed(db) => {
                        let j = t.type_var_tuple_index(db).unwrap_or(0);
                        let at = if index < j {
                            index as i64
                        } else {
                            -((len - index) as i64)
                        };
                        t.index(db, at).unwrap_or(Type::UNKNOWN)
                    }
                    None => t
                        .with_len(db, len)
                        .and_then(|f| f.elements(db).get(index).copied())
                        .unwrap_or(Type::UNKNOWN),
                    Some(star) if step.index == star => {
                        // The starred target takes what is left between
                        // the targets before and after it.
                        let (star, after) = (star as usize, len - star as usize - 1);
                        let middle = t.between(db, star, after);
                        known_generic_instance(
                            db,
                            KnownClass::List,
                            vec![widen_literal(db, middle)],
                        )
                    }
                    Some(star) if step.index < star => {
                        t.index(db, i64::from(step.index)).unwrap_or(Type::UNKNOWN)
                    }
                    Some(_) => t
                        .index(db, -((len - index) as i64))
                        .unwrap_or(Type::UNKNOWN),
                }
            }
            // `a, b = t` with `t: tuple[int, str] | tuple[str, int]`: each
            // element unpacks on its own.
            Type::Union(u) => {
                let elements = u.elements(db).clone();
                gradus_types::union(
                    db,
                    elements
                        .into_iter()
                        .map(|e| unpack_type(inferrer, e, std::slice::from_ref(step))),
                )
            }
            Type::Dynamic(_) => ty,
            other => {
                let element = inferrer.iteration_type(other, gradus_syntax::TextRange::default());
                if step.star == Some(step.index) {
                    known_generic_instance(db, KnownClass::List, vec![element])
                } else {
                    element
                }
            }
        };
    }
    ty
}

/// Whether `file` is `typing` or `typing_extensions` (whose special forms
/// the engine knows by name).
pub fn is_typing_module(db: &dyn Db, file: File) -> bool {
    gradus_resolve::file_to_module(db, file)
        .is_some_and(|m| matches!(m.name.as_str(), "typing" | "typing_extensions"))
}

/// The type a declared name has after an assignment: the declared type,
/// narrowed (for a union) to the members the assigned value fits.
///
/// ```python
/// def f(name: str | None) -> None:
///     name = "x"        # from here on `name` is `str`
/// ```
fn narrow_on_assignment<'db>(db: &'db dyn Db, declared: Type<'db>, value: Type<'db>) -> Type<'db> {
    let Type::Union(u) = declared else {
        // `args: Sequence[str]` then `args = deque(args)`: a `deque[str]`.
        // (`n: object` then `n = 3`: an `int`.)
        return match widen_literal(db, value) {
            Type::Instance(v) if is_subclass_instance_of(db, v, declared) => Type::Instance(v),
            _ => declared,
        };
    };
    if value.is_dynamic() {
        return declared;
    }
    // `headers: Headers | Mapping[str, str] | None` then `headers =
    // Headers(headers)`: the member of that very class (`Headers`, not
    // every member a `Headers` fits), or the value itself when it is an
    // instance of a proper subclass of a member.
    if let Type::Instance(v) = widen_literal(db, value) {
        let members = u.elements(db);
        if let Some(&same) = members
            .iter()
            .find(|m| matches!(m, Type::Instance(c) if c.class(db) == v.class(db)))
        {
            if crate::relation::is_assignable(db, value, same) {
                return same;
            }
        } else if members.iter().any(|&m| is_subclass_instance_of(db, v, m)) {
            return Type::Instance(v);
        }
    }
    let fitting: Vec<Type<'db>> = u
        .elements(db)
        .iter()
        .copied()
        .filter(|&e| {
            value
                .union_elements(db)
                .iter()
                .any(|&v| crate::relation::is_assignable(db, v, e))
        })
        .collect();
    if fitting.is_empty() {
        declared
    } else {
        gradus_types::union(db, fitting)
    }
}
