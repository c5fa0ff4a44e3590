//! Every check fixture is valid HCL, so that a failing end-to-end fixture test points at
//! the evaluator or the check, never at a typo in the fixture.

use std::path::Path;

#[test]
fn every_check_fixture_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checks");
    let mut count = 0;
    for check in std::fs::read_dir(&root).expect("fixture folder") {
        let check = check.expect("entry").path();
        for case in ["pass", "fail"] {
            let file = check.join(case).join("main.tf");
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if let Err(e) = hcl_edit::parser::parse_body(&text) {
                panic!("{}: {e}", file.display());
            }
            count += 1;
        }
    }
    assert_eq!(count, 16, "two fixtures for each of the eight checks");
}
