//! Find references and rename, within a file and across the project.
//!
//! ```python
//! # a.py                          # b.py
//! def helper(): ...               from a import helper
//!                                 helper()        # references of `helper`
//! class Box:                      import a
//!     def grow(self): ...         a.helper()      # ... here too
//!                                 Box().grow()    # attributes: by the receiver's type
//! ```
//!
//! Two occurrences are the same symbol when they resolve to the same
//! definition site key (file, scope, name) — imports are followed, so an
//! imported name and the original agree. Candidates are found by text (the
//! identifier tokens spelled like the name, outside strings and comments)
//! and each is resolved; only files whose text contains the name are
//! resolved at all. A symbol local to a function is searched in its file
//! only; module-level names and class members in every project file.

use std::collections::HashSet;

use gradus_check::ide::{resolve_at, DefinitionSite, Role, SiteKey, SiteKind};
use gradus_db::{source_text, Db, File, FilePath};
use gradus_index::ScopeId;
use gradus_syntax::{TextRange, TextSize};

use crate::scan::identifiers;

/// A reference to a name (for find references and rename).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub file: File,
    pub range: TextRange,
    /// Whether this occurrence binds the name (an assignment, a `def`).
    pub is_definition: bool,
}

/// All references to the symbol at `offset` of `file`, searching `file`
/// and, for module-level names and class members, `project_files` too.
/// Sorted by file (in the order given) and offset.
pub fn references(
    db: &dyn Db,
    file: File,
    offset: TextSize,
    project_files: &[File],
    include_declaration: bool,
) -> Vec<Reference> {
    let Some(resolved) = resolve_at(db, file, offset) else {
        return Vec::new();
    };
    let sites: Vec<&DefinitionSite> = resolved
        .sites
        .iter()
        .filter(|s| s.kind != SiteKind::Module)
        .collect();
    if sites.is_empty() {
        return Vec::new();
    }
    let keys: HashSet<SiteKey> = sites.iter().map(|s| s.key()).collect();
    let name = resolved.name.clone();
    // Where the symbol can be referred to from.
    let global = sites.iter().any(|s| s.scope == ScopeId::MODULE)
        || sites.iter().any(|s| {
            matches!(
                s.kind,
                SiteKind::Method | SiteKind::InstanceAttribute | SiteKind::Class
            ) || is_class_scope(db, s)
        });
    let mut files: Vec<File> = vec![file];
    for site in &sites {
        if !files.contains(&site.file) {
            files.push(site.file);
        }
    }
    if global {
        for &f in project_files {
            if !files.contains(&f) {
                files.push(f);
            }
        }
    }
    let definition_ranges: HashSet<(File, TextRange)> =
        sites.iter().map(|s| (s.file, s.focus_range)).collect();
    let mut out = Vec::new();
    for f in files {
        let text = &source_text(db, f).text;
        if !text.contains(name.as_str()) {
            continue;
        }
        for ident in identifiers(text, 0, text.len()) {
            if text[ident.start..ident.end] != *name {
                continue;
            }
            let range = ident.range();
            let Some(r) = resolve_at(db, f, range.start()) else {
                continue;
            };
            if r.range != range || !r.sites.iter().any(|s| keys.contains(&s.key())) {
                continue;
            }
            let is_definition = definition_ranges.contains(&(f, range))
                || matches!(r.role, Role::Declaration)
                || r.sites
                    .iter()
                    .any(|s| s.file == f && s.focus_range == range);
            if is_definition && !include_declaration {
                continue;
            }
            out.push(Reference {
                file: f,
                range,
                is_definition,
            });
        }
    }
    out
}

fn is_class_scope(db: &dyn Db, site: &DefinitionSite) -> bool {
    let index = gradus_index::semantic_index(db, site.file);
    site.scope.index() < index.scope_count()
        && index.scope(site.scope).kind == gradus_index::ScopeKind::Class
}

/// Why a symbol cannot be renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameError(pub String);

/// The range to rename at `offset`, or why it cannot be renamed: builtins,
/// symbols of stubs and installed packages, and modules are refused.
pub fn prepare_rename(db: &dyn Db, file: File, offset: TextSize) -> Result<TextRange, RenameError> {
    let resolved = resolve_at(db, file, offset)
        .ok_or_else(|| RenameError("Nothing to rename here".to_owned()))?;
    if crate::KEYWORDS.contains(&resolved.name.as_str()) {
        return Err(RenameError("Keywords cannot be renamed".to_owned()));
    }
    if resolved.sites.is_empty() {
        return Err(RenameError(format!(
            "The definition of `{}` is not known",
            resolved.name
        )));
    }
    for site in &resolved.sites {
        if site.kind == SiteKind::Module {
            return Err(RenameError("Modules cannot be renamed".to_owned()));
        }
        let path = site.file.path(db);
        let outside = match path {
            FilePath::Vendored(_) => true,
            FilePath::System(p) => {
                path.is_stub()
                    || p.components().any(|c| {
                        matches!(
                            c.as_os_str().to_str(),
                            Some("site-packages" | "dist-packages")
                        )
                    })
            }
        };
        if outside {
            return Err(RenameError(format!(
                "`{}` is defined outside the project ({})",
                resolved.name,
                path.display()
            )));
        }
    }
    Ok(resolved.range)
}

/// The edits renaming the symbol at `offset` to `new_name`: every
/// reference, definitions included.
pub fn rename(
    db: &dyn Db,
    file: File,
    offset: TextSize,
    new_name: &str,
    project_files: &[File],
) -> Result<Vec<(File, TextRange)>, RenameError> {
    prepare_rename(db, file, offset)?;
    let valid = new_name
        .chars()
        .next()
        .is_some_and(|c| c == '_' || c.is_alphabetic())
        && new_name.chars().all(|c| c == '_' || c.is_alphanumeric())
        && !crate::KEYWORDS.contains(&new_name);
    if !valid {
        return Err(RenameError(format!(
            "`{new_name}` is not a valid Python identifier"
        )));
    }
    Ok(references(db, file, offset, project_files, true)
        .into_iter()
        .map(|r| (r.file, r.range))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::test_db;

    const A: &str = "\
def helper(x):
    return x

class Box:
    def grow(self):
        self.size = 1
        return self.size
";
    const B: &str = "\
import a
from a import helper, Box

def helper2(helper):
    return helper

helper(1)
a.helper(2)
Box().grow()
b = Box()
b.size
'helper'  # helper
";

    fn spans(refs: &[Reference], files: &[File]) -> Vec<(usize, String)> {
        refs.iter()
            .map(|r| {
                let i = files.iter().position(|f| *f == r.file).unwrap();
                let text = if i == 0 { A } else { B };
                let line = text[..usize::from(r.range.start())].matches('\n').count();
                (i, format!("{}:{}", line + 1, &text[r.range]))
            })
            .collect()
    }

    #[test]
    fn module_names_across_files() {
        let (db, files) = test_db(&[("/project/a.py", A), ("/project/b.py", B)]);
        let at = TextSize::from(B.find("helper(1)").unwrap() as u32);
        let refs = references(&db, files[1], at, &files, true);
        let got = spans(&refs, &files);
        // Not the parameter `helper` of `helper2`, not the string or comment.
        assert_eq!(
            got,
            vec![
                (1, "2:helper".to_owned()),
                (1, "7:helper".to_owned()),
                (1, "8:helper".to_owned()),
                (0, "1:helper".to_owned()),
            ]
        );
        assert!(refs[3].is_definition);
        let without = references(&db, files[1], at, &files, false);
        assert_eq!(without.len(), 3);
    }

    #[test]
    fn members_by_receiver_type_and_locals_by_scope() {
        let (db, files) = test_db(&[("/project/a.py", A), ("/project/b.py", B)]);
        let at = TextSize::from(B.find("grow").unwrap() as u32);
        let got = spans(&references(&db, files[1], at, &files, true), &files);
        assert_eq!(
            got,
            vec![(1, "9:grow".to_owned()), (0, "5:grow".to_owned())]
        );
        let at = TextSize::from(B.rfind("size").unwrap() as u32);
        let got = spans(&references(&db, files[1], at, &files, true), &files);
        assert_eq!(
            got,
            vec![
                (1, "11:size".to_owned()),
                (0, "6:size".to_owned()),
                (0, "7:size".to_owned()),
            ]
        );
        // The parameter `helper` of `helper2`: its function only.
        let at = TextSize::from(B.find("return helper").unwrap() as u32 + 7);
        let got = spans(&references(&db, files[1], at, &files, true), &files);
        assert_eq!(
            got,
            vec![(1, "4:helper".to_owned()), (1, "5:helper".to_owned())]
        );
    }

    #[test]
    fn rename_refuses_builtins_and_bad_names() {
        let src = "x = len([])\n";
        let (db, files) = test_db(&[("/project/c.py", src), ("/project/a.py", A)]);
        let err = prepare_rename(&db, files[0], TextSize::from(5)).unwrap_err();
        assert!(err.0.contains("outside the project"), "{err:?}");
        assert_eq!(
            prepare_rename(&db, files[0], TextSize::from(0)),
            Ok(TextRange::new(0.into(), 1.into()))
        );
        assert!(rename(&db, files[0], TextSize::from(0), "1x", &files).is_err());
        assert!(rename(&db, files[0], TextSize::from(0), "class", &files).is_err());
        let edits = rename(&db, files[0], TextSize::from(0), "y", &files).unwrap();
        assert_eq!(edits, vec![(files[0], TextRange::new(0.into(), 1.into()))]);
    }
}
