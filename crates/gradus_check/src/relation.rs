//! Assignability with gradual rules: `Any`/`Unknown` are assignable both
//! ways; otherwise nominal subclassing, unions, literals and their classes,
//! tuples, `None`, the numeric promotions and invariant generics.
//!
//! ```python
//! x: float = 1          # ok: int is promoted to float
//! y: list[float] = z    # error if z: list[int] (list is invariant)
//! ```

use gradus_db::Db;
use gradus_types::{ClassType, KnownClass, Type};

use crate::class::{class_mro, is_subclass};
use crate::semantic::known_class;

/// Relation checks deeper than this give up and answer "assignable":
/// recursion is bounded and a pathological type never becomes an error.
const MAX_RELATION_DEPTH: usize = 64;

/// Whether a value of type `from` may be assigned to a target of type `to`.
pub fn is_assignable<'db>(db: &'db dyn Db, from: Type<'db>, to: Type<'db>) -> bool {
    assignable(db, from, to, 0)
}

/// The class a literal or special value is an instance of.
fn fallback_instance<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Type<'db>> {
    let known = match ty {
        Type::IntLiteral(_) => KnownClass::Int,
        Type::BoolLiteral(_) => KnownClass::Bool,
        Type::StrLiteral(_) | Type::LiteralString => KnownClass::Str,
        Type::BytesLiteral(_) => KnownClass::Bytes,
        Type::None => KnownClass::NoneType,
        Type::Tuple(_) => KnownClass::Tuple,
        Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_) => KnownClass::Function,
        Type::ClassObject(_) | Type::SubclassOf(_) => KnownClass::Type,
        Type::Module(_) => KnownClass::ModuleType,
        _ => return None,
    };
    known_class(db, known).map(Type::Instance)
}

fn assignable<'db>(db: &'db dyn Db, from: Type<'db>, to: Type<'db>, depth: usize) -> bool {
    if depth > MAX_RELATION_DEPTH || from == to {
        return true;
    }
    match (from, to) {
        (Type::Dynamic(_), _) | (_, Type::Dynamic(_)) => true,
        (Type::Never, _) => true,
        // Type variables are not solved yet: treat them gradually.
        (Type::TypeVar(_), _) | (_, Type::TypeVar(_)) => true,
        (Type::Union(u), _) => u
            .elements(db)
            .iter()
            .all(|&e| assignable(db, e, to, depth + 1)),
        (_, Type::Union(u)) => u
            .elements(db)
            .iter()
            .any(|&e| assignable(db, from, e, depth + 1)),
        (_, Type::Instance(c)) if c.is_known(db, KnownClass::Object) => true,
        (Type::None, Type::None) => true,
        (Type::None, Type::Instance(_)) => match fallback_instance(db, from) {
            Some(instance) => assignable(db, instance, to, depth + 1),
            None => true,
        },
        (Type::None, _) => false,
        (Type::LiteralString, Type::LiteralString) => true,
        (Type::StrLiteral(_), Type::LiteralString) => true,
        (
            Type::IntLiteral(_)
            | Type::BoolLiteral(_)
            | Type::StrLiteral(_)
            | Type::BytesLiteral(_),
            _,
        ) if !matches!(to, Type::Instance(_)) => false,
        (Type::Tuple(a), Type::Tuple(b)) => {
            let (ea, eb) = (a.elements(db), b.elements(db));
            match (a.homogeneous(db), b.homogeneous(db)) {
                (_, true) => ea.iter().all(|&e| assignable(db, e, eb[0], depth + 1)),
                (true, false) => ea.first().is_some_and(|e| e.is_dynamic()),
                (false, false) => {
                    // Unknown elements come from forms not modelled yet
                    // (unpacked tuples, `*Ts`): lengths are not compared then.
                    (ea.len() != eb.len() && eb.iter().chain(ea).any(|t| t.is_unknown()))
                        || (ea.len() == eb.len()
                            && ea
                                .iter()
                                .zip(eb)
                                .all(|(&x, &y)| assignable(db, x, y, depth + 1)))
                }
            }
        }
        (Type::Tuple(a), Type::Instance(c)) if c.is_known(db, KnownClass::Tuple) => {
            match c.args(db).first() {
                Some(&elem) => a
                    .elements(db)
                    .iter()
                    .all(|&e| assignable(db, e, elem, depth + 1)),
                None => true,
            }
        }
        (Type::ClassObject(a) | Type::SubclassOf(a), Type::SubclassOf(b)) => {
            is_subclass(db, a.class(db), b.class(db))
        }
        (Type::ClassObject(a) | Type::SubclassOf(a), Type::ClassObject(b)) => {
            a.class(db) == b.class(db)
        }
        (Type::Instance(a), Type::Instance(b)) => instance_assignable(db, a, b, depth),
        (Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_), Type::Callable(_)) => true,
        (_, Type::Instance(_)) => match fallback_instance(db, from) {
            Some(instance) if instance != from => assignable(db, instance, to, depth + 1),
            _ => true,
        },
        // Anything else involving forms we do not model yet: do not report.
        (
            _,
            Type::Callable(_)
            | Type::SpecialForm(_)
            | Type::Module(_)
            | Type::Function(_)
            | Type::BoundMethod(_),
        ) => true,
        _ => false,
    }
}

fn instance_assignable<'db>(
    db: &'db dyn Db,
    a: ClassType<'db>,
    b: ClassType<'db>,
    depth: usize,
) -> bool {
    let (ca, cb) = (a.class(db), b.class(db));
    // The numeric tower: int → float → complex (the spec's promotions).
    if let (Some(ka), Some(kb)) = (ca.known(db), cb.known(db)) {
        match (ka, kb) {
            (KnownClass::Int | KnownClass::Bool, KnownClass::Float | KnownClass::Complex) => {
                return true
            }
            (KnownClass::Float, KnownClass::Complex) => return true,
            (KnownClass::Bytearray, KnownClass::Bytes) => return true,
            _ => {}
        }
    }
    if ca == cb {
        let (aa, ab) = (a.args(db), b.args(db));
        if aa.is_empty() || ab.is_empty() || aa.len() != ab.len() {
            return true;
        }
        // The mutable builtin containers are invariant. Other classes are
        // checked covariantly until variance is computed from declarations
        // and use (the generics work): a lenient choice that reports less.
        let invariant = matches!(
            ca.known(db),
            Some(KnownClass::List | KnownClass::Dict | KnownClass::Set | KnownClass::Bytearray)
        );
        return aa.iter().zip(ab).all(|(&x, &y)| {
            assignable(db, x, y, depth + 1) && (!invariant || assignable(db, y, x, depth + 1))
        });
    }
    let mro = class_mro(db, ca);
    // Protocols, typed dicts and named tuples are not checked structurally
    // yet, and dynamic bases may be anything.
    mro.has_dynamic || mro.classes.contains(&cb) || is_protocol_like(db, b)
}

/// Classes that list `Protocol` among their bases (structural checks come
/// later; until then nothing is reported against them).
fn is_protocol_like(db: &dyn Db, class: ClassType<'_>) -> bool {
    use crate::class::Base;
    use gradus_types::SpecialForm;
    let structural = |c: gradus_types::ClassLiteral<'_>, protocol: bool| {
        crate::class::class_bases(db, c).iter().any(|b| match b {
            Base::Special(SpecialForm::TypedDict | SpecialForm::NamedTuple) => true,
            Base::Special(SpecialForm::Protocol) => protocol,
            _ => false,
        })
    };
    structural(class.class(db), true)
        || class_mro(db, class.class(db))
            .classes
            .iter()
            .any(|&c| structural(c, false))
}
