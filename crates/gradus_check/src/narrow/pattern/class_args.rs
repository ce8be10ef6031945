//! The sub-patterns of a class pattern: what each one is matched against.
//!
//! ```python
//! @dataclass
//! class P:
//!     x: int
//!     y: str
//!
//! match v:
//!     case P(a, y=b): ...    # `a` matches `v.x` (via `__match_args__`), `b` `v.y`
//!     case int(n): ...       # `n` is the subject itself (a "self-matching" builtin)
//!     case P(1, 2, 3): ...   # error: `P.__match_args__` has only two names
//! ```
//!
//! A positional sub-pattern matches the attribute named by the class's
//! `__match_args__` at its position: dataclasses and named tuples have one
//! (their fields), other classes may assign a tuple of string literals. The
//! builtins `bool`, `bytearray`, `bytes`, `dict`, `float`, `frozenset`,
//! `int`, `list`, `set`, `str` and `tuple` (and their subclasses without
//! `__match_args__`) match one positional sub-pattern against the subject
//! itself. Keyword sub-patterns match the attribute they name.

use gradus_db::Db;
use gradus_syntax::ast::{self, Pattern, Ranged};
use gradus_types::{ClassType, KnownClass, Type};

use crate::class::{class_member, class_mro, MemberLookup};
use crate::infer::expr::ExprInferrer;

/// What a sub-pattern of a class pattern is matched against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SubSubject {
    /// The attribute of this name of the subject.
    Attr(String),
    /// The subject itself (`case int(n)`).
    Itself,
}

/// The positional sub-patterns a class accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Positional {
    /// The names of `__match_args__` (empty when the class has none).
    Names(Vec<String>),
    /// One sub-pattern, matched against the subject itself.
    Itself,
    /// Not known (a dynamic base, a `__match_args__` that is not a tuple
    /// of literal strings).
    Unknown,
}

/// The builtins whose single positional sub-pattern is the subject itself.
fn is_self_matching(known: KnownClass) -> bool {
    matches!(
        known,
        KnownClass::Bool
            | KnownClass::Bytearray
            | KnownClass::Bytes
            | KnownClass::Dict
            | KnownClass::Float
            | KnownClass::Frozenset
            | KnownClass::Int
            | KnownClass::List
            | KnownClass::Set
            | KnownClass::Str
            | KnownClass::Tuple
    )
}

/// What positional sub-patterns `class` accepts.
pub(super) fn positional(db: &dyn Db, class: ClassType<'_>) -> Positional {
    let literal = class.class(db);
    if crate::namedtuple::namedtuple_root(db, literal).is_some() {
        return Positional::Names(
            crate::namedtuple::namedtuple_fields(db, literal)
                .iter()
                .map(|f| f.name.clone())
                .collect(),
        );
    }
    match class_member(db, literal, "__match_args__") {
        MemberLookup::Found { ty, .. } => match ty {
            Type::Tuple(t) if t.is_fixed(db) => {
                let mut names = Vec::new();
                for &e in t.elements(db) {
                    match e {
                        Type::StrLiteral(s) => names.push(s.value(db).to_string()),
                        _ => return Positional::Unknown,
                    }
                }
                Positional::Names(names)
            }
            _ => Positional::Unknown,
        },
        MemberLookup::Unknown => Positional::Unknown,
        MemberLookup::NotFound => {
            let mro = class_mro(db, literal);
            // A decorator or metaclass the engine does not model (attrs'
            // `@define`, say) may add `__match_args__`.
            if mro
                .classes
                .iter()
                .any(|&c| c.known(db).is_none() && crate::class::is_transformed_class(db, c))
            {
                return Positional::Unknown;
            }
            let self_matching = mro
                .classes
                .iter()
                .any(|c| c.known(db).is_some_and(is_self_matching));
            if self_matching {
                Positional::Itself
            } else {
                Positional::Names(Vec::new())
            }
        }
    }
}

/// The sub-patterns of `c` for `class`, each with what it matches; and
/// whether the list is complete (every positional sub-pattern is known).
pub(super) fn sub_patterns<'p>(
    db: &dyn Db,
    c: &'p ast::PatternMatchClass,
    class: Option<ClassType<'_>>,
) -> (Vec<(&'p Pattern, SubSubject)>, bool) {
    let mut out = Vec::new();
    let mut complete = true;
    if !c.patterns.is_empty() {
        match class.map(|k| positional(db, k)) {
            Some(Positional::Names(names)) if c.patterns.len() <= names.len() => {
                out.extend(
                    c.patterns
                        .iter()
                        .zip(names)
                        .map(|(p, n)| (p, SubSubject::Attr(n))),
                );
            }
            Some(Positional::Itself) if c.patterns.len() == 1 => {
                out.push((&c.patterns[0], SubSubject::Itself));
            }
            _ => complete = false,
        }
    }
    out.extend(
        c.kwd_patterns
            .iter()
            .zip(&c.kwd_attrs)
            .map(|(p, a)| (p, SubSubject::Attr(a.to_string()))),
    );
    (out, complete)
}

/// The type a sub-pattern matching `what` is matched against when the
/// subject has type `ty` (`None` when an attribute cannot be found).
pub(super) fn sub_subject_type<'db>(
    inferrer: &mut ExprInferrer<'db>,
    ty: Type<'db>,
    what: &SubSubject,
) -> Option<Type<'db>> {
    match what {
        SubSubject::Itself => Some(ty),
        SubSubject::Attr(name) => inferrer.member(ty, name),
    }
}

/// The error of a class pattern with more positional sub-patterns than its
/// class accepts: `(range, message)`. Silent when the class is not known.
pub(super) fn too_many_positional(
    db: &dyn Db,
    c: &ast::PatternMatchClass,
    class: ClassType<'_>,
) -> Option<(gradus_syntax::TextRange, String)> {
    let given = c.patterns.len();
    let accepted = match positional(db, class) {
        Positional::Names(names) => names.len(),
        Positional::Itself => 1,
        Positional::Unknown => return None,
    };
    if given <= accepted {
        return None;
    }
    let name = class.class(db).name(db);
    let message = match accepted {
        0 => format!(
            "`{name}` has no `__match_args__` and accepts no positional sub-pattern in a class pattern ({given} given)"
        ),
        1 => format!("`{name}` accepts 1 positional sub-pattern in a class pattern ({given} given)"),
        _ => format!(
            "`{name}` accepts {accepted} positional sub-patterns in a class pattern ({given} given)"
        ),
    };
    let range = c.patterns[accepted]
        .range()
        .cover(c.patterns[given - 1].range());
    Some((range, message))
}
