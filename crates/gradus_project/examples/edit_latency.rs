//! Profiling driver for the editor's edit path, without the LSP layer:
//! checks every file of a project, then applies one-line edits to one file
//! (as `crates/gradus_server/benches/lsp_latency.py` does) and times
//! `check_file` of that file after each, with how many queries salsa ran
//! and re-validated, by query name.
//!
//! ```text
//! python3 crates/gradus_server/benches/lsp_latency.py target/release/gradus --keep
//! cargo run --release -p gradus_project --example edit_latency -- /tmp/gradus-bench-XXXX proj/big.py 50
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use gradus_db::{Db, File, System};
use gradus_project::{ProjectDatabase, ProjectSettings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(args.get(1).expect("usage: edit_latency ROOT FILE [EDITS]"));
    let root = root.canonicalize().unwrap();
    let rel = args.get(2).expect("usage: edit_latency ROOT FILE [EDITS]");
    let edits: usize = args.get(3).map_or(20, |n| n.parse().unwrap());
    let verbose = std::env::var_os("EDIT_LATENCY_VERBOSE").is_some();

    let executed: Arc<Mutex<BTreeMap<String, (usize, usize)>>> = Arc::default();
    let sink = executed.clone();
    let settings = ProjectSettings::for_root(root.clone());
    let mut db = ProjectDatabase::with_event_callback(
        System::os(root.clone()),
        &settings,
        Some(Box::new(move |event: salsa::Event| {
            let (key, validated) = match event.kind {
                salsa::EventKind::WillExecute { database_key } => (database_key, false),
                salsa::EventKind::DidValidateMemoizedValue { database_key } => (database_key, true),
                _ => return,
            };
            let name = format!("{key:?}");
            let name = name.split('(').next().unwrap_or("").to_owned();
            let mut map = sink.lock().unwrap();
            let entry = map.entry(name).or_default();
            if validated {
                entry.1 += 1;
            } else {
                entry.0 += 1;
            }
        })),
    );
    let path = root.join(rel);
    let files: Vec<PathBuf> = walk(&root);
    let all = db.files_for_paths(&files);
    let start = Instant::now();
    for &file in &all {
        gradus_check::check_file(&db, file);
    }
    println!("{} files checked in {:?}", all.len(), start.elapsed());
    executed.lock().unwrap().clear();

    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let target = (lines.len() / 2..lines.len())
        .find(|&i| lines[i].trim() == "result = self.value + other")
        .expect("an edit target");
    let original = lines[target].clone();
    let file = gradus_db::system_path_to_file(&db, &path).unwrap();
    let mut times = Vec::new();
    for n in 0..edits {
        lines[target] = if n % 2 == 0 {
            format!("{original} + \"x\"")
        } else {
            format!("{original} + {n}")
        };
        let new_text = lines.join("\n");
        let t0 = Instant::now();
        db.system()
            .overlay()
            .write(path.clone(), new_text.into_bytes());
        File::sync_path(&mut db, &path);
        let t1 = Instant::now();
        let n_diags = gradus_check::check_file(&db, file).len();
        let t2 = Instant::now();
        times.push(t2 - t0);
        if verbose || n == edits - 1 {
            println!(
                "edit {n}: sync {:?}, check_file {:?}, {n_diags} diagnostics",
                t1 - t0,
                t2 - t1
            );
            let mut map = executed.lock().unwrap();
            let mut rows: Vec<_> = map.iter().collect();
            rows.sort_by_key(|(_, (e, v))| std::cmp::Reverse(e + v));
            for (name, (e, v)) in rows.iter().take(25) {
                println!("  {name:40} executed {e:6} validated {v:6}");
            }
            map.clear();
        } else {
            executed.lock().unwrap().clear();
        }
    }
    times.sort();
    println!(
        "edit -> check_file over {edits} edits: median {:?}, max {:?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    let _ = db.files();
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
    out.sort();
    out
}
