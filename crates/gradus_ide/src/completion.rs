//! Completion. Today: module names in `import`/`from` statements, names a
//! `from m import` can take (submodules and `m`'s top-level names), and
//! elsewhere keywords, builtins and this module's top-level names.
//! Extension point: attributes after `.` and names in scope need the index
//! and inferred types (see [`completions`]).
//!
//! The context comes from the text of the line before the cursor, not the
//! AST: while the user types, the line is usually not valid Python yet.

use std::collections::BTreeMap;

use gradus_db::{parsed_module, source_text, Db, File};
use gradus_resolve::{resolve_module, resolve_relative_import, search_paths, SearchPathRoot};
use gradus_syntax::ast::Stmt;
use gradus_syntax::{TextRange, TextSize};

use crate::scan::line_prefix;

/// What a completion item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CompletionKind {
    Module,
    Keyword,
    Class,
    Function,
    Variable,
}

/// A completion item: `label` replaces the text in `replace_range` (the
/// partial word before the cursor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub replace_range: TextRange,
}

/// Python's keywords and soft keywords.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "case", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "match", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "type", "while", "with", "yield",
];

/// Where the cursor is, for completion.
#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// A module name: `import a.b|` or `from ..a|`.
    Module { level: u32, parent: Option<String> },
    /// A name after `from module import`.
    FromImport { level: u32, module: String },
    /// After a `.` in an expression: attributes (needs types).
    Attribute,
    /// Anywhere else in code.
    Expression,
    /// In a comment or after `as` (a new name): nothing to offer.
    Nothing,
}

/// The completions at `offset` in `file`.
pub fn completions(db: &dyn Db, file: File, offset: TextSize) -> Vec<CompletionItem> {
    let text = &source_text(db, file).text;
    let offset_usize = usize::from(offset).min(text.len());
    let prefix = line_prefix(text, offset_usize);
    let partial_len = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    let partial = &prefix[prefix.len() - partial_len..];
    let replace_range = TextRange::new(
        TextSize::from((offset_usize - partial_len) as u32),
        TextSize::from(offset_usize as u32),
    );
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut push = |label: String, kind: CompletionKind, detail: Option<String>| {
        if label.starts_with(partial) {
            items.push(CompletionItem {
                label,
                kind,
                detail,
                replace_range,
            });
        }
    };
    match context(prefix) {
        Context::Module { level, parent } => {
            let parent = if level > 0 {
                match resolve_relative_import(db, file, level, parent.as_deref()) {
                    Some(p) if !p.is_empty() => Some(p),
                    _ => None,
                }
            } else {
                parent
            };
            if level > 0 && parent.is_none() {
                return Vec::new();
            }
            for (name, detail) in submodules(db, parent.as_deref()) {
                push(name, CompletionKind::Module, Some(detail));
            }
        }
        Context::FromImport { level, module } => {
            let module = if level > 0 {
                let relative = (!module.is_empty()).then_some(module.as_str());
                match resolve_relative_import(db, file, level, relative) {
                    Some(m) => m,
                    None => return Vec::new(),
                }
            } else {
                module
            };
            for (name, detail) in submodules(db, Some(&module)) {
                push(name, CompletionKind::Module, Some(detail));
            }
            if let Some(target) = resolve_module(db, &module).file() {
                for (name, kind) in top_level_names(db, target) {
                    if !name.starts_with('_') {
                        push(name, kind, Some(module.clone()));
                    }
                }
            }
        }
        Context::Attribute | Context::Nothing => {
            // Extension point: attributes of the inferred type of the
            // expression before the dot.
        }
        Context::Expression => {
            // Extension point: names in scope at `offset` (the index's
            // symbol tables), with auto-import of unimported names.
            for keyword in KEYWORDS {
                push((*keyword).to_owned(), CompletionKind::Keyword, None);
            }
            for (name, kind) in top_level_names(db, file) {
                push(name, kind, None);
            }
            if let Some(builtins) = resolve_module(db, "builtins").file() {
                for (name, kind) in top_level_names(db, builtins) {
                    if !name.starts_with('_') {
                        push(name, kind, Some("builtins".to_owned()));
                    }
                }
            }
        }
    }
    items.sort_by(|a, b| a.label.cmp(&b.label).then(a.kind.cmp(&b.kind)));
    items.dedup_by(|a, b| a.label == b.label);
    items
}

fn context(line: &str) -> Context {
    let trimmed = line.trim_start();
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let ends_with_space = trimmed.ends_with(char::is_whitespace);
    if let Some(rest) = trimmed.strip_prefix("import ") {
        // `import a.b, c.d|`; after `as` a new name is being written.
        let last = rest.rsplit(',').next().unwrap_or("").trim_start();
        if last.contains(char::is_whitespace) {
            return Context::Nothing;
        }
        return module_context(last);
    }
    if words.first() == Some(&"from") {
        match words.len() {
            1 if ends_with_space => return module_context(""),
            2 if !ends_with_space => return module_context(words[1]),
            _ => {}
        }
        if words.len() >= 3 && words[2] == "import" && (words.len() > 3 || ends_with_space) {
            let module = words[1];
            let level = module.chars().take_while(|c| *c == '.').count() as u32;
            let last = trimmed.rsplit([',', '(']).next().unwrap_or("").trim_start();
            let after_import = !trimmed.contains([',', '(']);
            // `from m import a as b|`: a new name.
            if (!after_import && last.contains(char::is_whitespace))
                || (after_import && words.len() > 4)
            {
                return Context::Nothing;
            }
            return Context::FromImport {
                level,
                module: module[level as usize..].to_owned(),
            };
        }
        return Context::Nothing;
    }
    if in_comment_or_string(line) {
        return Context::Nothing;
    }
    let before_word = line.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
    if let Some(before_dot) = before_word.strip_suffix('.') {
        // `1.` is a float, not an attribute access.
        if before_dot.ends_with(|c: char| c.is_ascii_digit())
            && !before_dot.ends_with(|c: char| c.is_alphabetic() || c == '_')
        {
            return Context::Nothing;
        }
        return Context::Attribute;
    }
    Context::Expression
}

fn module_context(dotted: &str) -> Context {
    let level = dotted.chars().take_while(|c| *c == '.').count() as u32;
    let rest = &dotted[level as usize..];
    let parent = rest.rsplit_once('.').map(|(p, _)| p.to_owned());
    Context::Module { level, parent }
}

/// Whether the end of `line` is inside a comment or a string (a cheap
/// single-line check).
fn in_comment_or_string(line: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '#' => return true,
                '"' | '\'' => quote = Some(c),
                _ => {}
            },
        }
    }
    quote.is_some()
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// The modules directly below `parent` (top-level modules for `None`) on
/// all search paths, each with a detail naming where it was found.
fn submodules(db: &dyn Db, parent: Option<&str>) -> Vec<(String, String)> {
    let components: Vec<&str> = parent.map(|p| p.split('.').collect()).unwrap_or_default();
    let mut candidates: BTreeMap<String, ()> = BTreeMap::new();
    let mut add = |entry: &str| {
        let name = entry
            .strip_suffix(".pyi")
            .or_else(|| entry.strip_suffix(".py"))
            .or_else(|| entry.strip_suffix("-stubs"))
            .unwrap_or(entry);
        if is_identifier(name) && name != "__init__" && name != "__pycache__" && name != "__main__"
        {
            candidates.insert(name.to_owned(), ());
        }
    };
    for path in search_paths(db) {
        match &path.root {
            SearchPathRoot::System(root) => {
                let mut dir = root.clone();
                for c in &components {
                    dir.push(c);
                }
                if let Ok(entries) = db.system().read_dir(&dir) {
                    for entry in entries {
                        if let Some(name) = entry.file_name().and_then(|n| n.to_str()) {
                            add(name);
                        }
                    }
                }
            }
            SearchPathRoot::Vendored(root) => {
                let mut prefix = format!("{root}/");
                for c in &components {
                    prefix.push_str(c);
                    prefix.push('/');
                }
                for p in db.vendored().paths() {
                    if let Some(rest) = p.strip_prefix(&prefix) {
                        add(rest.split('/').next().unwrap_or(rest));
                    }
                }
            }
        }
    }
    candidates
        .into_keys()
        .filter_map(|name| {
            let full = match parent {
                Some(p) => format!("{p}.{name}"),
                None => name.clone(),
            };
            let module = resolve_module(db, &full);
            let module = module.module()?;
            Some((name, module.search_path.as_str().to_owned()))
        })
        .collect()
}

/// The names a module binds at its top level, by the AST.
fn top_level_names(db: &dyn Db, file: File) -> Vec<(String, CompletionKind)> {
    let parsed = parsed_module(db, file);
    let mut out = Vec::new();
    collect_names(&parsed.body, &mut out);
    out
}

fn collect_names(body: &[Stmt], out: &mut Vec<(String, CompletionKind)>) {
    use gradus_syntax::ast::Expr;
    fn targets(e: &Expr, out: &mut Vec<(String, CompletionKind)>) {
        match e {
            Expr::Name(n) => out.push((n.id.to_string(), CompletionKind::Variable)),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| targets(e, out)),
            Expr::List(t) => t.elts.iter().for_each(|e| targets(e, out)),
            Expr::Starred(s) => targets(&s.value, out),
            _ => {}
        }
    }
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(f) => out.push((f.name.to_string(), CompletionKind::Function)),
            Stmt::AsyncFunctionDef(f) => out.push((f.name.to_string(), CompletionKind::Function)),
            Stmt::ClassDef(c) => out.push((c.name.to_string(), CompletionKind::Class)),
            Stmt::Assign(a) => a.targets.iter().for_each(|t| targets(t, out)),
            Stmt::AnnAssign(a) => targets(&a.target, out),
            Stmt::TypeAlias(a) => targets(&a.name, out),
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = alias
                        .asname
                        .as_ref()
                        .map(|a| a.to_string())
                        .unwrap_or_else(|| alias.name.split('.').next().unwrap_or("").to_owned());
                    out.push((name, CompletionKind::Module));
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    if name != "*" {
                        out.push((name, CompletionKind::Variable));
                    }
                }
            }
            Stmt::If(s) => {
                collect_names(&s.body, out);
                collect_names(&s.orelse, out);
            }
            Stmt::Try(s) => {
                collect_names(&s.body, out);
                collect_names(&s.orelse, out);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        let module = |level, parent: Option<&str>| Context::Module {
            level,
            parent: parent.map(str::to_owned),
        };
        assert_eq!(context("import "), module(0, None));
        assert_eq!(context("import os.pa"), module(0, Some("os")));
        assert_eq!(context("  import a, b.c.d"), module(0, Some("b.c")));
        assert_eq!(context("import a as b"), Context::Nothing);
        assert_eq!(context("from "), module(0, None));
        assert_eq!(context("from ..pk"), module(2, None));
        assert_eq!(
            context("from os import pa"),
            Context::FromImport {
                level: 0,
                module: "os".into()
            }
        );
        assert_eq!(
            context("from .m import (a, b"),
            Context::FromImport {
                level: 1,
                module: "m".into()
            }
        );
        assert_eq!(context("from os import path as p"), Context::Nothing);
        assert_eq!(context("x = os.pa"), Context::Attribute);
        assert_eq!(context("x = 1."), Context::Nothing);
        assert_eq!(context("x = pri"), Context::Expression);
        assert_eq!(context("x = 'pri"), Context::Nothing);
        assert_eq!(context("x  # pri"), Context::Nothing);
    }
}
