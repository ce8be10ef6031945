//! Time and peak memory of `gradus check` on each adversarial input
//! (issue 9), through the real binary, one process per input.
//!
//! ```sh
//! cargo bench -p gradus --bench adversarial            # optimized build
//! cargo bench -p gradus --bench adversarial -- --quick # smaller inputs
//! ```
//!
//! Peak memory is the child's maximum resident set size, measured with
//! `/usr/bin/time -f '%e %M'` when it exists (wall time only otherwise).
//! Exit codes must be 0 or 1: anything else (a crash, a stack overflow) is
//! reported and fails the run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn join(item: &str, sep: &str, n: usize) -> String {
    vec![item; n].join(sep)
}

/// (name, contents) of every input; `scale` divides the big counts.
fn inputs(scale: usize) -> Vec<(&'static str, Vec<u8>)> {
    let n = 20_000 / scale;
    let mut elif = String::from("x = 0\nif x == 0:\n    pass\n");
    for i in 1..10_000 / scale {
        elif.push_str(&format!("elif x == {i}:\n    y = {i}\n"));
    }
    let mut matches = String::from("match x:\n");
    for i in 0..10_000 / scale {
        matches.push_str(&format!("    case {i}:\n        y = {i}\n"));
    }
    let mut functions = String::new();
    for i in 0..60_000 / scale {
        functions.push_str(&format!("def f{i}(a: int) -> int:\n    return a + {i}\n\n"));
    }
    let mut blocks = String::new();
    for i in 0..1000 {
        blocks.push_str(&format!("{}if x:\n", " ".repeat(i)));
    }
    blocks.push_str(&format!("{}pass\n", " ".repeat(1000)));
    let mut hierarchy = String::from("class C0: pass\n");
    for i in 1..3000 {
        hierarchy.push_str(&format!("class C{i}(C{}): pass\n", i - 1));
    }
    let mut overloads = String::from("from typing import overload, Literal\n");
    for i in 0..400 {
        overloads.push_str(&format!("@overload\ndef f(x: Literal[{i}]) -> int: ...\n"));
    }
    let literal_union = format!(
        "from typing import Literal\nA = Literal[{}]\n",
        (0..3000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Issue 6's narrowing budgets: a 5,000-line function rebinding one
    // name under a test 2,500 times, and 10,000 branches narrowing one.
    let mut rebinding = String::from("def r(v: int | None) -> None:\n");
    for _ in 0..2_500 / scale {
        rebinding.push_str("    if v is not None:\n        v = v + 1\n");
    }
    let mut narrowing_elif =
        String::from("def e(v: int | str | None) -> None:\n    if v is None:\n        w = 0\n");
    for i in 1..10_000 / scale {
        narrowing_elif.push_str(&format!("    elif v == {i}:\n        w = v\n"));
    }
    let broken: String = (0..n)
        .map(|i| ["x = = 1\n", "def f(:\nclass :\n", ") ] }\n", "x = 'abc\n"][i % 4])
        .collect();
    vec![
        ("empty", Vec::new()),
        (
            "parentheses_5000",
            format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000)).into(),
        ),
        (
            "lists_5000",
            format!("x = {}{}\n", "[".repeat(5000), "]".repeat(5000)).into(),
        ),
        ("blocks_1000", blocks.into()),
        (
            "lambdas_5000",
            format!("f = {}0\n", "lambda: ".repeat(5000)).into(),
        ),
        (
            "fstrings_300",
            format!("x = {}1{}\n", "f\"{".repeat(300), "}\"".repeat(300)).into(),
        ),
        (
            "plus_chain_20000",
            format!("x = {}\n", join("1", " + ", n)).into(),
        ),
        (
            "plus_chain_1m",
            format!("x = {}\n", join("1", "+", 1_000_000 / scale)).into(),
        ),
        (
            "attribute_chain_5000",
            format!("x = a{}\n", ".b".repeat(5000)).into(),
        ),
        (
            "call_chain_20000",
            format!("x = f{}\n", "()".repeat(n)).into(),
        ),
        (
            "comparison_chain_20000",
            format!("x = {}\n", join("a", " < ", n)).into(),
        ),
        ("elif_10000", elif.into()),
        ("narrowing_rebinding_2500", rebinding.into()),
        ("narrowing_elif_10000", narrowing_elif.into()),
        ("match_10000", matches.into()),
        ("functions_60000", functions.into()),
        (
            "string_2mb",
            format!("x = \"{}\"\n", "a".repeat(2_000_000 / scale)).into(),
        ),
        ("literal_union_3000", literal_union.into()),
        ("class_hierarchy_3000", hierarchy.into()),
        ("overloads_400", overloads.into()),
        (
            "generic_nesting_300",
            format!("x: {}int{}\n", "list[".repeat(300), "]".repeat(300)).into(),
        ),
        ("syntax_errors_only", broken.into()),
        (
            "invalid_utf8",
            b"x = '\xff\xfe'\n\xc3(\n".repeat(10_000 / scale),
        ),
        ("nul_bytes", b"x = 1\0\n".repeat(10_000 / scale)),
        (
            "bom_crlf",
            [
                b"\xef\xbb\xbf".as_slice(),
                &b"x = 1\r\n".repeat(10_000 / scale),
            ]
            .concat(),
        ),
        (
            "latin1_coding",
            [
                b"# coding: latin-1\n".as_slice(),
                &b"x = '\xe9'\n".repeat(10_000 / scale),
            ]
            .concat(),
        ),
        (
            "tabs_mixed",
            b"if x:\n\tif y:\n\t        a = 1\n        \tb = 2\n".repeat(2_000 / scale),
        ),
    ]
}

struct Measured {
    name: &'static str,
    bytes: usize,
    code: Option<i32>,
    seconds: f64,
    max_rss_kb: Option<u64>,
}

fn measure(binary: &Path, dir: &Path, name: &'static str, contents: &[u8]) -> Measured {
    let file = dir.join(format!("{name}.py"));
    std::fs::write(&file, contents).unwrap();
    let time = Path::new("/usr/bin/time");
    let report = dir.join(format!("{name}.time"));
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f").arg("%e %M").arg("-o").arg(&report).arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command
        .arg("check")
        .arg(&file)
        .current_dir(dir)
        .env_remove("VIRTUAL_ENV")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let start = Instant::now();
    let status = command.status().expect("run gradus");
    let mut seconds = start.elapsed().as_secs_f64();
    let mut max_rss_kb = None;
    if let Ok(text) = std::fs::read_to_string(&report) {
        // The last line holds "%e %M" (earlier lines report a signal).
        if let Some(line) = text.lines().last() {
            let mut parts = line.split_whitespace();
            if let (Some(e), Some(m)) = (parts.next(), parts.next()) {
                seconds = e.parse().unwrap_or(seconds);
                max_rss_kb = m.parse().ok();
            }
        }
    }
    // `time` exits with the child's code (or 128 + signal).
    Measured {
        name,
        bytes: contents.len(),
        code: status.code(),
        seconds,
        max_rss_kb,
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_gradus"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gradus.toml"), "").unwrap();
    let mut results = Vec::new();
    for (name, contents) in inputs(if quick { 10 } else { 1 }) {
        let m = measure(&binary, dir.path(), name, &contents);
        println!(
            "{:<24} {:>9} bytes  exit {:<4} {:>7.2} s  {:>9}",
            m.name,
            m.bytes,
            m.code.map_or("sig".to_owned(), |c| c.to_string()),
            m.seconds,
            m.max_rss_kb
                .map_or("-".to_owned(), |kb| format!("{:.1} MB", kb as f64 / 1024.0)),
        );
        results.push(m);
    }
    let slowest = results
        .iter()
        .max_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .unwrap();
    println!("worst time: {} ({:.2} s)", slowest.name, slowest.seconds);
    if let Some(biggest) = results.iter().max_by_key(|m| m.max_rss_kb.unwrap_or(0)) {
        if let Some(kb) = biggest.max_rss_kb {
            println!(
                "worst peak memory: {} ({:.1} MB)",
                biggest.name,
                kb as f64 / 1024.0
            );
        }
    }
    let crashed: Vec<&str> = results
        .iter()
        .filter(|m| !matches!(m.code, Some(0 | 1)))
        .map(|m| m.name)
        .collect();
    assert!(crashed.is_empty(), "crashed (exit not 0/1): {crashed:?}");
}
