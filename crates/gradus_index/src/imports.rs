//! The imports of a module, in source order, including nested ones.

use gradus_db::{parsed_module, Db, File};
use gradus_syntax::ast::{self, Stmt};
use gradus_syntax::TextRange;

/// A name imported by `from m import name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFromName {
    pub name: String,
    pub range: TextRange,
}

/// One import statement's module reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleImport {
    /// `import a.b.c` (one per alias); `range` covers the dotted name.
    Import { module: String, range: TextRange },
    /// `from ..a import x, y`; `range` covers the `from` clause's module
    /// (or the whole statement when the module is only dots).
    ImportFrom {
        level: u32,
        module: Option<String>,
        names: Vec<ImportFromName>,
        range: TextRange,
    },
}

/// The imports of a module; compared by value so that edits that keep the
/// imports unchanged do not re-run import checks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModuleImports {
    pub imports: Vec<ModuleImport>,
}

/// All import statements of `file`, nested ones included.
#[salsa::tracked(returns(ref))]
pub fn module_imports(db: &dyn Db, file: File) -> ModuleImports {
    let parsed = parsed_module(db, file);
    let text = &gradus_db::source_text(db, file).text;
    let mut imports = Vec::new();
    let mut stack: Vec<&[Stmt]> = vec![&parsed.body];
    while let Some(body) = stack.pop() {
        for stmt in body.iter().rev() {
            collect_stmt(text, stmt, &mut imports, &mut stack);
        }
    }
    imports.sort_by_key(|i| match i {
        ModuleImport::Import { range, .. } | ModuleImport::ImportFrom { range, .. } => {
            range.start()
        }
    });
    ModuleImports { imports }
}

fn collect_stmt<'a>(
    text: &str,
    stmt: &'a Stmt,
    imports: &mut Vec<ModuleImport>,
    stack: &mut Vec<&'a [Stmt]>,
) {
    match stmt {
        Stmt::Import(import) => {
            for alias in &import.names {
                imports.push(ModuleImport::Import {
                    module: alias.name.to_string(),
                    range: dotted_name_range(alias),
                });
            }
        }
        Stmt::ImportFrom(import) => {
            let level = import.level.map(|l| l.to_u32()).unwrap_or(0);
            let module = import.module.as_ref().map(|m| m.to_string());
            let range = match &module {
                Some(m) => module_range_in_text(text, import.range, m),
                None => import.range,
            };
            imports.push(ModuleImport::ImportFrom {
                level,
                module,
                names: import
                    .names
                    .iter()
                    .map(|alias| ImportFromName {
                        name: alias.name.to_string(),
                        range: dotted_name_range(alias),
                    })
                    .collect(),
                range,
            });
        }
        Stmt::FunctionDef(f) => stack.push(&f.body),
        Stmt::AsyncFunctionDef(f) => stack.push(&f.body),
        Stmt::ClassDef(c) => stack.push(&c.body),
        Stmt::If(s) => {
            stack.push(&s.body);
            stack.push(&s.orelse);
        }
        Stmt::While(s) => {
            stack.push(&s.body);
            stack.push(&s.orelse);
        }
        Stmt::For(s) => {
            stack.push(&s.body);
            stack.push(&s.orelse);
        }
        Stmt::AsyncFor(s) => {
            stack.push(&s.body);
            stack.push(&s.orelse);
        }
        Stmt::With(s) => stack.push(&s.body),
        Stmt::AsyncWith(s) => stack.push(&s.body),
        Stmt::Try(s) => {
            stack.push(&s.body);
            for handler in &s.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                stack.push(&h.body);
            }
            stack.push(&s.orelse);
            stack.push(&s.finalbody);
        }
        Stmt::TryStar(s) => {
            stack.push(&s.body);
            for handler in &s.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                stack.push(&h.body);
            }
            stack.push(&s.orelse);
            stack.push(&s.finalbody);
        }
        Stmt::Match(s) => {
            for case in &s.cases {
                stack.push(&case.body);
            }
        }
        _ => {}
    }
}

/// The range of the dotted name in an alias (`a.b` of `import a.b as c`).
fn dotted_name_range(alias: &ast::Alias) -> TextRange {
    let len = gradus_syntax::TextSize::from(alias.name.as_str().len() as u32);
    TextRange::at(alias.range.start(), len)
}

/// Finds `module` in the statement text to give the diagnostic a precise range.
fn module_range_in_text(text: &str, stmt: TextRange, module: &str) -> TextRange {
    let start = usize::from(stmt.start());
    let end = usize::from(stmt.end()).min(text.len());
    if let Some(snippet) = text.get(start..end) {
        // Skip the `from` keyword so `from fromage import x` finds `fromage`.
        if let Some(pos) = snippet
            .get(4..)
            .and_then(|rest| rest.find(module))
            .map(|p| p + 4)
        {
            return TextRange::at(
                stmt.start() + gradus_syntax::TextSize::from(pos as u32),
                gradus_syntax::TextSize::from(module.len() as u32),
            );
        }
    }
    stmt
}
