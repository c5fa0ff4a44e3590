//! Terraform's built-in functions over `Value`. (Being written.)
