//! Type expressions: annotations turned into types.
//!
//! ```python
//! def f(a: list[int], b: "Node | None", c: Literal["x", 1]) -> tuple[int, ...]: ...
//! ```
//!
//! An annotation is evaluated as an expression first (names resolve through
//! the binder like any other use) and the resulting value is then read as a
//! type: a class object means its instances, `None` means `None`, special
//! forms build unions, literals, tuples and callables. Strings are parsed
//! and evaluated the same way.

use gradus_syntax::ast::Ranged;
use gradus_syntax::ast::{self, Expr};
use gradus_syntax::TextRange;
use gradus_types::{
    union, CallableType, ClassType, DynamicKind, KnownClass, LiteralStr, Parameter, ParameterKind,
    Signature, SpecialForm, TupleType, Type, TypeVarKind,
};

use super::expr::ExprInferrer;
use crate::rules::INVALID_TYPE_FORM;
use crate::semantic::known_class;

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_ANNOTATION_DEPTH;

impl<'db> ExprInferrer<'db> {
    /// The type an annotation denotes.
    pub fn annotation_type(&mut self, expr: &Expr) -> Type<'db> {
        let saved = std::mem::replace(&mut self.in_annotation, true);
        let ty = self.type_expression(expr, 0);
        self.in_annotation = saved;
        ty
    }

    fn type_expression(&mut self, expr: &Expr, depth: usize) -> Type<'db> {
        if depth > MAX_ANNOTATION_DEPTH {
            self.report_too_complex(
                expr.range(),
                format!("Type expression nested more than {MAX_ANNOTATION_DEPTH} deep: its inner part is `Unknown`"),
            );
            return Type::UNKNOWN;
        }
        let db = self.db;
        match expr {
            Expr::Constant(c) => match &c.value {
                ast::Constant::None => Type::None,
                ast::Constant::Str(s) => self.string_annotation(s, c.range, depth),
                ast::Constant::Ellipsis => Type::UNKNOWN,
                _ => {
                    self.report(
                        c.range,
                        INVALID_TYPE_FORM.code,
                        "This value is not a valid type expression".to_owned(),
                    );
                    Type::UNKNOWN
                }
            },
            Expr::BinOp(b) if matches!(b.op, ast::Operator::BitOr) => {
                // `"A" | int` raises `TypeError` when it runs: neither `str`
                // nor a plain class (or `None`) has a `|` with the other.
                // (Type variables and `typing` forms accept strings.)
                let is_str = |e: &Expr| matches!(e, Expr::Constant(c) if matches!(c.value, ast::Constant::Str(_)));
                let fails = |this: &mut Self, quoted: &Expr, other: &Expr| {
                    is_str(quoted)
                        && match other {
                            Expr::Constant(c) => matches!(c.value, ast::Constant::None),
                            Expr::Name(_) | Expr::Attribute(_) => {
                                matches!(this.infer_expr(other), Type::ClassObject(_))
                            }
                            _ => false,
                        }
                };
                if self.annotation_runs()
                    && (fails(self, &b.left, &b.right) || fails(self, &b.right, &b.left))
                {
                    self.report(
                        b.range,
                        INVALID_TYPE_FORM.code,
                        "A quoted type cannot be an operand of `|`: it fails at runtime (quote the whole annotation)".to_owned(),
                    );
                }
                let left = self.type_expression(&b.left, depth + 1);
                let right = self.type_expression(&b.right, depth + 1);
                left.union_with(db, right)
            }
            Expr::Subscript(sub) => self.subscript_type_expression(sub, depth),
            // `P.args` / `P.kwargs` (valid on `*args` / `**kwargs`): the
            // ParamSpec itself stands for its components there.
            Expr::Attribute(attr)
                if matches!(attr.attr.as_str(), "args" | "kwargs")
                    && matches!(
                        self.infer_expr(&attr.value),
                        Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::ParamSpec
                    ) =>
            {
                self.infer_expr(&attr.value)
            }
            Expr::Name(_) | Expr::Attribute(_) => {
                if let Some((file, def)) = self.alias_definition_for(expr) {
                    let name = match expr {
                        Expr::Name(n) => n.id.to_string(),
                        Expr::Attribute(a) => a.attr.to_string(),
                        _ => String::new(),
                    };
                    if let Some(ty) = self.alias_reference(file, def, &name, None, expr.range()) {
                        return ty;
                    }
                }
                let value = self.infer_expr(expr);
                if let Type::TypeVar(tv) = value {
                    if tv.kind(db) == TypeVarKind::ParamSpec {
                        let name = tv.name(db).clone();
                        self.report(
                            expr.range(),
                            INVALID_TYPE_FORM.code,
                            format!("ParamSpec `{name}` is not allowed here: use it in `Callable[{name}, R]`, `Concatenate` or as `*args: {name}.args, **kwargs: {name}.kwargs`"),
                        );
                        return Type::UNKNOWN;
                    }
                }
                self.value_as_type(value, expr.range())
            }
            Expr::List(_)
            | Expr::Tuple(_)
            | Expr::Dict(_)
            | Expr::Call(_)
            | Expr::Lambda(_)
            | Expr::IfExp(_)
            | Expr::Compare(_)
            | Expr::BoolOp(_)
            | Expr::JoinedStr(_) => {
                self.report(
                    expr.range(),
                    INVALID_TYPE_FORM.code,
                    "This expression is not allowed in a type expression".to_owned(),
                );
                Type::UNKNOWN
            }
            // `*args: *Ts`: the TypeVarTuple itself (the parameter's type is
            // then `tuple[*Ts]`); `*args: *tuple[int, str]`: the tuple, which
            // is the type of `args` (the signature spreads it into
            // parameters); other unpacked forms are not modelled.
            Expr::Starred(star) => match self.type_expression(&star.value, depth + 1) {
                Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::TypeVarTuple => Type::TypeVar(tv),
                Type::Tuple(t)
                    if !t.elements(db).iter().any(|e| {
                        matches!(e, Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::TypeVarTuple)
                    }) =>
                {
                    Type::Tuple(t)
                }
                _ => Type::UNKNOWN,
            },
            _ => {
                self.report(
                    expr.range(),
                    INVALID_TYPE_FORM.code,
                    "This expression is not allowed in a type expression".to_owned(),
                );
                Type::UNKNOWN
            }
        }
    }

    /// A value (from evaluating an annotation) read as a type.
    pub(crate) fn value_as_type(&mut self, value: Type<'db>, range: TextRange) -> Type<'db> {
        let db = self.db;
        match value {
            Type::ClassObject(class) => {
                if class.is_known(db, KnownClass::NoneType) {
                    return Type::None;
                }
                if class.is_known(db, KnownClass::Tuple) && class.args(db).is_empty() {
                    return Type::Tuple(TupleType::homogeneous_of(db, Type::UNKNOWN));
                }
                // A bare generic class keeps no arguments: its parameters
                // are Unknown wherever it is used (not looked up here, which
                // would make a class's own bases depend on its parameters).
                Type::Instance(class)
            }
            Type::None => Type::None,
            Type::Dynamic(_) => value,
            Type::TypeVar(_) => value,
            // A type alias assigned from a type expression evaluates to the
            // instance type it denotes (see `infer_definition_type`).
            // `mod.Alias` for a `type` statement alias: not modelled.
            Type::Instance(_) if super::alias::is_type_alias_object(db, value) => Type::UNKNOWN,
            // A name bound to several classes (`if ...: X = A else: X = B`,
            // or a class shadowed by an import) means any of them.
            Type::Union(u)
                if u.elements(db)
                    .iter()
                    .any(|e| matches!(e, Type::ClassObject(_))) =>
            {
                let elements = u.elements(db).clone();
                let types: Vec<Type<'db>> = elements
                    .into_iter()
                    .map(|e| self.value_as_type(e, range))
                    .collect();
                union(db, types)
            }
            Type::Instance(_)
            | Type::Union(_)
            | Type::Tuple(_)
            | Type::Callable(_)
            | Type::LiteralString => value,
            Type::SpecialForm(form) => match form {
                SpecialForm::Any => Type::ANY,
                SpecialForm::Never | SpecialForm::NoReturn => Type::Never,
                SpecialForm::LiteralString => Type::LiteralString,
                SpecialForm::Tuple => Type::Tuple(TupleType::homogeneous_of(db, Type::UNKNOWN)),
                SpecialForm::Callable => {
                    Type::Callable(CallableType::new(db, Signature::gradual(Type::UNKNOWN)))
                }
                SpecialForm::Type => known_class(db, KnownClass::Type)
                    .map(Type::Instance)
                    .unwrap_or(Type::UNKNOWN),
                SpecialForm::Final | SpecialForm::ClassVar | SpecialForm::TypeAlias => {
                    Type::UNKNOWN
                }
                SpecialForm::SelfType => self.self_type_expression(range),
                SpecialForm::TypedDict => {
                    self.report(
                        range,
                        INVALID_TYPE_FORM.code,
                        "`TypedDict` is not allowed in a type expression".to_owned(),
                    );
                    Type::UNKNOWN
                }
                SpecialForm::NamedTuple | SpecialForm::Protocol => Type::TODO,
                _ => {
                    self.report(
                        range,
                        INVALID_TYPE_FORM.code,
                        format!(
                            "`{}` is not allowed in a type expression without arguments",
                            form.name()
                        ),
                    );
                    Type::UNKNOWN
                }
            },
            Type::Module(m) => {
                self.report(
                    range,
                    INVALID_TYPE_FORM.code,
                    format!("Module `{}` is not valid in a type expression", m.name(db)),
                );
                Type::UNKNOWN
            }
            Type::Function(_) | Type::BoundMethod(_) => {
                self.report(
                    range,
                    INVALID_TYPE_FORM.code,
                    "A function is not valid in a type expression".to_owned(),
                );
                Type::UNKNOWN
            }
            Type::IntLiteral(_)
            | Type::BoolLiteral(_)
            | Type::StrLiteral(_)
            | Type::BytesLiteral(_) => {
                let shown = self.display(value);
                self.report(
                    range,
                    INVALID_TYPE_FORM.code,
                    format!("A variable (of type `{shown}`) is not valid in a type expression"),
                );
                Type::UNKNOWN
            }
            _ => Type::UNKNOWN,
        }
    }

    fn string_annotation(&mut self, text: &str, range: TextRange, depth: usize) -> Type<'db> {
        // The string's contents start one quote (or three) after the range
        // start; offsets matter only for diagnostics and name lookup.
        // Parenthesized so that a multi-line string parses like CPython's
        // evaluation of it; offsets are approximate inside the string.
        let start = range.start();
        let Ok(parsed) = gradus_syntax::parse_expression_at(&format!("({})", text.trim()), start)
        else {
            self.report(
                range,
                INVALID_TYPE_FORM.code,
                format!("Cannot parse string annotation `{text}`"),
            );
            return Type::UNKNOWN;
        };
        // Names inside the string are not in the binder's index: they are
        // looked up by name from the enclosing scope (see `name_type`).
        let saved = std::mem::replace(&mut self.in_string_annotation, true);
        let ty = self.type_expression(&parsed, depth + 1);
        self.in_string_annotation = saved;
        ty
    }

    fn subscript_type_expression(&mut self, sub: &ast::ExprSubscript, depth: usize) -> Type<'db> {
        // `[int][0]`: only a name, an attribute or a subscript can be
        // subscripted in a type expression.
        if !matches!(
            sub.value.as_ref(),
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_)
        ) {
            self.report(
                sub.range,
                INVALID_TYPE_FORM.code,
                "This expression is not allowed in a type expression".to_owned(),
            );
            return Type::UNKNOWN;
        }
        let slice_items: Vec<&Expr> = match sub.slice.as_ref() {
            Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        // `Alias[int]`: a generic alias specialized.
        if let Some((file, def)) = self.alias_definition_for(&sub.value) {
            let name = match sub.value.as_ref() {
                Expr::Name(n) => n.id.to_string(),
                Expr::Attribute(a) => a.attr.to_string(),
                _ => String::new(),
            };
            if let Some(ty) = self.alias_reference(file, def, &name, Some(&slice_items), sub.range)
            {
                return ty;
            }
        }
        let value = self.infer_expr(&sub.value);
        // Under a class's (or tuple's, callable's) arguments a recursive
        // alias reference can be unrolled; `Union`, `Optional`, `Annotated`
        // and qualifiers are transparent.
        let transparent = matches!(
            value,
            Type::SpecialForm(
                SpecialForm::Union
                    | SpecialForm::Optional
                    | SpecialForm::Annotated
                    | SpecialForm::Final
                    | SpecialForm::ClassVar
                    | SpecialForm::Required
                    | SpecialForm::NotRequired
                    | SpecialForm::ReadOnly
                    | SpecialForm::Literal
            )
        );
        if transparent {
            return self.subscript_with_value(sub, value, slice_items, depth);
        }
        let saved = super::alias::set_guarded(true);
        let ty = self.subscript_with_value(sub, value, slice_items, depth);
        super::alias::restore_guarded(saved);
        ty
    }

    fn subscript_with_value(
        &mut self,
        sub: &ast::ExprSubscript,
        value: Type<'db>,
        slice_items: Vec<&Expr>,
        depth: usize,
    ) -> Type<'db> {
        let db = self.db;
        match value {
            Type::SpecialForm(form) => match form {
                SpecialForm::Optional => {
                    let inner = self.type_expression(&sub.slice, depth + 1);
                    inner.union_with(db, Type::None)
                }
                SpecialForm::Union => {
                    let items: Vec<Type<'db>> = slice_items
                        .iter()
                        .map(|e| self.type_expression(e, depth + 1))
                        .collect();
                    union(db, items)
                }
                SpecialForm::Literal => {
                    // `Literal[(1, 2)]`: a parenthesized tuple is a tuple
                    // value, not a list of values.
                    if let Expr::Tuple(t) = sub.slice.as_ref() {
                        if t.elts
                            .first()
                            .is_some_and(|first| first.start() > t.range.start())
                        {
                            self.report(
                                t.range,
                                INVALID_TYPE_FORM.code,
                                "Invalid value in `Literal[...]`: a tuple".to_owned(),
                            );
                            return Type::UNKNOWN;
                        }
                    }
                    let items: Vec<Type<'db>> = slice_items
                        .iter()
                        .map(|e| self.literal_item(e, depth))
                        .collect();
                    union(db, items)
                }
                SpecialForm::Final
                | SpecialForm::ClassVar
                | SpecialForm::Required
                | SpecialForm::NotRequired
                | SpecialForm::ReadOnly
                | SpecialForm::TypeGuard
                | SpecialForm::TypeIs => {
                    let inner = self.type_expression(slice_items[0], depth + 1);
                    if matches!(form, SpecialForm::TypeGuard | SpecialForm::TypeIs) {
                        // A `bool` that narrows: `_typeshed.TypeGuard[T]`
                        // (covariant) or `_typeshed.TypeIs[T]` (invariant).
                        let name = if form == SpecialForm::TypeIs {
                            "TypeIs"
                        } else {
                            "TypeGuard"
                        };
                        match crate::semantic::module_class(db, "_typeshed", name) {
                            Some(c) => Type::Instance(gradus_types::ClassType::new(
                                db,
                                c.class(db),
                                vec![inner],
                            )),
                            None => known_class(db, KnownClass::Bool)
                                .map(Type::Instance)
                                .unwrap_or(Type::UNKNOWN),
                        }
                    } else {
                        inner
                    }
                }
                SpecialForm::Annotated => {
                    crate::qualifiers::check_annotated_arguments(self, sub, slice_items.len());
                    self.type_expression(slice_items[0], depth + 1)
                }
                SpecialForm::Tuple => self.tuple_type_expression(&slice_items, depth),
                SpecialForm::Type => {
                    let inner = self.type_expression(&sub.slice, depth + 1);
                    subclass_of(db, inner)
                }
                SpecialForm::Callable => self.callable_type_expression(&slice_items, depth),
                SpecialForm::Concatenate => {
                    self.report(
                        sub.range,
                        INVALID_TYPE_FORM.code,
                        "`Concatenate` is only allowed as the first argument of `Callable` or a ParamSpec's argument"
                            .to_owned(),
                    );
                    Type::UNKNOWN
                }
                // `**kwargs: Unpack[TD]` (see `crate::typeddict`).
                SpecialForm::Unpack => {
                    // Other unpacked forms (`Unpack[Ts]`) are not evaluated
                    // here: their diagnostics belong to their own checks.
                    let saved = std::mem::take(&mut self.diagnostics);
                    let inner = self.type_expression(&sub.slice, depth + 1);
                    let produced = std::mem::replace(&mut self.diagnostics, saved);
                    match (crate::typeddict::typeddict_instance(db, inner), inner) {
                        (Some(_), _) => {
                            self.diagnostics.extend(produced);
                            inner
                        }
                        // `*args: Unpack[tuple[int, str]]`, as `*tuple[...]`.
                        (None, Type::Tuple(t)) if t.type_var_tuple_index(db).is_none() => {
                            self.diagnostics.extend(produced);
                            inner
                        }
                        (None, _) => Type::TODO,
                    }
                }
                SpecialForm::SelfType => {
                    self.report(
                        sub.range,
                        INVALID_TYPE_FORM.code,
                        "`Self` cannot be subscripted".to_owned(),
                    );
                    Type::UNKNOWN
                }
                SpecialForm::Generic | SpecialForm::Protocol => {
                    self.report(
                        sub.range,
                        INVALID_TYPE_FORM.code,
                        format!(
                            "`{}[...]` is only valid as a base class, not in a type expression",
                            form.name()
                        ),
                    );
                    Type::UNKNOWN
                }
                _ => Type::TODO,
            },
            Type::ClassObject(class) => {
                if crate::newtype::is_newtype(db, class.class(db)) {
                    self.report(
                        sub.range,
                        INVALID_TYPE_FORM.code,
                        format!("NewType `{}` is not generic", class.name(db)),
                    );
                    return Type::Instance(class);
                }
                if class.is_known(db, KnownClass::Tuple) {
                    return self.tuple_type_expression(&slice_items, depth);
                }
                // `InitVar[int]` declares an `__init__`-only `int`.
                if class.name(db) == "InitVar"
                    && gradus_resolve::file_to_module(db, class.class(db).file(db))
                        .is_some_and(|m| m.name == "dataclasses")
                {
                    return self.type_expression(&sub.slice, depth + 1);
                }
                if class.is_known(db, KnownClass::Type) {
                    let inner = self.type_expression(&sub.slice, depth + 1);
                    return subclass_of(db, inner);
                }
                let args = self.class_type_arguments(class, &slice_items, depth);
                crate::generic_checks::check_type_argument_count(self, class, &slice_items, sub);
                Type::Instance(ClassType::new(db, class.class(db), args))
            }
            Type::Dynamic(_) => value,
            _ => Type::TODO,
        }
    }

    fn literal_item(&mut self, expr: &Expr, depth: usize) -> Type<'db> {
        let db = self.db;
        match expr {
            Expr::Constant(c) => match &c.value {
                ast::Constant::Int(i) => match i.to_string().parse::<i64>() {
                    Ok(v) => Type::IntLiteral(v),
                    Err(_) => crate::semantic::known_instance(db, KnownClass::Int),
                },
                ast::Constant::Bool(b) => Type::BoolLiteral(*b),
                ast::Constant::Str(s) => Type::StrLiteral(LiteralStr::new(db, s.clone())),
                ast::Constant::Bytes(b) => {
                    Type::BytesLiteral(LiteralStr::new(db, String::from_utf8_lossy(b).into_owned()))
                }
                ast::Constant::None => Type::None,
                _ => {
                    self.report(
                        c.range,
                        INVALID_TYPE_FORM.code,
                        "Invalid value in `Literal[...]`".to_owned(),
                    );
                    Type::UNKNOWN
                }
            },
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::UAdd) => match u.operand.as_ref() {
                Expr::Constant(ast::ExprConstant {
                    value: ast::Constant::Int(i),
                    ..
                }) => i
                    .to_string()
                    .parse::<i64>()
                    .map(Type::IntLiteral)
                    .unwrap_or(Type::UNKNOWN),
                _ => Type::UNKNOWN,
            },
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => match u.operand.as_ref() {
                Expr::Constant(ast::ExprConstant {
                    value: ast::Constant::Int(i),
                    ..
                }) => match i.to_string().parse::<i64>() {
                    Ok(v) => Type::IntLiteral(-v),
                    Err(_) => Type::UNKNOWN,
                },
                _ => Type::UNKNOWN,
            },
            Expr::Subscript(_) => {
                // Nested `Literal[Literal[1]]`.
                self.type_expression(expr, depth + 1)
            }
            Expr::Attribute(attr) => {
                // An enum member: `Literal[Color.RED]`. On an enum class
                // whose members we know, anything else is not a member.
                let on_enum = match self.infer_expr(&attr.value) {
                    Type::ClassObject(c) => {
                        crate::class::is_enum_class(self.db, c.class(self.db))
                            && !crate::class::class_mro(self.db, c.class(self.db)).has_dynamic
                    }
                    _ => false,
                };
                match self.infer_expr(expr) {
                    member @ Type::EnumLiteral(_) => member,
                    Type::Dynamic(_) if on_enum => Type::UNKNOWN,
                    _ if on_enum => {
                        self.report(
                            expr.range(),
                            INVALID_TYPE_FORM.code,
                            format!(
                                "Invalid value in `Literal[...]`: `{}` is not a member of the enum",
                                attr.attr
                            ),
                        );
                        Type::UNKNOWN
                    }
                    // Members of enums built on a custom metaclass are not
                    // recognized yet: only values that are surely not
                    // members are reported.
                    Type::Dynamic(_)
                    | Type::IntLiteral(_)
                    | Type::StrLiteral(_)
                    | Type::BytesLiteral(_)
                    | Type::BoolLiteral(_)
                    | Type::Instance(_)
                    | Type::Tuple(_) => Type::TODO,
                    _ => {
                        self.report(
                            expr.range(),
                            INVALID_TYPE_FORM.code,
                            "Invalid value in `Literal[...]`: only enum members may be referred to by name".to_owned(),
                        );
                        Type::UNKNOWN
                    }
                }
            }
            _ => {
                self.report(
                    expr.range(),
                    INVALID_TYPE_FORM.code,
                    "Invalid value in `Literal[...]`".to_owned(),
                );
                Type::UNKNOWN
            }
        }
    }

    pub(crate) fn tuple_type_expression(&mut self, items: &[&Expr], depth: usize) -> Type<'db> {
        let db = self.db;
        let is_ellipsis =
            |e: &Expr| matches!(e, Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis));
        // `...` may only follow the single element of `tuple[T, ...]`.
        for (i, item) in items.iter().enumerate() {
            if is_ellipsis(item) && !(i == 1 && items.len() == 2 && !is_ellipsis(items[0])) {
                self.report(
                    item.range(),
                    INVALID_TYPE_FORM.code,
                    "`...` is allowed only as the second of two arguments: `tuple[T, ...]`"
                        .to_owned(),
                );
                return Type::Tuple(TupleType::homogeneous_of(db, Type::UNKNOWN));
            }
        }
        if items.len() == 2 && is_ellipsis(items[1]) {
            if self.unpacked_operand(items[0]).is_some() {
                self.report(
                    items[0].range(),
                    INVALID_TYPE_FORM.code,
                    "An unpacked type cannot be the element of `tuple[T, ...]`".to_owned(),
                );
                return Type::Tuple(TupleType::homogeneous_of(db, Type::UNKNOWN));
            }
            let elem = self.type_expression(items[0], depth + 1);
            return Type::Tuple(TupleType::homogeneous_of(db, elem));
        }
        // `tuple[()]` is the empty tuple.
        if items.len() == 1 && matches!(items[0], Expr::Tuple(t) if t.elts.is_empty()) {
            return Type::Tuple(TupleType::fixed(db, vec![]));
        }
        // Unpacked tuples are spliced in (`tuple[int, *tuple[str, str]]`);
        // at most one unbounded part (`*tuple[T, ...]`, `*Ts`) is allowed,
        // and `*tuple[T, ...]` becomes the tuple's unbounded part
        // (`tuple[int, *tuple[str, ...]]`). A `*Ts` stays an element of its
        // own, spliced when `Ts` is substituted.
        let mut elements: Vec<Type<'db>> = Vec::with_capacity(items.len());
        let mut variadic: Option<usize> = None;
        let mut unbounded_count = 0;
        let mut invalid = false;
        for item in items {
            let Some(operand) = self.unpacked_operand(item) else {
                elements.push(self.type_expression(item, depth + 1));
                continue;
            };
            let operand_type = self.type_expression(operand, depth + 1);
            if let Type::Tuple(t) = operand_type {
                if t.is_fixed(db) {
                    elements.extend(t.elements(db).iter().copied());
                    continue;
                }
            }
            unbounded_count += 1;
            if unbounded_count > 1 {
                self.report(
                    item.range(),
                    INVALID_TYPE_FORM.code,
                    "Only one unbounded tuple (`*tuple[T, ...]` or `*Ts`) may appear in a tuple"
                        .to_owned(),
                );
                invalid = true;
                continue;
            }
            match operand_type {
                // `*Ts`: the TypeVarTuple stands for its elements.
                Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::TypeVarTuple => {
                    elements.push(Type::TypeVar(tv));
                }
                Type::Tuple(t) => {
                    variadic = t.variadic(db).map(|k| k + elements.len());
                    elements.extend(t.elements(db).iter().copied());
                }
                // Not modelled (an unresolved name): any number of anything.
                _ => {
                    variadic = Some(elements.len());
                    elements.push(Type::UNKNOWN);
                }
            }
        }
        if invalid {
            return Type::Tuple(TupleType::homogeneous_of(db, Type::UNKNOWN));
        }
        Type::Tuple(TupleType::new(db, elements, variadic))
    }

    /// `X` of `*X` or `Unpack[X]`.
    pub(crate) fn unpacked_operand<'e>(&mut self, item: &'e Expr) -> Option<&'e Expr> {
        match item {
            Expr::Starred(s) => Some(&s.value),
            Expr::Subscript(sub)
                if matches!(
                    self.infer_expr(&sub.value),
                    Type::SpecialForm(SpecialForm::Unpack)
                ) =>
            {
                Some(&sub.slice)
            }
            _ => None,
        }
    }

    fn callable_type_expression(&mut self, items: &[&Expr], depth: usize) -> Type<'db> {
        let db = self.db;
        let Some(ret) = items.get(1) else {
            return Type::Callable(CallableType::new(db, Signature::gradual(Type::UNKNOWN)));
        };
        let return_type = self.type_expression(ret, depth + 1);
        let unpacked = |e: &Expr| {
            matches!(e, Expr::Starred(_))
                || matches!(e, Expr::Subscript(s) if matches!(s.value.as_ref(), Expr::Name(n) if n.id.as_str() == "Unpack"))
        };
        let signature = match items[0] {
            // `Callable[[int, *Ts], R]`: variadic parameter lists are not
            // modelled yet; any parameters are accepted.
            Expr::List(list) if list.elts.iter().any(unpacked) => {
                // `Callable[[int, *Ts], R]`: `*Ts` is a `*args: *Ts`.
                let mut parameters = Vec::new();
                let mut modelled = true;
                // After `*tuple[T, ...]` no parameter can follow.
                let mut closed = false;
                for e in &list.elts {
                    if closed {
                        modelled = false;
                    }
                    match self.unpacked_operand(e) {
                        Some(operand) => match self.type_expression(operand, depth + 1) {
                            Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::TypeVarTuple => {
                                parameters.push(Parameter {
                                    name: None,
                                    kind: ParameterKind::VarPositional,
                                    ty: Type::TypeVar(tv),
                                    has_default: false,
                                })
                            }
                            // `Callable[[int, *tuple[str, ...]], R]`: positional
                            // parameters, then `*args: str`.
                            Type::Tuple(t)
                                if t.type_var_tuple_index(db).is_none()
                                    && t.suffix(db).is_empty() =>
                            {
                                parameters.extend(t.prefix(db).iter().map(|&ty| Parameter {
                                    name: None,
                                    kind: ParameterKind::PositionalOnly,
                                    ty,
                                    has_default: false,
                                }));
                                if let Some(ty) = t.variadic_element(db) {
                                    parameters.push(Parameter {
                                        name: None,
                                        kind: ParameterKind::VarPositional,
                                        ty,
                                        has_default: false,
                                    });
                                    closed = true;
                                }
                            }
                            _ => modelled = false,
                        },
                        None => parameters.push(self.positional_parameter(e, depth)),
                    }
                }
                if modelled
                    && parameters
                        .iter()
                        .filter(|p| p.kind == ParameterKind::VarPositional)
                        .count()
                        <= 1
                {
                    Signature {
                        parameters,
                        return_type,
                        gradual: false,
                    }
                } else {
                    Signature::gradual(return_type)
                }
            }
            first => match self.parameter_list_expression(first, depth) {
                Some(sig) => Signature { return_type, ..sig },
                None => {
                    self.report(
                        first.range(),
                        INVALID_TYPE_FORM.code,
                        "The first argument of `Callable` must be a parameter list, `...`, a ParamSpec or `Concatenate[...]`"
                            .to_owned(),
                    );
                    Signature::gradual(return_type)
                }
            },
        };
        Type::Callable(CallableType::new(db, signature))
    }

    /// The type arguments of `C[...]`, read per the class's parameters: a
    /// ParamSpec takes a parameter list (`C[[int, str]]`, `C[..., int]`, or
    /// all the arguments `C[int, str]` when it is the only parameter), a
    /// TypeVarTuple's part is spliced flat (`C[int, *tuple[str, bytes]]`).
    pub(crate) fn class_type_arguments(
        &mut self,
        class: ClassType<'db>,
        items: &[&Expr],
        depth: usize,
    ) -> Vec<Type<'db>> {
        let db = self.db;
        let params = super::generics::class_type_params(db, class.class(db)).clone();
        let is_list_like = |e: &Expr| {
            matches!(e, Expr::List(_))
                || matches!(e, Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis))
        };
        if let [only] = params.as_slice() {
            if only.kind(db) == TypeVarKind::ParamSpec
                && !(items.len() == 1
                    && (is_list_like(items[0]) || self.is_param_spec_like(items[0])))
            {
                let parameters = items
                    .iter()
                    .map(|e| self.positional_parameter(e, depth))
                    .collect();
                let sig = Signature {
                    parameters,
                    return_type: Type::UNKNOWN,
                    gradual: false,
                };
                return vec![Type::Callable(CallableType::new(db, sig))];
            }
        }
        // Which parameter each item is for: around a TypeVarTuple, the
        // items before and after it pair with the parameters before and
        // after it.
        let variadic = params
            .iter()
            .position(|p| p.kind(db) == TypeVarKind::TypeVarTuple);
        // A trailing ParamSpec with a default takes the last item only when
        // that item is a parameter list (`Foo[int, str]` for
        // `Foo[*Ts, P = [float]]` is all `Ts`).
        let mut explicit_suffix = variadic.map_or(0, |k| params.len() - k - 1);
        if let Some(last) = params.last() {
            if variadic.is_some()
                && explicit_suffix > 0
                && last.kind(db) == TypeVarKind::ParamSpec
                && last.default(db).is_some()
                && !items
                    .last()
                    .is_some_and(|e| is_list_like(e) || self.is_param_spec_like(e))
            {
                explicit_suffix -= 1;
            }
        }
        let param_for = |i: usize| -> Option<gradus_types::TypeVarType<'db>> {
            match variadic {
                None => params.get(i).copied(),
                Some(k) => {
                    let suffix = explicit_suffix;
                    if i < k {
                        params.get(i).copied()
                    } else if i + suffix >= items.len() && items.len() >= suffix {
                        params.get(k + 1 + suffix - (items.len() - i)).copied()
                    } else {
                        params.get(k).copied()
                    }
                }
            }
        };
        let mut args = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let param = param_for(i);
            if param.is_some_and(|p| p.kind(db) == TypeVarKind::ParamSpec) {
                match self.parameter_list_expression(item, depth + 1) {
                    Some(sig) => args.push(Type::Callable(CallableType::new(db, sig))),
                    None => {
                        self.report(
                            item.range(),
                            INVALID_TYPE_FORM.code,
                            "A ParamSpec's argument must be a parameter list, `...` or a ParamSpec"
                                .to_owned(),
                        );
                        args.push(Type::UNKNOWN);
                    }
                }
                continue;
            }
            if let Some(operand) = self.unpacked_operand(item) {
                match self.type_expression(operand, depth + 1) {
                    Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::TypeVarTuple => {
                        args.push(Type::TypeVar(tv))
                    }
                    Type::Tuple(t) if t.is_fixed(db) => args.extend(t.elements(db).iter().copied()),
                    _ => args.push(Type::UNKNOWN),
                }
                continue;
            }
            if is_list_like(item) {
                args.push(Type::UNKNOWN);
                continue;
            }
            args.push(self.type_expression(item, depth + 1));
        }
        // An omitted trailing ParamSpec after a TypeVarTuple takes its
        // default.
        if let Some(k) = variadic {
            if explicit_suffix < params.len() - k - 1 {
                if let Some(default) = params.last().and_then(|p| p.default(db)) {
                    args.push(default);
                }
            }
        }
        // PEP 696: missing trailing arguments take their parameters'
        // defaults, which may refer to the earlier parameters.
        if variadic.is_none() && !args.is_empty() && args.len() < params.len() {
            for i in args.len()..params.len() {
                let Some(default) = params[i].default(db) else {
                    break;
                };
                let earlier: super::generics::Substitution<'db> = params[..i]
                    .iter()
                    .copied()
                    .zip(args.iter().copied())
                    .collect();
                args.push(super::generics::substitute(db, default, &earlier));
            }
        }
        args
    }

    /// Whether `expr` is a ParamSpec or `Concatenate[...]`.
    fn is_param_spec_like(&mut self, expr: &Expr) -> bool {
        let db = self.db;
        match expr {
            Expr::Subscript(sub) => matches!(
                self.infer_expr(&sub.value),
                Type::SpecialForm(SpecialForm::Concatenate)
            ),
            Expr::Name(_) | Expr::Attribute(_) => matches!(
                self.infer_expr(expr),
                Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::ParamSpec
            ),
            _ => false,
        }
    }

    /// `Self` at `range`: the `Self` type variable of the enclosing class;
    /// an error outside a class, in a static method or in a metaclass.
    fn self_type_expression(&mut self, range: TextRange) -> Type<'db> {
        let db = self.db;
        let index = crate::firewall::index(db, self.file);
        let mut scope = crate::semantic::scope_at(db, self.file, range.start());
        let mut innermost_function: Option<TextRange> = None;
        let mut method: Option<TextRange> = None;
        let class_range = loop {
            let info = index.scope(scope);
            match info.kind {
                gradus_index::ScopeKind::Class => break Some(info.node_range),
                gradus_index::ScopeKind::Function { .. } => {
                    if innermost_function.is_none() {
                        innermost_function = Some(info.node_range);
                    }
                    method = Some(info.node_range);
                }
                gradus_index::ScopeKind::Module => break None,
                _ => {}
            }
            match info.parent {
                Some(parent) => scope = parent,
                None => break None,
            }
        };
        let _ = innermost_function;
        let fail = |this: &mut Self, message: &str| {
            this.report(range, INVALID_TYPE_FORM.code, message.to_owned());
            Type::UNKNOWN
        };
        let Some(class_range) = class_range else {
            return fail(self, "`Self` is only allowed inside a class");
        };
        let class = crate::firewall::definitions_by_statement(db, self.file)
            .get(&class_range)
            .map(|&d| crate::semantic::definition_type(db, self.file, d));
        let Some(Type::ClassObject(class)) = class else {
            return Type::UNKNOWN;
        };
        let literal = class.class(db);
        let module = crate::semantic::parsed(db, self.file);
        // In the class's own base list (`class C(Base[Self])`).
        if let Some(gradus_syntax::ast::Stmt::ClassDef(stmt)) =
            gradus_index::locate::find_stmt(&module, class_range)
        {
            if stmt
                .body
                .first()
                .is_some_and(|first| range.start() < first.start())
            {
                return fail(self, "`Self` is not allowed in a class's bases");
            }
        }
        if let Some(method) = method {
            if let Some(parts) = gradus_index::locate::find_stmt(&module, method)
                .and_then(super::function::function_parts)
            {
                if parts
                    .decorators
                    .iter()
                    .any(|d| super::function::decorator_name(d) == Some("staticmethod"))
                {
                    return fail(self, "`Self` is not allowed in a static method");
                }
                // `def m(self: T) -> Self`: the receiver already has a type
                // variable of its own.
                let first = parts
                    .args
                    .posonlyargs
                    .iter()
                    .chain(parts.args.args.iter())
                    .next();
                if let Some(annotation) = first.and_then(|a| a.def.annotation.as_deref()) {
                    let names_self = |e: &Expr| match e {
                        Expr::Name(n) => n.id.as_str() == "Self",
                        Expr::Attribute(a) => a.attr.as_str() == "Self",
                        Expr::Constant(_) => true,
                        _ => true,
                    };
                    if !annotation.range().contains_range(range)
                        && matches!(annotation, Expr::Name(_) | Expr::Attribute(_))
                        && !names_self(annotation)
                        && matches!(self.infer_expr(annotation), Type::TypeVar(_))
                    {
                        return fail(
                            self,
                            "`Self` cannot be used in a method whose `self` is annotated with a type variable",
                        );
                    }
                }
            }
        }
        if crate::semantic::known_class(db, KnownClass::Type).is_some_and(|t| {
            literal != t.class(db) && crate::class::is_subclass(db, literal, t.class(db))
        }) {
            return fail(self, "`Self` is not allowed in a metaclass");
        }
        Type::TypeVar(super::generics::self_type_var(db, literal))
    }

    /// An unnamed positional-only parameter of the type `expr` denotes (an
    /// item of `Callable[[int, str], R]`, `Concatenate[...]`, `C[[...]]`).
    fn positional_parameter(&mut self, expr: &Expr, depth: usize) -> Parameter<'db> {
        Parameter {
            name: None,
            kind: ParameterKind::PositionalOnly,
            ty: self.type_expression(expr, depth + 1),
            has_default: false,
        }
    }

    /// A parameter list: `[int, str]`, `...`, `P` or `Concatenate[int, P]`,
    /// as a signature returning `Unknown`; `None` when `expr` is none of
    /// these.
    pub(crate) fn parameter_list_expression(
        &mut self,
        expr: &Expr,
        depth: usize,
    ) -> Option<Signature<'db>> {
        let db = self.db;
        if depth > MAX_ANNOTATION_DEPTH {
            return Some(Signature::gradual(Type::UNKNOWN));
        }
        match expr {
            Expr::List(list) => Some(Signature {
                parameters: list
                    .elts
                    .iter()
                    .map(|e| self.positional_parameter(e, depth))
                    .collect(),
                return_type: Type::UNKNOWN,
                gradual: false,
            }),
            Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis) => {
                Some(Signature::gradual(Type::UNKNOWN))
            }
            Expr::Subscript(sub)
                if matches!(
                    self.infer_expr(&sub.value),
                    Type::SpecialForm(SpecialForm::Concatenate)
                ) =>
            {
                let items: Vec<&Expr> = match sub.slice.as_ref() {
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    other => vec![other],
                };
                let (last, prefix) = items.split_last()?;
                let mut parameters: Vec<Parameter<'db>> = prefix
                    .iter()
                    .map(|e| self.positional_parameter(e, depth))
                    .collect();
                match self.parameter_list_expression(last, depth + 1) {
                    Some(tail) if matches!(last, Expr::List(_)) => {
                        self.report(
                            last.range(),
                            INVALID_TYPE_FORM.code,
                            "The last argument of `Concatenate` must be a ParamSpec or `...`"
                                .to_owned(),
                        );
                        parameters.extend(tail.parameters);
                        Some(Signature {
                            parameters,
                            return_type: Type::UNKNOWN,
                            gradual: false,
                        })
                    }
                    Some(tail) => {
                        parameters.extend(tail.parameters);
                        Some(Signature {
                            parameters,
                            return_type: Type::UNKNOWN,
                            gradual: tail.gradual,
                        })
                    }
                    None => {
                        self.report(
                            last.range(),
                            INVALID_TYPE_FORM.code,
                            "The last argument of `Concatenate` must be a ParamSpec or `...`"
                                .to_owned(),
                        );
                        Some(Signature::gradual(Type::UNKNOWN))
                    }
                }
            }
            Expr::Name(_) | Expr::Attribute(_) | Expr::Constant(_) => match self.infer_expr(expr) {
                Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::ParamSpec => {
                    Some(Signature::param_spec(Type::TypeVar(tv), Type::UNKNOWN))
                }
                Type::Dynamic(d) if matches!(expr, Expr::Name(_) | Expr::Attribute(_)) => {
                    let _ = d;
                    Some(Signature::gradual(Type::UNKNOWN))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// A PEP 696 default of a type parameter of the given kind: a parameter
    /// list for a ParamSpec, an unpacked tuple (as a tuple) for a
    /// TypeVarTuple, a type otherwise.
    pub(crate) fn type_param_default_type(&mut self, expr: &Expr, kind: TypeVarKind) -> Type<'db> {
        let db = self.db;
        match kind {
            TypeVarKind::ParamSpec => match self.parameter_list_expression(expr, 0) {
                Some(sig) => Type::Callable(CallableType::new(db, sig)),
                None => {
                    self.report(
                        expr.range(),
                        INVALID_TYPE_FORM.code,
                        "A ParamSpec default must be a parameter list, `...` or a ParamSpec"
                            .to_owned(),
                    );
                    Type::UNKNOWN
                }
            },
            TypeVarKind::TypeVarTuple => match self.unpacked_operand(expr) {
                Some(operand) => match self.annotation_type(operand) {
                    Type::TypeVar(tv) => Type::Tuple(TupleType::fixed(db, vec![Type::TypeVar(tv)])),
                    other => other,
                },
                None => {
                    self.report(
                        expr.range(),
                        INVALID_TYPE_FORM.code,
                        "A TypeVarTuple default must be unpacked: `*tuple[...]` or `*Ts`"
                            .to_owned(),
                    );
                    Type::UNKNOWN
                }
            },
            _ => self.annotation_type(expr),
        }
    }
}

/// `type[X]` for the type `X`.
fn subclass_of<'db>(db: &'db dyn gradus_db::Db, inner: Type<'db>) -> Type<'db> {
    match inner {
        Type::Instance(c) => Type::SubclassOf(c),
        Type::Union(u) => union(db, u.elements(db).iter().map(|&e| subclass_of(db, e))),
        // `type[Any]` is `type` (an instance of `builtins.type`).
        Type::Dynamic(DynamicKind::Any) => known_class(db, KnownClass::Type)
            .map(Type::Instance)
            .unwrap_or(inner),
        Type::Dynamic(_) => inner,
        Type::TypeVar(tv) => Type::SubclassOfTypeVar(tv),
        // `type[None]`: the class `NoneType`.
        Type::None => known_class(db, KnownClass::NoneType)
            .map(Type::SubclassOf)
            .unwrap_or(Type::UNKNOWN),
        _ => Type::TODO,
    }
}
