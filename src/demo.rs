//! Demo data generator (in progress).
