//! WAF++ control YAML → a validated `Control` or diagnostics with positions: never a
//! panic, and alias bombs stay within serde-saphyr's resource limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = irready::controls::load_str(text, "fuzz.yml".into());
});
