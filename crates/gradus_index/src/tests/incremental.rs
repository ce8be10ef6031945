//! The per-scope firewall queries backdate.

use gradus_db::testing::TestDb;
use gradus_db::{system_path_to_file, Db, File};

use crate::{use_def_map, ScopeId};

/// A query that reads only one scope's use-def map, standing in for
/// per-scope inference.
#[salsa::tracked]
fn use_count(db: &dyn Db, file: File, scope: ScopeId) -> usize {
    use_def_map(db, file, scope).use_count()
}

const BEFORE: &str = r#"
def f(a):
    x = a + 1
    return x

def g(b):
    if b:
        y = b
    return y
"#;

const AFTER: &str = r#"
def f(a):
    x = a + 100000 * 2
    z = [x]
    return x + len(z)

def g(b):
    if b:
        y = b
    return y
"#;

fn scope_named(db: &TestDb, file: File, name: &str) -> ScopeId {
    crate::semantic_index(db, file)
        .scopes()
        .find(|(_, s)| s.name == name)
        .expect("scope")
        .0
}

#[test]
fn editing_one_function_does_not_rerun_the_other() {
    let mut db = TestDb::new(gradus_db::VendoredFileSystem::default());
    db.write_file("/project/main.py", BEFORE);
    let file = system_path_to_file(&db, std::path::Path::new("/project/main.py")).unwrap();
    let f = scope_named(&db, file, "f");
    let g = scope_named(&db, file, "g");
    let _ = use_count(&db, file, f);
    let _ = use_count(&db, file, g);
    db.take_executed();

    // Edit `f`'s body, shifting every offset of `g`.
    db.write_file("/project/main.py", AFTER);
    assert_eq!(scope_named(&db, file, "g"), g);
    let _ = use_count(&db, file, f);
    let _ = use_count(&db, file, g);
    let executed = db.take_executed();
    let reran = |query: &str| executed.iter().filter(|e| e.starts_with(query)).count();
    assert_eq!(reran("semantic_index"), 1, "{executed:?}");
    // Both firewall queries re-ran (their input changed) ...
    assert_eq!(reran("use_def_map"), 2, "{executed:?}");
    // ... but only `f`'s changed: `g`'s backdated, so its dependent did not run.
    assert_eq!(reran("use_count"), 1, "{executed:?}");
}
