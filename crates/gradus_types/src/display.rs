//! How types read to users: `list[int]`, `int | None`, `Literal['a']`,
//! `type[C]`, `(x: int) -> str`.

use std::fmt::{self, Write as _};

use crate::function::{ParameterKind, Signature};
use crate::known::KnownClass;
use crate::types::{DynamicKind, Type};

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_DISPLAY_DEPTH;

/// A type with the database needed to display it.
pub struct DisplayType<'db> {
    ty: Type<'db>,
    db: &'db dyn gradus_db::Db,
}

impl<'db> Type<'db> {
    pub fn display(self, db: &'db dyn gradus_db::Db) -> DisplayType<'db> {
        DisplayType { ty: self, db }
    }
}

impl fmt::Display for DisplayType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_type(self.db, self.ty, &mut out, 0);
        f.write_str(&out)
    }
}

fn python_str_repr(value: &str) -> String {
    let quote = if value.contains('\'') && !value.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// The text inside `Literal[...]` for a literal type, if it is one.
fn literal_text(db: &dyn gradus_db::Db, ty: Type<'_>) -> Option<String> {
    Some(match ty {
        Type::IntLiteral(i) => i.to_string(),
        Type::BoolLiteral(b) => if b { "True" } else { "False" }.to_owned(),
        Type::StrLiteral(s) => python_str_repr(s.value(db)),
        Type::BytesLiteral(s) => format!("b{}", python_str_repr(s.value(db))),
        Type::EnumLiteral(e) => format!("{}.{}", e.class(db).name(db), e.name(db)),
        _ => return None,
    })
}

fn write_args(db: &dyn gradus_db::Db, args: &[Type<'_>], out: &mut String, depth: usize) {
    out.push('[');
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_type(db, *arg, out, depth + 1);
    }
    out.push(']');
}

pub(crate) fn write_signature(
    db: &dyn gradus_db::Db,
    sig: &Signature<'_>,
    out: &mut String,
    depth: usize,
) {
    out.push('(');
    if sig.gradual {
        out.push_str("...");
    } else {
        let mut first = true;
        let mut wrote_star = false;
        for (i, p) in sig.parameters.iter().enumerate() {
            if !first {
                out.push_str(", ");
            }
            first = false;
            if p.kind == ParameterKind::KeywordOnly && !wrote_star {
                out.push_str("*, ");
                wrote_star = true;
            }
            match p.kind {
                ParameterKind::VarPositional => {
                    out.push('*');
                    wrote_star = true;
                }
                ParameterKind::VarKeyword => out.push_str("**"),
                _ => {}
            }
            match &p.name {
                Some(name) => {
                    out.push_str(name);
                    out.push_str(": ");
                    write_type(db, p.ty, out, depth + 1);
                }
                None => write_type(db, p.ty, out, depth + 1),
            }
            if p.has_default {
                out.push_str(" = ...");
            }
            let next_is_positional_only = sig
                .parameters
                .get(i + 1)
                .is_some_and(|n| n.kind == ParameterKind::PositionalOnly);
            if p.kind == ParameterKind::PositionalOnly
                && p.name.is_some()
                && !next_is_positional_only
            {
                out.push_str(", /");
            }
        }
    }
    out.push_str(") -> ");
    write_type(db, sig.return_type, out, depth + 1);
}

fn write_type(db: &dyn gradus_db::Db, ty: Type<'_>, out: &mut String, depth: usize) {
    if depth > MAX_DISPLAY_DEPTH {
        out.push_str("...");
        return;
    }
    match ty {
        Type::Dynamic(DynamicKind::Any) => out.push_str("Any"),
        Type::Dynamic(_) => out.push_str("Unknown"),
        Type::Never => out.push_str("Never"),
        Type::None => out.push_str("None"),
        // `type` and `type[Any]` are the same type.
        Type::Instance(class)
            if class.is_known(db, KnownClass::Type) && class.args(db).is_empty() =>
        {
            out.push_str("type[Any]")
        }
        Type::Instance(class) => {
            out.push_str(class.name(db));
            let args = class.args(db);
            if !args.is_empty() {
                write_args(db, args, out, depth);
            }
        }
        Type::ClassObject(class) | Type::SubclassOf(class) => {
            out.push_str("type[");
            write_type(db, Type::Instance(class), out, depth + 1);
            out.push(']');
        }
        Type::IntLiteral(_)
        | Type::BoolLiteral(_)
        | Type::StrLiteral(_)
        | Type::BytesLiteral(_)
        | Type::EnumLiteral(_) => {
            let _ = write!(out, "Literal[{}]", literal_text(db, ty).unwrap_or_default());
        }
        Type::LiteralString => out.push_str("LiteralString"),
        Type::Union(union) => {
            // Literals are shown together: `Literal[1, 2] | None`.
            let elements = union.elements(db);
            let literals: Vec<String> = elements
                .iter()
                .filter_map(|t| literal_text(db, *t))
                .collect();
            let mut wrote_literals = false;
            let mut first = true;
            // `None` goes last, as users write it: `int | None`.
            let ordered = elements
                .iter()
                .filter(|t| !matches!(t, Type::None))
                .chain(elements.iter().filter(|t| matches!(t, Type::None)));
            for &element in ordered {
                let is_literal = literal_text(db, element).is_some();
                if is_literal && wrote_literals {
                    continue;
                }
                if !first {
                    out.push_str(" | ");
                }
                first = false;
                if is_literal {
                    let _ = write!(out, "Literal[{}]", literals.join(", "));
                    wrote_literals = true;
                } else if matches!(
                    element,
                    Type::Callable(_) | Type::Function(_) | Type::BoundMethod(_)
                ) {
                    out.push('(');
                    write_type(db, element, out, depth + 1);
                    out.push(')');
                } else {
                    write_type(db, element, out, depth + 1);
                }
            }
        }
        Type::Tuple(tuple) => {
            let elements = tuple.elements(db);
            out.push_str("tuple[");
            if tuple.is_homogeneous(db) {
                write_type(db, elements[0], out, depth + 1);
                out.push_str(", ...");
            } else if elements.is_empty() {
                out.push_str("()");
            } else {
                let variadic = tuple.variadic(db);
                for (i, e) in elements.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if variadic == Some(i) {
                        // `tuple[int, *tuple[str, ...]]`
                        out.push_str("*tuple[");
                        write_type(db, *e, out, depth + 1);
                        out.push_str(", ...]");
                    } else {
                        write_type(db, *e, out, depth + 1);
                    }
                }
            }
            out.push(']');
        }
        Type::Callable(callable) => write_signature(db, callable.signature(db), out, depth),
        Type::Function(function) => {
            if function.overloads(db).is_empty() {
                write_signature(db, function.signature(db), out, depth)
            } else {
                out.push_str("Overload[");
                for (i, sig) in function.overloads(db).iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_signature(db, sig, out, depth + 1);
                }
                out.push(']');
            }
        }
        Type::BoundMethod(method) => {
            let sig = method.function(db).signature(db).bind_self();
            write_signature(db, &sig, out, depth);
        }
        Type::Module(module) => {
            let _ = write!(out, "<module '{}'>", module.name(db));
        }
        Type::TypeVar(tv) => {
            if tv.kind(db) == crate::TypeVarKind::TypeVarTuple {
                out.push('*');
            }
            out.push_str(tv.name(db))
        }
        Type::SubclassOfTypeVar(tv) => {
            out.push_str("type[");
            out.push_str(tv.name(db));
            out.push(']');
        }
        Type::SpecialForm(form) => {
            let _ = write!(out, "<special form '{}'>", form.name());
        }
    }
}
