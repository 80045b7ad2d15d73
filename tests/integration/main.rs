//! The one integration-test binary: golden tests over samples/, the
//! command line's contract (file table, exit codes, determinism), the
//! analyst's CSV, redaction, the SQLite archive and the stats page.

mod agreement;
mod analyst;
mod boxes;
mod check;
mod cli;
mod corrections;
mod devset;
mod forms;
mod golden;
mod hostile;
mod kill;
mod pages;
mod pdf;
mod pg_archive;
mod redact;
mod review;
mod safety;
mod shards;
mod sqlite;
mod stats;
mod tools;
mod truth;
mod ux;
