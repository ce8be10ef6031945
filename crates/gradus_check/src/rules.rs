//! The rule registry: every diagnostic code, its default severity and a
//! one-line summary. Codes are stable kebab-case names users put in config
//! and suppression comments.

use gradus_db::Severity;

/// A checker rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
}

pub const INVALID_SYNTAX: Rule = Rule {
    code: "invalid-syntax",
    default_severity: Severity::Error,
    summary: "The file cannot be parsed (or decoded) as Python source.",
};

pub const UNRESOLVED_IMPORT: Rule = Rule {
    code: "unresolved-import",
    default_severity: Severity::Error,
    summary: "An imported module cannot be found on any search path.",
};

pub const INTERNAL_ERROR: Rule = Rule {
    code: "internal-error",
    default_severity: Severity::Error,
    summary: "Gradus itself failed while checking this file; please report it.",
};

pub const REVEALED_TYPE: Rule = Rule {
    code: "revealed-type",
    default_severity: Severity::Info,
    summary: "The type shown by a `reveal_type(...)` call.",
};

/// Every rule, in code order.
pub const ALL_RULES: &[Rule] = &[
    INTERNAL_ERROR,
    INVALID_SYNTAX,
    REVEALED_TYPE,
    UNRESOLVED_IMPORT,
];

/// Looks a rule up by its code.
pub fn rule_by_code(code: &str) -> Option<Rule> {
    ALL_RULES.iter().copied().find(|r| r.code == code)
}

/// All rule codes (for config validation).
pub fn all_rule_codes() -> Vec<&'static str> {
    ALL_RULES.iter().map(|r| r.code).collect()
}

/// Whether suppression comments can silence the rule: syntax errors and
/// crashes cannot be ignored line by line.
pub fn is_suppressible(code: &str) -> bool {
    code != INVALID_SYNTAX.code && code != INTERNAL_ERROR.code
}
