//! End-to-end tests of [`crate::parse_module`].

use crate::ast::{self, Ranged};
use crate::{parse_module, LineIndex, ParsedModule, TextSize};

fn lines_of_errors(src: &str, m: &ParsedModule) -> Vec<(u32, String)> {
    let index = LineIndex::new(src);
    m.errors
        .iter()
        .map(|e| (index.line_of(e.range.start()) + 1, e.message.clone()))
        .collect()
}

fn import_names(m: &ParsedModule) -> Vec<String> {
    m.body
        .iter()
        .filter_map(|s| match s {
            ast::Stmt::Import(i) => Some(i.names[0].name.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn valid_file_has_no_errors() {
    let m = parse_module("import os\n\ndef f(x: int) -> int:\n    return x\n");
    assert!(m.errors.is_empty());
    assert_eq!(m.body.len(), 2);
}

#[test]
fn statements_after_an_error_are_kept() {
    let src = "import a\n\ndef broken(:\n    pass\n\nimport b\n";
    let m = parse_module(src);
    assert_eq!(import_names(&m), vec!["a", "b"]);
    assert_eq!(
        lines_of_errors(src, &m),
        vec![(3, "invalid syntax: unexpected token ':'".to_owned())]
    );
    // Ranges are offsets into the original text.
    let last = m.body.last().unwrap();
    assert_eq!(&src[last.range()], "import b");
}

#[test]
fn several_errors_each_reported() {
    let src = "x = (\nimport a\ny = 1 +\nclass C:\n    def m(self):\n        return ]\n    def n(self): pass\nimport b\n";
    let m = parse_module(src);
    assert_eq!(import_names(&m), vec!["a", "b"]);
    let errs = lines_of_errors(src, &m);
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert_eq!(errs[0], (1, "'(' was never closed".to_owned()));
    assert_eq!(errs[1].0, 3);
    assert_eq!(errs[2].0, 6);
    // The class survives with its good method.
    let class = m.body.iter().find_map(|s| match s {
        ast::Stmt::ClassDef(c) => Some(c),
        _ => None,
    });
    assert_eq!(class.unwrap().body.len(), 2);
}

#[test]
fn unterminated_strings_read_well() {
    let src = "x = 'abc\nimport a\n";
    let m = parse_module(src);
    assert_eq!(
        lines_of_errors(src, &m),
        vec![(1, "unterminated string literal".to_owned())]
    );
    assert_eq!(import_names(&m), vec!["a"]);
    let m = parse_module("import a\ns = '''abc\nimport b\n");
    assert_eq!(import_names(&m), vec!["a"]);
    assert_eq!(m.errors.len(), 1);
    assert_eq!(
        m.errors[0].message,
        "unterminated triple-quoted string literal"
    );
    assert_eq!(m.errors[0].range.start(), TextSize::from(13));
}

#[test]
fn bad_indentation_reads_well() {
    let src = "if x:\n    a = 1\n  b = 2\nimport z\n";
    let m = parse_module(src);
    let errs = lines_of_errors(src, &m);
    assert_eq!(
        errs[0].1,
        "unindent does not match any outer indentation level"
    );
    assert_eq!(import_names(&m), vec!["z"]);
    let m = parse_module("import a\n  import b\nimport c\n");
    assert_eq!(m.errors[0].message, "unexpected indent");
}

#[test]
fn linear_on_large_broken_files() {
    let mut src = String::new();
    for i in 0..60_000 {
        src.push_str(&format!("def f{i}(x):\n    return x + {i}\n\n"));
        if i == 30_000 {
            src.push_str("def broken(:\n    pass\n");
        }
    }
    let start = std::time::Instant::now();
    let m = parse_module(&src);
    let took = start.elapsed();
    assert_eq!(m.body.len(), 60_000);
    assert_eq!(m.errors.len(), 1);
    // Debug build: a quadratic re-parse would take minutes.
    assert!(took.as_secs() < 60, "took {took:?}");
}

#[test]
fn pep696_defaults() {
    let src = "def f[T = int](): ...\nclass C[T, *Ts = *tuple[int], **P = [str]]: ...\ntype A[T: str = str] = list[T]\nx[f(a=1)]\n";
    let m = parse_module(src);
    assert!(m.errors.is_empty(), "{:?}", m.errors);
    let d: Vec<(&str, &str)> = m
        .type_param_defaults
        .iter()
        .map(|d| (&src[d.param_range], &src[d.default.range()]))
        .collect();
    assert_eq!(
        d,
        vec![
            ("T", "int"),
            ("*Ts", "*tuple[int]"),
            ("**P", "[str]"),
            ("T: str", "str")
        ]
    );
    assert!(matches!(
        m.type_param_defaults[1].default,
        ast::Expr::Starred(_)
    ));
    let p = m.type_param_defaults[0].param_range;
    assert!(m.type_param_default(p).is_some());
}

#[test]
fn pep696_in_nested_and_broken_files() {
    let src = "class C:\n    def m[T = int](self): ...\ndef broken(:\n    pass\ndef g[U = bytes](): ...\n";
    let m = parse_module(src);
    assert_eq!(m.errors.len(), 1);
    assert_eq!(m.type_param_defaults.len(), 2);
    let m = parse_module("def f[T = ](): ...\n");
    assert_eq!(m.errors.len(), 1);
}

#[test]
fn pep701_fstrings_parse_without_errors() {
    let src = concat!(
        "a = f\"{d[\"k\"]}\"\n",
        "b = f\"{f\"{x}\"}\"\n",
        "c = f\"{'''eric's'''}\"\n",
        "d = f'''{\n    x  # a comment\n}'''\n",
        "e = f\"{x\n  + 1}\"\n",
        "import after\n",
    );
    let m = parse_module(src);
    assert!(m.errors.is_empty(), "{:?}", m.errors);
    assert_eq!(import_names(&m), vec!["after"]);
    // Kept expressions have their original offsets.
    let ast::Stmt::Assign(a) = &m.body[0] else {
        panic!()
    };
    let ast::Expr::JoinedStr(j) = &*a.value else {
        panic!("{:?}", a.value)
    };
    let ast::Expr::FormattedValue(v) = &j.values[0] else {
        panic!()
    };
    assert_eq!(&src[v.value.range()], "d[\"k\"]");
}

#[test]
fn broken_fstring_is_reported_and_rest_checked() {
    let src = "s = f\"{d[\"k\"] +}\"\nimport after\n";
    let m = parse_module(src);
    assert_eq!(m.errors.len(), 1, "{:?}", m.errors);
    assert!(m.errors[0].message.starts_with("f-string"));
    assert_eq!(import_names(&m), vec!["after"]);
}

#[test]
fn nul_bytes_are_errors_not_crashes() {
    let src = "import a\nx = 1\0\0\nimport b\n";
    let m = parse_module(src);
    assert_eq!(m.errors.len(), 1);
    assert_eq!(m.errors[0].message, "source code cannot contain null bytes");
    assert_eq!(m.errors[0].range.start(), TextSize::from(14));
    assert_eq!(import_names(&m), vec!["a", "b"]);
}

#[test]
fn crlf_and_cr_line_endings() {
    let src = "import a\r\nif x:\r\n    y = 1\r\nelse:\r\n    y = 2\r\ndef f(:\r\n    pass\r\nimport b\r\n";
    let m = parse_module(src);
    assert_eq!(import_names(&m), vec!["a", "b"]);
    assert_eq!(
        lines_of_errors(src, &m),
        vec![(6, "invalid syntax: unexpected token ':'".to_owned())]
    );
}

#[test]
fn tabs_after_spaces() {
    // Whitespace-only line with spaces then a tab: CPython ignores it.
    let m = parse_module("if x:\n  \t\n  a = 1\n");
    assert!(m.errors.is_empty(), "{:?}", m.errors);
    // Consistent mixed indentation (tab = 8 columns and 1 column agree).
    let m = parse_module("if x:\n        a = 1\n        if y:\n        \tb = 2\n");
    assert!(m.errors.is_empty(), "{:?}", m.errors);
    // Inconsistent: 8 spaces vs one tab.
    let m = parse_module("if x:\n  \ta = 1\n\tb = 2\n");
    assert!(
        m.errors
            .iter()
            .any(|e| e.message.contains("inconsistent use of tabs")),
        "{:?}",
        m.errors
    );
}

#[test]
fn deep_brackets_are_not_parsed() {
    let deep = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    let src = format!("import a\n{deep}import b\n");
    let m = parse_module(&src);
    assert_eq!(import_names(&m), vec!["a", "b"]);
    assert_eq!(m.errors.len(), 1);
    assert_eq!(
        m.errors[0].message,
        "too many nested parentheses (limit 200)"
    );
    assert_eq!(m.errors[0].range.start(), TextSize::from(9 + 4 + 200));
    // 200 is allowed.
    let ok = format!("x = {}1{}\n", "(".repeat(199), ")".repeat(199));
    assert!(parse_module(&ok).errors.is_empty());
}

#[test]
fn deep_blocks_are_not_parsed() {
    let mut src = String::from("import a\n");
    for i in 0..150 {
        src.push_str(&" ".repeat(i));
        src.push_str("if x:\n");
    }
    src.push_str(&" ".repeat(150));
    src.push_str("pass\nimport b\n");
    let m = parse_module(&src);
    assert_eq!(import_names(&m), vec!["a", "b"]);
    assert_eq!(m.errors.len(), 1);
    assert!(m.errors[0].message.contains("indentation (limit 100)"));
}

#[test]
fn decorators_stay_with_their_definition() {
    let src = "@dec\ndef f(:\n    pass\n@dec\ndef g(): pass\n";
    let m = parse_module(src);
    assert_eq!(m.body.len(), 1);
    let ast::Stmt::FunctionDef(g) = &m.body[0] else {
        panic!()
    };
    assert_eq!(g.decorator_list.len(), 1);
}

#[test]
fn comments_are_collected_outside_strings() {
    let src = "x = '# not a comment'  # one\n# two\ns = \"\"\"\n# three?\n\"\"\"\n";
    let parsed = parse_module(src);
    let texts: Vec<&str> = parsed
        .comments
        .iter()
        .map(|r| &src[usize::from(r.start())..usize::from(r.end())])
        .collect();
    assert_eq!(texts, vec!["# one", "# two"]);
}

#[test]
fn unparenthesized_tuple_subject_covers_its_elements() {
    let src =
        "match a, b:\n    case 1, 2:\n        pass\nmatch (c, d):\n    case _:\n        pass\n";
    let m = parse_module(src);
    let ranges: Vec<&str> = m
        .body
        .iter()
        .map(|s| match s {
            ast::Stmt::Match(m) => &src[m.subject.range()],
            _ => panic!("a match statement"),
        })
        .collect();
    assert_eq!(ranges, ["a, b", "(c, d)"]);
}
