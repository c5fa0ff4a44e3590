//! All documents of a repository load together from where `irready.yml` says they are;
//! a broken one is a diagnostic and the others still load.

use irready::ir::documents::load;
use std::path::Path;

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ir")
}

#[test]
fn a_repository_without_documents_loads_empty_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (docs, diags) = load(dir.path());
    assert!(diags.is_empty(), "{diags:?}");
    assert!(docs.severity.is_none() && docs.oncall.is_none());
    assert!(docs.incidents.is_empty() && docs.reviews.is_empty());
    assert_eq!(docs.config.review.deadline_business_days, 5);
}

#[test]
fn documents_load_from_the_configured_paths_and_broken_ones_are_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("irready.yml"),
        "paths:\n  incidents: ir/incidents\n  postmortems: ir/reviews\n  oncall: ir/oncall.yml\n",
    )
    .unwrap();
    copy(
        &fixtures().join("incidents/good"),
        &root.join("ir/incidents"),
    );
    copy(&fixtures().join("reviews/good"), &root.join("ir/reviews"));
    copy(
        &fixtures().join("oncall/wrong-type.yml"),
        &root.join("ir/oncall.yml"),
    );
    let (docs, diags) = load(root);
    assert!(!docs.incidents.is_empty());
    assert!(!docs.reviews.is_empty());
    assert!(docs.oncall.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].to_string().starts_with("ir/oncall.yml:"),
        "{}",
        diags[0]
    );
}
