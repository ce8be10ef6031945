//! gradus_project
