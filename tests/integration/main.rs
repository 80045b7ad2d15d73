//! The one integration-test binary: golden tests over samples/, the
//! command line's contract (file table, exit codes, determinism).

mod agreement;
mod boxes;
mod check;
mod cli;
mod golden;
mod hostile;
mod pdf;
mod truth;
