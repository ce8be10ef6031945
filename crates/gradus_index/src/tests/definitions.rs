//! Definition kinds and their ranges.

use super::Fixture;
use crate::locate::{find_expr, find_pattern, find_stmt};
use crate::{
    DefinitionKind, MatchCaptureKind, ParameterKind, ScopeId, TypeParamKind, UnpackStep,
    STAR_SYMBOL,
};
use gradus_db::parsed_module;
use gradus_syntax::ast::{Expr, Stmt};

fn kinds_of(f: &Fixture, scope: ScopeId) -> Vec<(String, DefinitionKind)> {
    let index = f.index();
    let table = index.symbol_table(scope);
    index
        .definitions(scope)
        .iter()
        .map(|d| (table.symbol(d.symbol).name().to_owned(), d.kind.clone()))
        .collect()
}

fn text(f: &Fixture, range: gradus_syntax::TextRange) -> &str {
    &f.text[range]
}

#[test]
fn assignments_and_unpacking() {
    let f = Fixture::new(
        r#"
a, (b, *c), d = value
e = g = 1
h: int = 2
i: str
i += "x"
self.attr = 3
"#,
    );
    let defs = kinds_of(&f, ScopeId::MODULE);
    let unpack = |name: &str| match &defs.iter().find(|d| d.0 == name).unwrap().1 {
        DefinitionKind::Assignment { unpack, .. } => unpack.clone(),
        other => panic!("{other:?}"),
    };
    let step = |index, len, star| UnpackStep { index, len, star };
    assert_eq!(unpack("a"), vec![step(0, 3, None)]);
    assert_eq!(unpack("b"), vec![step(1, 3, None), step(0, 2, Some(1))]);
    assert_eq!(unpack("c"), vec![step(1, 3, None), step(1, 2, Some(1))]);
    assert_eq!(unpack("d"), vec![step(2, 3, None)]);
    assert_eq!(unpack("e"), vec![]);
    assert_eq!(unpack("g"), vec![]);
    match &defs.iter().find(|d| d.0 == "a").unwrap().1 {
        DefinitionKind::Assignment { value, .. } => assert_eq!(text(&f, *value), "value"),
        _ => unreachable!(),
    }
    let ann: Vec<_> = defs.iter().filter(|d| d.0 == "h" || d.0 == "i").collect();
    match &ann[0].1 {
        DefinitionKind::AnnotatedAssignment { annotation, value } => {
            assert_eq!(text(&f, *annotation), "int");
            assert_eq!(value.map(|v| text(&f, v)), Some("2"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        ann[1].1,
        DefinitionKind::AnnotatedAssignment { value: None, .. }
    ));
    assert!(matches!(
        ann[2].1,
        DefinitionKind::AugmentedAssignment { .. }
    ));
    assert!(!defs.iter().any(|d| d.0 == "self" || d.0 == "attr"));
    // The augmented target is also a use; the bare annotation does not bind.
    assert_eq!(f.use_at("i", 5), super::seen(&[], true));
}

#[test]
fn imports() {
    let f = Fixture::new(
        r#"
import a.b.c
import a.b as ab
from ..pkg import x as y, z
from m import *
from __future__ import annotations
"#,
    );
    let defs = kinds_of(&f, ScopeId::MODULE);
    assert_eq!(
        defs[0],
        (
            "a".to_owned(),
            DefinitionKind::Import {
                stmt: f.index().definitions(ScopeId::MODULE)[0].kind_stmt(),
                module: "a.b.c".into(),
                alias: false
            }
        )
    );
    assert!(
        matches!(&defs[1], (n, DefinitionKind::Import { module, alias: true, .. }) if n == "ab" && module == "a.b")
    );
    assert!(
        matches!(&defs[2], (n, DefinitionKind::ImportFrom { module: Some(m), level: 2, name, .. }) if n == "y" && m == "pkg" && name == "x")
    );
    assert!(matches!(&defs[3], (n, DefinitionKind::ImportFrom { .. }) if n == "z"));
    assert!(
        matches!(&defs[4], (n, DefinitionKind::StarImport { module: Some(m), level: 0, .. }) if n == STAR_SYMBOL && m == "m")
    );
    assert!(f.index().has_future_annotations());
}

impl crate::Definition {
    fn kind_stmt(&self) -> gradus_syntax::TextRange {
        match &self.kind {
            DefinitionKind::Import { stmt, .. } => *stmt,
            _ => self.target_range,
        }
    }
}

#[test]
fn star_import_is_a_possible_binding() {
    let f = Fixture::new(
        r#"
x = 1
from m import *
print(x, y)
"#,
    );
    assert_eq!(f.use_at("x", 3), super::seen(&[1, 2], false));
    assert_eq!(f.use_at("y", 3), super::seen(&[2], true));
}

#[test]
fn functions_classes_parameters() {
    let f = Fixture::new(
        r#"
@decorator
def f(a, /, b=1, *args: int, c, d=2, **kw) -> None: ...
class C: ...
g = lambda x, *, y=3: x
"#,
    );
    let index = f.index();
    let module = kinds_of(&f, ScopeId::MODULE);
    assert!(
        matches!(module[0], (ref n, DefinitionKind::FunctionDef { is_async: false, .. }) if n == "f")
    );
    assert!(matches!(module[1], (ref n, DefinitionKind::ClassDef { .. }) if n == "C"));
    // Names of def/class are located in the text.
    let def = &index.definitions(ScopeId::MODULE)[0];
    assert_eq!(text(&f, def.target_range), "f");
    assert_eq!(
        index.definition_at(def.target_range).unwrap().scope,
        ScopeId::MODULE
    );
    assert_eq!(
        text(&f, index.definitions(ScopeId::MODULE)[1].target_range),
        "C"
    );

    let params = kinds_of(&f, f.scope("f"));
    let summary: Vec<(String, ParameterKind, bool, bool)> = params
        .iter()
        .map(|(n, k)| match k {
            DefinitionKind::Parameter {
                kind,
                annotation,
                default,
                ..
            } => (n.clone(), *kind, annotation.is_some(), default.is_some()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("a".into(), ParameterKind::PositionalOnly, false, false),
            ("b".into(), ParameterKind::Normal, false, true),
            ("args".into(), ParameterKind::VarPositional, true, false),
            ("c".into(), ParameterKind::KeywordOnly, false, false),
            ("d".into(), ParameterKind::KeywordOnly, false, true),
            ("kw".into(), ParameterKind::VarKeyword, false, false),
        ]
    );
    let lambda = kinds_of(&f, f.scope("<lambda>"));
    assert!(
        matches!(lambda[1], (ref n, DefinitionKind::Parameter { kind: ParameterKind::KeywordOnly, .. }) if n == "y")
    );
}

#[test]
fn loop_with_match_except_alias_targets() {
    let f = Fixture::new(
        r#"
for i, j in pairs: ...
async def h():
    async for k in aiter(): ...
    async with ctx() as (l, m): ...
with open(p) as fh: ...
match v:
    case [n, *o] | {"k": n, **o}: ...
    case P() as q: ...
try: ...
except* E as err: ...
type T[U: int, *Ts, **P] = list[U]
"#,
    );
    let module = kinds_of(&f, ScopeId::MODULE);
    let kind = |name: &str| module.iter().find(|d| d.0 == name).unwrap().1.clone();
    assert!(
        matches!(kind("i"), DefinitionKind::For { is_async: false, ref unpack, .. } if unpack.len() == 1)
    );
    assert!(matches!(
        kind("fh"),
        DefinitionKind::With {
            is_async: false,
            ..
        }
    ));
    assert!(matches!(
        kind("n"),
        DefinitionKind::MatchCapture {
            kind: MatchCaptureKind::As,
            ..
        }
    ));
    let o: Vec<_> = module
        .iter()
        .filter(|d| d.0 == "o")
        .map(|d| d.1.clone())
        .collect();
    assert!(matches!(
        o[0],
        DefinitionKind::MatchCapture {
            kind: MatchCaptureKind::Star,
            ..
        }
    ));
    assert!(matches!(
        o[1],
        DefinitionKind::MatchCapture {
            kind: MatchCaptureKind::MappingRest,
            ..
        }
    ));
    assert!(matches!(
        kind("q"),
        DefinitionKind::MatchCapture {
            kind: MatchCaptureKind::As,
            ..
        }
    ));
    let err: Vec<_> = module
        .iter()
        .filter(|d| d.0 == "err")
        .map(|d| d.1.clone())
        .collect();
    assert!(matches!(
        err[0],
        DefinitionKind::ExceptHandler { is_star: true, .. }
    ));
    assert!(matches!(
        err[1],
        DefinitionKind::Deletion { implicit: true, .. }
    ));
    assert!(matches!(kind("T"), DefinitionKind::TypeAlias { .. }));
    let h = kinds_of(&f, f.scope("h"));
    assert!(matches!(h[0].1, DefinitionKind::For { is_async: true, .. }));
    assert!(
        matches!(h[1].1, DefinitionKind::With { is_async: true, ref unpack, .. } if unpack.len() == 1)
    );
    let tps = kinds_of(&f, f.scope("<type params of T>"));
    let tp_kinds: Vec<_> = tps
        .iter()
        .map(|(n, k)| match k {
            DefinitionKind::TypeParam { kind, bound, .. } => (n.clone(), *kind, bound.is_some()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        tp_kinds,
        vec![
            ("U".into(), TypeParamKind::TypeVar, true),
            ("Ts".into(), TypeParamKind::TypeVarTuple, false),
            ("P".into(), TypeParamKind::ParamSpec, false),
        ]
    );
    // The match pattern is found by range.
    let parsed = parsed_module(&f.db, f.file);
    let DefinitionKind::MatchCapture { pattern, .. } = kind("q") else {
        unreachable!()
    };
    assert!(find_pattern(&parsed, pattern).is_some());
}

#[test]
fn locate_nodes_by_range() {
    let f = Fixture::new(
        r#"
def f(a):
    x = [g(a) for a in b]
    return x
"#,
    );
    let parsed = parsed_module(&f.db, f.file);
    let range = f.range_on_line("g", 2, 0);
    let call_range = gradus_syntax::TextRange::new(
        range.start(),
        f.range_on_line("a", 2, 0).end() + gradus_syntax::TextSize::from(1),
    );
    assert!(matches!(
        find_expr(&parsed, call_range),
        Some(Expr::Call(_))
    ));
    assert!(matches!(find_expr(&parsed, range), Some(Expr::Name(_))));
    let index = f.index();
    let fdef = index.scope(f.scope("f")).node_range;
    assert!(matches!(
        find_stmt(&parsed, fdef),
        Some(Stmt::FunctionDef(_))
    ));
    // A definition's value is found from its record.
    let def = &index.definitions(f.scope("f"))[1];
    let DefinitionKind::Assignment { value, .. } = def.kind else {
        panic!("{:?}", def.kind)
    };
    assert!(matches!(find_expr(&parsed, value), Some(Expr::ListComp(_))));
}

#[test]
fn deep_nesting_does_not_overflow() {
    // A left-deep chain of 2000 additions (under the parser's depth limit,
    // over the binder's) and 150 nested calls.
    let mut src = String::from("x = 1\ny = ");
    src.push_str(&vec!["x"; 2000].join(" + "));
    src.push('\n');
    src.push_str("z = ");
    src.push_str(&"f(".repeat(150));
    src.push('x');
    src.push_str(&")".repeat(150));
    src.push('\n');
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let f = Fixture::new(&src);
            let index = f.index();
            (
                index.is_truncated(),
                index.definitions(ScopeId::MODULE).len(),
            )
        })
        .unwrap();
    let (truncated, defs) = handle.join().expect("no stack overflow");
    assert!(truncated);
    assert_eq!(defs, 3);
}
