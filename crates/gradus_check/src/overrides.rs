//! Overriding: `@final` classes and methods, `@override`, and the
//! compatibility of an override with what it overrides.
//!
//! ```python
//! from typing import final, override
//!
//! class Base:
//!     @final
//!     def run(self) -> None: ...
//!     def scale(self, factor: float) -> float: ...
//!
//! class Sub(Base):
//!     def run(self) -> None: ...                   # error[override-of-final-method]
//!     def scale(self, factor: int) -> float: ...   # error[invalid-override]: narrower parameter
//!     @override
//!     def stop(self) -> None: ...                  # error[invalid-explicit-override]: nothing to override
//! ```
//!
//! An override must accept every call the overridden method accepts and
//! return what it promises (the Liskov substitution principle), checked
//! with the callable assignability of [`crate::relation`]. Constructors
//! (`__init__`, `__new__`, ...) are exempt unless marked `@override`.
//! Gradual by default: a decorator we do not model, a signature mentioning
//! type variables, or a base we cannot see leaves the override unchecked.

use gradus_db::{Db, File};
use gradus_syntax::ast::{self, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{
    ClassLiteral, ClassType, FunctionLiteral, MethodKind, ParameterKind, Signature, Type,
};

use crate::class::{class_bases, class_mro, class_stmt, Base};
use crate::infer::function::{decorator_name, function_parts};
use crate::overloads::{def_range, has_decorator};
use crate::rules::{
    INVALID_EXPLICIT_OVERRIDE, INVALID_OVERRIDE, OVERRIDE_OF_FINAL_METHOD, SUBCLASS_OF_FINAL_CLASS,
};

/// Whether the `class` statement is decorated with `@final`.
#[salsa::tracked(returns(copy))]
pub fn is_final_class<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    class_stmt(db, class).is_some_and(|stmt| {
        stmt.decorator_list
            .iter()
            .any(|d| decorator_name(d) == Some("final"))
    })
}

/// The methods a class body declares `@final` (on any of the definitions of
/// the name, which covers `@final` on an overload implementation and, in
/// stubs, on the first overload).
#[salsa::tracked(returns(ref))]
pub fn final_methods<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = class_stmt(db, class) else {
        return Vec::new();
    };
    let mut names: Vec<String> = stmt
        .body
        .iter()
        .filter_map(function_parts)
        .filter(|p| has_decorator(p, "final"))
        .map(|p| p.name.to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Names that are not checked for compatibility unless marked `@override`:
/// constructors are not subject to the substitution principle.
const CONSTRUCTORS: &[&str] = &[
    "__init__",
    "__new__",
    "__init_subclass__",
    "__post_init__",
    "__class_getitem__",
];

/// The findings of a class statement: subclassing a final class, and, for
/// each method of its body, overriding a final method, `@override` with
/// nothing to override, and incompatible overrides.
pub fn class_override_errors<'db>(
    db: &'db dyn Db,
    file: File,
    class: ClassLiteral<'db>,
    stmt: &ast::StmtClassDef,
) -> Vec<(TextRange, &'static str, String)> {
    let mut errors = Vec::new();
    for (i, base) in class_bases(db, class).iter().enumerate() {
        if let Base::Class(b) = base {
            if is_final_class(db, b.class(db)) {
                let range = stmt.bases.get(i).map(|e| e.range()).unwrap_or(stmt.range);
                errors.push((
                    range,
                    SUBCLASS_OF_FINAL_CLASS.code,
                    format!(
                        "Class `{}` cannot inherit from `{}`, which is declared `@final`",
                        stmt.name,
                        b.name(db)
                    ),
                ));
            } else if crate::class::is_enum_class(db, b.class(db))
                && !crate::class::enum_member_names(db, b.class(db)).is_empty()
            {
                let range = stmt.bases.get(i).map(|e| e.range()).unwrap_or(stmt.range);
                errors.push((
                    range,
                    SUBCLASS_OF_FINAL_CLASS.code,
                    format!(
                        "Class `{}` cannot inherit from enum `{}`, which defines members (an enum with members is implicitly final)",
                        stmt.name,
                        b.name(db)
                    ),
                ));
            }
        }
    }
    let mro = class_mro(db, class);
    if mro.inconsistent {
        return errors;
    }
    // The `def`s of each name in the class body, in order.
    let mut methods: Vec<(&str, Vec<&Stmt>)> = Vec::new();
    for s in &stmt.body {
        let Some(parts) = function_parts(s) else {
            continue;
        };
        match methods.iter_mut().find(|(n, _)| *n == parts.name) {
            Some((_, defs)) => defs.push(s),
            None => methods.push((parts.name, vec![s])),
        }
    }
    let index = crate::firewall::index(db, file);
    if !crate::semantic::is_stub(db, file) {
        attribute_override_errors(db, file, class, stmt, &mut errors);
    }
    for (name, defs) in methods {
        if !index.is_range_reachable(defs[0].range()) {
            continue;
        }
        // Name-mangled private names override nothing.
        if name.starts_with("__") && !name.ends_with("__") {
            continue;
        }
        let overridden = mro.classes.iter().skip(1).find_map(|&c| {
            gradus_index::symbol_table(db, c.file(db), c.body_scope(db))
                .symbol_id(name)
                .and_then(|_| {
                    crate::semantic::symbol_type(db, c.file(db), c.body_scope(db), name.to_owned())
                })
                .map(|ty| (c, ty))
                .or_else(|| {
                    crate::class::instance_attribute_names(db, c)
                        .iter()
                        .any(|n| n == name)
                        .then_some((c, Type::UNKNOWN))
                })
        });
        let explicit = defs.iter().find_map(|s| {
            function_parts(s)
                .filter(|p| has_decorator(p, "override"))
                .map(|_| *s)
        });
        let Some((owner, base_type)) = overridden else {
            if let (Some(s), false) = (explicit, mro.has_dynamic) {
                errors.push((
                    def_range(s),
                    INVALID_EXPLICIT_OVERRIDE.code,
                    format!(
                        "Method `{name}` is marked `@override`, but no base class of `{}` defines it",
                        stmt.name
                    ),
                ));
            }
            continue;
        };
        if final_methods(db, owner).iter().any(|n| n == name) {
            errors.push((
                def_range(defs[0]),
                OVERRIDE_OF_FINAL_METHOD.code,
                format!(
                    "Method `{name}` overrides `{}.{name}`, which is declared `@final`",
                    owner.name(db)
                ),
            ));
            continue;
        }
        if CONSTRUCTORS.contains(&name) && explicit.is_none() {
            continue;
        }
        let last = defs[defs.len() - 1];
        let Some(&def) = crate::firewall::definitions_by_statement(db, file).get(&last.range())
        else {
            continue;
        };
        let Type::Function(child) = crate::semantic::definition_type(db, file, def) else {
            continue;
        };
        let Type::Function(parent) = base_type else {
            continue;
        };
        // Stubs describe what exists, including deliberate incompatibilities
        // (typeshed silences those): only source files are checked.
        if crate::semantic::is_stub(db, file) {
            continue;
        }
        if let Some(problem) = override_problem(db, class, child, parent) {
            errors.push((
                def_range(last),
                INVALID_OVERRIDE.code,
                format!(
                    "Method `{name}` of `{}` is not compatible with `{}.{name}`: {problem}",
                    stmt.name,
                    owner.name(db)
                ),
            ));
        }
    }
    errors
}

fn describe(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::Plain => "an instance method",
        MethodKind::Static => "a static method",
        MethodKind::Class => "a class method",
        MethodKind::Property => "a property",
    }
}

/// Why `child` (a method of `class`) cannot replace `parent`, if it cannot.
fn override_problem<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    child: FunctionLiteral<'db>,
    parent: FunctionLiteral<'db>,
) -> Option<String> {
    use crate::infer::generics::{
        class_substitution, class_type_params, contains_type_vars, substitute_signature,
    };
    let (ck, pk) = (child.method_kind(db), parent.method_kind(db));
    if ck == MethodKind::Property || pk == MethodKind::Property {
        return None;
    }
    if ck != pk {
        return Some(format!(
            "it is {}, but overrides {}",
            describe(ck),
            describe(pk)
        ));
    }
    let bind = |s: &Signature<'db>| {
        if matches!(ck, MethodKind::Plain | MethodKind::Class) {
            s.bind_self()
        } else {
            s.clone()
        }
    };
    let signatures = |f: FunctionLiteral<'db>| -> Vec<Signature<'db>> {
        if f.overloads(db).is_empty() {
            vec![bind(f.signature(db))]
        } else {
            f.overloads(db).iter().map(bind).collect()
        }
    };
    // The base's methods as the subclass sees them (`Base[int]`: `T` is
    // `int`).
    let params = class_type_params(db, class);
    let own = ClassType::new(
        db,
        class,
        params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
    );
    let subst = class_substitution(db, own);
    // An overloaded override of a plain method may split the base's
    // parameter types across overloads (`int | str` into `int` and `str`),
    // which comparing signature by signature would reject: not checked.
    if !child.overloads(db).is_empty() && parent.overloads(db).is_empty() {
        return None;
    }
    let child_sigs = signatures(child);
    // Renaming a positional parameter is tolerated (as mypy does): the
    // base's positional parameters are compared by position only.
    let parent_sigs: Vec<Signature<'db>> = signatures(parent)
        .iter()
        .map(|s| {
            let mut s = substitute_signature(db, s, &subst, 0);
            for p in &mut s.parameters {
                if p.kind == ParameterKind::PositionalOrKeyword {
                    p.kind = ParameterKind::PositionalOnly;
                }
            }
            s
        })
        .collect();
    let generic = |s: &Signature<'db>| {
        s.parameters.iter().any(|p| contains_type_vars(db, p.ty))
            || contains_type_vars(db, s.return_type)
    };
    if child_sigs.iter().chain(&parent_sigs).any(generic) {
        return None;
    }
    for p in &parent_sigs {
        if child_sigs
            .iter()
            .any(|c| crate::relation::is_signature_assignable(db, c, p))
        {
            continue;
        }
        // Say which half fails when it is clear.
        if let [c] = child_sigs.as_slice() {
            if !crate::relation::is_assignable(db, c.return_type, p.return_type) {
                return Some(format!(
                    "it returns `{}`, which is not assignable to `{}`",
                    c.return_type.display(db),
                    p.return_type.display(db)
                ));
            }
        }
        let shown = Type::Callable(gradus_types::CallableType::new(db, p.clone()));
        return Some(format!(
            "it does not accept every call of `{}`",
            shown.display(db)
        ));
    }
    None
}

/// An attribute the class body declares (`x: T`) with a type that the
/// declaration of a base class does not accept. Checked covariantly (as
/// mypy does), which tolerates the unsound narrowing of mutable
/// attributes; attributes replacing methods and the reverse are not
/// checked.
fn attribute_override_errors<'db>(
    db: &'db dyn Db,
    file: File,
    class: ClassLiteral<'db>,
    stmt: &ast::StmtClassDef,
    errors: &mut Vec<(TextRange, &'static str, String)>,
) {
    use crate::infer::generics::{
        class_substitution, class_type_params, contains_type_vars, substitute,
    };
    use crate::semantic::declared_symbol_type;
    let mro = class_mro(db, class);
    // Typed dict keys have their own redeclaration rules.
    if crate::typeddict::is_typeddict(db, class) {
        return;
    }
    let index = crate::firewall::index(db, file);
    let mut substitution = None;
    for s in &stmt.body {
        let Stmt::AnnAssign(assign) = s else {
            continue;
        };
        let ast::Expr::Name(target) = assign.target.as_ref() else {
            continue;
        };
        let name = target.id.as_str();
        if (name.starts_with("__") && !name.ends_with("__"))
            || !index.is_range_reachable(assign.range)
        {
            continue;
        }
        let Some(declared) = declared_symbol_type(db, file, class.body_scope(db), name) else {
            continue;
        };
        let Some((owner, base_declared)) = mro.classes.iter().skip(1).find_map(|&c| {
            // A cheap look at the body's symbol table first: a deep
            // hierarchy must not run a type query per ancestor and name.
            let table = gradus_index::symbol_table(db, c.file(db), c.body_scope(db));
            table.symbol_id(name)?;
            crate::semantic::symbol_type(db, c.file(db), c.body_scope(db), name.to_owned())?;
            Some((
                c,
                declared_symbol_type(db, c.file(db), c.body_scope(db), name),
            ))
        }) else {
            continue;
        };
        let Some(base_declared) = base_declared else {
            continue;
        };
        let subst = substitution.get_or_insert_with(|| {
            let params = class_type_params(db, class);
            let own = ClassType::new(
                db,
                class,
                params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
            );
            class_substitution(db, own)
        });
        let base_declared = substitute(db, base_declared, subst);
        if declared.is_dynamic()
            || base_declared.is_dynamic()
            || matches!(
                base_declared,
                Type::Function(_) | Type::BoundMethod(_) | Type::Callable(_)
            )
            || contains_type_vars(db, declared)
            || contains_type_vars(db, base_declared)
        {
            continue;
        }
        if !crate::relation::is_assignable(db, declared, base_declared) {
            errors.push((
                assign.target.range(),
                INVALID_OVERRIDE.code,
                format!(
                    "Attribute `{name}` of `{}` is declared `{}`, which is not assignable to `{}` declared by `{}`",
                    stmt.name,
                    declared.display(db),
                    base_declared.display(db),
                    owner.name(db)
                ),
            ));
        }
    }
}
