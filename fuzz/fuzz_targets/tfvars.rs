//! A tfvars file (HCL, or JSON when the first byte is `{`) → variable values. `read_tfvars`
//! reads from disk, so each input is written to one scratch file of this process.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("irready-fuzz-tfvars-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let json = data.first() == Some(&b'{');
    let name = if json {
        "fuzz.tfvars.json"
    } else {
        "fuzz.tfvars"
    };
    let path = scratch().join(name);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let _ = irready::terraform::module::read_tfvars(&path, name.into());
});
