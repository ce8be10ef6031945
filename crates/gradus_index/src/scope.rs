//! Scopes: the regions of a file that have their own names.
//!
//! Python has more scopes than blocks suggest. A function body, a class body,
//! a lambda and every comprehension get their own, and PEP 695 adds a
//! *type-parameter scope* between a generic definition and its enclosing
//! scope:
//!
//! ```python
//! x = 1                          # module scope
//! class C[T]:                    # `T` lives in a type-parameter scope ...
//!     y = [x for x in range(3)]  # ... the class body is a child of it; the
//!                                # comprehension has its own `x`
//!     def m(self) -> T: ...      # function scope; `T` resolves to the
//!                                # type-parameter scope, `y` does not resolve
//!                                # to the class (class scopes are skipped)
//! ```
//!
//! Scopes are numbered per file ([`ScopeId`]). The module is always
//! [`ScopeId::MODULE`]. The direct children of a scope are numbered when the
//! scope's own body is walked, and function, class and lambda bodies are walked
//! after the enclosing body is complete; so adding a lambda inside one function
//! shifts only the ids of scopes inside functions walked later, never the ids
//! of that function's siblings.

use gradus_syntax::TextRange;

/// A scope's index in its file. Stable across edits that do not add or
/// remove scopes before it in walk order (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(u32);

impl ScopeId {
    /// The module scope, always the first.
    pub const MODULE: ScopeId = ScopeId(0);

    /// The id as a `usize` index.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn from_index(index: usize) -> Self {
        ScopeId(u32::try_from(index).expect("fewer than 2^32 scopes"))
    }
}

/// What kind of construct opened a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// The module (file) itself.
    Module,
    /// A class body.
    Class,
    /// A `def` or `async def` body (parameters live here too).
    Function { is_async: bool },
    /// A `lambda` (parameters and the body expression).
    Lambda,
    /// A list/set/dict comprehension or generator expression. The first
    /// iterable is evaluated in the enclosing scope; targets, the other
    /// iterables, conditions and the element live here.
    Comprehension(ComprehensionKind),
    /// The PEP 695 scope holding the type parameters of a generic `def`,
    /// `class` or `type` statement. For `def` it also holds the parameter
    /// and return annotations, for `class` the bases and keywords, for `type`
    /// the value.
    TypeParams,
}

/// The four comprehension forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComprehensionKind {
    List,
    Set,
    Dict,
    Generator,
}

impl ScopeKind {
    /// Function-like scopes: functions and lambdas (not comprehensions).
    pub fn is_function_like(self) -> bool {
        matches!(self, ScopeKind::Function { .. } | ScopeKind::Lambda)
    }

    /// Scopes whose names are invisible to nested function scopes (classes).
    pub fn is_class(self) -> bool {
        matches!(self, ScopeKind::Class)
    }
}

/// One scope of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The enclosing scope; `None` only for the module.
    pub parent: Option<ScopeId>,
    pub kind: ScopeKind,
    /// The range of the node that opened the scope: the whole `def`/`class`/
    /// `type` statement (also for its type-parameter scope), the `lambda` or
    /// comprehension expression, or the whole file for the module.
    pub node_range: TextRange,
    /// The function's or class's name; `<lambda>`, `<listcomp>`, ... and
    /// `<type params of NAME>` otherwise; `<module>` for the module.
    pub name: String,
}
