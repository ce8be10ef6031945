//! gradus_resolve
