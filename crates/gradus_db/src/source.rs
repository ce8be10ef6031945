//! Per-file queries: text, AST and line index.

use std::sync::Arc;

use gradus_syntax::{decode_source, LineIndex, ParsedModule};

use crate::{Db, File, FilePath};

/// A file's decoded text plus what went wrong reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub text: Arc<str>,
    /// Invalid bytes in the declared encoding, or an I/O error.
    pub read_error: Option<String>,
}

/// The text of a file. Compared by value, so a save that changes nothing
/// (or an edit that is undone) stops here and re-parses nothing.
#[salsa::tracked(returns(ref))]
pub fn source_text(db: &dyn Db, file: File) -> SourceText {
    let _ = file.revision(db);
    let bytes = match file.path(db) {
        FilePath::System(path) => db.system().read(path).map_err(|e| e.to_string()),
        FilePath::Vendored(path) => db
            .vendored()
            .read(path)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| "no such embedded file".to_owned()),
    };
    match bytes {
        Ok(bytes) => {
            let decoded = decode_source(&bytes);
            SourceText {
                text: decoded.text.into(),
                read_error: decoded.error,
            }
        }
        Err(err) => SourceText {
            text: "".into(),
            read_error: Some(err),
        },
    }
}

/// A parsed module behind an `Arc`, compared by identity: comparing two ASTs
/// is expensive and almost never equal after an edit anyway.
#[derive(Debug, Clone)]
pub struct ParsedModuleRef(pub Arc<ParsedModule>);

impl PartialEq for ParsedModuleRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for ParsedModuleRef {}

impl std::ops::Deref for ParsedModuleRef {
    type Target = ParsedModule;
    fn deref(&self) -> &ParsedModule {
        &self.0
    }
}

/// The parsed module of a file; never fails (syntax errors are inside).
/// LRU-evicted: a dropped AST is re-parsed on demand.
#[salsa::tracked(returns(clone), no_eq, lru = 256)]
pub fn parsed_module(db: &dyn Db, file: File) -> ParsedModuleRef {
    let text = &source_text(db, file).text;
    ParsedModuleRef(Arc::new(gradus_syntax::parse_module(text)))
}

/// The line index of a file's text.
#[salsa::tracked(returns(ref))]
pub fn line_index(db: &dyn Db, file: File) -> LineIndex {
    LineIndex::new(&source_text(db, file).text)
}
