//! typeshed's `stdlib/VERSIONS`: which stdlib modules exist in which Python
//! versions.
//!
//! ```text
//! asyncio: 3.4-
//! asyncio.taskgroups: 3.11-    # the longest dotted prefix applies
//! distutils: 3.0-3.11
//! ```
//!
//! ```python
//! import distutils     # found when targeting 3.11, not found for 3.12
//! ```

use std::collections::BTreeMap;

use gradus_db::{source_text, Db, Program, PythonVersion};

use crate::search_path::stdlib_search_path;

/// The parsed `VERSIONS` file: module name → (first, last) version, where
/// `last = None` means "still present".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct TypeshedVersions {
    entries: BTreeMap<String, (PythonVersion, Option<PythonVersion>)>,
}

/// Whether a stdlib module exists in a given Python version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Availability {
    Available,
    /// `VERSIONS` has an entry covering the module, excluding the version.
    Unavailable,
    /// No entry covers the module: treated as available (lenient, so a stub
    /// file added without a `VERSIONS` line still works).
    Unknown,
}

impl TypeshedVersions {
    pub(crate) fn parse(text: &str) -> Self {
        let mut entries = BTreeMap::new();
        for (lineno, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let parsed = line.split_once(':').and_then(|(module, range)| {
                let (low, high) = range.trim().split_once('-')?;
                let low = PythonVersion::parse(low)?;
                let high = if high.trim().is_empty() {
                    None
                } else {
                    Some(PythonVersion::parse(high)?)
                };
                Some((module.trim().to_owned(), (low, high)))
            });
            match parsed {
                Some((module, range)) => {
                    entries.insert(module, range);
                }
                None => tracing::warn!("VERSIONS line {}: cannot parse `{raw}`", lineno + 1),
            }
        }
        TypeshedVersions { entries }
    }

    /// Availability of the dotted `module` in `version`: the entry for the
    /// longest dotted prefix of `module` decides.
    pub(crate) fn availability(&self, module: &str, version: PythonVersion) -> Availability {
        let mut candidate = module;
        loop {
            if let Some((low, high)) = self.entries.get(candidate) {
                let ok = version >= *low && high.is_none_or(|high| version <= high);
                return if ok {
                    Availability::Available
                } else {
                    Availability::Unavailable
                };
            }
            match candidate.rsplit_once('.') {
                Some((parent, _)) => candidate = parent,
                None => return Availability::Unknown,
            }
        }
    }

    /// Whether `VERSIONS` mentions the top-level module `name` at all.
    pub(crate) fn has_entry(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }
}

/// The `VERSIONS` file of the stdlib search path in use (empty if missing).
pub(crate) fn stdlib_versions(db: &dyn Db) -> &TypeshedVersions {
    stdlib_versions_query(db, db.program())
}

#[salsa::tracked(returns(ref))]
fn stdlib_versions_query(db: &dyn Db, _program: Program) -> TypeshedVersions {
    let stdlib = stdlib_search_path(db);
    match stdlib.file(db, "VERSIONS") {
        Some(file) => TypeshedVersions::parse(&source_text(db, file).text),
        None => {
            tracing::warn!("no VERSIONS file in the stdlib stubs at {stdlib}");
            TypeshedVersions::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_decides() {
        let v = TypeshedVersions::parse(
            "# comment\nasyncio: 3.4-\nasyncio.taskgroups: 3.11-  # new\ndistutils: 3.0-3.11\nbad line\n",
        );
        let py = PythonVersion::new;
        assert_eq!(v.availability("asyncio", py(3, 8)), Availability::Available);
        assert_eq!(
            v.availability("asyncio.events", py(3, 8)),
            Availability::Available
        );
        assert_eq!(
            v.availability("asyncio.taskgroups", py(3, 8)),
            Availability::Unavailable
        );
        assert_eq!(
            v.availability("asyncio.taskgroups.x", py(3, 12)),
            Availability::Available
        );
        assert_eq!(
            v.availability("distutils.core", py(3, 11)),
            Availability::Available
        );
        assert_eq!(
            v.availability("distutils", py(3, 12)),
            Availability::Unavailable
        );
        assert_eq!(v.availability("json", py(3, 12)), Availability::Unknown);
        assert!(v.has_entry("asyncio"));
        assert!(!v.has_entry("bad line"));
    }
}
