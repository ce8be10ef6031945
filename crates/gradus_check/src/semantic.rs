//! Name and symbol lookups that connect the binder to types: the type of a
//! definition, the public type of a module's or class's symbol, builtins.
//!
//! ```python
//! # a.py                       # b.py
//! from b import x              x: int = compute()
//! reveal_type(x)  # int        # `x` is declared: its public type is `int`
//! ```
//!
//! Every query here may be part of a cycle (imports, self-referential
//! assignments); they fall back to `Unknown` on a cycle, never panic.

use gradus_budgets::MAX_CYCLE_ROUNDS;
use gradus_db::{Db, File};
use gradus_index::{use_def_map, Bindings, DefinitionId, DefinitionKind, ScopeId, ScopeKind};
use gradus_resolve::{resolve_module, ModuleResolution};
use gradus_syntax::{TextRange, TextSize};
use gradus_types::{union, ClassType, KnownClass, ModuleType, Type, UnionBuilder};

use crate::infer::definition::infer_definition_type;

/// The type of one definition (the value it binds), cycle-safe.
///
/// A definition can depend on itself through a loop's back edge:
///
/// ```python
/// i = 0
/// while i < 10:
///     i += 1      # `i` here is `0` or this definition itself
/// ```
///
/// Such cycles iterate to a fixpoint from `Never`: `Literal[1]`, then
/// `Literal[1, 2]`, and from the second round on, each round's result is
/// joined with the previous one and its literals widened (`int`), so it
/// converges; past [`MAX_CYCLE_ROUNDS`] the type is `Unknown`.
#[salsa::tracked(
    returns(copy),
    cycle_fn = definition_type_cycle,
    cycle_initial = definition_type_initial
)]
pub fn definition_type<'db>(db: &'db dyn Db, file: File, definition: DefinitionId) -> Type<'db> {
    let _boundary = crate::firewall::query_boundary();
    let _inputs = crate::firewall::install_definition(db, file, definition);
    infer_definition_type(db, file, definition)
}

fn definition_type_initial<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _file: File,
    _definition: DefinitionId,
) -> Type<'db> {
    Type::Never
}

fn definition_type_cycle<'db>(
    db: &'db dyn Db,
    cycle: &salsa::Cycle,
    last: &Type<'db>,
    value: Type<'db>,
    _file: File,
    _definition: DefinitionId,
) -> Type<'db> {
    if value == *last {
        return value;
    }
    let round = cycle.iteration();
    if round >= MAX_CYCLE_ROUNDS {
        return Type::UNKNOWN;
    }
    if round >= 1 {
        let joined = gradus_types::join_widening_tuples(db, *last, value);
        return crate::infer::expr::widen_literal(db, joined);
    }
    value
}

/// The declared type of a definition, if it is a declaration
/// (`x: int`, a parameter annotation).
#[salsa::tracked(returns(copy), cycle_result = declared_type_cycle)]
pub fn declared_definition_type<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Option<Type<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let _inputs = crate::firewall::install_definition(db, file, definition);
    crate::infer::definition::infer_declared_type(db, file, definition)
}

fn declared_type_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _file: File,
    _definition: DefinitionId,
) -> Option<Type<'db>> {
    Some(Type::UNKNOWN)
}

/// The union of the types of `bindings` (a name's reaching definitions),
/// or `None` when nothing binds it.
pub fn bindings_type<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    bindings: &Bindings,
) -> Option<Type<'db>> {
    if bindings.is_empty() {
        return None;
    }
    let index = crate::firewall::index(db, file);
    let mut builder = UnionBuilder::new(db);
    let mut any = false;
    // Definitions in statically unreachable code do not reach anything
    // (unless nothing else does).
    let grouped = bindings.grouped();
    let reachable: Vec<_> = grouped
        .iter()
        .filter(|(definition, _)| {
            let id = DefinitionId {
                scope,
                id: *definition,
            };
            index.is_range_reachable(index.definition(id).target_range)
        })
        .collect();
    let live_bindings: Vec<_> = if reachable.is_empty() {
        grouped.iter().collect()
    } else {
        reachable
    };
    let mut calls = crate::narrow::CallCache::default();
    for (definition_id, alternatives) in live_bindings {
        let id = DefinitionId {
            scope,
            id: *definition_id,
        };
        let definition = index.definition(id);
        if matches!(
            definition.kind,
            DefinitionKind::Deletion { .. } | DefinitionKind::StarImport { .. }
        ) {
            continue;
        }
        any = true;
        let ty = definition_type(db, file, id);
        let name = index.symbol_table(scope).symbol(definition.symbol).name();
        let ty = crate::narrow::narrow_alternatives_with(
            db,
            file,
            scope,
            name,
            ty,
            alternatives,
            &mut calls,
        );
        builder.push(ty);
    }
    if let Some((symbol, predicates)) = bindings.widened() {
        // Older definitions past the binder's budget: the declared type.
        any = true;
        let name = index.symbol_table(scope).symbol(symbol).name();
        let ty = declared_symbol_type(db, file, scope, name).unwrap_or(Type::UNKNOWN);
        builder.push(crate::narrow::narrow_by_predicates(
            db, file, scope, name, ty, predicates,
        ));
    }
    any.then(|| builder.build())
}

/// The declared type of `name` in `scope`, from any annotated definition
/// of it in that scope.
pub fn declared_symbol_type<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    name: &str,
) -> Option<Type<'db>> {
    let index = crate::firewall::index(db, file);
    let table = index.symbol_table(scope);
    let symbol = table.symbol_id(name)?;
    let use_def = use_def_map(db, file, scope);
    for &def in use_def.all_definitions(symbol) {
        let id = DefinitionId { scope, id: def };
        if let DefinitionKind::AnnotatedAssignment { .. }
        | DefinitionKind::Parameter {
            annotation: Some(_),
            ..
        } = index.definition(id).kind
        {
            if let Some(ty) = declared_definition_type(db, file, id) {
                return Some(ty);
            }
        }
    }
    None
}

/// The public type of `name` in `scope` (what is visible at the end of the
/// scope: a module's export, a class attribute): the declared type if any,
/// else the union of the definitions reaching the end of the scope.
///
/// Cycles (`global counter; counter += 1` in a function reads the name's
/// public type to compute one of its values) iterate like
/// [`definition_type`]'s.
#[salsa::tracked(
    returns(copy),
    cycle_fn = symbol_type_cycle,
    cycle_initial = symbol_type_initial
)]
pub fn symbol_type<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    name: String,
) -> Option<Type<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let index = crate::firewall::index(db, file);
    let table = index.symbol_table(scope);
    let symbol = table.symbol_id(&name)?;
    let use_def = use_def_map(db, file, scope);
    // A name defined only in statically unreachable code (`if
    // sys.version_info >= (4, 0): X = 1`) does not exist.
    let all = use_def.all_definitions(symbol);
    if !all.is_empty()
        && all.iter().all(|&d| {
            !index.is_range_reachable(index.definition(DefinitionId { scope, id: d }).target_range)
        })
    {
        return None;
    }
    if let Some(declared) = declared_symbol_type(db, file, scope, &name) {
        return Some(declared);
    }
    let bindings = use_def.end_of_scope_bindings(symbol);
    let ty = bindings_type(db, file, scope, bindings);
    // `global cache; cache = {}` in a function: another possible value
    // (widened: the function may run more than once).
    let bound_in_nested = table
        .symbol(symbol)
        .flags()
        .contains(gradus_index::SymbolFlags::BOUND_IN_NESTED_SCOPE);
    let nested: Vec<DefinitionId> = if bound_in_nested {
        index
            .nested_bindings(scope)
            .filter(|b| b.symbol == symbol)
            .map(|b| b.definition)
            .collect()
    } else {
        Vec::new()
    };
    if !nested.is_empty() {
        let assigned = nested
            .iter()
            .map(|&d| crate::infer::expr::widen_literal(db, definition_type(db, file, d)));
        return Some(union(db, ty.into_iter().chain(assigned)));
    }
    if ty.is_none() {
        // Bound only on paths that do not reach the end (or through a star
        // import): fall back to every definition of the symbol.
        let all = use_def.all_definitions(symbol);
        if !all.is_empty() {
            return Some(union(
                db,
                all.iter()
                    .map(|&d| definition_type(db, file, DefinitionId { scope, id: d })),
            ));
        }
    }
    ty
}

fn symbol_type_initial<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _file: File,
    _scope: ScopeId,
    _name: String,
) -> Option<Type<'db>> {
    Some(Type::Never)
}

fn symbol_type_cycle<'db>(
    db: &'db dyn Db,
    cycle: &salsa::Cycle,
    last: &Option<Type<'db>>,
    value: Option<Type<'db>>,
    _file: File,
    _scope: ScopeId,
    _name: String,
) -> Option<Type<'db>> {
    if value == *last {
        return value;
    }
    let round = cycle.iteration();
    if round >= MAX_CYCLE_ROUNDS {
        return Some(Type::UNKNOWN);
    }
    match (value, *last) {
        (Some(v), Some(l)) if round >= 1 => {
            Some(crate::infer::expr::widen_literal(db, union(db, [l, v])))
        }
        _ => value,
    }
}

/// The type of a module-level name of `file` as seen by importers, including
/// names that come from `from m import *` and implicit submodules.
pub fn module_member_type<'db>(db: &'db dyn Db, file: File, name: &str) -> Option<Type<'db>> {
    let ty = symbol_type(db, file, ScopeId::MODULE, name.to_owned())?;
    // Seen from another module, a variable without a declaration has the
    // widened type of its value (`value = 1` may be reassigned: `int`).
    if declared_symbol_type(db, file, ScopeId::MODULE, name).is_none() && !is_stub(db, file) {
        return Some(crate::infer::expr::widen_literal(db, ty));
    }
    Some(ty).or_else(|| star_imported_type(db, file, name.to_owned()))
}

/// A name that `file` re-exports through `from m import *`: looked up in each
/// star-imported module (names starting with `_` are not exported unless
/// listed in `__all__`, which is not read yet).
#[salsa::tracked(returns(copy), cycle_result = star_imported_cycle)]
pub fn star_imported_type<'db>(db: &'db dyn Db, file: File, name: String) -> Option<Type<'db>> {
    let _boundary = crate::firewall::query_boundary();
    if name.starts_with('_') {
        return None;
    }
    let index = crate::firewall::index(db, file);
    for def in index.definitions(ScopeId::MODULE) {
        let DefinitionKind::StarImport { module, level, .. } = &def.kind else {
            continue;
        };
        let absolute = if *level == 0 {
            module.clone().unwrap_or_default()
        } else {
            match gradus_resolve::resolve_relative_import(db, file, *level, module.as_deref()) {
                Some(m) => m,
                None => continue,
            }
        };
        let Some(target) = resolve_module(db, &absolute).file() else {
            continue;
        };
        if target == file {
            continue;
        }
        if let Some(ty) = module_member_type(db, target, &name) {
            return Some(ty);
        }
    }
    None
}

fn star_imported_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _file: File,
    _name: String,
) -> Option<Type<'db>> {
    None
}

/// The file of the `builtins` module.
pub fn builtins_file(db: &dyn Db) -> Option<File> {
    resolve_module(db, "builtins").file()
}

/// A builtin name (`len`, `int`, `ValueError`).
pub fn builtins_symbol<'db>(db: &'db dyn Db, name: &str) -> Option<Type<'db>> {
    module_member_type(db, builtins_file(db)?, name)
}

/// The class of a module's symbol, e.g. `typing.Sequence`.
pub fn module_class<'db>(db: &'db dyn Db, module: &str, name: &str) -> Option<ClassType<'db>> {
    let file = resolve_module(db, module).file()?;
    match module_member_type(db, file, name)? {
        Type::ClassObject(class) => Some(class),
        _ => None,
    }
}

/// The class of a [`KnownClass`].
pub fn known_class<'db>(db: &'db dyn Db, known: KnownClass) -> Option<ClassType<'db>> {
    let (module, name) = known.module_and_name();
    module_class(db, module, name)
}

/// An instance of a known class (`Unknown` if the stubs lack it).
pub fn known_instance<'db>(db: &'db dyn Db, known: KnownClass) -> Type<'db> {
    known_class(db, known)
        .map(Type::Instance)
        .unwrap_or(Type::UNKNOWN)
}

/// An instance of a known generic class with arguments (`list[int]`).
pub fn known_generic_instance<'db>(
    db: &'db dyn Db,
    known: KnownClass,
    args: Vec<Type<'db>>,
) -> Type<'db> {
    match known_class(db, known) {
        Some(class) => Type::Instance(ClassType::new(db, class.class(db), args)),
        None => Type::UNKNOWN,
    }
}

/// The type of `import a.b.c`'s module `a.b.c` (or `Unknown` when it is not
/// found: the import itself is reported).
pub fn module_type<'db>(db: &'db dyn Db, name: &str) -> Type<'db> {
    match resolve_module(db, name) {
        ModuleResolution::Found(module) => {
            Type::Module(ModuleType::new(db, module.name.clone(), module.file))
        }
        _ => Type::UNKNOWN,
    }
}

/// The innermost scope of `file` whose node contains `offset` (lambdas and
/// comprehensions included).
pub fn scope_at(db: &dyn Db, file: File, offset: TextSize) -> ScopeId {
    let index = crate::firewall::index(db, file);
    let mut best = ScopeId::MODULE;
    let mut best_len = u32::MAX;
    for (id, scope) in index.scopes() {
        let range: TextRange = scope.node_range;
        if range.contains_inclusive(offset)
            && u32::from(range.len()) < best_len
            && scope.kind != ScopeKind::Module
        {
            best = id;
            best_len = range.len().into();
        }
    }
    best
}

/// Whether `file` is a stub.
pub fn is_stub(db: &dyn Db, file: File) -> bool {
    file.path(db).is_stub()
}

/// The parsed module (re-exported for the inference modules).
pub fn parsed(db: &dyn Db, file: File) -> gradus_db::ParsedModuleRef {
    crate::firewall::parsed(db, file)
}

/// The definitions of `def` and `class` statements keyed by the statement's
/// range: one pass per file instead of a search per lookup.
#[salsa::tracked(returns(ref))]
pub fn definitions_by_statement(
    db: &dyn Db,
    file: File,
) -> rustc_hash::FxHashMap<TextRange, DefinitionId> {
    let _boundary = crate::firewall::query_boundary();
    let index = crate::firewall::index(db, file);
    let mut map = rustc_hash::FxHashMap::default();
    for (scope, _) in index.scopes() {
        for def in index.definitions(scope) {
            let stmt = match def.kind {
                DefinitionKind::FunctionDef { stmt, .. } | DefinitionKind::ClassDef { stmt } => {
                    stmt
                }
                _ => continue,
            };
            if let Some(id) = index.definition_at(def.target_range) {
                map.insert(stmt, id);
            }
        }
    }
    map
}
