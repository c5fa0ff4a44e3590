//! The WAF-REL-060 control compiled into the binary, so that a scan needs nothing
//! downloaded first (SPEC §4).

use super::Catalog;
use super::schema::{Control, parse_control};
use crate::diagnostic::Diagnostic;

/// The YAML of the built-in control, as committed in `controls/WAF-REL-060.yml`.
pub const WAF_REL_060_YAML: &str = include_str!("../../controls/WAF-REL-060.yml");

/// How the built-in control's file is named in findings and diagnostics.
pub const WAF_REL_060_DISPLAY: &str = "builtin:controls/WAF-REL-060.yml";

/// Parses the embedded control. Its `implementation: builtin` ids are not checked against
/// the Rust registry here: both ship in the same binary, and a test pins that every one
/// is registered.
pub fn parse_builtin() -> Result<Control, Vec<Diagnostic>> {
    parse_control(WAF_REL_060_YAML, WAF_REL_060_DISPLAY.into(), None)
}

/// The built-in catalog: WAF-REL-060. Should the embedded YAML ever fail to load (a bug
/// caught by this module's tests), the catalog is empty rather than a panic.
pub fn builtin() -> Catalog {
    Catalog {
        controls: parse_builtin().into_iter().collect(),
    }
}
