//! An in-memory database for unit tests of the layers above.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::{
    Db, Files, Program, PythonPlatform, PythonVersion, SearchPathSettings, System,
    VendoredFileSystem,
};

/// A database over an in-memory system, logging which queries executed.
#[salsa::db]
#[derive(Clone)]
pub struct TestDb {
    storage: salsa::Storage<Self>,
    system: System,
    vendored: VendoredFileSystem,
    files: Files,
    program: Option<Program>,
    events: Arc<Mutex<Vec<String>>>,
}

impl TestDb {
    /// A database rooted at `/project`, with `vendored` as its stubs.
    pub fn new(vendored: VendoredFileSystem) -> Self {
        let events = Arc::new(Mutex::new(Vec::new()));
        let log = events.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind {
                log.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(format!("{database_key:?}"));
            }
        })));
        let mut db = TestDb {
            storage,
            system: System::in_memory(PathBuf::from("/project")),
            vendored,
            files: Files::default(),
            program: None,
            events,
        };
        let program = Program::builder(
            PythonVersion::DEFAULT,
            PythonPlatform::All,
            SearchPathSettings {
                src_roots: vec![PathBuf::from("/project")],
                ..SearchPathSettings::default()
            },
        )
        .durability(salsa::Durability::HIGH)
        .new(&db);
        db.program = Some(program);
        db
    }

    /// Writes a file into the in-memory system and syncs the database.
    pub fn write_file(&mut self, path: impl AsRef<Path>, text: &str) {
        let path = crate::normalize_system_path(self, path.as_ref());
        self.system
            .overlay()
            .write(path.clone(), text.as_bytes().to_vec());
        crate::File::sync_path(self, &path);
    }

    /// The executed queries since the last call, as `name(Id(..))` strings.
    pub fn take_executed(&self) -> Vec<String> {
        std::mem::take(&mut *self.events.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[salsa::db]
impl salsa::Database for TestDb {}

#[salsa::db]
impl Db for TestDb {
    fn system(&self) -> &System {
        &self.system
    }
    fn vendored(&self) -> &VendoredFileSystem {
        &self.vendored
    }
    fn files(&self) -> &Files {
        &self.files
    }
    fn program(&self) -> Program {
        self.program.expect("program is set in TestDb::new")
    }
}
