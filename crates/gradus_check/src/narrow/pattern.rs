//! `match` statements: what a `case` pattern says about the subject, and the
//! types of the names a pattern captures.
//!
//! ```python
//! def f(x: int | str | tuple[int, str] | None):
//!     match x:
//!         case None: ...              # x: None
//!         case int() | str() as v:    # x, v: int | str
//!             ...
//!         case (n, s):                # n: int, s: str
//!             ...
//!         case _:
//!             assert_never(x)         # every case before removed something
//! ```
//!
//! A case that is not taken removes what its pattern certainly matches
//! (class patterns whose sub-patterns certainly match, literal and
//! singleton values, sequences whose patterns certainly match, typed dicts
//! whose required items certainly match a mapping pattern); a case that is
//! taken narrows the subject like the equivalent `isinstance` / `==` / `is`
//! test, and removes the class instances or typed dicts whose attributes or
//! items cannot match the sub-patterns.
//!
//! Positional sub-patterns of class patterns go through `__match_args__`
//! (see [`class_args`]); mapping patterns on typed dicts use the items (see
//! `forms::typeddict`), and `**rest` captures a `dict` of the mapping's key
//! and value types (`dict[str, object]` for a typed dict).

use gradus_db::{Db, File};
use gradus_index::{DefinitionId, DefinitionKind};
use gradus_syntax::ast::{self, Pattern, Ranged, Stmt};
use gradus_syntax::TextRange;
use gradus_types::{union, KnownClass, TupleType, Type};

use super::forms::{self, class_info, map_elements};

mod class_args;
pub(crate) mod subexpr;

use super::{Narrower, MAX_NARROW_DEPTH};
use crate::semantic::{known_generic_instance, known_instance, parsed};
use class_args::{sub_patterns, sub_subject_type};
use gradus_budgets::MAX_TUPLE_LEN_EXPANSION;

/// `ty` narrowed by `pattern` matching (`positive`) or not.
pub(crate) fn narrow_pattern<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    pattern: &Pattern,
    positive: bool,
    depth: usize,
) -> Type<'db> {
    let db = cx.db;
    if depth > MAX_NARROW_DEPTH || ty.is_never() {
        return ty;
    }
    match pattern {
        Pattern::MatchValue(v) => forms::narrow_eq(db, ty, cx.expr_type(&v.value), positive),
        Pattern::MatchSingleton(s) => {
            let value = match s.value {
                ast::Constant::None => Type::None,
                ast::Constant::Bool(b) => Type::BoolLiteral(b),
                _ => return ty,
            };
            forms::narrow_is(db, ty, value, positive)
        }
        Pattern::MatchAs(a) => match &a.pattern {
            None => {
                if positive {
                    ty
                } else {
                    Type::Never
                }
            }
            Some(p) => narrow_pattern(cx, ty, p, positive, depth + 1),
        },
        Pattern::MatchOr(o) => {
            if positive {
                union(
                    db,
                    o.patterns
                        .iter()
                        .map(|p| narrow_pattern(cx, ty, p, true, depth + 1))
                        .collect::<Vec<_>>(),
                )
            } else {
                o.patterns
                    .iter()
                    .fold(ty, |t, p| narrow_pattern(cx, t, p, false, depth + 1))
            }
        }
        Pattern::MatchClass(c) => narrow_class(cx, ty, c, positive, depth),
        Pattern::MatchSequence(s) => narrow_sequence(cx, ty, s, positive, depth),
        Pattern::MatchMapping(m) => narrow_mapping(cx, ty, m, positive, depth),
        Pattern::MatchStar(_) => ty,
    }
}

/// A class pattern `C(p, attr=q)`: `isinstance(x, C)`, and, where the
/// class is certain, the sub-patterns against the attributes they match.
/// Taken, an element whose attribute cannot match a sub-pattern is
/// removed; not taken, an element is removed only when it certainly is a
/// `C` and every sub-pattern certainly matches (`P(x=0)` leaves `P`).
fn narrow_class<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    c: &ast::PatternMatchClass,
    positive: bool,
    depth: usize,
) -> Type<'db> {
    let db = cx.db;
    let Some(classes) = class_info(cx, &c.cls, 0) else {
        return ty;
    };
    let class = match classes[..] {
        [only] => Some(only),
        _ => None,
    };
    let (subs, complete) = sub_patterns(db, c, class);
    let mut inferrer = crate::infer::expr::ExprInferrer::new(db, cx.file, false);
    if positive {
        let narrowed = forms::narrow_isinstance(db, ty, &classes, true);
        if subs.is_empty() || narrowed.is_dynamic() {
            return narrowed;
        }
        return map_elements(db, narrowed, |e| {
            for (p, what) in &subs {
                if is_irrefutable(p) {
                    continue;
                }
                if let Some(t) = sub_subject_type(&mut inferrer, e, what) {
                    if narrow_pattern(cx, t, p, true, depth + 1).is_never() {
                        return None;
                    }
                }
            }
            Some(e)
        });
    }
    let all_irrefutable = c.patterns.iter().chain(&c.kwd_patterns).all(is_irrefutable);
    if all_irrefutable {
        return forms::narrow_isinstance(db, ty, &classes, false);
    }
    if !complete || ty.is_dynamic() {
        return ty;
    }
    map_elements(db, ty, |e| {
        if !forms::narrow_isinstance(db, e, &classes, false).is_never() {
            return Some(e);
        }
        let certain = subs.iter().all(|(p, what)| {
            is_irrefutable(p)
                || sub_subject_type(&mut inferrer, e, what)
                    .is_some_and(|t| narrow_pattern(cx, t, p, false, depth + 1).is_never())
        });
        (!certain).then_some(e)
    })
}

/// A mapping pattern `{"k": p, **rest}`: taken, values that are not
/// mappings are removed, and typed dicts whose items cannot match; not
/// taken, typed dicts that certainly match are removed.
fn narrow_mapping<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    m: &ast::PatternMatchMapping,
    positive: bool,
    depth: usize,
) -> Type<'db> {
    let db = cx.db;
    if ty.is_dynamic() {
        return ty;
    }
    let others_declare = |k: &str| forms::typeddict::some_declares(cx, ty, k);
    let mut sub =
        |t: Type<'db>, p: &Pattern, positive: bool| narrow_pattern(cx, t, p, positive, depth + 1);
    if !positive {
        return map_elements(db, ty, |e| {
            let matches =
                forms::typeddict::mapping_pattern_matches(cx, e, m, &others_declare, &mut sub);
            (matches != Some(true)).then_some(e)
        });
    }
    map_elements(db, ty, |e| match e {
        Type::None
        | Type::IntLiteral(_)
        | Type::BoolLiteral(_)
        | Type::StrLiteral(_)
        | Type::BytesLiteral(_)
        | Type::LiteralString
        | Type::Tuple(_) => None,
        Type::Instance(c)
            if matches!(
                c.known(db),
                Some(
                    KnownClass::Int
                        | KnownClass::Float
                        | KnownClass::Str
                        | KnownClass::Bytes
                        | KnownClass::List
                        | KnownClass::Tuple
                        | KnownClass::Set
                        | KnownClass::Bool
                )
            ) =>
        {
            None
        }
        _ => {
            let matches =
                forms::typeddict::mapping_pattern_matches(cx, e, m, &others_declare, &mut sub);
            (matches != Some(false)).then_some(e)
        }
    })
}

/// A pattern that matches anything (`_`, `x`, or an alternative of one).
pub(crate) fn is_irrefutable(pattern: &Pattern) -> bool {
    match pattern {
        Pattern::MatchAs(a) => a.pattern.as_deref().is_none_or(is_irrefutable),
        Pattern::MatchOr(o) => o.patterns.iter().any(is_irrefutable),
        _ => false,
    }
}

/// Whether a sequence pattern of `n` patterns (one of them starred if
/// `star`) can match a tuple of length `len`.
fn length_fits(n: usize, star: bool, len: usize) -> bool {
    if star {
        len + 1 >= n
    } else {
        len == n
    }
}

/// [`narrow_sequence`] on one fixed-length tuple `e` of `elements`.
fn narrow_fixed_sequence<'db>(
    cx: &Narrower<'db>,
    e: Type<'db>,
    elements: &[Type<'db>],
    s: &ast::PatternMatchSequence,
    star_index: Option<usize>,
    positive: bool,
    depth: usize,
) -> Option<Type<'db>> {
    let db = cx.db;
    let n = s.patterns.len();
    let fits = length_fits(n, star_index.is_some(), elements.len());
    if !fits {
        return (!positive).then_some(e);
    }
    if let Some(at) = star_index {
        if positive {
            return Some(e);
        }
        // Removed when every pattern around the star certainly
        // matches its element (`case (x, *rest)` takes any
        // non-empty tuple).
        let len = elements.len();
        let all_match = s.patterns.iter().enumerate().all(|(i, p)| {
            let element = match i.cmp(&at) {
                std::cmp::Ordering::Less => elements[i],
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Greater => elements[len - (n - i)],
            };
            narrow_pattern(cx, element, p, false, depth + 1).is_never()
        });
        return (!all_match).then_some(e);
    }
    if positive {
        let narrowed: Vec<Type<'db>> = elements
            .iter()
            .zip(&s.patterns)
            .map(|(&el, p)| narrow_pattern(cx, el, p, true, depth + 1))
            .collect();
        if narrowed.iter().any(|t| t.is_never()) {
            return None;
        }
        Some(Type::Tuple(TupleType::fixed(db, narrowed)))
    } else {
        // Removed only when every element certainly matches.
        let all_match = elements
            .iter()
            .zip(&s.patterns)
            .all(|(&el, p)| narrow_pattern(cx, el, p, false, depth + 1).is_never());
        (!all_match).then_some(e)
    }
}

fn narrow_sequence<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    s: &ast::PatternMatchSequence,
    positive: bool,
    depth: usize,
) -> Type<'db> {
    let db = cx.db;
    let n = s.patterns.len();
    let star_index = s
        .patterns
        .iter()
        .position(|p| matches!(p, Pattern::MatchStar(_)));
    map_elements(db, ty, |e| match e {
        // `tuple[int, *Ts]`: the length is not known.
        Type::Tuple(t) if t.type_var_tuple_index(db).is_some() => Some(e),
        Type::Tuple(t) if t.is_fixed(db) => {
            narrow_fixed_sequence(cx, e, t.elements(db), s, star_index, positive, depth)
        }
        // `tuple[int, *tuple[str, ...]]`: the lengths the pattern takes.
        Type::Tuple(t) => {
            let min = t.min_len(db);
            match star_index {
                None => {
                    let Some(fixed) = t.with_len(db, n) else {
                        return (!positive).then_some(e);
                    };
                    if !positive || n - min > MAX_TUPLE_LEN_EXPANSION {
                        return Some(e);
                    }
                    narrow_fixed_sequence(
                        cx,
                        Type::Tuple(fixed),
                        fixed.elements(db),
                        s,
                        None,
                        true,
                        depth,
                    )
                }
                Some(at) => {
                    let least = n - 1;
                    if positive {
                        if least > min && least - min > MAX_TUPLE_LEN_EXPANSION {
                            return Some(e);
                        }
                        return t.with_min_len(db, least).map(Type::Tuple);
                    }
                    // Removed when the tuple is long enough and every
                    // pattern around the star certainly matches.
                    let all_match = least <= min
                        && s.patterns.iter().enumerate().all(|(i, p)| {
                            let element = match i.cmp(&at) {
                                std::cmp::Ordering::Less => t.index(db, i as i64),
                                std::cmp::Ordering::Equal => return true,
                                std::cmp::Ordering::Greater => t.index(db, -((n - i) as i64)),
                            };
                            element.is_some_and(|el| {
                                narrow_pattern(cx, el, p, false, depth + 1).is_never()
                            })
                        });
                    (!all_match).then_some(e)
                }
            }
        }
        Type::None
        | Type::IntLiteral(_)
        | Type::BoolLiteral(_)
        | Type::StrLiteral(_)
        | Type::BytesLiteral(_)
        | Type::LiteralString => (!positive).then_some(e),
        Type::Instance(c)
            if matches!(
                c.known(db),
                Some(
                    KnownClass::Int
                        | KnownClass::Float
                        | KnownClass::Str
                        | KnownClass::Bytes
                        | KnownClass::Bytearray
                        | KnownClass::Dict
                        | KnownClass::Set
                        | KnownClass::Bool
                )
            ) =>
        {
            (!positive).then_some(e)
        }
        _ => Some(e),
    })
}

/// The type of a name captured by a `case` pattern (`case x`, `case [a, *r]`,
/// `case P(x=v)`): the subject narrowed by the cases before and by the
/// pattern down to the capture. `Unknown` where the shape is not modelled.
pub fn match_capture_type<'db>(db: &'db dyn Db, file: File, definition: DefinitionId) -> Type<'db> {
    let index = crate::firewall::index(db, file);
    let DefinitionKind::MatchCapture {
        pattern, subject, ..
    } = index.definition(definition).kind
    else {
        return Type::UNKNOWN;
    };
    let module = parsed(db, file);
    let Some(m) = find_match(&module.body, subject, 0) else {
        return Type::UNKNOWN;
    };
    let cx = Narrower { db, file };
    let mut ty = cx.expr_type(&m.subject);
    for case in &m.cases {
        let range = case.pattern.range();
        if range.contains_range(pattern) {
            return capture_in(&cx, &case.pattern, pattern, ty, 0).unwrap_or(Type::UNKNOWN);
        }
        if case.guard.is_none() {
            ty = narrow_pattern(&cx, ty, &case.pattern, false, 0);
        }
    }
    Type::UNKNOWN
}

/// The `match` statement whose subject is at `subject`.
fn find_match(body: &[Stmt], subject: TextRange, depth: usize) -> Option<&ast::StmtMatch> {
    if depth > 100 {
        return None;
    }
    // Statements are in source order: only the one containing the subject
    // needs descending into.
    let i = body.partition_point(|s| s.range().end() < subject.start());
    let stmt = body.get(i)?;
    if !stmt.range().contains_range(subject) {
        return None;
    }
    let bodies: Vec<&[Stmt]> = match stmt {
        Stmt::Match(m) if m.subject.range() == subject => return Some(m),
        Stmt::Match(m) => m.cases.iter().map(|c| &c.body[..]).collect(),
        Stmt::FunctionDef(f) => vec![&f.body],
        Stmt::AsyncFunctionDef(f) => vec![&f.body],
        Stmt::ClassDef(c) => vec![&c.body],
        Stmt::If(s) => vec![&s.body, &s.orelse],
        Stmt::For(s) => vec![&s.body, &s.orelse],
        Stmt::AsyncFor(s) => vec![&s.body, &s.orelse],
        Stmt::While(s) => vec![&s.body, &s.orelse],
        Stmt::With(s) => vec![&s.body],
        Stmt::AsyncWith(s) => vec![&s.body],
        Stmt::Try(t) => {
            let mut v: Vec<&[Stmt]> = vec![&t.body, &t.orelse, &t.finalbody];
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                v.push(&h.body);
            }
            v
        }
        Stmt::TryStar(t) => {
            let mut v: Vec<&[Stmt]> = vec![&t.body, &t.orelse, &t.finalbody];
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                v.push(&h.body);
            }
            v
        }
        _ => return None,
    };
    bodies
        .into_iter()
        .find_map(|b| find_match(b, subject, depth + 1))
}

/// The type the capture at `target` gets inside `pattern` matched against
/// a value of type `ty`.
fn capture_in<'db>(
    cx: &Narrower<'db>,
    pattern: &Pattern,
    target: TextRange,
    ty: Type<'db>,
    depth: usize,
) -> Option<Type<'db>> {
    let db = cx.db;
    if depth > MAX_NARROW_DEPTH {
        return None;
    }
    if pattern.range() == target {
        return match pattern {
            Pattern::MatchAs(a) => Some(match &a.pattern {
                Some(p) => narrow_pattern(cx, ty, p, true, 0),
                None => ty,
            }),
            Pattern::MatchStar(_) => Some(known_generic_instance(db, KnownClass::List, vec![ty])),
            // `**rest`: the other items, in a new `dict`.
            Pattern::MatchMapping(m) => {
                let narrowed = narrow_mapping(cx, ty, m, true, 0);
                let (k, v) = mapping_key_value(cx, narrowed);
                Some(known_generic_instance(db, KnownClass::Dict, vec![k, v]))
            }
            _ => None,
        };
    }
    match pattern {
        Pattern::MatchAs(a) => capture_in(cx, a.pattern.as_deref()?, target, ty, depth + 1),
        Pattern::MatchOr(o) => {
            let p = o
                .patterns
                .iter()
                .find(|p| p.range().contains_range(target))?;
            capture_in(cx, p, target, ty, depth + 1)
        }
        Pattern::MatchSequence(s) => {
            let narrowed = narrow_sequence(cx, ty, s, true, 0);
            let i = s
                .patterns
                .iter()
                .position(|p| p.range().contains_range(target))?;
            let n = s.patterns.len();
            let star = s
                .patterns
                .iter()
                .position(|p| matches!(p, Pattern::MatchStar(_)));
            let element = sequence_element(cx, narrowed, i, n, star);
            capture_in(cx, &s.patterns[i], target, element, depth + 1)
        }
        Pattern::MatchClass(c) => {
            let classes = class_info(cx, &c.cls, 0)?;
            let narrowed = forms::narrow_isinstance(db, ty, &classes, true);
            let class = match classes[..] {
                [only] => Some(only),
                _ => None,
            };
            let (subs, _) = sub_patterns(db, c, class);
            let (p, what) = subs
                .iter()
                .find(|(p, _)| p.range().contains_range(target))?;
            let mut inferrer = crate::infer::expr::ExprInferrer::new(db, cx.file, false);
            let t = sub_subject_type(&mut inferrer, narrowed, what)?;
            capture_in(cx, p, target, t, depth + 1)
        }
        Pattern::MatchMapping(m) => {
            let narrowed = narrow_mapping(cx, ty, m, true, 0);
            let p = m
                .patterns
                .iter()
                .position(|p| p.range().contains_range(target))?;
            let key = cx.expr_type(&m.keys[p]);
            let value = mapping_value(cx, narrowed, key);
            capture_in(cx, &m.patterns[p], target, value, depth + 1)
        }
        _ => None,
    }
}

/// The type of element `i` of a sequence pattern of `n` patterns (starred
/// at `star`) matched against `ty`; for the starred one, the element type
/// (the caller wraps it in a list).
fn sequence_element<'db>(
    cx: &Narrower<'db>,
    ty: Type<'db>,
    i: usize,
    n: usize,
    star: Option<usize>,
) -> Type<'db> {
    let db = cx.db;
    let mut out = Vec::new();
    for e in ty.union_elements(db) {
        let el = match e {
            Type::Tuple(t) if t.is_fixed(db) && t.type_var_tuple_index(db).is_none() => {
                let elements = t.elements(db);
                match star {
                    Some(s) if i == s => {
                        let end = elements.len().saturating_sub(n - 1 - s);
                        union(db, elements.get(s..end).unwrap_or(&[]).iter().copied())
                    }
                    Some(s) if i > s => {
                        let from_end = n - i;
                        elements
                            .len()
                            .checked_sub(from_end)
                            .and_then(|j| elements.get(j).copied())
                            .unwrap_or(Type::UNKNOWN)
                    }
                    _ => elements.get(i).copied().unwrap_or(Type::UNKNOWN),
                }
            }
            // `tuple[int, *tuple[str, ...], bytes]`
            Type::Tuple(t) => match star {
                Some(s) if i == s => t.between(db, s, n - 1 - s),
                Some(s) if i > s => t.index(db, -((n - i) as i64)).unwrap_or(Type::UNKNOWN),
                _ => t.index(db, i as i64).unwrap_or(Type::UNKNOWN),
            },
            Type::Instance(c) if !c.args(db).is_empty() && c.args(db).len() == 1 => c.args(db)[0],
            _ => Type::UNKNOWN,
        };
        out.push(el);
    }
    union(db, out)
}

/// The key and value types of the mappings of `ty` (`str` and `object` for
/// a typed dict; `Unknown` where not known).
fn mapping_key_value<'db>(cx: &Narrower<'db>, ty: Type<'db>) -> (Type<'db>, Type<'db>) {
    let db = cx.db;
    let mut keys = Vec::new();
    let mut values = Vec::new();
    let mut inferrer = crate::infer::expr::ExprInferrer::new(db, cx.file, false);
    for e in ty.union_elements(db) {
        let (k, v) = match e {
            _ if e.is_dynamic() => (e, e),
            Type::Instance(c) if crate::typeddict::is_typeddict(db, c.class(db)) => (
                known_instance(db, KnownClass::Str),
                known_instance(db, KnownClass::Object),
            ),
            Type::Instance(c) if c.is_known(db, KnownClass::Dict) && c.args(db).len() == 2 => {
                (c.args(db)[0], c.args(db)[1])
            }
            Type::Instance(_) => {
                let k = inferrer.iteration_type(e, TextRange::default());
                let v = inferrer
                    .member(e, "__getitem__")
                    .and_then(|g| inferrer.call_with_types(g, &[k], TextRange::default(), true))
                    .unwrap_or(Type::UNKNOWN);
                (k, v)
            }
            _ => (Type::UNKNOWN, Type::UNKNOWN),
        };
        keys.push(k);
        values.push(v);
    }
    if keys.is_empty() {
        return (Type::UNKNOWN, Type::UNKNOWN);
    }
    (union(db, keys), union(db, values))
}

/// The type of the value under key `key` (a type) in the mappings of `ty`:
/// a typed dict's item for a literal key, else the value type.
fn mapping_value<'db>(cx: &Narrower<'db>, ty: Type<'db>, key: Type<'db>) -> Type<'db> {
    let db = cx.db;
    let values: Vec<Type<'db>> = ty
        .union_elements(db)
        .into_iter()
        .map(|e| {
            if let (Some(class), Type::StrLiteral(k)) =
                (crate::typeddict::typeddict_instance(db, e), key)
            {
                let schema = crate::typeddict::schema_of(db, class);
                if let Some(field) = schema.field(k.value(db)) {
                    return field.ty;
                }
                if let Some((extra, _)) = schema.extra_item(db) {
                    return extra;
                }
                return Type::UNKNOWN;
            }
            mapping_key_value(cx, e).1
        })
        .collect();
    if values.is_empty() {
        return Type::UNKNOWN;
    }
    union(db, values)
}

/// Reports the class patterns of `pattern` with more positional
/// sub-patterns than their class accepts (`too-many-positional-arguments`:
/// matching raises `TypeError`).
pub(crate) fn check_case_pattern(
    inferrer: &mut crate::infer::expr::ExprInferrer<'_>,
    pattern: &Pattern,
) {
    let db = inferrer.db;
    let mut stack = vec![(pattern, 0usize)];
    while let Some((p, depth)) = stack.pop() {
        if depth > MAX_NARROW_DEPTH {
            continue;
        }
        match p {
            Pattern::MatchClass(c) => {
                if !c.patterns.is_empty() {
                    let cls = crate::infer::expression_type(db, inferrer.file, &c.cls);
                    if let Type::ClassObject(class) = cls {
                        if let Some((range, message)) =
                            class_args::too_many_positional(db, c, class)
                        {
                            inferrer.report(
                                range,
                                crate::rules::TOO_MANY_POSITIONAL_ARGUMENTS.code,
                                message,
                            );
                        }
                    }
                }
                stack.extend(
                    c.patterns
                        .iter()
                        .chain(&c.kwd_patterns)
                        .map(|s| (s, depth + 1)),
                );
            }
            Pattern::MatchAs(a) => stack.extend(a.pattern.iter().map(|s| (&**s, depth + 1))),
            Pattern::MatchOr(o) => stack.extend(o.patterns.iter().map(|s| (s, depth + 1))),
            Pattern::MatchSequence(s) => stack.extend(s.patterns.iter().map(|s| (s, depth + 1))),
            Pattern::MatchMapping(m) => stack.extend(m.patterns.iter().map(|s| (s, depth + 1))),
            Pattern::MatchValue(_) | Pattern::MatchSingleton(_) | Pattern::MatchStar(_) => {}
        }
    }
}
