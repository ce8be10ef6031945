//! Use-def maps: which definitions can reach each use of a name.
//!
//! Every scope gets a [`UseDefMap`] computed over its control flow. For each
//! *use* of a name (a `Name` expression in load context, the target of an
//! augmented assignment, or the name in `del x`), it records the
//! [`Bindings`] that can reach it: the definitions still live on some path
//! to the use, each with the narrowing [`predicates`](crate::predicate) that
//! hold on every such path, and whether some path reaches the use with the
//! name unbound.
//!
//! ```python
//! if cond:          # line 1
//!     x = 1         # line 2: definition d1
//! else:
//!     x = None      # line 4: definition d2
//! while x:          # reaching: d1, d2, d3 (d3 through the loop back edge)
//!     x = g(x)      # definition d3
//! print(x)          # reaching: d1, d2, d3 (each with `not x`), bound
//! del x
//! print(x)          # reaching: nothing; unbound
//! ```
//!
//! [Places](crate::place) (`self.x`, `d["k"]`) are tracked the same way, as
//! symbols flagged `PLACE`: their definitions are assignments to the place
//! and a `PlaceStart` standing for its unnarrowed value; a place use is
//! recorded at the attribute or subscript expression's range. Uses in a
//! comprehension of names it does not bind are recorded in the enclosing
//! scope (the comprehension runs there and then); uses in a nested function
//! or lambda of names the enclosing function cannot rebind afterwards also
//! get that function's bindings at the definition
//! ([`UseDefMap::captured_bindings`]).
//!
//! The map also records the bindings that reach the *end* of the scope: a
//! module's or class's public names (what `import m; m.x` sees), and what a
//! nested function sees of its enclosing function's names.
//!
//! The map holds no source ranges: uses, definitions and predicates are
//! numbered within the scope ([`ScopedUseId`], [`ScopedDefinitionId`],
//! [`ScopedPredicateId`]). An edit outside the scope that leaves the scope's
//! structure alone (even one that shifts every offset after it) produces an
//! equal map, so the per-scope [`use_def_map`](crate::use_def_map) query
//! backdates and inference that reads only it is not re-run. Ranges are
//! mapped to ids through the [`SemanticIndex`](crate::SemanticIndex).
//!
//! Names that are not local to the scope (free variables, `global` and
//! `nonlocal` names; see [`Symbol::is_local`](crate::Symbol::is_local)) get
//! use entries too: resolve the name in the enclosing scope with
//! [`SemanticIndex::resolve_name`](crate::SemanticIndex::resolve_name) and
//! use that scope's end-of-scope bindings. In a function that tests such a
//! name, its uses are reached by a start definition (a `PlaceStart` of the
//! name, standing for the enclosing scope's value) carrying the tests'
//! predicates, until an assignment in the function (`global x; x = 1`)
//! rebinds it; a name that turns out to be local never shows its start.
//!
//! A call statement ending a block may never return (`NoReturn`): the
//! paths through it carry a `CallReturns` predicate (see
//! [`predicate`](crate::predicate)), also on the unbound state
//! ([`Bindings::unbound_predicates`]). In a class body, a name that
//! the class binds but that may be unbound at the use falls back to the
//! enclosing scopes (Python's `LOAD_NAME` semantics).

use crate::definition::ScopedDefinitionId;
use crate::predicate::ScopedPredicateId;
use crate::symbol::ScopedSymbolId;

/// A use's index within its scope, in walk order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopedUseId(pub(crate) u32);

impl ScopedUseId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A definition that can reach a point, with the predicates known to hold
/// on every path from it to that point (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LiveBinding {
    pub definition: ScopedDefinitionId,
    pub predicates: Box<[ScopedPredicateId]>,
}

/// What reaches a point for one name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Bindings {
    pub(crate) live: Box<[LiveBinding]>,
    pub(crate) may_be_unbound: bool,
    /// (When `may_be_unbound`.) The conditions of the paths where the name
    /// is unbound: alternatives, each the predicates that hold on some of
    /// them (empty: unconditionally). An alternative with a `CallReturns`
    /// whose call never returns (or an `ExitSuppresses` whose manager
    /// swallows nothing) is impossible.
    pub(crate) unbound_predicates: Box<[Box<[ScopedPredicateId]>]>,
    /// Older definitions collapsed past the binder's budget
    /// (`gradus_budgets::MAX_LIVE_BINDINGS`): the symbol's declared type,
    /// narrowed by the predicates all of them shared.
    pub(crate) widened: Option<(ScopedSymbolId, Box<[ScopedPredicateId]>)>,
}

impl Bindings {
    /// When more definitions reached than the binder keeps apart: the
    /// symbol whose *declared* type stands for the older ones (`Unknown`
    /// if it has no declaration), and the predicates that hold for it.
    pub fn widened(&self) -> Option<(ScopedSymbolId, &[ScopedPredicateId])> {
        self.widened.as_ref().map(|(s, p)| (*s, &p[..]))
    }
    /// The reaching definitions, in the order they were recorded (a
    /// definition reaching under alternative predicate sets appears once per
    /// set; see [`Bindings::grouped`]). Never a
    /// `Deletion` or a bare annotation (neither binds); possibly a
    /// `StarImport` (a possible binding: see its docs).
    pub fn iter(&self) -> impl Iterator<Item = &LiveBinding> {
        self.live.iter()
    }
    /// The reaching definition ids (each once, in order).
    pub fn definitions(&self) -> impl Iterator<Item = ScopedDefinitionId> + '_ {
        self.live
            .iter()
            .enumerate()
            .filter(|(i, b)| !self.live[..*i].iter().any(|e| e.definition == b.definition))
            .map(|(_, b)| b.definition)
    }
    /// The alternative predicate sets each reaching definition holds under
    /// (a definition reaching by several paths may hold under any of them),
    /// grouped by definition, in order.
    pub fn grouped(&self) -> Vec<(ScopedDefinitionId, Vec<&[ScopedPredicateId]>)> {
        let mut out: Vec<(ScopedDefinitionId, Vec<&[ScopedPredicateId]>)> = Vec::new();
        for b in self.live.iter() {
            match out.iter_mut().find(|(d, _)| *d == b.definition) {
                Some((_, alternatives)) => alternatives.push(&b.predicates),
                None => out.push((b.definition, vec![&b.predicates])),
            }
        }
        out
    }
    /// Some path reaches this point with the name unbound (unless a call
    /// among [`Bindings::unbound_predicates`] never returns).
    pub fn may_be_unbound(&self) -> bool {
        self.may_be_unbound
    }
    /// The conditions of the paths reaching this point with the name
    /// unbound: alternatives, each a conjunction of predicates (see
    /// [`crate::PredicateKind::CallReturns`]); empty when some path is
    /// unconditional.
    pub fn unbound_predicates(&self) -> &[Box<[ScopedPredicateId]>] {
        &self.unbound_predicates
    }
    /// No definition reaches this point: the name is unbound on every path.
    pub fn is_unbound(&self) -> bool {
        self.live.is_empty() && self.widened.is_none()
    }
    /// The number of distinct reaching definitions.
    pub fn len(&self) -> usize {
        self.definitions().count()
    }
    pub fn is_empty(&self) -> bool {
        self.live.is_empty() && self.widened.is_none()
    }
}

/// The use-def map of one scope; compares equal across edits that do not
/// change the scope's structure (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseDefMap {
    /// Distinct `Bindings`, shared by the uses and symbols that see them;
    /// index 0 is always "unbound".
    pub(crate) bindings: Vec<Bindings>,
    /// Per use: index into `bindings`.
    pub(crate) at_use: Vec<u32>,
    /// Per use: whether the use is reachable (statically; no `NoReturn`).
    pub(crate) use_reachable: Vec<bool>,
    /// Per symbol: index into `bindings` of what reaches the end of the scope.
    pub(crate) end_of_scope: Vec<u32>,
    /// Whether the end of the scope is reachable (a function can fall off
    /// its end).
    pub(crate) end_reachable: bool,
    /// When not empty, the end is reached only if one of these
    /// conjunctions of path conditions holds (calls returned, a context
    /// manager swallowed an exception; see [`PredicateKind`](crate::PredicateKind)).
    pub(crate) end_conditions: Vec<Box<[ScopedPredicateId]>>,
    /// Per symbol: all its definitions in the scope, in source order.
    pub(crate) by_symbol: Vec<Box<[ScopedDefinitionId]>>,
    /// (Functions and lambdas nested in a function.) Uses of names of the
    /// enclosing function that nothing rebinds after this scope is
    /// defined, with the enclosing function's bindings at the definition
    /// (their definition ids are the *parent scope's*), sorted by use.
    pub(crate) captured: Vec<(ScopedUseId, Bindings)>,
}

impl UseDefMap {
    /// A map with no uses and no symbols.
    pub fn empty() -> Self {
        UseDefMap {
            bindings: vec![Bindings {
                live: Box::new([]),
                may_be_unbound: true,
                unbound_predicates: Box::new([]),
                widened: None,
            }],
            at_use: Vec::new(),
            use_reachable: Vec::new(),
            end_of_scope: Vec::new(),
            end_reachable: true,
            end_conditions: Vec::new(),
            by_symbol: Vec::new(),
            captured: Vec::new(),
        }
    }

    /// What reaches a use.
    pub fn bindings_at_use(&self, use_id: ScopedUseId) -> &Bindings {
        match self.at_use.get(use_id.index()) {
            Some(&i) => &self.bindings[i as usize],
            None => &self.bindings[0],
        }
    }

    /// Whether a use is reachable (statically: after `return`, `raise`,
    /// `break`, `continue`, or in a branch whose test is statically known,
    /// it is not).
    pub fn is_use_reachable(&self, use_id: ScopedUseId) -> bool {
        self.use_reachable
            .get(use_id.index())
            .copied()
            .unwrap_or(true)
    }

    /// What reaches the end of the scope for `symbol` (a module's or class's
    /// public value of the name).
    pub fn end_of_scope_bindings(&self, symbol: ScopedSymbolId) -> &Bindings {
        match self.end_of_scope.get(symbol.index()) {
            Some(&i) => &self.bindings[i as usize],
            None => &self.bindings[0],
        }
    }

    /// Whether the end of the scope is reachable: for a function, whether it
    /// can fall off its end (implicitly returning `None`).
    pub fn is_end_reachable(&self) -> bool {
        self.end_reachable
    }

    /// The conditions the end of the scope is reached under (empty:
    /// unconditionally, when [`UseDefMap::is_end_reachable`]).
    pub fn end_conditions(&self) -> &[Box<[ScopedPredicateId]>] {
        &self.end_conditions
    }

    /// Every definition of `symbol` in this scope, in source order,
    /// regardless of flow (for declared types: an annotation anywhere in the
    /// scope declares the name's type everywhere in it).
    pub fn all_definitions(&self, symbol: ScopedSymbolId) -> &[ScopedDefinitionId] {
        self.by_symbol
            .get(symbol.index())
            .map(|b| &b[..])
            .unwrap_or(&[])
    }

    /// For a use of a name of the enclosing function that nothing rebinds
    /// after this (nested) scope is defined: the enclosing function's
    /// bindings where it was defined, narrowing included. The definitions
    /// belong to the parent scope.
    pub fn captured_bindings(&self, use_id: ScopedUseId) -> Option<&Bindings> {
        self.captured
            .binary_search_by_key(&use_id, |(u, _)| *u)
            .ok()
            .map(|i| &self.captured[i].1)
    }

    /// The number of uses in the scope.
    pub fn use_count(&self) -> usize {
        self.at_use.len()
    }
}
