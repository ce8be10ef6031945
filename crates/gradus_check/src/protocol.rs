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
    Attribute {
        ty: Type<'db>,
        settable: bool,
        /// Declared `ClassVar` in the protocol.
        class_var: bool,
    },
}

/// Why `from` (an instance, class object, module or callable) does not fit
/// `protocol`; `None` when it does. Bounded: at most `MAX_PROTOCOL_MEMBERS` members compared.
pub fn protocol_mismatch<'db>(
    db: &'db dyn Db,
    from: Type<'db>,
    protocol: ClassType<'db>,
) -> Option<String> {
    let literal = protocol.class(db);
    if let Some(reason) = crate::dataclass::unhashable_mismatch(db, from, literal) {
        return Some(reason);
    }
    let mut subst = class_substitution(db, protocol);
    // `Self` in the protocol is the candidate.
    let self_instance = crate::infer::generics::receiver_instance(from);
    let mut quiet = crate::infer::expr::ExprInferrer::new(db, literal.file(db), false);
    for name in protocol_member_names(db, literal)
        .iter()
        .take(gradus_budgets::MAX_PROTOCOL_MEMBERS)
    {
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
        if let Some(reason) = class_object_attribute_mismatch(db, from, name, &required) {
            return Some(reason);
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
            Required::Attribute { ty, settable, .. } => {
                if !crate::relation::is_assignable(db, actual, ty) {
                    let (a, t) = (actual.display(db), ty.display(db));
                    return Some(format!(
                        "attribute `{name}` has type `{a}`, which is not assignable to `{t}`"
                    ));
                }
                if settable {
                    if let Type::Instance(c) = from {
                        if let Some(why) = read_only_reason(db, c.class(db), name) {
                            return Some(format!(
                                "attribute `{name}` is read-only ({why}), but the protocol lets it be assigned"
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
                        settable: crate::descriptor::property_setters(db, owner)
                            .iter()
                            .any(|n| n == name),
                        class_var: false,
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
            let class_var = crate::dataclass::class_var_names(db, owner)
                .iter()
                .any(|n| n == name);
            let settable = crate::semantic::declared_symbol_type(
                db,
                owner.file(db),
                owner.body_scope(db),
                name,
            )
            .is_some();
            Some(Required::Attribute {
                ty: substitute(db, other, subst),
                settable,
                class_var,
            })
        }
    }
}

/// Why a class object does not provide the protocol attribute `name` even
/// though the name exists on it: the attribute is an instance variable of
/// the class (`x: int = 0` is a default for instances, not a class
/// variable), or the protocol wants a `ClassVar`, which only the class's
/// metaclass could supply.
fn class_object_attribute_mismatch<'db>(
    db: &'db dyn Db,
    from: Type<'db>,
    name: &str,
    required: &Required<'db>,
) -> Option<String> {
    let Required::Attribute {
        class_var,
        settable,
        ..
    } = required
    else {
        return None;
    };
    let is_class_var_of = |owner: ClassLiteral<'db>| {
        crate::dataclass::class_var_names(db, owner)
            .iter()
            .any(|n| n == name)
    };
    let class = match from {
        Type::ClassObject(class) | Type::SubclassOf(class) => class,
        Type::Instance(class) => {
            let literal = class.class(db);
            let shown = literal.name(db);
            return match class_member(db, literal, name) {
                // Only `self.x = ...` in a method: not on the class.
                MemberLookup::NotFound
                    if *class_var
                        && crate::class::class_mro(db, literal).classes.iter().any(|&c| {
                            crate::class::instance_attribute_names(db, c)
                                .iter()
                                .any(|n| n == name)
                        }) =>
                {
                    Some(format!(
                    "`{name}` is a class variable of the protocol, but only an instance attribute of `{shown}`"
                    ))
                }
                MemberLookup::Found { ty, owner }
                    if *settable
                        && !*class_var
                        && !matches!(ty, Type::Function(_))
                        && is_class_var_of(owner) =>
                {
                    Some(format!(
                        "`{name}` is a `ClassVar` of `{shown}` and cannot be assigned through an instance, as the protocol allows"
                    ))
                }
                _ => None,
            };
        }
        _ => return None,
    };
    let literal = class.class(db);
    let on_metaclass = crate::class::class_metaclass(db, literal).is_some_and(|meta| {
        matches!(
            class_member(db, meta.class(db), name),
            MemberLookup::Found { .. }
        )
    });
    if on_metaclass {
        return None;
    }
    let shown = literal.name(db);
    if *class_var {
        return Some(format!(
            "`{name}` is a class variable of the protocol, which the class object `type[{shown}]` does not provide"
        ));
    }
    match class_member(db, literal, name) {
        MemberLookup::Found { ty, owner }
            if !matches!(ty, Type::Function(_))
                && crate::semantic::declared_symbol_type(
                    db,
                    owner.file(db),
                    owner.body_scope(db),
                    name,
                )
                .is_some()
                && !is_class_var_of(owner) =>
        {
            Some(format!(
                "`{name}` is an instance variable of `{shown}`, not a class variable of the class object"
            ))
        }
        _ => None,
    }
}

/// Why `name` cannot be assigned on instances of `class`, if it cannot: a
/// property without a setter, a field of a frozen dataclass or of a named
/// tuple.
fn read_only_reason<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    name: &str,
) -> Option<&'static str> {
    if crate::descriptor::is_read_only_property(db, class, name) {
        Some("a property without a setter")
    } else if crate::dataclass::is_frozen_field(db, class, name) {
        Some("a field of a frozen dataclass")
    } else if crate::namedtuple::namedtuple_fields(db, class)
        .iter()
        .any(|f| f.name == name)
    {
        Some("a named tuple field")
    } else {
        None
    }
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
    for name in protocol_member_names(db, literal)
        .iter()
        .take(gradus_budgets::MAX_PROTOCOL_MEMBERS)
    {
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

/// `self.x: T = ...` in a method of a protocol: protocol members are
/// declared in the class body, not through `self`.
pub(crate) fn check_self_attribute_declaration<'db>(
    inferrer: &mut crate::infer::expr::ExprInferrer<'db>,
    scope: gradus_index::ScopeId,
    stmt: &gradus_syntax::ast::StmtAnnAssign,
) {
    use gradus_syntax::ast::{Expr, Ranged};
    let db = inferrer.db;
    let file = inferrer.file;
    let Expr::Attribute(attr) = stmt.target.as_ref() else {
        return;
    };
    let Expr::Name(receiver) = attr.value.as_ref() else {
        return;
    };
    let index = crate::firewall::index(db, file);
    let info = index.scope(scope);
    if !matches!(info.kind, gradus_index::ScopeKind::Function { .. }) {
        return;
    }
    let module = crate::semantic::parsed(db, file);
    let Some(parts) = gradus_index::locate::find_stmt(&module, info.node_range)
        .and_then(crate::infer::function::function_parts)
    else {
        return;
    };
    let first = parts
        .args
        .posonlyargs
        .iter()
        .chain(&parts.args.args)
        .next()
        .map(|p| p.def.arg.as_str());
    if first != Some(receiver.id.as_str()) {
        return;
    }
    let Some(class_scope) = info.parent else {
        return;
    };
    let class_range = index.scope(class_scope).node_range;
    let Some(&class_def) = crate::firewall::definitions_by_statement(db, file).get(&class_range)
    else {
        return;
    };
    let Type::ClassObject(class) = crate::semantic::definition_type(db, file, class_def) else {
        return;
    };
    if crate::abstract_class::is_protocol_class(db, class.class(db)) {
        let name = class.class(db).name(db);
        inferrer.report(
            stmt.target.range(),
            crate::rules::INVALID_PROTOCOL.code,
            format!(
                "Protocol `{name}` cannot declare attribute `{}` through `{}` in a method: declare it in the class body",
                attr.attr, receiver.id
            ),
        );
    }
}

/// `isinstance(x, P)` / `issubclass(c, P)` with a protocol `P`: it must be
/// `@runtime_checkable`; `issubclass` needs a protocol of methods only; and
/// a value whose class has every member *name* of `P` but does not fit it
/// would pass the runtime check unsoundly.
pub(crate) fn check_isinstance_call<'db>(
    inferrer: &mut crate::infer::expr::ExprInferrer<'db>,
    call: &gradus_syntax::ast::ExprCall,
) {
    use gradus_syntax::ast::{Expr, Ranged};
    let db = inferrer.db;
    let Expr::Name(func) = call.func.as_ref() else {
        return;
    };
    let is_subclass = match func.id.as_str() {
        "isinstance" => false,
        "issubclass" => true,
        _ => return,
    };
    let [value, classes] = call.args.as_slice() else {
        return;
    };
    match inferrer.infer_expr(&call.func) {
        Type::Function(f)
            if gradus_resolve::file_to_module(db, f.file(db))
                .is_some_and(|m| m.name == "builtins") => {}
        _ => return,
    }
    let mut protocols = Vec::new();
    match inferrer.infer_expr(classes) {
        Type::ClassObject(c) => protocols.push(c),
        Type::Tuple(t) => protocols.extend(t.elements(db).iter().filter_map(|e| match e {
            Type::ClassObject(c) => Some(*c),
            _ => None,
        })),
        _ => return,
    }
    protocols.retain(|c| crate::abstract_class::is_protocol_class(db, c.class(db)));
    if protocols.is_empty() {
        return;
    }
    let checked = match inferrer.infer_expr(value) {
        Type::ClassObject(c) if is_subclass => Some(c),
        Type::Instance(c) if !is_subclass => Some(c),
        _ => None,
    };
    let function = func.id.as_str();
    for protocol in protocols {
        let literal = protocol.class(db);
        let name = literal.name(db);
        let message = if !is_runtime_checkable(db, literal) {
            format!("`{name}` is not `@runtime_checkable`: `{function}` with it raises `TypeError`")
        } else if is_subclass && has_data_members(db, literal) {
            format!("`{name}` has members that are not methods: `issubclass` accepts only protocols of methods")
        } else if let Some(reason) = checked.and_then(|c| unsafe_overlap(db, c, literal)) {
            let shown = checked
                .map(|c| c.class(db).name(db).clone())
                .unwrap_or_default();
            format!("`{function}` with `{name}` is unsafe for `{shown}`: it has every member of the protocol, but {reason}")
        } else {
            continue;
        };
        inferrer.report(
            classes.range(),
            crate::rules::INVALID_PROTOCOL_CHECK.code,
            message,
        );
    }
}

/// Whether the `class` statement is decorated `@runtime_checkable` (or its
/// old name `@runtime`).
fn is_runtime_checkable(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    crate::class::class_stmt(db, class).is_none_or(|stmt| {
        stmt.decorator_list.iter().any(|d| {
            matches!(
                crate::infer::function::decorator_name(d),
                Some("runtime_checkable" | "runtime")
            )
        })
    })
}

/// Whether the protocol has a member that is not a method.
fn has_data_members(db: &dyn Db, protocol: ClassLiteral<'_>) -> bool {
    protocol_member_names(db, protocol).iter().any(|name| {
        !matches!(
            class_member(db, protocol, name),
            MemberLookup::Found { ty: Type::Function(f), .. } if f.method_kind(db) != MethodKind::Property
        )
    })
}

/// The mismatch of a class that has every member name of `protocol` (so
/// the runtime check passes) but does not fit it; `None` otherwise.
fn unsafe_overlap<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    protocol: ClassLiteral<'db>,
) -> Option<String> {
    if crate::class::class_mro(db, class.class(db)).has_dynamic
        || !crate::infer::generics::class_type_params(db, protocol).is_empty()
    {
        return None;
    }
    let all_names_present = protocol_member_names(db, protocol).iter().all(|name| {
        !matches!(
            class_member(db, class.class(db), name),
            MemberLookup::NotFound
        )
    });
    if !all_names_present {
        return None;
    }
    instance_protocol_mismatch(db, class, ClassType::new(db, protocol, Vec::new())).clone()
}
