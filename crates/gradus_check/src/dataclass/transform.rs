//! `typing.dataclass_transform`: libraries that build dataclass-like classes
//! with a decorator, a base class or a metaclass.
//!
//! ```python
//! from typing import Any, dataclass_transform
//!
//! def model_field(*, init: bool = True, default: Any = None, alias: str | None = None) -> Any: ...
//!
//! @dataclass_transform(kw_only_default=True, field_specifiers=(model_field,))
//! class ModelBase:
//!     def __init_subclass__(cls, *, frozen: bool = False) -> None: ...
//!
//! class Customer(ModelBase, frozen=True):   # a frozen, keyword-only dataclass
//!     id: int
//!     name: str = model_field(alias="full_name", default="")
//!
//! Customer(id=1, full_name="Sue")
//! ```
//!
//! The decorated function (any of its overloads), class or metaclass holds
//! the defaults (`*_default`) and the field specifiers; a class uses them
//! through the decorator (`@create_model(frozen=True)`), a base class or its
//! metaclass (`class C(ModelBase, frozen=True)`). Field specifier calls are
//! read for `init`, `default`/`default_factory`/`factory`, `kw_only`,
//! `alias` and `converter`; an argument left out takes the specifier's own
//! parameter default (`init: bool = False`) or, for an overloaded
//! specifier, the `Literal[True]`/`Literal[False]` type of `init` in the
//! overload the call selects.

use gradus_db::{Db, File};
use gradus_index::{locate, use_def_map, DefinitionId, DefinitionKind};
use gradus_syntax::ast::{self, Expr};
use gradus_types::{FunctionLiteral, Signature, Type};

use crate::class::{class_member, class_stmt, MemberLookup};
use crate::infer::expr::ExprInferrer;
use crate::infer::function::{decorator_name, function_parts};
use crate::semantic::parsed;

/// The options of a `@dataclass_transform(...)` decorator.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct TransformSpec<'db> {
    pub eq_default: bool,
    pub order_default: bool,
    pub kw_only_default: bool,
    pub frozen_default: bool,
    /// The evaluated `field_specifiers=(...)` entries.
    pub field_specifiers: Vec<Type<'db>>,
}

/// The `@dataclass_transform(...)` among `decorators` (of a statement of
/// `file`), evaluated.
fn spec_from_decorators<'db>(
    db: &'db dyn Db,
    file: File,
    decorators: &[Expr],
) -> Option<TransformSpec<'db>> {
    let decorator = decorators
        .iter()
        .find(|d| decorator_name(d) == Some("dataclass_transform"))?;
    let mut spec = TransformSpec {
        eq_default: true,
        order_default: false,
        kw_only_default: false,
        frozen_default: false,
        field_specifiers: Vec::new(),
    };
    if let Expr::Call(call) = decorator {
        let mut inferrer = ExprInferrer::new(db, file, false);
        for keyword in &call.keywords {
            let Some(arg) = &keyword.arg else { continue };
            match arg.as_str() {
                "field_specifiers" => {
                    if let Expr::Tuple(t) = &keyword.value {
                        spec.field_specifiers = t
                            .elts
                            .iter()
                            .take(32)
                            .map(|e| inferrer.infer_expr(e))
                            .filter(|t| !t.is_dynamic())
                            .collect();
                    }
                }
                name => {
                    let Some(value) = super::bool_constant(&keyword.value) else {
                        continue;
                    };
                    match name {
                        "eq_default" => spec.eq_default = value,
                        "order_default" => spec.order_default = value,
                        "kw_only_default" => spec.kw_only_default = value,
                        "frozen_default" => spec.frozen_default = value,
                        _ => {}
                    }
                }
            }
        }
    }
    Some(spec)
}

/// The `dataclass_transform` options of a class decorated with it (a base
/// class or a metaclass of dataclass-like classes).
#[salsa::tracked(returns(ref), cycle_result = class_transform_cycle)]
pub fn class_transform<'db>(
    db: &'db dyn Db,
    class: gradus_types::ClassLiteral<'db>,
) -> Option<TransformSpec<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let stmt = class_stmt(db, class)?;
    spec_from_decorators(db, class.file(db), &stmt.decorator_list)
}

fn class_transform_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: gradus_types::ClassLiteral<'db>,
) -> Option<TransformSpec<'db>> {
    None
}

/// The `dataclass_transform` options of a decorator function: on the
/// function or on any of its overloads.
#[salsa::tracked(returns(ref), cycle_result = function_transform_cycle)]
pub fn function_transform<'db>(
    db: &'db dyn Db,
    function: FunctionLiteral<'db>,
) -> Option<TransformSpec<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let file = function.file(db);
    let definition = function.definition(db);
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    let symbol = index.definition(definition).symbol;
    let use_def = use_def_map(db, file, definition.scope);
    let all = use_def.all_definitions(symbol);
    let end = all
        .iter()
        .position(|&d| d == definition.id)
        .map_or(all.len(), |p| p + 1);
    for &d in all[..end].iter().rev().take(64) {
        let id = DefinitionId {
            scope: definition.scope,
            id: d,
        };
        let DefinitionKind::FunctionDef { stmt, .. } = index.definition(id).kind else {
            break;
        };
        let Some(parts) = locate::find_stmt(&module, stmt).and_then(function_parts) else {
            break;
        };
        if let Some(spec) = spec_from_decorators(db, file, parts.decorators) {
            return Some(spec);
        }
    }
    None
}

fn function_transform_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _function: FunctionLiteral<'db>,
) -> Option<TransformSpec<'db>> {
    None
}

/// The function a field specifier runs when called: the function itself,
/// or a class's `__init__` (with `self` still first).
fn specifier_function<'db>(
    db: &'db dyn Db,
    callee: Type<'db>,
) -> Option<(FunctionLiteral<'db>, bool)> {
    match callee {
        Type::Function(f) => Some((f, false)),
        Type::ClassObject(c) => match class_member(db, c.class(db), "__init__") {
            MemberLookup::Found {
                ty: Type::Function(f),
                ..
            } => Some((f, true)),
            _ => None,
        },
        _ => None,
    }
}

/// The value a field specifier call gets for the boolean parameter `param`
/// when the call leaves it out: the parameter's default in the
/// specifier's `def`, or the literal type of the parameter in the overload
/// the call selects.
pub(super) fn implicit_bool<'db>(
    db: &'db dyn Db,
    inferrer: &mut ExprInferrer<'db>,
    callee: Type<'db>,
    call: &ast::ExprCall,
    param: &str,
) -> Option<bool> {
    let (function, method) = specifier_function(db, callee)?;
    let overloads = function.overloads(db);
    if overloads.is_empty() {
        return ast_bool_default(db, function, param);
    }
    let passed: Vec<(&str, Type<'db>)> = call
        .keywords
        .iter()
        .filter_map(|k| {
            k.arg
                .as_ref()
                .map(|n| (n.as_str(), inferrer.infer_expr(&k.value)))
        })
        .collect();
    for signature in overloads.iter().take(16) {
        let signature: Signature<'db> = if method {
            signature.bind_self()
        } else {
            signature.clone()
        };
        if !call.args.is_empty() || !overload_fits(db, &signature, &passed) {
            continue;
        }
        return signature
            .parameters
            .iter()
            .find(|p| p.name.as_deref() == Some(param))
            .and_then(|p| match p.ty {
                Type::BoolLiteral(b) => Some(b),
                _ => None,
            });
    }
    None
}

fn overload_fits<'db>(
    db: &'db dyn Db,
    signature: &Signature<'db>,
    passed: &[(&str, Type<'db>)],
) -> bool {
    use gradus_types::ParameterKind;
    let takes_any_keyword = signature
        .parameters
        .iter()
        .any(|p| p.kind == ParameterKind::VarKeyword);
    passed.iter().all(|(name, ty)| {
        match signature
            .parameters
            .iter()
            .find(|p| p.name.as_deref() == Some(name) && p.kind != ParameterKind::PositionalOnly)
        {
            Some(p) => crate::relation::is_assignable(db, *ty, p.ty),
            None => takes_any_keyword,
        }
    }) && signature.parameters.iter().all(|p| {
        p.has_default
            || matches!(
                p.kind,
                ParameterKind::VarPositional | ParameterKind::VarKeyword
            )
            || passed.iter().any(|(n, _)| p.name.as_deref() == Some(n))
    })
}

/// The `True`/`False` default of parameter `param` in the `def` of
/// `function`.
fn ast_bool_default(db: &dyn Db, function: FunctionLiteral<'_>, param: &str) -> Option<bool> {
    let file = function.file(db);
    let index = crate::firewall::index(db, file);
    let DefinitionKind::FunctionDef { stmt, .. } = index.definition(function.definition(db)).kind
    else {
        return None;
    };
    let module = parsed(db, file);
    let stmt = locate::find_stmt(&module, stmt)?;
    let parts = function_parts(stmt)?;
    let args = parts.args;
    args.posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
        .find(|a| a.def.arg.as_str() == param)
        .and_then(|a| a.default.as_deref())
        .and_then(super::bool_constant)
}

/// The type a converter accepts: the type of its first positional
/// parameter (of each overload; of a class's `__init__`). `None` when the
/// converter cannot be read (then the field's own type is used).
pub(super) fn converter_input<'db>(db: &'db dyn Db, converter: Type<'db>) -> Option<Type<'db>> {
    use gradus_types::ParameterKind;
    let (function, method) = specifier_function(db, converter)?;
    let signatures: Vec<Signature<'db>> = if function.overloads(db).is_empty() {
        vec![function.signature(db).clone()]
    } else {
        function.overloads(db).clone()
    };
    let mut inputs = Vec::new();
    for signature in signatures.iter().take(16) {
        let signature = if method {
            signature.bind_self()
        } else {
            signature.clone()
        };
        let first = signature.parameters.iter().find(|p| {
            matches!(
                p.kind,
                ParameterKind::PositionalOnly
                    | ParameterKind::PositionalOrKeyword
                    | ParameterKind::VarPositional
            )
        });
        if let Some(p) = first {
            if p.ty.is_dynamic() {
                return None;
            }
            inputs.push(p.ty);
        }
    }
    if inputs.is_empty() {
        return None;
    }
    // Type variables of a generic converter (`dict`) are not solved here.
    let input = gradus_types::union(db, inputs);
    Some(crate::infer::generics::erase_type_vars(db, input))
}
