//! Baselines: adopt Gradus on an existing code base by recording today's
//! diagnostics and reporting only new ones.
//!
//! `gradus check --update-baseline --baseline gradus-baseline.json` writes the
//! file; `gradus check --baseline gradus-baseline.json` then hides every
//! diagnostic recorded in it. A diagnostic is identified by its path
//! (relative to the project root), its code and a fingerprint of its message
//! and the trimmed text of the line it starts on — not by line number, so
//! edits elsewhere in the file do not invalidate it. Identical diagnostics on
//! identical lines are told apart by their order of occurrence. Entries that
//! no longer match anything are reported, so the baseline can shrink.
//!
//! The file is JSON, sorted by path, code, message and fingerprint, one field
//! per line: it diffs well and is stable across runs and machines.

use std::path::{Path, PathBuf};

use gradus_db::{Db, Diagnostic};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::output::{display_path, source_line};
use crate::CheckResult;

/// The format version written into the file.
const VERSION: u32 = 1;

/// One recorded diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// Relative to the project root, `/`-separated.
    pub path: String,
    pub code: String,
    /// For people reading the file (absolute paths replaced by `<path>`);
    /// matching uses the fingerprint.
    pub message: String,
    pub fingerprint: String,
}

/// A baseline file's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub diagnostics: Vec<BaselineEntry>,
}

/// A baseline that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read the baseline {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("the baseline {} is not a Gradus baseline: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("cannot write the baseline {}: {error}", path.display())]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// 64-bit FNV-1a: small, stable across platforms and Rust versions (unlike
/// the standard library's hasher).
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn fingerprint_of(path: &str, code: &str, message: &str, line: &str, occurrence: usize) -> String {
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for part in [path, code, message, line, &occurrence.to_string()] {
        hash = fnv1a(part.as_bytes(), hash);
        // A separator that cannot occur in the parts' UTF-8.
        hash = fnv1a(&[0xff], hash);
    }
    format!("{hash:016x}")
}

/// `message` with absolute paths replaced by `<path>`: messages such as
/// "Cannot resolve ... (searched: /home/me/project, ...)" name directories
/// that differ between machines, and a baseline must match in CI too.
pub fn normalize_message(message: &str) -> String {
    let starts_path = |rest: &str| {
        let bytes = rest.as_bytes();
        bytes.first() == Some(&b'/')
            || (bytes.len() >= 3
                && bytes[0].is_ascii_alphabetic()
                && bytes[1] == b':'
                && (bytes[2] == b'\\' || bytes[2] == b'/'))
    };
    let is_delimiter =
        |c: char| c.is_whitespace() || matches!(c, ',' | ')' | '`' | '\'' | '"' | ';');
    let mut out = String::with_capacity(message.len());
    let mut at_token_start = true;
    let mut i = 0;
    while i < message.len() {
        let rest = &message[i..];
        if at_token_start && starts_path(rest) {
            let len = rest.find(is_delimiter).unwrap_or(rest.len());
            out.push_str("<path>");
            i += len;
            at_token_start = false;
            continue;
        }
        let c = rest.chars().next().expect("not at the end");
        out.push(c);
        at_token_start = is_delimiter(c) || matches!(c, '(' | '[' | '=' | ':');
        i += c.len_utf8();
    }
    out
}

/// The fingerprint of each diagnostic, in order: a hash of the path relative
/// to `root`, the code, the message, the trimmed source line and how many
/// earlier diagnostics (in the given order) had all of these equal.
pub fn fingerprints(db: &dyn Db, root: &Path, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: FxHashMap<(String, &str, String, String), usize> = FxHashMap::default();
    diagnostics
        .iter()
        .map(|d| {
            let path = display_path(d.file.path(db), root);
            let line = source_line(db, d);
            let key = (path, d.code, normalize_message(&d.message), line);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            let print = fingerprint_of(&key.0, key.1, &key.2, &key.3, *occurrence);
            *occurrence += 1;
            print
        })
        .collect()
}

/// What applying a baseline left.
#[derive(Debug, Clone, Default)]
pub struct BaselineOutcome {
    /// The diagnostics not in the baseline.
    pub result: CheckResult,
    /// How many diagnostics the baseline hid.
    pub hidden: usize,
    /// Entries for checked files that matched nothing: fixed (or changed).
    pub stale: Vec<BaselineEntry>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|error| BaselineError::Read {
            path: path.to_path_buf(),
            error,
        })?;
        Self::parse(path, &text)
    }

    /// Parses a baseline's text (`path` names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| BaselineError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if baseline.version != VERSION {
            return Err(BaselineError::Parse {
                path: path.to_path_buf(),
                message: format!(
                    "version {} is not supported (expected {VERSION})",
                    baseline.version
                ),
            });
        }
        Ok(baseline)
    }

    /// The baseline recording every diagnostic of `result`.
    pub fn from_result(db: &dyn Db, root: &Path, result: &CheckResult) -> Baseline {
        let prints = fingerprints(db, root, &result.diagnostics);
        let mut diagnostics: Vec<BaselineEntry> = result
            .diagnostics
            .iter()
            .zip(prints)
            .map(|(d, fingerprint)| BaselineEntry {
                path: display_path(d.file.path(db), root),
                code: d.code.to_owned(),
                message: normalize_message(&d.message),
                fingerprint,
            })
            .collect();
        diagnostics.sort();
        Baseline {
            version: VERSION,
            diagnostics,
        }
    }

    /// This baseline updated with `result`: entries of the files `result`
    /// checked are replaced by its diagnostics, the others are kept (so
    /// updating with a subset of the files does not forget the rest).
    pub fn updated(&self, db: &dyn Db, root: &Path, result: &CheckResult) -> Baseline {
        let checked = checked_paths(db, root, result);
        let mut fresh = Baseline::from_result(db, root, result);
        fresh.diagnostics.extend(
            self.diagnostics
                .iter()
                .filter(|e| !checked.contains(&e.path))
                .cloned(),
        );
        fresh.diagnostics.sort();
        fresh.diagnostics.dedup();
        fresh
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("baseline serializes");
        text.push('\n');
        text
    }

    /// Writes the baseline to `path`.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        std::fs::write(path, self.to_json()).map_err(|error| BaselineError::Write {
            path: path.to_path_buf(),
            error,
        })
    }

    /// Hides the diagnostics recorded in this baseline.
    pub fn apply(&self, db: &dyn Db, root: &Path, result: CheckResult) -> BaselineOutcome {
        let prints = fingerprints(db, root, &result.diagnostics);
        let key = |e: &BaselineEntry| (e.path.clone(), e.code.clone(), e.fingerprint.clone());
        // Unmatched entries so far: matching removes them.
        let mut unmatched: FxHashSet<(String, String, String)> =
            self.diagnostics.iter().map(key).collect();
        let mut kept = Vec::new();
        let mut hidden = 0;
        let CheckResult {
            diagnostics,
            checked_files,
            files,
        } = result;
        for (d, print) in diagnostics.into_iter().zip(prints) {
            let path = display_path(d.file.path(db), root);
            if unmatched.remove(&(path, d.code.to_owned(), print)) {
                hidden += 1;
            } else {
                kept.push(d);
            }
        }
        let checked: FxHashSet<String> = files
            .iter()
            .map(|f| display_path(f.path(db), root))
            .collect();
        let stale = self
            .diagnostics
            .iter()
            .filter(|e| checked.contains(&e.path) && unmatched.contains(&key(e)))
            .cloned()
            .collect();
        BaselineOutcome {
            result: CheckResult {
                diagnostics: kept,
                checked_files,
                files,
            },
            hidden,
            stale,
        }
    }
}

fn checked_paths(db: &dyn Db, root: &Path, result: &CheckResult) -> FxHashSet<String> {
    result
        .files
        .iter()
        .map(|f| display_path(f.path(db), root))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_hex() {
        // Pinned: changing the hash invalidates every baseline in the wild.
        assert_eq!(
            fingerprint_of("a.py", "unresolved-import", "msg", "import x", 0),
            fingerprint_of("a.py", "unresolved-import", "msg", "import x", 0)
        );
        let print = fingerprint_of("a.py", "unresolved-import", "msg", "import x", 0);
        assert_eq!(print.len(), 16);
        assert_ne!(
            print,
            fingerprint_of("a.py", "unresolved-import", "msg", "import x", 1)
        );
        assert_ne!(
            fingerprint_of("ab", "c", "", "", 0),
            fingerprint_of("a", "bc", "", "", 0)
        );
        assert_eq!(fnv1a(b"a", 0xcbf2_9ce4_8422_2325), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn absolute_paths_leave_messages() {
        assert_eq!(
            normalize_message(
                "Cannot resolve `x` (searched: /a/b, <typeshed-lite>/stdlib, C:\\venv\\lib)"
            ),
            "Cannot resolve `x` (searched: <path>, <typeshed-lite>/stdlib, <path>)"
        );
        assert_eq!(normalize_message("a/b and 1/2"), "a/b and 1/2");
        assert_eq!(normalize_message("`/x/y.py`"), "`<path>`");
    }

    #[test]
    fn parse_rejects_other_versions_and_garbage() {
        let path = Path::new("b.json");
        assert!(Baseline::parse(path, "{\"version\": 1, \"diagnostics\": []}").is_ok());
        assert!(Baseline::parse(path, "{\"version\": 9, \"diagnostics\": []}").is_err());
        assert!(Baseline::parse(path, "[]").is_err());
    }
}
