//! Completion: module names in `import`/`from` statements, names a
//! `from m import` can take (submodules and `m`'s top-level names), the
//! attributes of the inferred type after a `.`, and elsewhere the names in
//! scope (locals, enclosing functions, globals, builtins), keywords, and
//! modules not imported yet (with the `import` as an additional edit).
//!
//! ```python
//! xs = [1]
//! xs.ap|            # → append (method of list[int]), ...
//! def f(param):
//!     pa|           # → param (parameter), pass (keyword), ...
//! ```
//!
//! The context comes from the text of the line before the cursor, not the
//! AST: while the user types, the line is usually not valid Python yet. The
//! receiver before a `.` is found textually ([`primary_start`]) and typed
//! from the AST when the line parses, else by parsing it alone.

use std::collections::BTreeMap;

use gradus_db::{parsed_module, source_text, Db, File};
use gradus_resolve::{resolve_module, resolve_relative_import, search_paths, SearchPathRoot};
use gradus_syntax::ast::Stmt;
use gradus_syntax::{TextRange, TextSize};

use gradus_check::ide::{self, SiteKind};
use gradus_types::Type;

use crate::scan::{line_prefix, primary_start};

/// Where to look the scope up for a cursor at `offset`: a function's
/// range ends with its last statement, so a cursor on an indented line
/// after it (the user adds a line) is placed at the end of the previous
/// non-blank line when that is indented at least as deep.
fn scope_offset(text: &str, offset: usize) -> TextSize {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let current = indent(&text[line_start..offset]);
    if current == 0 {
        return TextSize::from(offset as u32);
    }
    let mut end = line_start.saturating_sub(1);
    while end > 0 {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..end];
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            if indent(line) >= current {
                return TextSize::from(end as u32);
            }
            break;
        }
        end = start.saturating_sub(1);
    }
    TextSize::from(offset as u32)
}

fn sort_group(label: &str) -> u8 {
    if label.starts_with("__") && label.ends_with("__") {
        2
    } else if label.starts_with('_') {
        1
    } else {
        0
    }
}

fn member_kind(receiver: Type<'_>, member: Type<'_>) -> CompletionKind {
    match member {
        Type::Function(_) if matches!(receiver, Type::Module(_)) => CompletionKind::Function,
        Type::Function(_) | Type::BoundMethod(_) => CompletionKind::Method,
        Type::ClassObject(_) => CompletionKind::Class,
        Type::Module(_) => CompletionKind::Module,
        _ if matches!(receiver, Type::Module(_)) => CompletionKind::Variable,
        _ => CompletionKind::Property,
    }
}

/// A member's type as completion detail (bounded: long signatures are cut).
fn detail_of(db: &dyn Db, ty: Type<'_>) -> Option<String> {
    if ty.is_unknown() {
        return None;
    }
    let mut text = ty.display(db).to_string();
    if text.len() > 120 {
        let mut cut = 117;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("...");
    }
    Some(text)
}

/// Where an auto-import goes: after the module docstring and the last
/// top-level import of the leading block, else at the start.
pub(crate) fn import_insertion_offset(db: &dyn Db, file: File) -> TextSize {
    let parsed = parsed_module(db, file);
    let text = &source_text(db, file).text;
    let mut at = TextSize::from(0);
    for (i, stmt) in parsed.body.iter().enumerate() {
        let is_docstring = i == 0
            && matches!(stmt, Stmt::Expr(e) if matches!(e.value.as_ref(), gradus_syntax::ast::Expr::Constant(_)));
        if is_docstring || matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_)) {
            let end = usize::from(gradus_syntax::ast::Ranged::range(stmt).end());
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            at = TextSize::from(line_end as u32);
        } else {
            break;
        }
    }
    at
}

/// What a completion item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CompletionKind {
    Module,
    Keyword,
    Class,
    Function,
    Method,
    /// An attribute that is not a method.
    Property,
    Parameter,
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
    /// Sorts before higher groups: 0 public names, 1 `_private`, 2
    /// `__dunder__`, 3 modules to auto-import.
    pub sort_group: u8,
    /// Edits applied with the completion (the `import` of an auto-import).
    pub additional_edits: Vec<crate::TextEdit>,
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

/// How many names of project modules an auto-import offers at most.
const MAX_AUTO_IMPORT_NAMES: usize = 50;

/// The completions at `offset` in `file`. `project_files` are searched for
/// top-level names to offer with a `from module import name` edit.
pub fn completions(
    db: &dyn Db,
    file: File,
    offset: TextSize,
    project_files: &[File],
) -> Vec<CompletionItem> {
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
                sort_group: sort_group(&label),
                label,
                kind,
                detail,
                replace_range,
                additional_edits: Vec::new(),
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
        Context::Attribute => {
            let dot = offset_usize - partial_len - 1;
            let Some(start) = primary_start(text, dot) else {
                return Vec::new();
            };
            let receiver = &text[start..dot];
            let Some(ty) = ide::type_of_text(db, file, receiver, TextSize::from(start as u32))
            else {
                return Vec::new();
            };
            for member in ide::members(db, ty) {
                let kind = member_kind(ty, member.ty);
                let detail = detail_of(db, member.ty);
                push(member.name, kind, detail);
            }
            if let gradus_types::Type::Module(m) = ty {
                for (name, detail) in submodules(db, Some(m.name(db))) {
                    push(name, CompletionKind::Module, Some(detail));
                }
            }
        }
        Context::Nothing => {}
        Context::Expression => {
            for keyword in KEYWORDS {
                push((*keyword).to_owned(), CompletionKind::Keyword, None);
            }
            let names = ide::names_in_scope(db, file, scope_offset(text, offset_usize));
            for name in &names {
                let kind = match name.kind {
                    SiteKind::Module => CompletionKind::Module,
                    SiteKind::Class => CompletionKind::Class,
                    SiteKind::Function => CompletionKind::Function,
                    SiteKind::Method => CompletionKind::Method,
                    SiteKind::Parameter => CompletionKind::Parameter,
                    _ => CompletionKind::Variable,
                };
                let detail = name.builtin.then(|| "builtins".to_owned());
                push(name.name.clone(), kind, detail);
            }
            // Auto-import: modules not bound here yet, once a word is typed.
            if !partial.is_empty() {
                let edit_at = import_insertion_offset(db, file);
                for (module, detail) in submodules(db, None) {
                    if !module.starts_with(partial)
                        || names.iter().any(|n| n.name == module)
                        || KEYWORDS.contains(&module.as_str())
                        || module.starts_with('_')
                    {
                        continue;
                    }
                    items.push(CompletionItem {
                        label: module.clone(),
                        kind: CompletionKind::Module,
                        detail: Some(format!("import {module} ({detail})")),
                        replace_range,
                        sort_group: 3,
                        additional_edits: vec![crate::TextEdit {
                            range: TextRange::empty(edit_at),
                            new_text: format!("import {module}\n"),
                        }],
                    });
                }
                // ... and top-level names of project modules (only files
                // whose text mentions the word are parsed).
                let mut offered = 0;
                for &other in project_files {
                    if other == file || offered >= MAX_AUTO_IMPORT_NAMES {
                        continue;
                    }
                    if !source_text(db, other).text.contains(partial) {
                        continue;
                    }
                    let Some(module) = gradus_resolve::file_to_module(db, other) else {
                        continue;
                    };
                    for (name, kind) in top_level_names(db, other) {
                        if !name.starts_with(partial)
                            || name.starts_with('_')
                            || kind == CompletionKind::Module
                            || names.iter().any(|n| n.name == name)
                            || offered >= MAX_AUTO_IMPORT_NAMES
                        {
                            continue;
                        }
                        offered += 1;
                        let import = format!("from {} import {name}", module.name);
                        items.push(CompletionItem {
                            label: name,
                            kind,
                            detail: Some(import.clone()),
                            replace_range,
                            sort_group: 3,
                            additional_edits: vec![crate::TextEdit {
                                range: TextRange::empty(edit_at),
                                new_text: format!("{import}\n"),
                            }],
                        });
                    }
                }
            }
        }
    }
    items.sort_by(|a, b| (a.sort_group, &a.label, a.kind).cmp(&(b.sort_group, &b.label, b.kind)));
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
pub(crate) fn top_level_names(db: &dyn Db, file: File) -> Vec<(String, CompletionKind)> {
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
    use crate::tests::test_db;

    fn labels_at(src: &str, cursor: &str) -> Vec<CompletionItem> {
        let (db, files) = test_db(&[("/project/a.py", src)]);
        let offset = src.find(cursor).unwrap() + cursor.len();
        completions(&db, files[0], TextSize::from(offset as u32), &files)
    }

    #[test]
    fn attributes_of_the_inferred_type() {
        // The line being typed does not parse: the receiver is typed alone.
        let src = "class Box:\n    def __init__(self):\n        self.size = 1\n    def grow(self) -> None: ...\n\nb = Box()\nb.\n";
        let items = labels_at(src, "b.");
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert!(labels.starts_with(&["grow", "size"]), "{labels:?}");
        assert!(labels.contains(&"__init__"));
        let grow = &items[0];
        assert_eq!(grow.kind, CompletionKind::Method);
        assert_eq!(grow.detail.as_deref(), Some("() -> None"));
        assert_eq!(items[1].kind, CompletionKind::Property);
        assert_eq!(items[1].detail.as_deref(), Some("int"));
        // A partial word after the dot, on a line that parses.
        let src = "xs = [1]\nxs.app\n";
        let items = labels_at(src, "xs.app");
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, vec!["append"]);
        // A module's members and submodules.
        let src = "import os\nos.pa\n";
        let labels: Vec<String> = labels_at(src, "os.pa")
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert!(labels.contains(&"path".to_owned()), "{labels:?}");
    }

    #[test]
    fn auto_import_of_project_names() {
        let src = "x = compu";
        let (db, files) = test_db(&[
            ("/project/a.py", src),
            ("/project/pkg/__init__.py", ""),
            (
                "/project/pkg/calc.py",
                "def compute(): ...\ndef _compute_private(): ...\n",
            ),
        ]);
        let items = completions(&db, files[0], TextSize::from(src.len() as u32), &files);
        let compute = items
            .iter()
            .find(|i| i.label == "compute")
            .expect("offered");
        assert_eq!(compute.kind, CompletionKind::Function);
        assert_eq!(
            compute.detail.as_deref(),
            Some("from pkg.calc import compute")
        );
        assert_eq!(
            compute.additional_edits[0].new_text,
            "from pkg.calc import compute\n"
        );
        assert!(!items.iter().any(|i| i.label.starts_with("_compute")));
    }

    #[test]
    fn self_members_inside_a_method_being_edited() {
        let src = "class Box:\n    def __init__(self) -> None:\n        self.size = 1\n\n    def grow(self) -> None:\n        self.\n";
        let labels: Vec<String> = labels_at(src, "        self.")
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert!(
            labels.starts_with(&["grow".to_owned(), "size".to_owned()]),
            "{labels:?}"
        );
        // A call's result: the method's return type.
        let src = "s = 'a'\ns.upper().\n";
        let labels: Vec<String> = labels_at(src, "s.upper().")
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert!(labels.contains(&"lower".to_owned()), "{labels:?}");
    }

    #[test]
    fn names_in_scope_and_auto_import() {
        let src = "import os\nglobal_value = 1\ndef f(param):\n    local = 2\n    \n";
        let (db, files) = test_db(&[("/project/a.py", src)]);
        let offset = TextSize::from((src.len() - 1) as u32);
        let items = completions(&db, files[0], offset, &files);
        let find = |l: &str| items.iter().find(|i| i.label == l).map(|i| i.kind);
        assert_eq!(find("param"), Some(CompletionKind::Parameter));
        assert_eq!(find("local"), Some(CompletionKind::Variable));
        assert_eq!(find("global_value"), Some(CompletionKind::Variable));
        assert_eq!(find("f"), Some(CompletionKind::Function));
        assert_eq!(find("len"), Some(CompletionKind::Function));
        assert_eq!(find("os"), Some(CompletionKind::Module));
        assert_eq!(find("pass"), Some(CompletionKind::Keyword));
        // Typing `jso` offers `json` with its import.
        let src = "import os\nx = jso";
        let items = labels_at(src, "jso");
        let json = items
            .iter()
            .find(|i| i.label == "json")
            .expect("json offered");
        assert_eq!(json.additional_edits.len(), 1);
        assert_eq!(json.additional_edits[0].new_text, "import json\n");
        assert_eq!(
            usize::from(json.additional_edits[0].range.start()),
            "import os\n".len()
        );
    }

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
