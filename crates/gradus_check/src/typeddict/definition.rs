//! The rules of a typed dict's definition: what its body and bases may be,
//! how a subclass may redeclare items (PEP 589, PEP 705), `closed=` and
//! `extra_items=` (PEP 728), the functional form, and where `Required`,
//! `NotRequired` and `ReadOnly` may appear.
//!
//! ```python
//! class Movie(TypedDict):
//!     name: str
//!     def title(self): ...          # error: no methods in a typed dict
//!
//! class Remake(Movie):
//!     name: bytes                   # error: `name` was declared `str`
//!
//! class Point:
//!     x: Required[int]              # error: only in a typed dict
//!
//! TD = TypedDict("Other", {"a": int})   # error: the name must match
//! ```

use gradus_syntax::ast::{self, Expr, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{ClassType, SpecialForm, Type};

use super::{is_typeddict, qualifiers, schema_of, ExtraItems, TypedDictField, TypedDictSchema};
use crate::class::{class_bases, Base};
use crate::infer::expr::ExprInferrer;
use crate::relation::is_assignable;
use crate::rules::{INVALID_TYPED_DICT, INVALID_TYPE_FORM};

impl<'db> ExprInferrer<'db> {
    /// Reports the problems of class statement `stmt` defining `class`.
    pub(crate) fn check_typeddict_class(
        &mut self,
        class: ClassType<'db>,
        stmt: &ast::StmtClassDef,
    ) {
        let db = self.db;
        let literal = class.class(db);
        if !is_typeddict(db, literal) {
            // `Required[...]` and friends only mean something in a typed dict.
            for s in &stmt.body {
                if let Stmt::AnnAssign(a) = s {
                    self.check_item_qualifier_context(&a.annotation);
                }
            }
            return;
        }
        let name = literal.name(db).clone();
        // Bases: typed dicts, `TypedDict` and `Generic[...]` only.
        let bases = class_bases(db, literal);
        let mut base_schemas: Vec<(String, TypedDictSchema<'db>)> = Vec::new();
        for (i, base) in bases.iter().enumerate() {
            let range = stmt.bases.get(i).map(|b| b.range()).unwrap_or(stmt.range);
            match base {
                Base::Special(SpecialForm::TypedDict | SpecialForm::Generic) | Base::Dynamic => {}
                Base::Class(c) if is_typeddict(db, c.class(db)) => {
                    base_schemas.push((c.name(db).to_owned(), schema_of(db, *c)));
                }
                Base::Class(c) => {
                    let shown = c.name(db).to_owned();
                    self.report(
                        range,
                        INVALID_TYPED_DICT.code,
                        format!("Typed dict `{name}` cannot derive from `{shown}`, which is not a typed dict"),
                    );
                }
                Base::Special(form) => {
                    self.report(
                        range,
                        INVALID_TYPED_DICT.code,
                        format!("Typed dict `{name}` cannot derive from `{}`", form.name()),
                    );
                }
            }
        }
        let header = stmt
            .bases
            .first()
            .map(|b| b.range())
            .unwrap_or_else(|| TextRange::at(stmt.range.start(), 0.into()));
        // Keywords.
        for k in &stmt.keywords {
            let Some(arg) = &k.arg else { continue };
            match arg.as_str() {
                "total" | "closed" => {
                    if super::bool_literal(&k.value).is_none() {
                        self.report(
                            k.value.range(),
                            INVALID_TYPED_DICT.code,
                            format!(
                                "The argument `{arg}` of a typed dict must be `True` or `False`"
                            ),
                        );
                    }
                }
                "extra_items" => {
                    if let (Some(_), _) = qualifiers(self, &k.value) {
                        self.report(
                            k.value.range(),
                            INVALID_TYPED_DICT.code,
                            "`extra_items` cannot be `Required[...]` or `NotRequired[...]`"
                                .to_owned(),
                        );
                    }
                }
                "metaclass" => self.report(
                    k.range,
                    INVALID_TYPED_DICT.code,
                    format!("Typed dict `{name}` cannot have a metaclass"),
                ),
                other => self.report(
                    k.range,
                    INVALID_TYPED_DICT.code,
                    format!("Unknown argument `{other}` for typed dict `{name}`"),
                ),
            }
        }
        // Body: items only.
        for s in &stmt.body {
            match s {
                Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
                    self.report(
                        s.range(),
                        INVALID_TYPED_DICT.code,
                        format!("Typed dict `{name}` cannot define methods"),
                    );
                }
                Stmt::AnnAssign(a) => self.check_qualifier_nesting(&a.annotation),
                _ => {}
            }
        }
        let own = super::own_typeddict(db, literal).clone();
        let own_names: Vec<&str> = own.fields.iter().map(|f| f.name.as_str()).collect();
        // Items declared by several bases must agree.
        let mut reported_merge = false;
        for (i, (first_name, first)) in base_schemas.iter().enumerate() {
            for (second_name, second) in &base_schemas[i + 1..] {
                for f in &first.fields {
                    if own_names.contains(&f.name.as_str()) || reported_merge {
                        continue;
                    }
                    let Some(g) = second.field(&f.name) else {
                        continue;
                    };
                    let same = f.required == g.required
                        && f.read_only == g.read_only
                        && is_assignable(db, f.ty, g.ty)
                        && is_assignable(db, g.ty, f.ty);
                    if !same {
                        reported_merge = true;
                        self.report(
                            header,
                            INVALID_TYPED_DICT.code,
                            format!(
                                "Key `{}` is declared differently in `{first_name}` and `{second_name}`",
                                f.name
                            ),
                        );
                    }
                }
            }
        }
        // Redeclared and added items.
        let index = self.index;
        let mut annotated = Vec::new();
        crate::dataclass::collect_annotated(&stmt.body, index, &mut annotated, 0);
        for a in annotated {
            let Expr::Name(n) = a.target.as_ref() else {
                continue;
            };
            let Some(item) = own.fields.iter().find(|f| f.name == n.id.as_str()) else {
                continue;
            };
            let mut in_base = false;
            for (base_name, base) in &base_schemas {
                if let Some(b) = base.field(&item.name) {
                    in_base = true;
                    if let Some(problem) = redeclaration_problem(self, b, item) {
                        self.report(
                            a.range,
                            INVALID_TYPED_DICT.code,
                            format!(
                                "Cannot redeclare key `{}` of `{base_name}`: {problem}",
                                item.name
                            ),
                        );
                        break;
                    }
                }
            }
            if in_base {
                continue;
            }
            for (base_name, base) in &base_schemas {
                if let Some(problem) = added_item_problem(self, &base.extra, item) {
                    self.report(
                        a.range,
                        INVALID_TYPED_DICT.code,
                        format!("Cannot add key `{}` to `{base_name}`: {problem}", item.name),
                    );
                    break;
                }
            }
        }
        // `closed=` and `extra_items=` against the bases'.
        for k in &stmt.keywords {
            let Some(arg) = &k.arg else { continue };
            for (base_name, base) in &base_schemas {
                let problem = match (arg.as_str(), super::bool_literal(&k.value), base.extra) {
                    ("closed", Some(false), ExtraItems::Closed) => Some("it is closed".to_owned()),
                    ("closed", Some(false), ExtraItems::Typed { .. }) => {
                        Some("it has `extra_items`".to_owned())
                    }
                    (
                        "closed",
                        Some(true),
                        ExtraItems::Typed {
                            read_only: false, ..
                        },
                    ) => Some("its `extra_items` are not read-only".to_owned()),
                    ("extra_items", _, ExtraItems::Typed { ty, read_only }) => {
                        let (_, mine_read_only) = qualifiers(self, &k.value);
                        let mine = {
                            let saved = std::mem::take(&mut self.diagnostics);
                            let t = self.annotation_type(&k.value);
                            self.diagnostics = saved;
                            t
                        };
                        let ok = if read_only {
                            is_assignable(db, mine, ty)
                        } else {
                            !mine_read_only
                                && is_assignable(db, mine, ty)
                                && is_assignable(db, ty, mine)
                        };
                        (!ok).then(|| {
                            format!(
                                "its `extra_items` (`{}`) are not read-only",
                                self.display(ty)
                            )
                        })
                    }
                    _ => None,
                };
                if let Some(problem) = problem {
                    self.report(
                        k.range,
                        INVALID_TYPED_DICT.code,
                        format!("Cannot set `{arg}` in a subclass of `{base_name}`: {problem}"),
                    );
                    break;
                }
            }
        }
    }

    /// `Required[Required[int]]`, `Required[NotRequired[int]]`: an error.
    fn check_qualifier_nesting(&mut self, annotation: &Expr) {
        let mut seen = 0;
        let mut expr = annotation;
        for _ in 0..16 {
            let Expr::Subscript(s) = expr else { break };
            match self.infer_expr(&s.value) {
                Type::SpecialForm(SpecialForm::Required | SpecialForm::NotRequired) => {
                    seen += 1;
                    if seen == 2 {
                        self.report(
                            annotation.range(),
                            INVALID_TYPE_FORM.code,
                            "`Required[]` and `NotRequired[]` cannot be nested".to_owned(),
                        );
                        return;
                    }
                    expr = &s.slice;
                }
                Type::SpecialForm(SpecialForm::ReadOnly) => expr = &s.slice,
                Type::SpecialForm(SpecialForm::Annotated) => {
                    expr = match s.slice.as_ref() {
                        Expr::Tuple(t) => match t.elts.first() {
                            Some(first) => first,
                            None => break,
                        },
                        other => other,
                    };
                }
                _ => break,
            }
        }
    }

    /// Reports `Required`, `NotRequired` or `ReadOnly` outside a typed dict
    /// (a parameter's or an ordinary class's annotation).
    pub(crate) fn check_item_qualifier_context(&mut self, annotation: &Expr) {
        let mut expr = annotation;
        for _ in 0..16 {
            let Expr::Subscript(s) = expr else { return };
            match self.infer_expr(&s.value) {
                Type::SpecialForm(
                    form @ (SpecialForm::Required
                    | SpecialForm::NotRequired
                    | SpecialForm::ReadOnly),
                ) => {
                    self.report(
                        annotation.range(),
                        INVALID_TYPE_FORM.code,
                        format!(
                            "`{}[]` is only allowed in a typed dict's items",
                            form.name()
                        ),
                    );
                    return;
                }
                Type::SpecialForm(SpecialForm::Annotated) => {
                    expr = match s.slice.as_ref() {
                        Expr::Tuple(t) => match t.elts.first() {
                            Some(first) => first,
                            None => return,
                        },
                        other => other,
                    };
                }
                _ => return,
            }
        }
    }

    /// `**kwargs: Unpack[TD]`: `TD` must be a typed dict, and no other
    /// parameter that may be passed by keyword may have the name of one of
    /// its keys.
    pub(crate) fn check_unpacked_kwargs(&mut self, args: &ast::Arguments) {
        let db = self.db;
        let Some(annotation) = args.kwarg.as_ref().and_then(|k| k.annotation.as_deref()) else {
            return;
        };
        if !super::is_unpack_annotation(annotation) {
            return;
        }
        let Expr::Subscript(s) = annotation else {
            return;
        };
        let inner = {
            let saved = std::mem::take(&mut self.diagnostics);
            let t = self.annotation_type(&s.slice);
            self.diagnostics = saved;
            t
        };
        let Some(class) = super::typeddict_instance(db, inner) else {
            if !inner.is_dynamic() {
                let shown = self.display(inner);
                self.report(
                    s.slice.range(),
                    INVALID_TYPE_FORM.code,
                    format!("`Unpack[]` of `**kwargs` must be a typed dict, not `{shown}`"),
                );
            }
            return;
        };
        let schema = schema_of(db, class);
        for a in args.args.iter().chain(&args.kwonlyargs) {
            let name = a.def.arg.as_str();
            if schema.field(name).is_some() {
                self.report(
                    a.def.range,
                    INVALID_TYPED_DICT.code,
                    format!(
                        "Parameter `{name}` overlaps with key `{name}` of `{}` unpacked in `**{}`",
                        class.name(db),
                        args.kwarg
                            .as_ref()
                            .map(|k| k.arg.as_str())
                            .unwrap_or("kwargs")
                    ),
                );
            }
        }
    }

    /// `TD = TypedDict("TD", {...})`: the name must match, the items be a
    /// dict display with string keys, and only `total`, `closed` and
    /// `extra_items` may be passed.
    pub(crate) fn check_functional_typeddict(&mut self, assign: &ast::StmtAssign) {
        let Expr::Call(call) = assign.value.as_ref() else {
            return;
        };
        if !super::is_typeddict_name(&call.func)
            || !matches!(
                self.infer_expr(&call.func),
                Type::SpecialForm(SpecialForm::TypedDict)
            )
        {
            return;
        }
        if let (Some(Expr::Constant(c)), [Expr::Name(target)]) =
            (call.args.first(), assign.targets.as_slice())
        {
            if let ast::Constant::Str(s) = &c.value {
                if s.as_str() != target.id.as_str() {
                    self.report(
                        c.range,
                        INVALID_TYPED_DICT.code,
                        format!(
                            "The typed dict's name `{s}` does not match the variable `{}` it is assigned to",
                            target.id
                        ),
                    );
                }
            }
        }
        let options = ["total", "closed", "extra_items"];
        match call.args.get(1) {
            Some(Expr::Dict(d)) => {
                for k in d.keys.iter() {
                    let is_str = matches!(k, Some(Expr::Constant(c)) if matches!(c.value, ast::Constant::Str(_)));
                    if !is_str {
                        let range = k.as_ref().map(|k| k.range()).unwrap_or(d.range);
                        self.report(
                            range,
                            INVALID_TYPED_DICT.code,
                            "The keys of a typed dict must be string literals".to_owned(),
                        );
                    }
                }
                for v in d.values.iter() {
                    self.check_qualifier_nesting(v);
                }
                for k in &call.keywords {
                    match &k.arg {
                        Some(arg) if options.contains(&arg.as_str()) => {}
                        _ => self.report(
                            k.range,
                            INVALID_TYPED_DICT.code,
                            "Unknown argument for `TypedDict()`".to_owned(),
                        ),
                    }
                }
            }
            Some(other) => self.report(
                other.range(),
                INVALID_TYPED_DICT.code,
                "The items of `TypedDict()` must be a dict display".to_owned(),
            ),
            None => {}
        }
    }
}

/// Why `item` may not redeclare the base's `base` item (PEP 705): a
/// writable item keeps its type, requiredness and writability; a read-only
/// one may become writable, required, or narrower.
fn redeclaration_problem<'db>(
    inferrer: &mut ExprInferrer<'db>,
    base: &TypedDictField<'db>,
    item: &TypedDictField<'db>,
) -> Option<String> {
    let db = inferrer.db;
    let (b, t) = (inferrer.display(base.ty), inferrer.display(item.ty));
    if base.read_only {
        if !is_assignable(db, item.ty, base.ty) {
            return Some(format!("`{t}` is not assignable to `{b}`"));
        }
        if base.required && !item.required {
            return Some("it is required".to_owned());
        }
        return None;
    }
    if item.read_only {
        return Some("it is not read-only".to_owned());
    }
    if base.required != item.required {
        return Some(if base.required {
            "it is required".to_owned()
        } else {
            "it is not required".to_owned()
        });
    }
    if !(is_assignable(db, item.ty, base.ty) && is_assignable(db, base.ty, item.ty)) {
        return Some(format!("it has type `{b}`, not `{t}`"));
    }
    None
}

/// Why a base with these extra items does not accept the new `item`.
fn added_item_problem<'db>(
    inferrer: &mut ExprInferrer<'db>,
    extra: &ExtraItems<'db>,
    item: &TypedDictField<'db>,
) -> Option<String> {
    let db = inferrer.db;
    match *extra {
        ExtraItems::Open => None,
        ExtraItems::Closed => Some("it is closed".to_owned()),
        ExtraItems::Typed { ty, read_only } => {
            let (e, t) = (inferrer.display(ty), inferrer.display(item.ty));
            if read_only {
                (!is_assignable(db, item.ty, ty))
                    .then(|| format!("`{t}` is not assignable to its `extra_items` (`{e}`)"))
            } else if item.required {
                Some(format!(
                    "its `extra_items` (`{e}`) are not required, the key is"
                ))
            } else if !(is_assignable(db, item.ty, ty) && is_assignable(db, ty, item.ty)) {
                Some(format!(
                    "`{t}` is not consistent with its `extra_items` (`{e}`)"
                ))
            } else {
                None
            }
        }
    }
}
