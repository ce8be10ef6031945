//! The per-scope firewall: an edit inside one function body re-checks that
//! function and nothing else of the file.
//!
//! ```python
//! def f() -> int:
//!     return 1        # edit this line ...
//!
//! def g(x: int) -> str:
//!     return str(x)   # ... and `check_scope(g)` is not re-run
//! ```
//!
//! `parsed_module` and `semantic_index` are `no_eq`: every query that reads
//! them re-runs after any edit of the file. [`check_scope`](crate::infer::scope::check_scope) therefore reads
//! them only through [`scope_inputs`], whose value compares by a
//! *fingerprint* of everything the scope's checking can see of its file
//! directly: the file's text outside the bodies of top-level functions (and
//! of methods), plus the text of the scope's own outermost function, plus
//! the shape of the scope tree. The fingerprint holds no positions, so an
//! edit that only moves a function (text inserted above it) does not re-check
//! it either: `check_scope` reports ranges relative to the scope's start and
//! `check_file` adds the current start.
//!
//! While a scope is checked, the AST and index it got from `scope_inputs`
//! are installed as a thread-local *override* that [`parsed`] and [`index`]
//! serve for that file without a salsa read. Everything the scope learns
//! about the rest of the file goes through tracked queries
//! (`definition_type`, `use_def_map` of the enclosing scopes, instance
//! attributes, ...), which backdate when their result is unchanged. Every
//! tracked function of this crate starts with [`query_boundary`], which
//! lifts the override for its own execution, so its dependencies are
//! recorded as usual (a test checks that each tracked function does).

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use gradus_db::{parsed_module, Db, File, ParsedModuleRef};
use gradus_index::{
    locate, semantic_index, DefinitionId, DefinitionKind, ScopeId, ScopeKind, SemanticIndex,
};
use gradus_syntax::ast::Ranged;
use gradus_syntax::{TextRange, TextSize};
use rustc_hash::{FxHashMap, FxHasher};

use crate::infer::function::function_parts;

type DefinitionsByStatement = FxHashMap<TextRange, gradus_index::DefinitionId>;

/// What a scope's check reads of its own file, compared by fingerprint.
pub struct ScopeInputs {
    fingerprint: u64,
    /// Where the scope starts in the current text (not compared).
    start: TextSize,
    module: ParsedModuleRef,
    /// Points into the memo of `semantic_index(file)` of the revision this
    /// value was made in; read only while that revision is current.
    index: *const SemanticIndex,
    definitions: *const DefinitionsByStatement,
}

// SAFETY: the pointers refer to immutable memoized values that salsa keeps
// alive (and never mutates) for the whole revision; they are dereferenced
// only inside queries of that revision (see `check_scope`).
unsafe impl Send for ScopeInputs {}
unsafe impl Sync for ScopeInputs {}

impl PartialEq for ScopeInputs {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint == other.fingerprint
    }
}

impl Eq for ScopeInputs {}

impl std::fmt::Debug for ScopeInputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScopeInputs")
            .field("fingerprint", &self.fingerprint)
            .field("start", &self.start)
            .finish_non_exhaustive()
    }
}

impl ScopeInputs {
    /// Where the scope starts in the current text.
    pub fn start(&self) -> TextSize {
        self.start
    }
}

/// The fingerprint of every scope of `file` (see the module docs), indexed
/// by scope id. Compared by value, so a scope's [`scope_inputs`] re-runs
/// cheaply and backdates when its own fingerprint is unchanged.
#[salsa::tracked(returns(ref))]
pub fn scope_fingerprints(db: &dyn Db, file: File) -> Vec<u64> {
    let _boundary = query_boundary();
    let index = semantic_index(db, file);
    let module = parsed_module(db, file);
    let text = &gradus_db::source_text(db, file).text;

    // The outermost function of each scope (none for module, class and
    // the lambdas and comprehensions outside any function).
    let mut outermost: Vec<Option<ScopeId>> = Vec::with_capacity(index.scope_count());
    let mut shape = FxHasher::default();
    index.is_truncated().hash(&mut shape);
    index.has_future_annotations().hash(&mut shape);
    for (id, scope) in index.scopes() {
        let inherited = scope.parent.and_then(|p| outermost[p.index()]);
        let own = match (inherited, scope.kind) {
            (Some(outer), _) => Some(outer),
            (None, ScopeKind::Function { .. }) => Some(id),
            (None, _) => None,
        };
        outermost.push(own);
        scope.parent.hash(&mut shape);
        std::mem::discriminant(&scope.kind).hash(&mut shape);
        scope.name.hash(&mut shape);
    }

    // The bodies of the outermost functions are left out of the shared
    // part; each function's own fingerprint adds its whole text.
    let mut bodies: Vec<TextRange> = Vec::new();
    for (id, scope) in index.scopes() {
        if outermost[id.index()] != Some(id) {
            continue;
        }
        let body = locate::find_stmt(&module, scope.node_range)
            .and_then(function_parts)
            .and_then(|parts| parts.body.first().map(|first| first.start()));
        if let Some(body_start) = body {
            if body_start < scope.node_range.end() {
                bodies.push(TextRange::new(body_start, scope.node_range.end()));
            }
        }
    }
    bodies.sort_by_key(|r| r.start());
    let mut shared = FxHasher::default();
    let mut cursor = TextSize::from(0);
    for body in &bodies {
        if body.start() < cursor {
            continue; // nested in an earlier body (cannot happen for outermost)
        }
        slice(text, TextRange::new(cursor, body.start())).hash(&mut shared);
        cursor = body.end();
    }
    slice(text, TextRange::new(cursor, TextSize::of(&**text))).hash(&mut shared);
    shape.finish().hash(&mut shared);
    let shared = shared.finish();

    index
        .scopes()
        .map(|(id, _)| match outermost[id.index()] {
            None => shared,
            Some(outer) => {
                let mut h = FxHasher::default();
                shared.hash(&mut h);
                slice(text, index.scope(outer).node_range).hash(&mut h);
                // Where the scope sits inside its outermost function.
                let offset =
                    index.scope(id).node_range.start() - index.scope(outer).node_range.start();
                offset.hash(&mut h);
                h.finish()
            }
        })
        .collect()
}

fn slice(text: &str, range: TextRange) -> &str {
    text.get(usize::from(range.start())..usize::from(range.end()))
        .unwrap_or("")
}

/// The AST and index a scope's check reads, behind its fingerprint.
#[salsa::tracked(returns(ref))]
pub fn scope_inputs(db: &dyn Db, file: File, scope: ScopeId) -> ScopeInputs {
    let _boundary = query_boundary();
    let index = semantic_index(db, file);
    let fingerprint = scope_fingerprints(db, file)
        .get(scope.index())
        .copied()
        .unwrap_or(0);
    let start = if scope.index() < index.scope_count() {
        index.scope(scope).node_range.start()
    } else {
        TextSize::from(0)
    };
    ScopeInputs {
        fingerprint,
        start,
        module: parsed_module(db, file),
        index: index as *const SemanticIndex,
        definitions: crate::semantic::definitions_by_statement(db, file)
            as *const DefinitionsByStatement,
    }
}

/// What a definition's type reads of its file, compared by fingerprint: the
/// fingerprint of the definition's scope (see [`scope_fingerprints`]), plus
/// the definition's name and kind, plus, for a `def` or `class` statement,
/// its whole text (the statement holds a body its scope's fingerprint
/// leaves out). Like [`scope_inputs`] for `check_scope`, this lets
/// `definition_type` of a definition the edit cannot affect backdate
/// instead of re-running after every edit of its file:
///
/// ```python
/// class Item:
///     def total(self, other: int) -> int:
///         result = self.value + other   # an edit here re-runs `result`'s
///         return result                 # definition, not `Item`'s or `label`'s
///     def label(self) -> str: ...
/// ```
#[salsa::tracked(returns(ref))]
pub fn definition_inputs(db: &dyn Db, file: File, definition: DefinitionId) -> ScopeInputs {
    let _boundary = query_boundary();
    let index = semantic_index(db, file);
    let text = &gradus_db::source_text(db, file).text;
    let mut h = FxHasher::default();
    let scope = definition.scope;
    scope_fingerprints(db, file)
        .get(scope.index())
        .copied()
        .unwrap_or(0)
        .hash(&mut h);
    let known = scope.index() < index.scope_count()
        && definition.id.index() < index.definitions(scope).len();
    known.hash(&mut h);
    if known {
        let def = index.definition(definition);
        index
            .symbol_table(scope)
            .symbol(def.symbol)
            .name()
            .hash(&mut h);
        std::mem::discriminant(&def.kind).hash(&mut h);
        if let DefinitionKind::FunctionDef { stmt, .. } | DefinitionKind::ClassDef { stmt } =
            def.kind
        {
            slice(text, stmt).hash(&mut h);
        }
    }
    ScopeInputs {
        fingerprint: h.finish(),
        start: TextSize::from(0),
        module: parsed_module(db, file),
        index: index as *const SemanticIndex,
        definitions: crate::semantic::definitions_by_statement(db, file)
            as *const DefinitionsByStatement,
    }
}

/// Installs [`definition_inputs`] as the override of `file` for the guard's
/// lifetime, and depends on the use-def maps and symbol tables of the
/// definition's scope and its ancestors (what changes there without
/// changing the scope's fingerprint: a `global x` assignment in another
/// function). Call right after the query's own boundary.
pub(crate) fn install_definition(
    db: &dyn Db,
    file: File,
    definition: DefinitionId,
) -> QueryBoundary {
    let inputs = definition_inputs(db, file, definition);
    let guard = install(file, inputs);
    let index = index(db, file);
    let mut scope = (definition.scope.index() < index.scope_count()).then_some(definition.scope);
    while let Some(s) = scope {
        let _ = gradus_index::use_def_map(db, file, s);
        let _ = gradus_index::symbol_table(db, file, s);
        scope = index.scope(s).parent;
    }
    guard
}

#[derive(Clone)]
struct Override {
    file: File,
    module: ParsedModuleRef,
    index: *const SemanticIndex,
    definitions: *const DefinitionsByStatement,
}

thread_local! {
    static OVERRIDE: RefCell<Option<Override>> = const { RefCell::new(None) };
}

/// Lifts the override for the lifetime of the guard (restored on drop,
/// also when unwinding).
pub struct QueryBoundary(Option<Override>);

/// Call first in every tracked function of this crate: the function's
/// reads are then recorded as its own dependencies.
pub fn query_boundary() -> QueryBoundary {
    QueryBoundary(OVERRIDE.with(|o| o.borrow_mut().take()))
}

impl Drop for QueryBoundary {
    fn drop(&mut self) {
        let saved = self.0.take();
        OVERRIDE.with(|o| *o.borrow_mut() = saved);
    }
}

/// Installs `inputs` as the override of `file` for the guard's lifetime.
/// Only `check_scope` does this, right after its own boundary.
pub(crate) fn install(file: File, inputs: &ScopeInputs) -> QueryBoundary {
    let previous = OVERRIDE.with(|o| {
        o.borrow_mut().replace(Override {
            file,
            module: inputs.module.clone(),
            index: inputs.index,
            definitions: inputs.definitions,
        })
    });
    QueryBoundary(previous)
}

fn with_override<R>(file: File, f: impl FnOnce(&Override) -> R) -> Option<R> {
    OVERRIDE.with(|o| o.borrow().as_ref().filter(|o| o.file == file).map(f))
}

/// The semantic index of `file` (from the override while a scope of it is
/// being checked).
pub fn index(db: &dyn Db, file: File) -> &SemanticIndex {
    match with_override(file, |o| o.index) {
        // SAFETY: see `ScopeInputs`: the override lives only while
        // `check_scope` runs inside the revision that made the pointer.
        Some(ptr) => unsafe { &*ptr },
        None => semantic_index(db, file),
    }
}

/// The parsed module of `file` (from the override while a scope of it is
/// being checked).
pub fn parsed(db: &dyn Db, file: File) -> ParsedModuleRef {
    with_override(file, |o| o.module.clone()).unwrap_or_else(|| parsed_module(db, file))
}

/// `definitions_by_statement(file)` (from the override while a scope of it
/// is being checked).
pub fn definitions_by_statement(db: &dyn Db, file: File) -> &DefinitionsByStatement {
    match with_override(file, |o| o.definitions) {
        // SAFETY: as for `index`.
        Some(ptr) => unsafe { &*ptr },
        None => crate::semantic::definitions_by_statement(db, file),
    }
}

#[cfg(test)]
mod tests {
    /// Every tracked function of this crate starts with `query_boundary()`:
    /// one that does not would record no dependency on the AST or index
    /// it reads while a scope is being checked, and go stale.
    #[test]
    fn every_tracked_function_lifts_the_override() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut seen = 0;
        for entry in walk(&root) {
            let text = std::fs::read_to_string(&entry).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !line.trim_start().starts_with("#[salsa::tracked") {
                    continue;
                }
                seen += 1;
                // The first statement after the signature's opening brace.
                let body = lines[i + 1..]
                    .iter()
                    .position(|l| l.trim_end().ends_with('{'))
                    .map(|p| i + 1 + p + 1);
                let ok = body
                    .and_then(|b| lines.get(b))
                    .is_some_and(|l| l.contains("query_boundary()"));
                if !ok {
                    missing.push(format!("{}:{}", entry.display(), i + 1));
                }
            }
        }
        assert!(seen > 10, "found only {seen} tracked functions");
        assert!(missing.is_empty(), "no query_boundary() in: {missing:#?}");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }
}
