//! The resolution algorithm: one dotted component at a time.
//!
//! ```python
//! import a.b.c
//! # 1. find `a` across all search paths (regular package wins; namespace
//! #    portions are collected),
//! # 2. find `b` only inside the directories of `a`,
//! # 3. find `c` only inside the directories of `a.b`.
//! ```

use gradus_db::{source_text, Db, File, FilePath};

use crate::search_path::{search_paths, stdlib_search_path, Dir, SearchPathRoot};
use crate::versions::{stdlib_versions, Availability};
use crate::{is_stdlib_module, Module, ModuleKind, ModuleResolution, SearchPath, SearchPathKind};

/// A module name, interned so that resolution can be a salsa query.
#[salsa::interned(debug)]
struct ModuleName<'db> {
    #[returns(ref)]
    name: String,
}

/// Resolves an absolute dotted module name such as `a.b.c`.
pub fn resolve_module(db: &dyn Db, name: &str) -> ModuleResolution {
    resolve_module_query(db, ModuleName::new(db, name.to_owned())).clone()
}

#[salsa::tracked(returns(ref))]
fn resolve_module_query<'db>(db: &'db dyn Db, name: ModuleName<'db>) -> ModuleResolution {
    let name = name.name(db);
    let (resolution, depends_on_dirs) = resolve_uncached(db, name);
    if depends_on_dirs {
        // Directory existence is not a salsa input: recompute next revision.
        db.report_untracked_read();
    }
    tracing::trace!("resolved `{name}`: {resolution:?}");
    resolution
}

/// A directory to look a component up in, with how to treat what is found.
#[derive(Clone, Debug)]
struct Lookup {
    dir: Dir,
    kind: SearchPathKind,
    /// Probe `<name>-stubs/` instead of `<name>` (top-level site-packages
    /// lookups in the stub-package pass).
    stub_package: bool,
    /// Only `.pyi` files count (inside stub packages and the stdlib stubs).
    stubs_only: bool,
    /// Inside a partial stub package: what is missing falls through.
    partial: bool,
}

impl Lookup {
    fn root(path: &SearchPath, stub_package: bool) -> Self {
        Lookup {
            dir: Dir::from(&path.root),
            kind: path.kind,
            stub_package,
            stubs_only: path.kind == SearchPathKind::Stdlib,
            partial: false,
        }
    }
}

/// What one directory has for one component.
enum Probe {
    Missing,
    /// A module or regular package; `children` is set for packages.
    Regular {
        file: File,
        children: Option<Lookup>,
        partial: bool,
    },
    Namespace(Lookup),
}

/// Looks up `component` (the last part of `dotted`) in one directory.
fn probe(db: &dyn Db, lookup: &Lookup, component: &str, dotted: &str) -> Probe {
    if lookup.kind == SearchPathKind::Stdlib
        && stdlib_versions(db).availability(dotted, db.program().python_version(db))
            == Availability::Unavailable
    {
        return Probe::Missing;
    }
    let dir_name = if lookup.stub_package {
        format!("{component}-stubs")
    } else {
        component.to_owned()
    };
    let package_dir = lookup.dir.join(&dir_name);
    let stubs_only = lookup.stubs_only || lookup.stub_package;
    // Only read `py.typed` once a stub package is actually there.
    let child = || Lookup {
        dir: package_dir.clone(),
        kind: lookup.kind,
        stub_package: false,
        stubs_only,
        partial: if lookup.stub_package {
            is_partial_stub_package(db, &package_dir)
        } else {
            lookup.partial
        },
    };
    let package = |file| {
        let child = child();
        Probe::Regular {
            file,
            partial: child.partial,
            children: Some(child),
        }
    };
    let module = |file| Probe::Regular {
        file,
        children: None,
        partial: lookup.partial,
    };
    if let Some(file) = package_dir.file(db, "__init__.pyi") {
        return package(file);
    }
    if !lookup.stub_package {
        if let Some(file) = lookup.dir.file(db, &format!("{component}.pyi")) {
            return module(file);
        }
    }
    if !stubs_only {
        if let Some(file) = package_dir.file(db, "__init__.py") {
            return package(file);
        }
        if let Some(file) = lookup.dir.file(db, &format!("{component}.py")) {
            return module(file);
        }
    }
    // typeshed's stdlib has no namespace packages (and a vendored directory
    // check scans every embedded path).
    if lookup.kind != SearchPathKind::Stdlib && package_dir.exists(db) {
        return Probe::Namespace(child());
    }
    Probe::Missing
}

/// Whether `<dir>/py.typed` says `partial` (PEP 561 partial stub package).
fn is_partial_stub_package(db: &dyn Db, dir: &Dir) -> bool {
    dir.file(db, "py.typed").is_some_and(|file| {
        source_text(db, file)
            .text
            .lines()
            .any(|l| l.trim() == "partial")
    })
}

/// The outcome of resolving one component.
enum Step {
    Missing,
    Regular {
        file: File,
        is_package: bool,
        kind: SearchPathKind,
        /// Where submodules are looked up: the package's directory, plus
        /// fall-through directories when it comes from a partial stub package.
        children: Vec<Lookup>,
    },
    Namespace {
        kind: SearchPathKind,
        portions: Vec<Lookup>,
    },
}

fn resolve_component(db: &dyn Db, lookups: &[Lookup], component: &str, dotted: &str) -> Step {
    let mut portions: Vec<Lookup> = Vec::new();
    let mut found: Option<Step> = None;
    for lookup in lookups {
        match probe(db, lookup, component, dotted) {
            Probe::Missing => {}
            Probe::Regular {
                file,
                children,
                partial,
            } => {
                match &mut found {
                    None => {
                        found = Some(Step::Regular {
                            file,
                            is_package: children.is_some(),
                            kind: lookup.kind,
                            children: children.into_iter().collect(),
                        })
                    }
                    // A fall-through behind a partial stub package: only its
                    // directory matters, for submodules the stubs lack.
                    Some(Step::Regular { children: c, .. }) => c.extend(children),
                    Some(_) => unreachable!("`found` only holds regular steps"),
                }
                if !partial {
                    break;
                }
            }
            Probe::Namespace(portion) => match &mut found {
                None => portions.push(portion),
                Some(Step::Regular { children, .. }) => children.push(portion),
                Some(_) => unreachable!("`found` only holds regular steps"),
            },
        }
    }
    if let Some(found) = found {
        return found;
    }
    match portions.first() {
        Some(first) => Step::Namespace {
            kind: first.kind,
            portions,
        },
        None => Step::Missing,
    }
}

/// Resolves `name`; also returns whether the result depends on directory
/// existence checks (which salsa does not track).
fn resolve_uncached(db: &dyn Db, name: &str) -> (ModuleResolution, bool) {
    let components: Vec<&str> = name.split('.').collect();
    if !components.iter().all(|c| is_identifier(c)) {
        return (not_found(db), false);
    }
    let paths = search_paths(db);
    // Stub packages of all site-packages directories come before the
    // runtime packages (PEP 561).
    let mut lookups: Vec<Lookup> = paths
        .iter()
        .filter(|p| p.kind != SearchPathKind::SitePackages)
        .map(|p| Lookup::root(p, false))
        .collect();
    let site_packages = paths
        .iter()
        .filter(|p| p.kind == SearchPathKind::SitePackages);
    lookups.extend(site_packages.clone().map(|p| Lookup::root(p, true)));
    lookups.extend(site_packages.map(|p| Lookup::root(p, false)));

    let mut through_namespace = false;
    // Whether the top-level name is a regular module or package somewhere: a
    // first-party `sqlite3/__init__.py` shadows the stdlib one completely.
    let mut top_is_regular = false;
    let mut end = 0;
    for (i, component) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        end += component.len() + usize::from(i > 0);
        let dotted = &name[..end];
        match resolve_component(db, &lookups, component, dotted) {
            Step::Missing => break,
            Step::Regular {
                file,
                is_package,
                kind,
                children,
            } => {
                top_is_regular |= i == 0;
                if last {
                    let module = Module {
                        name: name.to_owned(),
                        file: Some(file),
                        kind: if is_package {
                            ModuleKind::Package
                        } else {
                            ModuleKind::Module
                        },
                        search_path: kind,
                    };
                    return (ModuleResolution::Found(module), through_namespace);
                }
                lookups = children;
            }
            Step::Namespace { kind, portions } => {
                if last {
                    if stdlib_unavailable(db, components[0]) {
                        // The real stdlib package would win over a portion.
                        return (ModuleResolution::StdlibUnavailable, true);
                    }
                    let module = Module {
                        name: name.to_owned(),
                        file: None,
                        kind: ModuleKind::NamespacePackage,
                        search_path: kind,
                    };
                    return (ModuleResolution::Found(module), true);
                }
                through_namespace = true;
                lookups = portions;
            }
        }
    }
    if !top_is_regular && stdlib_unavailable(db, components[0]) {
        return (ModuleResolution::StdlibUnavailable, true);
    }
    (not_found(db), true)
}

fn not_found(db: &dyn Db) -> ModuleResolution {
    ModuleResolution::NotFound {
        searched: search_paths(db).iter().map(ToString::to_string).collect(),
    }
}

/// Whether `top` is a stdlib module the stubs in use do not provide at all
/// (in any Python version).
fn stdlib_unavailable(db: &dyn Db, top: &str) -> bool {
    if !is_stdlib_module(top) || stdlib_versions(db).has_entry(top) {
        return false;
    }
    let stdlib = stdlib_search_path(db);
    stdlib.file(db, &format!("{top}.pyi")).is_none()
        && stdlib.file(db, &format!("{top}/__init__.pyi")).is_none()
}

/// A Python identifier (approximately: Unicode letters, digits and `_`).
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The module a file is, if it lies below a search path. When several
/// search paths contain it (e.g. `/project` and `/project/src`), the most
/// specific one whose resolution of the name yields this very file wins;
/// if none does (the file is shadowed, e.g. `a.py` beside `a.pyi`), the name
/// from the most specific one is still returned.
pub fn file_to_module(db: &dyn Db, file: File) -> Option<Module> {
    file_to_module_query(db, file).clone()
}

#[salsa::tracked(returns(ref))]
fn file_to_module_query(db: &dyn Db, file: File) -> Option<Module> {
    let mut candidates: Vec<(usize, Module)> = Vec::new();
    for path in search_paths(db) {
        if let Some((depth, module)) = module_name_below(file.path(db), path) {
            candidates.push((
                depth,
                Module {
                    file: Some(file),
                    ..module
                },
            ));
        }
    }
    // Most specific root first; stable, so search order breaks ties.
    candidates.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
    candidates
        .iter()
        .find(|(_, candidate)| resolve_module(db, &candidate.name).file() == Some(file))
        .or(candidates.first())
        .map(|(_, module)| module.clone())
}

/// The module name `path` has below `search_path`, with the root's depth.
fn module_name_below(path: &FilePath, search_path: &SearchPath) -> Option<(usize, Module)> {
    let (depth, relative): (usize, Vec<String>) = match (path, &search_path.root) {
        (FilePath::System(path), SearchPathRoot::System(root)) => {
            let rel = path.strip_prefix(root).ok()?;
            let parts = rel
                .components()
                .map(|c| c.as_os_str().to_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()?;
            (root.components().count(), parts)
        }
        (FilePath::Vendored(path), SearchPathRoot::Vendored(root)) => {
            let rel = path.strip_prefix(root.as_str())?.strip_prefix('/')?;
            (
                root.split('/').count(),
                rel.split('/').map(str::to_owned).collect(),
            )
        }
        _ => return None,
    };
    let (last, dirs) = relative.split_last()?;
    let stem = last
        .strip_suffix(".pyi")
        .or_else(|| last.strip_suffix(".py"))?;
    let mut parts: Vec<&str> = dirs.iter().map(String::as_str).collect();
    if let Some(first) = parts.first_mut() {
        if search_path.kind == SearchPathKind::SitePackages {
            if let Some(stripped) = first.strip_suffix("-stubs") {
                *first = stripped;
            }
        }
    }
    let kind = if stem == "__init__" {
        ModuleKind::Package
    } else {
        parts.push(stem);
        ModuleKind::Module
    };
    if parts.is_empty() || !parts.iter().all(|p| is_identifier(p)) {
        return None;
    }
    Some((
        depth,
        Module {
            name: parts.join("."),
            file: None,
            kind,
            search_path: search_path.kind,
        },
    ))
}

/// The absolute module name of a relative import in `importing`:
/// `from ..a import b` is `level = 2, module = Some("a")`. `None` when the
/// file is not in a package deep enough (or not below any search path).
///
/// ```python
/// # pkg/sub/mod.py              # pkg/sub/__init__.py
/// from . import x   # pkg.sub   from . import x   # pkg.sub
/// from ..a import b # pkg.a     from ..a import b # pkg.a
/// ```
pub fn resolve_relative_import(
    db: &dyn Db,
    importing: File,
    level: u32,
    module: Option<&str>,
) -> Option<String> {
    if level == 0 {
        return module.map(str::to_owned);
    }
    let importer = file_to_module(db, importing)?;
    let mut package: Vec<&str> = importer.name.split('.').collect();
    if importer.kind == ModuleKind::Module {
        package.pop();
    }
    let up = usize::try_from(level - 1).ok()?;
    if up >= package.len() {
        return None;
    }
    package.truncate(package.len() - up);
    let mut name = package.join(".");
    if let Some(module) = module.filter(|m| !m.is_empty()) {
        name.push('.');
        name.push_str(module);
    }
    Some(name)
}
