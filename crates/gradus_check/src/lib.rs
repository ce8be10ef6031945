//! Semantic checks over the index and the resolver: `check_file` is the one
//! entry point the project and the IDE use.
//!
//! ```python
//! import missing_module      # error[unresolved-import]
//! def f(:                    # error[invalid-syntax], and the rest is still checked
//! ```

pub mod abstract_class;
mod check;
pub mod class;
pub mod coverage;
pub mod dataclass;
mod descriptor;
pub mod disjoint_base;
pub mod enums;
pub mod firewall;
pub mod generic_checks;
pub mod ide;
pub mod infer;
pub mod intersection;
pub mod namedtuple;
pub mod narrow;
pub mod newtype;
pub mod overloads;
pub mod overrides;
pub mod protocol;
pub mod qualifiers;
pub mod relation;
pub mod rules;
pub mod semantic;
pub mod suppression;
pub mod typeddict;
pub mod variance;

pub use check::check_file;
pub use suppression::{file_suppressions, unused_ignore_fix, Suppressions};
