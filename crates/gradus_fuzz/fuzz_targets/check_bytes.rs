//! Arbitrary bytes (split into up to three files of a package at `\n#---\n`)
//! through the whole in-memory check.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = gradus_fuzz::split_files(data);
    let first = gradus_fuzz::check_project(&files);
    // Checking is deterministic.
    assert_eq!(first, gradus_fuzz::check_project(&files));
});
