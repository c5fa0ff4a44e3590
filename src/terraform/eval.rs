//! Expression evaluation. (Being written.)
