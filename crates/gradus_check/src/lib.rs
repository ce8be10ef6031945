//! gradus_check
