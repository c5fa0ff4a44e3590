//! WAF++ control YAML: loading, validation, assertions. (Being written.)
