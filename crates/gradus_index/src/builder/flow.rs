//! Flow states for building use-def maps: what is live per symbol at one
//! point of a scope's control flow, and how states merge.
//!
//! Loop back edges are handled with *loop-header placeholders*: on entering a
//! loop, every symbol gets a live `Header(loop)` entry standing for "whatever
//! reaches the back edge of this loop". Uses inside the body record it like a
//! definition; when the loop is done, its back-edge state is stored, and when
//! the scope is done every placeholder is replaced by the definitions of the
//! back-edge state (transitively: nested loops refer to each other). One walk
//! of the body suffices, so nested loops cost no more than straight code.
//!
//! States are extended lazily: a symbol first mentioned after a state was
//! taken is *missing* from it, which means "unbound, plus the placeholders of
//! the loops active when the state was taken" (as if the symbol had existed
//! all along). `innermost_loop` records those loops.

use crate::definition::ScopedDefinitionId;
use crate::predicate::{ScopedPredicateId, MAX_PREDICATES};

pub(crate) type LoopId = u32;

/// What a live entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Def(ScopedDefinitionId),
    /// The bindings reaching the back edge of a loop.
    Header(LoopId),
    /// Definitions collapsed past [`MAX_LIVE_BINDINGS`]: the name's
    /// declared type (see [`cap_live`]).
    Widened,
}

/// A live binding with the predicates that hold since it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Live {
    pub target: Target,
    pub preds: Vec<ScopedPredicateId>,
}

/// One symbol's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SymState {
    pub live: Vec<Live>,
    pub may_be_unbound: bool,
    /// (When `may_be_unbound`.) The conditions of the paths where the
    /// name is unbound: alternatives, each the predicates that hold on one
    /// of them (the calls that must have returned for it, the managers
    /// that must have swallowed an exception; see
    /// [`SymState::assume_returned`]). Empty: unconditionally.
    pub unbound_preds: Vec<Vec<ScopedPredicateId>>,
}

impl SymState {
    pub fn unbound() -> Self {
        SymState {
            live: Vec::new(),
            may_be_unbound: true,
            unbound_preds: Vec::new(),
        }
    }

    pub fn bound(def: ScopedDefinitionId) -> Self {
        SymState {
            live: vec![Live {
                target: Target::Def(def),
                preds: Vec::new(),
            }],
            may_be_unbound: false,
            unbound_preds: Vec::new(),
        }
    }

    /// Merges another path's state into this one.
    pub fn merge(&mut self, other: &SymState) {
        match (self.may_be_unbound, other.may_be_unbound) {
            // Unbound by either path: under either's conditions.
            (true, true) => or_conditions(&mut self.unbound_preds, &other.unbound_preds),
            (false, true) => self.unbound_preds = other.unbound_preds.clone(),
            _ => {}
        }
        self.may_be_unbound |= other.may_be_unbound;
        for lb in &other.live {
            add_live(&mut self.live, lb.target, &lb.preds);
        }
        cap_live(&mut self.live);
    }

    pub fn add_predicate(&mut self, pred: ScopedPredicateId) {
        for live in &mut self.live {
            push_pred(&mut live.preds, pred);
        }
    }

    /// Conditions this state on one of `pending` (alternatives, each a
    /// conjunction of [`CallReturns`](crate::PredicateKind::CallReturns)
    /// predicates) having held: every entry holds under it, and so does
    /// the unbound path (under what all alternatives share).
    pub fn assume_returned(&mut self, pending: &[Vec<ScopedPredicateId>]) {
        let Some((first, rest)) = pending.split_first() else {
            return;
        };
        let old = std::mem::take(&mut self.live);
        for l in &old {
            for alt in pending {
                let mut preds = l.preds.clone();
                for &p in alt {
                    push_pred(&mut preds, p);
                }
                add_live(&mut self.live, l.target, &preds);
            }
        }
        cap_live(&mut self.live);
        if self.may_be_unbound {
            let mut common = first.clone();
            for alt in rest {
                common.retain(|p| alt.contains(p));
            }
            if common.is_empty() {
                return;
            }
            if self.unbound_preds.is_empty() {
                self.unbound_preds.push(common);
            } else {
                for alt in &mut self.unbound_preds {
                    for &p in &common {
                        push_pred(alt, p);
                    }
                }
            }
        }
    }
}

// Budgets: see `gradus_budgets`.
pub(crate) use gradus_budgets::{
    MAX_DISJUNCTS, MAX_LIVE_BINDINGS, MAX_NARROWED_BINDINGS, MAX_PREDICATES_WIDENED,
};

/// Keeps a symbol's live set small enough that every use costs bounded
/// work, however many earlier bindings can reach it:
///
/// ```python
/// def f(v: int | None) -> None:
///     if v is not None:
///         v = v + 1      # repeated 1,000 times: each `v` can be any
///     if v is not None:  # earlier binding, each under its own tests
///         v = v + 1
/// ```
///
/// Past [`MAX_NARROWED_BINDINGS`] entries with predicates, the oldest
/// definitions (lowest ids) keep only their newest
/// [`MAX_PREDICATES_WIDENED`] predicates (dropping a predicate is a sound
/// widening; the newest, the tests nearest the use, matter most). Past
/// [`MAX_LIVE_BINDINGS`] definition entries, the oldest collapse into one [`Target::Widened`] entry holding the predicates they
/// all share; it stands for the name's declared type (`Unknown` without a
/// declaration). Loop placeholders are left alone: they are few (one per
/// enclosing loop) and are resolved later.
pub(crate) fn cap_live(live: &mut Vec<Live>) {
    let def_id = |l: &Live| match l.target {
        Target::Def(d) => Some(d.0),
        _ => None,
    };
    let narrowed = live
        .iter()
        .filter(|l| l.preds.len() > MAX_PREDICATES_WIDENED && def_id(l).is_some())
        .count();
    if narrowed > MAX_NARROWED_BINDINGS {
        let mut ids: Vec<u32> = live
            .iter()
            .filter(|l| l.preds.len() > MAX_PREDICATES_WIDENED)
            .filter_map(def_id)
            .collect();
        ids.sort_unstable();
        let cut = ids[narrowed - MAX_NARROWED_BINDINGS - 1];
        for l in live.iter_mut() {
            if def_id(l).is_some_and(|d| d <= cut) && l.preds.len() > MAX_PREDICATES_WIDENED {
                l.preds.drain(..l.preds.len() - MAX_PREDICATES_WIDENED);
            }
        }
    }
    let defs = live.iter().filter(|l| def_id(l).is_some()).count();
    if defs <= MAX_LIVE_BINDINGS {
        return;
    }
    let mut ids: Vec<u32> = live.iter().filter_map(def_id).collect();
    ids.sort_unstable();
    // Collapse the oldest so that `MAX_LIVE_BINDINGS - 1` definition
    // entries stay, plus the widened one.
    let cut = ids[defs - MAX_LIVE_BINDINGS];
    let mut common: Option<Vec<ScopedPredicateId>> = None;
    for l in live.iter() {
        let collapsed = def_id(l).is_some_and(|d| d <= cut) || l.target == Target::Widened;
        if collapsed {
            match &mut common {
                None => common = Some(l.preds.clone()),
                Some(c) => c.retain(|p| l.preds.contains(p)),
            }
        }
    }
    live.retain(|l| !(def_id(l).is_some_and(|d| d <= cut) || l.target == Target::Widened));
    live.push(Live {
        target: Target::Widened,
        preds: common.unwrap_or_default(),
    });
}

/// The predicate created together with `p` for the other edge of the same
/// test (predicates are always created in pairs: true edge, false edge).
fn complement(p: ScopedPredicateId) -> ScopedPredicateId {
    ScopedPredicateId(p.0 ^ 1)
}

/// Adds a live entry for a binding reaching by one more path.
///
/// A binding that reaches by several paths holds the *disjunction* of the
/// paths' predicates. It is kept as separate entries for the same target
/// (at most [`MAX_DISJUNCTS`]), so that after
/// `if x is not None and not isinstance(x, str): return` the binding of `x`
/// is `x is None` or `isinstance(x, str)`. Entries are simplified on the
/// way: `[a, p]` or `[a, not p]` is `[a]`; `[a]` or `[a, b]` is `[a]`. Past
/// the cap, all entries of the target collapse into one holding the
/// predicates common to all (what the paths share; always sound).
pub(crate) fn add_live(live: &mut Vec<Live>, target: Target, preds: &[ScopedPredicateId]) {
    let mut count = 0;
    for existing in live.iter_mut().filter(|l| l.target == target) {
        count += 1;
        if existing.preds == preds {
            return;
        }
        if merge_to_common(&existing.preds, preds) {
            existing.preds.retain(|p| preds.contains(p));
            return;
        }
    }
    if count == 0 || count < MAX_DISJUNCTS {
        live.push(Live {
            target,
            preds: preds.to_vec(),
        });
        return;
    }
    // Too many alternatives: keep one entry with the common predicates.
    let mut common: Vec<ScopedPredicateId> = preds.to_vec();
    for l in live.iter().filter(|l| l.target == target) {
        common.retain(|p| l.preds.contains(p));
    }
    let mut first = true;
    live.retain_mut(|l| {
        if l.target != target {
            return true;
        }
        if first {
            first = false;
            l.preds = common.clone();
            true
        } else {
            false
        }
    });
}

/// `alts`, the conditions of the unbound paths of one state (empty:
/// unconditional), or those of another state's (see
/// [`SymState::unbound_preds`]): kept as alternatives, simplified as live
/// entries are (`[a, p]` or `[a, not p]` is `[a]`; `[a]` or `[a, b]` is
/// `[a]`), at most [`MAX_DISJUNCTS`]; past that, what they all share.
///
/// ```python
/// with lock:                  # manager that may swallow: condition s1
///     with open(f) as fh:     # condition s2
///         data = fh.read()
/// print(data)                 # unbound if s1 or s2 swallowed
/// ```
pub(crate) fn or_conditions(
    alts: &mut Vec<Vec<ScopedPredicateId>>,
    other: &[Vec<ScopedPredicateId>],
) {
    if alts.is_empty() {
        return;
    }
    if other.is_empty() {
        alts.clear();
        return;
    }
    for preds in other {
        add_condition(alts, preds);
        if alts.is_empty() {
            return;
        }
    }
}

/// Whether two alternative conjunctions of predicates are together
/// exactly their common predicates: one is weaker than the other, or they
/// differ only by one predicate and its complement (`A and p` or `A and
/// not p` is `A`).
fn merge_to_common(existing: &[ScopedPredicateId], new: &[ScopedPredicateId]) -> bool {
    let only_existing: Vec<ScopedPredicateId> = existing
        .iter()
        .copied()
        .filter(|p| !new.contains(p))
        .collect();
    let only_new: Vec<ScopedPredicateId> = new
        .iter()
        .copied()
        .filter(|p| !existing.contains(p))
        .collect();
    let weaker = only_new.is_empty() || only_existing.is_empty();
    let cancels = only_existing.len() == 1
        && only_new.len() == 1
        && complement(only_existing[0]) == only_new[0];
    weaker || cancels
}

fn add_condition(alts: &mut Vec<Vec<ScopedPredicateId>>, preds: &[ScopedPredicateId]) {
    for existing in alts.iter_mut() {
        if existing[..] == *preds {
            return;
        }
        if merge_to_common(existing, preds) {
            existing.retain(|p| preds.contains(p));
            if existing.is_empty() {
                alts.clear();
            }
            return;
        }
    }
    if alts.len() < MAX_DISJUNCTS {
        alts.push(preds.to_vec());
        return;
    }
    let mut common = preds.to_vec();
    for a in alts.iter() {
        common.retain(|p| a.contains(p));
    }
    alts.clear();
    if !common.is_empty() {
        alts.push(common);
    }
}

/// Appends a predicate, dropping the oldest past the cap.
pub(crate) fn push_pred(preds: &mut Vec<ScopedPredicateId>, pred: ScopedPredicateId) {
    if preds.last() == Some(&pred) {
        return;
    }
    if preds.len() >= MAX_PREDICATES {
        preds.remove(0);
    }
    preds.push(pred);
}

/// The loops of a scope: parents, and back-edge states once done.
#[derive(Debug, Default)]
pub(crate) struct Loops {
    parents: Vec<Option<LoopId>>,
    back: Vec<Option<FlowState>>,
}

impl Loops {
    pub fn new_loop(&mut self, parent: Option<LoopId>) -> LoopId {
        self.parents.push(parent);
        self.back.push(None);
        (self.parents.len() - 1) as LoopId
    }

    pub fn parent(&self, id: LoopId) -> Option<LoopId> {
        self.parents[id as usize]
    }

    pub fn set_back(&mut self, id: LoopId, state: FlowState) {
        self.back[id as usize] = Some(state);
    }

    /// The state of a symbol missing from a state taken inside `innermost`.
    pub fn initial(&self, mut innermost: Option<LoopId>) -> SymState {
        let mut state = SymState::unbound();
        while let Some(id) = innermost {
            state.live.push(Live {
                target: Target::Header(id),
                preds: Vec::new(),
            });
            innermost = self.parents[id as usize];
        }
        state
    }

    /// What the back edge of `id` brings for `symbol`, without the loop's
    /// own placeholder. `None` when the back edge is unreachable.
    fn back_edge(&self, id: LoopId, symbol: usize) -> Option<SymState> {
        let back = self.back[id as usize].as_ref()?;
        if !back.reachable {
            return None;
        }
        let mut state = back.symbol(symbol, self);
        state.live.retain(|l| l.target != Target::Header(id));
        Some(state)
    }

    /// Replaces placeholders by the definitions they stand for. For a place
    /// symbol, `start` is its start definition: "unbound" means the start
    /// value there, so an unbound back edge reached through a placeholder
    /// with predicates becomes the start definition with them (instead of
    /// losing them).
    pub fn resolve(
        &self,
        state: &SymState,
        symbol: usize,
        start: Option<ScopedDefinitionId>,
    ) -> (Vec<Live>, bool, Vec<Vec<ScopedPredicateId>>) {
        let mut out: Vec<Live> = Vec::new();
        let mut may_be_unbound = state.may_be_unbound;
        let mut unbound_preds = if may_be_unbound {
            state.unbound_preds.clone()
        } else {
            Vec::new()
        };
        let mut visited: Vec<LoopId> = Vec::new();
        let mut work: Vec<Live> = state.live.iter().rev().cloned().collect();
        while let Some(live) = work.pop() {
            match live.target {
                Target::Def(_) | Target::Widened => add_live(&mut out, live.target, &live.preds),
                Target::Header(id) => {
                    if visited.contains(&id) {
                        continue;
                    }
                    visited.push(id);
                    let Some(back) = self.back_edge(id, symbol) else {
                        continue;
                    };
                    match start {
                        Some(start) if back.may_be_unbound && !live.preds.is_empty() => {
                            work.push(Live {
                                target: Target::Def(start),
                                preds: live.preds.clone(),
                            });
                        }
                        _ if back.may_be_unbound => {
                            // Unbound by the back edge, under what holds
                            // there and what holds since the placeholder.
                            let mut conds = back.unbound_preds.clone();
                            if !live.preds.is_empty() {
                                if conds.is_empty() {
                                    conds.push(live.preds.clone());
                                } else {
                                    for alt in &mut conds {
                                        for &p in &live.preds {
                                            push_pred(alt, p);
                                        }
                                    }
                                }
                            }
                            if may_be_unbound {
                                or_conditions(&mut unbound_preds, &conds);
                            } else {
                                unbound_preds = conds;
                            }
                            may_be_unbound = true;
                        }
                        _ => {}
                    }
                    for entry in back.live.into_iter().rev() {
                        let mut preds = entry.preds;
                        for &p in &live.preds {
                            push_pred(&mut preds, p);
                        }
                        work.push(Live {
                            target: entry.target,
                            preds,
                        });
                    }
                }
            }
        }
        cap_live(&mut out);
        (out, may_be_unbound, unbound_preds)
    }
}

/// The state of all symbols of a scope at one point.
#[derive(Debug, Clone)]
pub(crate) struct FlowState {
    pub symbols: Vec<SymState>,
    pub reachable: bool,
    pub innermost_loop: Option<LoopId>,
    /// This point is reached only if the calls of one of these
    /// alternatives (each a conjunction of `CallReturns` predicates)
    /// returned; empty: unconditionally. Applied to the symbols that differ
    /// at the next merge (see [`FlowState::merge`]).
    pub pending: Vec<Vec<ScopedPredicateId>>,
}

impl FlowState {
    pub fn new() -> Self {
        FlowState {
            symbols: Vec::new(),
            reachable: true,
            innermost_loop: None,
            pending: Vec::new(),
        }
    }

    /// This point is reached only if the call of `pred` returned.
    pub fn add_pending(&mut self, pred: ScopedPredicateId) {
        if self.pending.is_empty() {
            self.pending.push(vec![pred]);
        } else {
            for alt in &mut self.pending {
                push_pred(alt, pred);
            }
        }
    }

    /// A symbol's state, materializing a missing one.
    pub fn symbol(&self, symbol: usize, loops: &Loops) -> SymState {
        match self.symbols.get(symbol) {
            Some(s) => s.clone(),
            None => loops.initial(self.innermost_loop),
        }
    }

    /// Materializes every symbol below `n`.
    pub fn extend_to(&mut self, n: usize, loops: &Loops) {
        while self.symbols.len() < n {
            self.symbols.push(loops.initial(self.innermost_loop));
        }
    }

    pub fn symbol_mut(&mut self, symbol: usize, loops: &Loops) -> &mut SymState {
        self.extend_to(symbol + 1, loops);
        &mut self.symbols[symbol]
    }

    /// Moves a state taken inside a loop to the loop's parent context.
    pub fn rebase(&mut self, n: usize, loops: &Loops, innermost: Option<LoopId>) {
        self.extend_to(n, loops);
        self.innermost_loop = innermost;
    }

    /// Merges another path into this one. An unreachable path contributes
    /// nothing; merging into an unreachable state takes the other path.
    ///
    /// A path reached only if some calls returned (`pending`) has that
    /// condition attached to the symbols whose state differs between the
    /// two paths (for the others it makes no difference which path was
    /// taken); the merged point is conditional only if both paths were.
    pub fn merge(&mut self, other: &FlowState, n: usize, loops: &Loops) {
        if !other.reachable {
            return;
        }
        self.extend_to(n, loops);
        if !self.reachable {
            for (i, slot) in self.symbols.iter_mut().enumerate() {
                *slot = other.symbol(i, loops);
            }
            self.reachable = true;
            self.pending = other.pending.clone();
            return;
        }
        if self.pending.is_empty() && other.pending.is_empty() {
            for (i, slot) in self.symbols.iter_mut().enumerate() {
                match other.symbols.get(i) {
                    Some(s) => slot.merge(s),
                    None => slot.merge(&loops.initial(other.innermost_loop)),
                }
            }
            return;
        }
        for (i, slot) in self.symbols.iter_mut().enumerate() {
            let mut theirs = other.symbol(i, loops);
            if *slot == theirs {
                continue;
            }
            slot.assume_returned(&self.pending);
            theirs.assume_returned(&other.pending);
            slot.merge(&theirs);
        }
        if self.pending.is_empty() || other.pending.is_empty() {
            self.pending.clear();
        } else {
            for alt in &other.pending {
                if !self.pending.contains(alt) {
                    self.pending.push(alt.clone());
                }
            }
            if self.pending.len() > MAX_DISJUNCTS {
                // Too many alternatives: forget the condition (sound).
                self.pending.clear();
            }
        }
    }

    /// Merges one symbol of another state into this one (used for the
    /// states an exception handler can start from).
    pub fn merge_symbol(&mut self, symbol: usize, state: &SymState, loops: &Loops) {
        let reachable = self.reachable;
        let slot = self.symbol_mut(symbol, loops);
        if reachable {
            slot.merge(state);
        }
    }
}
