//! gradus_server
