//! Grammar-shaped programs: the fuzzer's bytes drive a random program
//! generator; valid programs must have no syntax error, and mutated ones
//! must still be checked without a crash.
#![no_main]

use arbitrary::Unstructured;
use gradus_fuzz::program_gen::{mutate, Generator};
use gradus_fuzz::FuzzChoices;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mutations = u.int_in_range(0..=3u8).unwrap_or(0) as usize;
    let mut choices = FuzzChoices(&mut u);
    let program = Generator::new(&mut choices).program(12);
    let files = if mutations == 0 {
        vec![("main.py".to_owned(), program.clone().into_bytes())]
    } else {
        let broken = mutate(&mut choices, &program, mutations);
        vec![("main.py".to_owned(), broken)]
    };
    gradus_fuzz::parse_and_check_invariants(&files[0].1);
    let diagnostics = gradus_fuzz::check_project(&files);
    if mutations == 0 {
        let syntax: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.contains("[invalid-syntax]"))
            .collect();
        assert!(
            syntax.is_empty(),
            "valid program rejected: {syntax:?}\n{program}"
        );
    }
});
