//! Use-def maps over control flow.

use super::{seen, Fixture};

#[test]
fn straight_line_and_rebinding() {
    let f = Fixture::new(
        r#"
x = 1
print(x)
x = 2
print(x)
print(y)
"#,
    );
    assert_eq!(f.use_at("x", 2), seen(&[1], false));
    assert_eq!(f.use_at("x", 4), seen(&[3], false));
    assert_eq!(f.use_at("y", 5), seen(&[], true));
    assert_eq!(f.end_of("<module>", "x"), seen(&[3], false));
}

#[test]
fn if_elif_else() {
    let f = Fixture::new(
        r#"
if a:
    x = 1
elif b:
    x = 2
print(x)
if c:
    y = 1
else:
    y = 2
print(y)
"#,
    );
    assert_eq!(f.use_at("x", 5), seen(&[2, 4], true));
    assert_eq!(f.use_at("y", 10), seen(&[7, 9], false));
}

#[test]
fn while_loop_back_edge() {
    let f = Fixture::new(
        r#"
x = 0
while cond(x):
    print(x)
    x = x + 1
print(x)
"#,
    );
    assert_eq!(f.use_at("x", 2), seen(&[1, 4], false));
    assert_eq!(f.use_at("x", 3), seen(&[1, 4], false));
    assert_eq!(f.use_at("x", 5), seen(&[1, 4], false));
}

#[test]
fn for_loop_with_else_break_continue() {
    let f = Fixture::new(
        r#"
for i in items:
    if i:
        y = 1
        continue
    if other:
        z = 1
        break
    print(y)
else:
    w = 1
print(i, y, z, w)
"#,
    );
    // `y` from an earlier iteration can reach line 8.
    assert_eq!(f.use_at("y", 8), seen(&[3], true));
    assert_eq!(f.use_at("i", 11), seen(&[1], true));
    assert_eq!(f.use_at("y", 11), seen(&[3], true));
    assert_eq!(f.use_at("z", 11), seen(&[6], true));
    // `else` runs only when the loop was not broken out of.
    assert_eq!(f.use_at("w", 11), seen(&[10], true));
}

#[test]
fn while_true_exits_only_through_break() {
    let f = Fixture::new(
        r#"
while True:
    if a:
        x = 1
        break
    x = 2
print(x)
"#,
    );
    assert_eq!(f.use_at("x", 6), seen(&[3], false));
}

#[test]
fn nested_loops_back_edges() {
    let f = Fixture::new(
        r#"
for a in b:
    for c in d:
        print(x)
        x = 1
    x = 2
"#,
    );
    assert_eq!(f.use_at("x", 3), seen(&[4, 5], true));
}

#[test]
fn symbol_first_seen_inside_loop_before_break() {
    let f = Fixture::new(
        r#"
while True:
    if a:
        break
    y = 1
print(y)
"#,
    );
    assert_eq!(f.use_at("y", 5), seen(&[4], true));
}

#[test]
fn return_and_raise_end_flow() {
    let f = Fixture::new(
        r#"
def f(a):
    if a:
        x = 1
    else:
        return
    print(x)
    raise E
    print(x)
"#,
    );
    assert_eq!(f.use_at("x", 6), seen(&[3], false));
    let index = f.index();
    let scope = f.scope("f");
    assert!(!index.use_def_map(scope).is_end_reachable());
    let (_, use_id) = index.use_at(f.range_on_line("x", 8, 0)).unwrap();
    assert!(!index.use_def_map(scope).is_use_reachable(use_id));
}

#[test]
fn function_falls_off_end() {
    let f = Fixture::new(
        r#"
def f(a):
    if a:
        return 1
def g(a):
    if a:
        return 1
    else:
        raise E
"#,
    );
    let index = f.index();
    assert!(index.use_def_map(f.scope("f")).is_end_reachable());
    assert!(!index.use_def_map(f.scope("g")).is_end_reachable());
}

#[test]
fn try_except_else_finally() {
    let f = Fixture::new(
        r#"
x = 0
try:
    x = 1
    x = 2
except E:
    print(x)
    y = 1
else:
    y = 2
finally:
    print(x)
print(x, y)
"#,
    );
    assert_eq!(f.use_at("x", 6), seen(&[1, 3, 4], false));
    assert_eq!(f.use_at("x", 11), seen(&[1, 3, 4], false));
    assert_eq!(f.use_at("x", 12), seen(&[1, 3, 4], false));
    assert_eq!(f.use_at("y", 12), seen(&[7, 9], false));
}

#[test]
fn try_finally_keeps_try_bindings_on_normal_path() {
    let f = Fixture::new(
        r#"
try:
    x = 1
finally:
    print(x)
print(x)
"#,
    );
    assert_eq!(f.use_at("x", 4), seen(&[2], true));
    assert_eq!(f.use_at("x", 5), seen(&[2], false));
}

#[test]
fn except_as_is_deleted_after_handler() {
    let f = Fixture::new(
        r#"
try:
    pass
except E as e:
    print(e)
print(e)
"#,
    );
    assert_eq!(f.use_at("e", 4), seen(&[3], false));
    assert_eq!(f.use_at("e", 5), seen(&[], true));
}

#[test]
fn match_cases_and_fallthrough() {
    let f = Fixture::new(
        r#"
match v:
    case [a, *rest]:
        x = 1
    case {"k": b, **kw}:
        x = 2
    case P(c) if c:
        x = 3
print(x, a, rest, kw)
match v:
    case 1:
        y = 1
    case _:
        y = 2
print(y)
match v:
    case q:
        z = 1
print(z, q)
"#,
    );
    assert_eq!(f.use_at("x", 8), seen(&[3, 5, 7], true));
    assert_eq!(f.use_at("a", 8), seen(&[2], true));
    assert_eq!(f.use_at("rest", 8), seen(&[2], true));
    assert_eq!(f.use_at("kw", 8), seen(&[4], true));
    assert_eq!(f.use_at_nth("c", 6, 1), seen(&[6], false));
    assert_eq!(f.use_at("y", 14), seen(&[11, 13], false));
    assert_eq!(f.use_at("z", 18), seen(&[17], false));
    assert_eq!(f.use_at("q", 18), seen(&[16], false));
}

#[test]
fn walrus_in_short_circuit() {
    let f = Fixture::new(
        r#"
if a and (b := f()):
    print(b)
print(b)
c = x or (d := 1)
print(d)
"#,
    );
    assert_eq!(f.use_at("b", 2), seen(&[1], false));
    assert_eq!(f.use_at("b", 3), seen(&[1], true));
    assert_eq!(f.use_at("d", 5), seen(&[4], true));
}

#[test]
fn conditional_expression() {
    let f = Fixture::new(
        r#"
y = (x := 1) if a else 2
print(x)
"#,
    );
    assert_eq!(f.use_at("x", 2), seen(&[1], true));
}

#[test]
fn del_unbinds() {
    let f = Fixture::new(
        r#"
x = 1
del x
print(x)
if a:
    del x
print(x)
"#,
    );
    assert_eq!(f.use_at("x", 2), seen(&[1], false));
    assert_eq!(f.use_at("x", 3), seen(&[], true));
}

#[test]
fn narrowing_predicates() {
    let f = Fixture::new(
        r#"
x = f()
if isinstance(x, int):
    x.real
else:
    x.real
print(x)
while x is not None:
    print(x)
print(x)
y = x is not None and x.real
"#,
    );
    assert_eq!(
        f.preds_at("x", 3, 1),
        vec![("isinstance(x, int)".to_owned(), true)]
    );
    assert_eq!(
        f.preds_at("x", 5, 1),
        vec![("isinstance(x, int)".to_owned(), false)]
    );
    assert_eq!(f.preds_at("x", 6, 1), vec![]);
    assert_eq!(
        f.preds_at("x", 8, 1),
        vec![("x is not None".to_owned(), true)]
    );
    assert_eq!(
        f.preds_at("x", 9, 1),
        vec![("x is not None".to_owned(), false)]
    );
    assert_eq!(
        f.use_at_nth("x", 10, 1),
        super::seen(&[1], false),
        "second x on line 10"
    );
}

#[test]
fn narrowing_in_loop_keeps_outer_predicate() {
    let f = Fixture::new(
        r#"
x = f()
if x is not None:
    while c:
        print(x)
"#,
    );
    assert_eq!(
        f.preds_at("x", 4, 1),
        vec![("x is not None".to_owned(), true)]
    );
}

#[test]
fn match_predicates_on_subject() {
    let f = Fixture::new(
        r#"
v = f()
match v:
    case int():
        print(v)
    case _:
        print(v)
"#,
    );
    assert_eq!(f.preds_at("v", 4, 1), vec![("int()".to_owned(), true)]);
    assert_eq!(
        f.preds_at("v", 6, 1),
        vec![("int()".to_owned(), false), ("_".to_owned(), true)]
    );
}

#[test]
fn predicate_cap() {
    let mut src = String::from("x = f()\n");
    for i in 0..100 {
        src.push_str(&format!("if x != {i}:\n"));
        src.push_str("    pass\nelse:\n    raise E\n");
    }
    src.push_str("print(x)\n");
    let f = Fixture::new(&src);
    let line = src.lines().count() as u32;
    let preds = f.preds_at("x", line, 1);
    assert_eq!(preds.len(), crate::MAX_PREDICATES);
    // The oldest were dropped: the last predicate is the last test.
    assert_eq!(preds.last().unwrap().0, "x != 99");
}

#[test]
fn places_are_tracked_assigned_and_reset() {
    let f = Fixture::new(
        r#"
def f(c, d):
    if c.x is not None:
        print(c.x)
    c.x = 1
    print(c.x)
    c = d
    print(c.x, c.y)
"#,
    );
    // "Line 1": the place's start value (`PlaceStart` has an empty range at
    // the start of the file).
    assert_eq!(f.use_at("c.x", 3), seen(&[1], false));
    assert_eq!(f.use_at("c.x", 5), seen(&[4], false));
    // Rebinding the prefix resets the place to its start value.
    assert_eq!(f.use_at("c.x", 7), seen(&[1], false));
    // A place nothing tests or assigns is not tracked.
    let range = f.range_on_line("c.y", 7, 0);
    assert!(f.index().use_at(range).is_none());
}

#[test]
fn alternatives_keep_each_paths_predicates() {
    let f = Fixture::new(
        r#"
def f(x):
    if x is not None and not isinstance(x, str):
        return
    print(x)
    if x:
        pass
    else:
        pass
    print(x)
"#,
    );
    let index = f.index();
    let binding_preds = |line: u32| {
        let range = f.range_on_line("x", line, 0);
        let (scope, use_id) = index.use_at(range).unwrap();
        let map = index.use_def_map(scope);
        map.bindings_at_use(use_id)
            .iter()
            .map(|b| b.predicates.len())
            .collect::<Vec<_>>()
    };
    // `x is None`, or `x is not None` and `isinstance(x, str)`.
    assert_eq!(binding_preds(4), vec![1, 2]);
    // `x` / `not x` cancel: the alternatives reduce to the ones before.
    assert_eq!(binding_preds(9), vec![1, 2]);
}

/// A function that rebinds a name under a test over and over: every use
/// could see every earlier binding. The binder keeps a bounded live set
/// (`gradus_budgets::MAX_LIVE_BINDINGS`), widening the oldest into the
/// name's declared type, and older bindings keep only their newest
/// predicates, so the test just before a use still narrows there.
#[test]
fn live_bindings_are_capped() {
    let n = 200;
    let mut src = String::from("def f(v: int | None) -> None:\n");
    for _ in 0..n {
        src.push_str("    if v is not None:\n        v\n        v = v + 1\n");
    }
    src.push_str("    v\n");
    let f = Fixture::new(&src);
    let index = f.index();
    let last_line = 2 + 3 * n as u32;
    let range = f.range_on_line("v", last_line, 0);
    let (scope, use_id) = index.use_at(range).expect("use");
    let bindings = index.use_def_map(scope).bindings_at_use(use_id);
    assert_eq!(bindings.len(), gradus_budgets::MAX_LIVE_BINDINGS - 1);
    let (_, widened_preds) = bindings.widened().expect("older bindings widened");
    // The widened part holds what all its paths share: the last tests
    // were false (`v` is None there).
    assert!(!widened_preds.is_empty());
    assert!(widened_preds
        .iter()
        .all(|&p| !index.predicate(scope, p).positive));
    for b in bindings.iter() {
        assert!(b.predicates.len() <= gradus_budgets::MAX_PREDICATES);
    }
    let narrowed = bindings
        .iter()
        .filter(|b| b.predicates.len() > gradus_budgets::MAX_PREDICATES_WIDENED)
        .count();
    assert!(narrowed <= gradus_budgets::MAX_NARROWED_BINDINGS);
    // Inside the last test, every binding, the widened ones too, still
    // holds the test itself as its newest predicate.
    let range = f.range_on_line("v", last_line - 2, 0);
    let (scope, use_id) = index.use_at(range).expect("use");
    let bindings = index.use_def_map(scope).bindings_at_use(use_id);
    let (_, widened_preds) = bindings.widened().expect("older bindings widened");
    let newest = |preds: &[crate::ScopedPredicateId]| {
        let p = index.predicate(scope, *preds.last().expect("a predicate"));
        (f.text[p.expr_range].to_owned(), p.positive)
    };
    let test = ("v is not None".to_owned(), true);
    assert_eq!(newest(widened_preds), test);
    for b in bindings.iter() {
        assert_eq!(newest(&b.predicates), test);
    }
}

/// Few bindings: nothing is widened.
#[test]
fn few_live_bindings_are_not_widened() {
    let f = Fixture::new(
        "def f(v: int | None) -> None:\n    if v is not None:\n        v = v + 1\n    v\n",
    );
    let range = f.range_on_line("v", 4, 0);
    let (scope, use_id) = f.index().use_at(range).expect("use");
    let bindings = f.index().use_def_map(scope).bindings_at_use(use_id);
    assert!(bindings.widened().is_none());
    assert_eq!(bindings.len(), 2);
}

#[test]
fn block_ending_call_conditions_the_merge() {
    let f = Fixture::new(
        r#"
def h(x: int | None, c: bool):
    if x is None:
        stop()
    print(x)
    if c:
        y = 1
    else:
        stop()
    print(y)
"#,
    );
    // `x` holds under `x is None` and `stop()` returned, or under `not (x is None)`.
    let index = f.index();
    let range = f.range_on_line("x", 4, 0);
    let (scope, use_id) = index.use_at(range).expect("use");
    let bindings = index.use_def_map(scope).bindings_at_use(use_id).clone();
    let mut alternatives: Vec<Vec<(String, bool)>> = bindings
        .iter()
        .map(|b| {
            b.predicates
                .iter()
                .map(|&p| {
                    let pred = index.predicate(scope, p);
                    (f.text[pred.expr_range].to_owned(), pred.positive)
                })
                .collect()
        })
        .collect();
    alternatives.sort();
    assert_eq!(
        alternatives,
        vec![
            vec![("x is None".to_owned(), false)],
            vec![("x is None".to_owned(), true), ("stop()".to_owned(), true)],
        ]
    );
    // `y` is unbound only if the second `stop()` returned.
    let range = f.range_on_line("y", 9, 0);
    let (scope, use_id) = index.use_at(range).expect("use");
    let bindings = index.use_def_map(scope).bindings_at_use(use_id).clone();
    assert!(bindings.may_be_unbound());
    let unbound: Vec<Vec<String>> = bindings
        .unbound_predicates()
        .iter()
        .map(|alt| {
            alt.iter()
                .map(|&p| f.text[index.predicate(scope, p).expr_range].to_owned())
                .collect()
        })
        .collect();
    assert_eq!(unbound, vec![vec!["stop()".to_owned()]]);
}

#[test]
fn same_state_on_both_paths_gets_no_call_predicate() {
    let f = Fixture::new(
        r#"
x = f()
if c:
    log()
else:
    log()
print(x)
"#,
    );
    assert_eq!(f.preds_at("x", 6, 1), vec![]);
}

#[test]
fn free_name_tested_in_function_gets_start() {
    let f = Fixture::new(
        r#"
CONFIG = None
def use():
    if CONFIG is not None:
        return CONFIG
    return 0
def local():
    if v is not None:
        pass
    v = 1
    print(v)
"#,
    );
    let index = f.index();
    let range = f.range_on_line("CONFIG", 4, 0);
    let (scope, use_id) = index.use_at(range).expect("use");
    let bindings = index.use_def_map(scope).bindings_at_use(use_id).clone();
    assert!(!bindings.may_be_unbound());
    let live: Vec<_> = bindings.iter().collect();
    assert_eq!(live.len(), 1);
    assert!(matches!(
        index
            .definition(crate::DefinitionId {
                scope,
                id: live[0].definition
            })
            .kind,
        crate::DefinitionKind::PlaceStart { .. }
    ));
    assert_eq!(live[0].predicates.len(), 1);
    // A local name tested before its assignment stays unbound there.
    let range = f.range_on_line("v", 7, 0);
    let (scope, use_id) = index.use_at(range).expect("use");
    let bindings = index.use_def_map(scope).bindings_at_use(use_id).clone();
    assert!(bindings.is_unbound());
    assert!(
        f.index()
            .use_def_map(scope)
            .all_definitions(f.index().symbol_table(scope).symbol_id("v").unwrap())
            .len()
            == 1
    );
}

/// The texts of the predicates of each condition under which `name` on
/// `line` may be unbound.
fn unbound_conditions(f: &Fixture, name: &str, line: u32) -> Vec<Vec<String>> {
    let index = f.index();
    let range = f.range_on_line(name, line, 0);
    let (scope, use_id) = index.use_at(range).expect("use");
    let bindings = index.use_def_map(scope).bindings_at_use(use_id).clone();
    assert!(bindings.may_be_unbound());
    let mut out: Vec<Vec<String>> = bindings
        .unbound_predicates()
        .iter()
        .map(|alt| {
            alt.iter()
                .map(|&p| f.text[index.predicate(scope, p).expr_range].to_owned())
                .collect()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn with_body_is_left_at_any_binding_under_its_managers() {
    let f = Fixture::new(
        r#"
def h():
    with outer():
        with inner():
            y = 1
        z = 2
    print(y, z)
    with third():
        pass
    print(y)
"#,
    );
    // Unbound if either manager swallowed an exception.
    assert_eq!(
        unbound_conditions(&f, "y", 6),
        vec![vec!["inner()".to_owned()], vec!["outer()".to_owned()]]
    );
    assert_eq!(
        unbound_conditions(&f, "z", 6),
        vec![vec!["outer()".to_owned()]]
    );
    // A body that binds nothing changes nothing.
    assert_eq!(
        unbound_conditions(&f, "y", 9),
        vec![vec!["inner()".to_owned()], vec!["outer()".to_owned()]]
    );
}
