//! Reading LSP frames from stdin on a thread of our own, in front of
//! tower-lsp's codec. It fixes what tower-lsp 0.20 gets wrong:
//!
//! - `{"method": "shutdown", "params": null}` (sent by Eglot and lsp4ij) is
//!   rejected by tower-lsp with "Unexpected params": the `params` member is
//!   dropped here, for `shutdown` and `exit`.
//! - After `exit` tower-lsp keeps reading until the next message or EOF: the
//!   stream is closed right after `exit` is passed on, so the server stops.
//! - Malformed headers are skipped up to the next `Content-Length` header
//!   instead of derailing the stream.
//! - A body that is not JSON, or not a JSON-RPC message, would end
//!   tower-lsp's input stream for good (its codec errors, and tokio-util's
//!   `FramedRead` then returns `None`): such a body is replaced by a request
//!   to `gradus/invalidMessage`, which answers with the JSON-RPC error
//!   (`-32700` parse error with `id: null`, or `-32600` invalid request).
//!
//! It also owns the blocking read of stdin: tokio's stdin would keep the
//! runtime from shutting down while a read is pending.

use std::io::{BufRead, BufReader, Read};

use tokio::io::{AsyncWriteExt, DuplexStream};
use tokio::runtime::Handle;
use tokio::sync::oneshot;

// Budget: see `gradus_budgets`.
use gradus_budgets::MAX_LSP_FRAME as MAX_FRAME;

/// Starts the reader thread. Returns the stream tower-lsp reads and a
/// receiver that fires when the input ended (EOF, `exit`, or a read error).
pub(crate) fn spawn_reader<R: Read + Send + 'static>(
    input: R,
    handle: Handle,
) -> (DuplexStream, oneshot::Receiver<()>) {
    let (mut to_server, from_client) = tokio::io::duplex(1 << 20);
    let (done_tx, done_rx) = oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("gradus-lsp-stdin".into())
        .spawn(move || {
            let mut input = BufReader::new(input);
            while let Some(body) = read_frame(&mut input) {
                let (body, is_exit) = rewrite(body);
                let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                frame.extend_from_slice(&body);
                let written = handle.block_on(async {
                    to_server.write_all(&frame).await?;
                    to_server.flush().await
                });
                if written.is_err() || is_exit {
                    break;
                }
            }
            drop(to_server);
            let _ = done_tx.send(());
        });
    if let Err(err) = spawned {
        eprintln!("gradus server: cannot start the stdin reader: {err}");
    }
    (from_client, done_rx)
}

/// The body of the next well-formed frame; `None` at EOF.
fn read_frame(input: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut content_length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = input.read_until(b'\n', &mut line).ok()?;
        if n == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            match content_length {
                Some(len) => {
                    let mut body = vec![0; len];
                    input.read_exact(&mut body).ok()?;
                    return Some(body);
                }
                None => continue,
            }
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(len) if len <= MAX_FRAME => content_length = Some(len),
                    _ => {
                        eprintln!("gradus server: skipping a frame with a bad header: {text:?}");
                        content_length = None;
                    }
                }
            }
            Some((name, _)) if name.trim().eq_ignore_ascii_case("content-type") => {}
            _ => {
                eprintln!(
                    "gradus server: skipping malformed input: {:?}",
                    text.chars().take(80).collect::<String>()
                );
                content_length = None;
            }
        }
    }
}

/// Drops `params: null` of `shutdown` and `exit`; tells whether the
/// message is `exit`.
fn rewrite(body: Vec<u8>) -> (Vec<u8>, bool) {
    if serde_json::from_slice::<tower_lsp::jsonrpc::Request>(&body).is_err()
        && serde_json::from_slice::<tower_lsp::jsonrpc::Response>(&body).is_err()
    {
        return (invalid_message(&body), false);
    }
    let mentions = |word: &[u8]| body.windows(word.len()).any(|w| w == word);
    if !mentions(b"\"shutdown\"") && !mentions(b"\"exit\"") {
        return (body, false);
    }
    let Ok(serde_json::Value::Object(mut message)) =
        serde_json::from_slice::<serde_json::Value>(&body)
    else {
        return (body, false);
    };
    let method = message
        .get("method")
        .and_then(|m| m.as_str())
        .unwrap_or("")
        .to_owned();
    if method != "shutdown" && method != "exit" {
        return (body, false);
    }
    if message.get("params").is_some_and(|p| p.is_null()) {
        message.remove("params");
    }
    let is_exit = method == "exit";
    match serde_json::to_vec(&message) {
        Ok(rewritten) => (rewritten, is_exit),
        Err(_) => (body, is_exit),
    }
}

/// The method the replacement of an invalid message calls.
pub(crate) const INVALID_MESSAGE: &str = "gradus/invalidMessage";

/// A request to [`INVALID_MESSAGE`] carrying the error to answer with.
fn invalid_message(body: &[u8]) -> Vec<u8> {
    let (id, code, message) = match serde_json::from_slice::<serde_json::Value>(body) {
        Err(err) => (
            serde_json::Value::Null,
            -32700,
            format!("Parse error: {err}"),
        ),
        Ok(value) => {
            let id = value
                .get("id")
                .filter(|id| id.is_string() || id.is_number())
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            (
                id,
                -32600,
                "Invalid request: not a JSON-RPC 2.0 message".to_owned(),
            )
        }
    };
    eprintln!("gradus server: {message}");
    serde_json::to_vec(&serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_MESSAGE,
        "params": {"code": code, "message": message},
    }))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_garbage_and_reads_frames() {
        let input = b"garbage line\r\nContent-Length: 2\r\n\r\n{}Content-Length: x\r\n\r\nContent-Length: 3\r\nContent-Type: a\r\n\r\n[1]";
        let mut reader = BufReader::new(&input[..]);
        assert_eq!(read_frame(&mut reader).unwrap(), b"{}");
        assert_eq!(read_frame(&mut reader).unwrap(), b"[1]");
        assert!(read_frame(&mut reader).is_none());
    }

    #[test]
    fn drops_null_params_of_shutdown() {
        let (body, exit) =
            rewrite(br#"{"jsonrpc":"2.0","id":3,"method":"shutdown","params":null}"#.to_vec());
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(value.get("params").is_none());
        assert!(!exit);
        let (_, exit) = rewrite(br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec());
        assert!(exit);
        let other = br#"{"jsonrpc":"2.0","method":"x","params":null}"#.to_vec();
        assert_eq!(rewrite(other.clone()).0, other);
        for bad in [&b"{not json"[..], b"[1,2]", br#"{"id":4}"#] {
            let (body, _) = rewrite(bad.to_vec());
            let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(value["method"], INVALID_MESSAGE);
        }
    }
}
