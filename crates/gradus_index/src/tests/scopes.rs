//! Scopes, symbol tables and name resolution.

use super::{seen, Fixture};
use crate::{ComprehensionKind, ScopeId, ScopeKind, SymbolFlags};

#[test]
fn scope_tree() {
    let f = Fixture::new(
        r#"
class C[T](Base[T]):
    def m(self):
        return lambda y: y
    async def am(self): ...
xs = [a for a in range(3)]
g = (b for b in xs)
s = {c for c in xs}
d = {k: v for k, v in pairs}
type Alias[U] = list[U]
"#,
    );
    let index = f.index();
    let kinds: Vec<(String, ScopeKind, Option<ScopeId>)> = index
        .scopes()
        .map(|(_, s)| (s.name.clone(), s.kind, s.parent))
        .collect();
    let by_name = |name: &str| {
        kinds
            .iter()
            .find(|k| k.0 == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(kinds[0].1, ScopeKind::Module);
    assert_eq!(by_name("<type params of C>").1, ScopeKind::TypeParams);
    assert_eq!(by_name("C").1, ScopeKind::Class);
    assert_eq!(by_name("C").2, Some(f.scope("<type params of C>")));
    assert_eq!(by_name("m").1, ScopeKind::Function { is_async: false });
    assert_eq!(by_name("m").2, Some(f.scope("C")));
    assert_eq!(by_name("am").1, ScopeKind::Function { is_async: true });
    assert_eq!(by_name("<lambda>").2, Some(f.scope("m")));
    assert_eq!(
        by_name("<listcomp>").1,
        ScopeKind::Comprehension(ComprehensionKind::List)
    );
    assert_eq!(
        by_name("<genexpr>").1,
        ScopeKind::Comprehension(ComprehensionKind::Generator)
    );
    assert_eq!(
        by_name("<setcomp>").1,
        ScopeKind::Comprehension(ComprehensionKind::Set)
    );
    assert_eq!(
        by_name("<dictcomp>").1,
        ScopeKind::Comprehension(ComprehensionKind::Dict)
    );
    assert_eq!(by_name("<type params of Alias>").2, Some(ScopeId::MODULE));
    // The type parameter is bound in its own scope, and `Base[T]` uses it there.
    assert_eq!(f.use_at_nth("T", 1, 1), seen(&[1], false));
    let tp = f.scope("<type params of C>");
    assert!(index
        .symbol_table(tp)
        .symbol_by_name("T")
        .unwrap()
        .is_bound());
    // The node range finds the body scope.
    let class_range = index.scope(f.scope("C")).node_range;
    assert_eq!(index.scope_of_node(class_range), Some(f.scope("C")));
    assert_eq!(index.child_scopes(ScopeId::MODULE).len(), 6);
}

#[test]
fn comprehension_first_iterator_in_enclosing_scope() {
    let f = Fixture::new(
        r#"
x = [1]
ys = [x for x in x if x]
"#,
    );
    let index = f.index();
    // The last `x` (the iterable) is a use in the module scope.
    let (scope, _) = index.use_at(f.range_on_line("x", 2, 2)).unwrap();
    assert_eq!(scope, ScopeId::MODULE);
    assert_eq!(f.use_at_nth("x", 2, 2), seen(&[1], false));
    // The element and the condition see the comprehension's target.
    let (scope, _) = index.use_at(f.range_on_line("x", 2, 0)).unwrap();
    assert_eq!(scope, f.scope("<listcomp>"));
    assert_eq!(f.use_at_nth("x", 2, 3), seen(&[2], false));
}

#[test]
fn walrus_in_comprehension_binds_in_enclosing_scope() {
    let f = Fixture::new(
        r#"
def f(xs):
    if any((last := x) for x in xs):
        print(last)
    print(last)
"#,
    );
    let index = f.index();
    let scope = f.scope("f");
    assert!(index
        .symbol_table(scope)
        .symbol_by_name("last")
        .unwrap()
        .is_bound());
    assert!(index
        .symbol_table(f.scope("<genexpr>"))
        .symbol_by_name("last")
        .is_none());
    assert_eq!(f.use_at("last", 4), seen(&[2], true));
}

#[test]
fn symbol_flags_and_global_nonlocal() {
    let f = Fixture::new(
        r#"
import os
counter = 0
def f(a, *args, b: int, **kw):
    global counter
    counter += 1
    x: int
    def g():
        nonlocal a
        a = 2
        return x
    return os
def h():
    return counter
"#,
    );
    let index = f.index();
    let module = index.symbol_table(ScopeId::MODULE);
    assert!(module.symbol_by_name("os").unwrap().is_imported());
    let fs = index.symbol_table(f.scope("f"));
    let flags = |name: &str| fs.symbol_by_name(name).unwrap().flags();
    assert!(flags("a").contains(SymbolFlags::PARAMETER));
    assert!(flags("args").contains(SymbolFlags::PARAMETER));
    assert!(flags("kw").contains(SymbolFlags::PARAMETER));
    assert!(flags("counter").contains(SymbolFlags::GLOBAL));
    assert!(flags("x").contains(SymbolFlags::DECLARED));
    assert!(!flags("x").contains(SymbolFlags::BOUND));
    assert!(flags("a").contains(SymbolFlags::BOUND_IN_NESTED_SCOPE));
    let g = f.scope("g");
    assert!(index
        .symbol_table(g)
        .symbol_by_name("a")
        .unwrap()
        .is_nonlocal());
    // Resolution.
    assert_eq!(
        index.resolve_name(f.scope("f"), "counter"),
        Some(ScopeId::MODULE)
    );
    assert_eq!(index.resolve_name(g, "a"), Some(f.scope("f")));
    assert_eq!(index.resolve_name(g, "x"), Some(f.scope("f")));
    assert_eq!(
        index.resolve_name(f.scope("f"), "os"),
        Some(ScopeId::MODULE)
    );
    assert_eq!(
        index.resolve_name(f.scope("h"), "counter"),
        Some(ScopeId::MODULE)
    );
    assert_eq!(index.resolve_name(f.scope("h"), "len"), None);
    // The global binding in `f` is recorded against the module's `counter`.
    let nested: Vec<_> = index.nested_bindings(ScopeId::MODULE).collect();
    assert_eq!(nested.len(), 1);
    assert_eq!(nested[0].definition.scope, f.scope("f"));
    assert_eq!(index.nested_bindings(f.scope("f")).count(), 1);
}

#[test]
fn class_scope_is_skipped_by_methods() {
    let f = Fixture::new(
        r#"
x = 1
class C:
    x = 2
    y = x
    def m(self):
        return x
"#,
    );
    let index = f.index();
    assert_eq!(f.use_at("x", 4), seen(&[3], false));
    assert_eq!(index.resolve_name(f.scope("m"), "x"), Some(ScopeId::MODULE));
    assert_eq!(
        index.resolve_in_enclosing(f.scope("C"), "x", false),
        Some(ScopeId::MODULE)
    );
    assert_eq!(f.end_of("C", "y"), seen(&[4], false));
}

#[test]
fn type_param_scopes_see_their_class() {
    let f = Fixture::new(
        r#"
class Outer:
    class Private: ...
    class Inner[T](Private): ...
    def m[T](self, a: Inner[T]) -> None:
        return Private
"#,
    );
    let index = f.index();
    let outer = f.scope("Outer");
    assert_eq!(
        index.resolve_name(f.scope("<type params of Inner>"), "Private"),
        Some(outer)
    );
    assert_eq!(
        index.resolve_name(f.scope("<type params of m>"), "Inner"),
        Some(outer)
    );
    // The method body still skips the class.
    assert_eq!(index.resolve_name(f.scope("m"), "Private"), None);
}

#[test]
fn function_bodies_see_fresh_flow() {
    let f = Fixture::new(
        r#"
def f(a, b=default):
    print(a)
    if a:
        return b
    c = 1
    return c
"#,
    );
    assert_eq!(f.use_at("a", 2), seen(&[1], false));
    assert_eq!(f.use_at("b", 4), seen(&[1], false));
    // The default is a use in the module scope.
    let index = f.index();
    let (scope, _) = index.use_at(f.range_on_line("default", 1, 0)).unwrap();
    assert_eq!(scope, ScopeId::MODULE);
}
