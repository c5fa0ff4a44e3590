//! Module tree and instance expansion. (Being written.)
