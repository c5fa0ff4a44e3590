//! The hand-written JSON Schema of control YAML stays in step with the loader.

use irready::controls::Op;

#[test]
fn schema_lists_exactly_the_operators_the_loader_knows() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/control.schema.json"
    ))
    .unwrap_or_else(|e| panic!("schema: {e}"));
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let listed: Vec<&str> = schema["$defs"]["assertion"]["properties"]["op"]["enum"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let known: Vec<&str> = Op::ALL.iter().map(|o| o.name()).collect();
    assert_eq!(listed, known);
    let implementation = &schema["$defs"]["check"]["properties"]["implementation"]["enum"];
    assert_eq!(
        implementation,
        &serde_json::json!(["builtin", "assertions"])
    );
}
