//! A project: its configuration, its files, the concrete salsa database and
//! the parallel check loop that the CLI and the language server share — so a
//! file shows the same diagnostics in the editor as in CI.
//!
//! ```python
//! # pyproject.toml: [tool.gradus] python-version = "3.12"
//! import tomllib   # resolved against the stdlib of the configured version
//! ```

pub mod baseline;
mod check;
pub mod config;
pub mod coverage;
mod db;
pub mod discovery;
pub mod output;
mod settings;
pub mod watch;

pub use check::{check_files, check_files_with_progress, sort_diagnostics, CheckResult};
pub use db::ProjectDatabase;
pub use gradus_check::rules::{rules_sorted, Rule};
pub use output::explain_rule;
pub use settings::{resolve_settings, script_root, CliOverrides, ProjectSettings, SettingsError};

/// The codes of all rules, for validating configuration.
pub fn known_rule_codes() -> Vec<&'static str> {
    gradus_check::rules::all_rule_codes()
}
