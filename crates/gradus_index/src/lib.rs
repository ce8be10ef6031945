//! gradus_index
