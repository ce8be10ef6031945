//! The language server survives hostile and sloppy clients (issue:
//! reliability): malformed frames and JSON, unknown methods, requests for
//! unopened or missing documents, out-of-range edits, stale versions, 300
//! rapid edits, a storm of `$/cancelRequest`, a panic inside a request, and
//! a client that vanishes. After each, it still answers a hover correctly.

mod lsp_support;

use std::path::Path;
use std::time::{Duration, Instant};

use lsp_support::{pos, uri, Client};
use serde_json::{json, Value};

fn project() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("gradus.toml"), "").unwrap();
    std::fs::write(root.join("helper.py"), "X = 1\n").unwrap();
    let root_uri = uri(&root);
    let main = uri(&root.join("main.py"));
    (dir, root_uri, main)
}

fn start(root: &Path, root_uri: &str) -> Client {
    let mut client = Client::start(root, &[("GRADUS_LSP_DEBUG", "1")]);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "capabilities": {},
            "initializationOptions": {"gradus": {"trusted": false}},
        }),
    );
    client.notify("initialized", json!({}));
    client
}

/// Hover on `helper` of `import helper` on line `line` names the module.
fn assert_hover_works(client: &mut Client, main: &str, line: u32) {
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": pos(line, 9)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("(module) helper"), "bad hover: {hover}");
}

fn document_text(client: &mut Client, main: &str) -> Value {
    client.request(
        "workspace/executeCommand",
        json!({"command": "gradus.debug.documentText", "arguments": [main]}),
    )
}

#[test]
fn survives_hostile_input() {
    let (dir, root_uri, main) = project();
    let mut client = start(dir.path(), &root_uri);
    client.open(&main, "import helper\n");
    client.diagnostics(&main, Some(1));

    // Malformed frames: garbage, a bad header, a body that is not JSON, a
    // JSON body that is not a message.
    client.send_raw(b"this is not a header\r\n\r\n");
    client.send_raw(b"Content-Length: banana\r\n\r\n");
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    client.send_raw(b"Content-Length: 7\r\n\r\n[1,2,3]");
    let error = client.wait_for(|m| m["error"]["code"] == json!(-32700));
    assert_eq!(error["id"], Value::Null);
    assert_hover_works(&mut client, &main, 0);

    // Unknown methods: a request gets "method not found", a notification
    // is ignored.
    let response = client.request_full("gradus/noSuchMethod", json!({}));
    assert_eq!(response["error"]["code"], json!(-32601), "{response}");
    client.notify("gradus/noSuchNotification", json!({"x": 1}));

    // Documents that are not open, or do not exist.
    let missing = uri(&dir.path().canonicalize().unwrap().join("nope.py"));
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
    ] {
        let result = client.request(
            method,
            json!({"textDocument": {"uri": missing}, "position": pos(3, 4)}),
        );
        assert_eq!(result, Value::Null, "{method}");
    }
    let helper = uri(&dir.path().canonicalize().unwrap().join("helper.py"));
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": helper}}),
    );
    assert_eq!(symbols[0]["name"], "X", "{symbols}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": missing, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": missing}}),
    );
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": missing}}),
    );
    assert_eq!(pulled["items"], json!([]));

    // Out-of-range edits are clamped; a stale version is applied in
    // arrival order.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": main, "version": 5},
            "contentChanges": [
                {"range": {"start": pos(0, 100), "end": pos(40, 3)}, "text": "\n# tail"},
                {"range": {"start": pos(9, 0), "end": pos(0, 0)}, "text": ""},
            ],
        }),
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": main, "version": 3},
            "contentChanges": [{"range": {"start": pos(1, 0), "end": pos(1, 0)}, "text": "#"}],
        }),
    );
    let held = document_text(&mut client, &main);
    assert_eq!(
        held,
        json!({"version": 3, "text": "import helper\n## tail"})
    );
    assert_hover_works(&mut client, &main, 0);

    // A panic inside a request is answered with an error, and the server
    // goes on.
    let response = client.request_full("gradus/debug/panic", json!({"uri": main}));
    assert_eq!(response["error"]["code"], json!(-32603), "{response}");
    assert_hover_works(&mut client, &main, 0);

    let (response, status) = client.shutdown_and_exit();
    assert_eq!(response["result"], Value::Null);
    assert_eq!(status.map(|s| s.code()), Some(Some(0)));
}

#[test]
fn rapid_edits_end_with_the_final_text_and_its_diagnostics() {
    let (dir, root_uri, main) = project();
    let mut client = start(dir.path(), &root_uri);
    client.open(&main, "import helper\n");
    client.diagnostics(&main, Some(1));
    // 300 keystrokes, each an incremental edit appending to the last line;
    // the text ends with an unresolved import on line 1.
    let typed: String = "import missing_module_number_"
        .chars()
        .cycle()
        .take(299)
        .collect();
    let mut version = 1;
    let mut expected = "import helper\n".to_owned();
    for ch in typed.chars().chain(std::iter::once('7')) {
        version += 1;
        let column = expected.lines().nth(1).map_or(0, |l| l.len()) as u32;
        let position = pos(1, column);
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": main, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": ch.to_string()}],
            }),
        );
        expected.push(ch);
    }
    assert_eq!(version, 301);
    let held = document_text(&mut client, &main);
    assert_eq!(held, json!({"version": 301, "text": expected}));
    let diagnostics = client.diagnostics(&main, Some(301));
    let diagnostics = diagnostics["diagnostics"].as_array().unwrap().clone();
    // The final line is `import missing_module_number_import missing_...7`:
    // a syntax error (two names without a separator) — exactly what
    // `gradus check` reports for that text.
    let on_disk = dir.path().join("final.py");
    std::fs::write(&on_disk, &expected).unwrap();
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(["check", "--output-format", "json"])
        .arg(&on_disk)
        .current_dir(dir.path())
        .env("VIRTUAL_ENV", dir.path().join("no-venv"))
        .output()
        .unwrap();
    let cli = String::from_utf8_lossy(&check.stdout);
    assert!(!diagnostics.is_empty());
    for d in &diagnostics {
        let code = d["code"].as_str().unwrap();
        assert!(cli.contains(code), "{code} not in CLI output {cli}");
    }
    assert_hover_works(&mut client, &main, 0);
    client.shutdown_and_exit();
}

#[test]
fn cancel_storm() {
    let (dir, root_uri, main) = project();
    let mut client = start(dir.path(), &root_uri);
    client.open(&main, "import helper\nimport os\n");
    client.diagnostics(&main, Some(1));
    let mut ids = Vec::new();
    for i in 0..100 {
        let method = if i % 2 == 0 {
            "textDocument/completion"
        } else {
            "textDocument/hover"
        };
        let id = client.request_async(
            method,
            json!({"textDocument": {"uri": main}, "position": pos(1, 8)}),
        );
        client.notify("$/cancelRequest", json!({"id": id}));
        // Cancels for requests that never existed or already finished.
        client.notify("$/cancelRequest", json!({"id": 100_000 + id}));
        ids.push(id);
    }
    for id in ids {
        let response = client.response(id);
        let cancelled = response["error"]["code"] == json!(-32800);
        assert!(cancelled || response.get("result").is_some(), "{response}");
    }
    assert_hover_works(&mut client, &main, 0);
    client.shutdown_and_exit();
}

#[test]
fn exits_promptly_when_the_client_vanishes() {
    let (dir, root_uri, main) = project();
    // EOF without shutdown: exit code 1, promptly.
    let mut client = start(dir.path(), &root_uri);
    client.open(&main, "import helper\n");
    client.diagnostics(&main, Some(1));
    let started = Instant::now();
    client.close_stdin();
    let status = client
        .wait_exit(Duration::from_secs(5))
        .expect("exits on EOF");
    assert_eq!(status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(3));

    // `exit` without `shutdown`: 1.
    let mut client = start(dir.path(), &root_uri);
    client.notify("exit", Value::Null);
    let status = client
        .wait_exit(Duration::from_secs(5))
        .expect("exits on exit");
    assert_eq!(status.code(), Some(1));

    // `shutdown`, then EOF instead of `exit`: 0.
    let mut client = start(dir.path(), &root_uri);
    let id = client.request_async("shutdown", Value::Null);
    client.response(id);
    client.close_stdin();
    let status = client
        .wait_exit(Duration::from_secs(5))
        .expect("exits on EOF");
    assert_eq!(status.code(), Some(0));
}
