//! Human-readable syntax error messages.
//!
//! The parser's own `Display` output leaks its internals ("Got unexpected
//! token Name { name: .. }", "Got unexpected EOF"). Users should read what
//! CPython would tell them:
//!
//! ```python
//! def f(:        # invalid syntax: unexpected token ':'
//! x = 'abc       # unterminated string literal
//! ```

use rustpython_parser::lexer::LexicalErrorType;
use rustpython_parser::{FStringErrorType, ParseErrorType, Tok};

/// The message for a parse error.
pub(crate) fn describe(error: &ParseErrorType) -> String {
    match error {
        ParseErrorType::Eof => "unexpected end of file".to_owned(),
        ParseErrorType::ExtraToken(tok) => format!("invalid syntax: unexpected {}", token(tok)),
        ParseErrorType::InvalidToken => "invalid syntax: invalid token".to_owned(),
        ParseErrorType::UnrecognizedToken(tok, expected) => match tok {
            Tok::Indent => "unexpected indent".to_owned(),
            _ if expected.as_deref() == Some("Indent") => "expected an indented block".to_owned(),
            Tok::Dedent => "unindent does not match any outer indentation level".to_owned(),
            _ => {
                let mut msg = format!("invalid syntax: unexpected {}", token(tok));
                if let Some(exp) = expected.as_deref().and_then(expected_token) {
                    msg.push_str(&format!(" (expected {exp})"));
                }
                msg
            }
        },
        ParseErrorType::Lexical(lex) => lexical(lex),
    }
}

fn lexical(error: &LexicalErrorType) -> String {
    match error {
        LexicalErrorType::StringError => "invalid string literal".to_owned(),
        LexicalErrorType::UnicodeError => "invalid unicode escape in string literal".to_owned(),
        LexicalErrorType::NestingError => "unmatched bracket".to_owned(),
        LexicalErrorType::TabError | LexicalErrorType::TabsAfterSpaces => {
            "inconsistent use of tabs and spaces in indentation".to_owned()
        }
        LexicalErrorType::UnrecognizedToken { tok } => {
            format!("invalid character '{tok}' (U+{:04X})", *tok as u32)
        }
        LexicalErrorType::FStringError(e) => format!("f-string: {}", fstring(e)),
        LexicalErrorType::Eof => "unexpected end of file".to_owned(),
        LexicalErrorType::OtherError(msg) if msg.contains("EOL while scanning") => {
            "unterminated string literal".to_owned()
        }
        other => other.to_string(),
    }
}

fn fstring(error: &FStringErrorType) -> String {
    match error {
        FStringErrorType::InvalidExpression(inner) => describe(inner),
        FStringErrorType::UnclosedLbrace => "expecting '}'".to_owned(),
        FStringErrorType::UnopenedRbrace | FStringErrorType::SingleRbrace => {
            "single '}' is not allowed".to_owned()
        }
        other => other.to_string(),
    }
}

/// A token as users write it.
fn token(tok: &Tok) -> String {
    match tok {
        Tok::Newline => "end of line".to_owned(),
        Tok::EndOfFile => "end of file".to_owned(),
        Tok::Indent => "indent".to_owned(),
        Tok::Dedent => "dedent".to_owned(),
        Tok::String { .. } => "string literal".to_owned(),
        Tok::Complex { .. } => "number".to_owned(),
        Tok::Name { name } => format!("name '{name}'"),
        other => format!("token {other}"),
    }
}

/// LALRPOP spells expected terminals as Rust string literals (`"\":\""`).
fn expected_token(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let inner = inner.replace("\\\"", "\"");
    let inner = inner.trim_matches('"');
    if inner.is_empty() || inner.chars().any(char::is_whitespace) {
        return None;
    }
    Some(format!("'{inner}'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::{ast, Parse};

    fn msg(src: &str) -> String {
        describe(&ast::Suite::parse(src, "<t>").unwrap_err().error)
    }

    #[test]
    fn readable_messages() {
        assert_eq!(
            msg("def f(:\n  pass\n"),
            "invalid syntax: unexpected token ':'"
        );
        assert_eq!(msg("x = 'abc\n"), "unterminated string literal");
        assert_eq!(msg("x = (1,\n"), "unexpected end of file");
        assert_eq!(msg("  x = 1\n"), "unexpected indent");
        assert_eq!(msg("def f():\nx = 1\n"), "expected an indented block");
        assert_eq!(
            msg("if x:\n  a\n b\n"),
            "unindent does not match any outer indentation level"
        );
        assert_eq!(msg("x = $\n"), "invalid character '$' (U+0024)");
        assert_eq!(msg("x = 1 +\n"), "invalid syntax: unexpected end of line");
        assert!(!msg("x = f'{'\n").contains("Got"));
    }
}
