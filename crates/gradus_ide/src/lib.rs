//! gradus_ide
