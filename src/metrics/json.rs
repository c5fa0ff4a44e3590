//! `irready metrics --format json`: the `Metrics` value as pretty JSON. The top-level
//! names are SPEC §6's (`as_of`, `window`, `incidents`, `by_severity`, `mttd`, `mtta`,
//! `mttr`, `review_compliance`, `action_items`, `by_service`, `by_month`), followed by
//! `filters`, the per-severity and per-service figures, `targets` and `notes`. Key order is
//! fixed by the struct fields and sorted maps, so the same input gives the same bytes.

use super::Metrics;

/// Renders the metrics as JSON text ending in a newline.
pub fn render(metrics: &Metrics) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(metrics)?;
    text.push('\n');
    Ok(text)
}
