//! Resolved settings: configuration file + command line + environment,
//! turned into what the database needs. The CLI and the server both resolve
//! settings here, so they never disagree.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use gradus_db::{Db, Diagnostic, FilePath, PythonPlatform, PythonVersion, SearchPathSettings, Severity};
use rustc_hash::FxHashMap;

use crate::config::{ProjectConfig, RuleLevel};

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
}

/// Everything needed to build a database and to post-process diagnostics.
#[derive(Debug, Clone)]
pub struct ProjectSettings {
    pub root: PathBuf,
    pub python_version: PythonVersion,
    pub python_platform: PythonPlatform,
    pub search_paths: SearchPathSettings,
    rule_levels: FxHashMap<String, RuleLevel>,
    overrides: Vec<(GlobSet, GlobSet, FxHashMap<String, RuleLevel>)>,
}

/// Settings that cannot be resolved.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{0}")]
    Environment(String),
    #[error("invalid glob `{glob}` in `overrides`: {message}")]
    Glob { glob: String, message: String },
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
            rule_levels: FxHashMap::default(),
            overrides: Vec::new(),
        }
    }

    /// Applies the configured level of the diagnostic's rule (per-path
    /// overrides first); `None` when the rule is ignored.
    pub fn apply_rule_level(&self, db: &dyn Db, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        let mut level = self.rule_levels.get(diagnostic.code).copied();
        if !self.overrides.is_empty() {
            if let FilePath::System(path) = diagnostic.file.path(db) {
                let rel = path.strip_prefix(&self.root).unwrap_or(path);
                for (include, exclude, rules) in &self.overrides {
                    if include.is_match(rel) && !exclude.is_match(rel) {
                        if let Some(l) = rules.get(diagnostic.code) {
                            level = Some(*l);
                        }
                    }
                }
            }
        }
        match level {
            None => Some(diagnostic),
            Some(RuleLevel::Ignore) => None,
            Some(RuleLevel::Error) => {
                diagnostic.severity = Severity::Error;
                Some(diagnostic)
            }
            Some(RuleLevel::Warn) => {
                diagnostic.severity = Severity::Warning;
                Some(diagnostic)
            }
            Some(RuleLevel::Info) => {
                diagnostic.severity = Severity::Info;
                Some(diagnostic)
            }
        }
    }
}

fn glob_set(globs: &[String]) -> Result<GlobSet, SettingsError> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let g = Glob::new(glob).map_err(|e| SettingsError::Glob {
            glob: glob.clone(),
            message: e.to_string(),
        })?;
        builder.add(g);
    }
    builder.build().map_err(|e| SettingsError::Glob {
        glob: globs.join(", "),
        message: e.to_string(),
    })
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
    let python_platform = match cli.python_platform.as_ref().or(options.python_platform.as_ref()) {
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
    let rule_levels = options
        .rules
        .iter()
        .map(|(code, level)| (code.clone(), *level))
        .collect();
    let mut overrides = Vec::new();
    for o in &options.overrides {
        overrides.push((
            glob_set(&o.include)?,
            glob_set(&o.exclude)?,
            o.rules.iter().map(|(c, l)| (c.clone(), *l)).collect(),
        ));
    }
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
        rule_levels,
        overrides,
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
