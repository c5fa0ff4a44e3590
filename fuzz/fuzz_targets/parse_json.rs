//! `.tf.json` text → our syntax tree (serde_json validation, the span-keeping reader, the
//! block/attribute heuristic, templates in strings): never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = irready::terraform::parse::parse_json("fuzz.tf.json".into(), text);
});
