//! The scan pipeline. (Being written.)
