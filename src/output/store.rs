//! The archive an `extract` imports into, behind one interface: SQLite
//! (`--sqlite FILE`, the default archive, compiled in) or PostgreSQL
//! (`--postgres URL`, for many shards on many machines writing one
//! archive). Input: outcomes in order; output: rows in the archive, each
//! file in one transaction (see `sqlite` and `postgres`).

use std::path::Path;

use super::{postgres, sqlite};
use crate::error::{FileOutcome, RunError};

pub enum Store {
    Sqlite(sqlite::Archive),
    Postgres(Box<postgres::Archive>),
}

impl Store {
    /// The archive the options name, opened (its schema in place), or
    /// none.
    pub fn open(
        sqlite: Option<&Path>,
        postgres: Option<&str>,
        review_below: f64,
    ) -> Result<Option<Store>, RunError> {
        Ok(match (sqlite, postgres) {
            (Some(p), _) => {
                let mut a = sqlite::Archive::open(p)?;
                a.review_below = review_below;
                Some(Store::Sqlite(a))
            }
            (None, Some(url)) => {
                let mut a = postgres::Archive::open(url)?;
                a.review_below = review_below;
                Some(Store::Postgres(Box::new(a)))
            }
            (None, None) => None,
        })
    }

    /// Import one file's outcome in one transaction.
    pub fn import(&mut self, o: &FileOutcome, key: &str) -> Result<(), RunError> {
        match self {
            Store::Sqlite(a) => a.import(o, key),
            Store::Postgres(a) => a.import(o, key),
        }
    }

    /// Mark the files under `roots` that this import did not see as
    /// missing (with `mine`, only those it accepts); how many.
    pub fn mark_missing(
        &mut self,
        roots: &[String],
        mine: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<usize, RunError> {
        match self {
            Store::Sqlite(a) => a.mark_missing(roots, mine),
            Store::Postgres(a) => a.mark_missing(roots, mine),
        }
    }

    pub fn close(self) -> Result<(), RunError> {
        match self {
            Store::Sqlite(a) => a.close(),
            Store::Postgres(a) => a.close(),
        }
    }
}
