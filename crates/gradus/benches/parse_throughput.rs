//! Parse throughput over a directory of Python files (default: the standard
//! library of `python3` on PATH). A benchmark, not a test: run it in release.
//!
//! ```sh
//! cargo bench -p gradus --bench parse_throughput -- [DIR]
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

fn python_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n != "site-packages" && n != "__pycache__")
            {
                python_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn stdlib_dir() -> PathBuf {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 on PATH, or pass a directory");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(stdlib_dir);
    let mut paths = Vec::new();
    python_files(&dir, &mut paths);
    let sources: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| gradus_syntax::decode_source(&bytes).text)
        .collect();
    let lines: usize = sources.iter().map(|s| s.lines().count()).sum();
    let bytes: usize = sources.iter().map(String::len).sum();
    let mut best = f64::MAX;
    let mut errors = 0;
    for _ in 0..3 {
        let start = Instant::now();
        errors = 0;
        for source in &sources {
            let parsed = gradus_syntax::parse_module(source);
            errors += usize::from(parsed.has_errors());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "parsed {} files, {lines} lines, {:.1} MB in {best:.2}s (best of 3): {:.0} lines/s, {:.1} MB/s; {errors} files with syntax errors",
        sources.len(),
        bytes as f64 / 1e6,
        lines as f64 / best,
        bytes as f64 / 1e6 / best
    );
}
