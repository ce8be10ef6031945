//! Signature help: inside the parentheses of a call, the callee's
//! signatures (one per overload) with the parameter the cursor is on.
//!
//! ```python
//! def greet(name: str, times: int = 1) -> str: ...
//! greet("a", |          # greet(name: str, times: int = ...) -> str, on `times`
//! greet(times=2, |      # keyword arguments pick their parameter by name
//! ```
//!
//! The call is found in the text, not the AST: while the user types the
//! arguments the call is not closed and the line does not parse. The
//! brackets still open at the cursor are counted from the start of the
//! top-level statement (strings and comments skipped), and the callee is the
//! primary expression before the innermost open `(`.

use gradus_check::ide::{self, CalleeSignature};
use gradus_db::{parsed_module, source_text, Db, File};
use gradus_syntax::ast::Ranged;
use gradus_syntax::TextSize;
use gradus_types::ParameterKind;

use crate::scan::{open_brackets, primary_start};

/// One signature of the callee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInfo {
    /// `greet(name: str, times: int = ...) -> str`.
    pub label: String,
    /// Byte ranges into `label`, one per parameter.
    pub parameters: Vec<(usize, usize)>,
    pub documentation: Option<String>,
    /// The parameter the cursor is on, in this signature.
    pub active_parameter: Option<usize>,
}

/// Signature help: the callee's signatures and the active one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHelp {
    pub signatures: Vec<SignatureInfo>,
    pub active_signature: usize,
}

/// Signature help at `offset` inside a call.
pub fn signature_help(db: &dyn Db, file: File, offset: TextSize) -> Option<SignatureHelp> {
    let text = &source_text(db, file).text;
    let offset = usize::from(offset).min(text.len());
    let start = statement_start(db, file, text, offset);
    let open = open_brackets(text, start, offset);
    let &(paren, kind) = open.last()?;
    if kind != b'(' {
        return None;
    }
    let callee_start = primary_start(text, paren)?;
    if callee_start == paren {
        return None; // a parenthesized expression, not a call
    }
    let callee_text = &text[callee_start..paren];
    if is_def_header(text, callee_start) {
        return None;
    }
    let callee = ide::type_of_text(db, file, callee_text, TextSize::from(callee_start as u32))?;
    let signatures = ide::callee_signatures(db, callee);
    if signatures.is_empty() {
        return None;
    }
    let (index, keyword) = argument_position(text, paren + 1, offset);
    let infos: Vec<SignatureInfo> = signatures
        .iter()
        .map(|s| info(db, s, callee_text, index, keyword.as_deref()))
        .collect();
    // The first signature with enough parameters for the arguments so far.
    let active_signature = infos
        .iter()
        .position(|i| i.active_parameter.is_some())
        .unwrap_or(0);
    Some(SignatureHelp {
        signatures: infos,
        active_signature,
    })
}

/// `def f(` is a definition, not a call.
fn is_def_header(text: &str, callee_start: usize) -> bool {
    let before = text[..callee_start].trim_end_matches([' ', '\t']);
    before.ends_with("def") || before.ends_with("class")
}

/// The start of the statement holding `offset`: the top-level statement of
/// the AST around it, else the last line starting at column 0 before it.
fn statement_start(db: &dyn Db, file: File, text: &str, offset: usize) -> usize {
    let parsed = parsed_module(db, file);
    let at = TextSize::from(offset as u32);
    let index = parsed.body.partition_point(|s| s.range().end() < at);
    if let Some(stmt) = parsed.body.get(index) {
        if stmt.range().start() <= at {
            return usize::from(stmt.range().start());
        }
    }
    let mut line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    while line_start > 0 {
        let line = &text[line_start..];
        if !line.starts_with([' ', '\t', '\n', '#', ')', ']', '}']) {
            break;
        }
        line_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    line_start
}

/// The index of the argument at `offset` (commas at depth 0 since
/// `args_start`) and its keyword, if it is `name=...`.
fn argument_position(text: &str, args_start: usize, offset: usize) -> (usize, Option<String>) {
    let mut index = 0;
    let mut current_start = args_start;
    let bytes = text.as_bytes();
    let mut i = args_start;
    // Commas at depth 0: walk, skipping nested brackets and strings.
    while i < offset {
        match bytes[i] {
            b'"' | b'\'' => {
                let mut j = i + 1;
                while j < offset && bytes[j] != bytes[i] {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                i = j + 1;
                continue;
            }
            b'(' | b'[' | b'{' => {
                let mut depth = 0;
                let mut j = i;
                while j < offset {
                    match bytes[j] {
                        b'(' | b'[' | b'{' => depth += 1,
                        b')' | b']' | b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            b',' => {
                index += 1;
                current_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let current = text[current_start.min(offset)..offset].trim_start();
    let word_len = current
        .find(|c: char| !(c == '_' || c.is_alphanumeric()))
        .unwrap_or(current.len());
    let after = current[word_len..].trim_start();
    let keyword = (word_len > 0 && after.starts_with('=') && !after.starts_with("=="))
        .then(|| current[..word_len].to_owned());
    (index, keyword)
}

fn info(
    db: &dyn Db,
    callee: &CalleeSignature<'_>,
    callee_text: &str,
    index: usize,
    keyword: Option<&str>,
) -> SignatureInfo {
    let name = callee.name.clone().unwrap_or_else(|| {
        callee_text
            .rsplit('.')
            .next()
            .unwrap_or(callee_text)
            .to_owned()
    });
    let sig = &callee.signature;
    let (label, parameters) = format_signature(db, &name, sig);
    let active_parameter = match keyword {
        Some(k) => sig
            .parameters
            .iter()
            .position(|p| {
                p.name.as_deref() == Some(k)
                    && !matches!(
                        p.kind,
                        ParameterKind::PositionalOnly | ParameterKind::VarPositional
                    )
            })
            .or_else(|| {
                sig.parameters
                    .iter()
                    .position(|p| p.kind == ParameterKind::VarKeyword)
            }),
        None => {
            let positional: Vec<usize> = sig
                .parameters
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    matches!(
                        p.kind,
                        ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
                    )
                })
                .map(|(i, _)| i)
                .collect();
            positional.get(index).copied().or_else(|| {
                sig.parameters
                    .iter()
                    .position(|p| p.kind == ParameterKind::VarPositional)
            })
        }
    };
    let documentation = callee.site.as_ref().and_then(|s| ide::docstring(db, s));
    SignatureInfo {
        label,
        parameters,
        documentation,
        active_parameter,
    }
}

/// `name(a: int, b: str = ..., /, *args, c, **kw) -> R`, with the byte
/// range of each parameter in the label. Unknown types (unannotated
/// parameters, unknown returns) are left out rather than shown as
/// `Unknown`.
pub(crate) fn format_signature(
    db: &dyn Db,
    name: &str,
    sig: &gradus_types::Signature<'_>,
) -> (String, Vec<(usize, usize)>) {
    let mut label = format!("{name}(");
    let mut parameters = Vec::new();
    let mut wrote_star = false;
    for (i, p) in sig.parameters.iter().enumerate() {
        if i > 0 {
            label.push_str(", ");
        }
        if p.kind == ParameterKind::KeywordOnly && !wrote_star {
            label.push_str("*, ");
            wrote_star = true;
        }
        let start = label.len();
        match p.kind {
            ParameterKind::VarPositional => {
                label.push('*');
                wrote_star = true;
            }
            ParameterKind::VarKeyword => label.push_str("**"),
            _ => {}
        }
        if let Some(n) = &p.name {
            label.push_str(n);
            if !p.ty.is_unknown() {
                label.push_str(": ");
                label.push_str(&p.ty.display(db).to_string());
            }
        } else {
            label.push_str(&p.ty.display(db).to_string());
        }
        if p.has_default {
            label.push_str(" = ...");
        }
        parameters.push((start, label.len()));
        let next_positional_only = sig
            .parameters
            .get(i + 1)
            .is_some_and(|n| n.kind == ParameterKind::PositionalOnly);
        if p.kind == ParameterKind::PositionalOnly && p.name.is_some() && !next_positional_only {
            label.push_str(", /");
        }
    }
    if sig.gradual {
        label.push_str("...");
    }
    label.push(')');
    if !sig.return_type.is_unknown() {
        label.push_str(" -> ");
        label.push_str(&sig.return_type.display(db).to_string());
    }
    (label, parameters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::test_db;

    fn help(src: &str, cursor: &str) -> Option<SignatureHelp> {
        let (db, files) = test_db(&[("/project/a.py", src)]);
        let offset = src.find(cursor).unwrap() + cursor.len();
        signature_help(&db, files[0], TextSize::from(offset as u32))
    }

    const DEFS: &str = "\
def greet(name: str, times: int = 1, *, loud: bool = False) -> str:
    \"\"\"Say hello.\"\"\"
    return name

class Box:
    def __init__(self, size: int) -> None: ...
";

    #[test]
    fn active_parameter_by_position_and_keyword() {
        let src = format!("{DEFS}greet('a', \n");
        let h = help(&src, "greet('a', ").unwrap();
        let sig = &h.signatures[0];
        assert_eq!(
            sig.label,
            "greet(name: str, times: int = ..., *, loud: bool = ...) -> str"
        );
        assert_eq!(sig.active_parameter, Some(1));
        let (s, e) = sig.parameters[1];
        assert_eq!(&sig.label[s..e], "times: int = ...");
        assert_eq!(sig.documentation.as_deref(), Some("Say hello."));
        let src = format!("{DEFS}greet('a', loud=\n");
        let h = help(&src, "loud=").unwrap();
        assert_eq!(h.signatures[0].active_parameter, Some(2));
        // Nested calls and strings with commas do not count.
        let src = format!("{DEFS}greet(str(1, 2) + ',', \n");
        let h = help(&src, "',', ").unwrap();
        assert_eq!(h.signatures[0].active_parameter, Some(1));
        // A third positional argument matches no parameter.
        let src = format!("{DEFS}greet('a', 1, \n");
        let h = help(&src, "'a', 1, ").unwrap();
        assert_eq!(h.signatures[0].active_parameter, None);
    }

    #[test]
    fn constructors_and_closed_calls() {
        let src = format!("{DEFS}b = Box(3)\n");
        let h = help(&src, "Box(").unwrap();
        assert_eq!(h.signatures[0].label, "Box(size: int) -> Box");
        assert_eq!(h.signatures[0].active_parameter, Some(0));
        assert!(help(&src, "b = ").is_none());
        // A dataclass: the synthesized `__init__`.
        let src = "from dataclasses import dataclass\n@dataclass\nclass P:\n    x: int\n    y: str = 'a'\nP(\n";
        let h = help(src, "P(").unwrap();
        assert_eq!(h.signatures[0].label, "P(x: int, y: str = ...) -> P");
    }
}
