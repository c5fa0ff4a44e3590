//! Reports. (Being written.)
