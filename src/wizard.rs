//! Wizard state machine (in progress).
