//! Constructors: evaluating a call of a class object (`C(...)`) by the
//! typing spec's rules for `__init__` and `__new__`.
//!
//! ```python
//! class C:
//!     def __init__(self, x: int) -> None: ...
//! C("a")    # error[invalid-argument-type]: `Literal["a"]` is not assignable to `int`
//! ```

use gradus_db::Db;
use gradus_syntax::TextRange;
use gradus_types::{ClassType, KnownClass, Signature, SpecialForm, Type, TypeVarType};
use rustc_hash::FxHashMap;

use super::call::{bind_arguments, solve_into, solve_variadic, Arg};
use super::expr::ExprInferrer;
use super::generics::{class_substitution, class_type_params, substitute_signature};
use crate::class::{class_member, class_mro, MemberLookup};

impl<'db> ExprInferrer<'db> {
    /// `C(...)`: checks `__init__` and returns an instance.
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
        let mut instance_class = if explicit || params.is_empty() {
            class
        } else {
            ClassType::new(
                db,
                literal,
                params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
            )
        };
        let receiver = Type::Instance(instance_class);
        let mro = class_mro(db, literal);
        if mro.has_dynamic {
            return Some(self.erase_unscoped(receiver, range));
        }
        let bound: Vec<Signature<'db>> =
            if let Some(new) = crate::namedtuple::synthesized_new(db, instance_class) {
                vec![new]
            } else if let Some(init) = crate::dataclass::synthesized_init(db, instance_class) {
                vec![init]
            } else if has_synthesized_init(db, literal) {
                return Some(self.erase_unscoped(receiver, range));
            } else {
                match self.init_signatures(literal, instance_class) {
                    Some(bound) => bound,
                    None => return Some(self.erase_unscoped(receiver, range)),
                }
            };
        // `Self` in `__init__` (or a dataclass field typed `Self`) is the
        // constructed class.
        let bound: Vec<Signature<'db>> = bound
            .into_iter()
            .map(|sig| {
                let mut subst = Vec::new();
                super::generics::add_self_substitution(
                    db,
                    &mut subst,
                    super::generics::signature_types(&sig),
                    receiver,
                );
                if subst.is_empty() {
                    sig
                } else {
                    substitute_signature(db, &sig, &subst, 0)
                }
            })
            .collect();
        // Infer the class's type parameters from the arguments.
        let mut solved = None;
        for sig in &bound {
            // The first signature the arguments fit (an overloaded
            // `__init__` is solved from the overload that matches).
            if bound.len() > 1 && self.check_signature(sig, args, range, true).is_none() {
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
                solved = Some(solution);
                break;
            }
        }
        let name = literal.name(db).clone();
        let result = self.call_signatures(&bound, &name, args, range, quiet);
        result?;
        if !explicit && !params.is_empty() {
            let solution = solved.unwrap_or_default();
            let mut new_args: Vec<Type<'db>> = Vec::with_capacity(params.len());
            for p in params.iter() {
                let solved = solution
                    .get(p)
                    .map(|ts| gradus_types::union(db, ts.clone()))
                    .or_else(|| p.default(db))
                    .unwrap_or(Type::UNKNOWN);
                // A TypeVarTuple's elements are spliced in: `Array[int, str]`.
                match solved {
                    Type::Tuple(t)
                        if p.kind(db) == gradus_types::TypeVarKind::TypeVarTuple
                            && !t.homogeneous(db) =>
                    {
                        new_args.extend(t.elements(db).iter().copied())
                    }
                    other => new_args.push(other),
                }
            }
            instance_class = ClassType::new(db, literal, new_args);
        }
        // `tuple(xs)` is the homogeneous `tuple[T, ...]`.
        if literal.known(db) == Some(KnownClass::Tuple) {
            let element = instance_class
                .args(db)
                .first()
                .copied()
                .unwrap_or(Type::UNKNOWN);
            return Some(self.erase_unscoped(
                Type::Tuple(gradus_types::TupleType::new(db, vec![element], true)),
                range,
            ));
        }
        Some(self.erase_unscoped(Type::Instance(instance_class), range))
    }

    /// The signatures (self bound) of the `__init__` (or `__new__`) a call
    /// of the class runs; `None` when there is none to check.
    fn init_signatures(
        &mut self,
        literal: gradus_types::ClassLiteral<'db>,
        instance_class: ClassType<'db>,
    ) -> Option<Vec<Signature<'db>>> {
        let db = self.db;
        let init = class_member(db, literal, "__init__");
        let new = class_member(db, literal, "__new__");
        let object = crate::semantic::known_class(db, KnownClass::Object).map(|c| c.class(db));
        let init_is_object =
            matches!(init, MemberLookup::Found { owner, .. } if Some(owner) == object);
        let new_is_object = matches!(new, MemberLookup::Found { owner, .. } if Some(owner) == object)
            || matches!(new, MemberLookup::NotFound);
        // `__init__` unless only `__new__` is overridden.
        let method = if init_is_object && !new_is_object {
            new
        } else {
            init
        };
        if let MemberLookup::Found {
            ty: Type::Function(f),
            ..
        } = method
        {
            let subst = class_substitution(db, instance_class);
            let signatures: Vec<Signature<'db>> = if f.overloads(db).is_empty() {
                vec![super::returns::call_signature(db, f)]
            } else {
                f.overloads(db).clone()
            };
            return Some(
                signatures
                    .iter()
                    .map(|s| substitute_signature(db, &s.bind_self(), &subst, 0))
                    .collect(),
            );
        }
        None
    }
}

/// Classes whose `__init__` is synthesized or otherwise not in the class
/// body: decorated classes (`@dataclass`), classes with keywords
/// (`metaclass=`), enums, named tuples and typed dicts. Their constructor
/// arguments are not checked yet.
fn has_synthesized_init<'db>(db: &'db dyn Db, class: gradus_types::ClassLiteral<'db>) -> bool {
    class_mro(db, class).classes.iter().any(|&c| {
        crate::class::is_transformed_class(db, c)
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
