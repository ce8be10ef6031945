//! PEP 701 f-strings on a pre-3.12 parser, by same-length rewriting.
//!
//! Python 3.12 lets replacement fields reuse the outer quote, span lines and
//! hold comments; our parser rejects all of these:
//!
//! ```python
//! f"{d["k"]}"            # nested same quotes
//! f"{f"{x}"}"            # nested f-string with the same quotes
//! f"{'''eric's'''}"      # triple-quoted string inside a field
//! f"{x  # a comment
//! }"
//! ```
//!
//! When a chunk fails to parse, each f-string literal in it (found by
//! [`crate::scan`] with PEP 701 rules) is tested alone. A failing one is
//! rewritten *with the same byte length* so that every other offset stays
//! right: first gently (comments and line breaks in fields become spaces,
//! nested strings using the outer quote switch to the other quote), and if
//! that is not enough the fields are blanked to `{0   }`. A blanked field's
//! expression is then parsed on its own so a genuinely broken expression
//! is still reported.

use rustpython_parser::text_size::TextSize;
use rustpython_parser::{ast, Parse};

use crate::depth::dismantle_expr;
use crate::messages::describe;
use crate::scan::FString;
use crate::{SyntaxError, TextRange};

fn parses(text: &str, offset: usize) -> bool {
    match ast::Expr::parse_starts_at(text, "<fstring>", TextSize::from(offset as u32)) {
        Ok(expr) => {
            dismantle_expr(expr);
            true
        }
        Err(_) => false,
    }
}

fn blank(bytes: &mut [u8], keep_newlines: bool) {
    for b in bytes {
        if !(keep_newlines && (*b == b'\n' || *b == b'\r')) {
            *b = b' ';
        }
    }
}

/// The gentle rewrite: comments out, line breaks in fields flattened (for
/// single-quoted strings), clashing nested quotes switched.
fn gentle(fs: &FString, lit: &mut [u8], base: usize) {
    let other = if fs.quote == b'"' { b'\'' } else { b'"' };
    for field in &fs.fields {
        for &(s, e) in &field.comments {
            blank(&mut lit[s - base..e - base], false);
        }
        if !fs.triple {
            for b in &mut lit[field.open - base..field.close.min(fs.end) - base] {
                if *b == b'\n' || *b == b'\r' {
                    *b = b' ';
                }
            }
        }
        for &(_, q, end, quote, triple) in &field.strings {
            let n = if triple { 3 } else { 1 };
            if quote != fs.quote || end < q + 2 * n || lit[end - base - 1] != quote {
                continue;
            }
            if lit[q - base + n..end - base - n].contains(&other) {
                continue;
            }
            for k in 0..n {
                lit[q - base + k] = other;
                lit[end - base - 1 - k] = other;
            }
        }
    }
}

/// Rewrites the f-strings of `text` (which starts at `base` in the source)
/// that the parser rejects. Returns errors for fields whose expression is
/// broken on its own.
pub(crate) fn fix_fstrings(
    text: &mut String,
    base: usize,
    fstrings: &[FString],
) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let mut bytes = std::mem::take(text).into_bytes();
    for fs in fstrings {
        let (s, e) = (fs.start - base, fs.end - base);
        let lit_ok = std::str::from_utf8(&bytes[s..e]).is_ok_and(|t| parses(t, fs.start));
        if lit_ok {
            continue;
        }
        let mut lit = bytes[s..e].to_vec();
        gentle(fs, &mut lit, fs.start);
        if std::str::from_utf8(&lit).is_ok_and(|t| parses(t, fs.start)) {
            bytes[s..e].copy_from_slice(&lit);
            continue;
        }
        // Blank every field, checking each expression on its own.
        for field in &fs.fields {
            let (o, c) = (field.open - fs.start, field.close.min(fs.end) - fs.start);
            if c <= o + 1 {
                continue;
            }
            let expr_end = field.expr_end.min(field.close) - fs.start;
            let mut expr = lit[o + 1..expr_end].to_vec();
            for b in &mut expr {
                if *b == b'\n' || *b == b'\r' {
                    *b = b' ';
                }
            }
            let nested_f = field.strings.iter().any(|&(ps, q, ..)| {
                lit[ps - fs.start..q - fs.start]
                    .iter()
                    .any(|b| b.eq_ignore_ascii_case(&b'f'))
            });
            if field.close >= fs.end {
                // The field runs to the end of the f-string (or file):
                // report it where it opens, as CPython does.
                errors.push(SyntaxError {
                    range: TextRange::empty(TextSize::from(field.open as u32)),
                    message: "f-string: expecting '}'".to_owned(),
                });
            } else if let Ok(expr) = std::str::from_utf8(&expr) {
                // `f"{ x}"`: leading blanks are not an indent.
                let trimmed = expr.trim_start();
                let at = field.open + 1 + (expr.len() - trimmed.len());
                let expr = trimmed;
                if !nested_f && !expr.trim().is_empty() {
                    match ast::Expr::parse_starts_at(expr, "<fstring>", TextSize::from(at as u32)) {
                        Ok(expr) => dismantle_expr(expr),
                        Err(err) => errors.push(SyntaxError {
                            range: TextRange::empty(err.offset),
                            message: format!("f-string: {}", describe(&err.error)),
                        }),
                    }
                }
            }
            // `{0}`, with as many zeros as the first character has bytes:
            // the constant must end on a character boundary.
            let zeros = (1..=4)
                .find(|&k| o + 1 + k >= c || (lit[o + 1 + k] & 0xC0) != 0x80)
                .unwrap_or(1)
                .min(c - o - 1);
            blank(&mut lit[o + 1..c], fs.triple);
            lit[o + 1..o + 1 + zeros].fill(b'0');
        }
        if std::str::from_utf8(&lit).is_ok_and(|t| parses(t, fs.start)) {
            bytes[s..e].copy_from_slice(&lit);
        }
    }
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    fn fixed(src: &str) -> (String, Vec<SyntaxError>) {
        let s = scan(src);
        let mut text = src.to_owned();
        let errors = fix_fstrings(&mut text, 0, &s.fstrings);
        assert_eq!(text.len(), src.len());
        (text, errors)
    }

    #[test]
    fn switches_nested_quotes() {
        let (t, e) = fixed("x = f\"{d[\"k\"]}\"\n");
        assert_eq!(t, "x = f\"{d['k']}\"\n");
        assert!(e.is_empty());
        let (t, _) = fixed("f\"{f\"{x}\"}\"");
        assert_eq!(t, "f\"{f'{x}'}\"");
    }

    #[test]
    fn removes_comments_and_newlines() {
        let (t, e) = fixed("f'{x  # note\n}'");
        assert_eq!(t, "f'{x         }'");
        assert!(e.is_empty());
    }

    #[test]
    fn blanks_what_cannot_be_kept() {
        let (t, e) = fixed("f\"{'''eric's'''}\"");
        assert_eq!(t, "f\"{0           }\"");
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn reports_broken_field_expression() {
        let (_, e) = fixed("f\"{d[\"k\"] +}\"");
        assert_eq!(e.len(), 1);
        assert!(e[0].message.starts_with("f-string: "), "{e:?}");
    }

    #[test]
    fn blanked_field_with_leading_space_is_not_an_indent() {
        let (_, e) = fixed("f\"{ (a, *('''x'y'''))!r:>10} {{b}}\"");
        assert!(e.is_empty(), "{e:?}");
        let (_, e) = fixed("f\"{ d[\"k\"] +}\"");
        assert_eq!(e.len(), 1);
        assert_eq!(usize::from(e[0].range.start()), 12, "{e:?}");
    }

    #[test]
    fn blanked_field_ends_on_a_character_boundary() {
        let src = "f\"{é'''x'''}\"";
        let (t, _) = fixed(src);
        assert_eq!(t, "f\"{00       }\"");
        let parsed = crate::parse_module(&format!("x = {src}\n"));
        for e in &parsed.errors {
            assert!(src.is_char_boundary(usize::from(e.range.start()) - 4));
        }
    }

    #[test]
    fn leaves_valid_fstrings_alone() {
        let src = "f'{a!r:>{w}}' f\"{x=}\"";
        assert_eq!(fixed(src).0, src);
    }
}
