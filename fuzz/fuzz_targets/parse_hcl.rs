//! `.tf` text → our syntax tree, and any text as a standalone expression: an error is
//! fine, a panic, an abort or a hang is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = irready::terraform::parse::parse_hcl("fuzz.tf".into(), text);
    let _ = irready::terraform::parse::parse_expression("fuzz.tf".into(), text);
});
