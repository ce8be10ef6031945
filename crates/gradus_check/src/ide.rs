//! What the editor needs from the engine, as plain functions over byte
//! offsets: the node under the cursor, its type, the definitions a name or an
//! attribute resolves to, the members of a type, the signatures of a callee,
//! the inferred return type of an unannotated function.
//!
//! The engine keeps no per-expression type table: inference is a walk over
//! the AST that reads the binder's use-def maps, so the type of any
//! expression of a file can be recomputed on demand (the per-definition and
//! per-symbol queries it reads are memoized). That is what these functions
//! do, without diagnostics.
//!
//! ```python
//! from pkg import helper     # resolve_at(`helper`) → `def helper` in pkg.py
//! xs = [1, 2]
//! xs.append(3)               # resolve_at(`append`) → `def append` in builtins.pyi
//!                            # (through the MRO of `list[int]`)
//! ```
//!
//! Names resolve like Python looks them up: the bindings that reach the use
//! (the use-def map), else the enclosing scopes, else builtins. Imports are
//! followed to the definition they import, so `from a import x` and `a.x`
//! reach the same site: that identity ([`SiteKey`]) is what references and
//! rename compare.

use gradus_db::{parsed_module, source_text, Db, File};
use gradus_index::locate::{self, NodeRef};
use gradus_index::{
    semantic_index, DefinitionId, DefinitionKind, ScopeId, ScopeKind, SemanticIndex,
};
use gradus_resolve::{resolve_module, resolve_relative_import};
use gradus_syntax::ast::{self, Expr, Ranged, Stmt};
use gradus_syntax::{ParsedModule, TextRange, TextSize};
use gradus_types::{ClassLiteral, KnownClass, Signature, Type};

use crate::class::{class_member, class_mro, instance_attribute_names, MemberLookup};
use crate::infer::expr::ExprInferrer;
use crate::semantic::{builtins_file, definition_type, known_class, scope_at};

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_IMPORT_HOPS;

/// What a definition site defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteKind {
    Module,
    Class,
    Function,
    Method,
    Parameter,
    Variable,
    /// An attribute assigned through `self.NAME = ...` in a method.
    InstanceAttribute,
    TypeParameter,
    /// An import that could not be followed (unresolved module or name).
    Import,
}

/// A place that defines a name: a binding of the index, a module, or an
/// instance attribute assigned in a method.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DefinitionSite {
    pub file: File,
    /// The scope the name lives in (the class body for members).
    pub scope: ScopeId,
    pub name: String,
    /// The index's definition (`None` for modules and instance attributes).
    pub definition: Option<DefinitionId>,
    pub kind: SiteKind,
    /// The whole definition (a module: empty at its start).
    pub full_range: TextRange,
    /// The defined name.
    pub focus_range: TextRange,
}

/// The identity of a symbol across files: its file, scope and name. Two
/// occurrences refer to the same symbol when their sites share a key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteKey {
    pub file: File,
    pub scope: ScopeId,
    pub name: String,
}

impl DefinitionSite {
    pub fn key(&self) -> SiteKey {
        SiteKey {
            file: self.file,
            scope: self.scope,
            name: self.name.clone(),
        }
    }
}

/// The identifier under the cursor and what it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The identifier's range.
    pub range: TextRange,
    pub name: String,
    pub role: Role,
    /// Its definitions (several when branches bind it differently). Empty
    /// when nothing is known (an attribute of an `Unknown` value).
    pub sites: Vec<DefinitionSite>,
}

/// Where the identifier stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A name read or written (`x`, `x = 1`, `del x`).
    Name,
    /// The attribute of `value.attr`.
    Attribute,
    /// The name of a `def`, `class`, parameter or type parameter.
    Declaration,
    /// A name in an import statement.
    Import,
    /// A name in a `global` / `nonlocal` statement.
    Global,
}

// ----- nodes -----

/// The nodes containing `offset`, outermost first. A node "contains" the
/// offset at its end too (the cursor just after an identifier), but a node
/// starting at `offset` is preferred over one ending there.
pub fn node_path(module: &ParsedModule, offset: TextSize) -> Vec<NodeRef<'_>> {
    let mut path = Vec::new();
    let first = module.body.partition_point(|s| s.range().end() < offset);
    let mut candidates: Vec<NodeRef<'_>> = module.body[first..]
        .iter()
        .take_while(|s| s.range().start() <= offset)
        .map(NodeRef::Stmt)
        .collect();
    let mut next = Vec::new();
    while let Some(node) = pick(&candidates, offset) {
        path.push(node);
        if path.len() > 512 {
            break;
        }
        next.clear();
        locate::children(node, &mut next);
        std::mem::swap(&mut candidates, &mut next);
    }
    path
}

fn pick<'a>(candidates: &[NodeRef<'a>], offset: TextSize) -> Option<NodeRef<'a>> {
    let strict = candidates.iter().find(|n| {
        let r = n.range();
        r.start() <= offset && offset < r.end()
    });
    strict
        .or_else(|| candidates.iter().find(|n| n.range().end() == offset))
        .copied()
}

/// The innermost expression containing `offset`.
pub fn expr_at(module: &ParsedModule, offset: TextSize) -> Option<&Expr> {
    node_path(module, offset)
        .into_iter()
        .rev()
        .find_map(|n| match n {
            NodeRef::Expr(e) => Some(e),
            _ => None,
        })
}

/// The range of the identifier touching `offset` in `text`.
pub fn identifier_at(text: &str, offset: TextSize) -> Option<TextRange> {
    let offset = usize::from(offset).min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let is_continue = |c: char| c == '_' || c.is_alphanumeric();
    let start = offset
        - text[..offset]
            .chars()
            .rev()
            .take_while(|c| is_continue(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = offset
        + text[offset..]
            .chars()
            .take_while(|c| is_continue(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let first = text[start..end].chars().next()?;
    (first == '_' || first.is_alphabetic())
        .then(|| TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32)))
}

// ----- types -----

/// The type of `expr`, an expression of `file`. An assignment target is
/// the type of what its definition binds.
pub fn expression_type<'db>(db: &'db dyn Db, file: File, expr: &Expr) -> Type<'db> {
    let index = semantic_index(db, file);
    if let Expr::Name(name) = expr {
        if let Some(def) = index.definition_at(name.range) {
            return definition_type(db, file, def);
        }
    }
    ExprInferrer::new(db, file, false).infer_expr(expr)
}

/// The type of the expression spanning exactly `range`, if there is one.
pub fn type_at_range(db: &dyn Db, file: File, range: TextRange) -> Option<Type<'_>> {
    let module = parsed_module(db, file);
    let expr = locate::find_expr(&module, range)?;
    Some(expression_type(db, file, expr))
}

/// The type of an expression written at `offset` of `file` that is not in
/// the file's AST (the receiver before a `.` while the user types: the line
/// does not parse yet). Names are looked up from the scope at `offset`.
pub fn type_of_text<'db>(
    db: &'db dyn Db,
    file: File,
    source: &str,
    offset: TextSize,
) -> Option<Type<'db>> {
    let module = parsed_module(db, file);
    let range = TextRange::at(offset, TextSize::from(source.len() as u32));
    if let Some(expr) = locate::find_expr(&module, range) {
        return Some(expression_type(db, file, expr));
    }
    let expr = gradus_syntax::parse_expression_at(source, offset).ok()?;
    Some(ExprInferrer::new(db, file, false).infer_expr(&expr))
}

/// The type of a definition (re-exported for the editor).
pub fn site_type<'db>(db: &'db dyn Db, site: &DefinitionSite) -> Option<Type<'db>> {
    match site.kind {
        SiteKind::Module => Some(crate::semantic::module_type(
            db,
            &gradus_resolve::file_to_module(db, site.file)?.name,
        )),
        SiteKind::InstanceAttribute => {
            let class = class_of_body(db, site.file, site.scope)?;
            crate::class::instance_attribute_type(db, class, site.name.clone())
        }
        _ => Some(definition_type(db, site.file, site.definition?)),
    }
}

/// The class whose body is `scope`.
fn class_of_body(db: &dyn Db, file: File, scope: ScopeId) -> Option<ClassLiteral<'_>> {
    let index = semantic_index(db, file);
    let node = index.scope(scope).node_range;
    let def = crate::semantic::definitions_by_statement(db, file).get(&node)?;
    crate::class::class_literal(db, file, *def)
}

// ----- resolution -----

/// The identifier at `offset` and what it refers to.
pub fn resolve_at(db: &dyn Db, file: File, offset: TextSize) -> Option<Resolved> {
    let text = &source_text(db, file).text;
    let range = identifier_at(text, offset)?;
    let name = text[range].to_owned();
    let module = parsed_module(db, file);
    let index = semantic_index(db, file);
    let path = node_path(&module, range.start());
    let resolved = |role, sites| {
        Some(Resolved {
            range,
            name: name.clone(),
            role,
            sites,
        })
    };
    // A `Name` target, or the name of a `def` / `class`.
    if let Some(def) = index.definition_at(range) {
        let role = match index.definition(def).kind {
            DefinitionKind::FunctionDef { .. }
            | DefinitionKind::ClassDef { .. }
            | DefinitionKind::TypeAlias { .. } => Role::Declaration,
            // `from m import x` / `import os`: what is imported.
            DefinitionKind::Import { .. } | DefinitionKind::ImportFrom { .. } => {
                return resolved(Role::Import, follow_site(db, file, def, 0));
            }
            _ => Role::Name,
        };
        return resolved(role, vec![definition_site(db, file, def)]);
    }
    match path.last() {
        Some(NodeRef::Expr(Expr::Name(n))) if n.range == range => {
            resolved(Role::Name, name_sites(db, file, n.id.as_str(), n.range))
        }
        Some(NodeRef::Expr(Expr::Attribute(a))) if a.range.end() == range.end() => {
            let value = ExprInferrer::new(db, file, false).infer_expr(&a.value);
            resolved(Role::Attribute, member_sites(db, value, a.attr.as_str()))
        }
        Some(NodeRef::Stmt(stmt)) => {
            stmt_identifier(db, file, index, stmt, range, &name).map(|(role, sites)| Resolved {
                range,
                name: name.clone(),
                role,
                sites,
            })
        }
        Some(NodeRef::Expr(Expr::Lambda(l))) => {
            let arg = all_args(&l.args).find(|a| a.range.contains_range(range))?;
            let def = index.definition_at(arg.range)?;
            resolved(Role::Declaration, vec![definition_site(db, file, def)])
        }
        Some(NodeRef::Expr(Expr::Call(call))) => {
            // `f(name=...)`: the parameter of the callee.
            let is_keyword = call.keywords.iter().any(|k| {
                k.arg.as_ref().is_some_and(|a| a.as_str() == name)
                    && k.range.start() == range.start()
            });
            if !is_keyword {
                return None;
            }
            let callee = ExprInferrer::new(db, file, false).infer_expr(&call.func);
            resolved(Role::Name, parameter_sites(db, callee, &name))
        }
        _ => None,
    }
}

fn all_args(args: &ast::Arguments) -> impl Iterator<Item = &ast::Arg> {
    args.posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
        .map(|a| &a.def)
        .chain(args.vararg.as_deref())
        .chain(args.kwarg.as_deref())
}

/// An identifier inside a statement but outside its expressions: a
/// parameter, an import name, a `global` name.
fn stmt_identifier(
    db: &dyn Db,
    file: File,
    index: &SemanticIndex,
    stmt: &Stmt,
    range: TextRange,
    name: &str,
) -> Option<(Role, Vec<DefinitionSite>)> {
    match stmt {
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
            let parts = crate::infer::function::function_parts(stmt)?;
            let arg = all_args(parts.args).find(|a| a.range.contains_range(range))?;
            let def = index.definition_at(arg.range)?;
            Some((Role::Declaration, vec![definition_site(db, file, def)]))
        }
        Stmt::ClassDef(c) => {
            // A PEP 695 type parameter.
            let param = c
                .type_params
                .iter()
                .find(|p| p.range().contains_range(range))?;
            let def = index.definition_at(param.range())?;
            Some((Role::Declaration, vec![definition_site(db, file, def)]))
        }
        Stmt::Import(i) => {
            let alias = i.names.iter().find(|a| a.range.contains_range(range))?;
            let full = alias.name.as_str();
            let local_part = alias.asname.as_ref().is_some_and(|a| {
                a.as_str() == name
                    && range.start() > alias.range.start() + TextSize::from(full.len() as u32)
            });
            if local_part {
                let def = index.definition_at(alias.range)?;
                return Some((Role::Import, vec![definition_site(db, file, def)]));
            }
            // A component of the dotted name: that prefix module.
            let rel = usize::from(range.end() - alias.range.start()).min(full.len());
            let module = full.get(..rel)?;
            Some((Role::Import, module_site(db, module).into_iter().collect()))
        }
        Stmt::ImportFrom(i) => {
            let level = i.level.map_or(0, |l| l.to_u32());
            let from = i.module.as_ref().map(|m| m.as_str());
            let absolute = if level == 0 {
                from.map(str::to_owned)
            } else {
                resolve_relative_import(db, file, level, from)
            };
            if let Some(alias) = i.names.iter().find(|a| a.range.contains_range(range)) {
                let is_local_name = alias
                    .asname
                    .as_ref()
                    .is_some_and(|a| a.as_str() == name && range.start() > alias.range.start());
                if is_local_name {
                    let def = index.definition_at(alias.range)?;
                    return Some((Role::Import, vec![definition_site(db, file, def)]));
                }
                let sites = imported_sites(db, absolute.as_deref()?, alias.name.as_str(), 0);
                return Some((Role::Import, sites));
            }
            // The module part: the prefix up to the identifier.
            let text = &source_text(db, file).text;
            let stmt_text = &text[stmt.range()];
            let module = from?;
            let module_start =
                stmt.range().start() + TextSize::from(stmt_text.find(module).unwrap_or(0) as u32);
            let rel = usize::from(range.end().checked_sub(module_start)?).min(module.len());
            let prefix = module.get(..rel)?;
            let absolute = if level == 0 {
                Some(prefix.to_owned())
            } else {
                resolve_relative_import(db, file, level, Some(prefix))
            }?;
            Some((
                Role::Import,
                module_site(db, &absolute).into_iter().collect(),
            ))
        }
        Stmt::Global(_) | Stmt::Nonlocal(_) => {
            let scope = scope_at(db, file, range.start());
            let target = if matches!(stmt, Stmt::Global(_)) {
                Some(ScopeId::MODULE)
            } else {
                index.resolve_in_enclosing(scope, name, true)
            }?;
            Some((Role::Global, scope_symbol_sites(db, file, target, name)))
        }
        _ => None,
    }
}

/// The definitions a name use (or a name in a scope at `range`) reaches.
pub fn name_sites(db: &dyn Db, file: File, name: &str, range: TextRange) -> Vec<DefinitionSite> {
    let index = semantic_index(db, file);
    let mut defs: Vec<DefinitionId> = Vec::new();
    let scope = match index.use_at(range) {
        Some((scope, use_id)) => {
            let table = index.symbol_table(scope);
            let is_local = table.symbol_by_name(name).is_some_and(|s| s.is_local());
            if is_local {
                let use_def = index.use_def_map(scope);
                defs.extend(
                    use_def
                        .bindings_at_use(use_id)
                        .definitions()
                        .map(|id| DefinitionId { scope, id }),
                );
                if defs.is_empty() {
                    if let Some(symbol) = table.symbol_id(name) {
                        defs.extend(
                            use_def
                                .all_definitions(symbol)
                                .iter()
                                .map(|&id| DefinitionId { scope, id }),
                        );
                    }
                }
            }
            scope
        }
        None => scope_at(db, file, range.start()),
    };
    if defs.is_empty() {
        return match index.resolve_name(scope, name) {
            Some(target) => {
                let sites = scope_symbol_sites(db, file, target, name);
                if sites.is_empty() {
                    builtin_sites(db, name)
                } else {
                    sites
                }
            }
            None => builtin_sites(db, name),
        };
    }
    let mut sites = Vec::new();
    for def in defs {
        if matches!(
            index.definition(def).kind,
            DefinitionKind::Deletion { .. } | DefinitionKind::StarImport { .. }
        ) {
            continue;
        }
        push_unique(&mut sites, follow_site(db, file, def, 0));
    }
    sites
}

fn push_unique(sites: &mut Vec<DefinitionSite>, new: Vec<DefinitionSite>) {
    for site in new {
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
}

/// The definitions of `name` in `scope` (its public bindings, imports
/// followed), else every definition of it there.
fn scope_symbol_sites(db: &dyn Db, file: File, scope: ScopeId, name: &str) -> Vec<DefinitionSite> {
    scope_symbol_sites_hops(db, file, scope, name, 0)
}

fn scope_symbol_sites_hops(
    db: &dyn Db,
    file: File,
    scope: ScopeId,
    name: &str,
    hops: usize,
) -> Vec<DefinitionSite> {
    let index = semantic_index(db, file);
    let table = index.symbol_table(scope);
    let Some(symbol) = table.symbol_id(name) else {
        return Vec::new();
    };
    let use_def = index.use_def_map(scope);
    let mut defs: Vec<DefinitionId> = use_def
        .end_of_scope_bindings(symbol)
        .definitions()
        .map(|id| DefinitionId { scope, id })
        .collect();
    if defs.is_empty() {
        defs = use_def
            .all_definitions(symbol)
            .iter()
            .map(|&id| DefinitionId { scope, id })
            .collect();
    }
    // `global x` in a function binds the module's `x` from there.
    defs.extend(
        index
            .nested_bindings(scope)
            .filter(|b| b.symbol == symbol)
            .map(|b| b.definition),
    );
    let mut sites = Vec::new();
    for def in defs {
        if matches!(
            index.definition(def).kind,
            DefinitionKind::Deletion { .. } | DefinitionKind::StarImport { .. }
        ) {
            continue;
        }
        push_unique(&mut sites, follow_site(db, file, def, hops));
    }
    if sites.is_empty() && scope == ScopeId::MODULE {
        // `from m import *` re-exports.
        sites = star_import_sites(db, file, name, hops);
    }
    sites
}

fn star_import_sites(db: &dyn Db, file: File, name: &str, hops: usize) -> Vec<DefinitionSite> {
    if hops >= MAX_IMPORT_HOPS || name.starts_with('_') {
        return Vec::new();
    }
    let index = semantic_index(db, file);
    for def in index.definitions(ScopeId::MODULE) {
        let DefinitionKind::StarImport { module, level, .. } = &def.kind else {
            continue;
        };
        let absolute = if *level == 0 {
            module.clone()
        } else {
            resolve_relative_import(db, file, *level, module.as_deref())
        };
        let Some(target) = absolute.and_then(|m| resolve_module(db, &m).file()) else {
            continue;
        };
        if target == file {
            continue;
        }
        let sites = scope_symbol_sites_hops(db, target, ScopeId::MODULE, name, hops + 1);
        if !sites.is_empty() {
            return sites;
        }
    }
    Vec::new()
}

/// The definitions of builtin `name`.
pub fn builtin_sites(db: &dyn Db, name: &str) -> Vec<DefinitionSite> {
    match builtins_file(db) {
        Some(builtins) => scope_symbol_sites(db, builtins, ScopeId::MODULE, name),
        None => Vec::new(),
    }
}

/// The site of a definition, following imports to what they import.
fn follow_site(db: &dyn Db, file: File, def: DefinitionId, hops: usize) -> Vec<DefinitionSite> {
    let index = semantic_index(db, file);
    let definition = index.definition(def);
    match &definition.kind {
        DefinitionKind::Import { module, alias, .. } if hops < MAX_IMPORT_HOPS => {
            let name = if *alias {
                module.as_str()
            } else {
                module.split('.').next().unwrap_or(module)
            };
            match module_site(db, name) {
                Some(site) => vec![site],
                None => vec![definition_site(db, file, def)],
            }
        }
        DefinitionKind::ImportFrom {
            module,
            level,
            name,
            ..
        } if hops < MAX_IMPORT_HOPS => {
            let absolute = if *level == 0 {
                module.clone()
            } else {
                resolve_relative_import(db, file, *level, module.as_deref())
            };
            let sites = absolute
                .map(|m| imported_sites(db, &m, name, hops + 1))
                .unwrap_or_default();
            if sites.is_empty() {
                vec![definition_site(db, file, def)]
            } else {
                sites
            }
        }
        _ => vec![definition_site(db, file, def)],
    }
}

/// What `from module import name` imports: the module's top-level
/// definitions of `name`, else the submodule `module.name`.
fn imported_sites(db: &dyn Db, module: &str, name: &str, hops: usize) -> Vec<DefinitionSite> {
    if let Some(target) = resolve_module(db, module).file() {
        let sites = scope_symbol_sites_hops(db, target, ScopeId::MODULE, name, hops);
        if !sites.is_empty() {
            return sites;
        }
    }
    module_site(db, &format!("{module}.{name}"))
        .into_iter()
        .collect()
}

/// The site of a module (its file's start).
pub fn module_site(db: &dyn Db, name: &str) -> Option<DefinitionSite> {
    let file = resolve_module(db, name).file()?;
    Some(DefinitionSite {
        file,
        scope: ScopeId::MODULE,
        name: name.to_owned(),
        definition: None,
        kind: SiteKind::Module,
        full_range: TextRange::default(),
        focus_range: TextRange::default(),
    })
}

/// The site of one definition of the index (imports not followed).
pub fn definition_site(db: &dyn Db, file: File, def: DefinitionId) -> DefinitionSite {
    let index = semantic_index(db, file);
    let definition = index.definition(def);
    let name = index
        .symbol_table(def.scope)
        .symbol(definition.symbol)
        .name()
        .to_owned();
    let in_class = index.scope(def.scope).kind == ScopeKind::Class;
    let (kind, full_range) = match &definition.kind {
        DefinitionKind::FunctionDef { stmt, .. } => (
            if in_class {
                SiteKind::Method
            } else {
                SiteKind::Function
            },
            *stmt,
        ),
        DefinitionKind::ClassDef { stmt } => (SiteKind::Class, *stmt),
        DefinitionKind::Parameter { .. } => (SiteKind::Parameter, definition.target_range),
        DefinitionKind::TypeParam { .. } => (SiteKind::TypeParameter, definition.target_range),
        DefinitionKind::Import { stmt, .. } | DefinitionKind::ImportFrom { stmt, .. } => {
            (SiteKind::Import, *stmt)
        }
        DefinitionKind::TypeAlias { stmt, .. } => (SiteKind::Variable, *stmt),
        _ => (SiteKind::Variable, definition.target_range),
    };
    let text = &source_text(db, file).text;
    let focus_range = name_in(text, definition.target_range, &name, &definition.kind);
    DefinitionSite {
        file,
        scope: def.scope,
        name,
        definition: Some(def),
        kind,
        full_range,
        focus_range,
    }
}

/// The range of `name` within a definition's target range: the parameter
/// of `x: int`, the bound name of `a as b`, the name of `except E as e`.
fn name_in(text: &str, range: TextRange, name: &str, kind: &DefinitionKind) -> TextRange {
    let Some(slice) = text.get(usize::from(range.start())..usize::from(range.end())) else {
        return range;
    };
    if slice == name {
        return range;
    }
    let words = word_occurrences(slice, name);
    let pick = match kind {
        DefinitionKind::Import { .. }
        | DefinitionKind::ImportFrom { .. }
        | DefinitionKind::ExceptHandler { .. } => words.last(),
        _ => words.first(),
    };
    match pick {
        Some(&at) => TextRange::at(
            range.start() + TextSize::from(at as u32),
            TextSize::from(name.len() as u32),
        ),
        None => range,
    }
}

/// Offsets of `name` as a whole word in `text`.
fn word_occurrences(text: &str, name: &str) -> Vec<usize> {
    let is_continue = |c: char| c == '_' || c.is_alphanumeric();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(name) {
        let at = from + i;
        let end = at + name.len();
        let before_ok = !text[..at].chars().next_back().is_some_and(is_continue);
        let after_ok = !text[end..].chars().next().is_some_and(is_continue);
        if before_ok && after_ok {
            out.push(at);
        }
        from = end;
    }
    out
}

// ----- members -----

/// The definitions of attribute `name` of a value of type `ty`: through the
/// MRO for instances and classes, the module's top level for modules.
pub fn member_sites(db: &dyn Db, ty: Type<'_>, name: &str) -> Vec<DefinitionSite> {
    let mut sites = Vec::new();
    member_sites_into(db, ty, name, &mut sites, 0);
    sites
}

fn member_sites_into(
    db: &dyn Db,
    ty: Type<'_>,
    name: &str,
    out: &mut Vec<DefinitionSite>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    let class = match ty {
        Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c) => Some(c.class(db)),
        // `cls.x` with `cls: type[Self]`: the bound class's member.
        Type::SubclassOfTypeVar(tv) => match tv.bound(db) {
            Some(Type::Instance(c)) => Some(c.class(db)),
            _ => None,
        },
        Type::Module(m) => {
            let mut sites = Vec::new();
            if let Some(file) = m.file(db) {
                sites = scope_symbol_sites(db, file, ScopeId::MODULE, name);
            }
            if sites.is_empty() {
                sites = module_site(db, &format!("{}.{}", m.name(db), name))
                    .into_iter()
                    .collect();
            }
            push_unique(out, sites);
            return;
        }
        Type::Union(u) => {
            for &e in u.elements(db) {
                member_sites_into(db, e, name, out, depth + 1);
            }
            return;
        }
        Type::TypeVar(tv) => {
            if let Some(bound) = tv.bound(db) {
                member_sites_into(db, bound, name, out, depth + 1);
            }
            return;
        }
        Type::None => known_class(db, KnownClass::NoneType).map(|c| c.class(db)),
        Type::IntLiteral(_) => known_class(db, KnownClass::Int).map(|c| c.class(db)),
        Type::BoolLiteral(_) => known_class(db, KnownClass::Bool).map(|c| c.class(db)),
        Type::StrLiteral(_) | Type::LiteralString => {
            known_class(db, KnownClass::Str).map(|c| c.class(db))
        }
        Type::BytesLiteral(_) => known_class(db, KnownClass::Bytes).map(|c| c.class(db)),
        Type::Tuple(_) => known_class(db, KnownClass::Tuple).map(|c| c.class(db)),
        _ => None,
    };
    let Some(class) = class else {
        return;
    };
    push_unique(out, class_member_sites(db, class, name));
}

/// The definitions of `name` on `class` (first class of the MRO that has
/// it), else the `self.name = ...` assignments in its methods.
pub fn class_member_sites(db: &dyn Db, class: ClassLiteral<'_>, name: &str) -> Vec<DefinitionSite> {
    if let MemberLookup::Found { owner, .. } = class_member(db, class, name) {
        let sites = scope_symbol_sites(db, owner.file(db), owner.body_scope(db), name);
        if !sites.is_empty() {
            return sites;
        }
    }
    for &c in &class_mro(db, class).classes {
        let sites = instance_attribute_sites(db, c, name);
        if !sites.is_empty() {
            return sites;
        }
    }
    Vec::new()
}

/// The `self.name = ...` targets in the methods of `class`.
fn instance_attribute_sites(
    db: &dyn Db,
    class: ClassLiteral<'_>,
    name: &str,
) -> Vec<DefinitionSite> {
    if !instance_attribute_names(db, class)
        .iter()
        .any(|n| n == name)
    {
        return Vec::new();
    }
    let Some(stmt) = crate::class::class_stmt(db, class) else {
        return Vec::new();
    };
    let mut ranges = Vec::new();
    for item in &stmt.body {
        if let Some(parts) = crate::infer::function::function_parts(item) {
            collect_self_targets(parts.body, name, &mut ranges, 0);
        }
    }
    let file = class.file(db);
    ranges
        .into_iter()
        .map(|(full, focus)| DefinitionSite {
            file,
            scope: class.body_scope(db),
            name: name.to_owned(),
            definition: None,
            kind: SiteKind::InstanceAttribute,
            full_range: full,
            focus_range: focus,
        })
        .collect()
}

fn collect_self_targets(
    body: &[Stmt],
    name: &str,
    out: &mut Vec<(TextRange, TextRange)>,
    depth: usize,
) {
    if depth > 50 {
        return;
    }
    let target = |t: &Expr, stmt: TextRange, out: &mut Vec<(TextRange, TextRange)>| {
        let mut stack = vec![t];
        while let Some(t) = stack.pop() {
            match t {
                Expr::Tuple(t) => stack.extend(t.elts.iter()),
                Expr::List(t) => stack.extend(t.elts.iter()),
                Expr::Starred(s) => stack.push(&s.value),
                Expr::Attribute(a)
                    if a.attr.as_str() == name
                        && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "self") =>
                {
                    let focus = TextRange::new(
                        a.range.end() - TextSize::from(name.len() as u32),
                        a.range.end(),
                    );
                    out.push((stmt, focus));
                }
                _ => {}
            }
        }
    };
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| target(t, a.range, out)),
            Stmt::AnnAssign(a) => target(&a.target, a.range, out),
            Stmt::For(s) => {
                target(&s.target, s.range, out);
                collect_self_targets(&s.body, name, out, depth + 1);
                collect_self_targets(&s.orelse, name, out, depth + 1);
            }
            Stmt::If(s) => {
                collect_self_targets(&s.body, name, out, depth + 1);
                collect_self_targets(&s.orelse, name, out, depth + 1);
            }
            Stmt::While(s) => {
                collect_self_targets(&s.body, name, out, depth + 1);
                collect_self_targets(&s.orelse, name, out, depth + 1);
            }
            Stmt::With(s) => collect_self_targets(&s.body, name, out, depth + 1),
            Stmt::Try(s) => {
                collect_self_targets(&s.body, name, out, depth + 1);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_self_targets(&h.body, name, out, depth + 1);
                }
                collect_self_targets(&s.orelse, name, out, depth + 1);
                collect_self_targets(&s.finalbody, name, out, depth + 1);
            }
            _ => {}
        }
    }
}

/// The parameter `name` of the callee of type `callee` (keyword arguments).
fn parameter_sites(db: &dyn Db, callee: Type<'_>, name: &str) -> Vec<DefinitionSite> {
    let function = match callee {
        Type::Function(f) => Some(f),
        Type::BoundMethod(m) => Some(m.function(db)),
        Type::ClassObject(c) => match class_member(db, c.class(db), "__init__") {
            MemberLookup::Found {
                ty: Type::Function(f),
                ..
            } => Some(f),
            _ => None,
        },
        _ => None,
    };
    let Some(function) = function else {
        return Vec::new();
    };
    let file = function.file(db);
    let index = semantic_index(db, file);
    let DefinitionKind::FunctionDef { stmt, .. } = index.definition(function.definition(db)).kind
    else {
        return Vec::new();
    };
    let Some(body) = index.scope_of_node(stmt) else {
        return Vec::new();
    };
    scope_symbol_sites(db, file, body, name)
        .into_iter()
        .filter(|s| s.kind == SiteKind::Parameter)
        .collect()
}

/// A member of a type, for completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'db> {
    pub name: String,
    pub ty: Type<'db>,
}

/// The attributes of a value of type `ty`: class members along the MRO and
/// instance attributes, or a module's top-level names and submodules are
/// not included (the editor lists those from the file system). Bounded.
pub fn members<'db>(db: &'db dyn Db, ty: Type<'db>) -> Vec<Member<'db>> {
    let mut names: Vec<String> = Vec::new();
    let add = |name: &str, names: &mut Vec<String>| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    };
    let mut classes: Vec<ClassLiteral<'db>> = Vec::new();
    for t in ty.union_elements(db) {
        match t {
            Type::Module(m) => {
                if let Some(file) = m.file(db) {
                    let index = semantic_index(db, file);
                    for (_, symbol) in index.symbol_table(ScopeId::MODULE).symbols() {
                        if symbol.is_bound() && symbol.name() != gradus_index::STAR_SYMBOL {
                            add(symbol.name(), &mut names);
                        }
                    }
                }
            }
            Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c) => {
                classes.push(c.class(db))
            }
            // `self: Self`, `cls: type[Self]`, bounded type variables: the
            // bound's members.
            Type::TypeVar(tv) | Type::SubclassOfTypeVar(tv) => {
                if let Some(Type::Instance(c)) = tv.bound(db) {
                    classes.push(c.class(db));
                }
            }
            Type::None => {
                classes.extend(known_class(db, KnownClass::NoneType).map(|c| c.class(db)))
            }
            Type::IntLiteral(_) => {
                classes.extend(known_class(db, KnownClass::Int).map(|c| c.class(db)))
            }
            Type::BoolLiteral(_) => {
                classes.extend(known_class(db, KnownClass::Bool).map(|c| c.class(db)))
            }
            Type::StrLiteral(_) | Type::LiteralString => {
                classes.extend(known_class(db, KnownClass::Str).map(|c| c.class(db)))
            }
            Type::BytesLiteral(_) => {
                classes.extend(known_class(db, KnownClass::Bytes).map(|c| c.class(db)))
            }
            Type::Tuple(_) => {
                classes.extend(known_class(db, KnownClass::Tuple).map(|c| c.class(db)))
            }
            Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_) => {
                classes.extend(known_class(db, KnownClass::Function).map(|c| c.class(db)))
            }
            _ => {}
        }
    }
    for class in classes {
        for &c in &class_mro(db, class).classes {
            let index = semantic_index(db, c.file(db));
            for (_, symbol) in index.symbol_table(c.body_scope(db)).symbols() {
                if symbol.is_bound() || symbol.is_declared() {
                    add(symbol.name(), &mut names);
                }
            }
            for name in instance_attribute_names(db, c) {
                add(name, &mut names);
            }
        }
    }
    names.truncate(2_000);
    let Some(file) = builtins_file(db) else {
        return names
            .into_iter()
            .map(|name| Member {
                name,
                ty: Type::UNKNOWN,
            })
            .collect();
    };
    let mut inferrer = ExprInferrer::new(db, file, false);
    names
        .into_iter()
        .map(|name| {
            let ty = inferrer.member(ty, &name).unwrap_or(Type::UNKNOWN);
            Member { name, ty }
        })
        .collect()
}

/// A name visible at a point of a file, for completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeName {
    pub name: String,
    pub kind: SiteKind,
    /// Where it comes from: `None` for the file's own scopes, `builtins`.
    pub builtin: bool,
}

/// The names visible at `offset`: the scope there and its enclosing
/// function scopes (class bodies only when innermost), the module, then
/// builtins. Inner names shadow outer ones.
pub fn names_in_scope(db: &dyn Db, file: File, offset: TextSize) -> Vec<ScopeName> {
    let index = semantic_index(db, file);
    let mut out: Vec<ScopeName> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut current = Some(scope_at(db, file, offset));
    let mut innermost = true;
    while let Some(scope) = current {
        let info = index.scope(scope);
        if innermost || info.kind != ScopeKind::Class {
            collect_scope_names(index, scope, false, &mut seen, &mut out);
        }
        innermost = false;
        current = info.parent;
    }
    if let Some(builtins) = builtins_file(db) {
        let bindex = semantic_index(db, builtins);
        collect_scope_names(bindex, ScopeId::MODULE, true, &mut seen, &mut out);
    }
    out
}

fn collect_scope_names(
    index: &SemanticIndex,
    scope: ScopeId,
    builtin: bool,
    seen: &mut rustc_hash::FxHashSet<String>,
    out: &mut Vec<ScopeName>,
) {
    let table = index.symbol_table(scope);
    let use_def = index.use_def_map(scope);
    for (id, symbol) in table.symbols() {
        let name = symbol.name();
        if !(symbol.is_bound() || symbol.is_declared())
            || name == gradus_index::STAR_SYMBOL
            || (builtin && name.starts_with('_'))
        {
            continue;
        }
        if !seen.insert(name.to_owned()) {
            continue;
        }
        let kind = use_def
            .all_definitions(id)
            .first()
            .map(|&d| {
                site_kind_of(
                    &index.definition(DefinitionId { scope, id: d }).kind,
                    index.scope(scope).kind == ScopeKind::Class,
                )
            })
            .unwrap_or(SiteKind::Variable);
        out.push(ScopeName {
            name: name.to_owned(),
            kind,
            builtin,
        });
    }
}

fn site_kind_of(kind: &DefinitionKind, in_class: bool) -> SiteKind {
    match kind {
        DefinitionKind::FunctionDef { .. } if in_class => SiteKind::Method,
        DefinitionKind::FunctionDef { .. } => SiteKind::Function,
        DefinitionKind::ClassDef { .. } => SiteKind::Class,
        DefinitionKind::Parameter { .. } => SiteKind::Parameter,
        DefinitionKind::TypeParam { .. } => SiteKind::TypeParameter,
        DefinitionKind::Import { .. } => SiteKind::Module,
        DefinitionKind::ImportFrom { .. } => SiteKind::Import,
        _ => SiteKind::Variable,
    }
}

// ----- calls -----

/// One signature a callee can be called with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalleeSignature<'db> {
    /// The function's name (`None` for callables known only by signature).
    pub name: Option<String>,
    pub signature: Signature<'db>,
    /// Where the function is defined (for its docstring).
    pub site: Option<DefinitionSite>,
}

/// The signatures of calling a value of type `callee`: a function's (each
/// overload), a bound method's without `self`, a class's `__init__`.
pub fn callee_signatures<'db>(db: &'db dyn Db, callee: Type<'db>) -> Vec<CalleeSignature<'db>> {
    let of_function = |f: gradus_types::FunctionLiteral<'db>, bind: bool| {
        let site = Some(definition_site(db, f.file(db), f.definition(db)));
        let sigs: Vec<Signature<'db>> = if f.overloads(db).is_empty() {
            vec![function_signature(db, f)]
        } else {
            f.overloads(db).clone()
        };
        sigs.into_iter()
            .map(|s| CalleeSignature {
                name: Some(f.name(db).clone()),
                signature: if bind { s.bind_self() } else { s },
                site: site.clone(),
            })
            .collect::<Vec<_>>()
    };
    match callee {
        Type::Function(f) => of_function(f, false),
        Type::BoundMethod(m) => of_function(
            m.function(db),
            m.function(db).method_kind(db) != gradus_types::MethodKind::Static,
        ),
        Type::Callable(c) => vec![CalleeSignature {
            name: None,
            signature: c.signature(db).clone(),
            site: None,
        }],
        Type::ClassObject(c) | Type::SubclassOf(c) => {
            let class = c.class(db);
            // `@dataclass`: the `__init__` it synthesizes from the fields.
            if let Some(init) = crate::dataclass::synthesized_init(db, c) {
                return vec![CalleeSignature {
                    name: Some(class.name(db).clone()),
                    signature: Signature {
                        return_type: Type::Instance(c),
                        ..init
                    },
                    site: Some(definition_site(db, class.file(db), class.definition(db))),
                }];
            }
            let object = known_class(db, KnownClass::Object).map(|o| o.class(db));
            for dunder in ["__init__", "__new__"] {
                if let MemberLookup::Found {
                    ty: Type::Function(f),
                    owner,
                } = class_member(db, class, dunder)
                {
                    if Some(owner) == object {
                        continue;
                    }
                    let mut sigs = of_function(f, true);
                    for s in &mut sigs {
                        s.name = Some(class.name(db).clone());
                        s.signature.return_type = Type::Instance(c);
                    }
                    return sigs;
                }
            }
            vec![CalleeSignature {
                name: Some(class.name(db).clone()),
                signature: Signature {
                    parameters: Vec::new(),
                    return_type: Type::Instance(c),
                    gradual: false,
                },
                site: None,
            }]
        }
        Type::Union(u) => u
            .elements(db)
            .iter()
            .flat_map(|&e| callee_signatures(db, e))
            .collect(),
        _ => Vec::new(),
    }
}

// ----- functions -----

/// The type an unannotated function returns, inferred from its body by
/// the engine ([`crate::infer::returns::inferred_return_type`]); `None` for
/// annotated functions and statements that are not a `def`.
pub fn inferred_return_type<'db>(
    db: &'db dyn Db,
    file: File,
    function_stmt: TextRange,
) -> Option<Type<'db>> {
    let def = *crate::semantic::definitions_by_statement(db, file).get(&function_stmt)?;
    match definition_type(db, file, def) {
        Type::Function(f) if f.infers_return(db) => {
            Some(crate::infer::returns::inferred_return_type(db, f))
        }
        _ => None,
    }
}

/// A function's signature as a call sees it: with the inferred return type
/// when the `def` has no return annotation.
pub fn function_signature<'db>(
    db: &'db dyn Db,
    function: gradus_types::FunctionLiteral<'db>,
) -> Signature<'db> {
    crate::infer::returns::call_signature(db, function)
}

/// The docstring of a definition site: a module's, class's or function's
/// first statement when it is a string literal.
pub fn docstring(db: &dyn Db, site: &DefinitionSite) -> Option<String> {
    let module = parsed_module(db, site.file);
    let body: &[Stmt] = match site.kind {
        SiteKind::Module => &module.body,
        SiteKind::Class | SiteKind::Function | SiteKind::Method => {
            match locate::find_stmt(&module, site.full_range)? {
                Stmt::ClassDef(c) => &c.body,
                Stmt::FunctionDef(f) => &f.body,
                Stmt::AsyncFunctionDef(f) => &f.body,
                _ => return None,
            }
        }
        _ => return None,
    };
    match body.first()? {
        Stmt::Expr(e) => match e.value.as_ref() {
            Expr::Constant(c) => match &c.value {
                ast::Constant::Str(s) => Some(clean_docstring(s)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// PEP 257 indentation trimming.
fn clean_docstring(raw: &str) -> String {
    let mut lines = raw.lines();
    let first = lines.next().unwrap_or("").trim().to_owned();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = vec![first];
    out.extend(rest.iter().map(|l| {
        l.get(indent..)
            .unwrap_or(l.trim_start())
            .trim_end()
            .to_owned()
    }));
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

/// The scope whose node is the class or function statement `stmt`.
pub fn scope_of_statement(db: &dyn Db, file: File, stmt: TextRange) -> Option<ScopeId> {
    semantic_index(db, file).scope_of_node(stmt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_db::testing::TestDb;

    fn db_with(files: &[(&str, &str)]) -> (TestDb, Vec<File>) {
        let mut db = TestDb::new(gradus_stubs::vendored_file_system().clone());
        for (path, text) in files {
            db.write_file(path, text);
        }
        let handles = files
            .iter()
            .map(|(path, _)| {
                gradus_db::system_path_to_file(&db, std::path::Path::new(path)).unwrap()
            })
            .collect();
        (db, handles)
    }

    fn at(src: &str, needle: &str) -> TextSize {
        TextSize::from(src.find(needle).unwrap() as u32)
    }

    #[test]
    fn names_resolve_through_imports_and_scopes() {
        let a = "def helper(x: int) -> int:\n    return x\n";
        let b = "from a import helper\n\ndef run():\n    y = helper(1)\n    return y\n";
        let (db, files) = db_with(&[("/project/a.py", a), ("/project/b.py", b)]);
        let r = resolve_at(&db, files[1], at(b, "helper(1)")).unwrap();
        assert_eq!(r.role, Role::Name);
        assert_eq!(r.sites.len(), 1);
        assert_eq!(r.sites[0].file, files[0]);
        assert_eq!(r.sites[0].kind, SiteKind::Function);
        assert_eq!(&a[r.sites[0].focus_range], "helper");
        // The import name itself resolves to the same place.
        let r2 = resolve_at(&db, files[1], at(b, "helper\n")).unwrap();
        assert_eq!(r2.sites[0].key(), r.sites[0].key());
        // A local use reaches its assignment.
        let r = resolve_at(&db, files[1], at(b, "y\n")).unwrap();
        assert_eq!(&b[r.sites[0].focus_range], "y");
        assert_eq!(r.sites[0].focus_range.start(), at(b, "y = "));
    }

    #[test]
    fn attributes_resolve_through_the_mro() {
        let src = "class A:\n    def m(self) -> int:\n        return 1\n\nclass B(A):\n    def __init__(self):\n        self.v = 1\n\nb = B()\nb.m()\nb.v\n";
        let (db, files) = db_with(&[("/project/a.py", src)]);
        let r = resolve_at(&db, files[0], at(src, "m()")).unwrap();
        assert_eq!(r.role, Role::Attribute);
        assert_eq!(r.sites[0].kind, SiteKind::Method);
        assert_eq!(r.sites[0].focus_range.start(), at(src, "m(self)"));
        let r = resolve_at(&db, files[0], at(src, "v\n")).unwrap();
        assert_eq!(r.sites[0].kind, SiteKind::InstanceAttribute);
        assert_eq!(r.sites[0].focus_range.start(), at(src, "v = 1"));
    }

    #[test]
    fn builtins_and_members() {
        let src = "xs = [1]\nxs.append(2)\nlen(xs)\n";
        let (db, files) = db_with(&[("/project/a.py", src)]);
        let r = resolve_at(&db, files[0], at(src, "len")).unwrap();
        assert!(r.sites[0].file.path(&db).is_stub());
        let ty =
            type_at_range(&db, files[0], TextRange::at(at(src, "xs.append"), 2.into())).unwrap();
        assert_eq!(ty.display(&db).to_string(), "list[int]");
        let names: Vec<String> = members(&db, ty).into_iter().map(|m| m.name).collect();
        assert!(names.contains(&"append".to_owned()), "{names:?}");
    }

    #[test]
    fn inferred_returns() {
        let src =
            "def f(x: int):\n    if x:\n        return 1\n    return 'a'\n\ndef g():\n    pass\n";
        let (db, files) = db_with(&[("/project/a.py", src)]);
        let module = parsed_module(&db, files[0]);
        let ranges: Vec<TextRange> = module.body.iter().map(|s| s.range()).collect();
        let f = inferred_return_type(&db, files[0], ranges[0]).unwrap();
        assert_eq!(f.display(&db).to_string(), "Literal[1, 'a']");
        let g = inferred_return_type(&db, files[0], ranges[1]).unwrap();
        assert_eq!(g.display(&db).to_string(), "None");
    }
}
