//! Constructors: evaluating a call of a class object (`C(...)`) by the
//! typing spec's rules, and converting a class object to a callable type.
//!
//! A call runs, in order: the metaclass `__call__` when it is annotated to
//! return something other than an instance (then it alone decides the
//! result); `__new__` unless it is `object`'s (a result that is not wholly
//! an instance of the class — `int`, `Any`, `Never`, a union with another
//! type — is the call's, and `__init__` is skipped); `__init__` unless it
//! is `object`'s (both `object`'s: `object.__init__`, no arguments). An
//! annotated receiver (`self: "C[int]"`, `cls: "type[C[int]]"`) must fit
//! an explicitly specialized class and otherwise is what the call
//! constructs; the class's type parameters are solved across the steps,
//! unsolved ones take their defaults.
//!
//! ```python
//! class C(Generic[T]):
//!     def __init__(self: "C[int]") -> None: ...
//! C()          # C[int]
//! C[str]()     # error[invalid-argument-type]: `C[str]` is not assignable to the receiver annotation `C[int]`
//!
//! class N:
//!     def __new__(cls) -> int: ...
//!     def __init__(self, x: int) -> None: ...   # not called
//! N()          # int
//! ```
//!
//! As a callable (`Callable[P, R]` solved from a class, or assigned to a
//! `Callable`), a class is the same steps' signatures: [`callable_signatures`].

use gradus_db::Db;
use gradus_syntax::ast::{self, Ranged};
use gradus_syntax::TextRange;
use gradus_types::{
    BoundMethodType, ClassLiteral, ClassType, FunctionLiteral, KnownClass, ParameterKind,
    Signature, SpecialForm, Type, TypeVarType,
};
use rustc_hash::FxHashMap;

use super::call::{bind_arguments, solve_into, solve_variadic, Arg};
use super::expr::ExprInferrer;
use super::generics::{
    add_self_substitution, class_substitution, class_type_params, signature_types, substitute,
    substitute_signature, Substitution,
};
use crate::class::{class_member, class_mro, is_subclass, MemberLookup};
use crate::relation::is_assignable;
use crate::rules::{INVALID_ARGUMENT_TYPE, INVALID_SELF_ANNOTATION};

/// One step of a constructor call (`__new__` or `__init__`): the method's
/// signatures with the receiver bound and, as the return type, what the
/// step constructs; beside each, the receiver annotation when it names the
/// class (`self: "C[int]"`, `cls: "type[C[int]]"`).
type StepSignatures<'db> = Vec<(Signature<'db>, Option<Type<'db>>)>;

/// How a class gets `__new__` or `__init__`.
enum Method<'db> {
    /// From `object` (or not at all): the step is skipped.
    Object,
    /// A `def` (possibly overloaded) on the class or a base.
    Function(FunctionLiteral<'db>),
    /// Something we do not model (a callable attribute, a dynamic base).
    Other,
}

fn lookup_method<'db>(db: &'db dyn Db, literal: ClassLiteral<'db>, name: &str) -> Method<'db> {
    let object = crate::semantic::known_class(db, KnownClass::Object).map(|c| c.class(db));
    match class_member(db, literal, name) {
        MemberLookup::NotFound => Method::Object,
        MemberLookup::Found { owner, .. } if Some(owner) == object => Method::Object,
        MemberLookup::Found {
            ty: Type::Function(f),
            ..
        } => Method::Function(f),
        _ => Method::Other,
    }
}

/// The signatures of `__new__` (`is_new`) or `__init__` for constructing
/// `instance_class`: the receiver bound, class parameters specialized by its
/// arguments, `Self` replaced by it, and as return type what the step
/// constructs: `__new__`'s declared return type (`Self` when unannotated),
/// `__init__`'s `self` annotation when it names the class, else the
/// instance.
fn method_signatures<'db>(
    db: &'db dyn Db,
    f: FunctionLiteral<'db>,
    instance_class: ClassType<'db>,
    is_new: bool,
) -> StepSignatures<'db> {
    let literal = instance_class.class(db);
    let instance = Type::Instance(instance_class);
    let overloaded = !f.overloads(db).is_empty();
    let signatures: Vec<Signature<'db>> = if overloaded {
        f.overloads(db).clone()
    } else {
        vec![super::returns::call_signature(db, f)]
    };
    let subst = class_substitution(db, instance_class);
    signatures
        .iter()
        .map(|sig| {
            let first = sig
                .parameters
                .first()
                .filter(|p| {
                    matches!(
                        p.kind,
                        ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
                    )
                })
                .map(|p| p.ty);
            let annotation = match first {
                Some(Type::SubclassOf(c)) if is_new && c.class(db) == literal => {
                    Some(Type::Instance(c))
                }
                Some(Type::Instance(c)) if !is_new && c.class(db) == literal => {
                    Some(Type::Instance(c))
                }
                _ => None,
            };
            // A receiver typed by a type variable (`cls: type[S]`) is
            // solved from the class.
            let mut bound = if annotation.is_none() {
                super::generics::bind_receiver(db, sig, instance, true)
            } else {
                sig.bind_self()
            };
            bound.return_type = if is_new {
                if !overloaded && f.infers_return(db) {
                    instance
                } else {
                    bound.return_type
                }
            } else {
                annotation.unwrap_or(instance)
            };
            let bound = substitute_signature(db, &bound, &subst, 0);
            let annotation = annotation.map(|a| substitute(db, a, &subst));
            let mut self_subst = Vec::new();
            let mut types = signature_types(&bound);
            types.extend(annotation);
            add_self_substitution(db, &mut self_subst, types, instance);
            if self_subst.is_empty() {
                (bound, annotation)
            } else {
                (
                    substitute_signature(db, &bound, &self_subst, 0),
                    annotation.map(|a| substitute(db, a, &self_subst)),
                )
            }
        })
        .collect()
}

/// The metaclass `__call__` that overrides `type.__call__`, when annotated
/// (an unannotated one is assumed to act like `type.__call__`).
fn metaclass_call<'db>(
    db: &'db dyn Db,
    literal: ClassLiteral<'db>,
) -> Option<FunctionLiteral<'db>> {
    let meta = crate::class::class_metaclass(db, literal)?;
    match class_member(db, meta.class(db), "__call__") {
        MemberLookup::Found {
            ty: Type::Function(f),
            owner,
        } if owner.known(db) != Some(KnownClass::Type)
            && (!f.overloads(db).is_empty() || !f.infers_return(db)) =>
        {
            Some(f)
        }
        _ => None,
    }
}

/// Whether some member of `ty` is an instance of `literal` (or a subclass).
fn mentions_instance<'db>(db: &'db dyn Db, ty: Type<'db>, literal: ClassLiteral<'db>) -> bool {
    ty.union_elements(db)
        .into_iter()
        .any(|e| is_instance_of(db, e, literal))
}

/// Whether every member of `ty` is an instance of `literal` (or a
/// subclass): `__new__` returning anything else skips `__init__`.
fn all_instances<'db>(db: &'db dyn Db, ty: Type<'db>, literal: ClassLiteral<'db>) -> bool {
    !matches!(ty, Type::Never)
        && ty
            .union_elements(db)
            .into_iter()
            .all(|e| is_instance_of(db, e, literal))
}

fn is_instance_of<'db>(db: &'db dyn Db, ty: Type<'db>, literal: ClassLiteral<'db>) -> bool {
    match ty {
        Type::Instance(c) => is_subclass(db, c.class(db), literal),
        Type::TypeVar(tv) => {
            matches!(tv.bound(db), Some(Type::Instance(c)) if is_subclass(db, c.class(db), literal))
        }
        _ => false,
    }
}

/// The class with its own type parameters as arguments (`Box[T]`) unless
/// it is explicitly specialized.
fn unspecialized<'db>(db: &'db dyn Db, class: ClassType<'db>) -> ClassType<'db> {
    let literal = class.class(db);
    let params = class_type_params(db, literal);
    if !class.args(db).is_empty() || params.is_empty() {
        class
    } else {
        ClassType::new(
            db,
            literal,
            params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
        )
    }
}

/// The synthesized constructor of a named tuple (`__new__`) or dataclass
/// (`__init__`), returning the instance; `Self` in a field's type is the
/// constructed class.
fn synthesized_signature<'db>(
    db: &'db dyn Db,
    instance_class: ClassType<'db>,
) -> Option<Signature<'db>> {
    let sig = crate::namedtuple::synthesized_new(db, instance_class)
        .or_else(|| crate::dataclass::synthesized_init(db, instance_class))?;
    let instance = Type::Instance(instance_class);
    let sig = Signature {
        return_type: instance,
        ..sig
    };
    let mut self_subst = Vec::new();
    add_self_substitution(db, &mut self_subst, signature_types(&sig), instance);
    Some(if self_subst.is_empty() {
        sig
    } else {
        substitute_signature(db, &sig, &self_subst, 0)
    })
}

/// The signatures of a class object converted to a callable type (the
/// spec's "converting a constructor to callable"): the overriding
/// metaclass `__call__`, else `__new__` when it returns something other
/// than an instance, else `__init__` (returning the instance), else
/// `__new__`, else `object`'s `() -> C`. The class's own type parameters
/// stay free in the signatures. `None` when unknown (dynamic bases,
/// synthesized or transformed classes).
pub(crate) fn callable_signatures<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
) -> Option<Vec<Signature<'db>>> {
    let literal = class.class(db);
    if crate::typeddict::is_typeddict(db, literal)
        || class_mro(db, literal).has_dynamic
        || crate::newtype::is_newtype(db, literal)
    {
        return None;
    }
    let instance_class = unspecialized(db, class);
    let instance = Type::Instance(instance_class);
    if let Some(sig) = synthesized_signature(db, instance_class) {
        return Some(vec![sig]);
    }
    if has_synthesized_init(db, literal) {
        return None;
    }
    if let Some(call) = metaclass_call(db, literal) {
        let bound = Type::BoundMethod(BoundMethodType::new(db, Type::ClassObject(class), call));
        let signatures = crate::protocol::bound_signatures(db, bound)?;
        if !signatures
            .iter()
            .any(|s| mentions_instance(db, s.return_type, literal))
        {
            return Some(signatures);
        }
    }
    let new = lookup_method(db, literal, "__new__");
    let init = lookup_method(db, literal, "__init__");
    let strip = |steps: StepSignatures<'db>| steps.into_iter().map(|(s, _)| s).collect::<Vec<_>>();
    match (new, init) {
        (Method::Other, _) | (_, Method::Other) => None,
        (Method::Function(n), init) => {
            let steps = method_signatures(db, n, instance_class, true);
            if steps
                .iter()
                .any(|(s, _)| !all_instances(db, s.return_type, literal))
            {
                return Some(strip(steps));
            }
            match init {
                Method::Function(i) => Some(strip(method_signatures(db, i, instance_class, false))),
                _ => Some(strip(steps)),
            }
        }
        (Method::Object, Method::Function(i)) => {
            Some(strip(method_signatures(db, i, instance_class, false)))
        }
        (Method::Object, Method::Object) => Some(vec![Signature {
            parameters: Vec::new(),
            return_type: instance,
            gradual: false,
        }]),
    }
}

/// [`callable_signatures`] with every type variable `Unknown`: for
/// comparing against a `Callable` type, where the class's (and the
/// method's) free variables are not solved.
pub(crate) fn erased_callable_signatures<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
) -> Option<Vec<Signature<'db>>> {
    let signatures = callable_signatures(db, class)?;
    Some(
        signatures
            .iter()
            .map(|sig| {
                let subst: Substitution<'db> = signature_types(sig)
                    .into_iter()
                    .flat_map(|t| super::generics::type_vars_in(db, t))
                    .map(|tv| (tv, Type::UNKNOWN))
                    .collect();
                if subst.is_empty() {
                    sig.clone()
                } else {
                    substitute_signature(db, sig, &subst, 0)
                }
            })
            .collect(),
    )
}

/// The constructor signature of `class` to solve a `Callable` parameter
/// type `target` from: the only one, or of several (overloads) the one
/// that fits `target` with all type variables erased, when just one does.
pub(crate) fn solving_signature<'db>(
    db: &'db dyn Db,
    class: ClassType<'db>,
    target: Type<'db>,
) -> Option<Signature<'db>> {
    let mut signatures = callable_signatures(db, class)?;
    if signatures.len() == 1 {
        return signatures.pop();
    }
    // `Callable[P, R]` (or `...`) would fit any overload: no choice.
    match target {
        Type::Callable(c)
            if !c.signature(db).gradual && c.signature(db).param_spec_tail(db).is_none() => {}
        _ => return None,
    }
    let Type::Callable(erased_target) = super::generics::erase_type_vars(db, target) else {
        return None;
    };
    let erased = erased_callable_signatures(db, class)?;
    let fitting: Vec<usize> = erased
        .iter()
        .enumerate()
        .filter(|(_, sig)| {
            crate::relation::is_signature_assignable(db, sig, erased_target.signature(db))
        })
        .map(|(i, _)| i)
        .collect();
    // Several fit: which one the target means is not known.
    match fitting.as_slice() {
        [index] => signatures.into_iter().nth(*index),
        _ => None,
    }
}

impl<'db> ExprInferrer<'db> {
    /// `C(...)`: evaluates the call as the spec orders it — the metaclass
    /// `__call__` when it overrides `type.__call__`, then `__new__`, then
    /// `__init__` unless `__new__` returned something other than an
    /// instance — and returns what it constructs, the class's type
    /// parameters solved from the arguments (else their defaults).
    pub(crate) fn construct(
        &mut self,
        class: ClassType<'db>,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let db = self.db;
        let literal = class.class(db);
        if literal.known(db) == Some(KnownClass::Type) && args.len() == 1 {
            return Some(match args[0].ty {
                Type::Instance(c) => Type::SubclassOf(c),
                _ => Type::UNKNOWN,
            });
        }
        let params = class_type_params(db, literal);
        let explicit = !class.args(db).is_empty();
        let instance_class = unspecialized(db, class);
        let receiver = Type::Instance(instance_class);
        let mro = class_mro(db, literal);
        if mro.has_dynamic {
            return Some(self.erase_unscoped(receiver, range));
        }
        let name = literal.name(db).clone();
        let mut class_solution: FxHashMap<TypeVarType<'db>, Type<'db>> = FxHashMap::default();
        let result = if let Some(sig) = synthesized_signature(db, instance_class) {
            let steps = vec![(sig, None)];
            self.constructor_step(
                &name,
                steps,
                instance_class,
                explicit,
                params,
                &mut class_solution,
                args,
                range,
                quiet,
            )?
        } else if has_synthesized_init(db, literal) {
            return Some(self.erase_unscoped(receiver, range));
        } else {
            // 1. A metaclass `__call__` that returns something other than an
            // instance overrides `type.__call__`: its result is the call's.
            if let Some(call) = metaclass_call(db, literal) {
                let bound =
                    Type::BoundMethod(BoundMethodType::new(db, Type::ClassObject(class), call));
                match self.call(bound, args, range, true) {
                    Some(ret) if !mentions_instance(db, ret, literal) => return Some(ret),
                    Some(_) => {}
                    None => {
                        if quiet {
                            return None;
                        }
                        let ret = self.call(bound, args, range, false);
                        return match ret {
                            Some(ret) if !mentions_instance(db, ret, literal) => Some(ret),
                            _ => Some(self.erase_unscoped(receiver, range)),
                        };
                    }
                }
            }
            let new = lookup_method(db, literal, "__new__");
            let init = lookup_method(db, literal, "__init__");
            if matches!(new, Method::Other) || matches!(init, Method::Other) {
                return Some(self.erase_unscoped(receiver, range));
            }
            let mut current = instance_class;
            let mut current_explicit = explicit;
            let mut result = receiver;
            // 2. `__new__`: what it returns, and unless that is an instance
            // of the class, the call's result without `__init__`.
            if let Method::Function(f) = new {
                let steps = method_signatures(db, f, instance_class, true);
                let ret = self.constructor_step(
                    &name,
                    steps,
                    instance_class,
                    explicit,
                    params,
                    &mut class_solution,
                    args,
                    range,
                    quiet,
                )?;
                if !all_instances(db, ret, literal) {
                    return Some(self.finish_construction(ret, params, &class_solution, range));
                }
                result = ret;
                if let Type::Instance(c) = ret {
                    if c.class(db) == literal {
                        let partial: Substitution<'db> =
                            class_solution.iter().map(|(&k, &v)| (k, v)).collect();
                        if let Type::Instance(solved) = substitute(db, ret, &partial) {
                            current = solved;
                            current_explicit =
                                explicit || params.iter().all(|p| class_solution.contains_key(p));
                        }
                    }
                }
            }
            // 3. `__init__` (`object`'s when neither is overridden).
            let init_function = match (init, &new) {
                (Method::Function(f), _) => Some(f),
                (_, Method::Object) => match class_member(db, literal, "__init__") {
                    MemberLookup::Found {
                        ty: Type::Function(f),
                        ..
                    } => Some(f),
                    _ => None,
                },
                _ => None,
            };
            if let Some(f) = init_function {
                let steps = method_signatures(db, f, current, false);
                let ret = self.constructor_step(
                    &name,
                    steps,
                    current,
                    current_explicit,
                    params,
                    &mut class_solution,
                    args,
                    range,
                    quiet,
                )?;
                if matches!(result, Type::Instance(c) if c.class(db) == literal) {
                    result = ret;
                }
            }
            result
        };
        Some(self.finish_construction(result, params, &class_solution, range))
    }

    /// `def __init__(self: "C[T2, T1]")` where `T1`, `T2` are type
    /// parameters of the class `C` itself: reported, as the spec asks (the
    /// annotation's purpose, specializing the constructed class, needs the
    /// method's own type variables). A parameter left in its own place
    /// (`self: dict[str, _VT]`, common in stubs) is not reported.
    pub(crate) fn check_init_self_annotation(&mut self, args: &ast::Arguments) {
        let db = self.db;
        let Some(first) = args.posonlyargs.iter().chain(&args.args).next() else {
            return;
        };
        let Some(annotation) = first.def.annotation.as_deref() else {
            return;
        };
        let ty = ExprInferrer::new(db, self.file, false).annotation_type(annotation);
        let Type::Instance(c) = ty else {
            return;
        };
        let params = class_type_params(db, c.class(db));
        if params
            .iter()
            .any(|p| p.kind(db) == gradus_types::TypeVarKind::TypeVarTuple)
        {
            return;
        }
        // A parameter in its own place (`dict[str, _VT]` in `dict[_KT, _VT]`)
        // keeps its meaning; moved or nested, it is ambiguous.
        let misplaced = c.args(db).iter().enumerate().find_map(|(i, &arg)| {
            super::generics::type_vars_in(db, arg)
                .into_iter()
                .find(|v| {
                    params.contains(v) && !(arg == Type::TypeVar(*v) && params.get(i) == Some(v))
                })
        });
        let Some(var) = misplaced else {
            return;
        };
        let shown = self.display(ty);
        let name = var.name(db).clone();
        self.report(
            annotation.range(),
            INVALID_SELF_ANNOTATION.code,
            format!(
                "The `self` annotation `{shown}` of `__init__` uses the class's own type variable `{name}`; use a type variable of the method"
            ),
        );
    }

    /// One step of a constructor call: checks `args` against `steps`
    /// (reporting unless `quiet`), adds what the arguments solve of the
    /// class's type parameters to `class_solution`, and returns the step's
    /// return type with the method's own type variables solved (the class's
    /// stay as variables until [`Self::finish_construction`]).
    #[allow(clippy::too_many_arguments)]
    fn constructor_step(
        &mut self,
        name: &str,
        steps: StepSignatures<'db>,
        receiver: ClassType<'db>,
        explicit: bool,
        params: &[TypeVarType<'db>],
        class_solution: &mut FxHashMap<TypeVarType<'db>, Type<'db>>,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let db = self.db;
        let receiver_ty = Type::Instance(receiver);
        // An explicitly specialized class binds to an annotated receiver
        // only if it fits it (`C[str]()` with `self: "C[int]"`).
        let mut signatures: Vec<Signature<'db>> = Vec::with_capacity(steps.len());
        let mut rejected: Option<Type<'db>> = None;
        for (sig, annotation) in steps {
            match annotation {
                Some(annotation) if explicit => {
                    let mut solution = FxHashMap::default();
                    solve_into(db, annotation, receiver_ty, &mut solution, 0);
                    let subst: Substitution<'db> = solution
                        .into_iter()
                        .filter(|(tv, _)| !params.contains(tv))
                        .map(|(tv, types)| (tv, gradus_types::union(db, types)))
                        .collect();
                    let annotation = substitute(db, annotation, &subst);
                    if is_assignable(db, receiver_ty, annotation) {
                        let mut sig = substitute_signature(db, &sig, &subst, 0);
                        sig.return_type = receiver_ty;
                        signatures.push(sig);
                    } else {
                        rejected = Some(annotation);
                    }
                }
                _ => signatures.push(sig),
            }
        }
        if signatures.is_empty() {
            if quiet {
                return None;
            }
            if let Some(annotation) = rejected {
                let (r, a) = (self.display(receiver_ty), self.display(annotation));
                self.report(
                    range,
                    INVALID_ARGUMENT_TYPE.code,
                    format!("`{r}` is not assignable to the receiver annotation `{a}` of its constructor"),
                );
            }
            return Some(receiver_ty);
        }
        // Solve from the first signature the arguments fit (an overloaded
        // method is solved from the overload that matches).
        let mut chosen: Option<(usize, FxHashMap<TypeVarType<'db>, Vec<Type<'db>>>)> = None;
        for (index, sig) in signatures.iter().enumerate() {
            if signatures.len() > 1 && self.check_signature(sig, args, range, true).is_none() {
                continue;
            }
            if let Ok(binding) = bind_arguments(sig, args, range) {
                let mut solution: FxHashMap<TypeVarType<'db>, Vec<Type<'db>>> =
                    FxHashMap::default();
                let variadic = solve_variadic(db, sig, args, &binding, &mut solution);
                for (i, arg) in args.iter().enumerate() {
                    if let Some(p) = binding[i].filter(|&p| Some(p) != variadic) {
                        solve_into(db, sig.parameters[p].ty, arg.ty, &mut solution, 0);
                    }
                }
                chosen = Some((index, solution));
                break;
            }
        }
        self.call_signatures(&signatures, name, args, range, quiet)?;
        let Some((index, solution)) = chosen else {
            return Some(signatures[0].return_type);
        };
        let mut method_subst: Substitution<'db> = Vec::new();
        for (tv, types) in solution {
            let solved = gradus_types::union(db, types);
            if params.contains(&tv) {
                if !explicit {
                    class_solution.entry(tv).or_insert(solved);
                }
            } else {
                method_subst.push((tv, solved));
            }
        }
        Some(substitute(db, signatures[index].return_type, &method_subst))
    }

    /// The constructed type: the class's type parameters the steps solved,
    /// the rest their defaults (else `Unknown`); `tuple(xs)` is the
    /// homogeneous `tuple[T, ...]`.
    fn finish_construction(
        &mut self,
        result: Type<'db>,
        params: &[TypeVarType<'db>],
        class_solution: &FxHashMap<TypeVarType<'db>, Type<'db>>,
        range: TextRange,
    ) -> Type<'db> {
        let db = self.db;
        let subst: Substitution<'db> = params
            .iter()
            .map(|&p| {
                let solved = class_solution
                    .get(&p)
                    .copied()
                    .or_else(|| p.default(db))
                    .unwrap_or(Type::UNKNOWN);
                (p, solved)
            })
            .collect();
        let result = if subst.is_empty() {
            result
        } else {
            substitute(db, result, &subst)
        };
        if let Type::Instance(c) = result {
            if c.is_known(db, KnownClass::Tuple) {
                let element = c.args(db).first().copied().unwrap_or(Type::UNKNOWN);
                return self.erase_unscoped(
                    Type::Tuple(gradus_types::TupleType::homogeneous_of(db, element)),
                    range,
                );
            }
        }
        self.erase_unscoped(result, range)
    }
}

/// Classes whose `__init__` is synthesized or otherwise not in the class
/// body: decorated classes (`@dataclass`), classes with keywords other
/// than a plain `metaclass=`, enums, named tuples and typed dicts. Their
/// constructor arguments are not checked yet.
fn has_synthesized_init<'db>(db: &'db dyn Db, class: gradus_types::ClassLiteral<'db>) -> bool {
    class_mro(db, class).classes.iter().any(|&c| {
        (crate::class::is_transformed_class(db, c) && !only_plain_metaclass(db, c))
            || matches!(
                c.name(db).as_str(),
                "Enum" | "NamedTuple" | "TypedDict" | "Protocol"
            )
            || crate::class::class_bases(db, c).iter().any(|b| {
                matches!(
                    b,
                    crate::class::Base::Special(SpecialForm::NamedTuple | SpecialForm::TypedDict)
                )
            })
    })
}

/// Whether the only thing that makes `class` "transformed" is a
/// `metaclass=` keyword naming an ordinary metaclass (no decorators, no
/// other keywords, no transformed class in the metaclass's MRO, which is
/// where `dataclass_transform` would be): its constructor follows the
/// usual rules, with the metaclass `__call__` first.
#[salsa::tracked]
fn only_plain_metaclass<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = crate::class::class_stmt(db, class) else {
        return false;
    };
    let plain_keywords = !stmt.keywords.is_empty()
        && stmt
            .keywords
            .iter()
            .all(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass"));
    if !stmt.decorator_list.is_empty() || !plain_keywords {
        return false;
    }
    let Some(meta) = crate::class::class_metaclass(db, class) else {
        return false;
    };
    let meta_mro = class_mro(db, meta.class(db));
    !meta_mro.has_dynamic
        && meta_mro
            .classes
            .iter()
            .all(|&m| m.known(db).is_some() || !crate::class::is_transformed_class(db, m))
}
