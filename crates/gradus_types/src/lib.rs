//! Type data: the `Type` value and its interned payloads (the type engine
//! issue fills this in). Data only: nothing here runs inference.
//!
//! ```python
//! x: list[int] | None   # one `Type::Union` over an instance and `None`
//! ```
