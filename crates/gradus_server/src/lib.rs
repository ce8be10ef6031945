//! The language server: `gradus server` speaks LSP over stdio, on the same
//! configuration resolution and salsa database as `gradus check`, so a file
//! shows the same diagnostics in the editor as in CI. The only crate that
//! knows LSP types (tower-lsp 0.20 / lsp-types 0.94).
//!
//! How a message flows:
//!
//! ```text
//! stdin ─► frames (own thread: framing, `shutdown` with `params: null`,
//!          │        EOF after `exit`)
//!          ▼
//!        tower-lsp ─► Backend (async handlers)
//!                       │ every mutation and every snapshot request is sent,
//!                       │ before the handler's first `.await`, into one queue
//!                       ▼
//!                     writer thread (owns documents and one ProjectDatabase
//!                       │ per project root; applies edits in arrival order)
//!                       ├─► snapshot (a db clone) ─► blocking thread: gradus_ide
//!                       │     query under catch_unwind; salsa cancellation →
//!                       │     `ContentModified`, a panic → an error reply
//!                       └─► diagnostics job (blocking thread) ─► publisher task
//! ```
//!
//! A new edit cancels stale reads: salsa unwinds every reader holding a clone
//! of the database before the writer's change applies. Nothing holds a
//! database across an `.await`.

mod backend;
mod convert;
mod diagnostics;
mod features;
mod frames;
mod state;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tower_lsp::{LspService, Server};

// Budget: see `gradus_budgets`.
use gradus_budgets::CHECK_THREAD_STACK as QUERY_THREAD_STACK;

/// How long to wait for in-flight requests after the client is gone.
const EXIT_GRACE: Duration = Duration::from_millis(500);

/// Runs the server over stdin/stdout until `exit` or EOF. Returns the exit
/// code: 0 if `shutdown` came first, 1 otherwise.
pub fn run_stdio() -> i32 {
    run(std::io::stdin(), tokio::io::stdout())
}

/// Runs the server over `input` (read on a thread of its own) and `output`.
pub fn run<R, W>(input: R, output: W) -> i32
where
    R: std::io::Read + Send + 'static,
    W: tokio::io::AsyncWrite + Send + Unpin + 'static,
{
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .thread_stack_size(QUERY_THREAD_STACK)
        .thread_name("gradus-lsp")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("gradus server: cannot start the async runtime: {err}");
            return 1;
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    let shutdown_seen = shutdown.clone();
    runtime.block_on(async move {
        let (reader, input_done) = frames::spawn_reader(input, tokio::runtime::Handle::current());
        let (service, socket) = LspService::build(|client| backend::Backend::new(client, shutdown))
            .custom_method("gradus/debug/panic", backend::Backend::debug_panic)
            .custom_method(frames::INVALID_MESSAGE, backend::Backend::invalid_message)
            .finish();
        let serve = Server::new(reader, output, socket)
            .concurrency_level(64)
            .serve(service);
        let client_gone = async {
            let _ = input_done.await;
            tokio::time::sleep(EXIT_GRACE).await;
        };
        tokio::select! {
            () = serve => {}
            () = client_gone => {}
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
    if shutdown_seen.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
