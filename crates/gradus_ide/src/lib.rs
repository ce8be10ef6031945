//! Editor features as plain data: byte offsets into a file's decoded text
//! and strings in, [`TextRange`]s and strings out. No LSP types here — the
//! language server (`gradus_server`) converts positions with `LineIndex`.
//!
//! ```python
//! import os.path      # definition on `path` → typeshed-lite/stdlib/os/path.pyi
//! from json import d  # completion after `import ` → submodules and names
//! x = 1  # type: ignore[unresolved-import]   <- the quick fix's edit
//! ```
//!
//! What works today needs only the AST, the resolver and the checker's
//! diagnostics. The features that need inferred types have one entry point
//! each here, so the type engine plugs in without touching the server:
//!
//! | feature | entry point | today | with types |
//! |---|---|---|---|
//! | hover | [`hover`] | module of an import | type of the expression, signature, docstring |
//! | definition | [`goto_definition`] | import → module, `from m import x` → top-level `x` of `m` | any name via the index's use-def map |
//! | completion | [`completions`] | module names in imports, keywords | attributes, names in scope, auto-import |
//! | references / rename | [`references`] | empty | index + types across files |
//! | inlay hints | [`inlay_hints`] | empty | inferred variable and return types |
//! | signature help | [`signature_help`] | `None` | the callee's signature |
//! | document highlight | [`document_highlights`] | same identifier text within the scope | the index's symbol identity |

mod completion;
mod fixes;
mod highlight;
mod inlay;
mod nav;
mod scan;
mod signature;
mod symbols;
mod typed;

pub use completion::{completions, CompletionItem, CompletionKind, KEYWORDS};
pub use fixes::{ignore_comment_fix, Fix, TextEdit};
pub use highlight::{document_highlights, Highlight, HighlightKind};
pub use inlay::{inlay_hints, InlayHint, InlayHintKind, InlayHintOptions};
pub use nav::{goto_definition, hover, HoverResult, NavigationTarget};
pub use signature::{signature_help, SignatureHelp, SignatureInfo};
pub use symbols::{
    document_symbols, folding_ranges, FoldingKind, FoldingRange, Symbol, SymbolKind,
};
pub use typed::goto_type_definition;

use gradus_db::{Db, File};
use gradus_syntax::{TextRange, TextSize};

/// A reference to a name (for find references and rename).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub file: File,
    pub range: TextRange,
    /// Whether this occurrence binds the name (an assignment, a `def`).
    pub is_definition: bool,
}

/// All references to the symbol at `offset`. Extension point: needs the
/// index's symbol identity across files and the types of attribute bases;
/// empty until the type engine lands.
pub fn references(_db: &dyn Db, _file: File, _offset: TextSize) -> Vec<Reference> {
    Vec::new()
}

#[cfg(test)]
pub(crate) mod tests {
    use gradus_db::testing::TestDb;
    use gradus_db::File;

    /// An in-memory database with the embedded stubs and `files` written.
    pub(crate) fn test_db(files: &[(&str, &str)]) -> (TestDb, Vec<File>) {
        let mut db = TestDb::new(gradus_stubs::vendored_file_system().clone());
        for (path, text) in files {
            db.write_file(path, text);
        }
        let handles = files
            .iter()
            .map(|(path, _)| {
                gradus_db::system_path_to_file(&db, std::path::Path::new(path)).unwrap()
            })
            .collect();
        (db, handles)
    }
}
