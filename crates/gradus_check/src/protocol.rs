//! Structural assignability to protocols: a value fits a protocol when it
//! has every member the protocol declares, with compatible types.
//!
//! ```python
//! class Closer(Protocol):
//!     def close(self) -> None: ...
//!
//! class File:
//!     def close(self) -> None: ...
//! class Door:
//!     def close(self, force: bool) -> None: ...
//!
//! c: Closer = File()   # ok
//! d: Closer = Door()   # error: member `close` has an incompatible type
//! ```
//!
//! Methods are compared as bound signatures (parameters contravariant,
//! returns covariant), attributes by type, and a settable attribute
//! invariantly. `Self` in the protocol stands for the candidate. The
//! instance-against-protocol check is a query: protocols that mention
//! themselves (`def __add__(self, other: Self) -> Self`) meet the cycle
//! and assume the recursive part fits.

use gradus_db::Db;
use gradus_types::{ClassLiteral, ClassType, KnownClass, MethodKind, Signature, Type};

use crate::class::{class_member, class_mro, MemberLookup};
use crate::infer::generics::{
    add_self_substitution, class_substitution, signature_types, substitute, substitute_signature,
    Substitution,
};

/// Names every protocol class has that are not protocol members.
const IMPLICIT_MEMBERS: &[&str] = &[
    "__slots__",
    "__doc__",
    "__module__",
    "__qualname__",
    "__annotations__",
    "__dict__",
    "__weakref__",
    "__init__",
    "__new__",
    "__class_getitem__",
    "__init_subclass__",
    "__abstractmethods__",
    "__parameters__",
    "__orig_bases__",
    "__protocol_attrs__",
    "__hash__",
    "__match_args__",
];

/// The members a protocol declares: its own and its protocol bases'.
#[salsa::tracked(returns(ref))]
pub fn protocol_member_names<'db>(db: &'db dyn Db, protocol: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let mut names: Vec<String> = Vec::new();
    for &p in &class_mro(db, protocol).classes {
        if p.known(db) == Some(KnownClass::Object)
            || !crate::abstract_class::is_protocol_class(db, p)
        {
            continue;
        }
        let table = gradus_index::symbol_table(db, p.file(db), p.body_scope(db));
        for (_, symbol) in table.symbols() {
            let name = symbol.name();
            if IMPLICIT_MEMBERS.contains(&name) || !(symbol.is_bound() || symbol.is_declared()) {
                continue;
            }
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// Why instances of `from` do not fit `protocol` (`None`: they do).
#[salsa::tracked(returns(ref), cycle_result = instance_protocol_mismatch_cycle)]
pub fn instance_protocol_mismatch<'db>(
    db: &'db dyn Db,
    from: ClassType<'db>,
    protocol: ClassType<'db>,
) -> Option<String> {
    let _boundary = crate::firewall::query_boundary();
    protocol_mismatch(db, Type::Instance(from), protocol)
}

fn instance_protocol_mismatch_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _from: ClassType<'db>,
    _protocol: ClassType<'db>,
) -> Option<String> {
    None
}

/// A protocol member as the candidate must provide it.
enum Required<'db> {
    /// A method: the candidate must be callable like one of these (bound)
    /// signatures.
    Method(Vec<Signature<'db>>),
    /// An attribute or property the candidate must provide; `settable`
    /// when the protocol lets callers assign it (compared invariantly).
    Attribute { ty: Type<'db>, settable: bool },
}

/// Why `from` (an instance, class object, module or callable) does not fit
/// `protocol`; `None` when it does. Bounded: at most 64 members compared.
pub fn protocol_mismatch<'db>(
    db: &'db dyn Db,
    from: Type<'db>,
    protocol: ClassType<'db>,
) -> Option<String> {
    let literal = protocol.class(db);
    let mut subst = class_substitution(db, protocol);
    // `Self` in the protocol is the candidate.
    let self_instance = crate::infer::generics::receiver_instance(from);
    let mut quiet = crate::infer::expr::ExprInferrer::new(db, literal.file(db), false);
    for name in protocol_member_names(db, literal).iter().take(64) {
        let Some(required) = required_member(db, literal, name, &mut subst, self_instance) else {
            continue;
        };
        // A function's `__call__` is the function itself (a bound
        // `__init__` may be synthesized, as by `@dataclass`, where the
        // lookup finds `object.__init__`: not compared).
        let callable_itself = name == "__call__"
            && match from {
                Type::Function(_) | Type::Callable(_) => true,
                Type::BoundMethod(m) => {
                    !matches!(m.function(db).name(db).as_str(), "__init__" | "__new__")
                }
                _ => false,
            };
        let actual = if callable_itself {
            Some(from)
        } else {
            quiet.member(from, name)
        };
        let Some(actual) = actual else {
            return Some(format!("member `{name}` is missing"));
        };
        if actual.is_dynamic() {
            continue;
        }
        match required {
            Required::Method(signatures) => {
                let Some(candidates) = bound_signatures(db, actual) else {
                    // A callable attribute or an instance with `__call__`.
                    if signatures.iter().any(|sig| {
                        crate::relation::is_assignable(
                            db,
                            actual,
                            Type::Callable(gradus_types::CallableType::new(db, sig.clone())),
                        )
                    }) {
                        continue;
                    }
                    return Some(format!("member `{name}` is not a compatible method"));
                };
                let fits = signatures.iter().all(|target| {
                    candidates
                        .iter()
                        .any(|c| crate::relation::signature_is_assignable(db, c, target))
                });
                if !fits {
                    return Some(format!("method `{name}` has an incompatible signature"));
                }
            }
            Required::Attribute { ty, settable } => {
                if !crate::relation::is_assignable(db, actual, ty) {
                    let (a, t) = (actual.display(db), ty.display(db));
                    return Some(format!(
                        "attribute `{name}` has type `{a}`, which is not assignable to `{t}`"
                    ));
                }
                if settable {
                    if let Type::Instance(c) = from {
                        if is_read_only_member(db, c.class(db), name) {
                            return Some(format!(
                                "attribute `{name}` is read-only, but the protocol lets it be assigned"
                            ));
                        }
                        if !crate::relation::is_assignable(db, ty, actual) {
                            let (a, t) = (actual.display(db), ty.display(db));
                            return Some(format!(
                                "attribute `{name}` has type `{a}`, but the protocol lets it be assigned `{t}` (mutable attributes are invariant)"
                            ));
                        }
                    }
                }
            }
        }
    }
    None
}

/// What the protocol requires of `name`, specialized and with `Self` bound
/// to the candidate; `None` for members that cannot be compared.
fn required_member<'db>(
    db: &'db dyn Db,
    protocol: ClassLiteral<'db>,
    name: &str,
    subst: &mut Substitution<'db>,
    self_instance: Type<'db>,
) -> Option<Required<'db>> {
    let MemberLookup::Found { ty, owner } = class_member(db, protocol, name) else {
        return None;
    };
    match ty {
        Type::Function(f) => {
            let signatures: Vec<Signature<'db>> = if f.overloads(db).is_empty() {
                vec![crate::infer::returns::call_signature(db, f)]
            } else {
                f.overloads(db).clone()
            };
            let mut bind = |sig: &Signature<'db>| {
                add_self_substitution(db, subst, signature_types(sig), self_instance);
                substitute_signature(db, sig, subst, 0)
            };
            match f.method_kind(db) {
                MethodKind::Property => {
                    let ret = crate::infer::returns::function_return_type(db, f);
                    add_self_substitution(db, subst, [ret], self_instance);
                    Some(Required::Attribute {
                        ty: substitute(db, ret, subst),
                        settable: false,
                    })
                }
                MethodKind::Static => {
                    Some(Required::Method(signatures.iter().map(&mut bind).collect()))
                }
                MethodKind::Plain | MethodKind::Class => Some(Required::Method(
                    signatures
                        .iter()
                        .map(|s| {
                            bind(&crate::infer::generics::bind_receiver(
                                db,
                                s,
                                self_instance,
                                true,
                            ))
                        })
                        .collect(),
                )),
            }
        }
        other => {
            add_self_substitution(db, subst, [other], self_instance);
            let settable = crate::semantic::declared_symbol_type(
                db,
                owner.file(db),
                owner.body_scope(db),
                name,
            )
            .is_some()
                && !crate::dataclass::class_var_names(db, owner)
                    .iter()
                    .any(|n| n == name);
            Some(Required::Attribute {
                ty: substitute(db, other, subst),
                settable,
            })
        }
    }
}

/// Whether `name` on instances of `class` is a property without a setter
/// (or otherwise not assignable).
fn is_read_only_member<'db>(db: &'db dyn Db, class: ClassLiteral<'db>, name: &str) -> bool {
    matches!(
        class_member(db, class, name),
        MemberLookup::Found { ty: Type::Function(f), .. } if f.method_kind(db) == MethodKind::Property
    )
}

/// The signatures a callable member is called with, its receiver bound and
/// substituted (`Self`, the receiver's type arguments).
pub fn bound_signatures<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Vec<Signature<'db>>> {
    match ty {
        Type::BoundMethod(m) => {
            let f = m.function(db);
            let receiver = m.receiver(db);
            let mut subst = crate::infer::call::receiver_substitution(db, receiver);
            let signatures: Vec<Signature<'db>> = if f.overloads(db).is_empty() {
                vec![crate::infer::returns::call_signature(db, f)]
            } else {
                f.overloads(db).clone()
            };
            Some(
                signatures
                    .iter()
                    .map(|s| {
                        let bind =
                            matches!(f.method_kind(db), MethodKind::Plain | MethodKind::Class);
                        let s = crate::infer::generics::bind_receiver(db, s, receiver, bind);
                        add_self_substitution(db, &mut subst, signature_types(&s), receiver);
                        substitute_signature(db, &s, &subst, 0)
                    })
                    .collect(),
            )
        }
        Type::Function(f) => Some(if f.overloads(db).is_empty() {
            vec![crate::infer::returns::call_signature(db, f)]
        } else {
            f.overloads(db).clone()
        }),
        Type::Callable(c) => Some(vec![c.signature(db).clone()]),
        // A class object converted to a callable (its constructor, the
        // class's free type parameters `Unknown`).
        Type::ClassObject(c) => crate::infer::constructor::erased_callable_signatures(db, c),
        _ => None,
    }
}

/// Solves the type variables in a protocol's arguments from the members of
/// a value that fits it structurally (`iter(xs)` against
/// `SupportsIter[_T]`'s `__iter__`).
pub(crate) fn solve_protocol<'db>(
    db: &'db dyn Db,
    protocol: ClassType<'db>,
    arg: Type<'db>,
    solution: &mut rustc_hash::FxHashMap<gradus_types::TypeVarType<'db>, Vec<Type<'db>>>,
    depth: usize,
) {
    let literal = protocol.class(db);
    let mut subst = class_substitution(db, protocol);
    let self_instance = crate::infer::generics::receiver_instance(arg);
    let mut quiet = crate::infer::expr::ExprInferrer::new(db, literal.file(db), false);
    for name in protocol_member_names(db, literal).iter().take(64) {
        let Some(required) = required_member(db, literal, name, &mut subst, self_instance) else {
            continue;
        };
        let Some(actual) = quiet.member(arg, name) else {
            continue;
        };
        match required {
            Required::Method(signatures) => {
                if let [sig] = signatures.as_slice() {
                    let target = Type::Callable(gradus_types::CallableType::new(db, sig.clone()));
                    crate::infer::call::solve_into(db, target, actual, solution, depth + 1);
                }
            }
            Required::Attribute { ty, .. } => {
                crate::infer::call::solve_into(db, ty, actual, solution, depth + 1);
            }
        }
    }
}
