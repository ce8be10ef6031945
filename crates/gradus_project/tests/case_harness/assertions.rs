//! Inline assertions in `#` comments: `# E: [code] "text"`, `# E?`,
//! `# E?: [code]`, `# revealed: T`.

/// What an assertion expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssertionKind {
    /// At least one diagnostic (with this code / message substring).
    Error {
        code: Option<String>,
        message: Option<String>,
    },
    /// A diagnostic is allowed but not required.
    MaybeError {
        code: Option<String>,
        message: Option<String>,
    },
    /// `reveal_type` on this line shows exactly this type.
    Revealed(String),
}

/// An assertion about a one-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    pub line: u32,
    pub kind: AssertionKind,
}

impl Assertion {
    pub fn describe(&self) -> String {
        let code_msg = |code: &Option<String>, message: &Option<String>| {
            let mut s = String::new();
            if let Some(c) = code {
                s.push_str(&format!(" [{c}]"));
            }
            if let Some(m) = message {
                s.push_str(&format!(" \"{m}\""));
            }
            s
        };
        match &self.kind {
            AssertionKind::Error { code, message } => format!("E:{}", code_msg(code, message)),
            AssertionKind::MaybeError { code, message } => {
                format!("E?:{}", code_msg(code, message))
            }
            AssertionKind::Revealed(t) => format!("revealed: {t}"),
        }
    }
}

/// The comment of each line (text after the first `#` outside a string),
/// tracking triple-quoted strings across lines.
fn line_comments(text: &str) -> Vec<(u32, Option<String>, bool)> {
    // (line, comment, line holds only a comment)
    let mut out = Vec::new();
    let mut in_triple: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let mut j = 0;
        let mut comment = None;
        let mut quote: Option<u8> = None;
        while j < bytes.len() {
            if let Some(t) = in_triple {
                if bytes[j..].starts_with(t.as_bytes()) {
                    in_triple = None;
                    j += 3;
                } else {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                continue;
            }
            if let Some(q) = quote {
                if bytes[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if bytes[j] == q {
                    quote = None;
                }
                j += 1;
                continue;
            }
            match bytes[j] {
                b'#' => {
                    comment = Some(line[j + 1..].to_owned());
                    break;
                }
                b'"' | b'\'' => {
                    let q = &bytes[j..(j + 3).min(bytes.len())];
                    if q == b"\"\"\"" || q == b"'''" {
                        in_triple = Some(if bytes[j] == b'"' { "\"\"\"" } else { "'''" });
                        j += 3;
                    } else {
                        quote = Some(bytes[j]);
                        j += 1;
                    }
                }
                _ => j += 1,
            }
        }
        let only_comment = line.trim_start().starts_with('#');
        out.push((i as u32 + 1, comment, only_comment));
    }
    out
}

/// Parses one `#`-separated segment of a comment.
fn parse_segment(segment: &str) -> Result<Option<AssertionKind>, String> {
    let s = segment.trim();
    if let Some(rest) = s.strip_prefix("revealed:") {
        return Ok(Some(AssertionKind::Revealed(rest.trim().to_owned())));
    }
    let (maybe, rest) = if let Some(rest) = s.strip_prefix("E?") {
        (true, rest)
    } else if let Some(rest) = s.strip_prefix("E:") {
        (false, rest.trim_start_matches(':'))
    } else if s == "E" {
        (false, "")
    } else {
        return Ok(None);
    };
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    let mut code = None;
    let mut message = None;
    let mut rest = rest;
    if let Some(after) = rest.strip_prefix('[') {
        let end = after
            .find(']')
            .ok_or_else(|| format!("unclosed `[` in `{s}`"))?;
        code = Some(after[..end].trim().to_owned());
        rest = after[end + 1..].trim();
    }
    if let Some(after) = rest.strip_prefix('"') {
        let end = after
            .rfind('"')
            .ok_or_else(|| format!("unclosed `\"` in `{s}`"))?;
        message = Some(after[..end].to_owned());
        rest = after[end + 1..].trim();
    }
    if !rest.is_empty() {
        return Err(format!("cannot read assertion `{s}`"));
    }
    Ok(Some(if maybe {
        AssertionKind::MaybeError { code, message }
    } else {
        AssertionKind::Error { code, message }
    }))
}

/// All assertions of a file. A line holding only assertion comments applies
/// to the next line that is not only a comment.
pub fn parse_assertions(text: &str) -> Result<Vec<Assertion>, String> {
    let mut out = Vec::new();
    let mut pending: Vec<AssertionKind> = Vec::new();
    for (line, comment, only_comment) in line_comments(text) {
        let mut kinds = Vec::new();
        if let Some(comment) = comment {
            // Segments are separated by `#`, except inside a quoted message.
            let mut segments = Vec::new();
            let mut current = String::new();
            let mut in_quote = false;
            for c in comment.chars() {
                match c {
                    '"' => {
                        in_quote = !in_quote;
                        current.push(c);
                    }
                    '#' if !in_quote => segments.push(std::mem::take(&mut current)),
                    _ => current.push(c),
                }
            }
            segments.push(current);
            for seg in segments {
                if let Some(kind) = parse_segment(&seg).map_err(|e| format!("line {line}: {e}"))? {
                    kinds.push(kind);
                }
            }
        }
        if only_comment {
            pending.extend(kinds);
        } else {
            for kind in pending.drain(..).chain(kinds) {
                out.push(Assertion { line, kind });
            }
        }
    }
    Ok(out)
}
