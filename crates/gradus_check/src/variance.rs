//! Variance: inferred for PEP 695 type parameters and `infer_variance=True`
//! type variables, and declared variance checked against use.
//!
//! ```python
//! class Box[T]:                  # T is only returned: covariant
//!     def get(self) -> T: ...
//! b: Box[float] = Box[int]()     # fine
//!
//! class Sink[T]:                 # T is only accepted: contravariant
//!     def put(self, x: T) -> None: ...
//! s: Sink[int] = Sink[float]()   # fine
//!
//! class Cell[T]:                 # a mutable attribute: invariant
//!     value: T
//! ```
//!
//! The spec defines inference by comparing two specializations of the class
//! member by member. We compute the equivalent from where the parameter
//! occurs: each occurrence has a polarity (a method parameter flips it, an
//! argument of another generic class composes it with that class's
//! variance), and the parameter is covariant when it only occurs in
//! covariant positions, contravariant when only in contravariant ones,
//! invariant otherwise (unused: covariant, as the spec's algorithm gives).
//! `__init__` and `__new__` do not count; attributes are mutable, hence
//! invariant, unless `Final`, frozen (dataclass, named tuple) or named with
//! a leading underscore (treated as private and read-only, as mypy does).
//!
//! A class that refers to itself (`def next(self) -> Node[T]`) is solved by
//! iterating from "unused" to a fixpoint; a cycle through other classes
//! falls back to [`Variance::Inferred`], which relations treat leniently
//! (either direction is accepted).

use gradus_db::Db;
use gradus_syntax::ast::{Expr, Stmt};
use gradus_types::{ClassLiteral, SpecialForm, Type, TypeVarKind, TypeVarType, Variance};

use crate::class::{class_bases, class_stmt, Base};
use crate::infer::expr::ExprInferrer;
use crate::infer::function::function_parts;
use crate::infer::generics::class_type_params;

// Budget: see `gradus_budgets`.
use gradus_budgets::VARIANCE_MAX_WALK_DEPTH as MAX_WALK_DEPTH;

// Budget: see `gradus_budgets`.
use gradus_budgets::VARIANCE_MAX_ROUNDS as MAX_ROUNDS;

/// Where a type occurs, relative to the class being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// Produced (returned, read).
    Co,
    /// Consumed (accepted as a parameter).
    Contra,
    /// Both (a mutable attribute, an invariant class's argument).
    Inv,
}

impl Polarity {
    fn flip(self) -> Polarity {
        match self {
            Polarity::Co => Polarity::Contra,
            Polarity::Contra => Polarity::Co,
            Polarity::Inv => Polarity::Inv,
        }
    }

    /// The polarity of an argument of a class parameter with variance
    /// `variance`, in a position of this polarity; `None` when the argument
    /// does not matter (bivariant or unknown).
    fn compose(self, variance: Usage) -> Option<Polarity> {
        match (variance.co, variance.contra) {
            (true, true) => Some(Polarity::Inv),
            (true, false) => Some(self),
            (false, true) => Some(self.flip()),
            (false, false) => None,
        }
    }
}

/// How a parameter is used: in covariant and/or contravariant positions.
/// Neither is bivariant (unused); both is invariant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Usage {
    co: bool,
    contra: bool,
}

impl Usage {
    fn of_variance(variance: Variance) -> Usage {
        match variance {
            Variance::Covariant => Usage {
                co: true,
                contra: false,
            },
            Variance::Contravariant => Usage {
                co: false,
                contra: true,
            },
            Variance::Invariant => Usage {
                co: true,
                contra: true,
            },
            // Unknown: as if unused (lenient).
            Variance::Inferred => Usage::default(),
        }
    }

    fn add(&mut self, polarity: Polarity) {
        match polarity {
            Polarity::Co => self.co = true,
            Polarity::Contra => self.contra = true,
            Polarity::Inv => {
                self.co = true;
                self.contra = true;
            }
        }
    }

    fn join(self, other: Usage) -> Usage {
        Usage {
            co: self.co || other.co,
            contra: self.contra || other.contra,
        }
    }

    fn variance(self) -> Variance {
        match (self.co, self.contra) {
            (true, true) => Variance::Invariant,
            (false, true) => Variance::Contravariant,
            // Unused parameters are covariant (the spec's algorithm finds
            // `lower` assignable to `upper` first).
            _ => Variance::Covariant,
        }
    }
}

/// The variance of the `index`-th type parameter of `class` (declared, or
/// inferred from use); `Variance::Inferred` only when it cannot be known.
pub fn param_variance<'db>(db: &'db dyn Db, class: ClassLiteral<'db>, index: usize) -> Variance {
    let params = class_type_params(db, class);
    match params.get(index) {
        Some(p) if p.variance(db) != Variance::Inferred => p.variance(db),
        Some(_) => inferred_variances(db, class)
            .get(index)
            .copied()
            .unwrap_or(Variance::Inferred),
        None => Variance::Inferred,
    }
}

/// The variance of every type parameter of `class`: declared ones as
/// declared, the others inferred from their use in the class.
#[salsa::tracked(returns(ref), cycle_result = inferred_variances_cycle)]
pub fn inferred_variances<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<Variance> {
    let _boundary = crate::firewall::query_boundary();
    let params = class_type_params(db, class).clone();
    let declared: Vec<Variance> = params.iter().map(|p| p.variance(db)).collect();
    if !declared.contains(&Variance::Inferred) {
        return declared;
    }
    infer(db, class, &params, declared)
}

/// The variance each type parameter of `class` would have if it were
/// inferred, whatever is declared (protocols are checked against it).
#[salsa::tracked(returns(ref), cycle_result = inferred_variances_cycle)]
pub fn variances_from_use<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<Variance> {
    let _boundary = crate::firewall::query_boundary();
    let params = class_type_params(db, class).clone();
    let declared = vec![Variance::Inferred; params.len()];
    infer(db, class, &params, declared)
}

fn infer<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    params: &[TypeVarType<'db>],
    declared: Vec<Variance>,
) -> Vec<Variance> {
    let members = class_member_types(db, class);
    let mut guess: Vec<Usage> = declared.iter().map(|&v| Usage::of_variance(v)).collect();
    for _ in 0..MAX_ROUNDS {
        let mut walker = Walker {
            db,
            class,
            params,
            guess: &guess,
            usage: vec![Usage::default(); params.len()],
        };
        for &(ty, polarity) in &members {
            walker.visit(ty, polarity, 0);
        }
        let next: Vec<Usage> = declared
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                if d == Variance::Inferred {
                    guess[i].join(walker.usage[i])
                } else {
                    guess[i]
                }
            })
            .collect();
        if next == guess {
            break;
        }
        guess = next;
    }
    declared
        .iter()
        .zip(&guess)
        .map(|(&d, u)| {
            if d == Variance::Inferred {
                u.variance()
            } else {
                d
            }
        })
        .collect()
}

fn inferred_variances_cycle<'db>(
    db: &'db dyn Db,
    _id: salsa::Id,
    class: ClassLiteral<'db>,
) -> Vec<Variance> {
    // Unknown (lenient) for the inferred ones.
    class_type_params(db, class)
        .iter()
        .map(|p| p.variance(db))
        .collect()
}

/// Collects the uses of a class's own type parameters.
struct Walker<'a, 'db> {
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    params: &'a [TypeVarType<'db>],
    /// The current guess for the class's own parameters (self-references).
    guess: &'a [Usage],
    usage: Vec<Usage>,
}

impl<'db> Walker<'_, 'db> {
    fn visit(&mut self, ty: Type<'db>, polarity: Polarity, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        let db = self.db;
        match ty {
            Type::TypeVar(tv) => {
                if let Some(i) = self.params.iter().position(|&p| p == tv) {
                    self.usage[i].add(polarity);
                }
            }
            Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c) => {
                let class = c.class(db);
                let args = c.args(db);
                if args.is_empty() {
                    return;
                }
                let variances: Vec<Usage> = if class == self.class {
                    self.guess.to_vec()
                } else {
                    let n = class_type_params(db, class).len();
                    (0..n)
                        .map(|i| Usage::of_variance(param_variance(db, class, i)))
                        .collect()
                };
                let params = class_type_params(db, class);
                for (i, &arg) in args.iter().enumerate() {
                    let variance = if variances.len() == args.len() {
                        variances[i]
                    } else {
                        // A type variable tuple takes several arguments:
                        // each has its variance.
                        match params
                            .iter()
                            .position(|p| p.kind(db) == TypeVarKind::TypeVarTuple)
                        {
                            Some(t) => variances[t],
                            None => continue,
                        }
                    };
                    if let Some(inner) = polarity.compose(variance) {
                        self.visit(arg, inner, depth + 1);
                    }
                }
            }
            Type::Union(u) => {
                for &e in u.elements(db) {
                    self.visit(e, polarity, depth + 1);
                }
            }
            Type::Tuple(t) => {
                for &e in t.elements(db) {
                    self.visit(e, polarity, depth + 1);
                }
            }
            Type::Callable(c) => {
                let sig = c.signature(db);
                for p in &sig.parameters {
                    self.visit(p.ty, polarity.flip(), depth + 1);
                }
                self.visit(sig.return_type, polarity, depth + 1);
            }
            _ => {}
        }
    }
}

/// Whether an annotation is `Final` / `Final[...]` (a read-only attribute).
fn is_final_annotation(annotation: &Expr) -> bool {
    let head = match annotation {
        Expr::Subscript(s) => s.value.as_ref(),
        other => other,
    };
    match head {
        Expr::Name(n) => n.id.as_str() == "Final",
        Expr::Attribute(a) => a.attr.as_str() == "Final",
        _ => false,
    }
}

/// The types a class's members expose, with the polarity each occurs in:
/// method parameters (contravariant) and returns (covariant), attributes
/// (invariant when mutable), and the bases (covariant: the class is a
/// subtype of each).
fn class_member_types<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Vec<(Type<'db>, Polarity)> {
    let mut out = Vec::new();
    for base in class_bases(db, class) {
        if let Base::Class(c) = base {
            out.push((Type::Instance(*c), Polarity::Co));
        }
    }
    let Some(stmt) = class_stmt(db, class) else {
        return out;
    };
    let file = class.file(db);
    let frozen = crate::dataclass::dataclass_params(db, class).is_some_and(|p| p.frozen)
        || class_bases(db, class)
            .iter()
            .any(|b| matches!(b, Base::Special(SpecialForm::NamedTuple)));
    let mut inferrer = ExprInferrer::new(db, file, false);
    let mut declared_in_body: Vec<String> = Vec::new();
    for item in &stmt.body {
        if let Some(parts) = function_parts(item) {
            declared_in_body.push(parts.name.to_owned());
            if crate::generic_checks::is_construction_method(parts.name) {
                continue;
            }
            for (ty, polarity, _) in
                crate::generic_checks::method_signature_types(&mut inferrer, &parts)
            {
                out.push((ty, polarity));
            }
            continue;
        }
        if let Stmt::AnnAssign(a) = item {
            let Expr::Name(name) = a.target.as_ref() else {
                continue;
            };
            let name = name.id.as_str();
            declared_in_body.push(name.to_owned());
            let read_only = frozen || is_final_annotation(&a.annotation) || name.starts_with('_');
            let ty = inferrer.annotation_type(&a.annotation);
            out.push((
                ty,
                if read_only {
                    Polarity::Co
                } else {
                    Polarity::Inv
                },
            ));
        }
    }
    for name in crate::class::instance_attribute_names(db, class) {
        if declared_in_body.iter().any(|n| n == name) {
            continue;
        }
        if let Some(ty) = crate::class::instance_attribute_type(db, class, name.clone()) {
            let read_only = frozen || name.starts_with('_');
            out.push((
                ty,
                if read_only {
                    Polarity::Co
                } else {
                    Polarity::Inv
                },
            ));
        }
    }
    out
}

/// Every type variable in `ty` with the polarity it occurs in, when `ty`
/// itself occurs with `polarity` (arguments of generic classes composed
/// with those classes' variance; unknown variance hides the argument).
pub fn occurrences<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    polarity: Polarity,
) -> Vec<(TypeVarType<'db>, Polarity)> {
    let mut out = Vec::new();
    collect_occurrences(db, ty, polarity, &mut out, 0);
    out
}

fn collect_occurrences<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    polarity: Polarity,
    out: &mut Vec<(TypeVarType<'db>, Polarity)>,
    depth: usize,
) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    match ty {
        Type::TypeVar(tv) => out.push((tv, polarity)),
        Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c) => {
            let class = c.class(db);
            let args = c.args(db);
            let params = class_type_params(db, class);
            if args.is_empty() || params.is_empty() {
                return;
            }
            let tuple_param = params
                .iter()
                .position(|p| p.kind(db) == TypeVarKind::TypeVarTuple);
            for (i, &arg) in args.iter().enumerate() {
                let index = if args.len() == params.len() {
                    i
                } else {
                    match tuple_param {
                        Some(t) => t,
                        None => continue,
                    }
                };
                let variance = Usage::of_variance(param_variance(db, class, index));
                if let Some(inner) = polarity.compose(variance) {
                    collect_occurrences(db, arg, inner, out, depth + 1);
                }
            }
        }
        Type::Union(u) => {
            for &e in u.elements(db) {
                collect_occurrences(db, e, polarity, out, depth + 1);
            }
        }
        Type::Tuple(t) => {
            for &e in t.elements(db) {
                collect_occurrences(db, e, polarity, out, depth + 1);
            }
        }
        Type::Callable(c) => {
            let sig = c.signature(db);
            for p in &sig.parameters {
                collect_occurrences(db, p.ty, polarity.flip(), out, depth + 1);
            }
            collect_occurrences(db, sig.return_type, polarity, out, depth + 1);
        }
        _ => {}
    }
}

/// Whether a type variable declared with `declared` variance may occur with
/// `polarity` in its class (invariant and inferred ones may occur anywhere).
pub fn fits(declared: Variance, polarity: Polarity) -> bool {
    match declared {
        Variance::Covariant => polarity == Polarity::Co,
        Variance::Contravariant => polarity == Polarity::Contra,
        Variance::Invariant | Variance::Inferred => true,
    }
}

/// `covariant`/`contravariant` as a word for messages.
pub fn variance_word(variance: Variance) -> &'static str {
    match variance {
        Variance::Covariant => "covariant",
        Variance::Contravariant => "contravariant",
        Variance::Invariant => "invariant",
        Variance::Inferred => "inferred",
    }
}
