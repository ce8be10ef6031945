//! A scripted editor session against the real `gradus server` binary over
//! stdio: initialize → didOpen → diagnostics → hover → definition →
//! completion → quick fix → didChange that fixes the error → diagnostics
//! cleared → shutdown (`params: null`) → exit. Responses are insta
//! snapshots, with the temporary project path replaced by `ROOT`.

mod lsp_support;

use lsp_support::{pos, uri, Client};
use serde_json::{json, Value};

const MAIN: &str = "\
import pkg.mod
import missing_mod
from pkg.mod import helper


def run(x: int) -> int:
    return helper(x)
";

fn scrub(value: &Value, root_uri: &str, root: &str) -> String {
    serde_json::to_string_pretty(value)
        .unwrap()
        .replace(root_uri, "ROOT")
        .replace(root, "ROOT")
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
    let root_uri = uri(&root);
    let main = uri(&root.join("main.py"));
    let root_str = root.display().to_string();
    let scrub = |v: &Value| scrub(v, &root_uri, &root_str);

    let mut client = Client::start(&root, &[]);
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

    let (response, status) = client.shutdown_and_exit();
    assert_eq!(response["result"], Value::Null, "{response}");
    assert_eq!(status.map(|s| s.code()), Some(Some(0)));
}
