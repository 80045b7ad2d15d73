//! Date mentions in one line of clean Swedish case text.
//!
//! Input: a line of text. Output: `DateHit`s with their byte spans and every
//! valid calendar reading (year left open when not written). Year inference
//! against the document's own date is `infer_year`; jiff does the calendar.
//!
//! STUB: the full grammar is being written (see the helper brief).

use std::ops::Range;

use jiff::civil::{Date, Weekday};

/// A calendar day whose year may not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
}

/// One reading of a mention: a day, or a range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateKind {
    /// Valid readings, preferred (Swedish, day-first) first; more than one
    /// means the mention is ambiguous.
    Parsed(Vec<Reading>),
    /// Looks like a date but cannot be read (`2019-12-k`): never invent a day.
    Unparsed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateHit {
    pub span: Range<usize>,
    pub raw: String,
    pub kind: DateKind,
}

/// Every date mention in `line`, in order of position.
pub fn find_dates(_line: &str) -> Vec<DateHit> {
    Vec::new()
}

/// The date for `p` given the date the document was written: the written year
/// when there is one, otherwise the latest year that is not after `reference`.
pub fn infer_year(p: PartialDate, reference: Date) -> Option<Date> {
    let _ = (p, reference);
    None
}

/// `måndag`, `MÅNDAG`, `mån` → Monday.
pub fn weekday_from_swedish(_word: &str) -> Option<Weekday> {
    None
}

/// The first Swedish weekday name in `line`.
pub fn find_weekday(_line: &str) -> Option<(Range<usize>, Weekday)> {
    None
}

/// The first clock time in `line` (`14:00`, `13.00`, `kl.15.00`, `kl 9`).
pub fn find_time(_line: &str) -> Option<(Range<usize>, i8, i8)> {
    None
}
