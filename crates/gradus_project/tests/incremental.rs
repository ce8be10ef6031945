//! Incrementality, proven from salsa's event log: changing one file's text
//! re-parses only that file.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use gradus_db::{parsed_module, Db, File, System};
use gradus_project::{check_files, ProjectDatabase, ProjectSettings};
use salsa::plumbing::AsId;

fn setup() -> (ProjectDatabase, ProjectSettings, Arc<Mutex<Vec<String>>>) {
    let root = PathBuf::from("/project");
    let system = System::in_memory(root.clone());
    system
        .overlay()
        .write(root.join("a.py"), "import b\nx = 1\n");
    system.overlay().write(root.join("b.py"), "y = 2\n");
    system
        .overlay()
        .write(root.join("c.py"), "import missing\n");
    let settings = ProjectSettings::for_root(root);
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let db = ProjectDatabase::with_event_callback(
        system,
        &settings,
        Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind {
                sink.lock().unwrap().push(format!("{database_key:?}"));
            }
        })),
    );
    (db, settings, log)
}

/// The ids of the files whose `parsed_module` ran, from the log.
fn reparsed(log: &Mutex<Vec<String>>, files: &[File]) -> Vec<usize> {
    let log = std::mem::take(&mut *log.lock().unwrap());
    files
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            let key = format!("parsed_module({:?})", f.as_id());
            log.contains(&key)
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn editing_one_file_reparses_only_that_file() {
    let (mut db, settings, log) = setup();
    let files = db.files_for_paths(&[
        "/project/a.py".into(),
        "/project/b.py".into(),
        "/project/c.py".into(),
    ]);
    let first = check_files(&db, &settings, &files);
    assert_eq!(first.diagnostics.len(), 1, "{:?}", first.diagnostics);
    assert_eq!(reparsed(&log, &files), vec![0, 1, 2]);

    // Nothing changed: nothing re-runs.
    check_files(&db, &settings, &files);
    assert_eq!(reparsed(&log, &files), Vec::<usize>::new());

    // Edit b.py: only b.py is parsed again.
    db.system().overlay().write("/project/b.py", "y = 3\n");
    File::sync_path(&mut db, "/project/b.py".as_ref());
    let after = check_files(&db, &settings, &files);
    assert_eq!(after.diagnostics.len(), 1);
    assert_eq!(reparsed(&log, &files), vec![1]);
    assert_eq!(parsed_module(&db, files[1]).body.len(), 1);
}

#[test]
fn creating_a_missing_module_resolves_the_import() {
    let (mut db, settings, _log) = setup();
    let files = db.files_for_paths(&["/project/c.py".into()]);
    assert_eq!(check_files(&db, &settings, &files).diagnostics.len(), 1);
    db.system().overlay().write("/project/missing.py", "");
    File::sync_path(&mut db, "/project/missing.py".as_ref());
    assert_eq!(check_files(&db, &settings, &files).diagnostics.len(), 0);
}

/// How many `check_scope` queries ran, from the log (which it empties).
fn scopes_checked(log: &Mutex<Vec<String>>) -> usize {
    let entries = std::mem::take(&mut *log.lock().unwrap());
    if std::env::var_os("FIREWALL_DEBUG").is_some() {
        eprintln!("{entries:#?}");
    }
    entries
        .iter()
        .filter(|key| key.starts_with("check_scope("))
        .count()
}

/// `(line, code)` of each diagnostic, 1-based lines.
fn located(db: &ProjectDatabase, file: File, settings: &ProjectSettings) -> Vec<(usize, String)> {
    let result = check_files(db, settings, &[file]);
    let lines = gradus_db::line_index(db, file);
    result
        .diagnostics
        .iter()
        .map(|d| {
            let line = lines.line_of(d.range.start()) + 1;
            (line as usize, d.code.to_string())
        })
        .collect()
}

const FIREWALL_SOURCE: &str = "\
def f() -> int:
    return 1


def g(x: int) -> str:
    return x


class C:
    def m(self) -> None:
        self.y = 1

    def n(self) -> int:
        return self.y
";

fn edit(db: &mut ProjectDatabase, text: &str) {
    db.system().overlay().write("/project/w.py", text);
    File::sync_path(db, "/project/w.py".as_ref());
}

#[test]
fn editing_a_function_body_rechecks_only_that_scope() {
    let (mut db, settings, log) = setup();
    let mut text = FIREWALL_SOURCE.to_string();
    edit(&mut db, &text);
    let file = db.files_for_paths(&["/project/w.py".into()])[0];
    let diagnostic = |line: usize| (line, "invalid-return-type".to_string());
    assert_eq!(located(&db, file, &settings), vec![diagnostic(6)]);
    // module, f, g, C, m, n
    assert_eq!(scopes_checked(&log), 6);

    // Same length, inside `f`: only `f` is checked again.
    text = text.replace("return 1", "return 2");
    edit(&mut db, &text);
    assert_eq!(located(&db, file, &settings), vec![diagnostic(6)]);
    assert_eq!(scopes_checked(&log), 1);

    // Longer, with a new error in `f`: `g` moves down a line but is not
    // re-checked; its diagnostic follows it.
    text = text.replace("    return 2\n", "    y = 1\n    return str(y)\n");
    edit(&mut db, &text);
    assert_eq!(
        located(&db, file, &settings),
        vec![diagnostic(3), diagnostic(7)]
    );
    assert_eq!(scopes_checked(&log), 1);

    // Inside a method: only that method.
    text = text.replace("        return self.y", "        return self.y + 0");
    edit(&mut db, &text);
    assert_eq!(
        located(&db, file, &settings),
        vec![diagnostic(3), diagnostic(7)]
    );
    assert_eq!(scopes_checked(&log), 1);

    // What another scope reads of the edited one still reaches it: the
    // attribute `m` assigns changes type, so `n` is checked again too
    // (`self.y + 0` is now `str + int`).
    text = text.replace("self.y = 1", "self.y = \"\"");
    edit(&mut db, &text);
    assert_eq!(
        located(&db, file, &settings),
        vec![
            diagnostic(3),
            diagnostic(7),
            (15, "unsupported-operator".to_string())
        ]
    );
    assert_eq!(scopes_checked(&log), 2);

    // A module-level edit re-checks every scope.
    text = format!("import os\n{text}");
    edit(&mut db, &text);
    located(&db, file, &settings);
    assert_eq!(scopes_checked(&log), 6);
}

/// How many `definition_type` and `declared_definition_type` queries ran,
/// from the log (which it empties).
fn definitions_inferred(log: &Mutex<Vec<String>>) -> usize {
    let entries = std::mem::take(&mut *log.lock().unwrap());
    entries
        .iter()
        .filter(|key| {
            key.starts_with("definition_type(") || key.starts_with("declared_definition_type(")
        })
        .count()
}

const DEFINITIONS_SOURCE: &str = "\
def f():
    return 1


x = f()
y: str = x


class C:
    def m(self, a: int) -> int:
        b = a + 1
        return b

    def n(self, c: str) -> str:
        d = c
        return d
";

#[test]
fn editing_a_function_body_reinfers_only_its_definitions() {
    let (mut db, settings, log) = setup();
    let mut text = DEFINITIONS_SOURCE.to_string();
    edit(&mut db, &text);
    let file = db.files_for_paths(&["/project/w.py".into()])[0];
    let assignment = |line: usize| (line, "invalid-assignment".to_string());
    assert_eq!(located(&db, file, &settings), vec![assignment(6)]);
    let all = definitions_inferred(&log);
    assert!(all >= 12, "{all}");

    // Inside `m`: only the definitions whose text holds the edit are
    // inferred again (`m` itself, its parameters `self` and `a`, and `b`);
    // `f`, `x`, `y`, `C` and `n`'s definitions backdate.
    text = text.replace("b = a + 1", "b = a + 2");
    edit(&mut db, &text);
    assert_eq!(located(&db, file, &settings), vec![assignment(6)]);
    let inferred = definitions_inferred(&log);
    assert!(
        inferred <= 5,
        "{inferred} of {all} definitions inferred again"
    );

    // A module-level definition whose type comes from a function body
    // still sees the edit (through the inferred return type): `x` is a
    // `str` now, and `y: str = x` is fine.
    text = text.replace("    return 1\n", "    return \"\"\n");
    edit(&mut db, &text);
    assert_eq!(located(&db, file, &settings), vec![]);

    // A module-level edit: everything is inferred again, still right.
    text = text.replace("x = f()", "x = f() + 1");
    edit(&mut db, &text);
    assert_eq!(
        located(&db, file, &settings),
        vec![(5, "unsupported-operator".to_string())]
    );
}
