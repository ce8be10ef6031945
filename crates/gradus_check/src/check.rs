//! `check_file`: all diagnostics of one file.

use gradus_db::{line_index, parsed_module, source_text, Db, Diagnostic, File};
use gradus_index::{module_imports, ModuleImport};
use gradus_resolve::{resolve_module, resolve_relative_import, ModuleResolution};
use gradus_syntax::TextRange;

use crate::rules::{INVALID_SYNTAX, UNRESOLVED_IMPORT};
use crate::suppression::file_suppressions;

/// The diagnostics of `file`, in source order. Compared by value: an edit
/// that leaves the diagnostics unchanged stops propagation here.
#[salsa::tracked(returns(ref))]
pub fn check_file(db: &dyn Db, file: File) -> Vec<Diagnostic> {
    let _boundary = crate::firewall::query_boundary();
    let mut diagnostics = Vec::new();
    let source = source_text(db, file);
    if let Some(error) = &source.read_error {
        diagnostics.push(Diagnostic::error(
            file,
            TextRange::default(),
            INVALID_SYNTAX.code,
            error.clone(),
        ));
    }
    let parsed = parsed_module(db, file);
    for error in &parsed.errors {
        diagnostics.push(Diagnostic::error(
            file,
            error.range,
            INVALID_SYNTAX.code,
            error.message.clone(),
        ));
    }
    check_imports(db, file, &mut diagnostics);
    check_types(db, file, &mut diagnostics);
    // Statements dropped by syntax-error recovery leave names undefined:
    // reporting those would blame the user twice for one typo.
    if parsed.has_errors() {
        diagnostics.retain(|d| {
            d.code != crate::rules::UNRESOLVED_REFERENCE.code
                && d.code != crate::rules::POSSIBLY_UNBOUND.code
        });
    }
    // Suppression comments go last: they drop what they silence and report
    // themselves when they silence nothing.
    let mut diagnostics =
        file_suppressions(db, file).apply(file, line_index(db, file), diagnostics);
    diagnostics.sort_by_key(|d| (d.range.start(), d.range.end()));
    diagnostics
}

fn check_imports(db: &dyn Db, file: File, diagnostics: &mut Vec<Diagnostic>) {
    for import in &module_imports(db, file).imports {
        match import {
            ModuleImport::Import { module, range } => {
                report_unresolved(db, file, module, *range, diagnostics);
            }
            // The imported names themselves (`from m import x`, also
            // submodules) are checked through the definitions' types.
            ModuleImport::ImportFrom {
                level,
                module,
                range,
                ..
            } => {
                let absolute = if *level == 0 {
                    match module {
                        Some(m) => m.clone(),
                        None => continue,
                    }
                } else {
                    match resolve_relative_import(db, file, *level, module.as_deref()) {
                        Some(name) => name,
                        None => {
                            diagnostics.push(Diagnostic::error(
                                file,
                                *range,
                                UNRESOLVED_IMPORT.code,
                                format!(
                                    "Relative import `{}{}` goes beyond the top-level package",
                                    ".".repeat(*level as usize),
                                    module.as_deref().unwrap_or("")
                                ),
                            ));
                            continue;
                        }
                    }
                };
                if !report_unresolved(db, file, &absolute, *range, diagnostics) {
                    continue;
                }
            }
        }
    }
}

/// Reports `module` if it cannot be resolved; returns whether it resolved.
fn report_unresolved(
    db: &dyn Db,
    file: File,
    module: &str,
    range: TextRange,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    match resolve_module(db, module) {
        ModuleResolution::Found(_) | ModuleResolution::StdlibUnavailable => true,
        ModuleResolution::NotFound { searched } => {
            diagnostics.push(Diagnostic::error(
                file,
                range,
                UNRESOLVED_IMPORT.code,
                format!(
                    "Cannot resolve imported module `{module}` (searched: {})",
                    searched.join(", ")
                ),
            ));
            false
        }
    }
}

/// The type diagnostics of every function, class and module scope of the
/// file (each scope is its own query).
fn check_types(db: &dyn Db, file: File, diagnostics: &mut Vec<Diagnostic>) {
    let index = gradus_index::semantic_index(db, file);
    for (scope, info) in index.scopes() {
        if matches!(
            info.kind,
            gradus_index::ScopeKind::Module
                | gradus_index::ScopeKind::Class
                | gradus_index::ScopeKind::Function { .. }
        ) {
            // `check_scope` reports relative to the scope's start.
            let start = info.node_range.start();
            diagnostics.extend(
                crate::infer::scope::check_scope(db, file, scope)
                    .iter()
                    .map(|d| {
                        let mut d = d.clone();
                        d.range += start;
                        d
                    }),
            );
        }
    }
}
