//! Type inference: expressions, definitions and whole scopes.
//!
//! Inference is demand-driven. A name's type comes from the definitions the
//! binder says reach it ([`crate::semantic`]); a definition's type comes from
//! inferring its value expression; the checker walks each scope once and
//! reports what it finds ([`scope::check_scope`]).
//!
//! ```python
//! xs = [1, 2]          # list[int]: literals widen inside containers
//! y = xs[0]            # int, through list.__getitem__ specialized by [int]
//! reveal_type(y)       # info[revealed-type]: Revealed type: `int`
//! ```

pub(crate) mod alias;
pub(crate) mod annotation;
pub mod call;
pub(crate) mod constructor;
pub(crate) mod definition;
pub mod expr;
pub mod function;
pub(crate) mod generics;
pub mod returns;
pub(crate) mod scope;

use gradus_db::{Db, File};
use gradus_syntax::ast;
use gradus_types::Type;

use expr::ExprInferrer;

/// The type of `expr` (an expression of `file`), without diagnostics.
pub fn expression_type<'db>(db: &'db dyn Db, file: File, expr: &ast::Expr) -> Type<'db> {
    ExprInferrer::new(db, file, false).infer_expr(expr)
}
