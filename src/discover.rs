//! File discovery. (Being written.)
