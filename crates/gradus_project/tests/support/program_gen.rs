//! A generator of random Python programs, shared by the property test
//! (`tests/property.rs`, driven by a seeded PRNG) and the grammar-shaped fuzz
//! target (`crates/gradus_fuzz`, driven by the fuzzer's bytes).
//!
//! [`Generator::program`] writes *syntactically valid* Python (as
//! `ast.parse` of Python 3.12 accepts it, within what our parser facade
//! supports): imports, assignments, functions with annotations and
//! decorators, classes, `if`/`elif`, loops, `try`, `with`, `match`, `type`
//! aliases, lambdas, comprehensions, f-strings (PEP 701 quotes included) and
//! the walrus. [`Generator::mutate`] then breaks it in the ways people do:
//! deleted or duplicated lines, stray brackets and quotes, bad indentation,
//! truncation.
//!
//! Every choice goes through [`Choices::pick`], which may return 0 forever
//! (an exhausted fuzzer input): 0 is always the smallest, non-recursive
//! choice, so generation terminates.

#![allow(dead_code)]

/// A source of choices: `pick(n)` returns a value in `0..n` (`n >= 1`).
pub trait Choices {
    fn pick(&mut self, n: usize) -> usize;
}

/// A small seeded PRNG (xorshift64*), for reproducible property tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
}

impl Choices for Rng {
    fn pick(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let r = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (r >> 33) as usize % n.max(1)
    }
}

const NAMES: &[&str] = &[
    "x", "y", "z", "a", "b", "cls", "self_", "value", "T", "_", "é", "数",
];
const MODULES: &[&str] = &[
    "os",
    "sys",
    "typing",
    "collections.abc",
    "os.path",
    "missing_mod",
    "pkg",
    "pkg.sub",
    "main",
];
const TYPES: &[&str] = &[
    "int",
    "str",
    "list[int]",
    "dict[str, int]",
    "int | None",
    "tuple[int, ...]",
    "Callable[[int], str]",
    "'Forward'",
    "T",
];

/// Writes random programs. `depth` bounds expression and block nesting.
pub struct Generator<'c, C: Choices> {
    c: &'c mut C,
    out: String,
    indent: usize,
    in_function: bool,
    in_async: bool,
    in_loop: bool,
    budget: usize,
}

impl<'c, C: Choices> Generator<'c, C> {
    pub fn new(c: &'c mut C) -> Self {
        Generator {
            c,
            out: String::new(),
            indent: 0,
            in_function: false,
            in_async: false,
            in_loop: false,
            budget: 400,
        }
    }

    fn pick(&mut self, n: usize) -> usize {
        self.c.pick(n)
    }

    fn one<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.pick(items.len())]
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A whole valid program of up to `max_stmts` top-level statements.
    pub fn program(mut self, max_stmts: usize) -> String {
        let n = 1 + self.pick(max_stmts.max(1));
        for _ in 0..n {
            self.stmt(3);
        }
        self.out
    }

    fn name(&mut self) -> String {
        self.one(NAMES).to_owned()
    }

    fn block(&mut self, depth: usize) {
        self.indent += 1;
        let n = 1 + self.pick(3);
        for _ in 0..n {
            self.stmt(depth.saturating_sub(1));
        }
        self.indent -= 1;
    }

    fn stmt(&mut self, depth: usize) {
        if self.budget == 0 {
            self.line("pass");
            return;
        }
        self.budget -= 1;
        let compound = if depth == 0 { 0 } else { 12 };
        match self.pick(12 + compound) {
            0 => self.line("pass"),
            1 => {
                let m = self.one(MODULES);
                match self.pick(4) {
                    0 => self.line(&format!("import {m}")),
                    1 => {
                        let n = self.name();
                        self.line(&format!("import {m} as {n}"));
                    }
                    2 => {
                        let n = self.name();
                        self.line(&format!("from {m} import {n}"));
                    }
                    _ => {
                        let dots = ".".repeat(1 + self.pick(3));
                        let n = self.name();
                        self.line(&format!("from {dots} import {n}"));
                    }
                }
            }
            2 => {
                let (n, e) = (self.name(), self.expr(4));
                self.line(&format!("{n} = {e}"));
            }
            3 => {
                let (n, t, e) = (self.name(), self.one(TYPES), self.expr(3));
                self.line(&format!("{n}: {t} = {e}"));
            }
            4 => {
                let (n, e) = (self.name(), self.expr(3));
                let op = self.one(&["+=", "-=", "|=", "**=", "//=", "@="]);
                self.line(&format!("{n} {op} {e}"));
            }
            5 => {
                let e = self.expr(4);
                self.line(&e);
            }
            6 if self.in_function => {
                let e = self.expr(3);
                self.line(&format!("return {e}"));
            }
            7 if self.in_loop => {
                let k = self.one(&["break", "continue"]);
                self.line(k);
            }
            8 => {
                let e = self.expr(2);
                self.line(&format!("assert {e}, 'message'"));
            }
            9 => {
                let n = self.name();
                self.line(&format!("del {n}"));
            }
            10 => {
                let (n, t) = (self.name(), self.one(TYPES));
                self.line(&format!("type {n}[T = int] = {t}"));
            }
            11 => {
                let e = self.expr(2);
                self.line(&format!("raise ValueError({e})"));
            }
            12 => self.function(depth),
            13 => self.class(depth),
            14 | 15 => {
                let e = self.expr(3);
                self.line(&format!("if {e}:"));
                self.block(depth);
                let elifs = self.pick(3);
                for _ in 0..elifs {
                    let e = self.expr(2);
                    self.line(&format!("elif {e}:"));
                    self.block(depth);
                }
                if self.pick(2) == 1 {
                    self.line("else:");
                    self.block(depth);
                }
            }
            16 => {
                let (n, e) = (self.name(), self.expr(3));
                let kw = if self.in_async && self.pick(2) == 1 {
                    "async for"
                } else {
                    "for"
                };
                self.line(&format!("{kw} {n} in {e}:"));
                let was = std::mem::replace(&mut self.in_loop, true);
                self.block(depth);
                self.in_loop = was;
            }
            17 => {
                let e = self.expr(3);
                self.line(&format!("while {e}:"));
                let was = std::mem::replace(&mut self.in_loop, true);
                self.block(depth);
                self.in_loop = was;
            }
            18 => {
                self.line("try:");
                self.block(depth);
                self.line("except (ValueError, TypeError) as err:");
                self.block(depth);
                if self.pick(2) == 1 {
                    self.line("finally:");
                    self.block(depth);
                }
            }
            19 => {
                let (e, n) = (self.expr(2), self.name());
                self.line(&format!("with {e} as {n}:"));
                self.block(depth);
            }
            20 => {
                let e = self.expr(2);
                self.line(&format!("match {e}:"));
                self.indent += 1;
                let n = 1 + self.pick(3);
                for _ in 0..n {
                    let p = self.pattern(2);
                    self.line(&format!("case {p}:"));
                    self.block(depth);
                }
                self.line("case _:");
                self.block(depth);
                self.indent -= 1;
            }
            21 => {
                let d = self.expr(1);
                self.line(&format!("@{d}"));
                self.function(depth);
            }
            _ => self.line("..."),
        }
    }

    fn function(&mut self, depth: usize) {
        let name = self.name();
        let is_async = self.pick(3) == 0;
        let mut params = Vec::new();
        for i in 0..self.pick(4) {
            let p = format!("p{i}");
            params.push(match self.pick(4) {
                0 => p,
                1 => format!("{p}: {}", self.one(TYPES)),
                2 => format!("{p}: {} = {}", self.one(TYPES), self.expr(1)),
                _ => format!("{p}={}", self.expr(1)),
            });
            // Parameters without defaults cannot follow ones with defaults.
            if params.last().is_some_and(|p| p.contains('=')) {
                break;
            }
        }
        if self.pick(3) == 0 {
            params.push("*args: int".to_owned());
            params.push("**kwargs: str".to_owned());
        }
        let tparams = if self.pick(4) == 0 {
            "[T, *Ts, **P]"
        } else {
            ""
        };
        let ret = if self.pick(2) == 0 {
            format!(" -> {}", self.one(TYPES))
        } else {
            String::new()
        };
        let kw = if is_async { "async def" } else { "def" };
        self.line(&format!(
            "{kw} {name}{tparams}({}){ret}:",
            params.join(", ")
        ));
        let was = (self.in_function, self.in_async, self.in_loop);
        self.in_function = true;
        self.in_async = is_async;
        self.in_loop = false;
        self.block(depth);
        (self.in_function, self.in_async, self.in_loop) = was;
    }

    fn class(&mut self, depth: usize) {
        let name = self.name();
        let bases = match self.pick(4) {
            0 => String::new(),
            1 => "(object)".to_owned(),
            2 => format!("({})", self.name()),
            _ => format!("(Generic[T], metaclass={})", self.name()),
        };
        self.line(&format!("class {name}{bases}:"));
        let was = (self.in_function, self.in_async, self.in_loop);
        (self.in_function, self.in_async, self.in_loop) = (false, false, false);
        self.block(depth);
        (self.in_function, self.in_async, self.in_loop) = was;
    }

    fn pattern(&mut self, depth: usize) -> String {
        if depth == 0 {
            return self.one(&["1", "'s'", "None", "x", "_"]).to_owned();
        }
        match self.pick(7) {
            0 => "[a, *rest]".to_owned(),
            1 => format!("{{'k': {}}}", self.pattern(depth - 1)),
            2 => format!("Point(x={}, y=0)", self.pattern(depth - 1)),
            3 => format!("{} | {}", self.pattern(0), self.pattern(0)),
            4 => format!("({}) as v", self.pattern(depth - 1)),
            5 => "str() | bytes()".to_owned(),
            _ => self.pattern(0),
        }
    }

    /// An expression nested at most `depth` deep.
    pub fn expr(&mut self, depth: usize) -> String {
        if depth == 0 || self.budget == 0 {
            return self.atom();
        }
        self.budget = self.budget.saturating_sub(1);
        let d = depth - 1;
        match self.pick(20) {
            0..=2 => self.atom(),
            3 => {
                let op = self.one(&[
                    "+", "-", "*", "/", "//", "%", "**", "@", "|", "&", "^", "<<",
                ]);
                format!("{} {op} {}", self.expr(d), self.expr(d))
            }
            4 => {
                let op = self.one(&["<", "==", "!=", "is not", "not in", ">="]);
                format!("{} {op} {}", self.expr(d), self.expr(d))
            }
            5 => format!("{} and not {}", self.expr(d), self.expr(d)),
            6 => format!("{}.{}", self.atom_name(), self.name()),
            7 => format!("{}({}, k={})", self.atom_name(), self.expr(d), self.expr(d)),
            8 => format!("{}[{}]", self.atom_name(), self.expr(d)),
            9 => format!("[{}, {}]", self.expr(d), self.expr(d)),
            10 => format!("{{{}: {}}}", self.expr(d), self.expr(d)),
            11 => format!(
                "({} if {} else {})",
                self.expr(d),
                self.expr(d),
                self.expr(d)
            ),
            12 => format!("(lambda q, *r: {})", self.expr(d)),
            13 => format!("[{} for q in {} if q]", self.expr(d), self.expr(d)),
            14 => format!("({} := {})", self.name(), self.expr(d)),
            15 => self.fstring(d),
            16 => format!("(-{})", self.expr(d)),
            17 if self.in_async => format!("(await {})", self.expr(d)),
            18 => format!("({}, *({}))", self.expr(d), self.expr(d)),
            19 => format!("{}[1:{}:2]", self.atom_name(), self.expr(d)),
            _ => format!("({})", self.expr(d)),
        }
    }

    fn atom_name(&mut self) -> String {
        if self.pick(4) == 0 {
            format!("({})", self.atom())
        } else {
            self.name()
        }
    }

    fn atom(&mut self) -> String {
        match self.pick(12) {
            0..=3 => self.name(),
            4 => self
                .one(&["0", "1_000", "0x_ff", "1.5e-3", "3j", "0o17", "10**3"])
                .to_owned(),
            5 => self
                .one(&[
                    "'s'",
                    "\"d\"",
                    "b'\\x00'",
                    "r'\\d'",
                    "'''tri'ple'''",
                    "'é😀'",
                ])
                .to_owned(),
            6 => self.one(&["None", "True", "False", "..."]).to_owned(),
            7 => "{1, 2}".to_owned(),
            8 => "()".to_owned(),
            9 => "{}".to_owned(),
            10 => "'a' 'b'".to_owned(),
            _ => "[]".to_owned(),
        }
    }

    fn fstring(&mut self, depth: usize) -> String {
        let inner = self.expr(depth.min(1));
        match self.pick(5) {
            // A space after `{`: `{{` would be an escaped brace.
            0 => format!("f'{{ {inner}}}'"),
            1 => format!("f\"{{ {inner}!r:>10}} and {{{{braces}}}}\""),
            // PEP 701: the outer quote reused inside the field.
            2 => format!("f\"{{\"-\".join([str({inner})])}}\""),
            3 => format!("f'{{ {inner}=}}'"),
            _ => format!("f\"{{f'{{ {inner}}}'}}\""),
        }
    }
}

/// Breaks `program` with `n` random edits.
pub fn mutate<C: Choices>(c: &mut C, program: &str, n: usize) -> Vec<u8> {
    const JUNK: &[&[u8]] = &[
        b"(",
        b")",
        b"[",
        b"]",
        b"{",
        b"}",
        b":",
        b"'",
        b"\"",
        b"'''",
        b"f\"{",
        b"\t",
        b"\\",
        b"\0",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\r",
        b"\r\n",
        b"def",
        b"class",
        b"=",
        b"lambda",
        b"    ",
        b"\n",
        b"#",
        b"@",
        b"elif",
        b"else:",
        b"case",
        b"**",
        b"\x0c",
        b"\xe9",
    ];
    let mut bytes = program.as_bytes().to_vec();
    for _ in 0..n {
        if bytes.is_empty() {
            bytes.extend_from_slice(JUNK[c.pick(JUNK.len())]);
            continue;
        }
        let at = c.pick(bytes.len() + 1);
        match c.pick(5) {
            0 | 1 => {
                let junk = JUNK[c.pick(JUNK.len())];
                bytes.splice(at..at, junk.iter().copied());
            }
            2 => {
                let len = 1 + c.pick(8);
                let end = (at + len).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                // Duplicate the line holding `at`.
                let start = bytes[..at.min(bytes.len())]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| start + p + 1);
                let line = bytes[start..end].to_vec();
                bytes.splice(start..start, line);
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}
