//! What code does with typed dicts: dict displays against an expected typed
//! dict, `td["key"]` reads, writes and deletions, the methods whose
//! behaviour depends on the key (`get`, `setdefault`, `pop`, `update`), and
//! calls of the class (`Movie(name="Alien", year=1979)`).
//!
//! ```python
//! movie: Movie = {"name": "Alien"}     # error: missing key `year`
//! movie["year"]                        # int
//! movie["rating"]                      # error: no key `rating`
//! del movie["name"]                    # error: `name` is required
//! movie.get("year", 0)                 # int
//! Movie(name="Alien", year="1979")     # error: `str` is not an `int`
//! ```
//!
//! Keys are checked when they are string literals (or `Final` names and
//! `Literal[...]` types, whose types are literals); other `str` keys are
//! accepted with an `Unknown` value type.

use gradus_db::Db;
use gradus_syntax::ast::{self, Expr, Ranged};
use gradus_syntax::TextRange;
use gradus_types::{ClassType, KnownClass, Parameter, ParameterKind, Signature, Type};
use rustc_hash::FxHashSet;

use super::{schema_of, typeddict_instance, ExtraItems, TypedDictSchema};
use crate::infer::call::{Arg, ArgKind};
use crate::infer::expr::ExprInferrer;
use crate::relation::is_assignable;
use crate::rules::{INVALID_ARGUMENT_TYPE, TYPED_DICT_ITEM};

/// The string values of a key type: `Literal["a"]`, `Literal["a", "b"]`.
fn literal_keys<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<Vec<String>> {
    let elements = ty.union_elements(db);
    if elements.is_empty() {
        return None;
    }
    elements
        .iter()
        .map(|e| match e {
            Type::StrLiteral(s) => Some(s.value(db).clone()),
            _ => None,
        })
        .collect()
}

/// Whether a key type is some `str` (not a literal).
fn is_str_like<'db>(db: &'db dyn Db, ty: Type<'db>) -> bool {
    match ty {
        Type::LiteralString | Type::Dynamic(_) => true,
        Type::Instance(c) => c.is_known(db, KnownClass::Str),
        _ => false,
    }
}

/// The items of a typed dict could all be removed and any `str` key
/// written (an `extra_items` typed dict with only non-required, writable
/// items): it then supports `dict` operations.
fn is_dict_like(schema: &TypedDictSchema<'_>) -> bool {
    matches!(
        schema.extra,
        ExtraItems::Typed {
            read_only: false,
            ..
        }
    ) && schema.fields.iter().all(|f| !f.required && !f.read_only)
}

/// The `(name, type)` keywords `**td` passes for a typed dict `td`.
pub fn double_star_keywords<'db>(
    db: &'db dyn Db,
    ty: Type<'db>,
) -> Option<Vec<(String, Type<'db>)>> {
    let class = typeddict_instance(db, ty)?;
    let schema = schema_of(db, class);
    Some(
        schema
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.ty))
            .collect(),
    )
}

/// Whether checking a dict display `value` against `declared` reports its
/// own, precise errors (so the assignment need not report another).
pub fn reports_display_errors<'db>(db: &'db dyn Db, value: &Expr, declared: Type<'db>) -> bool {
    matches!(value, Expr::Dict(_)) && typeddict_instance(db, declared).is_some()
}

impl<'db> ExprInferrer<'db> {
    /// A dict display where a typed dict (or a union with typed dicts) is
    /// expected: the typed dict when the display fits it; `None` to infer
    /// an ordinary `dict` (which the assignment then rejects).
    pub(crate) fn typeddict_display(
        &mut self,
        d: &ast::ExprDict,
        expected: Option<Type<'db>>,
    ) -> Option<Type<'db>> {
        let db = self.db;
        let expected = expected?;
        if let Some(class) = typeddict_instance(db, expected) {
            return self
                .check_display(d, class, true)
                .then_some(Type::Instance(class));
        }
        let Type::Union(u) = expected else {
            return None;
        };
        let candidates: Vec<ClassType<'db>> = u
            .elements(db)
            .iter()
            .filter_map(|&e| typeddict_instance(db, e))
            .collect();
        for class in candidates {
            let saved = std::mem::take(&mut self.diagnostics);
            let ok = self.check_display(d, class, false);
            self.diagnostics = saved;
            if ok {
                self.check_display(d, class, false);
                return Some(Type::Instance(class));
            }
        }
        None
    }

    /// Checks a dict display against typed dict `class`; reports what does
    /// not fit when `report`. Whether it fits.
    fn check_display(&mut self, d: &ast::ExprDict, class: ClassType<'db>, report: bool) -> bool {
        let db = self.db;
        let schema = schema_of(db, class);
        let name = class.name(db).to_owned();
        let mut ok = true;
        let mut present: FxHashSet<String> = FxHashSet::default();
        let mut opaque = false;
        for (k, v) in d.keys.iter().zip(&d.values) {
            let Some(k) = k else {
                // `{**other}`: its required keys are there.
                let t = self.infer_expr(v);
                match typeddict_instance(db, t) {
                    Some(other) => {
                        for f in schema_of(db, other).fields {
                            if f.required {
                                present.insert(f.name.clone());
                            }
                        }
                    }
                    None => opaque = true,
                }
                continue;
            };
            let key_type = self.infer_expr(k);
            let Type::StrLiteral(s) = key_type else {
                self.infer_expr(v);
                opaque = true;
                if key_type.is_dynamic() {
                    continue;
                }
                ok = false;
                if report {
                    let shown = self.display(key_type);
                    self.report(
                        k.range(),
                        TYPED_DICT_ITEM.code,
                        format!("A key of `{name}` must be a string literal, not `{shown}`"),
                    );
                }
                continue;
            };
            let key = s.value(db).clone();
            present.insert(key.clone());
            let target = schema.field(&key).map(|f| f.ty).or(match schema.extra {
                ExtraItems::Typed { ty, .. } => Some(ty),
                _ => None,
            });
            match target {
                Some(target) => {
                    let value = self.infer_expr_with_context(v, Some(target));
                    if !is_assignable(db, value, target) {
                        ok = false;
                        // A nested display reported its own errors.
                        if report && !reports_display_errors(db, v, target) {
                            let (vs, ts) = (self.display(value), self.display(target));
                            self.report(
                                v.range(),
                                TYPED_DICT_ITEM.code,
                                format!(
                                    "Value of type `{vs}` is not assignable to key `{key}` of `{name}` (of type `{ts}`)"
                                ),
                            );
                        }
                    }
                }
                None => {
                    self.infer_expr(v);
                    ok = false;
                    if report {
                        self.report(
                            k.range(),
                            TYPED_DICT_ITEM.code,
                            format!("`{name}` has no key `{key}`"),
                        );
                    }
                }
            }
        }
        if !opaque {
            let missing: Vec<String> = schema
                .fields
                .iter()
                .filter(|f| f.required && !present.contains(&f.name))
                .map(|f| format!("`{}`", f.name))
                .collect();
            if !missing.is_empty() {
                ok = false;
                if report {
                    let s = if missing.len() == 1 { "" } else { "s" };
                    self.report(
                        d.range,
                        TYPED_DICT_ITEM.code,
                        format!(
                            "Missing required key{s} {} for `{name}`",
                            missing.join(", ")
                        ),
                    );
                }
            }
        }
        ok
    }

    /// `value[slice]` when `value` is a typed dict (or a union with one).
    pub(crate) fn typeddict_subscript(
        &mut self,
        value: Type<'db>,
        slice: &Expr,
        range: TextRange,
    ) -> Option<Type<'db>> {
        let db = self.db;
        if let Type::Union(u) = value {
            let elements = u.elements(db).clone();
            if !elements
                .iter()
                .any(|&e| typeddict_instance(db, e).is_some())
            {
                return None;
            }
            let types: Vec<Type<'db>> = elements
                .into_iter()
                .map(|e| match self.typeddict_subscript(e, slice, range) {
                    Some(t) => t,
                    None => self.subscript_type(e, slice, range),
                })
                .collect();
            return Some(gradus_types::union(db, types));
        }
        let class = typeddict_instance(db, value)?;
        let key_type = self.infer_expr(slice);
        let schema = schema_of(db, class);
        let Some(keys) = literal_keys(db, key_type) else {
            if is_str_like(db, key_type) {
                return Some(Type::UNKNOWN);
            }
            return None;
        };
        let mut types = Vec::with_capacity(keys.len());
        for key in keys {
            match schema.field(&key) {
                Some(f) => types.push(f.ty),
                None => match schema.extra {
                    ExtraItems::Typed { ty, .. } => types.push(ty),
                    _ => {
                        let name = class.name(db).to_owned();
                        self.report(
                            range,
                            TYPED_DICT_ITEM.code,
                            format!("`{name}` has no key `{key}`"),
                        );
                        types.push(Type::UNKNOWN);
                    }
                },
            }
        }
        Some(gradus_types::union(db, types))
    }

    /// The type an item assignment `td["key"] = value` expects (the
    /// context of the value).
    pub(crate) fn typeddict_item_context(&mut self, target: &Expr) -> Option<Type<'db>> {
        let db = self.db;
        let Expr::Subscript(s) = target else {
            return None;
        };
        let object = self.infer_expr(&s.value);
        let class = typeddict_instance(db, object)?;
        let key_type = self.infer_expr(&s.slice);
        let Type::StrLiteral(key) = key_type else {
            return None;
        };
        let schema = schema_of(db, class);
        schema.field(key.value(db)).map(|f| f.ty)
    }

    /// `td[key] = value` (`value` when known): the key must exist and be
    /// writable, the value fit. Whether `object` is a typed dict (then the
    /// item assignment is checked here).
    pub(crate) fn typeddict_store(
        &mut self,
        object: Type<'db>,
        slice: &Expr,
        value: Option<Type<'db>>,
        range: TextRange,
    ) -> bool {
        let db = self.db;
        let Some(class) = typeddict_instance(db, object) else {
            return false;
        };
        let key_type = self.infer_expr(slice);
        let schema = schema_of(db, class);
        let name = class.name(db).to_owned();
        let Some(keys) = literal_keys(db, key_type) else {
            // Any `str` key of a dict-like typed dict takes the extra type.
            if let (true, ExtraItems::Typed { ty, .. }, Some(v)) =
                (is_dict_like(&schema), schema.extra, value)
            {
                if !is_assignable(db, v, ty) {
                    let (vs, ts) = (self.display(v), self.display(ty));
                    self.report(
                        range,
                        TYPED_DICT_ITEM.code,
                        format!("Value of type `{vs}` is not assignable to the items of `{name}` (of type `{ts}`)"),
                    );
                }
            }
            return true;
        };
        for key in keys {
            let (ty, read_only) = match schema.field(&key) {
                Some(f) => (f.ty, f.read_only),
                None => match schema.extra {
                    ExtraItems::Typed { ty, read_only } => (ty, read_only),
                    _ => {
                        self.report(
                            range,
                            TYPED_DICT_ITEM.code,
                            format!("`{name}` has no key `{key}`"),
                        );
                        continue;
                    }
                },
            };
            if read_only {
                self.report(
                    range,
                    TYPED_DICT_ITEM.code,
                    format!("Cannot assign to key `{key}` of `{name}`: it is read-only"),
                );
                continue;
            }
            if let Some(v) = value {
                if !is_assignable(db, v, ty) {
                    let (vs, ts) = (self.display(v), self.display(ty));
                    self.report(
                        range,
                        TYPED_DICT_ITEM.code,
                        format!(
                            "Value of type `{vs}` is not assignable to key `{key}` of `{name}` (of type `{ts}`)"
                        ),
                    );
                }
            }
        }
        true
    }

    /// `del td[key]`: only keys that are not required (nor read-only) may
    /// be deleted. Whether `object` is a typed dict.
    pub(crate) fn typeddict_delete(
        &mut self,
        object: Type<'db>,
        slice: &Expr,
        range: TextRange,
    ) -> bool {
        let db = self.db;
        let Some(class) = typeddict_instance(db, object) else {
            return false;
        };
        let key_type = self.infer_expr(slice);
        let schema = schema_of(db, class);
        let name = class.name(db).to_owned();
        let Some(keys) = literal_keys(db, key_type) else {
            return true;
        };
        for key in keys {
            let problem = match schema.field(&key) {
                Some(f) if f.required => Some("it is required"),
                Some(f) if f.read_only => Some("it is read-only"),
                Some(_) => None,
                None => match schema.extra {
                    ExtraItems::Typed {
                        read_only: false, ..
                    } => None,
                    ExtraItems::Typed {
                        read_only: true, ..
                    } => Some("it is read-only"),
                    _ => {
                        self.report(
                            range,
                            TYPED_DICT_ITEM.code,
                            format!("`{name}` has no key `{key}`"),
                        );
                        None
                    }
                },
            };
            if let Some(problem) = problem {
                self.report(
                    range,
                    TYPED_DICT_ITEM.code,
                    format!("Cannot delete key `{key}` of `{name}`: {problem}"),
                );
            }
        }
        true
    }

    /// Calls whose meaning depends on a typed dict: its key-specific
    /// methods (`get`, `setdefault`, `pop`, `update`), and `isinstance`
    /// with a typed dict class (an error: they are plain dicts at run time).
    pub(crate) fn typeddict_special_call(
        &mut self,
        callee: Type<'db>,
        call: &ast::ExprCall,
        args: &[Arg<'db, '_>],
    ) -> Option<Type<'db>> {
        let db = self.db;
        match callee {
            Type::BoundMethod(m) => {
                let class = typeddict_instance(db, m.receiver(db))?;
                self.typeddict_method(class, m.function(db), call, args)
            }
            Type::Function(f)
                if matches!(f.name(db).as_str(), "isinstance" | "issubclass")
                    && call.args.len() == 2 =>
            {
                let module = gradus_resolve::file_to_module(db, f.file(db));
                if module.is_some_and(|m| m.name == "builtins") {
                    let classes = args.get(1).map(|a| a.ty.union_elements(db));
                    let mut types = classes.unwrap_or_default();
                    if let Some(Type::Tuple(t)) = args.get(1).map(|a| a.ty) {
                        types = t.elements(db).clone();
                    }
                    for t in types {
                        if let Type::ClassObject(c) = t {
                            if super::is_typeddict(db, c.class(db)) {
                                let shown = c.name(db).to_owned();
                                self.report(
                                    call.args[1].range(),
                                    INVALID_ARGUMENT_TYPE.code,
                                    format!(
                                        "Typed dict class `{shown}` cannot be used with `{}()`",
                                        f.name(db)
                                    ),
                                );
                            }
                        }
                    }
                }
                None
            }
            _ => None,
        }
    }

    fn typeddict_method(
        &mut self,
        class: ClassType<'db>,
        function: gradus_types::FunctionLiteral<'db>,
        call: &ast::ExprCall,
        args: &[Arg<'db, '_>],
    ) -> Option<Type<'db>> {
        let db = self.db;
        let method = function.name(db).as_str();
        // `items()` and `values()` of a closed typed dict know its values.
        if matches!(method, "items" | "values") && args.is_empty() {
            let value = super::value_union(db, class)?;
            let Type::Instance(view) = crate::infer::returns::function_return_type(db, function)
            else {
                return None;
            };
            let key = crate::semantic::known_instance(db, KnownClass::Str);
            return Some(Type::Instance(ClassType::new(
                db,
                view.class(db),
                vec![key, value],
            )));
        }
        if !matches!(method, "get" | "setdefault" | "pop" | "update") {
            return None;
        }
        if args.iter().any(|a| a.kind != ArgKind::Positional) {
            return None;
        }
        let schema = schema_of(db, class);
        let name = class.name(db).to_owned();
        if method == "update" {
            if args.len() != 1 {
                return None;
            }
            self.typeddict_update(&schema, &name, &call.args[0], args[0].ty);
            return Some(Type::None);
        }
        let key_arg = args.first()?;
        let keys = literal_keys(db, key_arg.ty)?;
        let default = args.get(1).map(|a| a.ty);
        if args.len() > 2 {
            return None;
        }
        let mut types = Vec::new();
        for key in keys {
            let item = schema.field(&key).map(|f| (f.ty, f.required, f.read_only));
            let item = item.or(match schema.extra {
                ExtraItems::Typed { ty, read_only } => Some((ty, false, read_only)),
                _ => None,
            });
            match method {
                "get" => {
                    let ty = item
                        .map(|i| i.0)
                        .unwrap_or_else(|| crate::semantic::known_instance(db, KnownClass::Object));
                    types.push(ty);
                    types.push(default.unwrap_or(Type::None));
                }
                _ => {
                    let Some((ty, required, read_only)) = item else {
                        self.report(
                            key_arg.range,
                            TYPED_DICT_ITEM.code,
                            format!("`{name}` has no key `{key}`"),
                        );
                        types.push(Type::UNKNOWN);
                        continue;
                    };
                    if read_only {
                        self.report(
                            key_arg.range,
                            TYPED_DICT_ITEM.code,
                            format!("Cannot {method} key `{key}` of `{name}`: it is read-only"),
                        );
                    } else if method == "pop" && required {
                        self.report(
                            key_arg.range,
                            TYPED_DICT_ITEM.code,
                            format!("Cannot pop key `{key}` of `{name}`: it is required"),
                        );
                    }
                    types.push(ty);
                    match (method, default) {
                        ("setdefault", Some(d)) if !is_assignable(db, d, ty) => {
                            let (ds, ts) = (self.display(d), self.display(ty));
                            self.report(
                                args[1].range,
                                TYPED_DICT_ITEM.code,
                                format!("Default of type `{ds}` is not assignable to key `{key}` of `{name}` (of type `{ts}`)"),
                            );
                        }
                        ("pop", Some(d)) => types.push(d),
                        _ => {}
                    }
                }
            }
        }
        Some(gradus_types::union(db, types))
    }

    /// `td.update(other)`: a display's keys must exist, be writable and take
    /// their values (none is required); another typed dict must not write
    /// read-only items.
    fn typeddict_update(
        &mut self,
        schema: &TypedDictSchema<'db>,
        name: &str,
        arg: &Expr,
        arg_type: Type<'db>,
    ) {
        let db = self.db;
        if let Expr::Dict(d) = arg {
            for (k, v) in d.keys.iter().zip(&d.values) {
                let Some(k) = k else { continue };
                let Type::StrLiteral(s) = self.infer_expr(k) else {
                    continue;
                };
                let key = s.value(db).clone();
                let item = schema
                    .field(&key)
                    .map(|f| (f.ty, f.read_only))
                    .or(match schema.extra {
                        ExtraItems::Typed { ty, read_only } => Some((ty, read_only)),
                        _ => None,
                    });
                let Some((ty, read_only)) = item else {
                    self.report(
                        k.range(),
                        TYPED_DICT_ITEM.code,
                        format!("`{name}` has no key `{key}`"),
                    );
                    continue;
                };
                if read_only {
                    self.report(
                        k.range(),
                        TYPED_DICT_ITEM.code,
                        format!("Cannot update key `{key}` of `{name}`: it is read-only"),
                    );
                    continue;
                }
                let value = self.infer_expr_with_context(v, Some(ty));
                if !is_assignable(db, value, ty) {
                    let (vs, ts) = (self.display(value), self.display(ty));
                    self.report(
                        v.range(),
                        TYPED_DICT_ITEM.code,
                        format!("Value of type `{vs}` is not assignable to key `{key}` of `{name}` (of type `{ts}`)"),
                    );
                }
            }
            return;
        }
        let Some(other) = typeddict_instance(db, arg_type) else {
            return;
        };
        let other_schema = schema_of(db, other);
        for f in &other_schema.fields {
            if f.ty.is_never() {
                continue;
            }
            let Some(mine) = schema.field(&f.name) else {
                continue;
            };
            if mine.read_only {
                self.report(
                    arg.range(),
                    TYPED_DICT_ITEM.code,
                    format!(
                        "Cannot update `{name}` with `{}`: key `{}` is read-only",
                        other.name(db),
                        f.name
                    ),
                );
            } else if !is_assignable(db, f.ty, mine.ty) {
                let (vs, ts) = (self.display(f.ty), self.display(mine.ty));
                self.report(
                    arg.range(),
                    TYPED_DICT_ITEM.code,
                    format!(
                        "Key `{}` of `{}` has type `{vs}`, not assignable to `{ts}` in `{name}`",
                        f.name,
                        other.name(db)
                    ),
                );
            }
        }
    }

    /// `TD(key=value, ...)` (or `TD(mapping)`): the items are keyword
    /// arguments.
    pub(crate) fn construct_typeddict(
        &mut self,
        class: ClassType<'db>,
        args: &[Arg<'db, '_>],
        range: TextRange,
        quiet: bool,
    ) -> Option<Type<'db>> {
        let db = self.db;
        let literal = class.class(db);
        let params = crate::infer::generics::class_type_params(db, literal);
        let instance_class = if class.args(db).is_empty() && !params.is_empty() {
            ClassType::new(
                db,
                literal,
                params.iter().map(|&p| Type::TypeVar(p)).collect::<Vec<_>>(),
            )
        } else {
            class
        };
        let instance = Type::Instance(instance_class);
        if let [arg] = args {
            if arg.kind == ArgKind::Positional {
                let ty = match arg.expr {
                    Some(e) => {
                        let saved = std::mem::take(&mut self.diagnostics);
                        let t = self.infer_expr_with_context(e, Some(instance));
                        self.diagnostics = saved;
                        t
                    }
                    None => arg.ty,
                };
                if !is_assignable(db, ty, instance) {
                    if quiet {
                        return None;
                    }
                    let (a, e) = (self.display(ty), self.display(instance));
                    self.report(
                        arg.range,
                        INVALID_ARGUMENT_TYPE.code,
                        format!("Argument of type `{a}` is not assignable to `{e}`"),
                    );
                }
                return Some(crate::infer::generics::erase_type_vars(db, instance));
            }
        }
        let schema = schema_of(db, instance_class);
        let mut parameters: Vec<Parameter<'db>> = schema
            .fields
            .iter()
            .map(|f| Parameter {
                name: Some(f.name.clone()),
                kind: ParameterKind::KeywordOnly,
                ty: f.ty,
                has_default: !f.required,
            })
            .collect();
        if let ExtraItems::Typed { ty, .. } = schema.extra {
            parameters.push(Parameter {
                name: Some("kwargs".to_owned()),
                kind: ParameterKind::VarKeyword,
                ty,
                has_default: false,
            });
        }
        let signature = Signature {
            parameters,
            return_type: instance,
            gradual: false,
        };
        let name = literal.name(db).clone();
        self.call_signatures(&[signature], &name, args, range, quiet)
    }
}
