//! Checking many files in parallel; a panic in one file becomes an
//! `internal-error` diagnostic on that file and the others are still checked.

use std::panic::{catch_unwind, AssertUnwindSafe};

use gradus_db::{Diagnostic, File, Severity};
use gradus_syntax::TextRange;
use rayon::prelude::*;

use crate::settings::ProjectSettings;
use crate::ProjectDatabase;

/// The outcome of checking a set of files.
#[derive(Debug, Clone, Default)]
pub struct CheckResult {
    /// Diagnostics after rule levels were applied, sorted by file path and
    /// position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were checked.
    pub checked_files: usize,
    /// The files that were checked, in the order given.
    pub files: Vec<File>,
}

impl CheckResult {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

// Budget: see `gradus_budgets`.
use gradus_budgets::CHECK_THREAD_STACK;

/// Checks `files` in parallel and applies the configured rule levels.
pub fn check_files(
    db: &ProjectDatabase,
    settings: &ProjectSettings,
    files: &[File],
) -> CheckResult {
    check_files_with_progress(db, settings, files, &|| {})
}

/// Like [`check_files`], calling `on_file_done` (from any thread) after each
/// file (the CLI's progress bar).
pub fn check_files_with_progress(
    db: &ProjectDatabase,
    settings: &ProjectSettings,
    files: &[File],
    on_file_done: &(dyn Fn() + Sync),
) -> CheckResult {
    // The database is `Send` but not `Sync`: each worker gets its own handle.
    let handle = db.clone();
    let check_all = move || -> Vec<Vec<Diagnostic>> {
        files
            .par_iter()
            .map_with(handle, |db, &file| {
                let diagnostics = check_one_file(db, file);
                on_file_done();
                diagnostics
            })
            .collect()
    };
    let per_file = match rayon::ThreadPoolBuilder::new()
        .stack_size(CHECK_THREAD_STACK)
        .build()
    {
        Ok(pool) => pool.install(check_all),
        Err(_) => check_all(),
    };
    let mut diagnostics = settings.apply_rule_levels(db, per_file.into_iter().flatten().collect());
    sort_diagnostics(db, &mut diagnostics);
    CheckResult {
        diagnostics,
        checked_files: files.len(),
        files: files.to_vec(),
    }
}

/// Sorts by file path, then position, then code.
pub fn sort_diagnostics(db: &ProjectDatabase, diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.file
            .path(db)
            .cmp(b.file.path(db))
            .then(a.range.start().cmp(&b.range.start()))
            .then(a.code.cmp(b.code))
            .then(a.message.cmp(&b.message))
    });
}

fn check_one_file(db: &ProjectDatabase, file: File) -> Vec<Diagnostic> {
    match catch_unwind(AssertUnwindSafe(|| {
        gradus_check::check_file(db, file).clone()
    })) {
        Ok(diagnostics) => diagnostics,
        Err(payload) => {
            if payload.is::<salsa::Cancelled>() {
                std::panic::resume_unwind(payload);
            }
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            vec![Diagnostic::error(
                file,
                TextRange::default(),
                gradus_check::rules::INTERNAL_ERROR.code,
                format!("Gradus crashed while checking this file: {message}"),
            )]
        }
    }
}
