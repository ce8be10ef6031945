use gradus_db::testing::TestDb;

use crate::{union, Type};

fn db() -> TestDb {
    TestDb::new(gradus_stubs::vendored_file_system().clone())
}

#[test]
fn unions_flatten_dedupe_and_drop_never() {
    let db = db();
    let a = union(&db, [Type::IntLiteral(1), Type::None]);
    let b = union(
        &db,
        [a, Type::IntLiteral(1), Type::Never, Type::IntLiteral(2)],
    );
    assert_eq!(b.display(&db).to_string(), "Literal[1, 2] | None");
    assert_eq!(union(&db, [Type::Never]), Type::Never);
    assert_eq!(union(&db, [Type::None, Type::None]), Type::None);
}

#[test]
fn huge_unions_degrade_to_unknown() {
    let db = db();
    let big = union(
        &db,
        (0..(crate::MAX_UNION_ELEMENTS as i64 + 1)).map(Type::IntLiteral),
    );
    assert_eq!(big, Type::UNKNOWN);
}

#[test]
fn literal_strings_display_like_python() {
    let db = db();
    let s = Type::StrLiteral(crate::LiteralStr::new(&db, "it's".to_owned()));
    assert_eq!(s.display(&db).to_string(), "Literal[\"it's\"]");
    let t = Type::Tuple(crate::TupleType::new(
        &db,
        vec![Type::IntLiteral(1), s],
        false,
    ));
    assert_eq!(
        t.display(&db).to_string(),
        "tuple[Literal[1], Literal[\"it's\"]]"
    );
    let empty = Type::Tuple(crate::TupleType::new(&db, vec![], false));
    assert_eq!(empty.display(&db).to_string(), "tuple[()]");
}
