use std::path::{Path, PathBuf};

use gradus_db::testing::TestDb;
use gradus_db::{system_path_to_file, Db, File, FilePath, PythonVersion, SearchPathSettings};
use salsa::Setter;

use crate::*;

fn db() -> TestDb {
    TestDb::new(gradus_stubs::vendored_file_system().clone())
}

fn set_paths(db: &mut TestDb, settings: SearchPathSettings) {
    db.program().set_search_paths(db).to(settings);
}

fn with_site_packages(db: &mut TestDb, site_packages: &[&str]) {
    set_paths(
        db,
        SearchPathSettings {
            src_roots: vec![PathBuf::from("/project")],
            site_packages: site_packages.iter().map(PathBuf::from).collect(),
            ..SearchPathSettings::default()
        },
    );
}

fn set_version(db: &mut TestDb, major: u8, minor: u8) {
    db.program()
        .set_python_version(db)
        .to(PythonVersion::new(major, minor));
}

fn file(db: &TestDb, path: &str) -> File {
    system_path_to_file(db, Path::new(path)).unwrap_or_else(|| panic!("{path} exists"))
}

/// The resolved file's path, as a string, or a short description.
fn resolved(db: &TestDb, name: &str) -> String {
    match resolve_module(db, name) {
        ModuleResolution::Found(m) => match m.file {
            Some(f) => match f.path(db) {
                FilePath::System(p) => p.display().to_string(),
                FilePath::Vendored(p) => format!("vendored:{p}"),
            },
            None => "namespace".to_owned(),
        },
        ModuleResolution::StdlibUnavailable => "stdlib-unavailable".to_owned(),
        ModuleResolution::NotFound { .. } => "not-found".to_owned(),
    }
}

fn found(db: &TestDb, name: &str) -> Module {
    match resolve_module(db, name) {
        ModuleResolution::Found(m) => m,
        other => panic!("`{name}` not found: {other:?}"),
    }
}

#[test]
fn first_party_module_and_package() {
    let mut db = db();
    db.write_file("/project/a.py", "");
    db.write_file("/project/pkg/__init__.py", "");
    db.write_file("/project/pkg/sub.py", "");
    db.write_file("/project/pkg/inner/__init__.py", "");

    let a = found(&db, "a");
    assert_eq!(a.kind, ModuleKind::Module);
    assert_eq!(a.search_path, SearchPathKind::FirstParty);
    assert_eq!(a.file, Some(file(&db, "/project/a.py")));

    let pkg = found(&db, "pkg");
    assert_eq!(pkg.kind, ModuleKind::Package);
    assert_eq!(pkg.file, Some(file(&db, "/project/pkg/__init__.py")));
    assert_eq!(resolved(&db, "pkg.sub"), "/project/pkg/sub.py");
    assert_eq!(found(&db, "pkg.inner").kind, ModuleKind::Package);
    assert_eq!(resolved(&db, "pkg.missing"), "not-found");
    assert_eq!(resolved(&db, "a.b"), "not-found");
}

#[test]
fn namespace_package() {
    let mut db = db();
    db.write_file("/project/ns/mod.py", "");
    db.write_file("/project/ns/deeper/leaf.py", "");
    let ns = found(&db, "ns");
    assert_eq!(ns.kind, ModuleKind::NamespacePackage);
    assert_eq!(ns.file, None);
    assert_eq!(found(&db, "ns.deeper").kind, ModuleKind::NamespacePackage);
    assert_eq!(resolved(&db, "ns.mod"), "/project/ns/mod.py");
    assert_eq!(
        resolved(&db, "ns.deeper.leaf"),
        "/project/ns/deeper/leaf.py"
    );
}

#[test]
fn namespace_portions_merge_and_lose_to_regular_packages() {
    let mut db = db();
    with_site_packages(&mut db, &["/sp"]);
    // `ns` is a namespace package with portions in /project and /sp.
    db.write_file("/project/ns/one.py", "");
    db.write_file("/sp/ns/two.py", "");
    // `reg` is a namespace portion in /project but a regular package in /sp.
    db.write_file("/project/reg/shadow.py", "");
    db.write_file("/sp/reg/__init__.py", "");
    db.write_file("/sp/reg/real.py", "");

    let ns = found(&db, "ns");
    assert_eq!(
        (ns.kind, ns.search_path),
        (ModuleKind::NamespacePackage, SearchPathKind::FirstParty)
    );
    assert_eq!(resolved(&db, "ns.one"), "/project/ns/one.py");
    assert_eq!(resolved(&db, "ns.two"), "/sp/ns/two.py");

    let reg = found(&db, "reg");
    assert_eq!(
        (reg.kind, reg.search_path),
        (ModuleKind::Package, SearchPathKind::SitePackages)
    );
    assert_eq!(resolved(&db, "reg.real"), "/sp/reg/real.py");
    // The regular package `reg` hides the namespace portion's submodules.
    assert_eq!(resolved(&db, "reg.shadow"), "not-found");
}

#[test]
fn stubs_win_over_sources() {
    let mut db = db();
    db.write_file("/project/m.py", "");
    db.write_file("/project/m.pyi", "");
    db.write_file("/project/p/__init__.py", "");
    db.write_file("/project/p/__init__.pyi", "");
    db.write_file("/project/q.pyi", "");
    db.write_file("/project/q/__init__.py", "");
    assert_eq!(resolved(&db, "m"), "/project/m.pyi");
    assert_eq!(resolved(&db, "p"), "/project/p/__init__.pyi");
    assert_eq!(resolved(&db, "q"), "/project/q.pyi");
}

#[test]
fn submodules_stay_in_the_parents_search_path() {
    let mut db = db();
    set_paths(
        &mut db,
        SearchPathSettings {
            extra_paths: vec![PathBuf::from("/extra")],
            src_roots: vec![PathBuf::from("/project")],
            ..SearchPathSettings::default()
        },
    );
    db.write_file("/extra/a/__init__.py", "");
    db.write_file("/project/a/__init__.py", "");
    db.write_file("/project/a/b.py", "");
    assert_eq!(resolved(&db, "a"), "/extra/a/__init__.py");
    assert_eq!(resolved(&db, "a.b"), "not-found");
}

#[test]
fn extra_paths_beat_first_party() {
    let mut db = db();
    set_paths(
        &mut db,
        SearchPathSettings {
            extra_paths: vec![PathBuf::from("/extra")],
            src_roots: vec![PathBuf::from("/project")],
            ..SearchPathSettings::default()
        },
    );
    db.write_file("/project/m.py", "");
    db.write_file("/extra/m.py", "");
    let m = found(&db, "m");
    assert_eq!(m.search_path, SearchPathKind::Extra);
    assert_eq!(resolved(&db, "m"), "/extra/m.py");
    assert_eq!(
        search_paths(&db).iter().map(|p| p.kind).collect::<Vec<_>>(),
        vec![
            SearchPathKind::Extra,
            SearchPathKind::FirstParty,
            SearchPathKind::Stdlib
        ]
    );
}

#[test]
fn embedded_stdlib() {
    let db = db();
    let builtins = found(&db, "builtins");
    assert_eq!(builtins.search_path, SearchPathKind::Stdlib);
    assert_eq!(resolved(&db, "typing"), "vendored:stdlib/typing.pyi");
    assert_eq!(resolved(&db, "typing.nope"), "not-found");
}

#[test]
fn first_party_shadows_stdlib() {
    let mut db = db();
    db.write_file("/project/typing.py", "");
    assert_eq!(resolved(&db, "typing"), "/project/typing.py");
}

#[test]
fn site_packages_stub_packages() {
    let mut db = db();
    with_site_packages(&mut db, &["/sp", "/sp2"]);
    db.write_file("/sp/foo/__init__.py", "");
    db.write_file("/sp/foo/runtime_only.py", "");
    db.write_file("/sp2/foo-stubs/__init__.pyi", "");
    db.write_file("/sp2/foo-stubs/typed.pyi", "");
    db.write_file("/sp/bar/__init__.py", "");
    db.write_file("/sp/bar/mod.py", "");

    let foo = found(&db, "foo");
    assert_eq!(foo.search_path, SearchPathKind::SitePackages);
    // Stub packages in any site-packages dir come before runtime packages.
    assert_eq!(resolved(&db, "foo"), "/sp2/foo-stubs/__init__.pyi");
    assert_eq!(resolved(&db, "foo.typed"), "/sp2/foo-stubs/typed.pyi");
    // Not partial: the stubs are the whole package.
    assert_eq!(resolved(&db, "foo.runtime_only"), "not-found");
    // No py.typed needed: plain runtime packages resolve too.
    assert_eq!(resolved(&db, "bar.mod"), "/sp/bar/mod.py");
    // `foo-stubs` itself is not importable.
    assert_eq!(resolved(&db, "foo-stubs"), "not-found");
}

#[test]
fn partial_stub_packages_fall_through() {
    let mut db = db();
    with_site_packages(&mut db, &["/sp"]);
    db.write_file("/sp/foo-stubs/__init__.pyi", "");
    db.write_file("/sp/foo-stubs/py.typed", "partial\n");
    db.write_file("/sp/foo-stubs/typed.pyi", "");
    db.write_file("/sp/foo/__init__.py", "");
    db.write_file("/sp/foo/typed.py", "");
    db.write_file("/sp/foo/untyped.py", "");
    db.write_file("/sp/foo/sub/__init__.py", "");
    db.write_file("/sp/foo/sub/leaf.py", "");
    assert_eq!(resolved(&db, "foo"), "/sp/foo-stubs/__init__.pyi");
    assert_eq!(resolved(&db, "foo.typed"), "/sp/foo-stubs/typed.pyi");
    assert_eq!(resolved(&db, "foo.untyped"), "/sp/foo/untyped.py");
    assert_eq!(resolved(&db, "foo.sub.leaf"), "/sp/foo/sub/leaf.py");
    assert_eq!(resolved(&db, "foo.nope"), "not-found");

    // Without `partial`, the fall-through stops.
    db.write_file("/sp/foo-stubs/py.typed", "");
    assert_eq!(resolved(&db, "foo.untyped"), "not-found");
}

#[test]
fn stub_packages_only_count_pyi_files() {
    let mut db = db();
    with_site_packages(&mut db, &["/sp"]);
    db.write_file("/sp/foo-stubs/__init__.py", "");
    db.write_file("/sp/foo/__init__.py", "");
    assert_eq!(resolved(&db, "foo"), "/sp/foo/__init__.py");
}

fn custom_typeshed(db: &mut TestDb, root: &str) {
    set_paths(
        db,
        SearchPathSettings {
            src_roots: vec![PathBuf::from("/project")],
            custom_typeshed: Some(PathBuf::from(root)),
            ..SearchPathSettings::default()
        },
    );
}

#[test]
fn versions_gate_stdlib_modules() {
    let mut db = db();
    db.write_file(
        "/typeshed/stdlib/VERSIONS",
        "builtins: 3.0-\nasyncio: 3.4-\nasyncio.taskgroups: 3.11-\ndistutils: 3.0-3.11\ntomllib: 3.11-\n",
    );
    db.write_file("/typeshed/stdlib/builtins.pyi", "");
    db.write_file("/typeshed/stdlib/tomllib.pyi", "");
    db.write_file("/typeshed/stdlib/distutils/__init__.pyi", "");
    db.write_file("/typeshed/stdlib/distutils/core.pyi", "");
    db.write_file("/typeshed/stdlib/asyncio/__init__.pyi", "");
    db.write_file("/typeshed/stdlib/asyncio/events.pyi", "");
    db.write_file("/typeshed/stdlib/asyncio/taskgroups.pyi", "");
    custom_typeshed(&mut db, "/typeshed");
    assert_eq!(search_paths(&db)[1].to_string(), "/typeshed/stdlib");

    set_version(&mut db, 3, 10);
    assert_eq!(resolved(&db, "tomllib"), "not-found");
    assert_eq!(
        resolved(&db, "distutils.core"),
        "/typeshed/stdlib/distutils/core.pyi"
    );
    assert_eq!(
        resolved(&db, "asyncio.events"),
        "/typeshed/stdlib/asyncio/events.pyi"
    );
    assert_eq!(resolved(&db, "asyncio.taskgroups"), "not-found");

    set_version(&mut db, 3, 12);
    assert_eq!(resolved(&db, "tomllib"), "/typeshed/stdlib/tomllib.pyi");
    assert_eq!(resolved(&db, "distutils"), "not-found");
    assert_eq!(resolved(&db, "distutils.core"), "not-found");
    assert_eq!(
        resolved(&db, "asyncio.taskgroups"),
        "/typeshed/stdlib/asyncio/taskgroups.pyi"
    );
    // The custom typeshed replaces the embedded one: `typing` is not in it,
    // but it is a stdlib module, so no error.
    assert_eq!(
        resolve_module(&db, "typing"),
        ModuleResolution::StdlibUnavailable
    );
}

#[test]
fn flat_custom_typeshed() {
    let mut db = db();
    db.write_file("/flat/VERSIONS", "builtins: 3.0-\nos: 3.0-\n");
    db.write_file("/flat/builtins.pyi", "");
    db.write_file("/flat/os/__init__.pyi", "");
    db.write_file("/flat/os/path.pyi", "");
    custom_typeshed(&mut db, "/flat");
    assert_eq!(resolved(&db, "os.path"), "/flat/os/path.pyi");
    assert_eq!(found(&db, "os").search_path, SearchPathKind::Stdlib);
}

#[test]
fn invalid_custom_typeshed_falls_back_to_embedded() {
    let mut db = db();
    db.write_file("/bogus/something.pyi", "");
    custom_typeshed(&mut db, "/bogus");
    assert_eq!(resolved(&db, "builtins"), "vendored:stdlib/builtins.pyi");
}

#[test]
fn stdlib_modules_missing_from_the_stubs() {
    let mut db = db();
    assert!(
        is_stdlib_module("sqlite3") && is_stdlib_module("os.path") && !is_stdlib_module("requests")
    );
    assert!(stdlib_module_names().contains(&"tomllib"));
    // Assumes typeshed-lite has no sqlite3 stubs (yet).
    if gradus_stubs::vendored_file_system().is_dir("stdlib/sqlite3") {
        return;
    }
    assert_eq!(
        resolve_module(&db, "sqlite3"),
        ModuleResolution::StdlibUnavailable
    );
    assert_eq!(
        resolve_module(&db, "sqlite3.dbapi2"),
        ModuleResolution::StdlibUnavailable
    );
    // A namespace directory of that name does not hide the real module.
    db.write_file("/project/sqlite3/x.py", "");
    assert_eq!(
        resolve_module(&db, "sqlite3"),
        ModuleResolution::StdlibUnavailable
    );
    // A regular module or package does.
    db.write_file("/project/sqlite3/__init__.py", "");
    assert_eq!(resolved(&db, "sqlite3"), "/project/sqlite3/__init__.py");
    // ... completely: its missing submodules are errors.
    assert_eq!(resolved(&db, "sqlite3.dbapi2"), "not-found");
}

#[test]
fn not_found_lists_searched_paths() {
    let mut db = db();
    set_paths(
        &mut db,
        SearchPathSettings {
            extra_paths: vec![PathBuf::from("/extra")],
            src_roots: vec![PathBuf::from("/project"), PathBuf::from("/project/src")],
            site_packages: vec![PathBuf::from("/venv/site-packages")],
            custom_typeshed: None,
        },
    );
    let expected = vec![
        "/extra".to_owned(),
        "/project".to_owned(),
        "/project/src".to_owned(),
        "<typeshed-lite>/stdlib".to_owned(),
        "/venv/site-packages".to_owned(),
    ];
    assert_eq!(
        resolve_module(&db, "nonexistent_thing"),
        ModuleResolution::NotFound {
            searched: expected.clone()
        }
    );
    assert_eq!(
        resolve_module(&db, ""),
        ModuleResolution::NotFound {
            searched: expected.clone()
        }
    );
    assert_eq!(
        resolve_module(&db, "a..b"),
        ModuleResolution::NotFound { searched: expected }
    );
}

#[test]
fn file_to_module_names() {
    let mut db = db();
    set_paths(
        &mut db,
        SearchPathSettings {
            src_roots: vec![PathBuf::from("/project"), PathBuf::from("/project/src")],
            site_packages: vec![PathBuf::from("/sp")],
            ..SearchPathSettings::default()
        },
    );
    db.write_file("/project/src/pkg/__init__.py", "");
    db.write_file("/project/src/pkg/mod.py", "");
    db.write_file("/project/script.py", "");
    db.write_file("/project/shadowed.py", "");
    db.write_file("/project/shadowed.pyi", "");
    db.write_file("/sp/foo-stubs/bar.pyi", "");
    db.write_file("/elsewhere/x.py", "");

    let name =
        |db: &TestDb, path: &str| file_to_module(db, file(db, path)).map(|m| (m.name, m.kind));
    assert_eq!(
        name(&db, "/project/src/pkg/mod.py"),
        Some(("pkg.mod".to_owned(), ModuleKind::Module))
    );
    assert_eq!(
        name(&db, "/project/src/pkg/__init__.py"),
        Some(("pkg".to_owned(), ModuleKind::Package))
    );
    assert_eq!(
        name(&db, "/project/script.py"),
        Some(("script".to_owned(), ModuleKind::Module))
    );
    assert_eq!(
        name(&db, "/project/shadowed.py"),
        Some(("shadowed".to_owned(), ModuleKind::Module))
    );
    assert_eq!(
        name(&db, "/sp/foo-stubs/bar.pyi"),
        Some(("foo.bar".to_owned(), ModuleKind::Module))
    );
    assert_eq!(name(&db, "/elsewhere/x.py"), None);

    let builtins = found(&db, "builtins").file.unwrap();
    let m = file_to_module(&db, builtins).unwrap();
    assert_eq!(
        (m.name.as_str(), m.search_path),
        ("builtins", SearchPathKind::Stdlib)
    );
}

#[test]
fn relative_imports() {
    let mut db = db();
    db.write_file("/project/pkg/__init__.py", "");
    db.write_file("/project/pkg/sub/__init__.py", "");
    db.write_file("/project/pkg/sub/mod.py", "");
    db.write_file("/project/top.py", "");
    let init = file(&db, "/project/pkg/sub/__init__.py");
    let module = file(&db, "/project/pkg/sub/mod.py");
    let top = file(&db, "/project/top.py");
    let rel = |f, level, m| resolve_relative_import(&db, f, level, m);

    assert_eq!(rel(module, 1, None).as_deref(), Some("pkg.sub"));
    assert_eq!(rel(module, 1, Some("x")).as_deref(), Some("pkg.sub.x"));
    assert_eq!(rel(module, 2, Some("a")).as_deref(), Some("pkg.a"));
    assert_eq!(rel(module, 2, None).as_deref(), Some("pkg"));
    assert_eq!(rel(module, 3, Some("a")), None);

    // An `__init__` file is the package itself.
    assert_eq!(rel(init, 1, Some("mod")).as_deref(), Some("pkg.sub.mod"));
    assert_eq!(rel(init, 2, Some("a")).as_deref(), Some("pkg.a"));
    assert_eq!(rel(init, 3, None), None);

    // A top-level module has no package.
    assert_eq!(rel(top, 1, Some("x")), None);
    assert_eq!(rel(top, 0, Some("x")).as_deref(), Some("x"));
}

#[test]
fn creating_a_missing_module_resolves_it() {
    let mut db = db();
    assert_eq!(resolved(&db, "later"), "not-found");
    db.write_file("/project/later.py", "");
    assert_eq!(resolved(&db, "later"), "/project/later.py");

    db.write_file("/project/pkg/__init__.py", "");
    assert_eq!(resolved(&db, "pkg.later"), "not-found");
    db.write_file("/project/pkg/later.pyi", "");
    assert_eq!(resolved(&db, "pkg.later"), "/project/pkg/later.pyi");

    // A namespace package appearing: directories are not salsa inputs, and
    // no query knew `nsp/leaf.py`, so writing it makes no new revision by
    // itself. Any new revision (in the project layer: its file set input
    // changing) re-runs failed resolutions.
    assert_eq!(resolved(&db, "nsp.leaf"), "not-found");
    db.write_file("/project/nsp/leaf.py", "");
    salsa::Database::synthetic_write(&mut db, salsa::Durability::LOW);
    assert_eq!(resolved(&db, "nsp.leaf"), "/project/nsp/leaf.py");
}

#[test]
fn deleting_a_module_unresolves_it() {
    let mut db = db();
    db.write_file("/project/gone.py", "");
    assert_eq!(resolved(&db, "gone"), "/project/gone.py");
    db.system().overlay().remove(Path::new("/project/gone.py"));
    File::sync_path(&mut db, Path::new("/project/gone.py"));
    assert_eq!(resolved(&db, "gone"), "not-found");
}

#[test]
fn regular_resolutions_stay_cached() {
    let mut db = db();
    db.write_file("/project/pkg/__init__.py", "");
    db.write_file("/project/pkg/mod.py", "");
    db.write_file("/project/other.py", "x = 1");
    // Register it, as checking it would, so that edits make new revisions.
    let other = file(&db, "/project/other.py");
    assert_eq!(resolved(&db, "pkg.mod"), "/project/pkg/mod.py");
    let executed = db.take_executed();
    assert!(
        executed.iter().any(|e| e.contains("resolve_module_query")),
        "{executed:?}"
    );
    // Editing an unrelated file does not re-run the resolution.
    db.write_file("/project/other.py", "x = 2");
    assert_eq!(other.revision(&db), 1);
    assert_eq!(resolved(&db, "pkg.mod"), "/project/pkg/mod.py");
    let executed = db.take_executed();
    assert!(
        !executed.iter().any(|e| e.contains("resolve_module_query")),
        "{executed:?}"
    );

    // A failed resolution, by contrast, is re-run in every revision (it may
    // depend on a directory appearing) but backdated when unchanged.
    assert_eq!(resolved(&db, "missing"), "not-found");
    db.take_executed();
    db.write_file("/project/other.py", "x = 3");
    assert_eq!(resolved(&db, "missing"), "not-found");
    let executed = db.take_executed();
    assert!(
        executed.iter().any(|e| e.contains("resolve_module_query")),
        "{executed:?}"
    );
}
