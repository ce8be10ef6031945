//! Static reachability.

use super::{seen, Fixture};
use gradus_db::{PythonPlatform, PythonVersion};
use salsa::Setter;

#[test]
fn after_terminators_is_unreachable() {
    let f = Fixture::new(
        r#"
def f():
    return 1
    dead = 2
for x in y:
    continue
    dead2 = 1
live = 3
"#,
    );
    let index = f.index();
    assert!(!index.is_range_reachable(f.range_on_line("dead", 3, 0)));
    assert!(!index.is_range_reachable(f.range_on_line("dead2", 6, 0)));
    assert!(index.is_range_reachable(f.range_on_line("live", 7, 0)));
    assert!(crate::is_range_reachable(
        &f.db,
        f.file,
        f.range_on_line("live", 7, 0)
    ));
}

#[test]
fn type_checking_and_constants() {
    let f = Fixture::new(
        r#"
from typing import TYPE_CHECKING
import typing
if TYPE_CHECKING:
    from m import A
else:
    A = None
print(A)
if typing.TYPE_CHECKING:
    pass
else:
    dead = 1
if False:
    dead2 = 1
if not TYPE_CHECKING:
    dead3 = 1
"#,
    );
    let index = f.index();
    assert_eq!(f.use_at("A", 7), seen(&[4], false));
    assert!(!index.is_range_reachable(f.range_on_line("A", 6, 0)));
    assert!(!index.is_range_reachable(f.range_on_line("dead", 11, 0)));
    assert!(!index.is_range_reachable(f.range_on_line("dead2", 13, 0)));
    assert!(!index.is_range_reachable(f.range_on_line("dead3", 15, 0)));
}

const VERSIONED: &str = r#"
import sys
if sys.version_info >= (3, 11):
    from typing import Self
else:
    from typing_extensions import Self
if sys.platform == "win32":
    import winreg
elif sys.platform.startswith("linux"):
    import linux_only
print(Self)
"#;

#[test]
fn version_comparisons_follow_the_program() {
    let f = Fixture::new(VERSIONED);
    // Default: 3.13, platform "all".
    assert_eq!(f.use_at("Self", 10), seen(&[3], false));
    assert!(f
        .index()
        .is_range_reachable(f.range_on_line("winreg", 7, 0)));

    let mut f = Fixture::new(VERSIONED);
    let program = gradus_db::Db::program(&f.db);
    program
        .set_python_version(&mut f.db)
        .to(PythonVersion::new(3, 9));
    program
        .set_python_platform(&mut f.db)
        .to(PythonPlatform::Named("linux".into()));
    assert_eq!(f.use_at("Self", 10), seen(&[5], false));
    let index = f.index();
    assert!(!index.is_range_reachable(f.range_on_line("winreg", 7, 0)));
    assert!(index.is_range_reachable(f.range_on_line("linux_only", 9, 0)));
}

#[test]
fn static_truthiness_of_version_tuples() {
    use crate::reachability::static_truthiness;
    use gradus_db::parsed_module;
    use gradus_syntax::ast::Stmt;
    let cases = [
        ("sys.version_info >= (3, 8)", Some(true)),
        ("sys.version_info < (3, 13)", Some(false)),
        ("sys.version_info >= (3, 13)", Some(true)),
        ("sys.version_info >= (3,)", Some(true)),
        ("sys.version_info >= (3, 13, 1)", None),
        ("sys.version_info > (4, 0) or TYPE_CHECKING", Some(true)),
        ("x", None),
    ];
    for (src, expected) in cases {
        let f = Fixture::new(src);
        let parsed = parsed_module(&f.db, f.file);
        let Stmt::Expr(e) = &parsed.body[0] else {
            panic!()
        };
        let got = static_truthiness(&e.value, PythonVersion::PY313, &PythonPlatform::All);
        assert_eq!(got, expected, "{src}");
    }
}
