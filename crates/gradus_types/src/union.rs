//! Unions: flattened, deduplicated, with `Never` dropped and literals
//! absorbed by their class, within a size budget.

use rustc_hash::FxHashSet;

use crate::known::KnownClass;
use crate::types::Type;

// Budget: see `gradus_budgets`.
pub use gradus_budgets::MAX_UNION_ELEMENTS;

/// A union of two or more types (see [`UnionBuilder`]).
#[salsa::interned(debug)]
pub struct UnionType<'db> {
    #[returns(ref)]
    pub elements: Vec<Type<'db>>,
}

/// Builds a normalized union.
pub struct UnionBuilder<'db> {
    db: &'db dyn gradus_db::Db,
    elements: Vec<Type<'db>>,
    seen: FxHashSet<Type<'db>>,
    overflow: bool,
}

impl<'db> UnionBuilder<'db> {
    pub fn new(db: &'db dyn gradus_db::Db) -> Self {
        UnionBuilder {
            db,
            elements: Vec::new(),
            seen: FxHashSet::default(),
            overflow: false,
        }
    }

    pub fn with(mut self, ty: Type<'db>) -> Self {
        self.push(ty);
        self
    }

    pub fn push(&mut self, ty: Type<'db>) {
        match ty {
            Type::Never => {}
            Type::Union(u) => {
                for &t in u.elements(self.db) {
                    self.push(t);
                }
            }
            other => {
                if self.elements.len() >= MAX_UNION_ELEMENTS {
                    self.overflow = true;
                } else if self.seen.insert(other) {
                    self.elements.push(other);
                }
            }
        }
    }

    /// The class a literal is an instance of.
    fn literal_class(ty: Type<'db>) -> Option<KnownClass> {
        match ty {
            Type::IntLiteral(_) => Some(KnownClass::Int),
            Type::BoolLiteral(_) => Some(KnownClass::Bool),
            Type::StrLiteral(_) | Type::LiteralString => Some(KnownClass::Str),
            Type::BytesLiteral(_) => Some(KnownClass::Bytes),
            _ => None,
        }
    }

    pub fn build(self) -> Type<'db> {
        if self.overflow {
            return Type::UNKNOWN;
        }
        let db = self.db;
        // Literals are absorbed by an instance of their class in the union.
        let instances: FxHashSet<KnownClass> = self
            .elements
            .iter()
            .filter_map(|t| match t {
                Type::Instance(c) if c.args(db).is_empty() => c.known(db),
                _ => None,
            })
            .collect();
        let mut elements: Vec<Type<'db>> = if instances.is_empty() {
            self.elements
        } else {
            self.elements
                .into_iter()
                .filter(|t| Self::literal_class(*t).is_none_or(|k| !instances.contains(&k)))
                .collect()
        };
        // Enum members are absorbed by their enum class.
        if elements.iter().any(|t| matches!(t, Type::EnumLiteral(_))) {
            let enums: FxHashSet<Type<'db>> = elements
                .iter()
                .filter(|t| matches!(t, Type::Instance(_)))
                .copied()
                .collect();
            elements.retain(|t| match t {
                Type::EnumLiteral(e) => !enums.contains(&Type::Instance(e.class(db))),
                _ => true,
            });
        }
        // `LiteralString` absorbs string literals.
        if elements.contains(&Type::LiteralString) {
            elements.retain(|t| !matches!(t, Type::StrLiteral(_)));
        }
        match elements.len() {
            0 => Type::Never,
            1 => elements[0],
            _ => Type::Union(UnionType::new(db, elements)),
        }
    }
}

/// The union of `types`.
pub fn union<'db>(
    db: &'db dyn gradus_db::Db,
    types: impl IntoIterator<Item = Type<'db>>,
) -> Type<'db> {
    let mut builder = UnionBuilder::new(db);
    for t in types {
        builder.push(t);
    }
    builder.build()
}

impl<'db> Type<'db> {
    /// The union of two types.
    pub fn union_with(self, db: &'db dyn gradus_db::Db, other: Type<'db>) -> Type<'db> {
        UnionBuilder::new(db).with(self).with(other).build()
    }
}
