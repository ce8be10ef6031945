//! Assignability with gradual rules: `Any`/`Unknown` are assignable both
//! ways; otherwise nominal subclassing, unions, literals and their classes,
//! tuples (fixed prefix and suffix paired element by element, the rest
//! against the unbounded part; `tuple[Any, ...]` compatible both ways),
//! `None`, the numeric promotions and invariant generics.
//!
//! ```python
//! x: float = 1          # ok: int is promoted to float
//! y: list[float] = z    # error if z: list[int] (list is invariant)
//! ```

use gradus_db::Db;
use gradus_types::{ClassType, KnownClass, Signature, Type, TypeVarKind};

use crate::class::{class_mro, is_subclass};
use crate::semantic::known_class;

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_RELATION_DEPTH;

/// Whether a value of type `from` may be assigned to a target of type `to`.
pub fn is_assignable<'db>(db: &'db dyn Db, from: Type<'db>, to: Type<'db>) -> bool {
    assignable(db, from, to, 0)
}

/// [`is_assignable`] at a nesting depth (for relations computed elsewhere,
/// such as typed dicts', that recurse).
pub(crate) fn assignable_at<'db>(
    db: &'db dyn Db,
    from: Type<'db>,
    to: Type<'db>,
    depth: usize,
) -> bool {
    assignable(db, from, to, depth)
}

/// Whether the tuple `a` is assignable to the tuple `b`: the prefixes and
/// suffixes pair up element by element and everything else of `a` meets
/// `b`'s unbounded part.
///
/// ```python
/// t1: tuple[int, *tuple[str, ...]] = (1, "a", "b")    # ok
/// t2: tuple[int, str] = t1                            # error: may be longer
/// t3: tuple[int, ...] = cast(tuple[Any, ...], t1)     # ok both ways
/// ```
fn tuple_assignable<'db>(
    db: &'db dyn Db,
    a: gradus_types::TupleType<'db>,
    b: gradus_types::TupleType<'db>,
    depth: usize,
) -> bool {
    let ok = |x: Type<'db>, y: Type<'db>| assignable(db, x, y, depth + 1);
    let (ea, eb) = (a.elements(db), b.elements(db));
    // `tuple[Any, ...]` is compatible with every tuple, both ways.
    if a.is_homogeneous(db) && ea[0].is_dynamic() {
        return true;
    }
    match (a.variadic_element(db), b.variadic_element(db)) {
        (None, None) => {
            // Unknown elements come from forms not modelled (an unsolved
            // `*Ts`): lengths are not compared then.
            (ea.len() != eb.len() && eb.iter().chain(ea).any(|t| t.is_unknown()))
                || (ea.len() == eb.len() && ea.iter().zip(eb).all(|(&x, &y)| ok(x, y)))
        }
        (None, Some(bv)) => {
            let (bp, bs) = (b.prefix(db), b.suffix(db));
            ea.len() >= bp.len() + bs.len()
                && ea.iter().zip(bp).all(|(&x, &y)| ok(x, y))
                && ea[ea.len() - bs.len()..]
                    .iter()
                    .zip(bs)
                    .all(|(&x, &y)| ok(x, y))
                && ea[bp.len()..ea.len() - bs.len()].iter().all(|&x| ok(x, bv))
        }
        (Some(av), None) => {
            // Only a gradual unbounded part (`*tuple[Any, ...]`) may be
            // of the one length `b` has.
            let (ap, asuf) = (a.prefix(db), a.suffix(db));
            av.is_dynamic()
                && eb.len() >= ap.len() + asuf.len()
                && ap.iter().zip(eb).all(|(&x, &y)| ok(x, y))
                && asuf
                    .iter()
                    .zip(&eb[eb.len() - asuf.len()..])
                    .all(|(&x, &y)| ok(x, y))
        }
        (Some(av), Some(bv)) => {
            let (ap, asuf) = (a.prefix(db), a.suffix(db));
            let (bp, bs) = (b.prefix(db), b.suffix(db));
            // `a` must fix at least the elements `b` fixes, unless its
            // unbounded part is gradual.
            if !av.is_dynamic() && (ap.len() < bp.len() || asuf.len() < bs.len()) {
                return false;
            }
            let front = ap.len().min(bp.len());
            let back = asuf.len().min(bs.len());
            ap[..front].iter().zip(bp).all(|(&x, &y)| ok(x, y))
                && asuf[asuf.len() - back..]
                    .iter()
                    .zip(&bs[bs.len() - back..])
                    .all(|(&x, &y)| ok(x, y))
                && ap[front..]
                    .iter()
                    .chain(std::iter::once(&av))
                    .chain(&asuf[..asuf.len() - back])
                    .all(|&x| ok(x, bv))
        }
    }
}

/// The class a literal or special value is an instance of.
fn fallback_instance<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Type<'db>> {
    if let Type::EnumLiteral(e) = ty {
        return Some(Type::Instance(e.class(db)));
    }
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
    let class = known_class(db, known)?;
    // A tuple is a `tuple[T]` of the union of its elements.
    if let Type::Tuple(t) = ty {
        let elem = gradus_types::union(db, t.elements(db).iter().copied());
        return Some(Type::Instance(ClassType::new(
            db,
            class.class(db),
            vec![elem],
        )));
    }
    Some(Type::Instance(class))
}

fn assignable<'db>(db: &'db dyn Db, from: Type<'db>, to: Type<'db>, depth: usize) -> bool {
    if depth > MAX_RELATION_DEPTH || from == to {
        return true;
    }
    match (from, to) {
        (Type::Dynamic(_), _) | (_, Type::Dynamic(_)) => true,
        (Type::Never, _) => true,
        // A `NewType` object is not a class: an instance of `typing.NewType`.
        (Type::ClassObject(c), _) if crate::newtype::is_newtype(db, c.class(db)) => {
            match crate::newtype::newtype_object_type(db) {
                Some(object) => assignable(db, object, to, depth + 1),
                None => true,
            }
        }
        // Nothing but `Never` is assignable to `Never`, a type variable
        // included (it may stand for any type).
        (Type::TypeVar(_), Type::Never) => false,
        (Type::Union(u), _) => u
            .elements(db)
            .iter()
            .all(|&e| assignable(db, e, to, depth + 1)),
        (_, Type::Union(u))
            if u.elements(db)
                .iter()
                .any(|&e| assignable(db, from, e, depth + 1)) =>
        {
            true
        }
        // ParamSpecs and TypeVarTuples are compared leniently (their
        // values are parameter lists and type sequences, not types).
        (Type::TypeVar(a), _) | (_, Type::TypeVar(a))
            if matches!(
                a.kind(db),
                TypeVarKind::ParamSpec | TypeVarKind::TypeVarTuple
            ) =>
        {
            true
        }
        // A type variable in scope is rigid: it may stand for any type
        // within its bound or constraints, so it is assignable to what all
        // of those are assignable to, and only itself (or `Never`, `Any`)
        // is assignable to it.
        (Type::TypeVar(a), _) => {
            let constraints = a.constraints(db);
            if !constraints.is_empty() {
                constraints
                    .iter()
                    .all(|&c| assignable(db, c, to, depth + 1))
            } else {
                let upper = a
                    .bound(db)
                    .unwrap_or_else(|| crate::semantic::known_instance(db, KnownClass::Object));
                assignable(db, upper, to, depth + 1)
            }
        }
        (Type::SubclassOfTypeVar(a), Type::SubclassOfTypeVar(b)) => {
            assignable(db, Type::TypeVar(a), Type::TypeVar(b), depth + 1)
        }
        (Type::SubclassOfTypeVar(a), _) => {
            let upper = match a.bound(db) {
                Some(Type::Instance(c)) => Type::SubclassOf(c),
                _ => crate::semantic::known_instance(db, KnownClass::Type),
            };
            assignable(db, upper, to, depth + 1)
        }
        // `type` is `type[Any]`.
        (Type::Instance(c), Type::SubclassOfTypeVar(_))
            if c.is_known(db, KnownClass::Type) && c.args(db).iter().all(|a| a.is_dynamic()) =>
        {
            true
        }
        (_, Type::TypeVar(_) | Type::SubclassOfTypeVar(_)) => false,
        // An enum is the union of its members: `Color` is assignable to
        // `Literal[Color.RED, Color.GREEN]` when those are all its members.
        (Type::Instance(c), Type::Union(u))
            if crate::class::is_enum_class(db, c.class(db))
                && !crate::class::is_flag_enum(db, c.class(db)) =>
        {
            let members = crate::class::enum_member_names(db, c.class(db));
            !members.is_empty()
                && members.iter().all(|m| {
                    u.elements(db).iter().any(|e| {
                        matches!(e, Type::EnumLiteral(l) if l.class(db) == c && l.name(db) == m)
                    })
                })
        }
        (_, Type::Union(_)) => false,
        (_, Type::Instance(c)) if c.is_known(db, KnownClass::Object) => true,
        // `Annotated[int, ""]` or `Callable` as a value is no class (see
        // `crate::qualifiers`).
        (Type::SpecialForm(form), _)
            if form.is_not_a_class() && crate::qualifiers::is_class_object_target(db, to) =>
        {
            false
        }
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
            | Type::BytesLiteral(_)
            | Type::EnumLiteral(_),
            _,
        ) if !matches!(to, Type::Instance(_)) => false,
        (Type::Tuple(a), Type::Tuple(b)) => tuple_assignable(db, a, b, depth),
        // `tuple[int]` as a class instance is the homogeneous `tuple[int, ...]`.
        (Type::Instance(c), Type::Tuple(_))
            if c.is_known(db, KnownClass::Tuple) && c.args(db).len() == 1 =>
        {
            let homogeneous =
                Type::Tuple(gradus_types::TupleType::homogeneous_of(db, c.args(db)[0]));
            assignable(db, homogeneous, to, depth + 1)
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
        // `type` (= `type[Any]`) is any class.
        (Type::Instance(c), Type::SubclassOf(_) | Type::ClassObject(_) | Type::Callable(_))
            if c.is_known(db, KnownClass::Type) && c.args(db).is_empty() =>
        {
            true
        }
        // `type[Proto]` holds only concrete classes, never a protocol class.
        (Type::ClassObject(a), Type::SubclassOf(b))
            if crate::abstract_class::is_protocol_class(db, a.class(db))
                && crate::abstract_class::is_protocol_class(db, b.class(db)) =>
        {
            false
        }
        (Type::ClassObject(a) | Type::SubclassOf(a), Type::SubclassOf(b)) => {
            is_subclass(db, a.class(db), b.class(db))
                || class_mro(db, a.class(db)).has_dynamic
                || matches!(structural_kind(db, b), Structural::Protocol)
        }
        (Type::ClassObject(a) | Type::SubclassOf(a), Type::ClassObject(b)) => {
            a.class(db) == b.class(db)
        }
        // A named tuple is the tuple of its fields.
        (Type::Instance(a), Type::Tuple(_)) if crate::namedtuple::tuple_view(db, a).is_some() => {
            let view = crate::namedtuple::tuple_view(db, a).unwrap_or(Type::UNKNOWN);
            assignable(db, view, to, depth + 1)
        }
        // `class TokenType(tuple)`: a tuple of unknown length, its elements
        // from the `tuple[...]` base (`Unknown` for a bare `tuple`).
        (Type::Instance(a), Type::Tuple(_)) if inherits_tuple(db, a) => {
            let element = tuple_base_element(db, a);
            let homogeneous = Type::Tuple(gradus_types::TupleType::homogeneous_of(db, element));
            assignable(db, homogeneous, to, depth + 1)
        }
        (Type::Instance(a), Type::Instance(b)) => {
            crate::typeddict::relation::instance_assignable(db, a, b, depth)
                .unwrap_or_else(|| instance_assignable(db, a, b, depth))
        }
        // A class with a base that is not statically known (or a named tuple,
        // a decorated class) may be a subclass of anything.
        (Type::Instance(a), _) if class_mro(db, a.class(db)).has_dynamic => true,
        // Class objects and modules against protocols: structurally.
        (Type::ClassObject(_) | Type::SubclassOf(_) | Type::Module(_), Type::Instance(c))
            if matches!(structural_kind(db, c), Structural::Protocol) =>
        {
            crate::protocol::protocol_mismatch(db, from, c).is_none()
        }

        (Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_), Type::Callable(c)) => {
            callable_assignable(db, from, c.signature(db), depth)
        }
        // An instance is callable through its class's `__call__`.
        (Type::Instance(a), Type::Callable(c)) => {
            match crate::class::class_member(db, a.class(db), "__call__") {
                crate::class::MemberLookup::NotFound => false,
                crate::class::MemberLookup::Found {
                    ty: Type::Function(f),
                    ..
                } if f.method_kind(db) == gradus_types::MethodKind::Plain => {
                    let bound = Type::BoundMethod(gradus_types::BoundMethodType::new(db, from, f));
                    callable_assignable(db, bound, c.signature(db), depth)
                }
                _ => true,
            }
        }
        // Literals and `None` are instances of classes without `__call__`.
        (
            Type::IntLiteral(_)
            | Type::BoolLiteral(_)
            | Type::StrLiteral(_)
            | Type::BytesLiteral(_)
            | Type::LiteralString
            | Type::EnumLiteral(_)
            | Type::Tuple(_),
            Type::Callable(_),
        ) => match fallback_instance(db, from) {
            Some(instance) => assignable(db, instance, to, depth + 1),
            None => true,
        },
        // A class object is its constructor (its own type parameters, free
        // in that signature, are compared as `Unknown`). A target mentioning
        // type variables (unsolved in a call's parameter) is not compared.
        (Type::ClassObject(class), Type::Callable(c)) => {
            if crate::infer::generics::contains_type_vars(db, to) {
                return true;
            }
            match crate::infer::constructor::erased_callable_signatures(db, class) {
                Some(signatures) => signatures
                    .iter()
                    .any(|sig| signature_assignable(db, sig, c.signature(db), depth)),
                None => true,
            }
        }
        // Callables against a protocol: its `__call__` (and any other
        // members, which functions have only as `function` attributes).
        (Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_), Type::Instance(c))
            if matches!(structural_kind(db, c), Structural::Protocol) =>
        {
            crate::protocol::protocol_mismatch(db, from, c).is_none()
        }
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

/// Whether instances of `class` are tuples (a subclass of `tuple` other
/// than `tuple` itself).
fn inherits_tuple<'db>(db: &'db dyn Db, class: ClassType<'db>) -> bool {
    let Some(tuple) = known_class(db, KnownClass::Tuple) else {
        return false;
    };
    class.class(db) != tuple.class(db) && is_subclass(db, class.class(db), tuple.class(db))
}

/// The element type of the `tuple[T, ...]` that `class` derives from.
fn tuple_base_element<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Type<'db> {
    let Some(tuple) = known_class(db, KnownClass::Tuple) else {
        return Type::UNKNOWN;
    };
    let params = crate::infer::generics::class_type_params(db, tuple.class(db));
    let Some(&param) = params.first() else {
        return Type::UNKNOWN;
    };
    let subst = crate::infer::generics::class_substitution(db, class);
    match crate::infer::generics::substitute(db, Type::TypeVar(param), &subst) {
        Type::TypeVar(t) if t == param => Type::UNKNOWN,
        element => element,
    }
}

/// Whether type argument `x` fits `y` for a parameter of `kind` with
/// `variance`. A ParamSpec's argument is a parameter list, held as a
/// callable whose parameters are contravariant: the direction flips.
fn argument_assignable<'db>(
    db: &'db dyn Db,
    kind: Option<gradus_types::TypeVarKind>,
    variance: gradus_types::Variance,
    x: Type<'db>,
    y: Type<'db>,
    depth: usize,
) -> bool {
    use gradus_types::Variance;
    let variance = match (kind, variance) {
        (Some(gradus_types::TypeVarKind::ParamSpec), Variance::Covariant) => {
            Variance::Contravariant
        }
        (Some(gradus_types::TypeVarKind::ParamSpec), Variance::Contravariant) => {
            Variance::Covariant
        }
        (_, v) => v,
    };
    match variance {
        Variance::Invariant => assignable(db, x, y, depth + 1) && assignable(db, y, x, depth + 1),
        Variance::Covariant => assignable(db, x, y, depth + 1),
        Variance::Contravariant => assignable(db, y, x, depth + 1),
        Variance::Inferred => assignable(db, x, y, depth + 1) || assignable(db, y, x, depth + 1),
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
        if aa.is_empty() || ab.is_empty() {
            return true;
        }
        let params = crate::infer::generics::class_type_params(db, ca);
        // A TypeVarTuple's arguments are compared as one tuple
        // (`Array[int, str]` is not an `Array[int]`).
        if params
            .iter()
            .any(|p| p.kind(db) == gradus_types::TypeVarKind::TypeVarTuple)
        {
            let pa = crate::infer::generics::pair_params_with_args(db, params, aa);
            let pb = crate::infer::generics::pair_params_with_args(db, params, ab);
            if pa.len() != params.len() || pb.len() != params.len() {
                return true;
            }
            return pa
                .iter()
                .zip(&pb)
                .enumerate()
                .all(|(i, (&(p, x), &(_, y)))| {
                    let variance = crate::variance::param_variance(db, ca, i);
                    argument_assignable(db, Some(p.kind(db)), variance, x, y, depth)
                });
        }
        if aa.len() != ab.len() {
            return true;
        }
        // Each argument by the variance of its type parameter.
        return aa.iter().zip(ab).enumerate().all(|(i, (&x, &y))| {
            // Declared, or inferred from use (PEP 695 parameters and
            // `infer_variance=True`); `Inferred` only when unknowable.
            let variance = if i < params.len() {
                crate::variance::param_variance(db, ca, i)
            } else {
                gradus_types::Variance::Covariant
            };
            argument_assignable(db, params.get(i).map(|p| p.kind(db)), variance, x, y, depth)
        });
    }
    let mro = class_mro(db, ca);
    if mro.classes.contains(&cb) {
        // Upcast: see `a` as the ancestor `b` (`list[int]` as
        // `Sequence[int]`), following the arguments each base passes on,
        // then compare as two specializations of `b`.
        let ab = b.args(db);
        if ab.is_empty() {
            return true;
        }
        return match crate::generic_checks::specialize_ancestor(db, a, cb) {
            Some(args) if args.len() == ab.len() => {
                let upcast = ClassType::new(db, cb, args);
                instance_assignable(db, upcast, b, depth + 1)
            }
            _ => true,
        };
    }
    if mro.has_dynamic {
        return true;
    }
    // Protocols: every member the protocol declares must exist on `a`
    // (member types are compared with the protocols work). Typed dicts and
    // named tuples are not checked structurally yet.
    match structural_kind(db, b) {
        Structural::Protocol => crate::protocol::instance_protocol_mismatch(db, a, b).is_none(),
        Structural::Lenient => true,
        Structural::No => false,
    }
}

enum Structural {
    Protocol,
    Lenient,
    No,
}

fn structural_kind(db: &dyn Db, class: ClassType<'_>) -> Structural {
    use crate::class::Base;
    use gradus_types::SpecialForm;
    let bases = crate::class::class_bases(db, class.class(db));
    if bases
        .iter()
        .any(|b| matches!(b, Base::Special(SpecialForm::Protocol)))
    {
        return Structural::Protocol;
    }
    if is_protocol_like(db, class) {
        return Structural::Lenient;
    }
    Structural::No
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

/// Whether `a` and `b` are the same type, up to the order of union
/// members (`int | str` is `str | int`), also inside type arguments and
/// tuples. `assert_type` compares with this; `Any` is equivalent only to
/// `Any`.
pub fn is_equivalent<'db>(db: &'db dyn Db, a: Type<'db>, b: Type<'db>) -> bool {
    equivalent(db, a, b, 0)
}

fn equivalent<'db>(db: &'db dyn Db, a: Type<'db>, b: Type<'db>, depth: usize) -> bool {
    if a == b {
        return true;
    }
    if depth > MAX_RELATION_DEPTH {
        return false;
    }
    let all = |x: &[Type<'db>], y: &[Type<'db>]| {
        x.len() == y.len()
            && x.iter()
                .zip(y)
                .all(|(&p, &q)| equivalent(db, p, q, depth + 1))
    };
    // An enum (not a `Flag`) is the union of its members.
    let expand = |t: Type<'db>| match t {
        Type::Instance(c)
            if crate::class::is_enum_class(db, c.class(db))
                && !crate::class::is_flag_enum(db, c.class(db)) =>
        {
            let names = crate::class::enum_member_names(db, c.class(db));
            (!names.is_empty()).then(|| {
                gradus_types::union(
                    db,
                    names.iter().map(|n| {
                        Type::EnumLiteral(gradus_types::EnumLiteralType::new(db, c, n.clone()))
                    }),
                )
            })
        }
        _ => None,
    };
    if matches!(b, Type::Union(_)) {
        if let Some(expanded) = expand(a) {
            return equivalent(db, expanded, b, depth + 1);
        }
    }
    if matches!(a, Type::Union(_)) {
        if let Some(expanded) = expand(b) {
            return equivalent(db, a, expanded, depth + 1);
        }
    }
    match (a, b) {
        (Type::Union(x), Type::Union(y)) => {
            let (x, y) = (x.elements(db), y.elements(db));
            x.len() == y.len()
                && x.iter()
                    .all(|&p| y.iter().any(|&q| equivalent(db, p, q, depth + 1)))
                && y.iter()
                    .all(|&q| x.iter().any(|&p| equivalent(db, p, q, depth + 1)))
        }
        (Type::Instance(x), Type::Instance(y))
        | (Type::SubclassOf(x), Type::SubclassOf(y))
        | (Type::ClassObject(x), Type::ClassObject(y)) => {
            x.class(db) == y.class(db) && all(x.args(db), y.args(db))
        }
        (Type::Tuple(x), Type::Tuple(y)) => {
            x.variadic(db) == y.variadic(db) && all(x.elements(db), y.elements(db))
        }
        (Type::Callable(x), Type::Callable(y)) => {
            let (x, y) = (x.signature(db), y.signature(db));
            x.gradual == y.gradual
                && equivalent(db, x.return_type, y.return_type, depth + 1)
                && x.parameters.len() == y.parameters.len()
                && x.parameters.iter().zip(&y.parameters).all(|(p, q)| {
                    // Names of positional-only parameters do not matter.
                    p.kind == q.kind
                        && (p.name == q.name
                            || p.kind == gradus_types::ParameterKind::PositionalOnly)
                        && p.has_default == q.has_default
                        && equivalent(db, p.ty, q.ty, depth + 1)
                })
        }
        _ => false,
    }
}

/// The signatures a callable value can be called with (several for an
/// overloaded function), `self` bound for methods; `None` when unknown.
fn callable_signatures<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Vec<Signature<'db>>> {
    crate::protocol::bound_signatures(db, ty)
}

/// Whether a callable value fits `Callable[...]` with signature `to`:
/// returns covariantly, parameters contravariantly, and every way `to` may
/// be called (positional arguments, keywords, `*args`, `**kwargs`) is
/// accepted. Gradual signatures (`...`) accept any parameters.
fn callable_assignable<'db>(
    db: &'db dyn Db,
    from: Type<'db>,
    to: &Signature<'db>,
    depth: usize,
) -> bool {
    let Some(signatures) = callable_signatures(db, from) else {
        return true;
    };
    signatures
        .iter()
        .any(|sig| signature_assignable(db, sig, to, depth))
}

/// Whether a callable with signature `from` can stand where one with
/// signature `to` is expected (see [`callable_assignable`]).
pub fn is_signature_assignable<'db>(
    db: &'db dyn Db,
    from: &Signature<'db>,
    to: &Signature<'db>,
) -> bool {
    signature_assignable(db, from, to, 0)
}

/// Whether a callable with signature `from` may be used where one with
/// signature `to` is expected.
pub fn signature_is_assignable<'db>(
    db: &'db dyn Db,
    from: &Signature<'db>,
    to: &Signature<'db>,
) -> bool {
    signature_assignable(db, from, to, 0)
}

fn signature_assignable<'db>(
    db: &'db dyn Db,
    from: &Signature<'db>,
    to: &Signature<'db>,
    depth: usize,
) -> bool {
    use gradus_types::ParameterKind as K;
    if !assignable(db, from.return_type, to.return_type, depth + 1) {
        return false;
    }
    if from.gradual || to.gradual {
        return true;
    }
    let positional = |p: &gradus_types::Parameter<'db>| {
        matches!(p.kind, K::PositionalOnly | K::PositionalOrKeyword)
    };
    let from_positional: Vec<_> = from.parameters.iter().filter(|p| positional(p)).collect();
    let from_var_positional = from.parameters.iter().find(|p| p.kind == K::VarPositional);
    let from_var_keyword = from.parameters.iter().find(|p| p.kind == K::VarKeyword);
    let mut used = vec![false; from.parameters.len()];
    let index_of = |p: &gradus_types::Parameter<'db>| {
        from.parameters
            .iter()
            .position(|q| std::ptr::eq(q, p))
            .unwrap_or(usize::MAX)
    };
    // `(a: int, *args: Any, **kwargs: Any)` accepts any further arguments
    // (like `Concatenate[int, ...]`): only the listed parameters matter.
    let to_open = to
        .parameters
        .iter()
        .any(|p| p.kind == K::VarPositional && p.ty.is_dynamic())
        && to
            .parameters
            .iter()
            .any(|p| p.kind == K::VarKeyword && p.ty.is_dynamic());
    let mut position = 0;
    for param in &to.parameters {
        if to_open && matches!(param.kind, K::VarPositional | K::VarKeyword) {
            continue;
        }
        match param.kind {
            K::PositionalOnly | K::PositionalOrKeyword => {
                let target = match from_positional.get(position) {
                    Some(p) => {
                        used[index_of(p)] = true;
                        // A parameter `to` lets callers pass by keyword must
                        // be passable by the same keyword.
                        if param.kind == K::PositionalOrKeyword
                            && param.name.is_some()
                            && (p.kind != K::PositionalOrKeyword || p.name != param.name)
                        {
                            return false;
                        }
                        // Callers may leave out a parameter with a default.
                        if param.has_default && !p.has_default {
                            return false;
                        }
                        Some(p.ty)
                    }
                    // `*args` takes it by position; by keyword it needs
                    // `**kwargs`.
                    None if param.kind == K::PositionalOrKeyword
                        && param.name.is_some()
                        && from_var_keyword.is_none() =>
                    {
                        return false;
                    }
                    None => from_var_positional.map(|p| p.ty),
                };
                position += 1;
                match target {
                    Some(t) if assignable(db, param.ty, t, depth + 1) => {}
                    _ => return false,
                }
            }
            K::VarPositional => {
                // Any number of extra positional arguments.
                for p in from_positional.iter().skip(position) {
                    used[index_of(p)] = true;
                    if !assignable(db, param.ty, p.ty, depth + 1) {
                        return false;
                    }
                }
                match from_var_positional {
                    Some(p) if assignable(db, param.ty, p.ty, depth + 1) => {}
                    _ => return false,
                }
            }
            K::KeywordOnly => {
                let by_name = from.parameters.iter().find(|p| {
                    matches!(p.kind, K::PositionalOrKeyword | K::KeywordOnly)
                        && p.name == param.name
                });
                let target = match by_name {
                    Some(p) => {
                        used[index_of(p)] = true;
                        Some(p.ty)
                    }
                    None => from_var_keyword.map(|p| p.ty),
                };
                match target {
                    Some(t) if assignable(db, param.ty, t, depth + 1) => {}
                    _ => return false,
                }
            }
            K::VarKeyword => match from_var_keyword {
                Some(p) if assignable(db, param.ty, p.ty, depth + 1) => {}
                _ => return false,
            },
        }
    }
    // Whatever `from` still requires must have a default.
    to_open
        || from.parameters.iter().enumerate().all(|(i, p)| {
            used[i] || p.has_default || matches!(p.kind, K::VarPositional | K::VarKeyword)
        })
}

/// Why `from` is not assignable to `to`, when a short reason helps the
/// reader: the first protocol member that is missing or does not fit, or a
/// protocol class given where `type[Proto]` wants a concrete class.
/// Called only after the relation has failed.
pub fn mismatch_reason<'db>(db: &'db dyn Db, from: Type<'db>, to: Type<'db>) -> Option<String> {
    match (from, to) {
        (Type::ClassObject(a), Type::SubclassOf(_))
            if crate::abstract_class::is_protocol_class(db, a.class(db)) =>
        {
            Some(format!(
                "`{}` is a protocol class, and `type[...]` of a protocol accepts only concrete classes",
                a.class(db).name(db)
            ))
        }
        (Type::Instance(a), Type::Instance(c))
            if matches!(structural_kind(db, c), Structural::Protocol) =>
        {
            crate::protocol::instance_protocol_mismatch(db, a, c).clone()
        }
        (
            Type::ClassObject(_)
            | Type::SubclassOf(_)
            | Type::Module(_)
            | Type::Function(_)
            | Type::BoundMethod(_)
            | Type::Callable(_),
            Type::Instance(c),
        ) if matches!(structural_kind(db, c), Structural::Protocol) => {
            crate::protocol::protocol_mismatch(db, from, c)
        }
        _ => None,
    }
}
