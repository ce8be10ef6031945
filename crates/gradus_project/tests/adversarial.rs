//! Adversarial inputs too large for case files, generated here and checked
//! in memory by the real pipeline (issue 9). Each must finish quickly, with
//! exactly the diagnostics its inline assertions expect (the case-file
//! format of `tests/README.md`) and no panic or stack overflow. The small
//! adversarial inputs live in `tests/cases/adversarial/`.
//!
//! The database (and so every AST) is dropped on this test thread, whose
//! stack is small: that is part of the test.
//!
//! Limits exercised (documented in `gradus_syntax`): brackets 200 deep,
//! blocks 100 deep, f-strings 150 deep, expressions 2,500 deep
//! (`MAX_EXPR_DEPTH`), lines whose operators may nest deeper than 20,000
//! are not parsed at all.
//!
//! Cases stay at 10,000 diagnostics or fewer: the harness compares every
//! diagnostic with every assertion.

mod case_harness;

use std::time::{Duration, Instant};

use case_harness::{run_case, Case};

/// Per case, in a debug build (the 60,000-function module takes 10-25 s
/// with the type engine on a loaded 2-core machine).
const BUDGET: Duration = Duration::from_secs(60);

fn one_file(name: &str, contents: impl Into<Vec<u8>>) -> Case {
    // The generated inputs use these names freely; defining them up front
    // keeps the expected diagnostics to the ones each input is about.
    let mut source = PRELUDE.as_bytes().to_vec();
    source.extend(contents.into());
    Case {
        name: name.to_owned(),
        files: vec![("main.py".to_owned(), source)],
    }
}

/// Names the generated inputs use (one line, so inline assertions stay put).
const PRELUDE: &str = "a = b = c = x = z = 0; y = [0]; f = d = print\n";

const SYNTAX: &str = "# E: [invalid-syntax]";
const TOO_DEEP: &str = "# E: [invalid-syntax] \"too deeply\"";
/// A part past an analysis budget (see `gradus_budgets`).
const TOO_COMPLEX: &str = "# E: [too-complex]";
/// Proves the statements after a refused one are still checked.
const AFTER: &str = "import missing_after  # E: [unresolved-import]\n";

fn join(item: &str, sep: &str, n: usize) -> String {
    vec![item; n].join(sep)
}

fn nesting_cases() -> Vec<Case> {
    let mut cases = vec![
        one_file(
            "parentheses_5000_deep",
            format!(
                "x = {}1{}  # E: [invalid-syntax] \"too many nested parentheses\"\n{AFTER}",
                "(".repeat(5000),
                ")".repeat(5000)
            ),
        ),
        one_file(
            "lists_5000_deep",
            format!(
                "x = {}{}  {SYNTAX}\n{AFTER}",
                "[".repeat(5000),
                "]".repeat(5000)
            ),
        ),
        one_file(
            "mixed_brackets_3000_deep",
            format!(
                "x = {}0{}  {SYNTAX}\n{AFTER}",
                "({[".repeat(1000),
                "]})".repeat(1000)
            ),
        ),
        one_file(
            "brackets_200_deep_are_fine",
            format!("x = {}1{}\n{AFTER}", "[".repeat(199), "]".repeat(199)),
        ),
        one_file(
            "lambdas_5000_deep",
            format!("f = {}0  {TOO_DEEP}\n{AFTER}", "lambda: ".repeat(5000)),
        ),
        one_file(
            "lambdas_with_parameters_20000_deep",
            format!(
                "f = {}0  {TOO_DEEP}\n{AFTER}",
                "lambda a, b=1: ".repeat(20_000)
            ),
        ),
        one_file(
            "fstrings_300_deep",
            format!(
                "x = {}1{}  # E: [invalid-syntax] \"nested f-strings\"\n{AFTER}",
                "f\"{".repeat(300),
                "}\"".repeat(300)
            ),
        ),
        one_file(
            "fstrings_100_000_deep",
            format!(
                "x = {}1{}  {SYNTAX}\n{AFTER}",
                "f'{".repeat(100_000),
                "}'".repeat(100_000)
            ),
        ),
        one_file(
            "fstring_format_specs_100_000_deep",
            format!(
                "x = f\"{}{}\"  {SYNTAX}\n{AFTER}",
                "{a:".repeat(100_000),
                "}".repeat(100_000)
            ),
        ),
    ];
    // Blocks: `if` and `def` 1,000 deep; the error is on line 102.
    for (name, header) in [
        ("if_blocks_1000_deep", "if x:"),
        ("def_blocks_1000_deep", "def f():"),
    ] {
        let mut src = String::new();
        for i in 0..1000 {
            src.push_str(&" ".repeat(i));
            src.push_str(header);
            if i == 101 {
                src.push_str("  # E: [invalid-syntax] \"indentation\"");
            }
            src.push('\n');
        }
        src.push_str(&" ".repeat(1000));
        src.push_str("pass\n");
        src.push_str(AFTER);
        cases.push(one_file(name, src));
    }
    // 99 blocks deep, then a long chain: both limits at once.
    let mut src = String::new();
    for i in 0..99 {
        src.push_str(&format!("{}def f{i}():\n", " ".repeat(i)));
    }
    src.push_str(&format!(
        "{}x = {}  {TOO_DEEP}\n{AFTER}",
        " ".repeat(99),
        join("1", "+", 20_000)
    ));
    cases.push(one_file("chain_inside_99_blocks", src));
    cases
}

fn chain_cases() -> Vec<Case> {
    let n = 20_000;
    let deep = [
        ("binary_plus_20000", format!("x = {}", join("1", " + ", n))),
        (
            "binary_plus_200_000",
            format!("x = {}", join("1", "+", 200_000)),
        ),
        ("binary_plus_5000", format!("x = {}", join("1", "+", 5000))),
        ("power_20000", format!("x = {}", join("2", "**", n))),
        ("shift_20000", format!("x = {}", join("1", "<<", n))),
        ("attribute_5000", format!("x = a{}", ".b".repeat(5000))),
        (
            "attribute_100_000",
            format!("x = a{}", ".b".repeat(100_000)),
        ),
        ("calls_20000", format!("x = f{}", "()".repeat(n))),
        ("subscripts_20000", format!("x = a{}", "[0]".repeat(n))),
        ("not_20000", format!("x = {}a", "not ".repeat(n))),
        ("unary_minus_20000", format!("x = {}a", "-".repeat(n))),
        (
            "ternary_20000",
            format!("x = {}1", "0 if c else ".repeat(n)),
        ),
        (
            "fstring_field_chain",
            format!("x = f\"{{{}}}\"", join("1", "+", n)),
        ),
        (
            "chain_in_parentheses",
            format!(
                "x = {}{}{}",
                "(".repeat(150),
                join("1", "+", n),
                ")".repeat(150)
            ),
        ),
        (
            "match_value_chain",
            format!("match x:\n    case a{}:\n        pass", ".b".repeat(5000)),
        ),
    ];
    let mut cases: Vec<Case> = deep
        .into_iter()
        .map(|(name, src)| {
            // The assertion goes on the line of the chain.
            let src = match src.split_once('\n') {
                Some((first, rest)) if first.starts_with("match") => {
                    let (case, rest) = rest.split_once('\n').unwrap();
                    format!("{first}\n{case}  {TOO_DEEP}\n{rest}\n")
                }
                _ => format!("{src}  {TOO_DEEP}\n"),
            };
            one_file(name, format!("{src}{AFTER}"))
        })
        .collect();
    // Line continuations: the same chain over 20,000 physical lines.
    let mut src = String::from(TOO_DEEP);
    src.push_str("\nx = 1 \\\n");
    src.push_str(&"+ 1 \\\n".repeat(n));
    src.push_str("+ 1\n");
    src.push_str(AFTER);
    cases.push(one_file("continued_chain_20000_lines", src));
    // Flat chains are valid however long (CPython compiles them too).
    // Parsed (CPython compiles them too), but deeper than inference's
    // budget: `Unknown`, with a `too-complex` warning.
    let flat = [
        (
            "chain_below_limit_2400",
            format!("x = {}  {TOO_COMPLEX}", join("1", " + ", 2400)),
        ),
        (
            "union_below_limit_2400",
            format!("x = {}  {TOO_COMPLEX}", join("int", " | ", 2400)),
        ),
        (
            "comparisons_100_000",
            format!("x = {}", join("a", " < ", 100_000)),
        ),
        (
            "and_or_100_000",
            format!("x = {}", join("a and b", " or ", 50_000)),
        ),
        ("assignment_targets_50000", join("a", " = ", 50_000)),
        ("tuple_100_000", format!("x = {}", join("1", ", ", 100_000))),
        (
            "implicit_concatenation_100_000",
            format!("x = ({})", join("'a'", " ", 100_000)),
        ),
        (
            "call_arguments_50000",
            format!("f({})", join("a + b", ", ", 50_000)),
        ),
        (
            "list_100_000",
            format!("x = [{}]", join("(1, 2)", ", ", 100_000)),
        ),
        (
            "dict_50000",
            format!("x = {{{}}}", join("'k': [1]", ", ", 50_000)),
        ),
        ("import_dots", format!("from {} import x", ".".repeat(5000))),
    ];
    for (name, src) in flat {
        let after = if name == "import_dots" {
            // Beyond the top-level package, reported as unresolved.
            "import missing_after  # E: [unresolved-import]\n"
        } else {
            AFTER
        };
        let src = if name == "import_dots" {
            format!("{src}  # E: [unresolved-import]\n{after}")
        } else {
            format!("{src}\n{after}")
        };
        cases.push(one_file(name, src));
    }
    cases
}

fn size_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    // 10,000-branch if/elif and match.
    let mut src = String::from("x = 0\nif x == 0:\n    pass\n");
    for i in 1..10_000 {
        src.push_str(&format!("elif x == {i}:\n    y = {i}\n"));
    }
    src.push_str("else:\n    pass\n");
    src.push_str(AFTER);
    cases.push(one_file("elif_10000", src));
    let mut src = String::from("x = 0\nif x == 0:\n    pass\n");
    for i in 1..100_000 {
        src.push_str(&format!("elif x == {i}:\n    pass\n"));
    }
    src.push_str(AFTER);
    cases.push(one_file("elif_100_000", src));
    let mut src = String::from("def f():\n  for x in y:\n    if x == 0:\n      pass\n");
    for i in 1..10_000 {
        src.push_str(&format!(
            "    elif x == {i}:\n      import missing_{i}  # E: [unresolved-import]\n"
        ));
    }
    cases.push(one_file("elif_10000_nested_in_a_function", src));
    // (`x` is an `int`, not `Literal[0]`, whose `case 0` would leave every
    // later case unreachable.)
    let mut src = String::from("x = int(\"0\")\nmatch x:\n");
    for i in 0..10_000 {
        src.push_str(&format!("    case {i}:\n        y = {i}\n"));
    }
    src.push_str(AFTER);
    cases.push(one_file("match_10000", src));
    // 60,000 functions.
    let mut src = String::new();
    for i in 0..60_000 {
        src.push_str(&format!(
            "def f{i}(a: int, b: str = 'x') -> int:\n    return a + {i}\n\n"
        ));
    }
    src.push_str(AFTER);
    cases.push(one_file("functions_60000", src));
    // 60,000 functions, one broken in the middle: recovery stays linear.
    let mut src = String::new();
    for i in 0..60_000 {
        if i == 30_000 {
            src.push_str("def broken(:  # E: [invalid-syntax]\n    pass\n");
        }
        src.push_str(&format!("def f{i}(a):\n    return a\n"));
    }
    src.push_str(AFTER);
    cases.push(one_file("functions_60000_one_broken", src));
    // A 2 MB string literal, and a 2 MB f-string.
    cases.push(one_file(
        "string_2mb",
        format!("x = \"{}\"\n{AFTER}", "a".repeat(2_000_000)),
    ));
    cases.push(one_file(
        "triple_quoted_string_2mb",
        format!("x = '''{}'''\n{AFTER}", "line\n".repeat(400_000)),
    ));
    cases.push(one_file(
        "fstring_2mb",
        format!("x = f\"{}{{x}}\"\n{AFTER}", "a".repeat(2_000_000)),
    ));
    // A 1 MB identifier.
    cases.push(one_file(
        "identifier_1mb",
        format!("{} = 1\n{AFTER}", "a".repeat(1_000_000)),
    ));
    // 50,000 decorators.
    cases.push(one_file(
        "decorators_50000",
        format!("{}def f(): pass\n{AFTER}", "@d\n".repeat(50_000)),
    ));
    cases
}

fn broken_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    // Nothing but syntax errors, one kind per line (none swallows the next
    // line: no unclosed brackets or strings).
    let broken = [
        "x = = 1",
        "def f(:",
        "class :",
        "return return",
        "1 +",
        "import",
        "from import x",
        "lambda lambda",
        "x := 1",
        "f(**)",
        "x = 1 2",
        ") ] }",
        "for in x:",
        "with as x:",
        "def def def",
        "$ ? !",
    ];
    let mut src = String::new();
    for i in 0..10_000 {
        src.push_str(broken[i % broken.len()]);
        src.push_str("  # E: [invalid-syntax]\n");
    }
    src.push_str(AFTER);
    cases.push(one_file("syntax_errors_only_10000_lines", src));
    // 10,000 unterminated strings (error placement was quadratic once).
    let mut src = String::new();
    for _ in 0..10_000 {
        src.push_str("# E: [invalid-syntax]\nx = 'abc\n");
    }
    src.push_str(AFTER);
    cases.push(one_file("unterminated_strings_10000", src));
    // 10,000 broken f-strings on one long non-ASCII line: error positions
    // are converted to columns on a 100 KB line.
    cases.push(one_file(
        "broken_fstrings_on_one_non_ascii_line",
        format!("é = {}  {SYNTAX}\n{AFTER}", join("f\"{1 +}\"", " ", 10_000)),
    ));
    // Unclosed brackets everywhere.
    let mut src = String::new();
    for i in 0..10_000 {
        src.push_str(&format!("x{i} = (1,  {SYNTAX}\n"));
        src.push_str(&format!("def f{i}(): pass\n"));
    }
    cases.push(one_file("unclosed_brackets_10000", src));
    // An unterminated triple-quoted string swallows the rest of 2 MB.
    cases.push(one_file(
        "unterminated_triple_quote",
        format!("{AFTER}{SYNTAX}\nx = '''{}\n", "a = 1\n".repeat(300_000)),
    ));
    // Random bytes (a fixed pseudo-random sequence), and all byte values.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let random: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let all_bytes: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    for (name, bytes) in [("random_bytes", random), ("all_bytes", all_bytes)] {
        cases.push(Case {
            name: name.to_owned(),
            files: vec![("main.py".to_owned(), bytes)],
        });
    }
    cases
}

/// Checks a case whose diagnostics cannot be predicted (random bytes): only
/// that nothing crashed and every range is inside its file.
fn run_without_assertions(case: &Case) -> Result<(), String> {
    use gradus_db::{line_index, source_text, System};
    use gradus_project::{check_files, ProjectDatabase, ProjectSettings};
    use std::path::PathBuf;

    let root = PathBuf::from("/project");
    let system = System::in_memory(root.clone());
    for (path, contents) in &case.files {
        system.overlay().write(root.join(path), contents.clone());
    }
    let settings = ProjectSettings::for_root(root.clone());
    let db = ProjectDatabase::new(system, &settings);
    let paths: Vec<PathBuf> = case.files.iter().map(|(p, _)| root.join(p)).collect();
    let files = db.files_for_paths(&paths);
    let result = check_files(&db, &settings, &files);
    for d in &result.diagnostics {
        if d.code == "internal-error" {
            return Err(d.message.clone());
        }
        let text = &source_text(&db, d.file).text;
        let end = usize::from(d.range.end());
        if end > text.len() || !text.is_char_boundary(usize::from(d.range.start())) {
            return Err(format!("bad range {:?} for {}", d.range, d.message));
        }
        let _ = line_index(&db, d.file).line_col_utf16(d.range.start(), text);
    }
    Ok(())
}

fn type_level_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    // A 3,000-member literal union, spelled flat; with `|` it is a BinOp
    // chain, 2,400 deep is fine and 3,000 too deep (as for CPython).
    let literals: Vec<String> = (0..3000).map(|i| i.to_string()).collect();
    let members: Vec<String> = (0..3000).map(|i| format!("Literal[{i}]")).collect();
    cases.push(one_file(
        "literal_union_3000",
        format!(
            "from typing import Literal, Union\nA = Literal[{}]\nB = Union[{}]\n\
             C = {}  {TOO_COMPLEX}\nD = {}  {TOO_DEEP}\ndef f(x: A, y: B) -> A | B:\n    return x\n{AFTER}",
            literals.join(", "),
            members.join(", "),
            members[..2400].join(" | "),
            members.join(" | "),
        ),
    ));
    // A 3,000-deep class hierarchy, and 3,000 classes in a diamond web.
    let mut src = String::from("class C0: pass\n");
    for i in 1..3000 {
        // The first class whose MRO merge is over budget is reported.
        let mark = if i + 1 == gradus_budgets::MAX_MRO_MERGE {
            TOO_COMPLEX
        } else {
            ""
        };
        src.push_str(&format!(
            "class C{i}(C{}):  {mark}\n    x{i}: int = {i}\n",
            i - 1
        ));
    }
    src.push_str("c = C2999()\nv: int = c.x1\n");
    src.push_str(AFTER);
    cases.push(one_file("class_hierarchy_3000_deep", src));
    let mut src = String::from("class D0: pass\nclass D1: pass\n");
    for i in 2..3000 {
        // The MROs of both bases are merged: the budget is passed halfway.
        let mark = if i == 255 { TOO_COMPLEX } else { "" };
        src.push_str(&format!(
            "class D{i}(D{}, D{}): pass  {mark}\n",
            i - 1,
            i - 2
        ));
    }
    src.push_str(AFTER);
    cases.push(one_file("class_diamonds_3000", src));
    // 400 overloads.
    let mut src = String::from("from typing import overload, Literal\n");
    for i in 0..400 {
        src.push_str(&format!(
            "@overload\ndef f(x: Literal[{i}]) -> Literal[{i}]: ...\n"
        ));
    }
    src.push_str("def f(x: int) -> int:\n    return x\nr = f(399)\n");
    src.push_str(AFTER);
    cases.push(one_file("overloads_400", src));
    // Generic nesting: 190 deep is valid (deeper than the type-expression
    // budget: a `too-complex` warning), 300 deep passes the bracket limit.
    let nest = |n: usize| format!("{}int{}", "list[".repeat(n), "]".repeat(n));
    cases.push(one_file(
        "generic_nesting_190",
        format!("x: {} = []  {TOO_COMPLEX}\n{AFTER}", nest(190)),
    ));
    cases.push(one_file(
        "generic_nesting_300",
        format!(
            "x: {} = []  # E: [invalid-syntax] \"too many nested parentheses\"\n{AFTER}",
            nest(300)
        ),
    ));
    cases.push(one_file(
        "generic_nesting_300_in_alias",
        format!(
            "type A = {}  # E: [invalid-syntax] \"too many nested parentheses\"\n{AFTER}",
            nest(300)
        ),
    ));
    // Long recursive alias chains: each refers to the next, the last to the first.
    let mut src = String::from("from typing import Union\n");
    for i in 0..3000 {
        src.push_str(&format!("type A{i} = list[A{}] | int\n", (i + 1) % 3000));
    }
    for i in 0..1000 {
        src.push_str(&format!("B{i} = Union[int, 'B{}']\n", (i + 1) % 1000));
    }
    src.push_str(AFTER);
    cases.push(one_file("alias_cycle_3000", src));
    // An import cycle through 300 modules, each importing the next.
    let mut files = Vec::new();
    for i in 0..300 {
        files.push((
            format!("m{i}.py"),
            format!(
                "import m{}\nfrom m{} import *\nx{i} = 1\n",
                (i + 1) % 300,
                (i + 299) % 300
            )
            .into_bytes(),
        ));
    }
    files.push((
        "main.py".to_owned(),
        format!("import m0\n{AFTER}").into_bytes(),
    ));
    cases.push(Case {
        name: "import_cycle_300_modules".to_owned(),
        files,
    });
    cases
}

/// Narrowing under load (issue 6's budget inputs): long `elif` chains on a
/// place, many places in one function, 90 nested tests, 3,000 updates of
/// one place, 2,500 rebindings under tests, 10,000 branches binding one
/// name. Past the binder's caps (128 places per scope, 4 alternatives per
/// binding, 64 live bindings of which 16 keep all their predicates) types
/// are narrowed less or widened to the declared type; these must finish
/// quickly.
fn narrowing_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    // 10,000 branches testing one attribute place.
    let mut src = String::from(
        "class Box:\n    kind: int | str | None = None\n\ndef f(b: Box) -> None:\n    if b.kind is None:\n        pass\n",
    );
    for i in 0..10_000 {
        src.push_str(&format!(
            "    elif b.kind == {i}:\n        k{} = b.kind\n",
            i % 10
        ));
    }
    cases.push(one_file("elif_10000_on_a_place", src));
    // 5,000 tests over 500 distinct places.
    let mut src = String::from("def g(o) -> None:\n");
    for i in 0..5_000 {
        let j = i % 500;
        src.push_str(&format!(
            "    if o.a{j} is not None:\n        o.a{j}.b = {i}\n"
        ));
    }
    cases.push(one_file("places_500_in_5000_tests", src));
    // 90 nested tests (the parser allows 100 blocks).
    let mut src = String::from("def n(v: int | str | None) -> None:\n");
    for depth in 0..90 {
        let indent = " ".repeat(4 * (depth + 1));
        src.push_str(&format!("{indent}if v is not None and v != {depth}:\n"));
    }
    src.push_str(&format!(
        "{}reveal_type(v)  # revealed: int | str\n",
        " ".repeat(4 * 91)
    ));
    cases.push(one_file("nested_tests_90", src));
    // 3,000 chained updates of an attribute place.
    let mut src = String::from("class C:\n    n: int = 0\n\ndef u(c: C) -> None:\n");
    for _ in 0..3_000 {
        src.push_str("    c.n = c.n + 1\n");
    }
    cases.push(one_file("place_updates_3000", src));
    // A 5,000-line function rebinding one name under a test 2,500 times:
    // every use can see every earlier binding (quadratic, and it was worse
    // before the live-binding caps of `gradus_budgets`).
    let mut src = String::from("def r(v: int | None) -> None:\n");
    for _ in 0..2_500 {
        src.push_str("    if v is not None:\n        v = v + 1\n");
    }
    src.push_str("    reveal_type(v)  # revealed: int | None\n");
    cases.push(one_file("rebinding_under_tests_2500", src));
    // 10,000 branches each binding the same name.
    let mut src = String::from("def e(v: int) -> None:\n    if v == 0:\n        w = 0\n");
    for i in 1..10_000 {
        src.push_str(&format!("    elif v == {i}:\n        w = {i}\n"));
    }
    src.push_str("    print(w)  # E?\n");
    cases.push(one_file("elif_10000_bindings", src));
    cases
}

#[test]
fn adversarial_inputs() {
    let groups: [CaseGroup; 6] = [
        ("nesting", nesting_cases),
        ("chains", chain_cases),
        ("sizes", size_cases),
        ("broken", broken_cases),
        ("type-level", type_level_cases),
        ("narrowing", narrowing_cases),
    ];
    let mut failures = Vec::new();
    let mut timings = Vec::new();
    let total = Instant::now();
    for (group, make) in groups {
        for case in make() {
            // ADVERSARIAL_ONLY=name runs the cases whose name contains it.
            if let Ok(only) = std::env::var("ADVERSARIAL_ONLY") {
                if !case.name.contains(&only) {
                    continue;
                }
            }
            let size: usize = case.files.iter().map(|(_, c)| c.len()).sum();
            if std::env::var_os("ADVERSARIAL_VERBOSE").is_some() {
                eprintln!("{group}/{} ({size} bytes)...", case.name);
            }
            let start = Instant::now();
            let result = if case.name.ends_with("_bytes") {
                run_without_assertions(&case)
            } else {
                run_case(&case)
            };
            let took = start.elapsed();
            timings.push((took, format!("{group}/{} ({size} bytes)", case.name)));
            if let Err(report) = result {
                let report: String = report.chars().take(2000).collect();
                failures.push(format!("{group}/{}:\n{report}", case.name));
            } else if took > BUDGET {
                failures.push(format!("{group}/{}: took {took:?}", case.name));
            }
        }
    }
    timings.sort();
    for (took, name) in timings.iter().rev().take(10) {
        eprintln!("{took:>12.2?}  {name}");
    }
    eprintln!("total {:?}", total.elapsed());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A named generator of adversarial cases.
type CaseGroup = (&'static str, fn() -> Vec<Case>);
