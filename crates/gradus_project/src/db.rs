//! The concrete database used by the CLI, the server and the case tests.

use std::path::PathBuf;

use gradus_db::{Db, Files, Program, System, VendoredFileSystem};
use salsa::Durability;

use crate::settings::ProjectSettings;

/// The salsa database of one project. Cheap to clone: clones share storage
/// and are used as per-thread handles while checking in parallel.
#[salsa::db]
#[derive(Clone)]
pub struct ProjectDatabase {
    storage: salsa::Storage<Self>,
    system: System,
    files: Files,
    program: Option<Program>,
}

impl ProjectDatabase {
    /// A database for `settings` over `system`.
    pub fn new(system: System, settings: &ProjectSettings) -> Self {
        Self::with_event_callback(system, settings, None)
    }

    /// Like [`ProjectDatabase::new`], with a salsa event callback (tests use it
    /// to see which queries ran).
    pub fn with_event_callback(
        system: System,
        settings: &ProjectSettings,
        callback: Option<Box<dyn Fn(salsa::Event) + Send + Sync + 'static>>,
    ) -> Self {
        let files = Files::default();
        for root in &settings.search_paths.site_packages {
            files.set_root_durability(root.clone(), Durability::HIGH);
        }
        let mut db = ProjectDatabase {
            storage: salsa::Storage::new(callback),
            system,
            files,
            program: None,
        };
        let program = Program::builder(
            settings.python_version,
            settings.python_platform.clone(),
            settings.search_paths.clone(),
        )
        .durability(Durability::HIGH)
        .new(&db);
        db.program = Some(program);
        db
    }

    /// The files for `paths` (absolute), registering them with the database.
    pub fn files_for_paths(&self, paths: &[PathBuf]) -> Vec<gradus_db::File> {
        paths
            .iter()
            .filter_map(|p| gradus_db::system_path_to_file(self, p))
            .collect()
    }
}

#[salsa::db]
impl salsa::Database for ProjectDatabase {}

#[salsa::db]
impl Db for ProjectDatabase {
    fn system(&self) -> &System {
        &self.system
    }
    fn vendored(&self) -> &VendoredFileSystem {
        gradus_stubs::vendored_file_system()
    }
    fn files(&self) -> &Files {
        &self.files
    }
    fn program(&self) -> Program {
        self.program
            .expect("ProjectDatabase always sets its program")
    }
}
