//! The [`SemanticIndex`] of a file and its lookups.

use std::sync::Arc;

use gradus_syntax::TextRange;
use rustc_hash::FxHashMap;

use crate::definition::{Definition, DefinitionId};
use crate::predicate::{Predicate, PredicateKind, ScopedPredicateId};
use crate::scope::{Scope, ScopeId, ScopeKind};
use crate::symbol::{ScopedSymbolId, SymbolTable};
use crate::use_def::{ScopedUseId, UseDefMap};

/// The per-scope parts of the index.
#[derive(Debug)]
pub(crate) struct ScopeIndex {
    pub symbols: Arc<SymbolTable>,
    pub use_def: Arc<UseDefMap>,
    pub definitions: Vec<Definition>,
    pub predicates: Vec<Predicate>,
    pub children: Vec<ScopeId>,
}

/// A binding of a name of `scope` made in a nested scope through `global`
/// or `nonlocal` (the definition lives in the nested scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NestedBinding {
    /// The scope whose name is bound (the module, or an enclosing function).
    pub scope: ScopeId,
    pub symbol: ScopedSymbolId,
    pub definition: DefinitionId,
}

/// Everything the binder knows about a file: scopes, symbols, definitions,
/// use-def maps, predicates and unreachable ranges. No types.
///
/// Read it through [`semantic_index`](crate::semantic_index) for lookups by
/// range, and through the per-scope firewall queries
/// [`use_def_map`](crate::use_def_map) and [`symbol_table`](crate::symbol_table)
/// for data that should not invalidate a query when another scope changes.
#[derive(Debug)]
pub struct SemanticIndex {
    pub(crate) scopes: Vec<Scope>,
    pub(crate) per_scope: Vec<ScopeIndex>,
    pub(crate) scopes_by_node: FxHashMap<TextRange, ScopeId>,
    pub(crate) definitions_by_range: FxHashMap<TextRange, DefinitionId>,
    pub(crate) uses_by_range: FxHashMap<TextRange, (ScopeId, ScopedUseId)>,
    pub(crate) nested_bindings: Vec<NestedBinding>,
    /// Sorted by start; may nest.
    pub(crate) unreachable: Vec<TextRange>,
    pub(crate) truncated: bool,
    pub(crate) future_annotations: bool,
}

impl SemanticIndex {
    /// A scope by id.
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.index()]
    }

    /// All scopes with their ids (the module first).
    pub fn scopes(&self) -> impl Iterator<Item = (ScopeId, &Scope)> {
        self.scopes
            .iter()
            .enumerate()
            .map(|(i, s)| (ScopeId::from_index(i), s))
    }

    /// The number of scopes.
    pub fn scope_count(&self) -> usize {
        self.scopes.len()
    }

    /// The direct child scopes of `scope`, in walk order.
    pub fn child_scopes(&self, scope: ScopeId) -> &[ScopeId] {
        &self.per_scope[scope.index()].children
    }

    /// The body scope opened by a node: the function, class, lambda or
    /// comprehension whose node has exactly this range. (A generic
    /// definition's type-parameter scope is that scope's parent.)
    pub fn scope_of_node(&self, node_range: TextRange) -> Option<ScopeId> {
        self.scopes_by_node.get(&node_range).copied()
    }

    /// The symbol table of a scope (prefer the [`symbol_table`](crate::symbol_table)
    /// query in the type engine: it backdates).
    pub fn symbol_table(&self, scope: ScopeId) -> &Arc<SymbolTable> {
        &self.per_scope[scope.index()].symbols
    }

    /// The use-def map of a scope (prefer the [`use_def_map`](crate::use_def_map)
    /// query in the type engine: it backdates).
    pub fn use_def_map(&self, scope: ScopeId) -> &Arc<UseDefMap> {
        &self.per_scope[scope.index()].use_def
    }

    /// The definitions of a scope, indexed by [`ScopedDefinitionId`](crate::ScopedDefinitionId).
    pub fn definitions(&self, scope: ScopeId) -> &[Definition] {
        &self.per_scope[scope.index()].definitions
    }

    /// A definition by id.
    pub fn definition(&self, id: DefinitionId) -> &Definition {
        &self.per_scope[id.scope.index()].definitions[id.id.index()]
    }

    /// The definition whose target has exactly this range (a `Name` target,
    /// an import alias, a parameter, a `def`/`class` name, ...).
    pub fn definition_at(&self, target_range: TextRange) -> Option<DefinitionId> {
        self.definitions_by_range.get(&target_range).copied()
    }

    /// The use recorded for a `Name` expression (load), an augmented
    /// assignment target or a deleted name, by its range.
    pub fn use_at(&self, name_range: TextRange) -> Option<(ScopeId, ScopedUseId)> {
        self.uses_by_range.get(&name_range).copied()
    }

    /// A predicate of a scope.
    pub fn predicate(&self, scope: ScopeId, id: ScopedPredicateId) -> &Predicate {
        &self.per_scope[scope.index()].predicates[id.index()]
    }

    /// The id of `scope`'s true-edge predicate of `kind` at `expr_range`
    /// (the first such), e.g. the `ExitSuppresses` predicate of a `with`
    /// item.
    pub fn find_predicate(
        &self,
        scope: ScopeId,
        expr_range: TextRange,
        kind: PredicateKind,
    ) -> Option<ScopedPredicateId> {
        self.per_scope[scope.index()]
            .predicates
            .iter()
            .position(|p| p.positive && p.expr_range == expr_range && p.kind == kind)
            .map(|i| ScopedPredicateId(i as u32))
    }

    /// Definitions of `scope`'s names made in nested scopes through
    /// `global`/`nonlocal` (they belong to the name's value in `scope`
    /// but are not in its use-def map: the nested code runs at unknown
    /// times, so treat them as extra possible public bindings).
    pub fn nested_bindings(&self, scope: ScopeId) -> impl Iterator<Item = &NestedBinding> {
        self.nested_bindings
            .iter()
            .filter(move |b| b.scope == scope)
    }

    /// Whether `range` is statically reachable: not inside code after
    /// `return`/`raise`/`break`/`continue` or a branch that the target
    /// version/platform or `TYPE_CHECKING` excludes.
    pub fn is_range_reachable(&self, range: TextRange) -> bool {
        // Ranges are sorted by start; any containing range starts at or
        // before `range.start()`.
        let end = self
            .unreachable
            .partition_point(|r| r.start() <= range.start());
        !self.unreachable[..end]
            .iter()
            .any(|r| r.contains_range(range))
    }

    /// The unreachable ranges (statements), sorted by start.
    pub fn unreachable_ranges(&self) -> &[TextRange] {
        &self.unreachable
    }

    /// Whether some expression was nested too deeply to be indexed fully
    /// (deeper parts record no uses or definitions).
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Whether the module has `from __future__ import annotations`.
    pub fn has_future_annotations(&self) -> bool {
        self.future_annotations
    }

    /// The scope where `name`, used in `scope`, is looked up: `scope`
    /// itself if the name is local there, the module for `global` names,
    /// the binding enclosing function for `nonlocal` names, and otherwise
    /// the nearest enclosing scope that binds it, skipping class scopes
    /// (a class body's names are invisible to the functions inside it).
    /// `None` means builtins.
    pub fn resolve_name(&self, scope: ScopeId, name: &str) -> Option<ScopeId> {
        let table = self.symbol_table(scope);
        if let Some(symbol) = table.symbol_by_name(name) {
            if symbol.is_global() {
                return self.binds(ScopeId::MODULE, name).then_some(ScopeId::MODULE);
            }
            if symbol.is_nonlocal() {
                return self.resolve_in_enclosing(scope, name, true);
            }
            if symbol.resolves_here() {
                return Some(scope);
            }
        }
        self.resolve_in_enclosing(scope, name, false)
    }

    /// Like [`resolve_name`](Self::resolve_name) but starting from the
    /// scopes enclosing `scope`: where a class-body name that may be unbound
    /// at its use falls back to.
    pub fn resolve_in_enclosing(
        &self,
        scope: ScopeId,
        name: &str,
        functions_only: bool,
    ) -> Option<ScopeId> {
        let mut current = self.scope(scope).parent;
        // PEP 695 annotation scopes (type parameters, with the bases of a
        // generic class or the annotations of a generic function) see the
        // names of the class they are directly in.
        let mut annotation_scopes_only = self.scope(scope).kind == ScopeKind::TypeParams;
        while let Some(id) = current {
            let s = self.scope(id);
            let skip = match s.kind {
                ScopeKind::Class => functions_only || !annotation_scopes_only,
                ScopeKind::Module => functions_only,
                ScopeKind::Comprehension(_) | ScopeKind::TypeParams => functions_only,
                ScopeKind::Function { .. } | ScopeKind::Lambda => false,
            };
            if !skip {
                if let Some(symbol) = self.symbol_table(id).symbol_by_name(name) {
                    if symbol.is_global() {
                        return self.binds(ScopeId::MODULE, name).then_some(ScopeId::MODULE);
                    }
                    if symbol.resolves_here() {
                        return Some(id);
                    }
                }
            }
            annotation_scopes_only &= s.kind == ScopeKind::TypeParams;
            current = s.parent;
        }
        None
    }

    fn binds(&self, scope: ScopeId, name: &str) -> bool {
        self.symbol_table(scope)
            .symbol_by_name(name)
            .is_some_and(|s| s.resolves_here())
    }
}
