//! A cold `gradus check` of a directory (default: the standard library of
//! `python3` on PATH), timing the real binary end to end. A benchmark, not a
//! test: run it in release.
//!
//! ```sh
//! cargo bench -p gradus --bench check_stdlib -- [DIR]
//! ```

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn stdlib_dir() -> PathBuf {
    let out = Command::new("python3")
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
    for run in 1..=3 {
        let start = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_gradus"))
            .args(["check", "--exit-zero"])
            .arg(&dir)
            .output()
            .expect("run gradus");
        let elapsed = start.elapsed().as_secs_f64();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let summary = stdout.lines().last().unwrap_or("");
        println!(
            "run {run}: cold `gradus check {}` in {elapsed:.2}s, exit {:?}: {summary}",
            dir.display(),
            output.status.code()
        );
    }
}
