//! Strings (in progress).
