//! Finding the project root and reading the project's configuration.
//!
//! Gradus reads its settings from a `gradus.toml` file or from the
//! `[tool.gradus]` table of a `pyproject.toml`, like ty (`ty.toml` /
//! `[tool.ty]`) and pyrefly (`pyrefly.toml` / `[tool.pyrefly]`) do. When both
//! exist in one directory, the dedicated file wins.
//!
//! The project root is the first directory, walking up from where the check
//! starts, that holds either file. A `pyproject.toml` without a
//! `[tool.gradus]` table still marks the root: it is where the Python project
//! lives, so first-party imports and `include`/`exclude` globs are resolved
//! from there.
//!
//! ```toml
//! # pyproject.toml
//! [tool.gradus]
//! python-version = "3.12"
//! extra-paths = ["vendor"]          # relative to this file's directory
//! exclude = ["build/", "**/*_pb2.py"]
//!
//! [tool.gradus.rules]
//! unresolved-import = "warn"
//!
//! [[tool.gradus.overrides]]
//! include = ["tests/**"]
//! rules = { unresolved-import = "ignore" }
//! ```
//!
//! In `gradus.toml` the same keys sit at the top level (`python-version =
//! "3.12"`, `[rules]`, `[[overrides]]`).
//!
//! The configuration is strict on purpose: a misspelt key that is silently
//! ignored is a setting the user believes is in force but is not. Every
//! unknown key, wrong type or unknown rule name is an error that names the
//! file, the 1-based line and column, and the full dotted key, e.g.
//!
//! ```text
//! pyproject.toml:3:1: unknown key `tool.gradus.pyton-version`; did you mean `python-version`?
//! ```
//!
//! Spans come from `toml_edit`'s immutable document, which keeps the byte
//! range of every key and value (serde-based decoding loses them for tables).

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use gradus_db::PythonVersion;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use indexmap::IndexMap;
use toml_edit::{ImDocument, Item, Key, TableLike, Value};

/// The name of Gradus' own configuration file.
pub const CONFIG_FILE_NAME: &str = "gradus.toml";
/// The name of the standard Python project file, read for `[tool.gradus]`.
pub const PYPROJECT_FILE_NAME: &str = "pyproject.toml";

/// The keys accepted at the top level of the configuration.
pub const KNOWN_KEYS: &[&str] = &[
    "python-version",
    "python-platform",
    "extra-paths",
    "python",
    "typeshed",
    "include",
    "exclude",
    "respect-ignore-files",
    "rules",
    "overrides",
];

/// The keys accepted inside one `[[overrides]]` entry.
pub const OVERRIDE_KEYS: &[&str] = &["include", "exclude", "rules"];

const RULE_LEVELS_EXPECTED: &str = r#"one of "ignore", "warn", "error" or "info""#;

/// The settings read from a configuration file.
///
/// Every field is optional in the file; the defaults are those of
/// [`Options::default`] (notably `respect_ignore_files` is `true`).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `python-version = "3.12"`.
    pub python_version: Option<PythonVersion>,
    /// `python-platform = "linux"`: the `sys.platform` to check for (or `all`).
    pub python_platform: Option<String>,
    /// `extra-paths = [...]`: extra import roots, made absolute against the
    /// directory of the configuration file.
    pub extra_paths: Vec<PathBuf>,
    /// `python = "..."`: an interpreter, virtualenv or prefix (absolute).
    pub python: Option<PathBuf>,
    /// `typeshed = "..."`: a custom typeshed root (absolute).
    pub typeshed: Option<PathBuf>,
    /// `include = [...]`: paths or globs, anchored at the project root, of
    /// the files to check. Empty means the whole root.
    pub include: Vec<String>,
    /// `exclude = [...]`: gitignore-style globs relative to the project root
    /// (`!pattern` re-includes).
    pub exclude: Vec<String>,
    /// `respect-ignore-files = false` stops honouring `.gitignore`/`.ignore`.
    pub respect_ignore_files: bool,
    /// `[rules]`: rule name to level, in file order.
    pub rules: IndexMap<String, RuleLevel>,
    /// `[[overrides]]`: per-path rule levels, applied in file order.
    pub overrides: Vec<Override>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            python_version: None,
            python_platform: None,
            extra_paths: Vec::new(),
            python: None,
            typeshed: None,
            include: Vec::new(),
            exclude: Vec::new(),
            respect_ignore_files: true,
            rules: IndexMap::new(),
            overrides: Vec::new(),
        }
    }
}

impl Options {
    /// The rule levels in force for `file`: the top-level `rules`, then the
    /// rules of every matching override in file order (later ones win).
    ///
    /// This compiles the override globs on each call; callers checking many
    /// files should group them or cache the result per directory.
    pub fn rules_for_file(&self, root: &Path, file: &Path) -> IndexMap<String, RuleLevel> {
        let mut rules = self.rules.clone();
        for over in &self.overrides {
            if over.matches(root, file) {
                for (name, level) in &over.rules {
                    rules.insert(name.clone(), *level);
                }
            }
        }
        rules
    }
}

/// One `[[overrides]]` entry: rule levels for the files matching `include`
/// (all files when empty) and not matching `exclude`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Override {
    /// Globs anchored at the project root, like the top-level `include`.
    pub include: Vec<String>,
    /// Gitignore-style globs, like the top-level `exclude`.
    pub exclude: Vec<String>,
    /// Rule name to level.
    pub rules: IndexMap<String, RuleLevel>,
}

impl Override {
    /// Whether this override applies to `file` (absolute, or relative to
    /// `root`). Patterns were validated when the configuration was parsed;
    /// an invalid one here matches nothing.
    pub fn matches(&self, root: &Path, file: &Path) -> bool {
        let rel = match file.strip_prefix(root) {
            Ok(rel) => rel,
            Err(_) if file.is_relative() => file,
            Err(_) => return self.include.is_empty() && self.exclude.is_empty(),
        };
        if !self.include.is_empty() {
            let Ok(include) = build_glob_matcher(root, &self.include, true) else {
                return false;
            };
            if !include.matched_path_or_any_parents(rel, false).is_ignore() {
                return false;
            }
        }
        if !self.exclude.is_empty() {
            let Ok(exclude) = build_glob_matcher(root, &self.exclude, false) else {
                return false;
            };
            if exclude.matched_path_or_any_parents(rel, false).is_ignore() {
                return false;
            }
        }
        true
    }
}

/// The level of a rule, as written in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleLevel {
    /// `"ignore"`: the rule is off.
    Ignore,
    /// `"warn"` (or `"warning"`).
    Warn,
    /// `"error"`.
    Error,
    /// `"info"`.
    Info,
}

impl RuleLevel {
    /// Parses `"ignore"`, `"warn"`, `"warning"`, `"error"` or `"info"`.
    pub fn parse(s: &str) -> Option<RuleLevel> {
        match s {
            "ignore" => Some(RuleLevel::Ignore),
            "warn" | "warning" => Some(RuleLevel::Warn),
            "error" => Some(RuleLevel::Error),
            "info" => Some(RuleLevel::Info),
            _ => None,
        }
    }

    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Ignore => "ignore",
            RuleLevel::Warn => "warn",
            RuleLevel::Error => "error",
            RuleLevel::Info => "info",
        }
    }
}

impl fmt::Display for RuleLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A project: its root, the configuration file used (if any) and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectConfig {
    /// The project root (absolute).
    pub root: PathBuf,
    /// The file the options were read from: `gradus.toml`, or a
    /// `pyproject.toml` with a `[tool.gradus]` table.
    pub config_file: Option<PathBuf>,
    /// The options (defaults when there is no configuration).
    pub options: Options,
}

/// An error reading a configuration file. Every variant names the file;
/// all but [`ConfigError::Io`] also give a 1-based line and column.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: cannot read configuration file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The file is not valid TOML.
    #[error("{}:{line}:{column}: invalid TOML: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A key Gradus does not know.
    #[error("{}:{line}:{column}: unknown key `{key}`{}", path.display(), hint_suffix(hint))]
    UnknownKey {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The full dotted key, e.g. `tool.gradus.pyton-version`.
        key: String,
        /// E.g. "did you mean `python-version`?".
        hint: Option<String>,
    },
    /// A value of the wrong type or format.
    #[error(
        "{}:{line}:{column}: invalid value for `{key}`: expected {expected}, found {found}",
        path.display()
    )]
    InvalidValue {
        path: PathBuf,
        line: usize,
        column: usize,
        key: String,
        expected: String,
        found: String,
    },
    /// A rule name that is not one of the known rules.
    #[error("{}:{line}:{column}: unknown rule `{rule}` in `{key}`{}", path.display(), hint_suffix(hint))]
    UnknownRule {
        path: PathBuf,
        line: usize,
        column: usize,
        rule: String,
        /// The full dotted key of the rules table, e.g. `tool.gradus.rules`.
        key: String,
        hint: Option<String>,
    },
    /// An `include`/`exclude` pattern that is not a valid glob.
    #[error("{}:{line}:{column}: invalid glob {pattern:?} in `{key}`: {message}", path.display())]
    InvalidGlob {
        path: PathBuf,
        line: usize,
        column: usize,
        key: String,
        pattern: String,
        message: String,
    },
}

impl ConfigError {
    /// The configuration file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::Io { path, .. }
            | ConfigError::Syntax { path, .. }
            | ConfigError::UnknownKey { path, .. }
            | ConfigError::InvalidValue { path, .. }
            | ConfigError::UnknownRule { path, .. }
            | ConfigError::InvalidGlob { path, .. } => path,
        }
    }

    /// The 1-based line and column, when the error has a position.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            ConfigError::Io { .. } => None,
            ConfigError::Syntax { line, column, .. }
            | ConfigError::UnknownKey { line, column, .. }
            | ConfigError::InvalidValue { line, column, .. }
            | ConfigError::UnknownRule { line, column, .. }
            | ConfigError::InvalidGlob { line, column, .. } => Some((*line, *column)),
        }
    }
}

fn hint_suffix(hint: &Option<String>) -> String {
    match hint {
        Some(hint) => format!("; {hint}"),
        None => String::new(),
    }
}

/// Walks up from `start` (a directory or a file) to the first directory
/// holding `gradus.toml` or `pyproject.toml`, and returns it. A
/// `pyproject.toml` without `[tool.gradus]` still marks the root. Without any
/// marker, `start` itself (its directory, for a file) is the root.
///
/// The result is absolute and lexically normalised.
pub fn find_project_root(start: &Path) -> PathBuf {
    let start = absolutize(start);
    let dir = if start.is_file() {
        start.parent().map(Path::to_path_buf).unwrap_or(start)
    } else {
        start
    };
    find_project_marker(&dir).unwrap_or(dir)
}

/// The first directory from `start` upwards holding `gradus.toml` or
/// `pyproject.toml`, if any.
pub fn find_project_marker(start: &Path) -> Option<PathBuf> {
    let start = absolutize(start);
    start
        .ancestors()
        .find(|candidate| {
            candidate.join(CONFIG_FILE_NAME).is_file()
                || candidate.join(PYPROJECT_FILE_NAME).is_file()
        })
        .map(Path::to_path_buf)
}

/// Reads the configuration of the project at `root`: `root/gradus.toml` if
/// it exists, else the `[tool.gradus]` table of `root/pyproject.toml`, else
/// the defaults.
///
/// `known_rules` are the valid rule names; an empty slice turns rule-name
/// validation off.
pub fn load_project_config(
    root: &Path,
    known_rules: &[&str],
) -> Result<ProjectConfig, ConfigError> {
    let root = absolutize(root);
    let gradus_toml = root.join(CONFIG_FILE_NAME);
    if gradus_toml.is_file() {
        let text = read_config(&gradus_toml)?;
        let options = parse_config(&gradus_toml, &text, false, known_rules)?.unwrap_or_default();
        let pyproject = root.join(PYPROJECT_FILE_NAME);
        if pyproject.is_file() {
            tracing::debug!(
                "using {} ({} in the same directory is not read for settings)",
                gradus_toml.display(),
                pyproject.display()
            );
        }
        return Ok(ProjectConfig {
            root,
            config_file: Some(gradus_toml),
            options,
        });
    }
    let pyproject = root.join(PYPROJECT_FILE_NAME);
    if pyproject.is_file() {
        let text = read_config(&pyproject)?;
        if let Some(options) = parse_config(&pyproject, &text, true, known_rules)? {
            return Ok(ProjectConfig {
                root,
                config_file: Some(pyproject),
                options,
            });
        }
    }
    Ok(ProjectConfig {
        root,
        config_file: None,
        options: Options::default(),
    })
}

/// Parses the text of a configuration file. With `is_pyproject`, only the
/// `[tool.gradus]` table is read (and its absence gives the defaults);
/// otherwise the whole file is Gradus configuration.
///
/// `path` is used for error messages and to resolve relative paths (against
/// its directory). An empty `known_rules` turns rule-name validation off.
pub fn parse_config_text(
    path: &Path,
    text: &str,
    is_pyproject: bool,
    known_rules: &[&str],
) -> Result<Options, ConfigError> {
    Ok(parse_config(path, text, is_pyproject, known_rules)?.unwrap_or_default())
}

fn read_config(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Like [`parse_config_text`], but `None` when a `pyproject.toml` has no
/// `[tool.gradus]` table.
fn parse_config(
    path: &Path,
    text: &str,
    is_pyproject: bool,
    known_rules: &[&str],
) -> Result<Option<Options>, ConfigError> {
    let base_dir = absolutize(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let parser = Parser {
        path,
        text,
        prefix: if is_pyproject { "tool.gradus." } else { "" },
        base_dir,
        known_rules,
    };
    let doc = ImDocument::parse(text).map_err(|err| {
        let (line, column) = parser.line_column(err.span());
        let message = err
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })?;
    let top = doc.as_table();
    if !is_pyproject {
        return parser.options(top).map(Some);
    }
    let Some(tool) = top.get("tool").and_then(Item::as_table_like) else {
        return Ok(None);
    };
    let Some((key, item)) = tool.get_key_value("gradus") else {
        return Ok(None);
    };
    match item.as_table_like() {
        Some(table) => parser.options(table).map(Some),
        None => Err(parser.invalid_value("tool.gradus", item_span(item, key), "a table", item)),
    }
}

struct Parser<'a> {
    path: &'a Path,
    text: &'a str,
    /// `tool.gradus.` in a pyproject.toml, empty in gradus.toml.
    prefix: &'static str,
    /// The directory relative paths are resolved against.
    base_dir: PathBuf,
    known_rules: &'a [&'a str],
}

impl Parser<'_> {
    /// The 1-based line and column (in characters) of a byte offset.
    fn line_column(&self, span: Option<Range<usize>>) -> (usize, usize) {
        let offset = span.map_or(0, |s| s.start).min(self.text.len());
        let mut offset = offset;
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// `python-version` → `tool.gradus.python-version` in a pyproject.toml.
    fn full_key(&self, local: &str) -> String {
        format!("{}{}", self.prefix, local)
    }

    fn invalid_value(
        &self,
        full_key: &str,
        span: Option<Range<usize>>,
        expected: &str,
        found: &Item,
    ) -> ConfigError {
        let (line, column) = self.line_column(span);
        ConfigError::InvalidValue {
            path: self.path.to_path_buf(),
            line,
            column,
            key: full_key.to_string(),
            expected: expected.to_string(),
            found: describe_item(found),
        }
    }

    fn invalid(
        &self,
        local: &str,
        span: Option<Range<usize>>,
        expected: &str,
        found: &Item,
    ) -> ConfigError {
        self.invalid_value(&self.full_key(local), span, expected, found)
    }

    fn unknown_key(&self, local: &str, key: &Key, known: &[&str]) -> ConfigError {
        let (line, column) = self.line_column(key.span());
        let name = key.get();
        let hint = if let Some(best) = closest(name, known) {
            Some(format!("did you mean `{best}`?"))
        } else if name == "tool" && self.prefix.is_empty() {
            Some(format!(
                "in {CONFIG_FILE_NAME} settings go at the top level, without `[tool.gradus]`"
            ))
        } else if matches!(name, "environment" | "src" | "terminal" | "analysis") {
            Some(if self.prefix.is_empty() {
                "settings go at the top level, not in sub-tables".to_string()
            } else {
                "settings go directly in `[tool.gradus]`, not in sub-tables".to_string()
            })
        } else {
            None
        };
        ConfigError::UnknownKey {
            path: self.path.to_path_buf(),
            line,
            column,
            key: self.full_key(local),
            hint,
        }
    }

    fn options(&self, table: &dyn TableLike) -> Result<Options, ConfigError> {
        let mut options = Options::default();
        for (name, item) in table.iter() {
            let Some((key, _)) = table.get_key_value(name) else {
                continue;
            };
            let span = item_span(item, key);
            match name {
                "python-version" => {
                    let version = item
                        .as_str()
                        .and_then(PythonVersion::parse)
                        .filter(|v| v.major == 3);
                    match version {
                        Some(v) => options.python_version = Some(v),
                        None => {
                            return Err(self.invalid(name, span, r#"a version like "3.12""#, item))
                        }
                    }
                }
                "python-platform" => match item.as_str().map(str::trim) {
                    Some(s) if !s.is_empty() => options.python_platform = Some(s.to_string()),
                    _ => {
                        return Err(self.invalid(
                            name,
                            span,
                            r#"a platform such as "linux", "darwin", "win32" or "all""#,
                            item,
                        ))
                    }
                },
                "python" => options.python = Some(self.path_value(name, span, item)?),
                "typeshed" => options.typeshed = Some(self.path_value(name, span, item)?),
                "extra-paths" => {
                    options.extra_paths = self
                        .string_array(name, span, item, "an array of paths")?
                        .into_iter()
                        .map(|(i, s, el)| {
                            if s.is_empty() {
                                Err(self.invalid(
                                    &format!("{name}[{i}]"),
                                    el.span(),
                                    "a non-empty path",
                                    &Item::Value(el.clone()),
                                ))
                            } else {
                                Ok(self.resolve(s))
                            }
                        })
                        .collect::<Result<_, _>>()?;
                }
                "include" => options.include = self.globs(name, span, item, true)?,
                "exclude" => options.exclude = self.globs(name, span, item, false)?,
                "respect-ignore-files" => match item.as_bool() {
                    Some(b) => options.respect_ignore_files = b,
                    None => return Err(self.invalid(name, span, "a boolean", item)),
                },
                "rules" => options.rules = self.rules(name, span, item)?,
                "overrides" => options.overrides = self.overrides(name, span, item)?,
                _ => return Err(self.unknown_key(name, key, KNOWN_KEYS)),
            }
        }
        Ok(options)
    }

    fn resolve(&self, s: &str) -> PathBuf {
        normalize(&self.base_dir.join(s))
    }

    fn path_value(
        &self,
        local: &str,
        span: Option<Range<usize>>,
        item: &Item,
    ) -> Result<PathBuf, ConfigError> {
        match item.as_str() {
            Some(s) if !s.is_empty() => Ok(self.resolve(s)),
            _ => Err(self.invalid(local, span, "a path", item)),
        }
    }

    /// The strings of an array, with their index and value (for spans).
    fn string_array<'i>(
        &self,
        local: &str,
        span: Option<Range<usize>>,
        item: &'i Item,
        expected: &str,
    ) -> Result<Vec<(usize, &'i str, &'i Value)>, ConfigError> {
        let Some(array) = item.as_array() else {
            return Err(self.invalid(local, span, expected, item));
        };
        array
            .iter()
            .enumerate()
            .map(|(i, el)| match el.as_str() {
                Some(s) => Ok((i, s, el)),
                None => Err(self.invalid(
                    &format!("{local}[{i}]"),
                    el.span(),
                    "a string",
                    &Item::Value(el.clone()),
                )),
            })
            .collect()
    }

    fn globs(
        &self,
        local: &str,
        span: Option<Range<usize>>,
        item: &Item,
        anchored: bool,
    ) -> Result<Vec<String>, ConfigError> {
        let mut out = Vec::new();
        for (i, pattern, el) in self.string_array(local, span, item, "an array of globs")? {
            if let Err(message) = validate_glob(pattern, anchored) {
                let (line, column) = self.line_column(el.span());
                return Err(ConfigError::InvalidGlob {
                    path: self.path.to_path_buf(),
                    line,
                    column,
                    key: self.full_key(&format!("{local}[{i}]")),
                    pattern: pattern.to_string(),
                    message,
                });
            }
            out.push(pattern.to_string());
        }
        Ok(out)
    }

    fn rules(
        &self,
        local: &str,
        span: Option<Range<usize>>,
        item: &Item,
    ) -> Result<IndexMap<String, RuleLevel>, ConfigError> {
        let Some(table) = item.as_table_like() else {
            return Err(self.invalid(local, span, "a table of rule levels", item));
        };
        let mut rules = IndexMap::new();
        for (name, value) in table.iter() {
            let Some((key, _)) = table.get_key_value(name) else {
                continue;
            };
            if !self.known_rules.is_empty() && !self.known_rules.contains(&name) {
                let (line, column) = self.line_column(key.span());
                return Err(ConfigError::UnknownRule {
                    path: self.path.to_path_buf(),
                    line,
                    column,
                    rule: name.to_string(),
                    key: self.full_key(local),
                    hint: closest(name, self.known_rules)
                        .map(|best| format!("did you mean `{best}`?")),
                });
            }
            match value.as_str().and_then(RuleLevel::parse) {
                Some(level) => {
                    rules.insert(name.to_string(), level);
                }
                None => {
                    return Err(self.invalid(
                        &format!("{local}.{}", display_key(name)),
                        item_span(value, key),
                        RULE_LEVELS_EXPECTED,
                        value,
                    ))
                }
            }
        }
        Ok(rules)
    }

    fn overrides(
        &self,
        local: &str,
        span: Option<Range<usize>>,
        item: &Item,
    ) -> Result<Vec<Override>, ConfigError> {
        const EXPECTED: &str = "an array of tables (`[[overrides]]`)";
        let mut tables: Vec<(&dyn TableLike, Option<Range<usize>>)> = Vec::new();
        match item {
            Item::ArrayOfTables(array) => {
                for table in array.iter() {
                    tables.push((table, table.span()));
                }
            }
            Item::Value(Value::Array(array)) => {
                for (i, el) in array.iter().enumerate() {
                    match el.as_inline_table() {
                        Some(table) => tables.push((table, el.span())),
                        None => {
                            return Err(self.invalid(
                                &format!("{local}[{i}]"),
                                el.span(),
                                "a table",
                                &Item::Value(el.clone()),
                            ))
                        }
                    }
                }
            }
            _ => return Err(self.invalid(local, span, EXPECTED, item)),
        }
        let mut overrides = Vec::new();
        for (i, (table, _span)) in tables.into_iter().enumerate() {
            let entry = format!("{local}[{i}]");
            let mut over = Override::default();
            for (name, value) in table.iter() {
                let Some((key, _)) = table.get_key_value(name) else {
                    continue;
                };
                let local = format!("{entry}.{}", display_key(name));
                let span = item_span(value, key);
                match name {
                    "include" => over.include = self.globs(&local, span, value, true)?,
                    "exclude" => over.exclude = self.globs(&local, span, value, false)?,
                    "rules" => over.rules = self.rules(&local, span, value)?,
                    _ => return Err(self.unknown_key(&local, key, OVERRIDE_KEYS)),
                }
            }
            overrides.push(over);
        }
        Ok(overrides)
    }
}

/// The span of a value, falling back to its key (implicit tables have none).
fn item_span(item: &Item, key: &Key) -> Option<Range<usize>> {
    item.span().or_else(|| key.span())
}

/// A key as it would be written in a dotted path.
fn display_key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

fn describe_item(item: &Item) -> String {
    match item {
        Item::None => "nothing".to_string(),
        Item::Value(value) => describe_value(value),
        Item::Table(_) => "a table".to_string(),
        Item::ArrayOfTables(_) => "an array of tables".to_string(),
    }
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{:?}", s.value()),
        Value::Integer(i) => i.value().to_string(),
        Value::Float(f) => format!("{:?}", f.value()),
        Value::Boolean(b) => b.value().to_string(),
        Value::Datetime(d) => d.value().to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::InlineTable(_) => "a table".to_string(),
    }
}

/// The closest candidate within edit distance 2, if any (ties: first wins).
pub(crate) fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, case-insensitive and counting `_` as `-`, so the
/// snake_case and camelCase spellings of a key are close to the kebab-case one.
fn edit_distance(a: &str, b: &str) -> usize {
    let norm = |c: char| {
        if c == '_' {
            '-'
        } else {
            c.to_ascii_lowercase()
        }
    };
    let a: Vec<char> = a.chars().map(norm).collect();
    let b: Vec<char> = b.chars().map(norm).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `pattern` as given to the gitignore matcher. Include patterns are
/// anchored at the root (`src` means `<root>/src`, not any `src`); exclude
/// patterns keep gitignore semantics (`build` is any `build`).
pub(crate) fn matcher_line(pattern: &str, anchored: bool) -> String {
    if anchored && !pattern.starts_with('/') && !pattern.starts_with("**") {
        format!("/{pattern}")
    } else {
        pattern.to_string()
    }
}

/// Checks one `include` (anchored) or `exclude` pattern.
fn validate_glob(pattern: &str, anchored: bool) -> Result<(), String> {
    if pattern.trim().is_empty() {
        return Err("the pattern is empty".to_string());
    }
    if anchored && pattern.starts_with('!') {
        return Err("negated patterns (`!`) are only allowed in `exclude`".to_string());
    }
    let mut builder = GitignoreBuilder::new("/");
    builder
        .add_line(None, &matcher_line(pattern, anchored))
        .map_err(glob_error_message)?;
    Ok(())
}

/// Builds one gitignore-style matcher from config patterns.
pub(crate) fn build_glob_matcher(
    root: &Path,
    patterns: &[String],
    anchored: bool,
) -> Result<Gitignore, (String, String)> {
    let mut builder = GitignoreBuilder::new(root);
    for pattern in patterns {
        builder
            .add_line(None, &matcher_line(pattern, anchored))
            .map_err(|err| (pattern.clone(), glob_error_message(err)))?;
    }
    builder
        .build()
        .map_err(|err| (patterns.join(", "), glob_error_message(err)))
}

fn glob_error_message(err: ignore::Error) -> String {
    match err {
        ignore::Error::Glob { err, .. } => err,
        other => other.to_string(),
    }
}

/// `path` made absolute (against the current directory) and lexically
/// normalised (`.` dropped, `..` folded); symlinks are not resolved.
pub(crate) fn absolutize(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Drops `.` components and folds `..` into the preceding component.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Scratch directories for tests (shared with `discovery`'s tests).
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    static COUNTER: AtomicUsize = AtomicUsize::new(0);

    /// A unique directory under the system temp dir, removed on drop.
    pub(crate) struct TempDir(PathBuf);

    impl TempDir {
        pub(crate) fn new(tag: &str) -> TempDir {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("gradus-{tag}-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir.canonicalize().unwrap())
        }

        pub(crate) fn path(&self) -> &Path {
            &self.0
        }

        /// Writes `contents` to `rel`, creating parent directories.
        pub(crate) fn write(&self, rel: &str, contents: &str) -> PathBuf {
            let path = self.0.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, contents).unwrap();
            path
        }

        pub(crate) fn mkdir(&self, rel: &str) -> PathBuf {
            let path = self.0.join(rel);
            std::fs::create_dir_all(&path).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::TempDir;
    use super::*;

    const RULES: &[&str] = &[
        "unresolved-import",
        "invalid-argument-type",
        "unused-ignore-comment",
    ];

    fn gradus(text: &str) -> Result<Options, ConfigError> {
        parse_config_text(Path::new("gradus.toml"), text, false, RULES)
    }

    fn pyproject(text: &str) -> Result<Options, ConfigError> {
        parse_config_text(Path::new("pyproject.toml"), text, true, RULES)
    }

    fn gradus_err(text: &str) -> String {
        gradus(text).expect_err("expected an error").to_string()
    }

    fn pyproject_err(text: &str) -> String {
        pyproject(text).expect_err("expected an error").to_string()
    }

    // ---- root finding ----

    #[test]
    fn root_is_nearest_marker_walking_up() {
        let tmp = TempDir::new("root-nested");
        tmp.write("pyproject.toml", "[project]\nname = \"x\"\n");
        let deep = tmp.mkdir("pkg/sub/deeper");
        let file = tmp.write("pkg/sub/mod.py", "");
        assert_eq!(find_project_root(&deep), tmp.path());
        assert_eq!(find_project_root(&file), tmp.path());
        assert_eq!(find_project_root(tmp.path()), tmp.path());
    }

    #[test]
    fn root_prefers_the_nearest_directory_whatever_the_marker() {
        let tmp = TempDir::new("root-inner");
        tmp.write("gradus.toml", "");
        tmp.write("inner/pyproject.toml", "[project]\nname = \"inner\"\n");
        let start = tmp.mkdir("inner/src");
        // A pyproject.toml without [tool.gradus] still marks the root.
        assert_eq!(find_project_root(&start), tmp.path().join("inner"));

        let tmp = TempDir::new("root-inner2");
        tmp.write("pyproject.toml", "[tool.gradus]\n");
        tmp.write("inner/gradus.toml", "");
        assert_eq!(
            find_project_root(&tmp.mkdir("inner/a")),
            tmp.path().join("inner")
        );
    }

    #[test]
    fn root_without_marker_is_the_start_directory() {
        let tmp = TempDir::new("root-none");
        let dir = tmp.mkdir("a/b");
        let file = tmp.write("a/b/m.py", "");
        assert_eq!(find_project_root(&dir), dir);
        assert_eq!(find_project_root(&file), dir);
        // Lexically normalised.
        assert_eq!(find_project_root(&dir.join("..").join("b").join(".")), dir);
    }

    #[test]
    fn gradus_toml_wins_over_tool_gradus_in_the_same_directory() {
        let tmp = TempDir::new("root-both");
        tmp.write(
            "pyproject.toml",
            "[tool.gradus]\npython-version = \"3.9\"\n",
        );
        let gradus_toml = tmp.write("gradus.toml", "python-version = \"3.11\"\n");
        assert_eq!(find_project_root(&tmp.mkdir("src")), tmp.path());
        let config = load_project_config(tmp.path(), RULES).unwrap();
        assert_eq!(config.root, tmp.path());
        assert_eq!(config.config_file, Some(gradus_toml));
        assert_eq!(
            config.options.python_version,
            Some(PythonVersion::new(3, 11))
        );
    }

    #[test]
    fn load_reads_tool_gradus_from_pyproject() {
        let tmp = TempDir::new("load-pyproject");
        let file = tmp.write(
            "pyproject.toml",
            "[tool.gradus]\npython-version = \"3.10\"\n",
        );
        let config = load_project_config(tmp.path(), RULES).unwrap();
        assert_eq!(config.config_file, Some(file));
        assert_eq!(
            config.options.python_version,
            Some(PythonVersion::new(3, 10))
        );
    }

    #[test]
    fn load_without_tool_gradus_gives_defaults_and_no_config_file() {
        let tmp = TempDir::new("load-none");
        tmp.write(
            "pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.ruff]\nline-length = 100\n",
        );
        let config = load_project_config(tmp.path(), RULES).unwrap();
        assert_eq!(config.config_file, None);
        assert_eq!(config.options, Options::default());

        let empty = TempDir::new("load-empty");
        let config = load_project_config(empty.path(), RULES).unwrap();
        assert_eq!(
            config,
            ProjectConfig {
                root: empty.path().to_path_buf(),
                config_file: None,
                options: Options::default()
            }
        );
    }

    #[test]
    fn load_reports_errors_with_the_file_path() {
        let tmp = TempDir::new("load-err");
        let file = tmp.write("gradus.toml", "\n\npyton-version = \"3.12\"\n");
        let err = load_project_config(tmp.path(), RULES).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}:3:1: unknown key `pyton-version`; did you mean `python-version`?",
                file.display()
            )
        );
        assert_eq!(err.path(), file);
        assert_eq!(err.line_column(), Some((3, 1)));
    }

    #[test]
    fn io_error_names_the_file() {
        let tmp = TempDir::new("load-io");
        let file = tmp.path().join("gradus.toml");
        std::fs::write(&file, b"python-version = \"\xff\"\n").unwrap();
        let err = load_project_config(tmp.path(), RULES).unwrap_err();
        assert!(matches!(err, ConfigError::Io { .. }));
        assert_eq!(
            err.to_string(),
            format!(
                "{}: cannot read configuration file: stream did not contain valid UTF-8",
                file.display()
            )
        );
        assert_eq!(err.line_column(), None);
    }

    // ---- keys ----

    #[test]
    fn defaults() {
        let options = Options::default();
        assert!(options.respect_ignore_files);
        assert_eq!(gradus("").unwrap(), options);
        assert_eq!(pyproject("[project]\nname = \"x\"\n").unwrap(), options);
        assert_eq!(pyproject("[tool.gradus]\n").unwrap(), options);
    }

    #[test]
    fn every_key_in_gradus_toml() {
        let tmp = TempDir::new("keys");
        let path = tmp.path().join("proj").join("gradus.toml");
        let text = r#"
python-version = "3.12"
python-platform = "linux"
extra-paths = ["vendor", "../shared/./lib", "/opt/stubs"]
python = ".venv"
typeshed = "/opt/typeshed"
include = ["src", "tests/**/test_*.py"]
exclude = ["build/", "!build/keep.py"]
respect-ignore-files = false

[rules]
unresolved-import = "warn"
invalid-argument-type = "warning"
unused-ignore-comment = "info"

[[overrides]]
include = ["tests/**"]
exclude = ["tests/fixtures/"]
rules = { unresolved-import = "ignore" }

[[overrides]]
rules = { invalid-argument-type = "error" }
"#;
        let options = parse_config_text(&path, text, false, RULES).unwrap();
        let proj = tmp.path().join("proj");
        let expected = Options {
            python_version: Some(PythonVersion::new(3, 12)),
            python_platform: Some("linux".to_string()),
            extra_paths: vec![
                proj.join("vendor"),
                tmp.path().join("shared/lib"),
                PathBuf::from("/opt/stubs"),
            ],
            python: Some(proj.join(".venv")),
            typeshed: Some(PathBuf::from("/opt/typeshed")),
            include: vec!["src".into(), "tests/**/test_*.py".into()],
            exclude: vec!["build/".into(), "!build/keep.py".into()],
            respect_ignore_files: false,
            rules: IndexMap::from([
                ("unresolved-import".to_string(), RuleLevel::Warn),
                ("invalid-argument-type".to_string(), RuleLevel::Warn),
                ("unused-ignore-comment".to_string(), RuleLevel::Info),
            ]),
            overrides: vec![
                Override {
                    include: vec!["tests/**".into()],
                    exclude: vec!["tests/fixtures/".into()],
                    rules: IndexMap::from([("unresolved-import".to_string(), RuleLevel::Ignore)]),
                },
                Override {
                    include: vec![],
                    exclude: vec![],
                    rules: IndexMap::from([(
                        "invalid-argument-type".to_string(),
                        RuleLevel::Error,
                    )]),
                },
            ],
        };
        assert_eq!(options, expected);
        // Rule order is file order.
        assert_eq!(
            options.rules.keys().collect::<Vec<_>>(),
            [
                "unresolved-import",
                "invalid-argument-type",
                "unused-ignore-comment"
            ]
        );
    }

    #[test]
    fn every_key_in_pyproject() {
        let tmp = TempDir::new("keys-py");
        let path = tmp.path().join("pyproject.toml");
        let text = r#"
[project]
name = "demo"

[tool.gradus]
python-version = "3.9"
python-platform = "all"
extra-paths = ["src"]
respect-ignore-files = true

[tool.gradus.rules]
unresolved-import = "error"

[[tool.gradus.overrides]]
include = ["scripts"]
rules = { unresolved-import = "ignore" }
"#;
        let options = parse_config_text(&path, text, true, RULES).unwrap();
        assert_eq!(options.python_version, Some(PythonVersion::new(3, 9)));
        assert_eq!(options.python_platform.as_deref(), Some("all"));
        assert_eq!(options.extra_paths, vec![tmp.path().join("src")]);
        assert!(options.respect_ignore_files);
        assert_eq!(
            options.rules,
            IndexMap::from([("unresolved-import".to_string(), RuleLevel::Error)])
        );
        assert_eq!(options.overrides.len(), 1);
        assert_eq!(options.overrides[0].include, ["scripts"]);
    }

    #[test]
    fn dotted_and_inline_forms() {
        let options = gradus("rules.unresolved-import = \"ignore\"\noverrides = [{ include = [\"a\"], rules = {} }]\n").unwrap();
        assert_eq!(
            options.rules,
            IndexMap::from([("unresolved-import".to_string(), RuleLevel::Ignore)])
        );
        assert_eq!(
            options.overrides,
            vec![Override {
                include: vec!["a".into()],
                ..Override::default()
            }]
        );
        let options = pyproject("tool.gradus.python-version = \"3.13\"\n").unwrap();
        assert_eq!(options.python_version, Some(PythonVersion::new(3, 13)));
    }

    #[test]
    fn rule_levels() {
        for (text, level) in [
            ("ignore", RuleLevel::Ignore),
            ("warn", RuleLevel::Warn),
            ("warning", RuleLevel::Warn),
            ("error", RuleLevel::Error),
            ("info", RuleLevel::Info),
        ] {
            assert_eq!(RuleLevel::parse(text), Some(level));
        }
        assert_eq!(RuleLevel::parse("Error"), None);
        assert_eq!(RuleLevel::Warn.to_string(), "warn");
    }

    #[test]
    fn empty_known_rules_disables_rule_validation() {
        let options = parse_config_text(
            Path::new("gradus.toml"),
            "[rules]\nanything = \"warn\"\n",
            false,
            &[],
        )
        .unwrap();
        assert_eq!(
            options.rules,
            IndexMap::from([("anything".to_string(), RuleLevel::Warn)])
        );
    }

    #[test]
    fn overrides_apply_in_order() {
        let options = gradus(
            r#"
[rules]
unresolved-import = "error"
invalid-argument-type = "error"

[[overrides]]
include = ["tests"]
exclude = ["tests/strict/"]
rules = { unresolved-import = "ignore" }

[[overrides]]
include = ["**/test_*.py"]
rules = { unresolved-import = "warn", invalid-argument-type = "info" }
"#,
        )
        .unwrap();
        let root = Path::new("/p");
        let level = |file: &str, rule: &str| options.rules_for_file(root, Path::new(file))[rule];
        assert_eq!(level("/p/src/a.py", "unresolved-import"), RuleLevel::Error);
        assert_eq!(
            level("/p/tests/a.py", "unresolved-import"),
            RuleLevel::Ignore
        );
        assert_eq!(
            level("/p/tests/strict/a.py", "unresolved-import"),
            RuleLevel::Error
        );
        assert_eq!(
            level("/p/tests/test_a.py", "unresolved-import"),
            RuleLevel::Warn
        );
        assert_eq!(
            level("/p/tests/test_a.py", "invalid-argument-type"),
            RuleLevel::Info
        );
        // Include is anchored at the root: `tests` is not `src/tests`.
        assert_eq!(
            level("/p/src/tests/a.py", "unresolved-import"),
            RuleLevel::Error
        );
        // Relative paths are taken relative to the root.
        assert_eq!(level("tests/a.py", "unresolved-import"), RuleLevel::Ignore);
        // Outside the root only include-less overrides apply.
        assert_eq!(
            level("/elsewhere/tests/a.py", "unresolved-import"),
            RuleLevel::Error
        );
    }

    // ---- errors ----

    #[test]
    fn unknown_keys() {
        assert_eq!(
            pyproject_err("[project]\nname = \"x\"\n\n[tool.gradus]\npython-version = \"3.12\"\npyton-version = \"3.12\"\n"),
            "pyproject.toml:6:1: unknown key `tool.gradus.pyton-version`; did you mean `python-version`?"
        );
        assert_eq!(
            gradus_err("python-version = \"3.12\"\n  pyton-version = \"3.12\"\n"),
            "gradus.toml:2:3: unknown key `pyton-version`; did you mean `python-version`?"
        );
        assert_eq!(
            gradus_err("python_version = \"3.12\"\n"),
            "gradus.toml:1:1: unknown key `python_version`; did you mean `python-version`?"
        );
        assert_eq!(
            gradus_err("extraPaths = []\n"),
            "gradus.toml:1:1: unknown key `extraPaths`; did you mean `extra-paths`?"
        );
        assert_eq!(
            gradus_err("\nstrict = true\n"),
            "gradus.toml:2:1: unknown key `strict`"
        );
        assert_eq!(
            gradus_err("[[overrides]]\nincldue = [\"a\"]\n"),
            "gradus.toml:2:1: unknown key `overrides[0].incldue`; did you mean `include`?"
        );
        assert_eq!(
            pyproject_err("[[tool.gradus.overrides]]\ninclude = []\n[[tool.gradus.overrides]]\nmodule = \"x\"\n"),
            "pyproject.toml:4:1: unknown key `tool.gradus.overrides[1].module`"
        );
    }

    #[test]
    fn unknown_key_hints_for_nested_layouts() {
        assert_eq!(
            pyproject_err("[tool.gradus.environment]\npython = \".venv\"\n"),
            "pyproject.toml:1:14: unknown key `tool.gradus.environment`; settings go directly in `[tool.gradus]`, not in sub-tables"
        );
        assert_eq!(
            gradus_err("[environment]\npython = \".venv\"\n"),
            "gradus.toml:1:2: unknown key `environment`; settings go at the top level, not in sub-tables"
        );
        assert_eq!(
            gradus_err("[tool.gradus]\npython-version = \"3.12\"\n"),
            "gradus.toml:1:2: unknown key `tool`; in gradus.toml settings go at the top level, without `[tool.gradus]`"
        );
    }

    #[test]
    fn invalid_values() {
        assert_eq!(
            pyproject_err("[project]\nname = \"x\"\n\n\n\n[tool.gradus]\npython-version = \"three\"\n"),
            "pyproject.toml:7:18: invalid value for `tool.gradus.python-version`: expected a version like \"3.12\", found \"three\""
        );
        assert_eq!(
            gradus_err("python-version = 3.12\n"),
            "gradus.toml:1:18: invalid value for `python-version`: expected a version like \"3.12\", found 3.12"
        );
        assert_eq!(
            gradus_err("python-version = \"2.7\"\n"),
            "gradus.toml:1:18: invalid value for `python-version`: expected a version like \"3.12\", found \"2.7\""
        );
        assert_eq!(
            gradus_err("python-version = \"3.12.1\"\n"),
            "gradus.toml:1:18: invalid value for `python-version`: expected a version like \"3.12\", found \"3.12.1\""
        );
        assert_eq!(
            gradus_err("python-platform = 1\n"),
            "gradus.toml:1:19: invalid value for `python-platform`: expected a platform such as \"linux\", \"darwin\", \"win32\" or \"all\", found 1"
        );
        assert_eq!(
            gradus_err("extra-paths = \"src\"\n"),
            "gradus.toml:1:15: invalid value for `extra-paths`: expected an array of paths, found \"src\""
        );
        assert_eq!(
            pyproject_err("[tool.gradus]\nextra-paths = [\"a\",\n  true]\n"),
            "pyproject.toml:3:3: invalid value for `tool.gradus.extra-paths[1]`: expected a string, found true"
        );
        assert_eq!(
            gradus_err("extra-paths = [\"\"]\n"),
            "gradus.toml:1:16: invalid value for `extra-paths[0]`: expected a non-empty path, found \"\""
        );
        assert_eq!(
            gradus_err("python = 3\n"),
            "gradus.toml:1:10: invalid value for `python`: expected a path, found 3"
        );
        assert_eq!(
            pyproject_err("[tool.gradus]\ntypeshed = ''\n"),
            "pyproject.toml:2:12: invalid value for `tool.gradus.typeshed`: expected a path, found \"\""
        );
        assert_eq!(
            gradus_err("include = \"src\"\n"),
            "gradus.toml:1:11: invalid value for `include`: expected an array of globs, found \"src\""
        );
        assert_eq!(
            gradus_err("exclude = [\"ok\", 3]\n"),
            "gradus.toml:1:18: invalid value for `exclude[1]`: expected a string, found 3"
        );
        assert_eq!(
            pyproject_err("[tool.gradus]\nrespect-ignore-files = \"no\"\n"),
            "pyproject.toml:2:24: invalid value for `tool.gradus.respect-ignore-files`: expected a boolean, found \"no\""
        );
        assert_eq!(
            gradus_err("rules = [\"a\"]\n"),
            "gradus.toml:1:9: invalid value for `rules`: expected a table of rule levels, found an array"
        );
        assert_eq!(
            gradus_err("[rules]\nunresolved-import = \"loud\"\n"),
            "gradus.toml:2:21: invalid value for `rules.unresolved-import`: expected one of \"ignore\", \"warn\", \"error\" or \"info\", found \"loud\""
        );
        assert_eq!(
            gradus_err("overrides = 1\n"),
            "gradus.toml:1:13: invalid value for `overrides`: expected an array of tables (`[[overrides]]`), found 1"
        );
        assert_eq!(
            gradus_err("overrides = [1]\n"),
            "gradus.toml:1:14: invalid value for `overrides[0]`: expected a table, found 1"
        );
        assert_eq!(
            pyproject_err("[[tool.gradus.overrides]]\nrules = { unresolved-import = false }\n"),
            "pyproject.toml:2:31: invalid value for `tool.gradus.overrides[0].rules.unresolved-import`: expected one of \"ignore\", \"warn\", \"error\" or \"info\", found false"
        );
        assert_eq!(
            pyproject_err("[tool]\ngradus = 3\n"),
            "pyproject.toml:2:10: invalid value for `tool.gradus`: expected a table, found 3"
        );
        assert_eq!(
            gradus_err("python-version = 1979-05-27\n"),
            "gradus.toml:1:18: invalid value for `python-version`: expected a version like \"3.12\", found 1979-05-27"
        );
    }

    #[test]
    fn unknown_rules() {
        assert_eq!(
            gradus_err("[rules]\nunresolved-import = \"warn\"\nfoo = \"warn\"\n"),
            "gradus.toml:3:1: unknown rule `foo` in `rules`"
        );
        assert_eq!(
            pyproject_err("[tool.gradus.rules]\nunresolved-imports = \"warn\"\n"),
            "pyproject.toml:2:1: unknown rule `unresolved-imports` in `tool.gradus.rules`; did you mean `unresolved-import`?"
        );
        assert_eq!(
            pyproject_err(
                "[[tool.gradus.overrides]]\ninclude = [\"t\"]\nrules = { nope = \"warn\" }\n"
            ),
            "pyproject.toml:3:11: unknown rule `nope` in `tool.gradus.overrides[0].rules`"
        );
    }

    #[test]
    fn invalid_globs() {
        assert_eq!(
            gradus_err("exclude = [\"a/{b\"]\n"),
            "gradus.toml:1:12: invalid glob \"a/{b\" in `exclude[0]`: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
        );
        assert_eq!(
            gradus_err("include = [\"!a\"]\n"),
            "gradus.toml:1:12: invalid glob \"!a\" in `include[0]`: negated patterns (`!`) are only allowed in `exclude`"
        );
        assert_eq!(
            gradus_err("include = [\"  \"]\n"),
            "gradus.toml:1:12: invalid glob \"  \" in `include[0]`: the pattern is empty"
        );
        assert_eq!(
            pyproject_err("[[tool.gradus.overrides]]\nexclude = [\"x\", \"{\"]\n"),
            "pyproject.toml:2:17: invalid glob \"{\" in `tool.gradus.overrides[0].exclude[1]`: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
        );
        // Negation is fine in exclude.
        assert_eq!(
            gradus("exclude = [\"!keep.py\"]\n").unwrap().exclude,
            ["!keep.py"]
        );
    }

    #[test]
    fn toml_syntax_errors() {
        assert_eq!(
            gradus_err("a = \n"),
            "gradus.toml:1:5: invalid TOML: invalid string; expected `\"`, `'`"
        );
        assert_eq!(
            gradus_err("python-version = \"3.12\"\npython-version = \"3.13\"\n"),
            "gradus.toml:2:1: invalid TOML: duplicate key `python-version` in document root"
        );
        assert_eq!(
            pyproject_err("[tool.gradus\n"),
            "pyproject.toml:1:13: invalid TOML: invalid table header; expected `.`, `]`"
        );
        // Columns count characters, not bytes.
        assert_eq!(
            gradus_err("x = \"é\"; y\n"),
            "gradus.toml:1:8: invalid TOML: expected newline, `#`"
        );
        // A broken pyproject.toml is an error even if it may not mention gradus.
        assert!(matches!(
            pyproject("[project\n"),
            Err(ConfigError::Syntax { line: 1, .. })
        ));
    }

    // ---- helpers ----

    #[test]
    fn suggestions() {
        assert_eq!(closest("pyton-version", KNOWN_KEYS), Some("python-version"));
        assert_eq!(
            closest("PYTHON_VERSION", KNOWN_KEYS),
            Some("python-version")
        );
        assert_eq!(closest("exlude", KNOWN_KEYS), Some("exclude"));
        assert_eq!(closest("rule", KNOWN_KEYS), Some("rules"));
        assert_eq!(closest("strict", KNOWN_KEYS), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn normalize_paths() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(normalize(Path::new("a/../../b")), PathBuf::from("../b"));
        assert!(absolutize(Path::new("x")).is_absolute());
    }
}
