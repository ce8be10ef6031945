//! The rules of an overloaded function's definition (`invalid-overload`).
//!
//! ```python
//! from typing import overload
//!
//! @overload
//! def f(x: int) -> int: ...
//! @overload
//! def f(x: str) -> str: ...
//! def f(x: int) -> int | str:   # error: overload 2 passes a `str` the
//!     return x                  # implementation does not accept
//! ```
//!
//! An overload group is a run of `@overload` definitions of one name in a
//! statement list, and the definition of that name right after them (the
//! implementation, which carries no `@overload`). The group must have at
//! least two overloads; it needs an implementation except in stubs,
//! protocols and for abstract methods, and may not have one in a stub; all
//! its definitions are instance, static or class methods alike; `@final`
//! and `@override` go on the implementation (or, without one, on the first
//! overload only); and the implementation accepts every overload's
//! arguments and returns every overload's result.
//!
//! The group is found syntactically, so overloads split across `if`
//! branches are only checked within each branch, and a missing
//! implementation is reported only for groups at the top of their scope
//! (`if TYPE_CHECKING:` overloads may be implemented elsewhere).

use gradus_db::{Db, File};
use gradus_syntax::ast::{Expr, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{Signature, Type};

use crate::infer::function::{decorator_name, function_parts, FunctionParts};
use crate::relation::{is_assignable, is_signature_assignable};

/// Where a statement list sits.
#[derive(Debug, Clone, Copy)]
pub struct BodyContext {
    /// The file is a stub: overloads have no implementation.
    pub in_stub: bool,
    /// The body is a class body.
    pub in_class: bool,
    /// The body is a protocol class's: no implementation needed.
    pub in_protocol: bool,
    /// The list is the scope's own body, not a branch of an `if`/`try`.
    pub top_level: bool,
}

/// How a definition is bound on its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binding {
    Instance,
    Static,
    Class,
}

impl Binding {
    fn of(parts: &FunctionParts<'_>) -> Binding {
        if has_decorator(parts, "staticmethod") {
            Binding::Static
        } else if has_decorator(parts, "classmethod") {
            Binding::Class
        } else {
            Binding::Instance
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Binding::Instance => "an instance method",
            Binding::Static => "a static method",
            Binding::Class => "a class method",
        }
    }
}

/// Whether a `def` carries `@name` (also `@typing.name`).
pub fn has_decorator(parts: &FunctionParts<'_>, name: &str) -> bool {
    decorator(parts, name).is_some()
}

fn decorator<'a>(parts: &FunctionParts<'a>, name: &str) -> Option<&'a Expr> {
    parts
        .decorators
        .iter()
        .find(|d| decorator_name(d) == Some(name))
}

/// The `def NAME` part of a function statement (its decorators excluded):
/// where diagnostics about the whole definition go.
pub fn def_range(stmt: &Stmt) -> TextRange {
    match function_parts(stmt) {
        Some(parts) if parts.args.range.start() > stmt.start() => {
            TextRange::new(stmt.start(), parts.args.range.start())
        }
        _ => TextRange::at(stmt.start(), 0.into()),
    }
}

/// One overload group of a statement list.
struct Group<'a> {
    name: &'a str,
    overloads: Vec<&'a Stmt>,
    implementation: Option<&'a Stmt>,
}

/// The `invalid-overload` findings of the overload groups in `body`.
pub fn overload_definition_errors(
    db: &dyn Db,
    file: File,
    body: &[Stmt],
    context: BodyContext,
) -> Vec<(TextRange, String)> {
    let mut errors = Vec::new();
    let index = crate::firewall::index(db, file);
    for group in overload_groups(body) {
        if !index.is_range_reachable(group.overloads[0].range()) {
            continue;
        }
        check_group(db, file, body, &group, context, &mut errors);
    }
    errors
}

fn overload_groups(body: &[Stmt]) -> Vec<Group<'_>> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let Some(parts) = function_parts(&body[i]) else {
            i += 1;
            continue;
        };
        if !has_decorator(&parts, "overload") {
            i += 1;
            continue;
        }
        let name = parts.name;
        let mut overloads = vec![&body[i]];
        let mut j = i + 1;
        while let Some(next) = body.get(j).and_then(function_parts) {
            if next.name != name || !has_decorator(&next, "overload") {
                break;
            }
            overloads.push(&body[j]);
            j += 1;
        }
        let implementation = body
            .get(j)
            .filter(|s| function_parts(s).is_some_and(|p| p.name == name));
        if implementation.is_some() {
            j += 1;
        }
        groups.push(Group {
            name,
            overloads,
            implementation,
        });
        i = j;
    }
    groups
}

fn check_group(
    db: &dyn Db,
    file: File,
    body: &[Stmt],
    group: &Group<'_>,
    context: BodyContext,
    errors: &mut Vec<(TextRange, String)>,
) {
    let name = group.name;
    let parts: Vec<FunctionParts<'_>> = group
        .overloads
        .iter()
        .filter_map(|s| function_parts(s))
        .collect();
    let first = group.overloads[0];
    // Overloads split across `if` branches (version checks) are one group
    // this syntactic view does not see whole: stay silent then.
    if group.overloads.len() < 2 && context.top_level && !bound_elsewhere(body, group) {
        errors.push((
            def_range(first),
            format!("`{name}` has a single `@overload`: an overloaded function needs at least two"),
        ));
    }
    match group.implementation {
        None => {
            let abstract_ = parts.iter().any(|p| has_decorator(p, "abstractmethod"));
            if group.overloads.len() >= 2
                && !context.in_stub
                && !context.in_protocol
                && !abstract_
                && context.top_level
                && !bound_elsewhere(body, group)
            {
                errors.push((
                    def_range(first),
                    format!(
                        "The overloads of `{name}` have no implementation: add a `def {name}` without `@overload` after them"
                    ),
                ));
            }
        }
        Some(implementation) if context.in_stub => {
            errors.push((
                def_range(implementation),
                format!(
                    "An overloaded function in a stub has no implementation: remove this `def {name}` or mark it `@overload`"
                ),
            ));
        }
        Some(_) => {}
    }

    // Instance, static and class methods alike.
    let implementation_parts = group.implementation.and_then(function_parts);
    let mut consistent = true;
    if context.in_class {
        let expected = Binding::of(&parts[0]);
        let rest = group
            .overloads
            .iter()
            .skip(1)
            .copied()
            .chain(group.implementation)
            .filter_map(|s| function_parts(s).map(|p| (s, p)));
        for (stmt, p) in rest {
            let binding = Binding::of(&p);
            if binding != expected {
                let what = if Some(stmt) == group.implementation {
                    "The implementation"
                } else {
                    "This overload"
                };
                errors.push((
                    def_range(stmt),
                    format!(
                        "{what} of `{name}` is {}, but its first overload is {}: overloads and implementation must all be instance, static or class methods alike",
                        binding.describe(),
                        expected.describe()
                    ),
                ));
                consistent = false;
                break;
            }
        }
    }

    // `@final` and `@override`: on the implementation, or on the first
    // overload when there is none.
    for decorator_name in ["final", "override"] {
        let skip = usize::from(group.implementation.is_none());
        let misplaced = parts
            .iter()
            .skip(skip)
            .find_map(|p| decorator(p, decorator_name));
        if let Some(d) = misplaced {
            let place = if group.implementation.is_some() {
                "on the implementation only"
            } else {
                "on the first overload only"
            };
            errors.push((
                d.range(),
                format!("`@{decorator_name}` on an overload of `{name}`: put it {place}"),
            ));
        }
    }

    if let (Some(implementation), Some(_), true, false) = (
        group.implementation,
        implementation_parts,
        consistent,
        context.in_stub,
    ) {
        check_consistency(db, file, group, implementation, context, errors);
    }
}

/// Whether the group's name is also bound by a statement of `body` outside
/// the group (an implementation in a later `if` branch, an assignment).
fn bound_elsewhere(body: &[Stmt], group: &Group<'_>) -> bool {
    fn binds(stmt: &Stmt, name: &str, depth: usize) -> bool {
        if depth > 16 {
            return true;
        }
        let any = |stmts: &[Stmt]| stmts.iter().any(|s| binds(s, name, depth + 1));
        match stmt {
            Stmt::FunctionDef(f) => f.name.as_str() == name,
            Stmt::AsyncFunctionDef(f) => f.name.as_str() == name,
            Stmt::ClassDef(c) => c.name.as_str() == name,
            Stmt::Assign(a) => a
                .targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == name)),
            Stmt::AnnAssign(a) => {
                matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == name)
            }
            Stmt::Import(i) => i.names.iter().any(|a| {
                let bound = a.asname.as_ref().unwrap_or(&a.name);
                bound.as_str().split('.').next() == Some(name)
            }),
            Stmt::ImportFrom(i) => i.names.iter().any(|a| {
                a.name.as_str() == "*" || a.asname.as_ref().unwrap_or(&a.name).as_str() == name
            }),
            Stmt::If(i) => any(&i.body) || any(&i.orelse),
            Stmt::Try(t) => {
                any(&t.body)
                    || any(&t.orelse)
                    || any(&t.finalbody)
                    || t.handlers.iter().any(|h| {
                        let gradus_syntax::ast::ExceptHandler::ExceptHandler(h) = h;
                        any(&h.body)
                    })
            }
            Stmt::With(w) => any(&w.body),
            _ => false,
        }
    }
    body.iter()
        .filter(|s| {
            !group.overloads.iter().any(|o| std::ptr::eq(*o, *s))
                && !group.implementation.is_some_and(|i| std::ptr::eq(i, *s))
        })
        .any(|s| binds(s, group.name, 0))
}

/// The signature a `def` statement declares (`None` when a decorator
/// turns it into something else).
fn declared_signature<'db>(db: &'db dyn Db, file: File, stmt: &Stmt) -> Option<Signature<'db>> {
    let def = *crate::firewall::definitions_by_statement(db, file).get(&stmt.range())?;
    match crate::semantic::definition_type(db, file, def) {
        Type::Function(f) => Some(f.signature(db).clone()),
        _ => None,
    }
}

/// The implementation accepts the arguments of every overload and returns
/// what each overload returns.
fn check_consistency<'db>(
    db: &'db dyn Db,
    file: File,
    group: &Group<'_>,
    implementation: &Stmt,
    context: BodyContext,
    errors: &mut Vec<(TextRange, String)>,
) {
    use crate::infer::generics::contains_type_vars;
    let name = group.name;
    let Some(implementation_parts) = function_parts(implementation) else {
        return;
    };
    let bound = context.in_class && Binding::of(&implementation_parts) != Binding::Static;
    let prepare = |sig: Signature<'db>| if bound { sig.bind_self() } else { sig };
    let Some(impl_sig) = declared_signature(db, file, implementation).map(prepare) else {
        return;
    };
    let generic = |sig: &Signature<'db>| {
        sig.parameters.iter().any(|p| contains_type_vars(db, p.ty))
            || contains_type_vars(db, sig.return_type)
    };
    if generic(&impl_sig) {
        return;
    }
    let impl_inputs = Signature {
        parameters: impl_sig.parameters.clone(),
        return_type: Type::UNKNOWN,
        gradual: impl_sig.gradual,
    };
    let mut bad_inputs = Vec::new();
    let mut bad_returns = Vec::new();
    for (i, overload) in group.overloads.iter().enumerate() {
        let Some(sig) = declared_signature(db, file, overload).map(prepare) else {
            continue;
        };
        if generic(&sig) {
            continue;
        }
        if !is_signature_assignable(db, &impl_inputs, &sig) {
            bad_inputs.push(i + 1);
        }
        if !is_assignable(db, sig.return_type, impl_sig.return_type) {
            bad_returns.push((i + 1, sig.return_type));
        }
    }
    let numbers = |ns: &[usize]| {
        let shown: Vec<String> = ns.iter().map(|n| n.to_string()).collect();
        let s = if ns.len() == 1 { "" } else { "s" };
        format!("overload{s} {}", shown.join(", "))
    };
    let range = def_range(implementation);
    if !bad_inputs.is_empty() {
        errors.push((
            range,
            format!(
                "The implementation of `{name}` does not accept all arguments of {}",
                numbers(&bad_inputs)
            ),
        ));
    }
    if !bad_returns.is_empty() {
        let shown_impl = impl_sig.return_type.display(db).to_string();
        let details: Vec<String> = bad_returns
            .iter()
            .map(|(n, t)| format!("`{}` (overload {n})", t.display(db)))
            .collect();
        errors.push((
            range,
            format!(
                "The implementation of `{name}` returns `{shown_impl}`, which does not accept {}",
                details.join(", ")
            ),
        ));
    }
}
