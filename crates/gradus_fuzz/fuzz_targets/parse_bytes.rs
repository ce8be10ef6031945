//! Arbitrary bytes through decoding, parsing and the line index.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gradus_fuzz::parse_and_check_invariants(data);
});
