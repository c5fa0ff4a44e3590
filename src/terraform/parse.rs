//! Parsing `.tf` (hcl-edit) and `.tf.json` into `ast::File`. (Being written.)
