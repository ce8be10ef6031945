//! Narrowing a binding's type by the conditions it flowed through.
//!
//! ```python
//! def f(x: int | None) -> int:
//!     if x is None:
//!         return 0
//!     return x          # the binding of `x` passed `x is None` negatively: int
//! ```
//!
//! The binder attaches predicates (a test expression and the edge taken) to
//! each binding that flows through a branch; here they are evaluated for the
//! forms `x is None`, `x is not None`, `x == None`, `isinstance(x, C)`,
//! `not ...` and plain truthiness. Anything else leaves the type unchanged.

use gradus_db::{Db, File};
use gradus_index::{locate, ScopeId, ScopedPredicateId};
use gradus_syntax::ast::{self, Expr};
use gradus_types::{union, KnownClass, Type};

use crate::class::is_subclass;
use crate::semantic::parsed;

/// Negations nested deeper than this are left alone.
const MAX_NARROW_DEPTH: usize = 16;

/// `ty` (the type of a binding of `name`) narrowed by `predicates`.
pub fn narrow_by_predicates<'db>(
    db: &'db dyn Db,
    file: File,
    scope: ScopeId,
    name: &str,
    mut ty: Type<'db>,
    predicates: &[ScopedPredicateId],
) -> Type<'db> {
    if predicates.is_empty() {
        return ty;
    }
    let index = crate::firewall::index(db, file);
    let module = parsed(db, file);
    for &p in predicates {
        let predicate = index.predicate(scope, p);
        if !matches!(predicate.kind, gradus_index::PredicateKind::Expression) {
            continue;
        }
        let Some(expr) = locate::find_expr(&module, predicate.expr_range) else {
            continue;
        };
        ty = narrow(db, file, name, ty, expr, predicate.positive, 0);
    }
    ty
}

fn is_name(expr: &Expr, name: &str) -> bool {
    matches!(expr, Expr::Name(n) if n.id.as_str() == name)
}

fn is_none(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(c.value, ast::Constant::None))
}

fn narrow<'db>(
    db: &'db dyn Db,
    file: File,
    name: &str,
    ty: Type<'db>,
    test: &Expr,
    positive: bool,
    depth: usize,
) -> Type<'db> {
    if depth > MAX_NARROW_DEPTH {
        return ty;
    }
    match test {
        Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => {
            narrow(db, file, name, ty, &u.operand, !positive, depth + 1)
        }
        Expr::Name(n) if n.id.as_str() == name => narrow_truthiness(db, ty, positive),
        Expr::NamedExpr(n) if is_name(&n.target, name) => narrow_truthiness(db, ty, positive),
        Expr::Compare(c) if c.ops.len() == 1 && c.comparators.len() == 1 => {
            let (left, right) = (&*c.left, &c.comparators[0]);
            let subject_left = is_name(left, name)
                || matches!(left, Expr::NamedExpr(n) if is_name(&n.target, name));
            if !subject_left {
                return ty;
            }
            match c.ops[0] {
                ast::CmpOp::Is | ast::CmpOp::Eq if is_none(right) => narrow_none(db, ty, positive),
                ast::CmpOp::IsNot | ast::CmpOp::NotEq if is_none(right) => {
                    narrow_none(db, ty, !positive)
                }
                _ => ty,
            }
        }
        Expr::Call(call) if call.args.len() == 2 && is_name(&call.args[0], name) => {
            let Expr::Name(func) = call.func.as_ref() else {
                return ty;
            };
            if func.id.as_str() != "isinstance" {
                return ty;
            }
            let classes = class_list(db, file, &call.args[1]);
            let Some(classes) = classes else { return ty };
            narrow_isinstance(db, ty, &classes, positive)
        }
        _ => ty,
    }
}

fn narrow_none<'db>(db: &'db dyn Db, ty: Type<'db>, keep_none: bool) -> Type<'db> {
    if ty.is_dynamic() {
        return if keep_none { Type::None } else { ty };
    }
    let elements = ty.union_elements(db);
    union(
        db,
        elements.into_iter().filter(|e| {
            let is_none = e.is_none();
            if keep_none {
                is_none || e.is_dynamic() || matches!(e, Type::TypeVar(_)) || is_object(db, *e)
            } else {
                !is_none
            }
        }),
    )
}

fn is_object(db: &dyn Db, ty: Type<'_>) -> bool {
    matches!(ty, Type::Instance(c) if c.is_known(db, KnownClass::Object))
}

fn narrow_truthiness<'db>(db: &'db dyn Db, ty: Type<'db>, truthy: bool) -> Type<'db> {
    let elements = ty.union_elements(db);
    union(
        db,
        elements.into_iter().filter(|e| match e {
            Type::None => !truthy,
            Type::BoolLiteral(b) => *b == truthy,
            Type::IntLiteral(i) => (*i != 0) == truthy,
            Type::StrLiteral(s) => s.value(db).is_empty() != truthy,
            _ => true,
        }),
    )
}

/// The classes of `isinstance`'s second argument (a class or a tuple).
fn class_list<'db>(
    db: &'db dyn Db,
    file: File,
    expr: &Expr,
) -> Option<Vec<gradus_types::ClassType<'db>>> {
    let ty = crate::infer::expression_type(db, file, expr);
    let mut out = Vec::new();
    let mut push = |t: Type<'db>| match t {
        Type::ClassObject(c) => {
            out.push(c);
            true
        }
        _ => false,
    };
    match ty {
        Type::ClassObject(_) => {
            push(ty);
        }
        Type::Tuple(t) => {
            for &e in t.elements(db) {
                if !push(e) {
                    return None;
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

fn narrow_isinstance<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
    classes: &[gradus_types::ClassType<'db>],
    positive: bool,
) -> Type<'db> {
    let instance_of = |e: Type<'db>, c: gradus_types::ClassType<'db>| -> Option<bool> {
        let class = match e {
            Type::Instance(i) => i.class(db),
            Type::None => crate::semantic::known_class(db, KnownClass::NoneType)?.class(db),
            Type::IntLiteral(_) => crate::semantic::known_class(db, KnownClass::Int)?.class(db),
            Type::BoolLiteral(_) => crate::semantic::known_class(db, KnownClass::Bool)?.class(db),
            Type::StrLiteral(_) | Type::LiteralString => {
                crate::semantic::known_class(db, KnownClass::Str)?.class(db)
            }
            Type::BytesLiteral(_) => crate::semantic::known_class(db, KnownClass::Bytes)?.class(db),
            Type::Tuple(_) => crate::semantic::known_class(db, KnownClass::Tuple)?.class(db),
            _ => return None,
        };
        Some(is_subclass(db, class, c.class(db)))
    };
    if ty.is_dynamic() {
        return if positive {
            union(db, classes.iter().map(|&c| Type::Instance(c)))
        } else {
            ty
        };
    }
    let mut out = Vec::new();
    for e in ty.union_elements(db) {
        let matches: Vec<Option<bool>> = classes.iter().map(|&c| instance_of(e, c)).collect();
        if positive {
            if matches.contains(&Some(true)) || matches.iter().all(|m| m.is_none()) {
                out.push(e);
            } else {
                // A subclass of the element may be an instance of a class:
                // narrow to those classes that are subclasses of it.
                for &c in classes {
                    if let Type::Instance(i) = e {
                        if is_subclass(db, c.class(db), i.class(db)) {
                            out.push(Type::Instance(c));
                        }
                    }
                }
            }
        } else if !matches.contains(&Some(true)) {
            out.push(e);
        }
    }
    union(db, out)
}
