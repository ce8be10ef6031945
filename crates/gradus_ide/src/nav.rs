//! Go to definition and hover. Imports first (the module a dotted name
//! refers to, and top-level names of `from m import x`, also for modules
//! that do not parse); then every other name and attribute through the type
//! engine ([`crate::typed`]).

use gradus_db::{parsed_module, source_text, Db, File, FilePath};
use gradus_index::{module_imports, ModuleImport};
use gradus_resolve::{resolve_module, resolve_relative_import, Module, ModuleKind};
use gradus_syntax::ast::{self, Ranged, Stmt};
use gradus_syntax::{TextRange, TextSize};

use crate::scan::name_after_keyword;

/// A place to navigate to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavigationTarget {
    pub file: File,
    /// The whole definition (a module: its start).
    pub full_range: TextRange,
    /// The name to put the cursor on.
    pub focus_range: TextRange,
    /// The module or symbol name, for display.
    pub name: String,
}

/// What hover shows: Markdown for `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    pub range: TextRange,
    pub markdown: String,
}

/// What the cursor is on inside an import statement.
enum ImportHit {
    /// A (prefix of a) dotted module name: `import a.b` with the cursor on
    /// `b` is `a.b`.
    Module { name: String, range: TextRange },
    /// A name of `from module import name`.
    FromName {
        module: String,
        name: String,
        range: TextRange,
    },
}

/// The definitions of what is at `offset`.
pub fn goto_definition(db: &dyn Db, file: File, offset: TextSize) -> Vec<NavigationTarget> {
    if let Some(hit) = import_hit(db, file, offset) {
        return import_targets(db, hit);
    }
    // Names and attributes: the use-def map, imports followed, the MRO.
    crate::typed::definitions(db, file, offset)
}

/// Hover information at `offset`.
pub fn hover(db: &dyn Db, file: File, offset: TextSize) -> Option<HoverResult> {
    if let Some(hit) = import_hit(db, file, offset) {
        let (name, range) = match &hit {
            ImportHit::Module { name, range } => (name.clone(), *range),
            ImportHit::FromName {
                module,
                name,
                range,
            } => (format!("{module}.{name}"), *range),
        };
        let targets = import_targets(db, hit);
        let target = targets.first()?;
        let path = target.file.path(db);
        let is_module = target.full_range.is_empty() && target.full_range.start() == 0.into();
        let markdown = if is_module {
            format!(
                "```python\n(module) {name}\n```\n---\n{}",
                display_path(path)
            )
        } else {
            let text = &source_text(db, target.file).text;
            let line_end = text[usize::from(target.full_range.start())..]
                .find(['\n', '\r'])
                .map(|i| usize::from(target.full_range.start()) + i)
                .unwrap_or(text.len());
            let first_line = text[usize::from(target.full_range.start())..line_end].trim_end();
            format!(
                "```python\n{}\n```\n---\n{}",
                first_line.trim_end_matches(':'),
                display_path(path)
            )
        };
        return Some(HoverResult { range, markdown });
    }
    // The type of the expression under the cursor, the declaration's
    // signature and its docstring.
    crate::typed::hover(db, file, offset)
}

fn display_path(path: &FilePath) -> String {
    path.display()
}

fn import_hit(db: &dyn Db, file: File, offset: TextSize) -> Option<ImportHit> {
    let text = &source_text(db, file).text;
    for import in &module_imports(db, file).imports {
        match import {
            ModuleImport::Import { module, range } => {
                if range.contains_inclusive(offset) {
                    let (name, range) = dotted_prefix(module, range.start(), offset);
                    return Some(ImportHit::Module { name, range });
                }
            }
            ModuleImport::ImportFrom {
                level,
                module,
                names,
                range,
            } => {
                let absolute = |relative: Option<&str>| -> Option<String> {
                    if *level == 0 {
                        relative.map(str::to_owned)
                    } else {
                        resolve_relative_import(db, file, *level, relative)
                    }
                };
                for name in names {
                    if name.range.contains_inclusive(offset) && name.name != "*" {
                        let module = absolute(module.as_deref())?;
                        return Some(ImportHit::FromName {
                            module,
                            name: name.name.clone(),
                            range: name.range,
                        });
                    }
                }
                if let Some(m) = module {
                    let in_text = text
                        .get(usize::from(range.start())..usize::from(range.end()))
                        .is_some_and(|t| t == m);
                    if in_text && range.contains_inclusive(offset) {
                        let (prefix, range) = dotted_prefix(m, range.start(), offset);
                        let name = absolute(Some(&prefix))?;
                        return Some(ImportHit::Module { name, range });
                    }
                }
            }
        }
    }
    None
}

/// The prefix of `dotted` (which starts at `start`) up to the end of the
/// component holding `offset`, and that component's range.
fn dotted_prefix(dotted: &str, start: TextSize, offset: TextSize) -> (String, TextRange) {
    let rel = usize::from(offset.checked_sub(start).unwrap_or_default()).min(dotted.len());
    let end = dotted[rel..].find('.').map_or(dotted.len(), |i| rel + i);
    let begin = dotted[..rel].rfind('.').map_or(0, |i| i + 1);
    let range = TextRange::new(
        start + TextSize::from(begin as u32),
        start + TextSize::from(end as u32),
    );
    (dotted[..end].to_owned(), range)
}

fn module_target(module: &Module) -> Option<NavigationTarget> {
    let file = module.file?;
    Some(NavigationTarget {
        file,
        full_range: TextRange::default(),
        focus_range: TextRange::default(),
        name: module.name.clone(),
    })
}

fn import_targets(db: &dyn Db, hit: ImportHit) -> Vec<NavigationTarget> {
    match hit {
        ImportHit::Module { name, .. } => resolve_module(db, &name)
            .module()
            .and_then(module_target)
            .into_iter()
            .collect(),
        ImportHit::FromName { module, name, .. } => {
            // `from pkg import sub` may name a submodule ...
            let full = format!("{module}.{name}");
            if let Some(sub) = resolve_module(db, &full).module() {
                if sub.kind != ModuleKind::NamespacePackage || sub.file.is_some() {
                    return module_target(sub).into_iter().collect();
                }
            }
            // ... or a name defined at the top of the module.
            let Some(target) = resolve_module(db, &module).module().cloned() else {
                return Vec::new();
            };
            let Some(target_file) = target.file else {
                return Vec::new();
            };
            match top_level_definition(db, target_file, &name) {
                Some((full_range, focus_range)) => vec![NavigationTarget {
                    file: target_file,
                    full_range,
                    focus_range,
                    name,
                }],
                None => module_target(&target).into_iter().collect(),
            }
        }
    }
}

/// The (whole, name) ranges of the first top-level binding of `name` in
/// `file` (including under `if`/`try` at the top level).
fn top_level_definition(db: &dyn Db, file: File, name: &str) -> Option<(TextRange, TextRange)> {
    let parsed = parsed_module(db, file);
    let text = &source_text(db, file).text;
    find_in_body(text, &parsed.body, name)
}

fn find_in_body(text: &str, body: &[Stmt], name: &str) -> Option<(TextRange, TextRange)> {
    for stmt in body {
        let found = match stmt {
            Stmt::FunctionDef(f) if f.name.as_str() == name => {
                def_ranges(text, stmt.range(), "def", name)
            }
            Stmt::AsyncFunctionDef(f) if f.name.as_str() == name => {
                def_ranges(text, stmt.range(), "def", name)
            }
            Stmt::ClassDef(c) if c.name.as_str() == name => {
                def_ranges(text, stmt.range(), "class", name)
            }
            Stmt::Assign(a) => a
                .targets
                .iter()
                .find_map(|t| name_in_target(t, name))
                .map(|r| (stmt.range(), r)),
            Stmt::AnnAssign(a) => name_in_target(&a.target, name).map(|r| (stmt.range(), r)),
            Stmt::TypeAlias(a) => name_in_target(&a.name, name).map(|r| (stmt.range(), r)),
            Stmt::Import(i) => i
                .names
                .iter()
                .find(|alias| alias_binds(alias, name))
                .map(|alias| (stmt.range(), alias.range)),
            Stmt::ImportFrom(i) => i
                .names
                .iter()
                .find(|alias| alias_binds(alias, name))
                .map(|alias| (stmt.range(), alias.range)),
            Stmt::If(s) => {
                find_in_body(text, &s.body, name).or_else(|| find_in_body(text, &s.orelse, name))
            }
            Stmt::Try(s) => find_in_body(text, &s.body, name).or_else(|| {
                s.handlers.iter().find_map(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    find_in_body(text, &h.body, name)
                })
            }),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn def_ranges(
    text: &str,
    range: TextRange,
    keyword: &str,
    name: &str,
) -> Option<(TextRange, TextRange)> {
    let focus = name_after_keyword(
        text,
        usize::from(range.start()),
        usize::from(range.end()),
        keyword,
        name,
    )
    .unwrap_or(range);
    Some((range, focus))
}

fn alias_binds(alias: &ast::Alias, name: &str) -> bool {
    match &alias.asname {
        Some(asname) => asname.as_str() == name,
        None => alias.name.as_str().split('.').next() == Some(name),
    }
}

fn name_in_target(target: &ast::Expr, name: &str) -> Option<TextRange> {
    match target {
        ast::Expr::Name(n) if n.id.as_str() == name => Some(n.range),
        ast::Expr::Tuple(t) => t.elts.iter().find_map(|e| name_in_target(e, name)),
        ast::Expr::List(t) => t.elts.iter().find_map(|e| name_in_target(e, name)),
        ast::Expr::Starred(s) => name_in_target(&s.value, name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_prefix_by_component() {
        let s = TextSize::from(10);
        let (name, range) = dotted_prefix("a.bc.d", s, TextSize::from(13));
        assert_eq!(name, "a.bc");
        assert_eq!(range, TextRange::new(12.into(), 14.into()));
        assert_eq!(dotted_prefix("a.bc.d", s, TextSize::from(10)).0, "a");
        assert_eq!(dotted_prefix("a.bc.d", s, TextSize::from(16)).0, "a.bc.d");
    }
}
