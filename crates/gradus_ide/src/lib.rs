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

#[cfg(test)]
mod robustness {
    use gradus_syntax::{TextRange, TextSize};

    use crate::tests::test_db;

    /// Odd, broken and unusual sources: every entry point at every offset
    /// must answer without panicking.
    const SOURCES: &[&str] = &[
        "def f(:\n    return x.\nclass C(\n",
        "import os.path as p, sys\nfrom . import x\nfrom ...deep import y\nfrom m import *\np.join(\n",
        "é = 1\nnaïve: int = é + 1\nprint(f'{naïve!r:>{é}}')\n# 😀 comment\ns = '😀'.up\n",
        "class A[T: int]:\n    def m[U](self, u: U) -> T | U: ...\n    x = [y for y in range(3) if (z := y)]\n",
        "match cmd:\n    case [a, *rest] if a:\n        pass\n    case {'k': v, **kw}:\n        pass\n    case Point(x=0) as p:\n        pass\n",
        "@dec(1)\nasync def g(a, /, b=2, *c, d, **e):\n    async with x as (q, r):\n        await q\n    yield r\n",
        "x = (((((((((((1)))))))))))\ny = lambda a, b=x: a.b.c(\nz = [\n",
        "try:\n    pass\nexcept* (ValueError, TypeError) as eg:\n    del eg\nglobal gg\nnonlocal nn\n",
        "'''unterminated\n",
        "a.b.c.d.e = 1\nself.x = 2\nsuper().__init__(\n",
    ];

    #[test]
    fn every_feature_at_every_offset() {
        for (n, src) in SOURCES.iter().enumerate() {
            let path = format!("/project/m{n}.py");
            let (db, files) = test_db(&[(path.as_str(), src), ("/project/m.py", "x = 1\n")]);
            let file = files[0];
            let full = TextRange::up_to(TextSize::from(src.len() as u32));
            let _ = crate::inlay_hints(&db, file, full, crate::InlayHintOptions::default());
            let _ = crate::semantic_tokens(&db, file);
            let _ = crate::document_symbols(&db, file);
            let _ = crate::workspace_symbols(&db, &files, "x", 10);
            for offset in (0..=src.len()).filter(|&o| src.is_char_boundary(o)) {
                let at = TextSize::from(offset as u32);
                let _ = crate::hover(&db, file, at);
                let _ = crate::goto_definition(&db, file, at);
                let _ = crate::goto_type_definition(&db, file, at);
                let _ = crate::completions(&db, file, at, &files);
                let _ = crate::signature_help(&db, file, at);
                let _ = crate::references(&db, file, at, &files, true);
                let _ = crate::prepare_rename(&db, file, at);
                let _ = crate::document_highlights(&db, file, at);
                let _ = crate::import_fixes(&db, file, at, &files);
            }
        }
    }
}
