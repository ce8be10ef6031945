//! Bytes to text: UTF-8 BOM, PEP 263 coding declarations, invalid UTF-8.
//!
//! ```python
//! # -*- coding: latin-1 -*-
//! name = "café"      # the é is the single byte 0xE9 on disk
//! ```
//!
//! Every offset the rest of Gradus uses (AST ranges, diagnostics, the line
//! index) is relative to the *decoded* text, not to the bytes on disk: a
//! stripped BOM shifts everything by 3 bytes, a latin-1 `é` is 1 byte on disk
//! and 2 in the text.

use encoding_rs::Encoding;

/// The text of a source file and what went wrong while decoding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedSource {
    /// The decoded text. Undecodable bytes are replaced by U+FFFD so that
    /// byte offsets of the rest of the file stay meaningful to the user.
    pub text: String,
    /// A message when the bytes were not valid in the declared encoding.
    pub error: Option<String>,
}

/// Finds a PEP 263 declaration in one line:
/// `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
fn coding_in_line(line: &[u8]) -> Option<String> {
    let rest = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .map(|i| &line[i..])?;
    let comment = rest.strip_prefix(b"#")?;
    let mut from = 0;
    while let Some(pos) = find(&comment[from..], b"coding") {
        let after = from + pos + b"coding".len();
        if matches!(comment.get(after), Some(b':' | b'=')) {
            let name: Vec<u8> = comment[after + 1..]
                .iter()
                .skip_while(|&&b| b == b' ' || b == b'\t')
                .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                .copied()
                .collect();
            if !name.is_empty() {
                return Some(String::from_utf8_lossy(&name).into_owned());
            }
        }
        from = after;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The declared encoding of the first two lines, if any.
fn declared_coding(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split_inclusive(|&b| b == b'\n');
    let first = lines.next()?;
    if let Some(name) = coding_in_line(first) {
        return Some(name);
    }
    let trimmed: Vec<u8> = first
        .iter()
        .copied()
        .filter(|b| !matches!(b, b' ' | b'\t' | b'\x0c' | b'\r' | b'\n'))
        .collect();
    if trimmed.is_empty() || trimmed[0] == b'#' {
        return lines.next().and_then(coding_in_line);
    }
    None
}

/// Python's codec names to encoding_rs encodings. `None` for UTF-8.
fn lookup(name: &str) -> Result<Option<&'static Encoding>, ()> {
    let norm = name.to_ascii_lowercase().replace('_', "-");
    // CPython also accepts "utf-8-xxx" and "latin-1-xxx" spellings.
    let base = norm.as_str();
    if base == "utf-8" || base == "utf8" || base.starts_with("utf-8-") {
        return Ok(None);
    }
    let label = match base {
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "8859" | "cp819" | "latin" => {
            // encoding_rs maps these WHATWG labels to windows-1252, which
            // differs from latin-1 in 0x80..0x9F; decoded by hand below.
            return Ok(Some(LATIN1_MARKER));
        }
        "cp1252" | "windows-1252" => "windows-1252",
        "shift-jis" | "shiftjis" | "sjis" | "s-jis" | "cp932" | "ms932" => "shift_jis",
        "euc-jp" | "eucjp" | "ujis" => "euc-jp",
        "euc-kr" | "euckr" | "cp949" => "euc-kr",
        "gbk" | "cp936" | "gb2312" => "gbk",
        "gb18030" => "gb18030",
        "big5" | "cp950" => "big5",
        "koi8-r" => "koi8-r",
        "koi8-u" => "koi8-u",
        "ascii" | "us-ascii" => return Ok(Some(ASCII_MARKER)),
        other => {
            if let Some(n) = other
                .strip_prefix("cp")
                .filter(|n| n.len() == 4 && n.starts_with("125"))
            {
                return Encoding::for_label(format!("windows-{n}").as_bytes())
                    .map(Some)
                    .ok_or(());
            }
            if let Some(n) = other.strip_prefix("iso8859-") {
                return Encoding::for_label(format!("iso-8859-{n}").as_bytes())
                    .map(Some)
                    .ok_or(());
            }
            other
        }
    };
    Encoding::for_label(label.as_bytes()).map(Some).ok_or(())
}

// Sentinels for the two encodings decoded by hand (not in encoding_rs).
static LATIN1_MARKER: &Encoding = encoding_rs::X_USER_DEFINED;
static ASCII_MARKER: &Encoding = encoding_rs::REPLACEMENT;

fn decode_utf8(bytes: &[u8]) -> DecodedSource {
    match std::str::from_utf8(bytes) {
        Ok(text) => DecodedSource {
            text: text.to_owned(),
            error: None,
        },
        Err(err) => DecodedSource {
            text: String::from_utf8_lossy(bytes).into_owned(),
            error: Some(format!(
                "file is not valid UTF-8 (invalid byte at offset {})",
                err.valid_up_to()
            )),
        },
    }
}

/// Decodes a Python source file the way CPython does: a UTF-8 BOM is dropped,
/// a PEP 263 `# -*- coding: NAME -*-` on line 1 or 2 selects the encoding,
/// otherwise the bytes must be UTF-8.
///
/// Offsets in errors are byte offsets into `bytes` *after* the BOM; offsets
/// anywhere else in Gradus are relative to the returned text.
pub fn decode_source(bytes: &[u8]) -> DecodedSource {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let Some(name) = declared_coding(bytes) else {
        return decode_utf8(bytes);
    };
    let encoding = match lookup(&name) {
        Ok(None) => return decode_utf8(bytes),
        Ok(Some(enc)) => enc,
        Err(()) => {
            let mut out = decode_utf8(bytes);
            out.error = Some(format!(
                "unknown encoding '{name}' in the coding declaration"
            ));
            return out;
        }
    };
    if bom {
        let mut out = decode_utf8(bytes);
        out.error = Some(format!(
            "encoding problem: '{name}' declared in a file starting with a UTF-8 BOM"
        ));
        return out;
    }
    if std::ptr::eq(encoding, LATIN1_MARKER) {
        return DecodedSource {
            text: bytes.iter().map(|&b| b as char).collect(),
            error: None,
        };
    }
    if std::ptr::eq(encoding, ASCII_MARKER) {
        let bad = bytes.iter().position(|b| !b.is_ascii());
        return DecodedSource {
            text: bytes
                .iter()
                .map(|&b| if b.is_ascii() { b as char } else { '\u{FFFD}' })
                .collect(),
            error: bad.map(|at| format!("file is not valid 'ascii' (invalid byte at offset {at})")),
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let error = had_errors.then(|| {
        // Find the first bad byte by decoding prefixes of growing size.
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut buf = String::with_capacity(bytes.len() * 3 + 16);
        let mut at = 0;
        for (i, chunk) in bytes.chunks(1).enumerate() {
            let (res, _, replaced) =
                decoder.decode_to_string(chunk, &mut buf, i + 1 == bytes.len());
            let _ = res;
            if replaced {
                at = i;
                break;
            }
        }
        format!("file is not valid '{name}' (invalid byte near offset {at})")
    });
    DecodedSource {
        text: text.into_owned(),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_and_bom() {
        assert_eq!(decode_source(b"x = 1\n").text, "x = 1\n");
        let d = decode_source(b"\xEF\xBB\xBFx = 1\r\n");
        assert_eq!(d.text, "x = 1\r\n");
        assert_eq!(d.error, None);
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let d = decode_source(b"x = '\xff'\n");
        assert_eq!(d.text, "x = '\u{FFFD}'\n");
        assert!(d.error.unwrap().contains("offset 5"));
    }

    #[test]
    fn latin1_declaration() {
        let d = decode_source(b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n");
        assert_eq!(d.error, None);
        assert!(d.text.contains("café"));
        // 0x80..0x9F are C1 controls in latin-1, not cp1252 punctuation.
        let d = decode_source(b"# coding=iso-8859-1\nx = '\x80'\n");
        assert!(d.text.contains('\u{80}'));
    }

    #[test]
    fn cp1252_on_second_line_after_shebang() {
        let d =
            decode_source(b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n");
        assert_eq!(d.error, None);
        assert!(d.text.contains('\u{20AC}'));
    }

    #[test]
    fn second_line_only_after_comment_or_blank() {
        let d = decode_source(b"x = 1\n# coding: latin-1\ny = '\xe9'\n");
        assert!(d.error.is_some(), "line 2 must be ignored after code");
    }

    #[test]
    fn east_asian_encodings() {
        let d = decode_source(b"# coding: euc-jp\nx = '\xa4\xa2'\n");
        assert_eq!(d.error, None);
        assert!(d.text.contains('あ'));
        let d = decode_source(b"# coding: shift_jis\nx = '\x82\xa0'\n");
        assert!(d.text.contains('あ'));
        assert!(decode_source(b"# coding: utf8\nx = 1\n").error.is_none());
    }

    #[test]
    fn unknown_encoding_is_named() {
        let d = decode_source(b"# coding: klingon\nx = 1\n");
        assert!(d.error.unwrap().contains("'klingon'"));
        assert_eq!(d.text, "# coding: klingon\nx = 1\n");
    }

    #[test]
    fn bom_with_other_coding_is_an_error() {
        let d = decode_source(b"\xEF\xBB\xBF# coding: latin-1\nx = 1\n");
        assert!(d.error.unwrap().contains("BOM"));
        let d = decode_source(b"\xEF\xBB\xBF# coding: utf-8\nx = 1\n");
        assert_eq!(d.error, None);
    }

    #[test]
    fn nul_bytes_are_kept() {
        let d = decode_source(b"x = 1\0\n");
        assert_eq!(d.text, "x = 1\0\n");
        assert_eq!(d.error, None);
    }
}
