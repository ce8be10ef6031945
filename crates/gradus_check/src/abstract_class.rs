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
use gradus_types::{ClassLiteral, SpecialForm};

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
