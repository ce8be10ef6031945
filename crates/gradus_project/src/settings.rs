//! Resolved settings: configuration file + command line + environment,
//! turned into what the database needs. The CLI and the server both resolve
//! settings here, so they never disagree.

use std::path::{Path, PathBuf};

use gradus_db::{
    Db, Diagnostic, File, FilePath, PythonPlatform, PythonVersion, SearchPathSettings, Severity,
};
use indexmap::IndexMap;
use rustc_hash::FxHashMap;

use crate::config::{Options, ProjectConfig, RuleLevel};

/// Settings given on the command line; they win over the config file.
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    pub python_version: Option<PythonVersion>,
    pub python_platform: Option<String>,
    pub python: Option<PathBuf>,
    pub typeshed: Option<PathBuf>,
    pub extra_paths: Vec<PathBuf>,
    /// Directories of explicitly named files that are not inside a package:
    /// added as first-party roots, so `python3 script.py`-style sibling
    /// imports resolve (as mypy does).
    pub script_roots: Vec<PathBuf>,
    /// Skip asking an interpreter for site-packages (tests).
    pub no_environment: bool,
    /// Rule levels from `--error`, `--warn`, `--info` and `--ignore`, in
    /// command-line order (later ones win); `all` stands for every rule.
    /// They win over the configuration, per-path overrides included.
    pub rules: Vec<(String, RuleLevel)>,
}

/// Everything needed to build a database and to post-process diagnostics.
#[derive(Debug, Clone)]
pub struct ProjectSettings {
    pub root: PathBuf,
    pub python_version: PythonVersion,
    pub python_platform: PythonPlatform,
    pub search_paths: SearchPathSettings,
    /// Rule levels and per-path overrides, as configured.
    options: Options,
    /// Rule levels from the command line, `all` expanded.
    cli_rules: IndexMap<String, RuleLevel>,
}

/// Settings that cannot be resolved.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{0}")]
    Environment(String),
    /// An unknown rule name on the command line.
    #[error("unknown rule `{name}` in `--{flag} {name}`{}", hint.map(|h| format!(" (did you mean `{h}`?)")).unwrap_or_default())]
    UnknownRule {
        flag: &'static str,
        name: String,
        hint: Option<&'static str>,
    },
}

/// Expands the command-line rule levels: `all` is every rule, later entries
/// win; an unknown rule is an error naming the flag.
fn cli_rule_levels(
    rules: &[(String, RuleLevel)],
) -> Result<IndexMap<String, RuleLevel>, SettingsError> {
    let known = crate::known_rule_codes();
    let mut out = IndexMap::new();
    for (name, level) in rules {
        if name == "all" {
            for code in &known {
                out.shift_remove(*code);
                out.insert((*code).to_owned(), *level);
            }
        } else if known.contains(&name.as_str()) {
            out.shift_remove(name);
            out.insert(name.clone(), *level);
        } else {
            return Err(SettingsError::UnknownRule {
                flag: match level {
                    RuleLevel::Error => "error",
                    RuleLevel::Warn => "warn",
                    RuleLevel::Info => "info",
                    RuleLevel::Ignore => "ignore",
                },
                name: name.clone(),
                hint: crate::config::closest(name, &known),
            });
        }
    }
    Ok(out)
}

impl ProjectSettings {
    /// Default settings for an in-memory project at `root` (tests).
    pub fn for_root(root: PathBuf) -> Self {
        ProjectSettings {
            python_version: PythonVersion::DEFAULT,
            python_platform: PythonPlatform::All,
            search_paths: SearchPathSettings {
                src_roots: vec![root.clone()],
                ..SearchPathSettings::default()
            },
            root,
            options: Options::default(),
            cli_rules: IndexMap::new(),
        }
    }

    /// Applies the configured rule levels (per-path overrides included) to
    /// `diagnostics`, dropping those of ignored rules.
    pub fn apply_rule_levels(&self, db: &dyn Db, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.options.rules.is_empty()
            && self.options.overrides.is_empty()
            && self.cli_rules.is_empty()
        {
            return diagnostics;
        }
        let mut per_file: FxHashMap<File, IndexMap<String, RuleLevel>> = FxHashMap::default();
        diagnostics
            .into_iter()
            .filter_map(|mut diagnostic| {
                let rules = per_file.entry(diagnostic.file).or_insert_with(|| {
                    let mut rules = match diagnostic.file.path(db) {
                        FilePath::System(path) => self.options.rules_for_file(&self.root, path),
                        FilePath::Vendored(_) => self.options.rules.clone(),
                    };
                    for (name, level) in &self.cli_rules {
                        rules.insert(name.clone(), *level);
                    }
                    rules
                });
                diagnostic.severity = match rules.get(diagnostic.code) {
                    None => diagnostic.severity,
                    Some(RuleLevel::Ignore) => return None,
                    Some(RuleLevel::Error) => Severity::Error,
                    Some(RuleLevel::Warn) => Severity::Warning,
                    Some(RuleLevel::Info) => Severity::Info,
                };
                Some(diagnostic)
            })
            .collect()
    }
}

/// Resolves `config` and `cli` into settings. `env` reads environment
/// variables (so tests need not touch the process environment).
pub fn resolve_settings(
    config: &ProjectConfig,
    cli: &CliOverrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ProjectSettings, SettingsError> {
    let options = &config.options;
    let root = config.root.clone();
    let python_version = cli
        .python_version
        .or(options.python_version)
        .unwrap_or(PythonVersion::DEFAULT);
    let python_platform = match cli
        .python_platform
        .as_ref()
        .or(options.python_platform.as_ref())
    {
        Some(p) if p == "all" => PythonPlatform::All,
        Some(p) => PythonPlatform::Named(p.clone()),
        None => PythonPlatform::current(),
    };
    let mut extra_paths = cli.extra_paths.clone();
    extra_paths.extend(options.extra_paths.iter().cloned());
    let mut src_roots = vec![root.clone()];
    let src = root.join("src");
    if src.is_dir() {
        src_roots.push(src);
    }
    for dir in &cli.script_roots {
        if !src_roots.contains(dir) {
            src_roots.push(dir.clone());
        }
    }
    let custom_typeshed = cli.typeshed.clone().or_else(|| options.typeshed.clone());
    let site_packages = if cli.no_environment {
        Vec::new()
    } else {
        let python = cli.python.clone().or_else(|| options.python.clone());
        gradus_resolve::discover_site_packages(python.as_deref(), env, &root)
            .map_err(|e| SettingsError::Environment(e.to_string()))?
    };
    Ok(ProjectSettings {
        root,
        python_version,
        python_platform,
        search_paths: SearchPathSettings {
            extra_paths,
            src_roots,
            custom_typeshed,
            site_packages,
        },
        options: Options {
            rules: options.rules.clone(),
            overrides: options.overrides.clone(),
            ..Options::default()
        },
        cli_rules: cli_rule_levels(&cli.rules)?,
    })
}

/// The first-party root for an explicitly named file: the parent of its
/// outermost enclosing package (a chain of dirs with `__init__.py[i]`).
pub fn script_root(file: &Path) -> Option<PathBuf> {
    let mut dir = file.parent()?.to_path_buf();
    while dir.join("__init__.py").is_file() || dir.join("__init__.pyi").is_file() {
        match dir.parent() {
            Some(parent) => dir = parent.to_path_buf(),
            None => break,
        }
    }
    Some(dir)
}
