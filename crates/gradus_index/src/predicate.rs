//! Narrowing predicates: the branch conditions a binding flowed through.
//!
//! The index records, for every reaching binding, the conditions that were
//! true on every path from the binding to the use, so that narrowing only
//! has to evaluate them:
//!
//! ```python
//! x = f()                      # definition d
//! if isinstance(x, int):       # predicate p = (`isinstance(x, int)`, positive)
//!     use(x)                   # reaching: d with [p]  -> narrowed to int
//! else:
//!     use(x)                   # reaching: d with [not p]
//! use(x)                       # reaching: d with []   (p and not p cancel)
//! ```
//!
//! A predicate is attached only to the bindings of the names and
//! [places](crate::place) the test can narrow (a test can only narrow what
//! it mentions; `c.a is None` narrows the place `c.a`, not `c`, while the
//! literal comparison `ev.kind == "click"` also narrows `ev`). At a merge, a
//! binding that reaches through several paths holds under the predicates of
//! any one of them: it is kept once per path (at most four alternatives,
//! with `[a, p]` or `[a, not p]` simplified to `[a]`), then reduced to the
//! predicates common to all. Each binding keeps at most [`MAX_PREDICATES`]
//! predicates per alternative; older ones are dropped first. Dropping a
//! predicate only widens the narrowed type, so it is always sound.
//!
//! Predicates are created in pairs, the true edge's then the false edge's,
//! so the two edges of one test have ids `2k` and `2k + 1`.

use gradus_syntax::TextRange;

// Budget: see `gradus_budgets`.
pub use gradus_budgets::MAX_PREDICATES;

/// A predicate's index within its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopedPredicateId(pub(crate) u32);

impl ScopedPredicateId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A condition known to hold (or not hold) on an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Predicate {
    /// The test expression (for [`PredicateKind::Pattern`]: the pattern).
    pub expr_range: TextRange,
    /// `true` on the edge where the test is truthy (the pattern matched).
    pub positive: bool,
    pub kind: PredicateKind,
}

/// Where a predicate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PredicateKind {
    /// An `if`/`elif`/`while`/`assert`/conditional-expression/comprehension
    /// test, a guard, or an operand of `and`/`or`.
    Expression,
    /// A `case` pattern matched against `subject` (the `match` subject).
    Pattern { subject: TextRange },
}
