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
    let t = Type::Tuple(crate::TupleType::fixed(&db, vec![Type::IntLiteral(1), s]));
    assert_eq!(
        t.display(&db).to_string(),
        "tuple[Literal[1], Literal[\"it's\"]]"
    );
    let empty = Type::Tuple(crate::TupleType::fixed(&db, vec![]));
    assert_eq!(empty.display(&db).to_string(), "tuple[()]");
    let homogeneous = Type::Tuple(crate::TupleType::homogeneous_of(&db, Type::IntLiteral(1)));
    assert_eq!(
        homogeneous.display(&db).to_string(),
        "tuple[Literal[1], ...]"
    );
    let variadic = crate::TupleType::with_variadic(&db, &[Type::IntLiteral(1)], s, &[Type::None]);
    assert_eq!(
        Type::Tuple(variadic).display(&db).to_string(),
        "tuple[Literal[1], *tuple[Literal[\"it's\"], ...], None]"
    );
    assert_eq!(variadic.min_len(&db), 2);
    assert_eq!(variadic.index(&db, 0), Some(Type::IntLiteral(1)));
    assert_eq!(variadic.index(&db, -1), Some(Type::None));
    assert_eq!(
        variadic.index(&db, 1).map(|t| t.display(&db).to_string()),
        Some("Literal[\"it's\"] | None".to_owned())
    );
    assert_eq!(
        variadic
            .with_len(&db, 3)
            .map(|t| Type::Tuple(t).display(&db).to_string()),
        Some("tuple[Literal[1], Literal[\"it's\"], None]".to_owned())
    );
    assert_eq!(variadic.with_len(&db, 1), None);
    let joined = variadic.concat(
        &db,
        crate::TupleType::homogeneous_of(&db, Type::IntLiteral(2)),
    );
    assert_eq!(
        Type::Tuple(joined).display(&db).to_string(),
        "tuple[Literal[1], *tuple[Literal[\"it's\", 2] | None, ...]]"
    );
}
