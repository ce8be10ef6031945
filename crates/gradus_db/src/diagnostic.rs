//! The diagnostic model shared by every layer. Rendering lives above.

use gradus_syntax::TextRange;

use crate::File;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A message about a range of a file, with a stable kebab-case code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub file: File,
    pub range: TextRange,
    pub severity: Severity,
    /// A stable kebab-case rule code such as `invalid-syntax`.
    pub code: &'static str,
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        file: File,
        range: TextRange,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file,
            range,
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }
}
