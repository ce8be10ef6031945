//! Implicit and explicit type aliases used in annotations.
//!
//! ```python
//! Pair = tuple[int, int]            # an implicit alias: a subscript at module level
//! Level: TypeAlias = int | str      # an explicit one
//! def f(p: Pair, l: Level) -> None: ...
//! ```
//!
//! In an annotation, a name whose binding is such an assignment denotes the
//! type its value denotes as a type expression. Aliases are followed through
//! `from m import Alias`. Recursive aliases fall back to `Unknown`.

use gradus_db::{Db, File};
use gradus_index::{locate, use_def_map, DefinitionId, DefinitionKind, ScopeId};
use gradus_resolve::{resolve_module, resolve_relative_import};
use gradus_syntax::ast::{self, Expr};
use gradus_types::Type;

use super::expr::ExprInferrer;
use crate::semantic::parsed;

/// How many `from m import X` hops an alias lookup follows.
const MAX_ALIAS_HOPS: usize = 8;

/// Whether `expr` (an assigned value) has the shape of a type expression
/// that is not itself a plain class reference.
fn is_type_shaped(expr: &Expr) -> bool {
    match expr {
        Expr::Subscript(_) => true,
        Expr::BinOp(b) => {
            matches!(b.op, ast::Operator::BitOr)
                && (is_type_operand(&b.left) && is_type_operand(&b.right))
        }
        _ => false,
    }
}

fn is_type_operand(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => true,
        Expr::Constant(c) => matches!(c.value, ast::Constant::None | ast::Constant::Str(_)),
        Expr::BinOp(_) => is_type_shaped(expr),
        _ => false,
    }
}

/// The type an alias definition denotes, if the definition is an alias.
#[salsa::tracked(returns(copy), cycle_result = alias_type_cycle)]
pub fn alias_type<'db>(db: &'db dyn Db, file: File, definition: DefinitionId) -> Option<Type<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    let value = match &index.definition(definition).kind {
        DefinitionKind::Assignment { value, unpack } if unpack.is_empty() => {
            let expr = locate::find_expr(&module, *value)?;
            if !is_type_shaped(expr) {
                return None;
            }
            expr
        }
        DefinitionKind::AnnotatedAssignment {
            annotation,
            value: Some(value),
        } => {
            let ann = locate::find_expr(&module, *annotation)?;
            // `TypeAlias` under any name (`from typing import TypeAlias as TA`).
            let syntactic = matches!(ann, Expr::Name(n) if n.id.as_str() == "TypeAlias")
                || matches!(ann, Expr::Attribute(a) if a.attr.as_str() == "TypeAlias");
            let is_type_alias = syntactic
                || (matches!(ann, Expr::Name(_) | Expr::Attribute(_))
                    && matches!(
                        ExprInferrer::new(db, file, false).infer_expr(ann),
                        Type::SpecialForm(gradus_types::SpecialForm::TypeAlias)
                    ));
            if !is_type_alias {
                return None;
            }
            locate::find_expr(&module, *value)?
        }
        _ => return None,
    };
    let mut inferrer = ExprInferrer::new(db, file, false);
    Some(inferrer.annotation_type(value))
}

fn alias_type_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _file: File,
    _definition: DefinitionId,
) -> Option<Type<'db>> {
    Some(Type::UNKNOWN)
}

/// The alias a name in an annotation refers to, following imports.
pub fn alias_for_name<'db>(db: &'db dyn Db, file: File, name: &ast::ExprName) -> Option<Type<'db>> {
    let index = crate::firewall::index(db, file);
    let id = name.id.as_str();
    let (scope, defs) = match index.use_at(name.range) {
        Some((scope, use_id))
            if index
                .symbol_table(scope)
                .symbol_by_name(id)
                .is_some_and(|s| s.is_local()) =>
        {
            let use_def = use_def_map(db, file, scope);
            let defs: Vec<_> = use_def.bindings_at_use(use_id).definitions().collect();
            (scope, defs)
        }
        other => {
            let from = other
                .map(|(s, _)| s)
                .unwrap_or_else(|| crate::semantic::scope_at(db, file, name.range.start()));
            let scope = index.resolve_name(from, id)?;
            (scope, end_of_scope_definitions(db, file, scope, id))
        }
    };
    alias_from_definitions(db, file, scope, &defs, 0)
}

fn end_of_scope_definitions(
    db: &dyn Db,
    file: File,
    scope: ScopeId,
    name: &str,
) -> Vec<gradus_index::ScopedDefinitionId> {
    let index = crate::firewall::index(db, file);
    let Some(symbol) = index.symbol_table(scope).symbol_id(name) else {
        return Vec::new();
    };
    use_def_map(db, file, scope)
        .end_of_scope_bindings(symbol)
        .definitions()
        .collect()
}

fn alias_from_definitions<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    defs: &[gradus_index::ScopedDefinitionId],
    hops: usize,
) -> Option<Type<'db>> {
    if hops > MAX_ALIAS_HOPS {
        return None;
    }
    let [def] = defs else { return None };
    let definition = DefinitionId { scope, id: *def };
    let index = crate::firewall::index(db, file);
    match &index.definition(definition).kind {
        DefinitionKind::ImportFrom {
            module,
            level,
            name,
            ..
        } => {
            let absolute = if *level == 0 {
                module.clone()?
            } else {
                resolve_relative_import(db, file, *level, module.as_deref())?
            };
            let target = resolve_module(db, &absolute).file()?;
            if target == file {
                return None;
            }
            let defs = end_of_scope_definitions(db, target, ScopeId::MODULE, name);
            alias_from_definitions(db, target, ScopeId::MODULE, &defs, hops + 1)
        }
        _ => alias_type(db, file, definition),
    }
}
