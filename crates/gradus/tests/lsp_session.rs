//! A scripted editor session against the real `gradus server` binary over
//! stdio: initialize → didOpen → diagnostics → hover → definition →
//! completion → the type-based features (hover of names and methods,
//! definition and type definition, attribute completion, signature help,
//! inlay hints, references, semantic tokens, workspace symbols) → quick fix
//! → didChange that fixes the error → diagnostics cleared → rename (and a
//! refused one) → shutdown (`params: null`) → exit. Responses are insta
//! snapshots, with the temporary project path replaced by `ROOT` and the
//! server's temporary directory (stubs and rule docs it writes for the
//! editor to open) by `TMP`.

mod lsp_support;

use lsp_support::{pos, uri, Client};
use serde_json::{json, Value};

const MAIN: &str = "\
import pkg.mod
import missing_mod
from pkg.mod import helper


def run(x: int) -> int:
    return helper(x)


class Greeter:
    \"\"\"Greets people.\"\"\"

    def greet(self, name: str) -> str:
        return \"hi \" + name


g = Greeter()
total = run(1)
message = g.greet(\"a\")
size = len(message)
";

fn scrub(value: &Value, dirs: &[(&str, &str)]) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    for (from, to) in dirs {
        text = text.replace(from, to);
    }
    text.replace(env!("CARGO_PKG_VERSION"), "VERSION")
}

/// Semantic tokens as `line:col text type [modifiers]`, one per line (the
/// wire format is relative offsets). Columns are UTF-16, and `MAIN` is ASCII.
fn decode_tokens(tokens: &Value, init: &Value) -> String {
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"];
    let types = legend["tokenTypes"].as_array().unwrap();
    let modifiers = legend["tokenModifiers"].as_array().unwrap();
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let lines: Vec<&str> = MAIN.lines().collect();
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = String::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        let text = &lines[line as usize][col as usize..(col + t[2]) as usize];
        let mods: Vec<&str> = (0..modifiers.len())
            .filter(|i| t[4] & (1 << i) != 0)
            .map(|i| modifiers[i].as_str().unwrap())
            .collect();
        out.push_str(&format!(
            "{line}:{col} {text} {} {}\n",
            types[t[3] as usize].as_str().unwrap(),
            mods.join(",")
        ));
    }
    out
}

#[test]
fn editor_session() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("gradus.toml"), "").unwrap();
    std::fs::create_dir(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/__init__.py"), "").unwrap();
    std::fs::write(
        root.join("pkg/mod.py"),
        "def helper(x: int) -> int:\n    return x\n",
    )
    .unwrap();
    std::fs::write(root.join("main.py"), MAIN).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path().canonicalize().unwrap();
    let root_uri = uri(&root);
    let main = uri(&root.join("main.py"));
    let root_str = root.display().to_string();
    let tmp_uri = uri(&tmp);
    let tmp_str = tmp.display().to_string();
    let dirs = [
        (root_uri.as_str(), "ROOT"),
        (root_str.as_str(), "ROOT"),
        (tmp_uri.as_str(), "TMP"),
        (tmp_str.as_str(), "TMP"),
    ];
    let scrub = |v: &Value| scrub(v, &dirs);

    let mut client = Client::start(&root, &[("TMPDIR", &tmp_str)]);
    let init = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "capabilities": {},
            "initializationOptions": {"gradus": {"trusted": false}},
            "workspaceFolders": [{"uri": root_uri, "name": "root"}],
        }),
    );
    insta::assert_snapshot!("initialize", scrub(&init));
    client.notify("initialized", json!({}));

    client.open(&main, MAIN);
    let diagnostics = client.diagnostics(&main, Some(1));
    insta::assert_snapshot!("diagnostics_on_open", scrub(&diagnostics));

    let doc = json!({"uri": main});
    // Hover and definition on `mod` of `import pkg.mod`.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": pos(0, 12)}),
    );
    insta::assert_snapshot!("hover_import", scrub(&hover));
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": pos(0, 12)}),
    );
    insta::assert_snapshot!("definition_module", scrub(&definition));
    // `helper` of `from pkg.mod import helper`: its def in pkg/mod.py.
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": pos(2, 22)}),
    );
    insta::assert_snapshot!("definition_name", scrub(&definition));

    // Completion right after `import pkg.`.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": pos(0, 11)}),
    );
    insta::assert_snapshot!("completion_submodule", scrub(&completion));

    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": doc}));
    insta::assert_snapshot!("document_symbols", scrub(&symbols));

    // --- Type-based features ---
    let at =
        |line: u32, character: u32| json!({"textDocument": doc, "position": pos(line, character)});
    // Hover on the use of `helper` (line 6) and on the method `greet`.
    let hover = client.request("textDocument/hover", at(6, 12));
    insta::assert_snapshot!("hover_function", scrub(&hover));
    let hover = client.request("textDocument/hover", at(18, 13));
    insta::assert_snapshot!("hover_method", scrub(&hover));
    let hover = client.request("textDocument/hover", at(17, 0));
    insta::assert_snapshot!("hover_variable", scrub(&hover));
    // `g.greet` → the method; `g`'s type → the class; `len` → the stub.
    let definition = client.request("textDocument/definition", at(18, 13));
    insta::assert_snapshot!("definition_method", scrub(&definition));
    let definition = client.request("textDocument/typeDefinition", at(18, 10));
    insta::assert_snapshot!("type_definition", scrub(&definition));
    // `len`: in the embedded builtins stub, written to the temporary
    // directory for the editor to open (checked by content: line numbers of
    // the stub change as it grows).
    let definition = client.request("textDocument/definition", at(19, 8));
    let target = definition[0]["uri"].as_str().unwrap();
    assert!(
        target.ends_with("typeshed-lite/stdlib/builtins.pyi") && target.starts_with(&tmp_uri),
        "{definition}"
    );
    let stub = std::fs::read_to_string(target.strip_prefix("file://").unwrap()).unwrap();
    let line = stub
        .lines()
        .nth(definition[0]["range"]["start"]["line"].as_u64().unwrap() as usize);
    assert!(
        line.unwrap().trim_start().starts_with("def len("),
        "{line:?}"
    );
    // Completion of `g.gr|` (inside `g.greet`) and signature help in the call.
    let completion = client.request("textDocument/completion", at(18, 14));
    insta::assert_snapshot!("completion_attribute", scrub(&completion));
    let signature = client.request("textDocument/signatureHelp", at(18, 18));
    insta::assert_snapshot!("signature_help", scrub(&signature));
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": doc, "range": {"start": pos(0, 0), "end": pos(20, 0)}}),
    );
    insta::assert_snapshot!("inlay_hints", scrub(&hints));
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": doc, "position": pos(6, 12), "context": {"includeDeclaration": true}}),
    );
    insta::assert_snapshot!("references", scrub(&references));
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": doc}),
    );
    insta::assert_snapshot!("semantic_tokens", decode_tokens(&tokens, &init));
    let symbols = client.request("workspace/symbol", json!({"query": "gre"}));
    insta::assert_snapshot!("workspace_symbols", scrub(&symbols));

    // The quick fix for the unresolved import.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": doc,
            "range": diagnostics["diagnostics"][0]["range"],
            "context": {"diagnostics": diagnostics["diagnostics"]},
        }),
    );
    insta::assert_snapshot!("code_action", scrub(&actions));

    // Fix the error: `missing_mod` → `pkg` (an incremental edit).
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": main, "version": 2},
            "contentChanges": [{
                "range": {"start": pos(1, 7), "end": pos(1, 18)},
                "text": "pkg",
            }],
        }),
    );
    let diagnostics = client.diagnostics(&main, Some(2));
    assert_eq!(diagnostics["diagnostics"], json!([]), "{diagnostics}");

    // Pull diagnostics agree.
    let pulled = client.request("textDocument/diagnostic", json!({"textDocument": doc}));
    assert_eq!(pulled["items"], json!([]), "{pulled}");

    // Rename `helper` (used here, defined in pkg/mod.py) to `assist`.
    let prepared = client.request("textDocument/prepareRename", at(6, 12));
    insta::assert_snapshot!("prepare_rename", scrub(&prepared));
    let mut rename = at(6, 12);
    rename["newName"] = json!("assist");
    let edit = client.request("textDocument/rename", rename);
    let mut changes: Vec<(String, Value)> = edit["changes"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    insta::assert_snapshot!("rename", scrub(&json!(changes)));
    // A builtin cannot be renamed: an error that says why.
    let refused = client.request_full("textDocument/prepareRename", at(19, 8));
    insta::assert_snapshot!("prepare_rename_builtin", scrub(&refused["error"]));

    // An undefined name: the quick fixes import it (preferred) or ignore it.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": main, "version": 3},
            "contentChanges": [{
                "range": {"start": pos(20, 0), "end": pos(20, 0)},
                "text": "maybe: Optional[int] = None\n",
            }],
        }),
    );
    let diagnostics = client.diagnostics(&main, Some(3));
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": doc,
            "range": diagnostics["diagnostics"][0]["range"],
            "context": {"diagnostics": diagnostics["diagnostics"]},
        }),
    );
    insta::assert_snapshot!("code_action_import", scrub(&actions));

    let (response, status) = client.shutdown_and_exit();
    assert_eq!(response["result"], Value::Null, "{response}");
    assert_eq!(status.map(|s| s.code()), Some(Some(0)));
}
