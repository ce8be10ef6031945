//! Property test over random programs (the generator in
//! `tests/support/program_gen.rs`, seeded, so failures are reproducible):
//!
//! * a generated (valid) program parses without syntax errors;
//! * a program broken by random edits is checked without a crash, every
//!   diagnostic range lies inside its file on a character boundary, and
//!   checking twice gives the same diagnostics;
//! * statements after a broken line in a function body are still seen.
//!
//! The fuzz target `check_grammar` (crates/gradus_fuzz) runs the same
//! generator driven by the fuzzer instead of a seed.

#[path = "support/program_gen.rs"]
mod program_gen;

use std::path::PathBuf;

use gradus_db::{line_index, source_text, System};
use gradus_project::{check_files, ProjectDatabase, ProjectSettings};
use program_gen::{mutate, Generator, Rng};

/// Seeds per run: enough to cover the generator's choices, fast in debug.
const VALID_CASES: u64 = 400;
const BROKEN_CASES: u64 = 150;

fn check(files: &[(&str, Vec<u8>)]) -> Vec<String> {
    let root = PathBuf::from("/project");
    let system = System::in_memory(root.clone());
    for (path, contents) in files {
        system.overlay().write(root.join(path), contents.clone());
    }
    let settings = ProjectSettings::for_root(root.clone());
    let db = ProjectDatabase::new(system, &settings);
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| root.join(p)).collect();
    let handles = db.files_for_paths(&paths);
    let result = check_files(&db, &settings, &handles);
    let mut out = Vec::new();
    for d in &result.diagnostics {
        assert_ne!(d.code, "internal-error", "{}", d.message);
        let text = &source_text(&db, d.file).text;
        for offset in [d.range.start(), d.range.end()] {
            let at = usize::from(offset);
            assert!(at <= text.len(), "{} past the end", d.message);
            assert!(
                text.is_char_boundary(at),
                "{} inside a character",
                d.message
            );
        }
        let pos = line_index(&db, d.file).line_col_utf16(d.range.start(), text);
        out.push(format!(
            "{}:{}: [{}] {}",
            pos.line + 1,
            pos.col,
            d.code,
            d.message
        ));
    }
    out
}

#[test]
fn generated_programs_parse_without_errors() {
    for seed in 0..VALID_CASES {
        let mut rng = Rng::new(seed);
        let program = Generator::new(&mut rng).program(12);
        let parsed = gradus_syntax::parse_module(&program);
        assert!(
            parsed.errors.is_empty(),
            "seed {seed}: {:?}\n{program}",
            parsed.errors
        );
    }
}

#[test]
fn broken_programs_are_checked_without_crashing() {
    for seed in 0..BROKEN_CASES {
        let mut rng = Rng::new(seed ^ 0xB40C);
        let program = Generator::new(&mut rng).program(10);
        let edits = 1 + rng.pick_edits();
        let broken = mutate(&mut rng, &program, edits);
        let other = Generator::new(&mut rng).program(4);
        let files = [
            ("main.py", broken),
            (
                "pkg/__init__.py",
                b"from . import mod\nfrom .mod import *\n".to_vec(),
            ),
            ("pkg/mod.py", other.into_bytes()),
        ];
        let first = check(&files);
        let second = check(&files);
        assert_eq!(first, second, "seed {seed}: not deterministic");
    }
}

#[test]
fn statements_after_a_broken_line_are_checked() {
    for seed in 0..BROKEN_CASES {
        let mut rng = Rng::new(seed ^ 0x5EED);
        let body = Generator::new(&mut rng).program(6);
        // One bad line in a function, then an import that must be reported.
        let mut src = String::from("def f():\n");
        for line in body.lines() {
            src.push_str("    ");
            src.push_str(line);
            src.push('\n');
        }
        src.push_str("    x = = 1\n    import missing_after_error\n");
        src.push_str("import missing_at_top\n");
        let found = check(&[("main.py", src.clone().into_bytes())]);
        for name in ["missing_after_error", "missing_at_top"] {
            assert!(
                found
                    .iter()
                    .any(|d| d.contains("[unresolved-import]") && d.contains(name)),
                "seed {seed}: `{name}` not reported: {found:?}\n{src}"
            );
        }
    }
}

trait PickEdits {
    fn pick_edits(&mut self) -> usize;
}

impl PickEdits for Rng {
    fn pick_edits(&mut self) -> usize {
        use program_gen::Choices;
        self.pick(4)
    }
}
