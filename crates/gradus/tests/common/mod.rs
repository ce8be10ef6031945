//! Shared helpers of the CLI tests: run the binary in a directory and render
//! exit code, stdout and stderr with machine-specific paths and times
//! replaced, so snapshots are stable.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixture projects, `tests/projects/`.
pub fn projects_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/projects")
        .canonicalize()
        .unwrap()
}

/// The raw outcome of one run.
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `gradus ARGS` in `dir` without colours (unless `envs` asks for them).
pub fn run_raw(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gradus"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("VIRTUAL_ENV")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    for (key, value) in envs {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let clean = |s: &[u8]| {
        let text = String::from_utf8_lossy(s).into_owned();
        let mut text = text.replace(&projects_dir().display().to_string(), "[PROJECTS]");
        let dir = dir.display().to_string();
        if !dir.starts_with(&projects_dir().display().to_string()) {
            text = text.replace(&dir, "[DIR]");
        }
        text
    };
    Output {
        code: output.status.code(),
        stdout: clean(&output.stdout),
        stderr: clean(&output.stderr),
    }
}

/// Exit code, stdout and stderr as one text for a snapshot.
pub fn render(output: &Output) -> String {
    format!(
        "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        output.code.map_or("signal".to_owned(), |c| c.to_string()),
        output.stdout,
        output.stderr
    )
}

/// Runs `gradus ARGS` in `dir` and renders the outcome.
pub fn run(dir: &Path, args: &[&str]) -> String {
    render(&run_raw(dir, args, &[]))
}

/// Snapshot assertion with the elapsed time filtered out.
#[macro_export]
macro_rules! assert_cli_snapshot {
    ($($arg:tt)*) => {
        insta::with_settings!({filters => vec![
            (r" in \d+\.\d+s\)", " in [TIME])"),
        ]}, {
            insta::assert_snapshot!($($arg)*);
        })
    };
}

/// A temporary project: files written from `(path, contents)` pairs.
pub fn temp_project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        write(dir.path(), path, contents);
    }
    dir
}

/// Writes `contents` to `root/path`, creating directories.
pub fn write(root: &Path, path: &str, contents: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}
