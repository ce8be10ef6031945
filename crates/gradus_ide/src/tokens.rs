//! Semantic tokens and workspace symbols.
//!
//! Semantic tokens classify every identifier by what it resolves to, so an
//! editor colours a parameter, a class, a module or a builtin consistently,
//! wherever it is used:
//!
//! ```python
//! import os                 # os: namespace
//! class Box:                # Box: class (definition)
//!     def grow(self, n):    # grow: method (definition), self/n: parameter
//!         return len(n)     # len: function (builtin)
//! ```
//!
//! Workspace symbols are the top-level and class-level symbols of the
//! project's files (from the outline), matched fuzzily: the query's
//! characters in order, case-insensitively; prefix matches first.

use gradus_check::ide::{resolve_at, Role, SiteKind};
use gradus_db::{source_text, Db, File};
use gradus_syntax::TextRange;

use crate::scan::identifiers;
use crate::symbols::{document_symbols, Symbol, SymbolKind};

/// The kinds of semantic token (the server's legend lists them in this
/// order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenType {
    Namespace,
    Class,
    Function,
    Method,
    Parameter,
    Variable,
    Property,
    TypeParameter,
}

impl TokenType {
    pub const ALL: [TokenType; 8] = [
        TokenType::Namespace,
        TokenType::Class,
        TokenType::Function,
        TokenType::Method,
        TokenType::Parameter,
        TokenType::Variable,
        TokenType::Property,
        TokenType::TypeParameter,
    ];
}

/// One classified identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: TextRange,
    pub kind: TokenType,
    /// The identifier defines the symbol (a `def` name, an assignment).
    pub definition: bool,
    /// The symbol comes from the builtins module.
    pub builtin: bool,
}

/// The semantic tokens of `file`, in source order. Identifiers whose
/// definition is unknown get no token (the editor's grammar colours them).
pub fn semantic_tokens(db: &dyn Db, file: File) -> Vec<SemanticToken> {
    let text = &source_text(db, file).text;
    let builtins = gradus_check::semantic::builtins_file(db);
    let mut out = Vec::new();
    for ident in identifiers(text, 0, text.len()) {
        let word = &text[ident.start..ident.end];
        if crate::KEYWORDS.contains(&word) {
            continue;
        }
        let range = ident.range();
        let Some(resolved) = resolve_at(db, file, range.start()) else {
            continue;
        };
        if resolved.range != range {
            continue;
        }
        let Some(site) = resolved.sites.first() else {
            continue;
        };
        let kind = match site.kind {
            SiteKind::Module => TokenType::Namespace,
            SiteKind::Class => TokenType::Class,
            SiteKind::Function => TokenType::Function,
            SiteKind::Method => TokenType::Method,
            SiteKind::Parameter => TokenType::Parameter,
            SiteKind::InstanceAttribute => TokenType::Property,
            SiteKind::TypeParameter => TokenType::TypeParameter,
            SiteKind::Variable if resolved.role == Role::Attribute => TokenType::Property,
            SiteKind::Variable => TokenType::Variable,
            SiteKind::Import => continue,
        };
        out.push(SemanticToken {
            range,
            kind,
            definition: resolved.role == Role::Declaration
                || (site.file == file && site.focus_range == range),
            builtin: Some(site.file) == builtins,
        });
    }
    out
}

/// A symbol of some project file, for `workspace/symbol`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub file: File,
    pub name: String,
    pub kind: SymbolKind,
    pub selection_range: TextRange,
    /// The class holding a class-level symbol.
    pub container: Option<String>,
}

/// The top-level and class-level symbols of `files` matching `query`
/// fuzzily, best matches first, at most `limit`.
pub fn workspace_symbols(
    db: &dyn Db,
    files: &[File],
    query: &str,
    limit: usize,
) -> Vec<WorkspaceSymbol> {
    let query: Vec<char> = query.to_lowercase().chars().collect();
    let mut scored: Vec<(u32, WorkspaceSymbol)> = Vec::new();
    let mut consider = |file: File, symbol: &Symbol, container: Option<&str>| {
        if let Some(score) = fuzzy_score(&query, &symbol.name) {
            scored.push((
                score,
                WorkspaceSymbol {
                    file,
                    name: symbol.name.clone(),
                    kind: symbol.kind,
                    selection_range: symbol.selection_range,
                    container: container.map(str::to_owned),
                },
            ));
        }
    };
    for &file in files {
        for symbol in document_symbols(db, file) {
            consider(file, &symbol, None);
            if symbol.kind == SymbolKind::Class {
                for child in &symbol.children {
                    consider(file, child, Some(&symbol.name));
                }
            }
        }
    }
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    scored.truncate(limit);
    scored.into_iter().map(|(_, s)| s).collect()
}

/// Lower is better: 0 exact, 1 prefix, 2 substring, 3 + gaps for a
/// subsequence; `None` when the query's characters do not occur in order.
fn fuzzy_score(query: &[char], name: &str) -> Option<u32> {
    if query.is_empty() {
        return Some(3);
    }
    let lower = name.to_lowercase();
    let q: String = query.iter().collect();
    if lower == q {
        return Some(0);
    }
    if lower.starts_with(&q) {
        return Some(1);
    }
    if lower.contains(&q) {
        return Some(2);
    }
    let mut gaps = 0u32;
    let mut qi = 0;
    let mut last_match: Option<usize> = None;
    for (i, c) in lower.chars().enumerate() {
        if qi < query.len() && c == query[qi] {
            if let Some(last) = last_match {
                gaps += (i - last - 1) as u32;
            }
            last_match = Some(i);
            qi += 1;
        }
    }
    (qi == query.len()).then_some(3 + gaps.min(1_000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::test_db;

    #[test]
    fn tokens_classify_identifiers() {
        let src = "import os\nclass Box:\n    def grow(self, n):\n        return len(n)\nb = Box()\nb.grow(os)\n";
        let (db, files) = test_db(&[("/project/a.py", src)]);
        let tokens = semantic_tokens(&db, files[0]);
        let shown: Vec<String> = tokens
            .iter()
            .map(|t| {
                format!(
                    "{}:{:?}{}{}",
                    &src[t.range],
                    t.kind,
                    if t.definition { "+def" } else { "" },
                    if t.builtin { "+builtin" } else { "" }
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                "os:Namespace",
                "Box:Class+def",
                "grow:Method+def",
                "self:Parameter+def",
                "n:Parameter+def",
                "len:Function+builtin",
                "n:Parameter",
                "b:Variable+def",
                "Box:Class",
                "b:Variable",
                "grow:Method",
                "os:Namespace",
            ]
        );
    }

    #[test]
    fn workspace_symbols_match_fuzzily() {
        let a = "class HttpClient:\n    def send_request(self): ...\ndef helper(): ...\n";
        let b = "REQUEST_TIMEOUT = 3\n";
        let (db, files) = test_db(&[("/project/a.py", a), ("/project/b.py", b)]);
        let found = workspace_symbols(&db, &files, "req", 10);
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["REQUEST_TIMEOUT", "send_request"]);
        assert_eq!(found[1].container.as_deref(), Some("HttpClient"));
        let names: Vec<String> = workspace_symbols(&db, &files, "hc", 10)
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, vec!["HttpClient"]);
    }
}
