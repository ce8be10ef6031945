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
//!
//! **Calls that may not return.** The binder knows no types, so it cannot
//! tell that `stop()` below never returns (`-> NoReturn`). A call statement
//! that ends a block gets a [`PredicateKind::CallReturns`] predicate ("the
//! call returned"); at the next merge it is attached to what flowed through
//! that block, for the symbols whose state differs between the merged
//! paths (only those can change), and to the "may be unbound" state. The
//! checker evaluates it: a call of a `NoReturn` function makes the
//! bindings under it `Never` (and the unbound path impossible).
//!
//! ```python
//! if x is None:
//!     stop()          # predicate r = `stop()` returned
//! return x            # reaching: param with [x is None, r] | param with [not (x is None)]
//! ```

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
    /// The call statement at `expr_range` returned (positive edge; the
    /// negative one of the pair is never used). Narrows nothing unless the
    /// call never returns: then what holds under it is unreachable.
    CallReturns,
    /// The context manager of the `with` item whose context expression is
    /// at `expr_range` swallowed an exception raised in the body (positive
    /// edge only): the paths from any state of the body (its start, and
    /// after each binding in it) to after the statement. Impossible unless
    /// its `__exit__` (`__aexit__`) is declared to return `bool`.
    ///
    /// ```python
    /// with suppress_errors():   # `__exit__(...) -> bool`
    ///     x = compute()
    /// print(x)                  # possibly unbound
    /// ```
    ExitSuppresses { is_async: bool },
}
