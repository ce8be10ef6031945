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
//! Syntax-only features (symbols, folding, highlight, quick fixes, import
//! navigation) read the AST and the resolver; the rest asks the type engine
//! through `gradus_check::ide` (the identifier under the cursor, what it
//! resolves to, its type):
//!
//! | feature | entry point | how |
//! |---|---|---|
//! | hover | [`hover`] | the type of the name or expression, a declaration's signature, the docstring |
//! | definition / type definition | [`goto_definition`], [`goto_type_definition`] | imports, then the use-def map (names) and the receiver's MRO (attributes), into stubs |
//! | completion | [`completions`] | module names in imports, attributes of the receiver's type, names in scope, keywords, auto-import of modules |
//! | signature help | [`signature_help`] | the callee's signatures, the active parameter by comma count or keyword |
//! | inlay hints | [`inlay_hints`] | inferred variable and return types |
//! | references / rename | [`references`], [`rename`] | identifiers resolving to the same definition site, across project files |
//! | semantic tokens | [`semantic_tokens`] | each identifier classified by what it resolves to |
//! | workspace symbols | [`workspace_symbols`] | top-level and class-level symbols, fuzzy matched |
//! | document highlight | [`document_highlights`] | occurrences resolving to the same symbol (textual fallback) |
//! | quick fixes | [`import_fixes`], [`ignore_comment_fix`] | import an undefined name; `# type: ignore[code]` |

mod completion;
mod fixes;
mod highlight;
mod inlay;
mod nav;
mod references;
mod scan;
mod signature;
mod symbols;
mod tokens;
mod typed;

pub use completion::{completions, CompletionItem, CompletionKind, KEYWORDS};
pub use fixes::{ignore_comment_fix, import_fixes, Fix, TextEdit};
pub use highlight::{document_highlights, Highlight, HighlightKind};
pub use inlay::{inlay_hints, InlayHint, InlayHintKind, InlayHintOptions};
pub use nav::{goto_definition, hover, HoverResult, NavigationTarget};
pub use references::{prepare_rename, references, rename, Reference, RenameError};
pub use signature::{signature_help, SignatureHelp, SignatureInfo};
pub use symbols::{
    document_symbols, folding_ranges, FoldingKind, FoldingRange, Symbol, SymbolKind,
};
pub use tokens::{semantic_tokens, workspace_symbols, SemanticToken, TokenType, WorkspaceSymbol};
pub use typed::goto_type_definition;

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
