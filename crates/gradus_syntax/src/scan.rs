//! A tolerant, PEP 701-aware token scanner used by every recovery pass.
//!
//! The real parser gives up at the first error, so the passes that work
//! *around* it (statement chunking, PEP 696 defaults, PEP 701 f-strings, the
//! nesting limits) need their own view of the token structure: which lines
//! start a logical line, where brackets open, where f-strings and their
//! replacement fields are. This scanner never fails; on nonsense it still
//! produces tokens and moves on.
//!
//! ```python
//! x = f"{d["k"]}"      # one FString token (PEP 701 nested quotes), not three
//! y = (1,              # the next line is a continuation, not a statement
//!      2)
//! ```

/// Kinds of coarse tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Name,
    Number,
    Str,
    FStr,
    /// `(`, `[`, `{`
    Open,
    /// `)`, `]`, `}`
    Close,
    Op,
    Comment,
    /// End of a logical line.
    Newline,
    /// A line break inside brackets, or after a blank/comment-only line.
    Nl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
}

/// A replacement field of an f-string: `{expr!r:spec}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// Offset of `{`.
    pub open: usize,
    /// Offset just after the expression part (before `=`, `!`, `:` or `}`).
    pub expr_end: usize,
    /// Offset of the closing `}` (or the end of the f-string if missing).
    pub close: usize,
    /// String literals nested in the expression part: (start of prefix,
    /// offset of the first quote, end, quote byte, triple).
    pub strings: Vec<(usize, usize, usize, u8, bool)>,
    /// Comments inside the expression part: (start, end).
    pub comments: Vec<(usize, usize)>,
}

/// An f-string literal and its top-level replacement fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FString {
    pub start: usize,
    pub end: usize,
    pub quote: u8,
    pub triple: bool,
    pub fields: Vec<Field>,
}

/// A physical line that starts a logical line (not a continuation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineStart {
    pub start: usize,
    /// Width of the indentation in bytes.
    pub indent: usize,
    /// Blank or comment-only line.
    pub blank: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub tokens: Vec<Token>,
    pub fstrings: Vec<FString>,
    pub lines: Vec<LineStart>,
    /// Brackets nested deeper than [`MAX_NESTING`]: the offending bracket.
    pub too_deep: Vec<usize>,
    /// Brackets still open where a new statement had to start, or at EOF.
    pub unclosed: Vec<(usize, u8)>,
    /// Strings without their closing quote: (start, triple-quoted).
    pub unterminated: Vec<(usize, bool)>,
    /// F-strings or format specs nested deeper than
    /// [`MAX_FSTRING_NESTING`]: the offending one.
    pub deep_fstrings: Vec<usize>,
    /// Logical lines whose expressions may nest deeper than
    /// [`MAX_LINE_COMPLEXITY`]: where the estimate passed it.
    pub too_complex: Vec<usize>,
}

// Budget: see `gradus_budgets`.
pub(crate) use gradus_budgets::PARSE_MAX_BRACKET_NESTING as MAX_NESTING;

// Budget: see `gradus_budgets`.
pub(crate) use gradus_budgets::PARSE_MAX_FSTRING_NESTING as MAX_FSTRING_NESTING;

// Budget: see `gradus_budgets`.
pub(crate) use gradus_budgets::PARSE_MAX_LINE_COMPLEXITY as MAX_LINE_COMPLEXITY;

/// An estimate (an upper bound, give or take a small factor) of how deep
/// the expressions of a logical line nest, maintained token by token: every
/// operator, keyword or bracket can add one level, except that elements
/// separated by commas (or statement-level `=` and `:`) are siblings, and
/// comparisons, `and`, `or` and comprehension clauses build flat nodes
/// (their operands are siblings under one node) — unless a `lambda` is
/// around, whose body swallows what follows.
#[derive(Default)]
struct Complexity {
    /// Per bracket level: (levels counted since the last separator,
    /// a `lambda` was seen).
    levels: Vec<(u32, bool)>,
    sum: u32,
    reported: bool,
}

impl Complexity {
    fn reset(&mut self) {
        self.levels.clear();
        self.levels.push((0, false));
        self.sum = 0;
        self.reported = false;
    }

    fn add(&mut self, n: u32) {
        if let Some(top) = self.levels.last_mut() {
            top.0 = top.0.saturating_add(n);
            self.sum = self.sum.saturating_add(n);
        }
    }

    fn separator(&mut self) {
        if let Some(top) = self.levels.last_mut() {
            if !top.1 {
                self.sum -= top.0;
                top.0 = 0;
            }
        }
    }

    /// An operator of a flat node (`<`, `and`, ...): the operands before
    /// it are done; at most a few levels (the flat nodes) stay above.
    fn flat(&mut self) {
        self.separator();
        if let Some(top) = self.levels.last_mut() {
            if top.0 < FLAT_SLACK {
                self.sum += FLAT_SLACK - top.0;
                top.0 = FLAT_SLACK;
            }
        }
    }

    fn open(&mut self) {
        self.add(1);
        self.levels.push((1, false));
        self.sum = self.sum.saturating_add(1);
    }

    fn close(&mut self) {
        if self.levels.len() > 1 {
            let (n, _) = self.levels.pop().unwrap();
            self.sum -= n;
        }
    }

    fn lambda(&mut self) {
        if let Some(top) = self.levels.last_mut() {
            top.1 = true;
        }
    }

    /// Whether the estimate just passed the limit (once per line).
    fn exceeded(&mut self) -> bool {
        if !self.reported && self.sum > MAX_LINE_COMPLEXITY {
            self.reported = true;
            return true;
        }
        false
    }
}

/// Levels a chain of flat nodes keeps above an operand: `or` over `and`
/// over `not` over a comparison.
const FLAT_SLACK: u32 = 4;

/// Keywords that make an expression node around what follows.
fn is_nesting_keyword(word: &[u8]) -> bool {
    matches!(
        word,
        b"not" | b"if" | b"else" | b"lambda" | b"await" | b"yield" | b"from"
    )
}

/// Keywords of flat nodes: boolean operators, comparisons, comprehension
/// clauses.
fn is_flat_keyword(word: &[u8]) -> bool {
    matches!(word, b"and" | b"or" | b"in" | b"is" | b"for" | b"async")
}

pub(crate) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}
pub(crate) fn is_ident_char(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

/// If `pos` starts a string literal (with an optional prefix), returns
/// (offset of the quote, is f-string, is raw).
pub(crate) fn string_start(b: &[u8], pos: usize) -> Option<(usize, bool, bool)> {
    let mut i = pos;
    let (mut f, mut r) = (false, false);
    while i < b.len() && i - pos < 3 {
        match b[i].to_ascii_lowercase() {
            b'f' => f = true,
            b'r' => r = true,
            b'b' | b'u' => {}
            b'"' | b'\'' => return Some((i, f, r)),
            _ => return None,
        }
        i += 1;
    }
    if i < b.len() && (b[i] == b'"' || b[i] == b'\'') && i - pos <= 2 {
        return Some((i, f, r));
    }
    None
}

/// Scans a plain (non-f) string whose quote is at `q`; returns its end.
/// Unterminated single-quoted strings end at the line break.
fn scan_plain_string(b: &[u8], q: usize) -> (usize, bool) {
    let quote = b[q];
    let triple = b.len() >= q + 3 && b[q + 1] == quote && b[q + 2] == quote;
    let mut i = if triple { q + 3 } else { q + 1 };
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            i += 2;
            continue;
        }
        if c == quote {
            if !triple {
                return (i + 1, true);
            }
            if b.len() >= i + 3 && b[i + 1] == quote && b[i + 2] == quote {
                return (i + 3, true);
            }
        }
        if !triple && (c == b'\n' || c == b'\r') {
            return (i, false);
        }
        i += 1;
    }
    (b.len(), false)
}

/// Scans an f-string whose quote is at `q` by PEP 701 rules.
fn scan_fstring(
    b: &[u8],
    start: usize,
    q: usize,
    raw: bool,
    nest: usize,
    deep: &mut Vec<usize>,
) -> (FString, bool) {
    let quote = b[q];
    let triple = b.len() >= q + 3 && b[q + 1] == quote && b[q + 2] == quote;
    let mut fs = FString {
        start,
        end: b.len(),
        quote,
        triple,
        fields: Vec::new(),
    };
    let mut i = if triple { q + 3 } else { q + 1 };
    let (end, ok) = scan_fstring_literal(
        b,
        &mut i,
        quote,
        triple,
        raw,
        Some(&mut fs.fields),
        0,
        nest,
        deep,
    );
    fs.end = end;
    (fs, ok)
}

/// Scans the literal part of an f-string (or a format spec when
/// `in_spec > 0`, which ends at an unmatched `}`). Returns (end, terminated).
/// `nest` counts the replacement fields around it.
#[allow(clippy::too_many_arguments)]
fn scan_fstring_literal(
    b: &[u8],
    i: &mut usize,
    quote: u8,
    triple: bool,
    raw: bool,
    mut fields: Option<&mut Vec<Field>>,
    in_spec: usize,
    nest: usize,
    deep: &mut Vec<usize>,
) -> (usize, bool) {
    while *i < b.len() {
        let c = b[*i];
        if c == b'\\' && !raw {
            *i += 2;
            continue;
        }
        if c == b'\\' && raw {
            // A raw string still cannot end with an odd backslash.
            if b.get(*i + 1) == Some(&quote) {
                *i += 2;
                continue;
            }
        }
        if c == quote {
            if !triple {
                return (*i + 1, true);
            }
            if b.len() >= *i + 3 && b[*i + 1] == quote && b[*i + 2] == quote {
                return (*i + 3, true);
            }
        }
        if !triple && (c == b'\n' || c == b'\r') {
            return (*i, false);
        }
        if c == b'{' {
            if in_spec == 0 && b.get(*i + 1) == Some(&b'{') {
                *i += 2;
                continue;
            }
            let field = scan_field(b, i, quote, triple, raw, in_spec, nest + 1, deep);
            if let Some(fields) = fields.as_deref_mut() {
                fields.push(field);
            }
            continue;
        }
        if c == b'}' {
            if in_spec > 0 {
                return (*i, true);
            }
            *i += if b.get(*i + 1) == Some(&b'}') { 2 } else { 1 };
            continue;
        }
        *i += 1;
    }
    (b.len(), false)
}

/// Scans a replacement field starting at `{` (`*i`); leaves `*i` after `}`.
/// Past [`MAX_FSTRING_NESTING`] fields, nested f-strings and format specs
/// are skipped flat (and recorded in `deep`) instead of recursing.
#[allow(clippy::too_many_arguments)]
fn scan_field(
    b: &[u8],
    i: &mut usize,
    quote: u8,
    triple: bool,
    raw: bool,
    depth: usize,
    nest: usize,
    deep: &mut Vec<usize>,
) -> Field {
    let open = *i;
    *i += 1;
    let mut field = Field {
        open,
        expr_end: open + 1,
        close: b.len(),
        strings: Vec::new(),
        comments: Vec::new(),
    };
    let mut brackets = 0usize;
    let mut expr_done = false;
    while *i < b.len() {
        let c = b[*i];
        // The outer string ends here (an unterminated field).
        if c == quote
            && (!triple || (b.len() >= *i + 3 && b[*i + 1] == quote && b[*i + 2] == quote))
            && brackets == 0
            && field_quote_ends_outer(b, *i)
        {
            field.close = *i;
            if !expr_done {
                field.expr_end = *i;
            }
            return field;
        }
        match c {
            b'(' | b'[' | b'{' => brackets += 1,
            b')' | b']' => brackets = brackets.saturating_sub(1),
            b'}' if brackets > 0 => brackets -= 1,
            b'}' => {
                if !expr_done {
                    field.expr_end = *i;
                }
                field.close = *i;
                *i += 1;
                return field;
            }
            b'#' => {
                let s = *i;
                while *i < b.len() && b[*i] != b'\n' && b[*i] != b'\r' {
                    *i += 1;
                }
                field.comments.push((s, *i));
                continue;
            }
            b'!' if brackets == 0 && b.get(*i + 1) != Some(&b'=') => {
                if !expr_done {
                    field.expr_end = *i;
                    expr_done = true;
                }
            }
            b'=' if brackets == 0 && !expr_done => {
                // `{x=}` self-documenting: `=` not part of `==`, `!=`, `<=`...
                let prev = if *i > 0 { b[*i - 1] } else { 0 };
                let next = b.get(*i + 1).copied().unwrap_or(0);
                if next != b'=' && !b"=!<>:".contains(&prev) {
                    let rest = b[*i + 1..].iter().find(|c| !c.is_ascii_whitespace());
                    if matches!(rest, Some(b'}' | b'!' | b':')) {
                        field.expr_end = *i;
                        expr_done = true;
                    }
                }
            }
            b':' if brackets == 0 => {
                if !expr_done {
                    field.expr_end = *i;
                }
                *i += 1;
                if nest >= MAX_FSTRING_NESTING {
                    deep.push(*i);
                    while *i < b.len() && !matches!(b[*i], b'}' | b'\n' | b'\r') && b[*i] != quote {
                        *i += 1;
                    }
                } else {
                    let (end, _) =
                        scan_fstring_literal(b, i, quote, triple, raw, None, depth + 1, nest, deep);
                    *i = end;
                }
                if *i < b.len() && b[*i] == b'}' {
                    field.close = *i;
                    *i += 1;
                }
                return field;
            }
            _ => {
                if let Some((q, f, r)) = string_start(b, *i) {
                    {
                        let s = *i;
                        let end = if f && nest >= MAX_FSTRING_NESTING {
                            deep.push(s);
                            scan_plain_string(b, q).0
                        } else if f {
                            scan_fstring(b, s, q, r, nest, deep).0.end
                        } else {
                            scan_plain_string(b, q).0
                        };
                        let inner_q = b[q];
                        let inner_triple =
                            b.len() >= q + 3 && b[q + 1] == inner_q && b[q + 2] == inner_q;
                        if !expr_done {
                            field.strings.push((s, q, end, inner_q, inner_triple));
                        }
                        *i = end.max(*i + 1);
                        continue;
                    }
                }
                if is_ident_start(c) {
                    while *i < b.len() && is_ident_char(b[*i]) {
                        *i += 1;
                    }
                    continue;
                }
            }
        }
        *i += 1;
    }
    field.close = b.len();
    if !expr_done {
        field.expr_end = b.len();
    }
    field
}

/// Inside a replacement field, a quote equal to the outer quote starts a
/// nested string (PEP 701) unless what follows cannot be a string, i.e. it
/// would run to the end of the line unterminated. This keeps the old-style
/// error `f"{x"` from swallowing the rest of the line.
fn field_quote_ends_outer(b: &[u8], at: usize) -> bool {
    !scan_plain_string(b, at).1
}

/// Keywords that, at column 0 inside unclosed brackets, almost certainly
/// start a new statement (the bracket was never closed). Keywords that can
/// continue an expression (`if`, `for`, `else`...) are not among them.
fn starts_statement(b: &[u8], pos: usize) -> bool {
    let rest = &b[pos..];
    if rest.starts_with(b"@") {
        return true;
    }
    const KEYWORDS: [&[u8]; 15] = [
        b"def",
        b"class",
        b"async",
        b"import",
        b"from",
        b"try",
        b"while",
        b"with",
        b"return",
        b"raise",
        b"assert",
        b"global",
        b"nonlocal",
        b"del",
        b"pass",
    ];
    KEYWORDS
        .iter()
        .any(|kw| rest.starts_with(kw) && rest.get(kw.len()).is_none_or(|&c| !is_ident_char(c)))
}

/// Scans `src`. Linear in its length.
pub(crate) fn scan(src: &str) -> Scan {
    let b = src.as_bytes();
    let mut out = Scan::default();
    let mut stack: Vec<(usize, u8)> = Vec::new();
    let mut i = 0usize;
    let mut at_line_start = true;
    let mut continuation = false;
    let mut line_has_token = false;
    let mut complexity = Complexity::default();
    complexity.reset();
    // Where the logical line (or `;`-separated statement) starts.
    let mut logical_start = 0usize;
    while i <= b.len() {
        if at_line_start {
            at_line_start = false;
            let start = i;
            let mut j = i;
            while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\x0c') {
                j += 1;
            }
            if !stack.is_empty() && j == start && j < b.len() && starts_statement(b, j) {
                // An unclosed bracket: give up on it here.
                out.unclosed.append(&mut stack);
            }
            if stack.is_empty() && !continuation {
                let blank = j >= b.len() || matches!(b[j], b'#' | b'\n' | b'\r');
                out.lines.push(LineStart {
                    start,
                    indent: j - start,
                    blank,
                });
                line_has_token = false;
                complexity.reset();
                logical_start = j;
            }
            continuation = false;
            i = j;
            continue;
        }
        if i >= b.len() {
            break;
        }
        let c = b[i];
        let tok_start = i;
        let kind;
        match c {
            b' ' | b'\t' | b'\x0c' => {
                i += 1;
                continue;
            }
            b'\n' | b'\r' => {
                i += if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                let logical = stack.is_empty() && line_has_token;
                out.tokens.push(Token {
                    kind: if logical { Kind::Newline } else { Kind::Nl },
                    start: tok_start as u32,
                    end: i as u32,
                });
                at_line_start = true;
                continue;
            }
            b'\\' => {
                i += 1;
                if i < b.len() && (b[i] == b'\n' || b[i] == b'\r') {
                    i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    at_line_start = true;
                    continuation = true;
                }
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                kind = Kind::Comment;
            }
            b'(' | b'[' | b'{' => {
                stack.push((i, c));
                // Reported once per excursion past the limit.
                if stack.len() == MAX_NESTING + 1 {
                    out.too_deep.push(i);
                }
                complexity.open();
                i += 1;
                kind = Kind::Open;
            }
            b')' | b']' | b'}' => {
                stack.pop();
                complexity.close();
                i += 1;
                kind = Kind::Close;
            }
            b'0'..=b'9' => {
                let hex = b[tok_start..].len() > 1 && matches!(b[tok_start + 1], b'x' | b'X');
                while i < b.len() {
                    let exp_sign =
                        matches!(b[i], b'+' | b'-') && matches!(b[i - 1], b'e' | b'E') && !hex;
                    if !(is_ident_char(b[i]) || b[i] == b'.' || exp_sign) {
                        break;
                    }
                    i += 1;
                }
                kind = Kind::Number;
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += 1;
                while i < b.len() && (is_ident_char(b[i]) || b[i] == b'.') {
                    i += 1;
                }
                kind = Kind::Number;
            }
            _ => {
                if let Some((q, f, r)) = string_start(b, i) {
                    let terminated;
                    if f {
                        let deep_before = out.deep_fstrings.len();
                        let (fs, ok) = scan_fstring(b, i, q, r, 0, &mut out.deep_fstrings);
                        // Once per f-string is enough.
                        out.deep_fstrings.truncate(deep_before + 1);
                        // Each field is an expression; its depth is at most
                        // its length.
                        let fields: usize = fs.fields.iter().map(|f| f.close - f.open).sum();
                        complexity.add(1 + fields.min(u32::MAX as usize) as u32);
                        i = fs.end;
                        terminated = ok;
                        out.fstrings.push(fs);
                        kind = Kind::FStr;
                    } else {
                        (i, terminated) = scan_plain_string(b, q);
                        kind = Kind::Str;
                    }
                    if !terminated {
                        let triple = b.len() >= q + 3 && b[q + 1] == b[q] && b[q + 2] == b[q];
                        out.unterminated.push((tok_start, triple));
                    }
                } else if is_ident_start(c) {
                    while i < b.len() && is_ident_char(b[i]) {
                        i += 1;
                    }
                    let word = &b[tok_start..i];
                    if is_nesting_keyword(word) {
                        complexity.add(1);
                        if word == b"lambda" {
                            complexity.lambda();
                        }
                    } else if is_flat_keyword(word) {
                        complexity.flat();
                    }
                    kind = Kind::Name;
                } else {
                    i += 1;
                    // `<<` and `>>` are shifts (nesting), `<`, `<=`, `==`, `!=`
                    // comparisons (flat).
                    let doubled = |c: u8| {
                        b.get(tok_start + 1) == Some(&c) || tok_start > 0 && b[tok_start - 1] == c
                    };
                    match c {
                        b',' => complexity.separator(),
                        b';' if stack.is_empty() => {
                            complexity.reset();
                            logical_start = i;
                        }
                        b'=' | b':' if stack.is_empty() => complexity.separator(),
                        b'<' | b'>' if !doubled(c) => complexity.flat(),
                        b'=' | b'!' => complexity.flat(),
                        _ => complexity.add(1),
                    }
                    kind = Kind::Op;
                }
            }
        }
        if kind != Kind::Comment {
            line_has_token = true;
        }
        if complexity.exceeded() {
            out.too_complex.push(logical_start);
        }
        out.tokens.push(Token {
            kind,
            start: tok_start as u32,
            end: i as u32,
        });
    }
    out.unclosed.extend(stack);
    out
}

impl Scan {
    /// The token text.
    #[cfg(test)]
    pub(crate) fn text<'s>(&self, src: &'s str, t: Token) -> &'s str {
        &src[t.start as usize..t.end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, String)> {
        let s = scan(src);
        s.tokens
            .iter()
            .map(|t| (t.kind, s.text(src, *t).to_owned()))
            .collect()
    }

    #[test]
    fn logical_lines_skip_continuations() {
        let src = "x = (1,\n2)\ny = 3 \\\n  + 4\n# c\n\nz\n";
        let s = scan(src);
        let starts: Vec<_> = s.lines.iter().map(|l| (l.start, l.blank)).collect();
        assert_eq!(
            starts,
            vec![
                (0, false),
                (11, false),
                (25, true),
                (29, true),
                (30, false),
                (32, true)
            ]
        );
    }

    #[test]
    fn pep701_fstring_is_one_token() {
        let src = "x = f\"{d[\"k\"]}\" + 1\n";
        let k = kinds(src);
        assert_eq!(k[2], (Kind::FStr, "f\"{d[\"k\"]}\"".to_owned()));
        assert_eq!(k[3], (Kind::Op, "+".to_owned()));
        let s = scan(src);
        let f = &s.fstrings[0];
        assert_eq!(f.fields.len(), 1);
        assert_eq!(f.fields[0].strings.len(), 1);
    }

    #[test]
    fn nested_fstrings_and_specs() {
        let src = "f\"{f\"{x}\"}\" f'{a!r:>{w}}' f'{x=}' f'{{lit}}'";
        let s = scan(src);
        assert_eq!(s.fstrings.len(), 4);
        assert_eq!(s.fstrings[0].end, 11);
        let f = &s.fstrings[1];
        assert_eq!(&src[f.fields[0].open + 1..f.fields[0].expr_end], "a");
        let f = &s.fstrings[2];
        assert_eq!(&src[f.fields[0].open + 1..f.fields[0].expr_end], "x");
        assert!(s.fstrings[3].fields.is_empty());
    }

    #[test]
    fn multiline_field_with_comment() {
        let src = "f'{x  # note\n}' + 1\ny\n";
        let s = scan(src);
        assert_eq!(s.fstrings[0].end, 15);
        assert_eq!(s.fstrings[0].fields[0].comments.len(), 1);
        assert_eq!(s.lines.len(), 3);
    }

    #[test]
    fn unterminated_string_stops_at_eol() {
        let s = scan("x = 'abc\ny = 1\n");
        assert_eq!(s.lines.len(), 3);
    }

    #[test]
    fn unclosed_bracket_before_def() {
        let s = scan("x = (1,\ndef f(): pass\n");
        assert_eq!(s.unclosed, vec![(4, b'(')]);
        assert_eq!(s.lines.iter().filter(|l| !l.blank).count(), 2);
    }

    #[test]
    fn nesting_limit() {
        let src = format!("x = {}{}\n", "(".repeat(250), ")".repeat(250));
        let s = scan(&src);
        assert_eq!(s.too_deep, vec![4 + 200]);
    }

    #[test]
    fn complexity_estimate() {
        let n = 50_000;
        let deep = [
            format!("x = {}\n", vec!["1"; n].join(" + ")),
            format!("x = {}\n", vec!["1"; n].join(" << ")),
            format!("x = a{}\n", ".b".repeat(n)),
            format!("x = {}a\n", "not ".repeat(n)),
            format!("x = {}0\n", "lambda a, b: ".repeat(n)),
            format!("x = f(a, {})\n", vec!["1"; n].join("+")),
            format!("x = f'{{{}}}'\n", vec!["1"; n].join("+")),
            format!(
                "x = {}a < {}\n",
                "not ".repeat(n / 2),
                vec!["1"; n / 2].join("+")
            ),
        ];
        for src in &deep {
            assert_eq!(scan(src).too_complex.len(), 1, "{}", &src[..40]);
        }
        let flat = [
            format!("x = {}\n", vec!["a"; n].join(" < ")),
            format!("x = {}\n", vec!["a"; n].join(" and ")),
            format!("x = {}\n", vec!["a"; n].join(" == ")),
            format!("x = {}\n", vec!["a"; n].join(" = ")),
            format!("x = {}\n", vec!["a + b"; n].join(", ")),
            format!("x = [{}]\n", vec!["(1, 2)"; n].join(", ")),
            format!("x = {}\n", vec!["'s'"; n].join(" ")),
            format!("x = {}\n", vec!["a not in b"; n].join(" or ")),
            format!("x = [a {}]\n", vec!["for a in b if a"; n].join(" ")),
            "x = 1 + 1\n".repeat(n),
        ];
        for src in &flat {
            assert!(scan(src).too_complex.is_empty(), "{}", &src[..40]);
        }
    }

    #[test]
    fn fstring_nesting_limit() {
        let n = 10_000;
        let src = format!("x = {}1{}\n", "f'{".repeat(n), "}'".repeat(n));
        assert!(!scan(&src).deep_fstrings.is_empty());
        let src = format!("x = f'{}{}'\n", "{a:".repeat(n), "}".repeat(n));
        assert!(!scan(&src).deep_fstrings.is_empty());
        let src = format!("x = {}1{}\n", "f'{".repeat(100), "}'".repeat(100));
        assert!(scan(&src).deep_fstrings.is_empty());
    }

    #[test]
    fn crlf_lines() {
        let s = scan("a\r\nb\r\n");
        assert_eq!(
            s.lines.iter().map(|l| l.start).collect::<Vec<_>>(),
            vec![0, 3, 6]
        );
    }
}
