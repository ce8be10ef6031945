//! Abstract classes and protocols cannot be instantiated.
//!
//! ```python
//! from abc import ABC, abstractmethod
//!
//! class Shape(ABC):
//!     @abstractmethod
//!     def area(self) -> float: ...
//!
//! class Square(Shape):
//!     def area(self) -> float: return 1.0
//!
//! Shape()     # error[instantiate-abstract-class]: `area` is not implemented
//! Square()    # fine
//! ```
//!
//! A member is abstract when the first class along the MRO that defines it
//! decorates it with `@abstractmethod`. As in Python, only classes whose
//! metaclass enforces it (`ABC`, `metaclass=ABCMeta`) or protocols count;
//! `type[Shape]` may hold a concrete subclass and is never reported.

use gradus_db::Db;
use gradus_index::{locate, use_def_map, DefinitionId, DefinitionKind};
use gradus_syntax::ast::Expr;
use gradus_types::{ClassLiteral, FunctionLiteral, SpecialForm, Type};

use crate::class::{class_bases, class_mro, class_stmt, Base};
use crate::infer::function::{decorator_name, function_parts};

/// The members `class` leaves abstract, in MRO order (empty when the class
/// does not enforce abstract methods or its MRO is not fully known).
#[salsa::tracked(returns(ref))]
pub fn abstract_members<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let mro = class_mro(db, class);
    if mro.has_dynamic || !enforces_abstract(db, class) {
        return Vec::new();
    }
    // Attributes assigned through `self.x` in any class's methods count as
    // implemented (a protocol's `x: int` is satisfied by `self.x = 1`).
    let assigned_on_self: rustc_hash::FxHashSet<String> = mro
        .classes
        .iter()
        .flat_map(|&c| {
            crate::class::instance_attribute_names(db, c)
                .iter()
                .cloned()
        })
        .collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut abstract_names = Vec::new();
    for &c in &mro.classes {
        if c.known(db).is_some() && c.name(db) == "object" {
            continue;
        }
        let file = c.file(db);
        let scope = c.body_scope(db);
        let index = crate::firewall::index(db, file);
        if scope.index() >= index.scope_count() {
            continue;
        }
        let module = crate::semantic::parsed(db, file);
        let use_def = use_def_map(db, file, scope);
        for (symbol, s) in index.symbol_table(scope).symbols() {
            // Declarations (`x: int`) count as well as bindings.
            let Some(&last) = use_def.all_definitions(symbol).last() else {
                continue;
            };
            if !seen.insert(s.name().to_owned()) {
                continue;
            }
            let id = DefinitionId { scope, id: last };
            let protocol = is_protocol_class(db, c);
            let is_abstract = match index.definition(id).kind {
                DefinitionKind::FunctionDef { stmt, .. } => locate::find_stmt(&module, stmt)
                    .and_then(function_parts)
                    .is_some_and(|parts| {
                        parts
                            .decorators
                            .iter()
                            .any(|d| decorator_name(d) == Some("abstractmethod"))
                            // A protocol method without a body (`...`) has no
                            // implementation to inherit (stubs have no bodies
                            // at all, so there only `@abstractmethod` counts).
                            || (protocol
                                && !crate::semantic::is_stub(db, file)
                                && is_body_free(parts.body))
                    }),
                // A protocol attribute that is only declared.
                DefinitionKind::AnnotatedAssignment { value: None, .. } => {
                    protocol && !assigned_on_self.contains(s.name())
                }
                _ => false,
            };
            if is_abstract {
                abstract_names.push(s.name().to_owned());
            }
        }
    }
    abstract_names
}

/// Whether some class of the MRO is `abc.ABC`, declares `metaclass=ABCMeta`
/// or is a protocol.
fn enforces_abstract<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    class_mro(db, class).classes.iter().any(|&c| {
        if c.name(db) == "ABC" || is_protocol_class(db, c) {
            return true;
        }
        class_stmt(db, c).is_some_and(|stmt| {
            stmt.keywords.iter().any(|k| {
                k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass")
                    && matches!(&k.value, Expr::Name(n) if n.id.as_str() == "ABCMeta")
                    || matches!(&k.value, Expr::Attribute(a) if a.attr.as_str() == "ABCMeta")
            })
        })
    })
}

/// Whether `class` lists `Protocol` (or `Protocol[...]`) among its bases.
pub fn is_protocol_class<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    class_bases(db, class)
        .iter()
        .any(|b| matches!(b, Base::Special(SpecialForm::Protocol)))
}

/// A body of only a docstring and `...`.
fn is_body_free(body: &[gradus_syntax::ast::Stmt]) -> bool {
    use gradus_syntax::ast::{Constant, Stmt};
    !body.is_empty()
        && body.iter().all(|stmt| {
            matches!(stmt, Stmt::Expr(e) if matches!(
                &*e.value,
                Expr::Constant(c) if matches!(c.value, Constant::Ellipsis | Constant::Str(_))
            ))
        })
}

/// `super().name(...)` where `name` resolves to an abstract method whose
/// body does nothing (`...`, `pass`, a docstring, `raise
/// NotImplementedError`): there is no implementation to call.
pub(crate) fn check_super_call<'db>(
    inferrer: &mut crate::infer::expr::ExprInferrer<'db>,
    call: &gradus_syntax::ast::ExprCall,
) {
    use gradus_syntax::ast::Ranged;
    let db = inferrer.db;
    let Expr::Attribute(attr) = call.func.as_ref() else {
        return;
    };
    let Expr::Call(inner) = attr.value.as_ref() else {
        return;
    };
    if !matches!(inner.func.as_ref(), Expr::Name(n) if n.id.as_str() == "super")
        || !inner.args.is_empty()
    {
        return;
    }
    let Type::Instance(next) = inferrer.infer_expr(&attr.value) else {
        return;
    };
    let crate::class::MemberLookup::Found {
        ty: Type::Function(f),
        owner,
    } = crate::class::class_member(db, next.class(db), attr.attr.as_str())
    else {
        return;
    };
    if crate::semantic::is_stub(db, f.file(db)) || !is_trivial_abstract_method(db, f) {
        return;
    }
    let (name, owner) = (attr.attr.as_str(), owner.name(db));
    inferrer.report(
        call.range(),
        crate::rules::UNSAFE_SUPER_CALL.code,
        format!(
            "Method `{name}` of `{owner}` is abstract and has a trivial body: calling it through `super()` runs no implementation"
        ),
    );
}

/// Whether `f` is decorated with `@abstractmethod` and its body does nothing.
fn is_trivial_abstract_method(db: &dyn Db, f: FunctionLiteral<'_>) -> bool {
    use gradus_syntax::ast::{Constant, Stmt};
    let file = f.file(db);
    let index = crate::firewall::index(db, file);
    let DefinitionKind::FunctionDef { stmt, .. } = index.definition(f.definition(db)).kind else {
        return false;
    };
    let module = crate::semantic::parsed(db, file);
    let Some(parts) = locate::find_stmt(&module, stmt).and_then(function_parts) else {
        return false;
    };
    let is_not_implemented = |e: &Expr| match e {
        Expr::Name(n) => n.id.as_str() == "NotImplementedError",
        Expr::Call(c) => {
            matches!(c.func.as_ref(), Expr::Name(n) if n.id.as_str() == "NotImplementedError")
        }
        _ => false,
    };
    parts
        .decorators
        .iter()
        .any(|d| decorator_name(d) == Some("abstractmethod"))
        && !parts.body.is_empty()
        && parts.body.iter().all(|stmt| match stmt {
            Stmt::Pass(_) => true,
            Stmt::Expr(e) => matches!(
                &*e.value,
                Expr::Constant(c) if matches!(c.value, Constant::Ellipsis | Constant::Str(_))
            ),
            Stmt::Raise(r) => r.exc.as_deref().is_some_and(is_not_implemented),
            _ => false,
        })
}
