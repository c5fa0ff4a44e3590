//! The upstream WAF++ catalog loads without a diagnostic. The catalog is not part of this
//! repository: set IRREADY_UPSTREAM_CONTROLS to its folder and run with `--ignored`.

use std::path::Path;

#[test]
#[ignore = "needs IRREADY_UPSTREAM_CONTROLS (the upstream WAF++ controls folder)"]
fn every_upstream_control_loads() {
    let Ok(dir) = std::env::var("IRREADY_UPSTREAM_CONTROLS") else {
        eprintln!("IRREADY_UPSTREAM_CONTROLS is not set; nothing checked");
        return;
    };
    let dir = Path::new(&dir);
    let (controls, diagnostics) = irready::controls::load_dir(dir, dir);
    let rendered: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));
    let files = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| {
                    e.path()
                        .extension()
                        .is_some_and(|x| x == "yml" || x == "yaml")
                })
                .count()
        })
        .unwrap_or(0);
    assert_eq!(controls.len(), files);
    assert!(controls.iter().all(|c| !c.checks.is_empty()));
}
