//! Enum member values: what `.value` / `._value_` of a member is, and the
//! check that members fit a declared `_value_` type.
//!
//! ```python
//! class Color(Enum):
//!     RED = 1
//!     GREEN = auto()
//!
//! Color.RED.value      # Literal[1]
//! Color.GREEN.value    # int
//! def f(c: Color): c.value   # Literal[1] | int
//!
//! class Code(Enum):
//!     _value_: int
//!     OK = 200
//!     BAD = "x"        # error: `_value_` is declared `int`
//! ```
//!
//! An enum with its own `__init__` or `__new__` receives the assigned
//! value as constructor arguments, so the value is whatever that sets
//! `_value_` to: the declared `_value_` type, else `Any`.

use gradus_db::Db;
use gradus_syntax::ast::{self, Ranged};
use gradus_types::{ClassLiteral, ClassType, EnumLiteralType, KnownClass, Type};

use crate::class::{class_member, class_mro, enum_member_names, MemberLookup};

/// The declared type of `_value_` along the MRO, below `Enum` itself.
fn declared_value_type<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Option<Type<'db>> {
    class_mro(db, class)
        .classes
        .iter()
        .take_while(|c| !is_enum_module_class(db, **c))
        .find_map(|&c| {
            crate::semantic::declared_symbol_type(db, c.file(db), c.body_scope(db), "_value_")
        })
}

/// Whether `class` is defined in the `enum` module (`Enum`, `IntEnum` ...).
fn is_enum_module_class(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    gradus_resolve::file_to_module(db, class.file(db)).is_some_and(|m| m.name == "enum")
}

/// Whether the enum defines its own `__init__` or `__new__` (below the
/// `enum` module's classes): member values are then constructor arguments.
fn has_custom_constructor(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    ["__init__", "__new__"].iter().any(|name| {
        matches!(class_member(db, class, name),
            MemberLookup::Found { owner, .. } if !is_enum_module_class(db, owner) && owner.known(db) != Some(KnownClass::Object))
    })
}

/// The type of `member.value`.
pub fn member_value_type<'db>(db: &'db dyn Db, member: EnumLiteralType<'db>) -> Type<'db> {
    let class = member.class(db).class(db);
    if is_functional(db, class) {
        return functional_members(db, class)
            .into_iter()
            .find(|(name, _)| name == member.name(db))
            .map(|(_, ty)| ty)
            .unwrap_or(Type::UNKNOWN);
    }
    let declared = declared_value_type(db, class);
    if has_custom_constructor(db, class) {
        return declared.unwrap_or(Type::ANY);
    }
    let assigned = crate::semantic::symbol_type(
        db,
        class.file(db),
        class.body_scope(db),
        member.name(db).clone(),
    )
    .unwrap_or(Type::UNKNOWN);
    match unwrap_member_value(db, assigned) {
        // `RED = auto()`: an `int` by default.
        Type::Instance(c) if c.name(db) == "auto" && is_enum_module_class(db, c.class(db)) => {
            declared.unwrap_or_else(|| crate::semantic::known_instance(db, KnownClass::Int))
        }
        // `RED = ...` in a stub: the declared `_value_`, if any.
        Type::Instance(c) if c.name(db) == "ellipsis" && declared.is_some() => {
            declared.unwrap_or(Type::UNKNOWN)
        }
        other => other,
    }
}

/// The type of `x.value` for `x` an instance of enum `class`: the union of
/// its members' values (or the declared `_value_`).
pub fn instance_value_type<'db>(db: &'db dyn Db, class: ClassType<'db>) -> Option<Type<'db>> {
    let literal = class.class(db);
    let names = enum_member_names(db, literal);
    if names.is_empty() || names.len() > 256 {
        return declared_value_type(db, literal);
    }
    let values = names.iter().map(|name| {
        member_value_type(
            db,
            EnumLiteralType::new(db, ClassType::new(db, literal, Vec::new()), name.clone()),
        )
    });
    Some(gradus_types::union(db, values))
}

/// Member assignments that do not fit a declared `_value_` type, as
/// (range of the value, message). Enums with their own constructor are
/// skipped: their values are constructor arguments.
pub fn member_value_errors<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    stmt: &ast::StmtClassDef,
) -> Vec<(gradus_syntax::TextRange, String)> {
    if !crate::class::is_enum_class(db, class) {
        return Vec::new();
    }
    let Some(declared) = declared_value_type(db, class) else {
        return Vec::new();
    };
    if has_custom_constructor(db, class) {
        return Vec::new();
    }
    let names = enum_member_names(db, class);
    let mut errors = Vec::new();
    for item in &stmt.body {
        let ast::Stmt::Assign(assign) = item else {
            continue;
        };
        let [ast::Expr::Name(target)] = assign.targets.as_slice() else {
            continue;
        };
        if !names.iter().any(|n| n == target.id.as_str()) {
            continue;
        }
        let member = EnumLiteralType::new(
            db,
            ClassType::new(db, class, Vec::new()),
            target.id.to_string(),
        );
        let value = member_value_type(db, member);
        if !crate::relation::is_assignable(db, value, declared) {
            errors.push((
                assign.value.range(),
                format!(
                    "Value of enum member `{}` has type `{}`, but `_value_` is declared `{}`",
                    target.id,
                    value.display(db),
                    declared.display(db)
                ),
            ));
        }
    }
    errors
}

/// `member(...)` / `nonmember(...)` from the `enum` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberWrapper {
    Member,
    NonMember,
}

/// Whether `ty` is an `enum.member[T]` or `enum.nonmember[T]` instance.
pub fn member_wrapper<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<MemberWrapper> {
    let Type::Instance(c) = ty else {
        return None;
    };
    if !is_enum_module_class(db, c.class(db)) {
        return None;
    }
    match c.name(db) {
        "member" => Some(MemberWrapper::Member),
        "nonmember" => Some(MemberWrapper::NonMember),
        _ => None,
    }
}

/// The value wrapped by `member(v)` / `nonmember(v)`, else `ty` itself.
pub fn unwrap_member_value<'db>(db: &'db dyn Db, ty: Type<'db>) -> Type<'db> {
    match ty {
        Type::Instance(c) if member_wrapper(db, ty).is_some() => {
            c.args(db).first().copied().unwrap_or(Type::UNKNOWN)
        }
        _ => ty,
    }
}

/// `AMBER = YELLOW` in an enum body: the member `AMBER` aliases. `value`
/// is the range of the assigned expression.
pub fn alias_target(
    db: &dyn Db,
    class: ClassLiteral<'_>,
    value: gradus_syntax::TextRange,
) -> Option<String> {
    let module = crate::semantic::parsed(db, class.file(db));
    let ast::Expr::Name(name) = gradus_index::locate::find_expr(&module, value)? else {
        return None;
    };
    let target = name.id.as_str();
    if target.starts_with('_') {
        return None;
    }
    // The target must be a member by its own definition: a value that is
    // not itself a name (no recursion through chains of aliases).
    let file = class.file(db);
    let scope = class.body_scope(db);
    let ty = crate::semantic::symbol_type(db, file, scope, target.to_owned())?;
    if member_wrapper(db, ty) == Some(MemberWrapper::NonMember)
        || matches!(
            ty,
            Type::Function(_) | Type::BoundMethod(_) | Type::ClassObject(_) | Type::Callable(_)
        )
        || crate::descriptor::descriptor_get(db, ty).is_some()
    {
        return None;
    }
    match last_definition_kind(db, class, target)? {
        gradus_index::DefinitionKind::Assignment { value, .. } => {
            match gradus_index::locate::find_expr(&module, value) {
                Some(ast::Expr::Name(_)) => None,
                _ => Some(target.to_owned()),
            }
        }
        gradus_index::DefinitionKind::AnnotatedAssignment { value: Some(_), .. } => {
            Some(target.to_owned())
        }
        _ => None,
    }
}

/// The member `name` of enum `class` stands for, when it is an alias.
pub fn aliased_member(db: &dyn Db, class: ClassLiteral<'_>, name: &str) -> Option<String> {
    match last_definition_kind(db, class, name)? {
        gradus_index::DefinitionKind::Assignment { value, .. } => alias_target(db, class, value),
        _ => None,
    }
}

/// `RED: int = 1` in an enum body: members take no annotations. As
/// (range of the annotation, message).
pub fn annotated_member_errors<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    stmt: &ast::StmtClassDef,
) -> Vec<(gradus_syntax::TextRange, String)> {
    let names = enum_member_names(db, class);
    stmt.body
        .iter()
        .filter_map(|item| {
            let ast::Stmt::AnnAssign(a) = item else {
                return None;
            };
            let ast::Expr::Name(target) = a.target.as_ref() else {
                return None;
            };
            (a.value.is_some() && names.iter().any(|n| n == target.id.as_str())).then(|| {
                (
                    a.annotation.range(),
                    format!(
                        "Enum member `{}` must not be annotated: its type is `Literal[{}.{}]`",
                        target.id,
                        class.name(db),
                        target.id
                    ),
                )
            })
        })
        .collect()
}

/// Whether `class` is the class of `Color = Enum("Color", "RED GREEN")` (or
/// another enum class called the same way).
pub fn is_functional<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    crate::class::is_assignment_class(db, class) && has_functional_call(db, class)
}

#[salsa::tracked(returns(copy))]
fn has_functional_call<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    functional_call(db, class).is_some()
}

/// The enum class a functional-form enum is made by (`Enum`, `IntEnum` ...).
pub fn functional_base<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Option<ClassType<'db>> {
    let call = functional_call(db, class)?;
    match crate::infer::expression_type(db, class.file(db), &call.func) {
        Type::ClassObject(c) if crate::class::is_enum_class(db, c.class(db)) => Some(c),
        _ => None,
    }
}

/// The `Enum("Name", ...)` call of a functional-form enum class.
fn functional_call(db: &dyn Db, class: ClassLiteral<'_>) -> Option<ast::ExprCall> {
    let call = crate::class::assignment_call(db, class)?;
    let name = match call.func.as_ref() {
        ast::Expr::Name(n) => n.id.as_str(),
        ast::Expr::Attribute(a) => a.attr.as_str(),
        _ => return None,
    };
    (matches!(name, "Enum" | "IntEnum" | "StrEnum" | "Flag" | "IntFlag") && call.args.len() >= 2)
        .then(|| call.clone())
}

/// The members a functional-form call declares, with their values' types:
/// `"RED GREEN"`, `"RED, GREEN"`, `["RED", "GREEN"]` (values 1, 2, ...),
/// `[("RED", 1), ...]` and `{"RED": 1, ...}`.
pub fn functional_members<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Vec<(String, Type<'db>)> {
    let Some(call) = functional_call(db, class) else {
        return Vec::new();
    };
    let string = |e: &ast::Expr| match e {
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    };
    let int = crate::semantic::known_instance(db, KnownClass::Int);
    let value_of = |e: &ast::Expr| crate::infer::expression_type(db, class.file(db), e);
    let spec = &call.args[1];
    let mut members = Vec::new();
    if let Some(text) = string(spec) {
        for name in text.split(|c: char| c == ',' || c.is_whitespace()) {
            if !name.is_empty() {
                members.push((name.to_owned(), int));
            }
        }
        return members;
    }
    let elements: &[ast::Expr] = match spec {
        ast::Expr::List(l) => &l.elts,
        ast::Expr::Tuple(t) => &t.elts,
        ast::Expr::Dict(d) => {
            for (key, value) in d.keys.iter().zip(&d.values).take(1024) {
                if let Some(name) = key.as_ref().and_then(string) {
                    members.push((name, value_of(value)));
                }
            }
            return members;
        }
        _ => &[],
    };
    for element in elements.iter().take(1024) {
        match element {
            ast::Expr::Tuple(pair) if pair.elts.len() == 2 => {
                if let Some(name) = string(&pair.elts[0]) {
                    members.push((name, value_of(&pair.elts[1])));
                }
            }
            other => {
                if let Some(name) = string(other) {
                    members.push((name, int));
                }
            }
        }
    }
    members
}

/// The kind of the last definition of `name` in the body of `class`.
fn last_definition_kind(
    db: &dyn Db,
    class: ClassLiteral<'_>,
    name: &str,
) -> Option<gradus_index::DefinitionKind> {
    let file = class.file(db);
    let scope = class.body_scope(db);
    let index = crate::firewall::index(db, file);
    let symbol = index.symbol_table(scope).symbol_id(name)?;
    let &last = gradus_index::use_def_map(db, file, scope)
        .all_definitions(symbol)
        .last()?;
    Some(
        index
            .definition(gradus_index::DefinitionId { scope, id: last })
            .kind
            .clone(),
    )
}
