//! Acceptance of `--redact`: the whole pipeline over every sample (and a
//! copy of one named by a personnummer), writing every output there is
//! (CSV, JSONL, SQLite, check report and state). No valid personnummer or
//! samordningsnummer, e-mail address, phone number, or name of a person
//! found in the people fields survives anywhere; dates and diarienummer are
//! untouched. Without `--redact` nothing is masked.

use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;
use serde_json::Value;

const KEY: &str = "integration test key, not a secret";
/// A personnummer put in a file name, as archives do with scans.
const NAMED_BY_PNR: &str = "rapport-19811218-9876.txt";

fn lexsarah(args: &[&str], paths: &[&Path]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .args(args)
        .args(paths)
        .env("LEXSARAH_REDACT_KEY", KEY)
        .output()
        .unwrap()
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let extra = dir.join("in");
    std::fs::create_dir_all(&extra).unwrap();
    std::fs::copy(
        "samples/text/synthetic/vuxen-missbruk-personnummer-samordningsnummer.txt",
        extra.join(NAMED_BY_PNR),
    )
    .unwrap();
    // A personnummer and a samordningsnummer written with a space (never
    // a date mention, and masked like the others).
    let doc = std::fs::read_to_string("samples/text/amn-2019-0289-mailutskick.txt").unwrap();
    let spaced = doc.replacen(
        "\n\n",
        "\n\nDeltagarens personnummer 850312 1231, en anhörigs samordningsnummer 850372 1238.\n\n",
        1,
    );
    std::fs::write(extra.join("mellanslag.txt"), spaced).unwrap();
    vec![PathBuf::from("samples"), extra]
}

/// Every output of one configuration, as text.
fn run_all(dir: &Path, redact: bool) -> (Vec<Value>, String) {
    let paths = inputs(dir);
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let (out, db) = (dir.join("out"), dir.join("archive.db"));
    let (report, state) = (dir.join("report"), dir.join("state.json"));
    let flag = if redact { vec!["--redact"] } else { vec![] };
    let mut args = vec!["extract", "--quiet", "-o", out.to_str().unwrap()];
    args.extend(["--sqlite", db.to_str().unwrap()]);
    args.extend(&flag);
    let st = lexsarah(&args, &paths);
    assert!(matches!(st.status.code(), Some(0 | 1)), "{st:?}");
    let mut args = vec!["check", "--report", report.to_str().unwrap()];
    args.extend(["--state", state.to_str().unwrap()]);
    args.extend(&flag);
    let st = lexsarah(&args, &paths);
    assert!(matches!(st.status.code(), Some(0..=2)), "{st:?}");
    let mut all = String::new();
    for f in lexsarah::output::OUTPUT_FILES {
        all += &std::fs::read_to_string(out.join(f)).unwrap();
    }
    // A page image cannot be masked: the redacted review page has no crops
    // (the plain one has, for the samples' scans, where pdftoppm is).
    let page = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert!(
        !redact || !page.contains("<img"),
        "a crop in a redacted review page"
    );
    for f in [
        report.join("report.json"),
        report.join("report.html"),
        state,
    ] {
        all += &std::fs::read_to_string(f).unwrap();
    }
    all += &dump_sqlite(&db);
    let records = std::fs::read_to_string(out.join("cases.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (records, all)
}

/// Every value of every table, as text.
fn dump_sqlite(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = String::new();
    for t in names {
        let mut q = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = q.column_count();
        let mut rows = q.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                if let rusqlite::types::Value::Text(s) = v {
                    out.push_str(&s);
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn luhn(ten: &[u32]) -> bool {
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                d * 2 / 10 + d * 2 % 10
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Valid personnummer and samordningsnummer in `text`, found independently
/// of the library: 10 or 12 digits, optional - or +, a real month, a day
/// (or day + 60), the Luhn digit.
fn valid_ids(text: &str) -> Vec<String> {
    let re = Regex::new(r"(?:^|[^0-9])((?:19|20|18)?\d{6}[-+ ]?\d{4})(?:$|[^0-9])").unwrap();
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        let s = &c[1];
        let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
        let ten = &d[d.len() - 10..];
        let (month, day) = (ten[2] * 10 + ten[3], ten[4] * 10 + ten[5]);
        let day_ok = (1..=31).contains(&day) || (61..=91).contains(&day);
        if (1..=12).contains(&month) && day_ok && luhn(ten) {
            out.push(s.to_string());
        }
    }
    out
}

/// The names, phone numbers and e-mail addresses of the people fields.
fn people_secrets(records: &[Value]) -> (Vec<String>, Vec<String>) {
    let (mut names, mut literal) = (Vec::new(), Vec::new());
    for r in records {
        for p in ["reporter", "investigator", "decision_maker"] {
            if let Some(n) = r[p]["name"].as_str() {
                names.push(n.to_string());
            }
        }
        for f in ["phone", "email"] {
            if let Some(v) = r["reporter"][f].as_str() {
                literal.push(v.to_string());
            }
        }
    }
    names.sort();
    names.dedup();
    literal.sort();
    literal.dedup();
    (names, literal)
}

fn survivors(all: &str, names: &[String], literal: &[String]) -> Vec<String> {
    let mut found: Vec<String> = valid_ids(all);
    found.extend(literal.iter().filter(|s| all.contains(s.as_str())).cloned());
    let email = Regex::new(r"[\p{L}\p{N}._-]+@[\p{L}\p{N}-]+\.[\p{L}.]+").unwrap();
    found.extend(email.find_iter(all).map(|m| m.as_str().to_string()));
    let phone = Regex::new(r"0\d{1,3}-\d{2,3} ?\d{2} ?\d{2,3}").unwrap();
    found.extend(phone.find_iter(all).map(|m| m.as_str().to_string()));
    for n in names {
        let full = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(n))).unwrap();
        found.extend(full.find(all).map(|m| format!("name {}", m.as_str())));
        for w in n.split([' ', '-']).filter(|w| w.chars().count() >= 2) {
            let cap: String = w
                .chars()
                .take(1)
                .chain(w.chars().skip(1).flat_map(char::to_lowercase))
                .collect();
            let re = Regex::new(&format!(r"\b{}\b", regex::escape(&cap))).unwrap();
            found.extend(
                re.find(all)
                    .map(|m| format!("name word {} of {n}", m.as_str())),
            );
        }
    }
    found.sort();
    found.dedup();
    found
}

const UNTOUCHED: &[&str] = &[
    "/diarienummer",
    "/diarienummer_variants",
    "/observed/date",
    "/observed/end_date",
    "/reported",
    "/received",
    "/investigation_started",
    "/decided",
    "/ivo_notified",
    "/classification",
    "/areas",
];

#[test]
fn redaction_leaves_no_identifier_and_keeps_dates_and_diarienummer() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, plain_all) = run_all(&dir.path().join("plain"), false);
    let (red, red_all) = run_all(&dir.path().join("redacted"), true);
    let (names, literal) = people_secrets(&plain);
    assert!(
        names.len() > 30 && literal.len() > 30,
        "{names:?} {literal:?}"
    );
    // The new sample holds ids; the plain outputs show the file name's.
    assert!(
        plain_all.contains("19811218-9876"),
        "the plain run shows the personnummer"
    );
    // Neither spaced number is a date mention (its birth date would be
    // left in `dates`), in either run.
    for r in plain.iter().chain(&red) {
        for d in r["dates"].as_array().unwrap() {
            let raw = d["raw"].as_str().unwrap();
            assert!(!raw.contains("850312") && !raw.contains("850372"), "{raw}");
        }
    }
    let left = survivors(&red_all, &names, &literal);
    assert!(left.is_empty(), "survived redaction: {left:#?}");
    assert_eq!(plain.len(), red.len());
    for (p, r) in plain.iter().zip(&red) {
        for ptr in UNTOUCHED {
            assert_eq!(p.pointer(ptr), r.pointer(ptr), "{ptr} of {}", p["id"]);
        }
        let dates = |v: &Value| -> Vec<(Value, Value, Value)> {
            v["dates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["raw"].clone(), d["date"].clone(), d["end_date"].clone()))
                .collect()
        };
        assert_eq!(dates(p), dates(r), "dates of {}", p["id"]);
    }
    let name = red[0]["reporter"]["name"].as_str().unwrap();
    assert!(name.starts_with("Person-"), "{name}");
}

#[test]
fn without_redact_nothing_is_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, all) = run_all(dir.path(), false);
    for mask in [
        "Person-",
        "[personnummer]",
        "[samordningsnummer]",
        "[telefon]",
        "[e-post]",
    ] {
        assert!(!all.contains(mask), "{mask} in an unredacted output");
    }
    let (names, literal) = people_secrets(&plain);
    for s in names.iter().chain(&literal) {
        assert!(
            all.contains(s.as_str()),
            "{s} missing from the plain outputs"
        );
    }
}

#[test]
fn pseudonyms_are_stable_across_runs_and_count_per_person() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = run_all(&dir.path().join("a"), true);
    let (b, _) = run_all(&dir.path().join("b"), true);
    let (plain, _) = run_all(&dir.path().join("plain"), false);
    let who = |v: &[Value]| -> Vec<Value> {
        v.iter()
            .map(|r| r["investigator"]["name"].clone())
            .collect()
    };
    assert_eq!(who(&a), who(&b), "same key, same pseudonyms");
    // Two records with the same investigator keep one pseudonym.
    let (p, r) = (who(&plain), who(&a));
    for i in 0..p.len() {
        for j in 0..p.len() {
            if p[i].is_string() && p[j].is_string() {
                let same =
                    p[i].as_str().unwrap().to_lowercase() == p[j].as_str().unwrap().to_lowercase();
                assert_eq!(same, r[i] == r[j], "{} / {}", p[i], p[j]);
            }
        }
    }
}

#[test]
fn redact_without_a_key_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .args(["extract", "samples/text", "--redact", "-o"])
        .arg(dir.path())
        .env_remove("LEXSARAH_REDACT_KEY")
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2), "{st:?}");
    assert!(String::from_utf8_lossy(&st.stderr).contains("LEXSARAH_REDACT_KEY"));
    assert!(!dir.path().join("cases.jsonl").exists(), "nothing written");
}
