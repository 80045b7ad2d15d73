//! `lexsarah stats`: the analyst's overview. Cases per month (of the
//! observed date), per classification and per area, median lead times and
//! flags per rule, as one self-contained HTML page with an inline SVG chart
//! per table (`--html FILE`) and the same numbers as CSV (`--csv FILE`).
//!
//! Input: case records, streamed from the pipeline (only counters and the
//! lead times in days are kept, never the records). Output: `Table`s, the
//! one source of both the page and the CSV. The numbers are computed with
//! the functions that write the analyst's columns of `cases.csv`
//! (`output::analyst`), so the page equals what `cases.csv` gives.

pub mod html;
pub mod svg;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::args::InputArgs;
use crate::error::RunError;
use crate::model::Area;
use crate::model::CaseRecord;
use crate::output::analyst::{LEAD_TIMES, days_between, observed_year_month};
use crate::output::atomic::{AtomicFile, write_atomic};
use crate::output::{CsvDialect, tables};
use crate::pipeline::{self, Totals};

/// The key of cases whose value is not known (no observed date, no
/// classification).
pub const UNKNOWN: &str = "okänt";
/// The key of cases with no area ticked.
pub const NO_AREA: &str = "inget område";

#[derive(Debug, clap::Args)]
#[group(required = true, multiple = true, args = ["html", "csv"])]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the page with the charts here.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the numbers here as CSV (table, key, value); default: beside
    /// the page, with the extension .csv.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// CSV dialect.
    #[arg(long, value_enum, default_value_t = CsvDialect::Rfc4180)]
    pub csv_dialect: CsvDialect,
}

/// One table of numbers: a chart on the page, rows in the CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Name in the CSV's `table` column and the chart's id.
    pub name: &'static str,
    /// Heading on the page.
    pub title: &'static str,
    pub rows: Vec<(String, f64)>,
}

/// Counters over the records seen so far.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub cases: usize,
    months: BTreeMap<(i16, i8), usize>,
    no_month: usize,
    classifications: BTreeMap<String, usize>,
    areas: Vec<usize>,
    no_area: usize,
    lead_days: Vec<Vec<i64>>,
    rules: BTreeMap<String, usize>,
}

impl Stats {
    pub fn new() -> Stats {
        Stats {
            areas: vec![0; Area::ALL.len()],
            lead_days: vec![Vec::new(); LEAD_TIMES.len()],
            rules: crate::validate::CODES
                .iter()
                .map(|c| (c.to_string(), 0))
                .collect(),
            ..Stats::default()
        }
    }

    /// Count one record.
    pub fn add(&mut self, r: &CaseRecord) {
        self.cases += 1;
        match observed_year_month(r) {
            Some(ym) => *self.months.entry(ym).or_default() += 1,
            None => self.no_month += 1,
        }
        let class = r.classification.map_or(UNKNOWN, |c| c.as_str()).to_string();
        *self.classifications.entry(class).or_default() += 1;
        let mut any = false;
        for (i, area) in Area::ALL.iter().enumerate() {
            if r.areas.contains(area) {
                self.areas[i] += 1;
                any = true;
            }
        }
        self.no_area += usize::from(!any);
        for (i, l) in LEAD_TIMES.iter().enumerate() {
            if let Some(d) = days_between((l.from)(r), (l.to)(r)) {
                self.lead_days[i].push(d);
            }
        }
        for f in &r.flags {
            *self.rules.entry(f.code.to_string()).or_default() += 1;
        }
    }

    /// The tables, in page order.
    pub fn tables(&self) -> Vec<Table> {
        let count = |v: usize| v as f64;
        let mut areas: Vec<(String, f64)> = Area::ALL
            .iter()
            .zip(&self.areas)
            .map(|(a, n)| (a.name().to_string(), count(*n)))
            .collect();
        areas.push((NO_AREA.to_string(), count(self.no_area)));
        let lead = |f: fn(&[i64]) -> f64| {
            LEAD_TIMES
                .iter()
                .zip(&self.lead_days)
                .map(|(l, d)| (l.column.to_string(), f(d)))
                .collect()
        };
        vec![
            table(
                "cases_per_month",
                "Ärenden per månad (observerat datum)",
                self.month_rows(),
            ),
            table(
                "cases_per_classification",
                "Ärenden per bedömning",
                self.classifications
                    .iter()
                    .map(|(k, n)| (k.clone(), count(*n)))
                    .collect(),
            ),
            table("cases_per_area", "Ärenden per verksamhetsområde", areas),
            table("median_lead_time_days", "Mediantid i dagar", lead(median)),
            table(
                "lead_time_cases",
                "Ärenden med båda datumen",
                lead(|d| d.len() as f64),
            ),
            table(
                "flags_per_rule",
                "Flaggor per regel",
                self.rules
                    .iter()
                    .map(|(k, n)| (k.clone(), count(*n)))
                    .collect(),
            ),
        ]
    }

    /// Every month from the first to the last seen (gaps as zero), then
    /// the cases without an observed date.
    fn month_rows(&self) -> Vec<(String, f64)> {
        let mut rows = Vec::new();
        if let (Some(first), Some(last)) = (self.months.keys().next(), self.months.keys().last()) {
            let (mut y, mut m) = *first;
            while (y, m) <= *last {
                let n = self.months.get(&(y, m)).copied().unwrap_or(0);
                rows.push((format!("{y:04}-{m:02}"), n as f64));
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        rows.push((UNKNOWN.to_string(), self.no_month as f64));
        rows
    }
}

fn table(name: &'static str, title: &'static str, rows: Vec<(String, f64)>) -> Table {
    Table { name, title, rows }
}

/// The median of some days (the mean of the middle two for an even
/// count); NaN for none.
pub fn median(days: &[i64]) -> f64 {
    let mut d = days.to_vec();
    d.sort_unstable();
    match d.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => d[n / 2] as f64,
        n => (d[n / 2 - 1] + d[n / 2]) as f64 / 2.0,
    }
}

/// A number as written in the default CSV: whole numbers without
/// decimals, halves with one, nothing for an unknown (NaN).
pub fn format_number(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A number as Swedish readers write it (the page, the Excel dialect):
/// a decimal comma (`2,5`).
pub fn format_number_sv(v: f64) -> String {
    format_number(v).replace('.', ",")
}

/// Write the tables as CSV: `table,key,value`; in the Excel dialect with
/// decimal commas, as Swedish Excel reads numbers.
pub fn write_csv(
    path: &std::path::Path,
    tables: &[Table],
    dialect: CsvDialect,
) -> Result<(), RunError> {
    let mut w = tables::csv_writer(AtomicFile::create(path)?, dialect, path)?;
    w.write_row(["table", "key", "value"])?;
    for t in tables {
        for (k, v) in &t.rows {
            let n = match dialect {
                CsvDialect::Rfc4180 => format_number(*v),
                CsvDialect::Excel => format_number_sv(*v),
            };
            w.write_row([t.name, k.as_str(), &n])?;
        }
    }
    let f = w.into_inner().map_err(|source| RunError::Output {
        path: path.to_path_buf(),
        source,
    })?;
    f.commit()
}

/// Run `stats`: read the inputs, count, write the page and the CSV.
pub fn run_stats(args: &StatsArgs) -> Result<Totals, RunError> {
    args.input.check_paths()?;
    let pool = args.input.pool()?;
    let opts = args.input.read_options();
    let csv = args
        .csv
        .clone()
        .or_else(|| args.html.as_ref().map(|h| h.with_extension("csv")));
    // The outputs are tried before the work, so that a wrong path stops
    // the run at once.
    for p in args.html.iter().chain(&csv) {
        crate::output::guard::ensure_ours(p)?;
        crate::output::atomic::check_writable(p)?;
    }
    let pb = crate::args::Progress::new(&args.input.paths, args.input.quiet);
    let (mut stats, mut totals) = (Stats::new(), Totals::default());
    pool.install(|| {
        pipeline::run_batch(
            crate::ingest::walk(&args.input.paths),
            &opts,
            |o| {
                totals.add(&o);
                pb.name_failed(&o.row);
                o.records.iter().for_each(|r| stats.add(r));
                Ok::<(), RunError>(())
            },
            || pb.inc(),
        )
    })?;
    pb.finish();
    if let Some(signal) = crate::interrupt::requested() {
        return Err(RunError::Interrupted {
            signal,
            done: format!(
                "{} read before it; nothing written",
                crate::plural::count(totals.files, "file", "files")
            ),
        });
    }
    let tables = stats.tables();
    if let Some(p) = &args.html {
        write_atomic(p, html::render(&tables, stats.cases).as_bytes())?;
    }
    if let Some(p) = &csv {
        write_csv(p, &tables, args.csv_dialect)?;
    }
    Ok(totals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_table() {
        assert!(median(&[]).is_nan());
        assert_eq!(median(&[5]), 5.0);
        assert_eq!(median(&[9, 1, 5]), 5.0);
        assert_eq!(median(&[1, 2, 3, 10]), 2.5);
        assert_eq!(median(&[-4, 2]), -1.0);
    }

    #[test]
    fn format_number_table() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(-1.0), "-1");
        assert_eq!(format_number(f64::NAN), "");
        assert_eq!(format_number_sv(2.5), "2,5");
        assert_eq!(format_number_sv(-1.5), "-1,5");
        assert_eq!(format_number_sv(12.0), "12");
    }
}
