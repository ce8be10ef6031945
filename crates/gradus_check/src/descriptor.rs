//! Descriptors: a class attribute whose value has `__get__` (and maybe
//! `__set__`) is read and written through those methods.
//!
//! ```python
//! class Celsius:
//!     def __get__(self, obj: object, owner: type) -> float: ...
//!     def __set__(self, obj: object, value: float) -> None: ...
//!
//! class Room:
//!     temp: Celsius = Celsius()
//!
//! Room().temp          # float: `Celsius.__get__(room, Room)`
//! Room().temp = "hot"  # error: `__set__` takes a `float`
//! ```
//!
//! Only attributes found in a class body are descriptors; a value assigned
//! to `self.x` in a method is an ordinary instance attribute, as at run
//! time. Methods and properties keep their own handling (they are not
//! `Instance` types here).

use gradus_db::Db;
use gradus_syntax::ast::{Expr, Stmt};
use gradus_types::{BoundMethodType, ClassLiteral, KnownClass, MethodKind, Type};

use crate::class::{class_member, MemberLookup};

/// The bound `__get__` of `ty` when `ty` is an instance of a descriptor
/// class (other than the builtin function-like descriptors).
pub(crate) fn descriptor_get<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Type<'db>> {
    descriptor_method(db, ty, "__get__")
}

/// The type `obj.x = value` needs when the class attribute `x` holds `ty`:
/// the value parameter of its `__set__`. `None` when `ty` is no data
/// descriptor (or its `__set__` cannot be read).
pub(crate) fn descriptor_set_value_type<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Type<'db>> {
    let set = descriptor_method(db, ty, "__set__")?;
    let signatures = crate::protocol::bound_signatures(db, set)?;
    let sig = signatures.first()?;
    // After binding `self`: `(obj, value)`.
    let value = sig.positional_parameters().nth(1)?;
    Some(value.ty)
}

fn descriptor_method<'db>(db: &'db dyn Db, ty: Type<'db>, name: &str) -> Option<Type<'db>> {
    let Type::Instance(class) = ty else {
        return None;
    };
    if matches!(
        class.known(db),
        Some(KnownClass::Property | KnownClass::Function | KnownClass::Object)
    ) {
        return None;
    }
    match class_member(db, class.class(db), name) {
        MemberLookup::Found {
            ty: Type::Function(f),
            owner,
        } if owner.known(db) != Some(KnownClass::Object) => {
            Some(Type::BoundMethod(BoundMethodType::new(db, ty, f)))
        }
        _ => None,
    }
}

/// The properties of `class`'s own body that have a setter
/// (`@x.setter def x(self, value): ...`).
#[salsa::tracked(returns(ref))]
pub fn property_setters<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = crate::class::class_stmt(db, class) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for item in &stmt.body {
        let (name, decorators) = match item {
            Stmt::FunctionDef(f) => (f.name.as_str(), &f.decorator_list),
            Stmt::AsyncFunctionDef(f) => (f.name.as_str(), &f.decorator_list),
            _ => continue,
        };
        let is_setter = decorators.iter().any(|d| {
            matches!(d, Expr::Attribute(a)
                if a.attr.as_str() == "setter"
                    && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == name))
        });
        if is_setter && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    names
}

/// Whether `name` on instances of `class` is a property without a setter.
pub fn is_read_only_property<'db>(db: &'db dyn Db, class: ClassLiteral<'db>, name: &str) -> bool {
    match class_member(db, class, name) {
        MemberLookup::Found {
            ty: Type::Function(f),
            owner,
        } if f.method_kind(db) == MethodKind::Property => {
            !property_setters(db, owner).iter().any(|n| n == name)
        }
        _ => false,
    }
}
