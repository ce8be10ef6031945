//! `NewType`: a distinct type that is a subtype of its base.
//!
//! ```python
//! from typing import NewType
//!
//! UserId = NewType("UserId", int)
//! u = UserId(42)        # an instance of `UserId`
//! n: int = u            # fine: `UserId` is a subtype of `int`
//! v: UserId = 42        # error: `int` is not a `UserId`
//! UserId("x")           # error: the argument must be an `int`
//! class C(UserId): ...  # error: a NewType is not a class
//! ```
//!
//! The engine models `UserId` as a class with the one base `int` and no body
//! of its own (its [`ClassLiteral`] is keyed by the assignment's definition
//! and [`is_newtype`] tells it apart from `class` statements). The name's
//! value is that class's object, but it is not a class at run time: it is
//! callable with one argument of the base type, and as a value it is an
//! instance of `typing.NewType` (not a `type`, not usable with
//! `isinstance` or as a base).

use gradus_db::{Db, File};
use gradus_index::{locate, DefinitionId, DefinitionKind};
use gradus_syntax::ast::{self, Expr, Ranged};
use gradus_types::{ClassLiteral, ClassType, SpecialForm, Type};

use crate::class::Base;
use crate::infer::call::Arg;
use crate::infer::expr::ExprInferrer;
use crate::rules::{INVALID_ARGUMENT_TYPE, INVALID_NEWTYPE};
use crate::semantic::parsed;

/// `NewType(...)`: the call, if `expr` is one (by the callee's name).
fn newtype_call_expr(expr: &Expr) -> Option<&ast::ExprCall> {
    let Expr::Call(call) = expr else { return None };
    let name = match call.func.as_ref() {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return None,
    };
    (name == "NewType").then_some(call)
}

/// The class a `X = NewType("X", Base)` definition creates.
pub fn newtype_class<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Option<ClassLiteral<'db>> {
    let index = crate::firewall::index(db, file);
    let def = index.definition(definition);
    let DefinitionKind::Assignment { value, unpack } = &def.kind else {
        return None;
    };
    if !unpack.is_empty() {
        return None;
    }
    let module = parsed(db, file);
    newtype_call_expr(locate::find_expr(&module, *value)?)?;
    Some(crate::class::assignment_class_literal(db, file, definition))
}

/// Whether `class` was created by `NewType` (it has no `class` statement
/// and no body of its own).
pub fn is_newtype(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    let index = crate::firewall::index(db, class.file(db));
    let definition = class.definition(db);
    definition.scope.index() < index.scope_count()
        && matches!(
            index.definition(definition).kind,
            DefinitionKind::Assignment { .. }
        )
        && !crate::typeddict::is_functional(db, class)
        && !crate::namedtuple::is_functional(db, class)
        && !crate::enums::is_functional(db, class)
}

/// The base type given to `NewType` (as a type expression).
#[salsa::tracked(returns(copy), cycle_result = newtype_base_cycle)]
pub fn newtype_base<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Type<'db> {
    let _boundary = crate::firewall::query_boundary();
    let file = class.file(db);
    let index = crate::firewall::index(db, file);
    let DefinitionKind::Assignment { value, .. } = &index.definition(class.definition(db)).kind
    else {
        return Type::UNKNOWN;
    };
    let module = parsed(db, file);
    let Some(call) = locate::find_expr(&module, *value).and_then(newtype_call_expr) else {
        return Type::UNKNOWN;
    };
    let Some(base) = call.args.get(1) else {
        return Type::UNKNOWN;
    };
    ExprInferrer::new(db, file, false).annotation_type(base)
}

fn newtype_base_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> Type<'db> {
    Type::UNKNOWN
}

/// The bases of a `NewType` class: its base class.
pub fn newtype_bases<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<Base<'db>> {
    if !is_newtype(db, class) {
        return vec![Base::Dynamic];
    }
    match newtype_base(db, class) {
        Type::Instance(c) if c.class(db) != class => vec![Base::Class(c)],
        _ => vec![Base::Dynamic],
    }
}

/// The type of a `NewType` object as a value: an instance of
/// `typing.NewType`.
pub fn newtype_object_type<'db>(db: &'db dyn Db) -> Option<Type<'db>> {
    crate::semantic::module_class(db, "typing", "NewType").map(Type::Instance)
}

impl<'db> ExprInferrer<'db> {
    /// `NewType("X", Base)`: the new class's object when inferring the
    /// definition of `X`.
    pub(crate) fn newtype_call(&mut self, call: &ast::ExprCall) -> Type<'db> {
        let db = self.db;
        for a in &call.args {
            self.infer_expr(a);
        }
        let Some(definition) = self.current_definition else {
            return Type::TODO;
        };
        let index = crate::firewall::index(db, self.file);
        match &index.definition(definition).kind {
            DefinitionKind::Assignment { value, .. } if *value == call.range => {}
            _ => return Type::TODO,
        }
        match newtype_class(db, self.file, definition) {
            Some(class) => Type::ClassObject(ClassType::new(db, class, Vec::new())),
            None => Type::TODO,
        }
    }

    /// `UserId(42)`: one positional argument of the base type, giving an
    /// instance of the NewType. `None` when `class` is not a NewType.
    pub(crate) fn newtype_construction(
        &mut self,
        class: ClassType<'db>,
        call: &ast::ExprCall,
        args: &[Arg<'db, '_>],
    ) -> Option<Type<'db>> {
        let db = self.db;
        let literal = class.class(db);
        if !is_newtype(db, literal) {
            return None;
        }
        let instance = Type::Instance(ClassType::new(db, literal, Vec::new()));
        if call.args.len() != 1
            || !call.keywords.is_empty()
            || matches!(call.args[0], Expr::Starred(_))
        {
            if call.args.len() + call.keywords.len() != 1 {
                self.report(
                    call.range,
                    crate::rules::MISSING_ARGUMENT.code,
                    format!(
                        "`{}` takes exactly one positional argument",
                        literal.name(db)
                    ),
                );
            }
            return Some(instance);
        }
        let base = newtype_base(db, literal);
        if let Some(arg) = args.first() {
            if !crate::relation::is_assignable(db, arg.ty, base) {
                let (a, b) = (self.display(arg.ty), self.display(base));
                self.report(
                    arg.range,
                    INVALID_ARGUMENT_TYPE.code,
                    format!(
                        "Argument of type `{a}` is not assignable to `{b}`, the base of `{}`",
                        literal.name(db)
                    ),
                );
            }
        }
        Some(instance)
    }

    /// Checks `X = NewType("X", Base)`: the name, the argument count and
    /// the base (a proper class: not a union, literal, protocol, TypedDict,
    /// `Any` or generic type).
    pub(crate) fn check_newtype_definition(&mut self, target: &Expr, call: &ast::ExprCall) {
        let db = self.db;
        if newtype_call_expr(&Expr::Call(call.clone())).is_none() {
            return;
        }
        match self.infer_expr(&call.func) {
            Type::ClassObject(c)
                if c.name(db) == "NewType"
                    && gradus_resolve::file_to_module(db, c.class(db).file(db)).is_some_and(
                        |m| matches!(m.name.as_str(), "typing" | "typing_extensions"),
                    ) => {}
            Type::Function(f) if f.name(db).as_str() == "NewType" => {}
            _ => return,
        }
        if call.args.len() != 2 || !call.keywords.is_empty() {
            self.report(
                call.range,
                INVALID_NEWTYPE.code,
                format!(
                    "`NewType` takes exactly two positional arguments (a name and a base class), got {}",
                    call.args.len() + call.keywords.len()
                ),
            );
        }
        if let (Expr::Name(target), Some(Expr::Constant(c))) = (target, call.args.first()) {
            if let ast::Constant::Str(s) = &c.value {
                if s.as_str() != target.id.as_str() {
                    self.report(
                        c.range,
                        INVALID_NEWTYPE.code,
                        format!(
                            "The name given to `NewType` (`{s}`) does not match the variable it is assigned to (`{}`)",
                            target.id
                        ),
                    );
                }
            }
        }
        let Some(base_expr) = call.args.get(1) else {
            return;
        };
        let base = self.annotation_type(base_expr);
        let problem = match base {
            Type::Dynamic(gradus_types::DynamicKind::Any) => Some("`Any`"),
            Type::Union(_) => Some("a union"),
            Type::IntLiteral(_)
            | Type::BoolLiteral(_)
            | Type::StrLiteral(_)
            | Type::BytesLiteral(_)
            | Type::EnumLiteral(_)
            | Type::LiteralString => Some("a literal type"),
            Type::TypeVar(_) => Some("a type variable"),
            _ if crate::infer::generics::contains_type_vars(db, base) => Some("a generic type"),
            Type::Instance(c) if crate::abstract_class::is_protocol_class(db, c.class(db)) => {
                Some("a protocol")
            }
            Type::Instance(c) if is_typed_dict(db, c.class(db)) => Some("a TypedDict"),
            _ => None,
        };
        if let Some(problem) = problem {
            self.report(
                base_expr.range(),
                INVALID_NEWTYPE.code,
                format!("The base of a `NewType` must be a proper class, not {problem}"),
            );
        }
    }
}

/// Whether `class` is a `TypedDict` (lists `TypedDict` among its bases or
/// its ancestors').
fn is_typed_dict(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    crate::class::class_mro(db, class).classes.iter().any(|&c| {
        crate::class::class_bases(db, c)
            .iter()
            .any(|b| matches!(b, Base::Special(SpecialForm::TypedDict)))
    })
}
