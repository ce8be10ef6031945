//! Builds a [`SemanticIndex`] in one walk of a module's AST.
//!
//! The walk visits a scope's body in order, keeping a [`FlowState`] per
//! scope: which definitions are live for each symbol. Branches snapshot and
//! merge it; loops use header placeholders (see [`flow`]). Function, class
//! and lambda bodies are queued and walked after the enclosing body, each
//! with a fresh flow state; comprehensions and PEP 695 type-parameter scopes
//! are walked in place (their contents are evaluated there).
//!
//! Recursion is bounded: statements nest at most ~100 deep (the parser's
//! block limit), and expressions are not descended past [`MAX_DEPTH`]
//! levels; deeper sub-expressions record nothing (no uses, no definitions).

mod expr;
pub(crate) mod flow;
mod stmt;

use std::collections::VecDeque;
use std::sync::Arc;

use gradus_db::{PythonPlatform, PythonVersion};
use gradus_syntax::ast::{self, Ranged, Stmt};
use gradus_syntax::{ParsedModule, TextRange, TextSize};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::definition::{Definition, DefinitionId, DefinitionKind, ScopedDefinitionId};
use crate::index::{NestedBinding, ScopeIndex, SemanticIndex};
use crate::predicate::{Predicate, PredicateKind, ScopedPredicateId};
use crate::scope::{Scope, ScopeId, ScopeKind};
use crate::symbol::{ScopedSymbolId, SymbolFlags, SymbolTable};
use crate::use_def::{Bindings, LiveBinding, ScopedUseId, UseDefMap};
use flow::{FlowState, Live, LoopId, Loops, SymState, Target};

// Budget: see `gradus_budgets`.
pub use gradus_budgets::MAX_PLACES_PER_SCOPE;

/// How deep nested expressions and statements are descended.
pub const MAX_DEPTH: u32 = 500;

/// A body walked after its enclosing scope.
enum Deferred<'a> {
    Function {
        scope: ScopeId,
        function: TextRange,
        args: &'a ast::Arguments,
        body: &'a [Stmt],
        /// The enclosing function's flow where the `def` runs (see
        /// [`IndexBuilder::capture_snapshot`]).
        snapshot: Option<Box<FlowState>>,
    },
    Class {
        scope: ScopeId,
        body: &'a [Stmt],
    },
    Lambda {
        scope: ScopeId,
        lambda: &'a ast::ExprLambda,
        snapshot: Option<Box<FlowState>>,
    },
}

/// A loop being walked: where `break` and `continue` go.
struct LoopCtx {
    id: LoopId,
    breaks: Vec<FlowState>,
    continues: Vec<FlowState>,
}

/// The per-scope state while its body is walked.
pub(crate) struct ScopeBuilder {
    id: ScopeId,
    kind: ScopeKind,
    symbols: SymbolTable,
    definitions: Vec<Definition>,
    predicates: Vec<Predicate>,
    flow: FlowState,
    loops: Loops,
    loop_stack: Vec<LoopCtx>,
    /// Per active `try` body: every state its handlers can start from.
    try_stack: Vec<FlowState>,
    /// Per active `finally` body: the symbols it (re)binds.
    touched_stack: Vec<FxHashSet<ScopedSymbolId>>,
    /// Uses: symbol, raw state, reachable.
    uses: Vec<(ScopedSymbolId, SymState, bool)>,
    star_symbol: Option<ScopedSymbolId>,
    /// (Comprehensions) the target scope's state before a walrus in this
    /// comprehension bound into it: merged back when the comprehension ends
    /// (it may run zero times).
    walrus_snapshot: Option<FlowState>,
    /// Place symbols (`self.x`) by the name they start with, for resetting
    /// them when a prefix is rebound.
    place_roots: FxHashMap<Box<str>, Vec<ScopedSymbolId>>,
    /// Each place's start definition (see [`DefinitionKind::PlaceStart`]).
    place_start: FxHashMap<ScopedSymbolId, ScopedDefinitionId>,
    n_places: usize,
    /// Uses of names the enclosing function binds, with that function's
    /// bindings where this scope was defined (see `capture_snapshot`).
    captured: Vec<(ScopedUseId, Bindings)>,
    /// (Comprehensions) the conditions walked so far, with the names each
    /// can narrow (see `add_use_in_enclosing`).
    /// (Also the operands of an `and`/`or` condition being walked, true
    /// or false, for the operands after them.)
    comprehension_tests: Vec<(TextRange, bool, Vec<String>)>,
    /// Predicates made in this scope for conditions of comprehensions
    /// inside it, by the condition's range and sense.
    comprehension_predicates: FxHashMap<(TextRange, bool), ScopedPredicateId>,
}

impl ScopeBuilder {
    fn new(id: ScopeId, kind: ScopeKind) -> Self {
        ScopeBuilder {
            id,
            kind,
            symbols: SymbolTable::default(),
            definitions: Vec::new(),
            predicates: Vec::new(),
            flow: FlowState::new(),
            loops: Loops::default(),
            loop_stack: Vec::new(),
            try_stack: Vec::new(),
            touched_stack: Vec::new(),
            uses: Vec::new(),
            star_symbol: None,
            walrus_snapshot: None,
            place_roots: FxHashMap::default(),
            place_start: FxHashMap::default(),
            n_places: 0,
            captured: Vec::new(),
            comprehension_tests: Vec::new(),
            comprehension_predicates: FxHashMap::default(),
        }
    }

    /// Whether the place `key` is tracked or can still be (each scope
    /// tracks at most [`MAX_PLACES_PER_SCOPE`] places; an untracked place
    /// is simply not narrowed).
    fn can_track_place(&self, key: &str) -> bool {
        self.n_places < MAX_PLACES_PER_SCOPE || self.symbols.symbol_id(key).is_some()
    }

    /// The symbol of the place `key`, created (flagged `PLACE`) if new.
    /// Callers check [`Self::can_track_place`] first.
    fn place_symbol(&mut self, key: &str) -> ScopedSymbolId {
        let (symbol, new) = self.symbols.add(key);
        if new {
            self.n_places += 1;
            self.symbols.add_flags(symbol, SymbolFlags::PLACE);
            self.place_roots
                .entry(crate::place::place_root(key).into())
                .or_default()
                .push(symbol);
        }
        symbol
    }

    /// The start definition of a place symbol, or of a name tested while
    /// possibly unbound in a function (created once per scope).
    fn place_start_definition(&mut self, symbol: ScopedSymbolId) -> ScopedDefinitionId {
        if let Some(&d) = self.place_start.get(&symbol) {
            return d;
        }
        let d = ScopedDefinitionId(self.definitions.len() as u32);
        self.definitions.push(Definition {
            symbol,
            target_range: TextRange::default(),
            kind: DefinitionKind::PlaceStart {
                place: TextRange::default(),
            },
        });
        self.place_start.insert(symbol, d);
        d
    }

    /// Resets a place to its start value. (Not to "unbound": a loop header
    /// placeholder resolving to it must be able to carry predicates.)
    fn reset_place(&mut self, place: ScopedSymbolId) {
        let start = self.place_start_definition(place);
        *self.flow.symbol_mut(place.index(), &self.loops) = SymState::bound(start);
        self.state_changed(place);
    }

    fn is_place(&self, symbol: ScopedSymbolId) -> bool {
        self.symbols.symbol(symbol).is_place()
    }

    /// Resets the places below `key` (a name or a place; `key` itself is
    /// kept) to their unnarrowed value; with `subscripts_only`, only the
    /// subscripts of `key` (`d[i] = v` with an unknown `i`).
    fn reset_places_below(&mut self, key: &str, subscripts_only: bool) {
        let root = crate::place::place_root(key);
        let Some(places) = self.place_roots.get(root) else {
            return;
        };
        let hit: Vec<ScopedSymbolId> = places
            .iter()
            .copied()
            .filter(|&p| {
                let name = self.symbols.symbol(p).name();
                if subscripts_only {
                    crate::place::is_subscript_of(name, key)
                } else {
                    name != key && crate::place::is_within(name, key)
                }
            })
            .collect();
        for p in hit {
            self.reset_place(p);
        }
    }

    fn n_symbols(&self) -> usize {
        self.symbols.len()
    }

    /// Records that `symbol`'s state changed (for handlers and `finally`).
    fn state_changed(&mut self, symbol: ScopedSymbolId) {
        if self.try_stack.is_empty() && self.touched_stack.is_empty() {
            return;
        }
        let state = self.flow.symbol(symbol.index(), &self.loops);
        if self.flow.reachable {
            for accum in &mut self.try_stack {
                accum.merge_symbol(symbol.index(), &state, &self.loops);
            }
        }
        for touched in &mut self.touched_stack {
            touched.insert(symbol);
        }
    }

    /// How `symbol`'s start definition (if any) is resolved: for a place
    /// it stands for the unnarrowed value; for a name, see
    /// [`resolve_symbol`].
    fn start_of(&self, symbol: ScopedSymbolId) -> (Option<ScopedDefinitionId>, Option<bool>) {
        let start = self.place_start.get(&symbol).copied();
        let sym = self.symbols.symbol(symbol);
        let local_name = (!sym.is_place()).then(|| sym.is_local());
        (start, local_name)
    }

    /// Resolves uses and the end-of-scope state into a [`UseDefMap`].
    fn finish(mut self) -> (ScopeIndexParts, SymbolTable, Loops) {
        let n = self.n_symbols();
        self.flow.extend_to(n, &self.loops);
        let mut interner = BindingsInterner::default();
        let mut at_use = Vec::with_capacity(self.uses.len());
        let mut use_reachable = Vec::with_capacity(self.uses.len());
        for (symbol, state, reachable) in &self.uses {
            let (start, local_name) = self.start_of(*symbol);
            at_use.push(interner.intern(&self.loops, state, symbol.index(), start, local_name));
            use_reachable.push(*reachable);
        }
        let end_of_scope = (0..n)
            .map(|i| {
                let (start, local_name) = self.start_of(ScopedSymbolId(i as u32));
                interner.intern(&self.loops, &self.flow.symbols[i], i, start, local_name)
            })
            .collect();
        let mut by_symbol: Vec<Vec<ScopedDefinitionId>> = vec![Vec::new(); n];
        for (i, def) in self.definitions.iter().enumerate() {
            // A name's start definition is no definition of it.
            if matches!(def.kind, DefinitionKind::PlaceStart { .. }) && !self.is_place(def.symbol) {
                continue;
            }
            by_symbol[def.symbol.index()].push(ScopedDefinitionId(i as u32));
        }
        let use_def = UseDefMap {
            bindings: interner.bindings,
            at_use,
            use_reachable,
            end_of_scope,
            end_reachable: self.flow.reachable,
            end_conditions: self
                .flow
                .pending
                .iter()
                .map(|alt| alt.clone().into_boxed_slice())
                .collect(),
            by_symbol: by_symbol.into_iter().map(Vec::into_boxed_slice).collect(),
            captured: std::mem::take(&mut self.captured),
        };
        (
            ScopeIndexParts {
                use_def,
                definitions: self.definitions,
                predicates: self.predicates,
            },
            self.symbols,
            self.loops,
        )
    }
}

struct ScopeIndexParts {
    use_def: UseDefMap,
    definitions: Vec<Definition>,
    predicates: Vec<Predicate>,
}

/// The [`Bindings`] of `symbol` for a resolved live set (no loop
/// placeholders left; widened entries are merged into one).
fn bindings_of(
    live: Vec<Live>,
    may_be_unbound: bool,
    unbound_preds: Vec<Vec<ScopedPredicateId>>,
    symbol: usize,
) -> Bindings {
    let mut widened: Option<Vec<ScopedPredicateId>> = None;
    let mut out = Vec::with_capacity(live.len());
    for l in live {
        match l.target {
            Target::Def(definition) => out.push(LiveBinding {
                definition,
                predicates: l.preds.into_boxed_slice(),
            }),
            Target::Widened => match &mut widened {
                // Several alternatives: what they share.
                Some(common) => common.retain(|p| l.preds.contains(p)),
                None => widened = Some(l.preds),
            },
            Target::Header(_) => {}
        }
    }
    let unbound_predicates: Box<[Box<[ScopedPredicateId]>]> = if may_be_unbound {
        unbound_preds
            .into_iter()
            .map(Vec::into_boxed_slice)
            .collect()
    } else {
        Box::new([])
    };
    Bindings {
        live: out.into_boxed_slice(),
        may_be_unbound,
        unbound_predicates,
        widened: widened.map(|p| (ScopedSymbolId(symbol as u32), p.into_boxed_slice())),
    }
}

/// Resolves a symbol's state (see [`Loops::resolve`]). A *name* with a
/// start definition (one tested while possibly unbound in a function, see
/// [`IndexBuilder::apply_predicate`]): if it is local after all, the start
/// entries mean "unbound" again; if it is free (or `global`/`nonlocal`),
/// an unbound path means the start value (the enclosing scope's value, not
/// narrowed here), so the start definition stands for every path that did
/// not rebind the name in this scope.
fn resolve_symbol(
    loops: &Loops,
    state: &SymState,
    symbol: usize,
    start: Option<ScopedDefinitionId>,
    local_name: Option<bool>,
) -> (Vec<Live>, bool, Vec<Vec<ScopedPredicateId>>) {
    let (mut live, mut unbound, mut unbound_preds) = loops.resolve(state, symbol, start);
    let (Some(start), Some(is_local)) = (start, local_name) else {
        return (live, unbound, unbound_preds);
    };
    if is_local {
        let mut i = 0;
        while i < live.len() {
            if live[i].target == Target::Def(start) {
                let removed = live.remove(i);
                if unbound {
                    flow::or_conditions(&mut unbound_preds, &[removed.preds]);
                } else {
                    unbound_preds = if removed.preds.is_empty() {
                        Vec::new()
                    } else {
                        vec![removed.preds]
                    };
                    unbound = true;
                }
            } else {
                i += 1;
            }
        }
    } else if unbound {
        if unbound_preds.is_empty() {
            flow::add_live(&mut live, Target::Def(start), &[]);
        }
        for alt in &unbound_preds {
            flow::add_live(&mut live, Target::Def(start), alt);
        }
        unbound = false;
        unbound_preds.clear();
    }
    (live, unbound, unbound_preds)
}

/// Deduplicates [`Bindings`]; index 0 is "unbound".
struct BindingsInterner {
    bindings: Vec<Bindings>,
    map: FxHashMap<Bindings, u32>,
}

impl Default for BindingsInterner {
    fn default() -> Self {
        let unbound = Bindings {
            live: Box::new([]),
            may_be_unbound: true,
            unbound_predicates: Box::new([]),
            widened: None,
        };
        let mut map = FxHashMap::default();
        map.insert(unbound.clone(), 0);
        BindingsInterner {
            bindings: vec![unbound],
            map,
        }
    }
}

impl BindingsInterner {
    fn intern(
        &mut self,
        loops: &Loops,
        state: &SymState,
        symbol: usize,
        start: Option<ScopedDefinitionId>,
        local_name: Option<bool>,
    ) -> u32 {
        let (live, may_be_unbound, unbound_preds) =
            resolve_symbol(loops, state, symbol, start, local_name);
        let bindings = bindings_of(live, may_be_unbound, unbound_preds, symbol);
        if let Some(&i) = self.map.get(&bindings) {
            return i;
        }
        let i = self.bindings.len() as u32;
        self.bindings.push(bindings.clone());
        self.map.insert(bindings, i);
        i
    }
}

/// The whole-file builder.
pub(crate) struct IndexBuilder<'a> {
    text: &'a str,
    module: &'a ParsedModule,
    version: PythonVersion,
    platform: PythonPlatform,
    scopes: Vec<Scope>,
    children: Vec<Vec<ScopeId>>,
    finished: Vec<Option<(ScopeIndexParts, SymbolTable)>>,
    /// The loops of finished function scopes (to resolve the snapshots
    /// nested scopes take of them).
    finished_loops: FxHashMap<ScopeId, Loops>,
    /// The scopes being walked; the current one is last.
    stack: Vec<ScopeBuilder>,
    deferred: VecDeque<Deferred<'a>>,
    unreachable: Vec<TextRange>,
    in_unreachable: bool,
    depth: u32,
    truncated: bool,
    scopes_by_node: FxHashMap<TextRange, ScopeId>,
    definitions_by_range: FxHashMap<TextRange, DefinitionId>,
    uses_by_range: FxHashMap<TextRange, (ScopeId, ScopedUseId)>,
    nested: Vec<(ScopeId, String, DefinitionId, bool)>,
    future_annotations: bool,
}

impl<'a> IndexBuilder<'a> {
    pub(crate) fn new(
        text: &'a str,
        module: &'a ParsedModule,
        version: PythonVersion,
        platform: PythonPlatform,
    ) -> Self {
        IndexBuilder {
            text,
            module,
            version,
            platform,
            scopes: Vec::new(),
            children: Vec::new(),
            finished: Vec::new(),
            finished_loops: FxHashMap::default(),
            stack: Vec::new(),
            deferred: VecDeque::new(),
            unreachable: Vec::new(),
            in_unreachable: false,
            depth: 0,
            truncated: false,
            scopes_by_node: FxHashMap::default(),
            definitions_by_range: FxHashMap::default(),
            uses_by_range: FxHashMap::default(),
            nested: Vec::new(),
            future_annotations: false,
        }
    }

    pub(crate) fn build(mut self) -> SemanticIndex {
        let len = TextSize::try_from(self.text.len()).unwrap_or(TextSize::from(u32::MAX));
        let module = self.new_scope(
            None,
            ScopeKind::Module,
            TextRange::new(0.into(), len),
            "<module>".into(),
        );
        self.stack
            .push(ScopeBuilder::new(module, ScopeKind::Module));
        let body: &'a [Stmt] = &self.module.body;
        self.visit_body(body);
        self.finish_top();
        while let Some(deferred) = self.deferred.pop_front() {
            self.walk_deferred(deferred);
        }
        self.assemble()
    }

    fn walk_deferred(&mut self, deferred: Deferred<'a>) {
        match deferred {
            Deferred::Function {
                scope,
                function,
                args,
                body,
                snapshot,
            } => {
                let kind = self.scopes[scope.index()].kind;
                self.stack.push(ScopeBuilder::new(scope, kind));
                self.bind_parameters(function, args);
                self.visit_body(body);
                if let Some(snapshot) = snapshot {
                    self.capture(&snapshot, function);
                }
                self.finish_top();
            }
            Deferred::Class { scope, body } => {
                self.stack.push(ScopeBuilder::new(scope, ScopeKind::Class));
                self.visit_body(body);
                self.finish_top();
            }
            Deferred::Lambda {
                scope,
                lambda,
                snapshot,
            } => {
                self.stack.push(ScopeBuilder::new(scope, ScopeKind::Lambda));
                self.bind_parameters(lambda.range, &lambda.args);
                self.visit_expr(&lambda.body);
                if let Some(snapshot) = snapshot {
                    self.capture(&snapshot, lambda.range);
                }
                self.finish_top();
            }
        }
    }

    /// The flow of the current scope where a nested function or lambda is
    /// defined, when that scope is a function and the definition is not in
    /// a loop: the nested scope may then see the narrowed bindings of the
    /// names it uses (see [`Self::capture`]).
    pub(super) fn capture_snapshot(&self) -> Option<Box<FlowState>> {
        let builder = self.cur();
        let is_function = matches!(builder.kind, ScopeKind::Function { .. } | ScopeKind::Lambda);
        (is_function && builder.flow.innermost_loop.is_none() && builder.flow.reachable)
            .then(|| Box::new(builder.flow.clone()))
    }

    /// A nested function or lambda runs later, but a name of the enclosing
    /// function that no code can rebind after the nested scope is defined
    /// has, when it runs, the value (and narrowing) it had at the
    /// definition, as in pyright:
    ///
    /// ```python
    /// def f(x: int | None):
    ///     if x is None:
    ///         return
    ///     key = lambda: x + 1      # `x` is `int` here
    /// ```
    ///
    /// Recorded for the uses of the current (nested) scope whose names are
    /// free here and bound in the parent only by definitions before
    /// `defined` (the nested scope is not in a loop: the snapshot is taken
    /// only outside loops). The engine still checks that nothing rebinds
    /// the name from another nested scope (`nonlocal`).
    fn capture(&mut self, snapshot: &FlowState, defined: TextRange) {
        let builder = self.cur();
        let Some(parent) = self.scopes[builder.id.index()].parent else {
            return;
        };
        let (Some(Some((parts, table))), Some(loops)) = (
            self.finished.get(parent.index()),
            self.finished_loops.get(&parent),
        ) else {
            return;
        };
        let mut captured = Vec::new();
        for (i, (symbol, _, _)) in builder.uses.iter().enumerate() {
            let sym = builder.symbols.symbol(*symbol);
            if sym.is_place() || sym.is_local() || sym.is_global() || sym.is_nonlocal() {
                continue;
            }
            let Some(ps) = table.symbol_id(sym.name()) else {
                continue;
            };
            if !table.symbol(ps).is_local() {
                continue;
            }
            let rebound_later = parts.definitions.iter().any(|d| {
                d.symbol == ps
                    && !matches!(d.kind, DefinitionKind::PlaceStart { .. })
                    && (d.target_range.start() >= defined.start()
                        || matches!(d.kind, DefinitionKind::StarImport { .. }))
            });
            if rebound_later {
                continue;
            }
            let start = parts
                .definitions
                .iter()
                .position(|d| d.symbol == ps && matches!(d.kind, DefinitionKind::PlaceStart { .. }))
                .map(|i| ScopedDefinitionId(i as u32));
            let state = snapshot.symbol(ps.index(), loops);
            let (live, may_be_unbound, _) =
                resolve_symbol(loops, &state, ps.index(), start, Some(true));
            if may_be_unbound || live.is_empty() || live.iter().all(|l| l.preds.is_empty()) {
                continue;
            }
            let bindings = bindings_of(live, false, Vec::new(), ps.index());
            captured.push((ScopedUseId(i as u32), bindings));
        }
        self.cur_mut().captured = captured;
    }

    fn assemble(self) -> SemanticIndex {
        let mut finished: Vec<(ScopeIndexParts, SymbolTable)> = self
            .finished
            .into_iter()
            .map(|f| f.expect("every scope is finished"))
            .collect();
        let mut nested_bindings = Vec::new();
        for (from, name, definition, global) in self.nested {
            let target = if global {
                Some(ScopeId::MODULE)
            } else {
                nonlocal_target(&self.scopes, &finished, from, &name)
            };
            if let Some(target) = target {
                let table = &mut finished[target.index()].1;
                let (id, _) = table.add(&name);
                table.add_flags(id, SymbolFlags::BOUND_IN_NESTED_SCOPE);
                nested_bindings.push(NestedBinding {
                    scope: target,
                    symbol: id,
                    definition,
                });
            }
        }
        let mut unreachable = self.unreachable;
        unreachable.sort_by_key(|r| (r.start(), std::cmp::Reverse(r.end())));
        let per_scope = finished
            .into_iter()
            .zip(self.children)
            .map(|((parts, symbols), children)| ScopeIndex {
                symbols: Arc::new(symbols),
                use_def: Arc::new(parts.use_def),
                definitions: parts.definitions,
                predicates: parts.predicates,
                children,
            })
            .collect();
        SemanticIndex {
            scopes: self.scopes,
            per_scope,
            scopes_by_node: self.scopes_by_node,
            definitions_by_range: self.definitions_by_range,
            uses_by_range: self.uses_by_range,
            nested_bindings,
            unreachable,
            truncated: self.truncated,
            future_annotations: self.future_annotations,
        }
    }

    // ---- scopes ----

    fn new_scope(
        &mut self,
        parent: Option<ScopeId>,
        kind: ScopeKind,
        node_range: TextRange,
        name: String,
    ) -> ScopeId {
        let id = ScopeId::from_index(self.scopes.len());
        self.scopes.push(Scope {
            parent,
            kind,
            node_range,
            name,
        });
        self.children.push(Vec::new());
        self.finished.push(None);
        if let Some(parent) = parent {
            self.children[parent.index()].push(id);
        }
        if !matches!(kind, ScopeKind::TypeParams | ScopeKind::Module) {
            self.scopes_by_node.insert(node_range, id);
        }
        id
    }

    fn current_scope(&self) -> ScopeId {
        self.cur().id
    }

    fn cur(&self) -> &ScopeBuilder {
        self.stack.last().expect("a scope is being walked")
    }

    fn cur_mut(&mut self) -> &mut ScopeBuilder {
        self.stack.last_mut().expect("a scope is being walked")
    }

    /// Opens a scope walked in place (comprehension, type parameters).
    fn push_scope(&mut self, kind: ScopeKind, node_range: TextRange, name: String) -> ScopeId {
        let parent = self.current_scope();
        let id = self.new_scope(Some(parent), kind, node_range, name);
        self.stack.push(ScopeBuilder::new(id, kind));
        id
    }

    /// Finishes the innermost scope being walked.
    fn finish_top(&mut self) {
        let builder = self.stack.pop().expect("a scope is being walked");
        let id = builder.id;
        let snapshot = builder.walrus_snapshot.clone();
        let kind = builder.kind;
        let (parts, symbols, loops) = builder.finish();
        self.finished[id.index()] = Some((parts, symbols));
        if matches!(kind, ScopeKind::Function { .. } | ScopeKind::Lambda) {
            self.finished_loops.insert(id, loops);
        }
        if let Some(snapshot) = snapshot {
            // A comprehension that bound a walrus target in an enclosing
            // scope: the comprehension may have run zero times.
            if let Some(target) = self.walrus_target_index() {
                let scope = &mut self.stack[target];
                let n = scope.n_symbols();
                scope.flow.merge(&snapshot, n, &scope.loops);
            }
        }
    }

    /// The stack index of the scope a walrus binds in: the innermost
    /// non-comprehension scope.
    fn walrus_target_index(&self) -> Option<usize> {
        self.stack
            .iter()
            .rposition(|s| !matches!(s.kind, ScopeKind::Comprehension(_)))
    }

    // ---- symbols, definitions, uses ----

    /// Adds a definition of `name` to the scope at `stack_index` and applies
    /// it to that scope's flow.
    fn add_definition_at(
        &mut self,
        stack_index: usize,
        name: &str,
        target_range: TextRange,
        kind: DefinitionKind,
    ) -> DefinitionId {
        let builder = &mut self.stack[stack_index];
        let is_place = crate::place::place_root(name).len() != name.len();
        let symbol = if is_place {
            builder.place_symbol(name)
        } else {
            builder.symbols.add(name).0
        };
        let mut flags = SymbolFlags::empty();
        if is_place {
            // Places are never locals: only their flow is tracked.
        } else if kind.is_binding() {
            flags.insert(SymbolFlags::BOUND);
        }
        match &kind {
            _ if is_place => {}
            DefinitionKind::AnnotatedAssignment { .. } => flags.insert(SymbolFlags::DECLARED),
            DefinitionKind::Parameter { .. } => flags.insert(SymbolFlags::PARAMETER),
            DefinitionKind::Import { .. }
            | DefinitionKind::ImportFrom { .. }
            | DefinitionKind::StarImport { .. } => flags.insert(SymbolFlags::IMPORTED),
            DefinitionKind::Deletion {
                implicit: false, ..
            } => flags.insert(SymbolFlags::DELETED),
            _ => {}
        }
        builder.symbols.add_flags(symbol, flags);
        let scoped = ScopedDefinitionId(builder.definitions.len() as u32);
        let is_binding = kind.is_binding();
        let is_deletion = matches!(kind, DefinitionKind::Deletion { .. });
        let is_star = matches!(kind, DefinitionKind::StarImport { .. });
        builder.definitions.push(Definition {
            symbol,
            target_range,
            kind,
        });
        let id = DefinitionId {
            scope: builder.id,
            id: scoped,
        };
        let n = builder.n_symbols();
        let loops = &builder.loops;
        if is_star {
            // A possible binding of every name mentioned so far.
            builder.flow.extend_to(n, loops);
            for (i, state) in builder.flow.symbols.iter_mut().enumerate() {
                if i != symbol.index() {
                    flow::add_live(&mut state.live, Target::Def(scoped), &[]);
                }
            }
            builder.star_symbol = Some(symbol);
        }
        if is_binding {
            *builder.flow.symbol_mut(symbol.index(), loops) = SymState::bound(scoped);
        } else if is_deletion {
            let state = builder.flow.symbol_mut(symbol.index(), loops);
            *state = SymState::unbound();
        }
        if is_binding || is_deletion {
            builder.state_changed(symbol);
            builder.reset_places_below(name, false);
        }
        let symbol_flags = builder.symbols.symbol(symbol).flags();
        if is_binding
            && !is_place
            && (symbol_flags.contains(SymbolFlags::GLOBAL)
                || symbol_flags.contains(SymbolFlags::NONLOCAL))
        {
            self.nested.push((
                self.stack[stack_index].id,
                name.to_owned(),
                id,
                symbol_flags.contains(SymbolFlags::GLOBAL),
            ));
        }
        if !is_place {
            self.definitions_by_range.entry(target_range).or_insert(id);
        }
        id
    }

    fn add_definition(
        &mut self,
        name: &str,
        target_range: TextRange,
        kind: DefinitionKind,
    ) -> DefinitionId {
        let top = self.stack.len() - 1;
        self.add_definition_at(top, name, target_range, kind)
    }

    /// Records a use of `name` at `range` in the current scope.
    fn add_use(&mut self, name: &str, range: TextRange) {
        if self.add_use_in_enclosing(name, range) {
            return;
        }
        let builder = self.cur_mut();
        let (symbol, _) = builder.symbols.add(name);
        builder.symbols.add_flags(symbol, SymbolFlags::USED);
        let mut state = builder.flow.symbol(symbol.index(), &builder.loops);
        if state.may_be_unbound {
            if let Some(star) = builder.star_symbol {
                if star != symbol {
                    let star_state = builder.flow.symbol(star.index(), &builder.loops);
                    for live in &star_state.live {
                        flow::add_live(&mut state.live, live.target, &live.preds);
                    }
                }
            }
        }
        let use_id = ScopedUseId(builder.uses.len() as u32);
        let reachable = builder.flow.reachable;
        builder.uses.push((symbol, state, reachable));
        let scope = builder.id;
        self.uses_by_range.insert(range, (scope, use_id));
    }

    /// A comprehension runs where it is written, so a name (or place) it
    /// does not bind sees the enclosing scope's flow at that point,
    /// narrowing included:
    ///
    /// ```python
    /// if x is not None:
    ///     ys = [x + i for i in range(3)]   # `x` is narrowed here too
    /// ```
    ///
    /// Records the use in the scope that binds the name (the innermost
    /// enclosing comprehension or the first function or module scope), if
    /// the name is certainly bound there; returns whether it did. A class
    /// scope is never used (its names are not visible in comprehensions).
    fn add_use_in_enclosing(&mut self, name: &str, range: TextRange) -> bool {
        let top = self.stack.len() - 1;
        if !matches!(self.stack[top].kind, ScopeKind::Comprehension(_)) {
            return false;
        }
        let bound_here = |b: &ScopeBuilder| {
            b.symbols
                .symbol_by_name(name)
                .is_some_and(|s| s.is_bound() || s.is_place())
        };
        if bound_here(&self.stack[top]) {
            return false;
        }
        let mut target = None;
        for i in (0..top).rev() {
            let b = &self.stack[i];
            if matches!(b.kind, ScopeKind::Class) {
                return false;
            }
            if bound_here(b) || !matches!(b.kind, ScopeKind::Comprehension(_)) {
                target = Some(i);
                break;
            }
        }
        let Some(i) = target else {
            return false;
        };
        let builder = &self.stack[i];
        let Some(symbol) = builder.symbols.symbol_id(name) else {
            return false;
        };
        let mut state = builder.flow.symbol(symbol.index(), &builder.loops);
        if state.may_be_unbound || state.live.is_empty() || !builder.flow.reachable {
            return false;
        }
        // The conditions of the comprehensions in between narrow it:
        // `[y for k in ks if (y := d.get(k)) is not None]` (each becomes a
        // predicate of the scope the use is recorded in).
        let tests: Vec<(TextRange, bool)> = self.stack[i + 1..=top]
            .iter()
            .flat_map(|b| &b.comprehension_tests)
            .filter(|(_, _, names)| names.iter().any(|n| n == name))
            .map(|(range, positive, _)| (*range, *positive))
            .collect();
        let builder = &mut self.stack[i];
        for (test, positive) in tests {
            let next = ScopedPredicateId(builder.predicates.len() as u32);
            let pred = *builder
                .comprehension_predicates
                .entry((test, positive))
                .or_insert(next);
            if pred == next {
                builder.predicates.push(Predicate {
                    expr_range: test,
                    positive,
                    kind: PredicateKind::Expression,
                });
            }
            state.add_predicate(pred);
        }
        let use_id = ScopedUseId(builder.uses.len() as u32);
        builder.uses.push((symbol, state, true));
        let scope = builder.id;
        if crate::place::place_root(name).len() == name.len() {
            // The comprehension still mentions the name.
            let current = &mut self.stack[top];
            let (local, _) = current.symbols.add(name);
            current.symbols.add_flags(local, SymbolFlags::USED);
        }
        self.uses_by_range.insert(range, (scope, use_id));
        true
    }

    /// Records a load of the place `key` at `range`, if the scope tracks
    /// it (a place nothing tested or assigned so far is not narrowed).
    fn add_place_use(&mut self, key: &str, range: TextRange) {
        if self.add_use_in_enclosing(key, range) {
            return;
        }
        let builder = self.cur_mut();
        let Some(symbol) = builder.symbols.symbol_id(key) else {
            return;
        };
        let state = builder.flow.symbol(symbol.index(), &builder.loops);
        let use_id = ScopedUseId(builder.uses.len() as u32);
        let reachable = builder.flow.reachable;
        builder.uses.push((symbol, state, reachable));
        let scope = builder.id;
        self.uses_by_range.insert(range, (scope, use_id));
    }

    /// Adds `flags` to `name` in the current scope.
    fn add_symbol_flags(&mut self, name: &str, flags: SymbolFlags) {
        let builder = self.cur_mut();
        let (symbol, _) = builder.symbols.add(name);
        builder.symbols.add_flags(symbol, flags);
    }

    // ---- predicates ----

    /// Creates a predicate in the current scope.
    fn new_predicate(
        &mut self,
        expr_range: TextRange,
        positive: bool,
        kind: PredicateKind,
    ) -> ScopedPredicateId {
        let builder = self.cur_mut();
        let id = ScopedPredicateId(builder.predicates.len() as u32);
        builder.predicates.push(Predicate {
            expr_range,
            positive,
            kind,
        });
        id
    }

    /// Attaches a predicate to the live bindings of `names` (names and
    /// place keys) in `state`. A place that may still have its start value
    /// gets its start definition, so that the predicate has something to
    /// attach to; so does a name of a function that may be unbound here:
    /// if the name turns out to be free in the function (a global, a name
    /// of an enclosing function), the start stands for its value from the
    /// enclosing scope, narrowed here; if it is local, it means "unbound"
    /// again (see [`resolve_symbol`]):
    ///
    /// ```python
    /// CONFIG: dict[str, int] | None = None
    /// def use() -> int:
    ///     if CONFIG is not None:
    ///         return CONFIG["a"]      # the start of `CONFIG`, narrowed
    ///     return 0
    /// ```
    fn apply_predicate<S: AsRef<str>>(
        &mut self,
        state: &mut FlowState,
        pred: ScopedPredicateId,
        names: &[S],
    ) {
        // (A comprehension's condition narrows the enclosing function's
        // names for its element: `[x for _ in xs if x is not None]`.)
        let in_function = matches!(
            self.cur().kind,
            ScopeKind::Function { .. } | ScopeKind::Lambda | ScopeKind::Comprehension(_)
        );
        for name in names {
            let name = name.as_ref();
            let Some(symbol) = self.cur().symbols.symbol_id(name) else {
                continue;
            };
            let wants_start = self.cur().is_place(symbol)
                || (in_function
                    && state
                        .symbol(symbol.index(), &self.cur().loops)
                        .may_be_unbound);
            let start = if wants_start {
                Some(self.cur_mut().place_start_definition(symbol))
            } else {
                None
            };
            let builder = self.cur();
            let sym = state.symbol_mut(symbol.index(), &builder.loops);
            if let Some(start) = start {
                if sym.may_be_unbound {
                    sym.may_be_unbound = false;
                    let alts = std::mem::take(&mut sym.unbound_preds);
                    if alts.is_empty() {
                        flow::add_live(&mut sym.live, Target::Def(start), &[]);
                    }
                    for preds in &alts {
                        flow::add_live(&mut sym.live, Target::Def(start), preds);
                    }
                }
            }
            sym.add_predicate(pred);
        }
    }

    /// A call statement ends a block: what follows is reached only if it
    /// returned (see [`PredicateKind::CallReturns`]).
    fn call_may_not_return(&mut self, call: TextRange) {
        if !self.is_reachable() {
            return;
        }
        let p = self.new_predicate(call, true, PredicateKind::CallReturns);
        self.new_predicate(call, false, PredicateKind::CallReturns);
        self.cur_mut().flow.add_pending(p);
    }

    /// Records a test: returns the current state narrowed by the test being
    /// true and by it being false.
    fn branch_on(&mut self, test: &ast::Expr) -> (FlowState, FlowState) {
        let names = self.narrowable(test);
        let mut yes = self.cur().flow.clone();
        let mut no = yes.clone();
        if !names.is_empty() {
            let p = self.new_predicate(test.range(), true, PredicateKind::Expression);
            let n = self.new_predicate(test.range(), false, PredicateKind::Expression);
            self.apply_predicate(&mut yes, p, &names);
            self.apply_predicate(&mut no, n, &names);
        }
        (yes, no)
    }

    /// The names and places `test` can narrow; creates the places' symbols.
    fn narrowable(&mut self, test: &ast::Expr) -> Vec<String> {
        let (names, places) = expr::narrowable_names(test);
        let mut out: Vec<String> = names.into_iter().map(str::to_owned).collect();
        for key in places {
            if self.cur().can_track_place(&key) {
                self.cur_mut().place_symbol(&key);
                out.push(key);
            }
        }
        out
    }

    /// The place keys of `keys` this scope tracks (creating their symbols),
    /// within its place budget.
    fn trackable(&mut self, keys: Vec<String>) -> Vec<String> {
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            if self.cur().can_track_place(&key) {
                self.cur_mut().place_symbol(&key);
                out.push(key);
            }
        }
        out
    }

    /// Merges `other` into the current flow.
    fn merge_into_current(&mut self, other: &FlowState) {
        let builder = self.cur_mut();
        let n = builder.n_symbols();
        builder.flow.merge(other, n, &builder.loops);
    }

    fn set_flow(&mut self, state: FlowState) {
        self.cur_mut().flow = state;
    }

    fn take_flow(&mut self) -> FlowState {
        self.cur().flow.clone()
    }

    fn mark_unreachable(&mut self) {
        self.cur_mut().flow.reachable = false;
    }

    fn is_reachable(&self) -> bool {
        self.cur().flow.reachable
    }

    // ---- helpers ----

    /// The range of the identifier `name` after `keyword` in `range` (the
    /// name of a `def`, `class`; rustpython gives identifiers no range).
    fn name_range(&self, range: TextRange, keyword: &str, name: &str) -> TextRange {
        let start = usize::from(range.start());
        let end = usize::from(range.end()).min(self.text.len());
        let Some(snippet) = self.text.get(start..end) else {
            return range;
        };
        let mut from = 0;
        while let Some(pos) = snippet[from..].find(keyword) {
            let after = from + pos + keyword.len();
            let rest = &snippet[after..];
            let trimmed = rest.trim_start();
            if trimmed.len() < rest.len() && trimmed.starts_with(name) {
                let at = after + (rest.len() - trimmed.len());
                let at = TextSize::try_from(start + at).unwrap_or(range.start());
                let len = TextSize::try_from(name.len()).unwrap_or_default();
                return TextRange::at(at, len);
            }
            from = after;
        }
        range
    }
}

/// The enclosing function scope a `nonlocal` name of `from` refers to.
fn nonlocal_target(
    scopes: &[Scope],
    finished: &[(ScopeIndexParts, SymbolTable)],
    from: ScopeId,
    name: &str,
) -> Option<ScopeId> {
    let mut current = scopes[from.index()].parent;
    while let Some(id) = current {
        let scope = &scopes[id.index()];
        if scope.kind.is_function_like() {
            if let Some(symbol) = finished[id.index()].1.symbol_by_name(name) {
                if symbol.is_local() {
                    return Some(id);
                }
            }
        }
        if matches!(scope.kind, ScopeKind::Module) {
            return None;
        }
        current = scope.parent;
    }
    None
}
