//! Classes: bases, the C3 method resolution order and member lookup.
//!
//! ```python
//! class A: x: int
//! class B(A): pass
//! B().x        # found on A through B's MRO [B, A, object]
//! ```

use gradus_db::{Db, File};
use gradus_index::{locate, use_def_map, DefinitionId, ScopeId};
use gradus_resolve::file_to_module;
use gradus_syntax::ast::{self, Ranged, Stmt};
use gradus_types::{ClassLiteral, ClassType, KnownClass, SpecialForm, Type};

use crate::semantic::{known_class, parsed, symbol_type};

/// The class literal of a `class` definition.
pub fn class_literal<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> Option<ClassLiteral<'db>> {
    let index = crate::firewall::index(db, file);
    let def = index.definition(definition);
    let gradus_index::DefinitionKind::ClassDef { stmt } = def.kind else {
        return None;
    };
    let module = parsed(db, file);
    let Some(Stmt::ClassDef(class)) = locate::find_stmt(&module, stmt) else {
        return None;
    };
    let body_scope = index.scope_of_node(stmt)?;
    let name = class.name.to_string();
    let known =
        file_to_module(db, file).and_then(|m| KnownClass::from_module_and_name(&m.name, &name));
    Some(ClassLiteral::new(
        db,
        file,
        definition,
        body_scope,
        name,
        known,
        Vec::new(),
        Vec::new(),
    ))
}

/// The bodiless class a `name = Factory(...)` assignment creates
/// (`NewType`, the functional `TypedDict`): named after its variable, its
/// "body" the assignment's own scope.
pub fn assignment_class_literal<'db>(
    db: &'db dyn Db,
    file: File,
    definition: DefinitionId,
) -> ClassLiteral<'db> {
    let index = crate::firewall::index(db, file);
    let name = index
        .symbol_table(definition.scope)
        .symbol(index.definition(definition).symbol)
        .name()
        .to_owned();
    ClassLiteral::new(
        db,
        file,
        definition,
        definition.scope,
        name,
        None,
        Vec::new(),
        Vec::new(),
    )
}

/// Whether `class` was made by an assignment (`NewType`, the functional
/// `TypedDict` / `NamedTuple` forms): it has no body of its own.
pub fn is_assignment_class(db: &dyn Db, class: ClassLiteral<'_>) -> bool {
    let index = crate::firewall::index(db, class.file(db));
    let definition = class.definition(db);
    definition.scope.index() < index.scope_count()
        && matches!(
            index.definition(definition).kind,
            gradus_index::DefinitionKind::Assignment { .. }
        )
}

/// The call a class made by an assignment comes from (`P = NamedTuple("P",
/// ...)`), when its value is a call and nothing is unpacked.
pub fn assignment_call(db: &dyn Db, class: ClassLiteral<'_>) -> Option<ast::ExprCall> {
    let file = class.file(db);
    let index = crate::firewall::index(db, file);
    let gradus_index::DefinitionKind::Assignment { value, unpack } =
        &index.definition(class.definition(db)).kind
    else {
        return None;
    };
    if !unpack.is_empty() {
        return None;
    }
    let module = parsed(db, file);
    match locate::find_expr(&module, *value) {
        Some(ast::Expr::Call(call)) => Some(call.clone()),
        _ => None,
    }
}

/// The `class` statement of a class literal, borrowed from the file's
/// parsed module (no copy of the class body: large classes are asked for
/// their statement by many queries).
pub struct ClassStmt {
    module: gradus_db::ParsedModuleRef,
    range: gradus_syntax::TextRange,
}

impl std::ops::Deref for ClassStmt {
    type Target = ast::StmtClassDef;

    fn deref(&self) -> &ast::StmtClassDef {
        match locate::find_stmt(&self.module, self.range) {
            Some(Stmt::ClassDef(c)) => c,
            // Checked when the handle was made; the module cannot change.
            _ => empty_class_stmt(),
        }
    }
}

fn empty_class_stmt() -> &'static ast::StmtClassDef {
    static EMPTY: std::sync::OnceLock<ast::StmtClassDef> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| ast::StmtClassDef {
        range: gradus_syntax::TextRange::default(),
        name: ast::Identifier::new(""),
        bases: Vec::new(),
        keywords: Vec::new(),
        body: Vec::new(),
        decorator_list: Vec::new(),
        type_params: Vec::new(),
    })
}

/// The `class` statement of a class literal.
pub fn class_stmt(db: &dyn Db, class: ClassLiteral<'_>) -> Option<ClassStmt> {
    // A class made up for an intersection borrows its first base's
    // definition but has no statement.
    if class.is_intersection(db) {
        return None;
    }
    let file = class.file(db);
    let index = crate::firewall::index(db, file);
    let gradus_index::DefinitionKind::ClassDef { stmt } =
        index.definition(class.definition(db)).kind
    else {
        return None;
    };
    let module = parsed(db, file);
    match locate::find_stmt(&module, stmt) {
        Some(Stmt::ClassDef(_)) => Some(ClassStmt {
            module,
            range: stmt,
        }),
        _ => None,
    }
}

/// A base of a class, as evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, salsa::SalsaValue)]
pub enum Base<'db> {
    Class(ClassType<'db>),
    /// `Generic[...]`, `Protocol[...]`, `Protocol`: no class in the MRO.
    Special(SpecialForm),
    /// Anything not statically known: attribute lookups through it are
    /// `Unknown`.
    Dynamic,
}

/// The evaluated bases of a class (explicit ones; `object` is implied).
#[salsa::tracked(returns(ref), cycle_result = class_bases_cycle)]
pub fn class_bases<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<Base<'db>> {
    let _boundary = crate::firewall::query_boundary();
    if class.is_intersection(db) {
        return class
            .intersection_of(db)
            .iter()
            .map(|&c| Base::Class(c))
            .collect();
    }
    let Some(stmt) = class_stmt(db, class) else {
        // `TD = TypedDict("TD", {...})`.
        if crate::typeddict::is_functional(db, class) {
            return vec![Base::Special(SpecialForm::TypedDict)];
        }
        if crate::namedtuple::is_functional(db, class) {
            return vec![Base::Special(SpecialForm::NamedTuple)];
        }
        if crate::enums::is_functional(db, class) {
            return match crate::enums::functional_base(db, class) {
                Some(base) => vec![Base::Class(base)],
                None => vec![Base::Dynamic],
            };
        }
        return crate::newtype::newtype_bases(db, class);
    };
    let file = class.file(db);
    stmt.bases
        .iter()
        .map(|base| match crate::infer::expression_type(db, file, base) {
            Type::ClassObject(c) => Base::Class(c),
            Type::SpecialForm(form) => Base::Special(form),
            _ => Base::Dynamic,
        })
        .collect()
}

fn class_bases_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> Vec<Base<'db>> {
    vec![Base::Dynamic]
}

/// A class's method resolution order.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct Mro<'db> {
    /// The classes, starting with the class itself.
    pub classes: Vec<ClassLiteral<'db>>,
    /// Some base is not statically known: lookups that miss are `Unknown`.
    pub has_dynamic: bool,
    /// The bases admit no consistent linearization (reported as
    /// `inconsistent-mro`); `classes` is then a best-effort order.
    pub inconsistent: bool,
    /// The merge was over [`MAX_MRO_MERGE`]: `classes` concatenates the
    /// bases' orders unchecked (reported as `too-complex`).
    pub over_budget: bool,
}

// Budget: see `gradus_budgets`.
pub use gradus_budgets::MAX_MRO_MERGE;

/// C3 linearization (with cycle and size guards).
///
/// A class made up for an intersection (`<subclass of C and D>`) is left
/// out of its own order: it has no body, and members are found on `C` and
/// `D` with their own type arguments.
#[salsa::tracked(returns(ref), cycle_result = class_mro_cycle)]
pub fn class_mro<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Mro<'db> {
    let _boundary = crate::firewall::query_boundary();
    let mut mro = linearize(db, class);
    if class.is_intersection(db) {
        mro.classes.retain(|&c| c != class);
    }
    mro
}

fn linearize<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Mro<'db> {
    let mut has_dynamic = false;
    let mut sequences: Vec<Vec<ClassLiteral<'db>>> = Vec::new();
    let mut direct: Vec<ClassLiteral<'db>> = Vec::new();
    for base in class_bases(db, class) {
        match base {
            Base::Class(c) => {
                let base_class = c.class(db);
                if base_class == class {
                    has_dynamic = true;
                    continue;
                }
                let mro = class_mro(db, base_class);
                has_dynamic |= mro.has_dynamic;
                sequences.push(mro.classes.clone());
                direct.push(base_class);
            }
            // `class C(Any)`: every attribute lookup may succeed.
            Base::Special(SpecialForm::Any) => has_dynamic = true,
            // A named tuple is a `tuple` (see `crate::namedtuple`).
            Base::Special(SpecialForm::NamedTuple) => {
                if let Some(tuple) = known_class(db, KnownClass::Tuple) {
                    let tuple = tuple.class(db);
                    let mro = class_mro(db, tuple);
                    has_dynamic |= mro.has_dynamic;
                    sequences.push(mro.classes.clone());
                    direct.push(tuple);
                }
            }
            // A typed dict is a `typing._TypedDict` (see `crate::typeddict`).
            Base::Special(SpecialForm::TypedDict) => {
                match crate::semantic::module_class(db, "typing", "_TypedDict") {
                    Some(fallback) if fallback.class(db) != class => {
                        let fallback = fallback.class(db);
                        let mro = class_mro(db, fallback);
                        has_dynamic |= mro.has_dynamic;
                        sequences.push(mro.classes.clone());
                        direct.push(fallback);
                    }
                    _ => has_dynamic = true,
                }
            }
            Base::Special(_) => {}
            Base::Dynamic => has_dynamic = true,
        }
    }
    // Class decorators (other than `@dataclass`) synthesize members we do
    // not model yet: lookups that miss must not be errors.
    if let Some(stmt) = class_stmt(db, class) {
        let transparent = [
            "dataclass",
            "final",
            "runtime_checkable",
            "type_check_only",
            "total_ordering",
            "unique",
            "dataclass_transform",
            "disjoint_base",
        ];
        // A `dataclass_transform` decorator is modelled (`crate::dataclass`).
        let modelled = crate::dataclass::decorator_transform(db, class)
            .as_ref()
            .map(|(i, _)| *i);
        if stmt.decorator_list.iter().enumerate().any(|(i, d)| {
            Some(i) != modelled
                && crate::infer::function::decorator_name(d)
                    .is_none_or(|n| !transparent.contains(&n))
        }) {
            has_dynamic = true;
        }
    }
    let object = known_class(db, KnownClass::Object).map(|c| c.class(db));
    if direct.is_empty() {
        let mut classes = vec![class];
        if let Some(object) = object {
            if object != class {
                classes.push(object);
            }
        }
        return Mro {
            classes,
            has_dynamic,
            inconsistent: false,
            over_budget: false,
        };
    }
    sequences.push(direct);
    // Budget: C3 costs about the square of the MRO's length per class. Past
    // this many classes, the bases' MROs are concatenated without the
    // consistency check and lookups that miss become `Unknown`.
    let total: usize = sequences.iter().map(Vec::len).sum();
    if total > MAX_MRO_MERGE {
        let mut seen = rustc_hash::FxHashSet::default();
        seen.insert(class);
        let mut classes = vec![class];
        for sequence in &sequences {
            for &c in sequence {
                if seen.insert(c) {
                    classes.push(c);
                }
            }
        }
        return Mro {
            classes,
            has_dynamic: true,
            inconsistent: false,
            over_budget: true,
        };
    }
    let mut result = vec![class];
    let mut inconsistent = false;
    // Bounded: each round removes at least one class or stops.
    for _ in 0..10_000 {
        sequences.retain(|s| !s.is_empty());
        if sequences.is_empty() {
            break;
        }
        let candidate = sequences
            .iter()
            .map(|s| s[0])
            .find(|&head| !sequences.iter().any(|s| s[1..].contains(&head)));
        let next = match candidate {
            Some(c) => c,
            None => {
                inconsistent = true;
                sequences[0][0]
            }
        };
        if !result.contains(&next) {
            result.push(next);
        }
        for s in &mut sequences {
            s.retain(|&c| c != next);
        }
    }
    Mro {
        classes: result,
        has_dynamic,
        inconsistent,
        over_budget: false,
    }
}

fn class_mro_cycle<'db>(_db: &'db dyn Db, _id: salsa::Id, class: ClassLiteral<'db>) -> Mro<'db> {
    Mro {
        classes: vec![class],
        has_dynamic: true,
        inconsistent: false,
        over_budget: false,
    }
}

/// Whether `sub` is `sup` or inherits from it.
pub fn is_subclass<'db>(db: &'db dyn Db, sub: ClassLiteral<'db>, sup: ClassLiteral<'db>) -> bool {
    sub == sup || class_mro(db, sub).classes.contains(&sup)
}

/// The result of looking a name up on a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberLookup<'db> {
    /// Found on `owner` with type `ty`.
    Found {
        ty: Type<'db>,
        owner: ClassLiteral<'db>,
    },
    /// Not found, but some base is dynamic: the member may exist.
    Unknown,
    NotFound,
}

/// Looks `name` up in the class body scopes along the MRO.
pub fn class_member<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    name: &str,
) -> MemberLookup<'db> {
    let mro = class_mro(db, class);
    for &c in &mro.classes {
        // A functional typed dict or a `NewType` has no body of its own.
        if is_assignment_class(db, c) {
            continue;
        }
        if let Some(ty) = symbol_type(db, c.file(db), c.body_scope(db), name.to_owned()) {
            return MemberLookup::Found { ty, owner: c };
        }
        // `__hash__`, `__lt__` ... that `@dataclass` adds to the class.
        if let Some(ty) = crate::dataclass::own_synthesized_member(db, c, name) {
            return MemberLookup::Found { ty, owner: c };
        }
    }
    // `hasattr(x, "name")` made `x` a class assumed to have `name`.
    if mro.has_dynamic || class.assumed_attributes(db).iter().any(|a| a == name) {
        MemberLookup::Unknown
    } else {
        MemberLookup::NotFound
    }
}

/// An attribute assigned through `self.NAME` in a method.
#[derive(Debug, Clone, PartialEq, Eq, salsa::SalsaValue)]
pub struct InstanceAttribute {
    pub name: String,
    /// The assigned value (`self.x = value`), when it is the whole value.
    pub value: Option<gradus_syntax::TextRange>,
    /// The annotation of `self.x: T = ...`.
    pub annotation: Option<gradus_syntax::TextRange>,
}

/// The `self.NAME` assignments in the methods of a class body.
#[salsa::tracked(returns(ref))]
pub fn instance_attributes<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Vec<InstanceAttribute> {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = class_stmt(db, class) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in &stmt.body {
        let body = match item {
            Stmt::FunctionDef(f) => &f.body,
            Stmt::AsyncFunctionDef(f) => &f.body,
            _ => continue,
        };
        collect_self_attributes(body, &mut out, 0);
    }
    out
}

/// Names assigned through `self.NAME` in the methods of a class body.
#[salsa::tracked(returns(ref))]
pub fn instance_attribute_names<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    let mut names: Vec<String> = instance_attributes(db, class)
        .iter()
        .map(|a| a.name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The type of an instance attribute assigned in methods: its annotation,
/// else the union of the (widened) assigned values; `Unknown` for values
/// that are unpacked or otherwise not simple.
#[salsa::tracked(returns(copy), cycle_result = instance_attribute_type_cycle)]
pub fn instance_attribute_type<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
    name: String,
) -> Option<Type<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let attributes: Vec<&InstanceAttribute> = instance_attributes(db, class)
        .iter()
        .filter(|a| a.name == name)
        .collect();
    if attributes.is_empty() {
        return None;
    }
    let file = class.file(db);
    let module = parsed(db, file);
    let mut inferrer = crate::infer::expr::ExprInferrer::new(db, file, false);
    if let Some(annotation) = attributes.iter().find_map(|a| a.annotation) {
        return Some(match locate::find_expr(&module, annotation) {
            Some(expr) => inferrer.annotation_type(expr),
            None => Type::UNKNOWN,
        });
    }
    let mut types = Vec::new();
    for a in attributes {
        let ty = match a.value.and_then(|v| locate::find_expr(&module, v)) {
            Some(expr) => crate::infer::expr::widen_literal(db, inferrer.infer_expr(expr)),
            None => Type::UNKNOWN,
        };
        types.push(ty);
    }
    Some(gradus_types::union(db, types))
}

fn instance_attribute_type_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
    _name: String,
) -> Option<Type<'db>> {
    Some(Type::UNKNOWN)
}

fn self_attribute_name(target: &ast::Expr) -> Option<String> {
    if let ast::Expr::Attribute(attr) = target {
        if let ast::Expr::Name(n) = attr.value.as_ref() {
            if n.id.as_str() == "self" {
                return Some(attr.attr.to_string());
            }
        }
    }
    None
}

fn collect_self_attributes(body: &[Stmt], out: &mut Vec<InstanceAttribute>, depth: usize) {
    if depth > 50 {
        return;
    }
    // Targets inside tuples, lists and starred expressions: name only.
    let push_nested = |target: &ast::Expr, out: &mut Vec<InstanceAttribute>| {
        let mut stack = vec![target];
        while let Some(t) = stack.pop() {
            match t {
                ast::Expr::Tuple(t) => stack.extend(t.elts.iter()),
                ast::Expr::List(t) => stack.extend(t.elts.iter()),
                ast::Expr::Starred(s) => stack.push(&s.value),
                other => {
                    if let Some(name) = self_attribute_name(other) {
                        out.push(InstanceAttribute {
                            name,
                            value: None,
                            annotation: None,
                        });
                    }
                }
            }
        }
    };
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    match self_attribute_name(t) {
                        Some(name) => out.push(InstanceAttribute {
                            name,
                            value: Some(a.value.range()),
                            annotation: None,
                        }),
                        None => push_nested(t, out),
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(name) = self_attribute_name(&a.target) {
                    out.push(InstanceAttribute {
                        name,
                        value: a.value.as_ref().map(|v| v.range()),
                        annotation: Some(a.annotation.range()),
                    });
                }
            }
            // `self.x += 1` needs `self.x` to exist already: no new binding.
            Stmt::AugAssign(_) => {}
            Stmt::For(s) => {
                push_nested(&s.target, out);
                collect_self_attributes(&s.body, out, depth + 1);
                collect_self_attributes(&s.orelse, out, depth + 1);
            }
            Stmt::If(s) => {
                collect_self_attributes(&s.body, out, depth + 1);
                collect_self_attributes(&s.orelse, out, depth + 1);
            }
            Stmt::While(s) => {
                collect_self_attributes(&s.body, out, depth + 1);
                collect_self_attributes(&s.orelse, out, depth + 1);
            }
            Stmt::AsyncFor(s) => {
                push_nested(&s.target, out);
                collect_self_attributes(&s.body, out, depth + 1);
                collect_self_attributes(&s.orelse, out, depth + 1);
            }
            Stmt::With(s) => {
                for item in &s.items {
                    if let Some(target) = &item.optional_vars {
                        push_nested(target, out);
                    }
                }
                collect_self_attributes(&s.body, out, depth + 1)
            }
            Stmt::AsyncWith(s) => {
                for item in &s.items {
                    if let Some(target) = &item.optional_vars {
                        push_nested(target, out);
                    }
                }
                collect_self_attributes(&s.body, out, depth + 1)
            }
            Stmt::Try(s) => {
                collect_self_attributes(&s.body, out, depth + 1);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_self_attributes(&h.body, out, depth + 1);
                }
                collect_self_attributes(&s.orelse, out, depth + 1);
                collect_self_attributes(&s.finalbody, out, depth + 1);
            }
            Stmt::TryStar(s) => {
                collect_self_attributes(&s.body, out, depth + 1);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_self_attributes(&h.body, out, depth + 1);
                }
                collect_self_attributes(&s.orelse, out, depth + 1);
                collect_self_attributes(&s.finalbody, out, depth + 1);
            }
            Stmt::Match(s) => {
                for case in &s.cases {
                    collect_self_attributes(&case.body, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// The scope of a class body.
pub fn class_body_scope(db: &dyn Db, class: ClassLiteral<'_>) -> ScopeId {
    class.body_scope(db)
}

/// The declared type of attribute `name` of instances of `class`: the
/// first annotation along the MRO, in a class body (`x: int`) or on `self`
/// in a method (`self.x: int = 0`), specialized for `class`. `None` when no
/// class declares it (an attribute that is only assigned has an inferred
/// type, and any assignment is accepted).
pub fn declared_attribute_type<'db>(
    db: &'db dyn Db,
    class: gradus_types::ClassType<'db>,
    name: &str,
) -> Option<Type<'db>> {
    if let Some(ty) = crate::dataclass::field_assignment_type(db, class, name) {
        return Some(ty);
    }
    let mro = class_mro(db, class.class(db));
    // Decorated classes and metaclass-driven ones (dataclasses and their
    // `dataclass_transform` relatives, whose fields may take converters)
    // are not checked yet.
    if mro.classes.iter().any(|&c| is_transformed_class(db, c)) {
        return None;
    }
    for &c in &mro.classes {
        let file = c.file(db);
        let declared = crate::semantic::declared_symbol_type(db, file, c.body_scope(db), name)
            .or_else(|| {
                annotated_instance_attribute_names(db, c)
                    .iter()
                    .any(|n| n == name)
                    .then(|| instance_attribute_type(db, c, name.to_owned()))
                    .flatten()
            });
        if let Some(ty) = declared {
            let subst = crate::infer::generics::class_substitution(db, class);
            return Some(crate::infer::generics::substitute(db, ty, &subst));
        }
    }
    None
}

/// Whether `class` derives from `enum.Enum`. Memoized per class through its
/// direct bases, so asking it of every class of a deep hierarchy is linear.
#[salsa::tracked(returns(copy), cycle_result = is_enum_class_cycle)]
pub fn is_enum_class<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    if class.name(db) == "Enum"
        && gradus_resolve::file_to_module(db, class.file(db)).is_some_and(|m| m.name == "enum")
    {
        return true;
    }
    class_bases(db, class).iter().any(|base| match base {
        Base::Class(b) => b.class(db) != class && is_enum_class(db, b.class(db)),
        _ => false,
    })
}

fn is_enum_class_cycle<'db>(_db: &'db dyn Db, _id: salsa::Id, _class: ClassLiteral<'db>) -> bool {
    false
}

/// Whether `name`, found with type `ty` in the body of enum class `owner`,
/// is one of its members (`RED = 1`): a value assigned in the body, not a
/// method, a nested class, a descriptor, a `nonmember(...)`, an alias of
/// another member (`AMBER = YELLOW`) or a `_sunder_`/`__dunder__`/private
/// name. `member(...)` makes anything a member.
pub fn is_enum_member<'db>(
    db: &'db dyn Db,
    owner: ClassLiteral<'db>,
    name: &str,
    ty: Type<'db>,
) -> bool {
    if name.starts_with('_') || !is_enum_class(db, owner) || owner.name(db) == "Enum" {
        return false;
    }
    if let Some(wrapper) = crate::enums::member_wrapper(db, ty) {
        return wrapper == crate::enums::MemberWrapper::Member;
    }
    if matches!(
        ty,
        Type::Function(_) | Type::BoundMethod(_) | Type::ClassObject(_) | Type::Callable(_)
    ) || crate::descriptor::descriptor_get(db, ty).is_some()
    {
        return false;
    }
    let file = owner.file(db);
    let scope = owner.body_scope(db);
    let index = crate::firewall::index(db, file);
    let Some(symbol) = index.symbol_table(scope).symbol_id(name) else {
        return false;
    };
    let use_def = use_def_map(db, file, scope);
    let Some(&last) = use_def.all_definitions(symbol).last() else {
        return false;
    };
    match index.definition(DefinitionId { scope, id: last }).kind {
        gradus_index::DefinitionKind::Assignment { value, .. } => {
            crate::enums::alias_target(db, owner, value).is_none()
        }
        // `DOG: int = 2` is a member too (and reported: members are not
        // annotated).
        gradus_index::DefinitionKind::AnnotatedAssignment { value: Some(_), .. } => true,
        _ => false,
    }
}

/// Whether the `class` statement has decorators (other than `@dataclass`
/// and the ones that change nothing we model, like `@final`) or keywords
/// other than `metaclass=ABCMeta`: a `dataclass_transform` model, a
/// metaclass-built class ... whose construction is not modelled yet.
#[salsa::tracked(returns(copy), cycle_result = is_transformed_class_cycle)]
pub fn is_transformed_class<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    let _boundary = crate::firewall::query_boundary();
    let Some(stmt) = class_stmt(db, class) else {
        return true;
    };
    // A `dataclass_transform` class is modelled: its decorator and its
    // keywords (`frozen=True`, `metaclass=`) are understood.
    let dataclass = crate::dataclass::dataclass_params(db, class);
    let modelled = match dataclass.map(|p| p.origin) {
        Some(crate::dataclass::DataclassOrigin::Decorator(i)) => Some(i),
        _ => None,
    };
    {
        stmt.decorator_list.iter().enumerate().any(|(i, d)| {
            Some(i) != modelled
                && crate::infer::function::decorator_name(d)
                    .is_none_or(|n| n != "dataclass" && !NEUTRAL_CLASS_DECORATORS.contains(&n))
        }) || (dataclass.is_none()
            && stmt
                .keywords
                .iter()
                .any(|k| !matches!(&k.value, ast::Expr::Name(n) if matches!(n.id.as_str(), "ABCMeta" | "EnumMeta" | "EnumType"))))
    }
}

fn is_transformed_class_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> bool {
    true
}

/// Class decorators that change nothing the engine models (and are not
/// `dataclass_transform` functions, so they need not be evaluated).
pub const NEUTRAL_CLASS_DECORATORS: &[&str] = &[
    "final",
    "runtime_checkable",
    "type_check_only",
    "total_ordering",
    "unique",
    "disjoint_base",
    "deprecated",
    "dataclass_transform",
];

/// The member names of enum class `class`, in definition order.
#[salsa::tracked(returns(ref))]
pub fn enum_member_names<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    if !is_enum_class(db, class) {
        return Vec::new();
    }
    if crate::enums::is_functional(db, class) {
        return crate::enums::functional_members(db, class)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
    }
    let file = class.file(db);
    let scope = class.body_scope(db);
    let index = crate::firewall::index(db, file);
    if scope.index() >= index.scope_count() {
        return Vec::new();
    }
    index
        .symbol_table(scope)
        .symbols()
        .filter_map(|(_, s)| {
            let name = s.name();
            let ty = crate::semantic::symbol_type(db, file, scope, name.to_owned())?;
            is_enum_member(db, class, name, ty).then(|| name.to_owned())
        })
        .collect()
}

/// The names of the attributes annotated on `self` in the methods of
/// `class` (`self.x: int = 0`). No ranges: it backdates across edits that
/// only move code (see [`crate::firewall`]).
#[salsa::tracked(returns(ref))]
pub fn annotated_instance_attribute_names<'db>(
    db: &'db dyn Db,
    class: ClassLiteral<'db>,
) -> Vec<String> {
    let _boundary = crate::firewall::query_boundary();
    instance_attributes(db, class)
        .iter()
        .filter(|a| a.annotation.is_some())
        .map(|a| a.name.clone())
        .collect()
}

/// Whether `class` derives from `enum.Flag`: its values combine members,
/// so it is not the union of its members.
pub fn is_flag_enum<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> bool {
    class_mro(db, class).classes.iter().any(|&c| {
        c.name(db) == "Flag"
            && gradus_resolve::file_to_module(db, c.file(db)).is_some_and(|m| m.name == "enum")
    })
}

/// The class whose instance `ty` is: an instance, or a type variable
/// bounded by one (`self: Self`).
pub fn instance_class<'db>(db: &'db dyn Db, ty: Type<'db>) -> Option<ClassType<'db>> {
    match ty {
        Type::Instance(c) => Some(c),
        Type::TypeVar(tv) => match tv.bound(db) {
            Some(Type::Instance(c)) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// The metaclass of a class other than `type`: its `metaclass=` keyword, or
/// the first base's metaclass.
#[salsa::tracked(returns(copy), cycle_result = class_metaclass_cycle)]
pub fn class_metaclass<'db>(db: &'db dyn Db, class: ClassLiteral<'db>) -> Option<ClassType<'db>> {
    let _boundary = crate::firewall::query_boundary();
    let stmt = class_stmt(db, class)?;
    if let Some(keyword) = stmt
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass"))
    {
        return match crate::infer::expression_type(db, class.file(db), &keyword.value) {
            Type::ClassObject(c) if !c.is_known(db, KnownClass::Type) => Some(c),
            _ => None,
        };
    }
    class_bases(db, class).iter().find_map(|b| match b {
        Base::Class(c) => class_metaclass(db, c.class(db)),
        _ => None,
    })
}

fn class_metaclass_cycle<'db>(
    _db: &'db dyn Db,
    _id: salsa::Id,
    _class: ClassLiteral<'db>,
) -> Option<ClassType<'db>> {
    None
}
