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
