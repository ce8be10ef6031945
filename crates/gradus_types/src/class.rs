//! Classes: a class definition, and a class with type arguments.

use gradus_db::File;
use gradus_index::{DefinitionId, ScopeId};

use crate::known::KnownClass;
use crate::types::Type;

/// A `class` statement (in a source or stub file).
#[salsa::interned(debug)]
pub struct ClassLiteral<'db> {
    #[returns(copy)]
    pub file: File,
    /// The class's definition in its enclosing scope.
    #[returns(copy)]
    pub definition: DefinitionId,
    /// The class body's scope.
    #[returns(copy)]
    pub body_scope: ScopeId,
    #[returns(ref)]
    pub name: String,
    /// Set for the builtin classes the engine treats specially.
    #[returns(copy)]
    pub known: Option<KnownClass>,
    /// The bases of a class the engine makes up for an intersection
    /// (`isinstance(c, D)` with unrelated classes `C` and `D` narrows `c`
    /// to `<subclass of C and D>`). Empty for a class written in a file;
    /// a made-up class borrows the file, definition and body scope of its
    /// first base, and has no statement of its own.
    #[returns(ref)]
    pub intersection_of: Vec<ClassType<'db>>,
    /// Attributes a made-up class is assumed to have, of unknown type
    /// (`hasattr(x, "name")` narrows `x: C` to `<subclass of C with
    /// attribute name>`). Empty for a class written in a file.
    #[returns(ref)]
    pub assumed_attributes: Vec<String>,
}

impl<'db> ClassLiteral<'db> {
    /// Whether this class was made up for an intersection.
    pub fn is_intersection(self, db: &'db dyn gradus_db::Db) -> bool {
        !self.intersection_of(db).is_empty()
    }
}

/// A class with its type arguments (`list[int]`); `args` is empty for a
/// non-generic class or an unspecialized generic one.
#[salsa::interned(debug)]
pub struct ClassType<'db> {
    #[returns(copy)]
    pub class: ClassLiteral<'db>,
    #[returns(ref)]
    pub args: Vec<Type<'db>>,
}

impl<'db> ClassType<'db> {
    pub fn known(self, db: &'db dyn gradus_db::Db) -> Option<KnownClass> {
        self.class(db).known(db)
    }

    pub fn is_known(self, db: &'db dyn gradus_db::Db, known: KnownClass) -> bool {
        self.known(db) == Some(known)
    }

    pub fn name(self, db: &'db dyn gradus_db::Db) -> &'db str {
        self.class(db).name(db)
    }
}
