//! gradus_types
