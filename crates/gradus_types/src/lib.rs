//! Type data: the [`Type`] value, its interned payloads, the union builder
//! and display. Data only — nothing here runs inference; `gradus_check`
//! computes types and relations.
//!
//! A `Type` is a small `Copy` value (16 bytes): anything larger than a word
//! lives in a salsa-interned payload, so equality and hashing are O(1) and
//! types are shared across files and queries.
//!
//! ```python
//! x: list[int] | None   # Union[Instance(list[int]), None]
//! def f(a: int) -> str  # Function(f), displayed as `def f(a: int) -> str`
//! ```

mod class;
mod display;
mod function;
mod known;
mod tuple;
mod types;
mod union;

pub use class::{ClassLiteral, ClassType};
pub use display::DisplayType;
pub use function::{
    BoundMethodType, CallableType, FunctionLiteral, MethodKind, Parameter, ParameterKind, Signature,
};
pub use known::KnownClass;
pub use tuple::join_widening_tuples;
pub use types::{
    DynamicKind, EnumLiteralType, LiteralStr, ModuleType, SpecialForm, TupleType, Type,
    TypeVarKind, TypeVarType, Variance,
};
pub use union::{union, UnionBuilder, UnionType, MAX_UNION_ELEMENTS};

#[cfg(test)]
mod tests;
