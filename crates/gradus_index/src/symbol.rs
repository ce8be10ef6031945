//! Symbol tables: the names each scope mentions, and how.
//!
//! A name is *local* to a scope when the scope binds it anywhere (Python
//! decides this for the whole scope at compile time), unless a `global` or
//! `nonlocal` statement says otherwise:
//!
//! ```python
//! x = 0
//! def f():
//!     print(x)   # `x` is local to `f` (bound below): UnboundLocalError
//!     x = 1
//! def g():
//!     global x
//!     x = 2      # binds the module's `x`; `x` is GLOBAL in `g`'s table
//! ```
//!
//! The table holds no ranges, so it compares equal after an edit elsewhere in
//! the file and the per-scope [`symbol_table`](crate::symbol_table) query
//! backdates.

use rustc_hash::FxHashMap;

/// A symbol's index in its scope's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopedSymbolId(pub(crate) u32);

impl ScopedSymbolId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a scope uses a name (a bit set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SymbolFlags(u16);

impl SymbolFlags {
    /// Bound in this scope (assignment, import, def, parameter, ...).
    pub const BOUND: SymbolFlags = SymbolFlags(1);
    /// Read in this scope.
    pub const USED: SymbolFlags = SymbolFlags(1 << 1);
    /// Has an annotation in this scope (`x: int`): a declared type.
    pub const DECLARED: SymbolFlags = SymbolFlags(1 << 2);
    /// Named by a `global` statement in this scope.
    pub const GLOBAL: SymbolFlags = SymbolFlags(1 << 3);
    /// Named by a `nonlocal` statement in this scope.
    pub const NONLOCAL: SymbolFlags = SymbolFlags(1 << 4);
    /// A parameter of this function or lambda.
    pub const PARAMETER: SymbolFlags = SymbolFlags(1 << 5);
    /// Bound by an `import` or `from ... import`.
    pub const IMPORTED: SymbolFlags = SymbolFlags(1 << 6);
    /// (Module or enclosing-function symbols only.) Bound in a nested scope
    /// through `global` / `nonlocal`; those definitions live in the nested
    /// scope (see [`SemanticIndex::nested_bindings`](crate::SemanticIndex::nested_bindings)).
    pub const BOUND_IN_NESTED_SCOPE: SymbolFlags = SymbolFlags(1 << 7);
    /// Deleted (`del x`) somewhere in this scope.
    pub const DELETED: SymbolFlags = SymbolFlags(1 << 8);
    /// Not a name but a [place](crate::place) (`self.x`, `d['k']`) the
    /// binder tracks for narrowing; never local, never listed by
    /// [`SymbolTable::symbols`].
    pub const PLACE: SymbolFlags = SymbolFlags(1 << 9);

    pub const fn empty() -> Self {
        SymbolFlags(0)
    }
    pub const fn contains(self, other: SymbolFlags) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn insert(&mut self, other: SymbolFlags) {
        self.0 |= other.0;
    }
    pub const fn union(self, other: SymbolFlags) -> Self {
        SymbolFlags(self.0 | other.0)
    }
}

/// One name of a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    name: Box<str>,
    flags: SymbolFlags,
}

impl Symbol {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn flags(&self) -> SymbolFlags {
        self.flags
    }
    pub fn is_bound(&self) -> bool {
        self.flags.contains(SymbolFlags::BOUND)
    }
    pub fn is_used(&self) -> bool {
        self.flags.contains(SymbolFlags::USED)
    }
    pub fn is_declared(&self) -> bool {
        self.flags.contains(SymbolFlags::DECLARED)
    }
    pub fn is_global(&self) -> bool {
        self.flags.contains(SymbolFlags::GLOBAL)
    }
    pub fn is_nonlocal(&self) -> bool {
        self.flags.contains(SymbolFlags::NONLOCAL)
    }
    pub fn is_parameter(&self) -> bool {
        self.flags.contains(SymbolFlags::PARAMETER)
    }
    pub fn is_imported(&self) -> bool {
        self.flags.contains(SymbolFlags::IMPORTED)
    }
    /// A [place](crate::place) tracked for narrowing, not a name.
    pub fn is_place(&self) -> bool {
        self.flags.contains(SymbolFlags::PLACE)
    }
    /// Local to its scope: bound or annotated here (an annotation alone
    /// makes a name local) and not redirected by `global`/`nonlocal`.
    pub fn is_local(&self) -> bool {
        (self.is_bound() || self.is_declared()) && !self.is_global() && !self.is_nonlocal()
    }

    /// Whether lookups of this name from this scope or nested ones stop
    /// here: local, or bound from a nested scope via `global`/`nonlocal`.
    pub(crate) fn resolves_here(&self) -> bool {
        self.is_local() || self.flags.contains(SymbolFlags::BOUND_IN_NESTED_SCOPE)
    }
}

/// The symbols of one scope, in order of first mention.
#[derive(Debug, Clone, Default)]
pub struct SymbolTable {
    symbols: Vec<Symbol>,
    by_name: FxHashMap<Box<str>, ScopedSymbolId>,
}

impl PartialEq for SymbolTable {
    fn eq(&self, other: &Self) -> bool {
        // `by_name` is derived from `symbols`.
        self.symbols == other.symbols
    }
}
impl Eq for SymbolTable {}

impl SymbolTable {
    /// The symbol's id, if the scope mentions `name`.
    pub fn symbol_id(&self, name: &str) -> Option<ScopedSymbolId> {
        self.by_name.get(name).copied()
    }
    /// The symbol named `name`, if the scope mentions it.
    pub fn symbol_by_name(&self, name: &str) -> Option<&Symbol> {
        self.symbol_id(name).map(|id| self.symbol(id))
    }
    pub fn symbol(&self, id: ScopedSymbolId) -> &Symbol {
        &self.symbols[id.index()]
    }
    /// All symbols (names, not places) with their ids, in order of first
    /// mention.
    pub fn symbols(&self) -> impl Iterator<Item = (ScopedSymbolId, &Symbol)> {
        self.symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_place())
            .map(|(i, s)| (ScopedSymbolId(i as u32), s))
    }
    pub fn len(&self) -> usize {
        self.symbols.len()
    }
    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }

    /// Adds `name` (if new) and returns its id and whether it was new.
    pub(crate) fn add(&mut self, name: &str) -> (ScopedSymbolId, bool) {
        if let Some(&id) = self.by_name.get(name) {
            return (id, false);
        }
        let id = ScopedSymbolId(self.symbols.len() as u32);
        let ident: Box<str> = name.into();
        self.symbols.push(Symbol {
            name: ident.clone(),
            flags: SymbolFlags::empty(),
        });
        self.by_name.insert(ident, id);
        (id, true)
    }

    pub(crate) fn add_flags(&mut self, id: ScopedSymbolId, flags: SymbolFlags) {
        self.symbols[id.index()].flags.insert(flags);
    }
}
