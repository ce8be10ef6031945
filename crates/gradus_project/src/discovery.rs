//! Finding the Python files to check.
//!
//! Two modes, as in mypy, pyright, ty and pyrefly:
//!
//! * **Explicit paths** (`gradus check src tools/x.py`): each file is taken
//!   as is, even if it is excluded, ignored or has no `.py` suffix, because
//!   the user asked for it; each directory is walked. Positional paths beat
//!   the configuration's `include` and `exclude` for the path itself, while
//!   the contents of a walked directory are still filtered.
//! * **No paths**: the configuration's `include` entries (default: the whole
//!   project root) are walked.
//!
//! Walking skips what is almost never first-party code and is expensive to
//! check: hidden files and directories, `__pycache__`, `node_modules`,
//! `site-packages`, and any virtualenv (a directory holding `pyvenv.cfg`,
//! whatever its name). With `respect-ignore-files` (the default, like ty and
//! pyrefly) `.gitignore` and `.ignore` files are honoured, and git's
//! `info/exclude` and global excludes when the root is inside a git repo.
//! `exclude` globs use gitignore syntax relative to the project root.
//!
//! Both `.py` and `.pyi` files are collected; when `m.py` and `m.pyi` sit
//! side by side both are checked (the stub is checked for itself, the source
//! against its own annotations).
//!
//! ```text
//! root/
//!   gradus.toml        exclude = ["gen/"]
//!   .gitignore         build/
//!   app.py             ✓
//!   app.pyi            ✓
//!   gen/x.py           ✗ excluded (but `gradus check gen/x.py` checks it)
//!   build/y.py         ✗ gitignored
//!   .venv/…            ✗ hidden, and a virtualenv
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ignore::gitignore::Gitignore;
use ignore::{DirEntry, WalkBuilder};

use crate::config::{build_glob_matcher, normalize, Options};

/// Directory names never walked into.
const SKIPPED_DIR_NAMES: &[&str] = &["__pycache__", "node_modules", "site-packages"];

/// An error finding the files to check.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    /// An explicitly given path does not exist (the path as given).
    #[error("{}: no such file or directory", path.display())]
    NotFound { path: PathBuf },
    /// An `include` or `exclude` pattern is not a valid glob (normally caught
    /// when the configuration is read).
    #[error("invalid glob {pattern:?} in `{key}`: {message}")]
    InvalidPattern {
        key: &'static str,
        pattern: String,
        message: String,
    },
}

/// The Python files to check: if `paths` is non-empty, those paths (files
/// are taken even if excluded or not `.py`; directories are walked), else the
/// `include` entries of `options` under `root` (default: the whole root).
///
/// Relative `paths` and a relative `root` are resolved against `cwd`. The
/// result is sorted, deduplicated and absolute. A non-existent explicit path
/// is an error naming it; a non-existent `include` entry is skipped.
pub fn discover_files(
    root: &Path,
    options: &Options,
    paths: &[PathBuf],
    cwd: &Path,
) -> Result<Vec<PathBuf>, DiscoveryError> {
    let cwd = crate::config::absolutize(cwd);
    let root = normalize(&cwd.join(root));
    let exclude =
        build_glob_matcher(&root, &options.exclude, false).map_err(|(pattern, message)| {
            DiscoveryError::InvalidPattern {
                key: "exclude",
                pattern,
                message,
            }
        })?;
    let walker = Walker {
        in_git_repo: root.ancestors().any(|dir| dir.join(".git").exists()),
        root: &root,
        exclude,
        options,
    };

    let mut files = BTreeSet::new();
    if !paths.is_empty() {
        for given in paths {
            let path = normalize(&cwd.join(given));
            let metadata = std::fs::metadata(&path).map_err(|_| DiscoveryError::NotFound {
                path: given.clone(),
            })?;
            if metadata.is_dir() {
                walker.walk(&path, None, &mut files);
            } else {
                files.insert(path);
            }
        }
    } else if options.include.is_empty() {
        walker.walk(&root, None, &mut files);
    } else {
        let include =
            build_glob_matcher(&root, &options.include, true).map_err(|(pattern, message)| {
                DiscoveryError::InvalidPattern {
                    key: "include",
                    pattern,
                    message,
                }
            })?;
        let bases: BTreeSet<PathBuf> = options
            .include
            .iter()
            .map(|pattern| normalize(&root.join(literal_prefix(pattern))))
            .collect();
        for base in &bases {
            // A base inside another base is walked by the outer one.
            if bases
                .iter()
                .any(|other| other != base && base.starts_with(other))
            {
                continue;
            }
            if !base.exists() {
                tracing::warn!("`include` entry {} does not exist", base.display());
                continue;
            }
            if walker.base_is_excluded(base) {
                continue;
            }
            walker.walk(base, Some(&include), &mut files);
        }
    }
    Ok(files.into_iter().collect())
}

/// The leading components of `pattern` without glob characters: the
/// directory (or file) a walk for it can start from.
fn literal_prefix(pattern: &str) -> PathBuf {
    let pattern = pattern.trim().trim_start_matches('/');
    let mut prefix = PathBuf::new();
    for component in pattern.split('/') {
        if component.is_empty() || component.contains(['*', '?', '[', ']', '{', '}', '\\']) {
            break;
        }
        prefix.push(component);
    }
    prefix
}

struct Walker<'a> {
    root: &'a Path,
    exclude: Gitignore,
    options: &'a Options,
    in_git_repo: bool,
}

impl Walker<'_> {
    /// Whether an `include` base is itself excluded (by `exclude` or the
    /// built-in skips) at or above it, up to the root. The walk would not
    /// filter it, because walks never filter their starting path.
    fn base_is_excluded(&self, base: &Path) -> bool {
        let Ok(rel) = base.strip_prefix(self.root) else {
            return false;
        };
        if rel.as_os_str().is_empty() {
            return false;
        }
        if self
            .exclude
            .matched_path_or_any_parents(rel, base.is_dir())
            .is_ignore()
        {
            return true;
        }
        base.ancestors()
            .take_while(|dir| dir.starts_with(self.root) && *dir != self.root)
            .any(|dir| dir.is_dir() && is_skipped_dir(dir))
    }

    /// Adds the Python files under `base` (or `base` itself, if a file).
    /// With `include`, only files it matches (or under a directory it
    /// matches) are kept.
    fn walk(&self, base: &Path, include: Option<&Gitignore>, files: &mut BTreeSet<PathBuf>) {
        let respect = self.options.respect_ignore_files;
        let mut builder = WalkBuilder::new(base);
        builder
            .standard_filters(false)
            .hidden(true)
            .parents(respect)
            .ignore(respect)
            .git_ignore(respect)
            .git_exclude(respect)
            .git_global(respect && self.in_git_repo)
            // `.gitignore` applies outside git repositories too (as in ty).
            .require_git(false)
            .follow_links(false);
        let root = self.root.to_path_buf();
        let exclude = self.exclude.clone();
        builder.filter_entry(move |entry| !is_filtered_out(entry, &root, &exclude));

        for result in builder.build() {
            let entry = match result {
                Ok(entry) => entry,
                Err(err) => {
                    tracing::warn!("skipping while looking for Python files: {err}");
                    continue;
                }
            };
            let path = entry.path();
            let is_file = match entry.file_type() {
                Some(t) if t.is_file() => true,
                Some(t) if t.is_symlink() => path.is_file(),
                _ => false,
            };
            if !is_file || (entry.depth() > 0 && !is_python_file(path)) {
                continue;
            }
            if let Some(include) = include {
                let Ok(rel) = path.strip_prefix(self.root) else {
                    continue;
                };
                if !include.matched_path_or_any_parents(rel, false).is_ignore() {
                    continue;
                }
            }
            files.insert(path.to_path_buf());
        }
    }
}

/// Whether a walked entry (never the walk's starting path) is dropped, with
/// everything below it.
fn is_filtered_out(entry: &DirEntry, root: &Path, exclude: &Gitignore) -> bool {
    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
    if is_dir && is_skipped_dir(entry.path()) {
        return true;
    }
    match entry.path().strip_prefix(root) {
        Ok(rel) => exclude.matched(rel, is_dir).is_ignore(),
        Err(_) => false,
    }
}

/// `__pycache__`, `node_modules`, `site-packages`, or a virtualenv.
fn is_skipped_dir(dir: &Path) -> bool {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    SKIPPED_DIR_NAMES.contains(&name) || dir.join("pyvenv.cfg").is_file()
}

fn is_python_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("py" | "pyi")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::test_support::TempDir;

    /// The discovered files, relative to the temp dir, as `/`-joined strings.
    fn discover(tmp: &TempDir, options: &Options, paths: &[&str]) -> Vec<String> {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        let files = discover_files(tmp.path(), options, &paths, tmp.path()).unwrap();
        files
            .iter()
            .map(|f| {
                assert!(f.is_absolute(), "{}", f.display());
                f.strip_prefix(tmp.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    fn options(f: impl FnOnce(&mut Options)) -> Options {
        let mut options = Options::default();
        f(&mut options);
        options
    }

    #[test]
    fn collects_py_and_pyi_sorted() {
        let tmp = TempDir::new("disc-basic");
        tmp.write("b.py", "");
        tmp.write("a.py", "");
        tmp.write("a.pyi", "");
        tmp.write("pkg/__init__.py", "");
        tmp.write("pkg/mod.pyi", "");
        tmp.write("README.md", "");
        tmp.write("data.json", "");
        tmp.write("script", "#!/usr/bin/env python\n");
        tmp.write("pkg/ext.pyx", "");
        assert_eq!(
            discover(&tmp, &Options::default(), &[]),
            ["a.py", "a.pyi", "b.py", "pkg/__init__.py", "pkg/mod.pyi"]
        );
    }

    #[test]
    fn skips_hidden_caches_node_modules_site_packages_and_virtualenvs() {
        let tmp = TempDir::new("disc-skip");
        tmp.write("main.py", "");
        tmp.write(".hidden/x.py", "");
        tmp.write(".hidden.py", "");
        tmp.write("__pycache__/main.cpython-312.py", "");
        tmp.write("node_modules/pkg/x.py", "");
        tmp.write("lib/site-packages/requests/__init__.py", "");
        tmp.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
        tmp.write(".venv/lib/python3.12/site-packages/six.py", "");
        tmp.write("env/pyvenv.cfg", "home = /usr/bin\n");
        tmp.write("env/lib/python3.12/site-packages/six.py", "");
        tmp.write("env/bin/activate_this.py", "");
        // A directory merely called `venv` without pyvenv.cfg is ordinary.
        tmp.write("venv/tool.py", "");
        assert_eq!(
            discover(&tmp, &Options::default(), &[]),
            ["main.py", "venv/tool.py"]
        );
    }

    #[test]
    fn respects_gitignore_and_ignore_files() {
        let tmp = TempDir::new("disc-gitignore");
        tmp.write(".gitignore", "build/\n*_generated.py\n");
        tmp.write("sub/.ignore", "scratch.py\n");
        tmp.write("main.py", "");
        tmp.write("build/out.py", "");
        tmp.write("x_generated.py", "");
        tmp.write("sub/scratch.py", "");
        tmp.write("sub/keep.py", "");
        tmp.write("scratch.py", ""); // the .ignore in sub/ does not reach up
        assert_eq!(
            discover(&tmp, &Options::default(), &[]),
            ["main.py", "scratch.py", "sub/keep.py"]
        );

        let all = options(|o| o.respect_ignore_files = false);
        assert_eq!(
            discover(&tmp, &all, &[]),
            [
                "build/out.py",
                "main.py",
                "scratch.py",
                "sub/keep.py",
                "sub/scratch.py",
                "x_generated.py"
            ]
        );
    }

    #[test]
    fn gitignore_inside_a_git_repo() {
        let tmp = TempDir::new("disc-git");
        tmp.mkdir(".git/info");
        tmp.write(".git/info/exclude", "local.py\n");
        tmp.write(".gitignore", "ignored.py\n");
        tmp.write("main.py", "");
        tmp.write("ignored.py", "");
        tmp.write("local.py", "");
        assert_eq!(discover(&tmp, &Options::default(), &[]), ["main.py"]);
    }

    #[test]
    fn exclude_globs() {
        let tmp = TempDir::new("disc-exclude");
        tmp.write("main.py", "");
        tmp.write("gen/a.py", "");
        tmp.write("src/gen/b.py", "");
        tmp.write("proto/x_pb2.py", "");
        tmp.write("proto/keep_pb2.py", "");
        tmp.write("docs/conf.py", "");
        let opts = options(|o| {
            o.exclude = vec![
                "gen/".into(),
                "*_pb2.py".into(),
                "!keep_pb2.py".into(),
                "/docs".into(),
            ];
        });
        assert_eq!(discover(&tmp, &opts, &[]), ["main.py", "proto/keep_pb2.py"]);

        // Anchored: `/gen` is only the top-level one.
        let opts = options(|o| o.exclude = vec!["/gen".into()]);
        assert_eq!(
            discover(&tmp, &opts, &[]),
            [
                "docs/conf.py",
                "main.py",
                "proto/keep_pb2.py",
                "proto/x_pb2.py",
                "src/gen/b.py"
            ]
        );
    }

    #[test]
    fn explicit_paths_beat_excludes_and_ignores() {
        let tmp = TempDir::new("disc-explicit");
        tmp.write(".gitignore", "ignored.py\n");
        tmp.write("main.py", "");
        tmp.write("ignored.py", "");
        tmp.write("gen/a.py", "");
        tmp.write("gen/b.py", "");
        tmp.write("gen/tmp/c.py", "");
        tmp.write("tools/run", "");
        tmp.write("src/a.py", "");
        tmp.write("src/ignored.py", "");
        tmp.write("src/gen/d.py", "");
        let opts = options(|o| o.exclude = vec!["gen".into()]);
        // Excluded, ignored and non-.py files are taken when named.
        assert_eq!(
            discover(&tmp, &opts, &["gen/a.py", "ignored.py", "tools/run"]),
            ["gen/a.py", "ignored.py", "tools/run"]
        );
        // An excluded directory named explicitly is walked...
        assert_eq!(
            discover(&tmp, &opts, &["gen"]),
            ["gen/a.py", "gen/b.py", "gen/tmp/c.py"]
        );
        // ...but inside a named directory the filters still apply.
        assert_eq!(discover(&tmp, &opts, &["src"]), ["src/a.py"]);
    }

    #[test]
    fn explicit_paths_are_resolved_against_cwd_and_deduplicated() {
        let tmp = TempDir::new("disc-cwd");
        tmp.write("pkg/a.py", "");
        tmp.write("pkg/b.py", "");
        tmp.write("other/c.py", "");
        let cwd = tmp.path().join("pkg");
        let paths = [
            PathBuf::from("a.py"),
            PathBuf::from("."),
            PathBuf::from("../pkg/./b.py"),
            PathBuf::from("../other"),
        ];
        let files = discover_files(tmp.path(), &Options::default(), &paths, &cwd).unwrap();
        assert_eq!(
            files,
            [
                tmp.path().join("other/c.py"),
                tmp.path().join("pkg/a.py"),
                tmp.path().join("pkg/b.py")
            ]
        );

        // A relative root is resolved against cwd too.
        let files = discover_files(Path::new(".."), &Options::default(), &[], &cwd).unwrap();
        assert_eq!(files.len(), 3);
        assert_eq!(files[0], tmp.path().join("other/c.py"));
    }

    #[test]
    fn missing_explicit_path_is_an_error() {
        let tmp = TempDir::new("disc-missing");
        tmp.write("a.py", "");
        let err = discover_files(
            tmp.path(),
            &Options::default(),
            &[PathBuf::from("a.py"), PathBuf::from("nope/b.py")],
            tmp.path(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "nope/b.py: no such file or directory");
        assert!(
            matches!(err, DiscoveryError::NotFound { ref path } if path == Path::new("nope/b.py"))
        );
    }

    #[test]
    fn include_entries() {
        let tmp = TempDir::new("disc-include");
        tmp.write("setup.py", "");
        tmp.write("src/pkg/a.py", "");
        tmp.write("src/pkg/gen/b.py", "");
        tmp.write("tests/test_a.py", "");
        tmp.write("tests/helpers.py", "");
        tmp.write("tests/unit/test_b.py", "");
        tmp.write("lib/src/c.py", "");
        tmp.write("scripts/run", "");
        let opts = options(|o| {
            o.include = vec![
                "src".into(),
                "tests/**/test_*.py".into(),
                "scripts/run".into(),
            ];
            o.exclude = vec!["gen/".into()];
        });
        assert_eq!(
            discover(&tmp, &opts, &[]),
            [
                "scripts/run",
                "src/pkg/a.py",
                "tests/test_a.py",
                "tests/unit/test_b.py"
            ]
        );

        // Missing entries are skipped; excluded entries stay excluded.
        let opts = options(|o| {
            o.include = vec!["missing".into(), "src/pkg/gen".into(), "**/c.py".into()];
            o.exclude = vec!["gen/".into()];
        });
        assert_eq!(discover(&tmp, &opts, &[]), ["lib/src/c.py"]);

        // Positional paths replace `include`.
        let opts = options(|o| o.include = vec!["src".into()]);
        assert_eq!(
            discover(&tmp, &opts, &["tests/helpers.py"]),
            ["tests/helpers.py"]
        );
    }

    #[test]
    fn literal_prefixes() {
        assert_eq!(literal_prefix("src"), PathBuf::from("src"));
        assert_eq!(literal_prefix("/src/pkg/"), PathBuf::from("src/pkg"));
        assert_eq!(literal_prefix("tests/**/test_*.py"), PathBuf::from("tests"));
        assert_eq!(literal_prefix("**/x.py"), PathBuf::new());
        assert_eq!(literal_prefix("a/b[0-9]/c"), PathBuf::from("a"));
    }

    #[test]
    fn invalid_exclude_pattern_is_an_error() {
        let tmp = TempDir::new("disc-badglob");
        let opts = options(|o| o.exclude = vec!["a/{b".into()]);
        let err = discover_files(tmp.path(), &opts, &[], tmp.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid glob \"a/{b\" in `exclude`: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
        );
    }
}
