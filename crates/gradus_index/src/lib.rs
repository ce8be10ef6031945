//! The binder: what a module defines, imports and reads, and how control
//! flow connects them — computed from the AST alone, no types.
//!
//! ```python
//! import os.path            # an `Import` definition binding `os`
//! def f(x: int = 0):        # module scope: `f`; function scope: `x`
//!     if x:
//!         y = 1
//!     return y              # use of `y`: sees `y = 1`, may be unbound
//! ```
//!
//! Layers of the index, each in its own module:
//! - [`scope`]: scopes (module, class, function, lambda, comprehension,
//!   PEP 695 type parameters) with parent links;
//! - [`symbol`]: per-scope symbol tables with `global`/`nonlocal` handling;
//! - [`definition`]: one record per binding site, locating its AST nodes by
//!   range ([`locate`] finds nodes by range);
//! - [`use_def`]: per-scope use-def maps over control flow, with narrowing
//!   [`predicate`]s on every reaching binding;
//! - [`reachability`]: statically unreachable code.
//!
//! Queries: [`semantic_index`] (per file, `no_eq`: recomputed on every
//! edit of the file) and the per-scope firewalls [`use_def_map`] and
//! [`symbol_table`], which compare equal when the scope is unchanged so that
//! per-scope inference reading only them is not re-run (they hold no source
//! ranges, so even edits that shift the scope's offsets leave them equal).
//! [`module_imports`] lists a module's imports for import resolution.

pub mod definition;
mod imports;
mod index;
pub mod locate;
pub mod place;
pub mod predicate;
pub mod reachability;
pub mod scope;
pub mod symbol;
pub mod use_def;

mod builder;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use gradus_db::{parsed_module, source_text, Db, File};
use gradus_syntax::TextRange;

pub use builder::MAX_DEPTH;
pub use definition::{
    Definition, DefinitionId, DefinitionKind, MatchCaptureKind, ParameterKind, ScopedDefinitionId,
    TypeParamKind, UnpackStep,
};
pub use imports::{module_imports, ImportFromName, ModuleImport, ModuleImports};
pub use index::{NestedBinding, SemanticIndex};
pub use place::{place_key, subject_key};
pub use predicate::{Predicate, PredicateKind, ScopedPredicateId, MAX_PREDICATES};
pub use scope::{ComprehensionKind, Scope, ScopeId, ScopeKind};
pub use symbol::{ScopedSymbolId, Symbol, SymbolFlags, SymbolTable};
pub use use_def::{Bindings, LiveBinding, ScopedUseId, UseDefMap};

/// The symbol a `from m import *` binds (see [`DefinitionKind::StarImport`]).
pub const STAR_SYMBOL: &str = "*";

/// The semantic index of a file. `no_eq`: it holds ranges, which shift on
/// almost every edit; read the per-scope [`use_def_map`] and
/// [`symbol_table`] queries where backdating matters.
#[salsa::tracked(returns(ref), no_eq)]
pub fn semantic_index(db: &dyn Db, file: File) -> SemanticIndex {
    let parsed = parsed_module(db, file);
    let text = &source_text(db, file).text;
    let program = db.program();
    builder::IndexBuilder::new(
        text,
        &parsed,
        program.python_version(db),
        program.python_platform(db).clone(),
    )
    .build()
}

/// The use-def map of one scope: a firewall query that compares equal (and
/// so backdates) when an edit leaves the scope's structure unchanged.
/// A scope id past the file's scopes yields an empty map.
#[salsa::tracked(returns(clone))]
pub fn use_def_map(db: &dyn Db, file: File, scope: ScopeId) -> Arc<UseDefMap> {
    let index = semantic_index(db, file);
    if scope.index() < index.scope_count() {
        index.use_def_map(scope).clone()
    } else {
        Arc::new(UseDefMap::empty())
    }
}

/// The symbol table of one scope: a firewall query like [`use_def_map`].
#[salsa::tracked(returns(clone))]
pub fn symbol_table(db: &dyn Db, file: File, scope: ScopeId) -> Arc<SymbolTable> {
    let index = semantic_index(db, file);
    if scope.index() < index.scope_count() {
        index.symbol_table(scope).clone()
    } else {
        Arc::new(SymbolTable::default())
    }
}

/// Whether `range` of `file` is statically reachable (see [`reachability`]).
pub fn is_range_reachable(db: &dyn Db, file: File, range: TextRange) -> bool {
    semantic_index(db, file).is_range_reachable(range)
}
