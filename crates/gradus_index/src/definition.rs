//! Definitions: one record per place that binds (or unbinds) a name.
//!
//! The type engine infers the type a definition gives its name; it finds the
//! AST nodes it needs by range (rustpython nodes have no ids), with the
//! helpers in [`locate`](crate::locate):
//!
//! ```python
//! a, (b, *c) = value        # three Assignment definitions sharing `value`;
//!                           # `b`'s unpack path is [1 of 2] then [0 of 2 (* at 1)]
//! import os.path            # Import binding `os` (the top-level package)
//! import os.path as p       # Import binding `p` to `os.path`
//! from m import *           # StarImport: expanded by the engine from `m`'s
//!                           # `__all__` or public names
//! try: ...
//! except E as e: ...        # ExceptHandler binding `e`, then an implicit
//!                           # Deletion of `e` at the end of the handler
//! ```

use gradus_syntax::TextRange;

use crate::scope::ScopeId;
use crate::symbol::ScopedSymbolId;

/// A definition's index within its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopedDefinitionId(pub(crate) u32);

impl ScopedDefinitionId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A definition's file-wide identity: its scope plus its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefinitionId {
    pub scope: ScopeId,
    pub id: ScopedDefinitionId,
}

/// One binding site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The bound name in the definition's scope's symbol table.
    pub symbol: ScopedSymbolId,
    /// The range naming the binding: the `Name` target expression, the
    /// alias of an import (`a.b as c`: the whole alias), the name of a
    /// `def`/`class`/`type` statement, the parameter, the type parameter, the
    /// match pattern (`case [*rest]`: the `*rest` pattern), the except
    /// handler (its whole range: rustpython gives the name no range), or the
    /// deleted name.
    pub target_range: TextRange,
    pub kind: DefinitionKind,
}

/// What binds the name; ranges locate the AST nodes the engine needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionKind {
    /// `target = value` (one per name; chained `a = b = v` gives each target
    /// its own). `unpack` is the path from `value` to this name through
    /// tuple/list targets; empty when the target is the name itself.
    Assignment {
        value: TextRange,
        unpack: Vec<UnpackStep>,
    },
    /// `x: ann` or `x: ann = value`: a declaration, and a binding when there
    /// is a value (a bare declaration leaves the name unbound in the flow).
    AnnotatedAssignment {
        annotation: TextRange,
        value: Option<TextRange>,
    },
    /// `x op= value`; `stmt` is the whole statement (its target is also a
    /// use of `x`).
    AugmentedAssignment { stmt: TextRange, value: TextRange },
    /// `import a.b.c` binds `a` (`module` = `a.b.c`, `alias` = false) and
    /// `import a.b as c` binds `c` to `a.b` (`alias` = true).
    Import {
        stmt: TextRange,
        module: String,
        alias: bool,
    },
    /// `from .m import name [as alias]`.
    ImportFrom {
        stmt: TextRange,
        /// The module after the dots, if any (`None` for `from . import x`).
        module: Option<String>,
        /// The number of leading dots.
        level: u32,
        /// The imported name (not the alias).
        name: String,
    },
    /// `from m import *`, recorded once per statement for the special
    /// symbol `*` (see [`STAR_SYMBOL`](crate::STAR_SYMBOL)). The index cannot
    /// know which names `m` exports, so a star import is a *possible*
    /// binding of every name: it joins the reaching bindings of every name
    /// already mentioned when it runs, and of every later use whose name may
    /// still be unbound. The engine expands `m`'s `__all__` (or its public
    /// names) and ignores the definition for a name `m` does not export.
    StarImport {
        stmt: TextRange,
        module: Option<String>,
        level: u32,
    },
    /// A `def` or `async def` (`stmt` includes the decorators' effect: the
    /// engine applies them).
    FunctionDef { stmt: TextRange, is_async: bool },
    /// A `class`.
    ClassDef { stmt: TextRange },
    /// A parameter of a function or lambda (`function` is the `def` or
    /// `lambda` range; the definition lives in the function's scope).
    Parameter {
        function: TextRange,
        kind: ParameterKind,
        annotation: Option<TextRange>,
        default: Option<TextRange>,
    },
    /// The target of `for` / `async for` (`iter` is the iterable).
    For {
        iter: TextRange,
        unpack: Vec<UnpackStep>,
        is_async: bool,
    },
    /// The target of a comprehension `for` clause.
    Comprehension {
        iter: TextRange,
        unpack: Vec<UnpackStep>,
        is_async: bool,
        /// The first clause (its iterable is evaluated in the enclosing scope).
        first: bool,
    },
    /// `with ctx as target` / `async with`.
    With {
        context_expr: TextRange,
        unpack: Vec<UnpackStep>,
        is_async: bool,
    },
    /// `(name := value)`; the definition lives in the enclosing
    /// non-comprehension scope.
    NamedExpr { expr: TextRange, value: TextRange },
    /// A capture in a `case` pattern.
    MatchCapture {
        /// The capturing pattern (`MatchAs`, `MatchStar` or `MatchMapping`).
        pattern: TextRange,
        /// The `match` subject.
        subject: TextRange,
        kind: MatchCaptureKind,
    },
    /// `except E as name` / `except* E as name`.
    ExceptHandler {
        handler: TextRange,
        type_expr: Option<TextRange>,
        is_star: bool,
    },
    /// `type X = value` (value is evaluated lazily, in the type-parameter
    /// scope when there is one).
    TypeAlias { stmt: TextRange, value: TextRange },
    /// A PEP 695 type parameter.
    TypeParam {
        param: TextRange,
        kind: TypeParamKind,
        bound: Option<TextRange>,
        /// A PEP 696 default (`ParsedModule::type_param_default`).
        default: Option<TextRange>,
    },
    /// The value a [place](crate::place) (`self.x`) has where the binder
    /// starts tracking it: whatever the attribute or item lookup gives, not
    /// narrowed. Predicates attach to it (a place assignment is an ordinary
    /// `Assignment`/`For`/... definition of the place's symbol).
    PlaceStart { place: TextRange },
    /// `del x`, or the implicit deletion of an except handler's name at the
    /// end of the handler (`implicit`). After it the name is unbound.
    Deletion { stmt: TextRange, implicit: bool },
}

/// One step of tuple/list unpacking: this name is element `index` of a
/// target sequence of `len` elements whose starred element, if any, is at
/// `star`. If `index == star` the element is the starred one (a list of the
/// middle values); elements after the star count from the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnpackStep {
    pub index: u32,
    pub len: u32,
    pub star: Option<u32>,
}

/// The five kinds of parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterKind {
    PositionalOnly,
    Normal,
    /// `*args`
    VarPositional,
    KeywordOnly,
    /// `**kwargs`
    VarKeyword,
}

/// The three kinds of PEP 695 type parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeParamKind {
    TypeVar,
    ParamSpec,
    TypeVarTuple,
}

/// How a pattern captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchCaptureKind {
    /// `case x`, `case P() as x`.
    As,
    /// `case [*rest]`.
    Star,
    /// `case {**rest}`.
    MappingRest,
}

impl DefinitionKind {
    /// Whether this definition gives the name a value (everything except a
    /// bare annotation and a deletion).
    pub fn is_binding(&self) -> bool {
        match self {
            DefinitionKind::AnnotatedAssignment { value, .. } => value.is_some(),
            DefinitionKind::Deletion { .. } => false,
            _ => true,
        }
    }

    /// Whether this definition declares a type for the name (an annotated
    /// assignment, an annotated parameter, a def, class, import or type
    /// alias: things whose type the user stated rather than inferred).
    pub fn is_declaration(&self) -> bool {
        match self {
            DefinitionKind::AnnotatedAssignment { .. } => true,
            DefinitionKind::Parameter { annotation, .. } => annotation.is_some(),
            DefinitionKind::FunctionDef { .. }
            | DefinitionKind::ClassDef { .. }
            | DefinitionKind::Import { .. }
            | DefinitionKind::ImportFrom { .. }
            | DefinitionKind::StarImport { .. }
            | DefinitionKind::TypeAlias { .. }
            | DefinitionKind::TypeParam { .. } => true,
            _ => false,
        }
    }
}
