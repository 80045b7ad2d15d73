//! Generate a synthetic corpus of lex Sarah text dumps for benchmarks and
//! soak runs: `N` documents in `OUT/NNN/` (1 000 per folder), each one of the
//! bundled samples (`samples/text`, real and synthetic) with its values
//! varied, deterministic from a seed.
//!
//! ```sh
//! cargo run --release --example gencorpus -- OUT N [SEED]
//! ```
//!
//! Per document: every date is shifted by the same whole number of weeks
//! (so written weekdays stay true and the chronology keeps its order),
//! people's names are swapped for others (consistently within the
//! document), diarienummer serials are renumbered, and the ticked areas of
//! activity are redrawn. A Windows-1252 sample stays Windows-1252.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use regex::{Captures, Regex};

/// A small deterministic generator (xorshift64*), so no `rand` dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Names as written in the samples (reporters, investigators, deciders).
const SAMPLE_NAMES: &[&str] = &[
    "Merike Kaugesaar",
    "Karina Uddén",
    "Linda Truvered",
    "Jasmin Melin",
    "Cecilia Broberg",
    "Marie Björklöf",
    "Cajsa Augustsson Werr",
    "Carin Nyh",
    "Gunilla Ahlberg",
    "Rebecka Lund",
    "Malin Åström",
    "Maria Holmgren",
    "Stefan Ek",
    "Eleni Papadopoulos",
    "Jonas Wallin",
    "Ahmed Hassan",
    "Lena Bergqvist",
    "Anders Pettersson",
    "Birgitta Lundh",
    "Helena Wikström",
    "Linnea Karlsson",
    "Henrik Sundqvist",
    "Ida Nyström",
    "Sofia Berglund",
    "Erik Dahlgren",
    "Tomas Lindberg",
    "Sanna Holm",
    "Mats Lindahl",
    "Jenny Åkesson",
    "Hanna Eriksson",
    "Karin Sjöberg",
    "Per-Olof Haraldsson",
    "Johanna Lindqvist",
    "Johan Lindgren",
    "Oskar Nilsson",
    "Annika Strand",
    "Lina Forsberg",
    "Fatima Yilmaz",
    "Camilla Järvinen",
    "Yvonne Carlsson",
    "Peter Sandberg",
];

const FIRST: &[&str] = &[
    "Anna", "Eva", "Maria", "Karin", "Sara", "Åsa", "Ulla", "Birgitta", "Elin", "Sofie", "Lars",
    "Mikael", "Johan", "Björn", "Örjan", "Nils", "Ali", "Omar", "Leila", "Mirja", "Kerstin",
    "Göran", "Ebba", "Ingrid",
];
const LAST: &[&str] = &[
    "Andersson",
    "Johansson",
    "Svensson",
    "Gustafsson",
    "Öberg",
    "Ström",
    "Lundström",
    "Bäckman",
    "Hedlund",
    "Sjögren",
    "Engström",
    "Nordin",
    "Virtanen",
    "Kaya",
    "Ahmadi",
    "Håkansson",
    "Lööf",
    "Falk",
    "Wiklund",
];

/// Canonical area labels as the forms print them, for re-ticking.
const AREA_LABELS: &[&str] = &[
    "Äldreomsorg",
    "Funktionsnedsättning",
    "Socialpsykiatri",
    "Vuxen/ Missbruk",
    "Vuxen/Missbruk",
    "Barn och ungdom",
    "Ekonomiskt bistånd",
    "Jobbtorg",
    "Kvinnojoursverksamhet",
];

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d\d)( ?- ?)(\d\d)( ?- ?)(\d\d)\b").expect("fixed pattern")
});
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:(?:19|20)(\d{6})|(\d{6}))\b").expect("fixed pattern"));
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(:e|:a)? (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)(?: ((?:19|20)\d\d))?\b")
        .expect("fixed pattern")
});
static SLASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[\s(])(\d{1,2})/(\d{1,2})(?:/(\d{2}))?\b").expect("fixed pattern")
});
static DNR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-ZÅÄÖ]{2,6} ?(?:19|20)\d\d-)(\d{3,4})\b").expect("fixed pattern")
});
static INPUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<input (?:checked="" )?type="checkbox"/>|[☐☒]"#).expect("fixed pattern")
});

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gencorpus OUT N [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let templates = load_templates(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/text"));
    let mut rng = Rng::new(seed);
    let mut bytes_total = 0usize;
    for k in 0..n {
        let (name, text, cp1252) = &templates[rng.below(templates.len())];
        let doc = vary(text, &mut rng);
        let bytes = if *cp1252 {
            encoding_rs::WINDOWS_1252.encode(&doc).0.into_owned()
        } else {
            doc.into_bytes()
        };
        let dir = PathBuf::from(out).join(format!("{:03}", k / 1000));
        std::fs::create_dir_all(&dir).expect("output folder can be created");
        let path = dir.join(format!("doc-{k:06}-{name}"));
        std::fs::write(&path, &bytes).expect("output file can be written");
        bytes_total += bytes.len();
    }
    eprintln!("gencorpus: {n} documents, {bytes_total} bytes in {out} (seed {seed})");
}

/// Every `.txt` under `dir`, sorted: (file name, text, was Windows-1252).
fn load_templates(dir: PathBuf) -> Vec<(String, String, bool)> {
    let mut paths: Vec<PathBuf> = walk(&dir);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("sample readable");
            let name = p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            match String::from_utf8(bytes) {
                Ok(s) => (name, s, false),
                Err(e) => {
                    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(e.as_bytes());
                    (name, s.into_owned(), true)
                }
            }
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("samples folder readable") {
        let p = e.expect("entry readable").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    out
}

/// One varied copy of a template.
fn vary(text: &str, rng: &mut Rng) -> String {
    let weeks = rng.below(301) as i64 - 150;
    let shift = (weeks * 7).days();
    let text = shift_dates(text, shift);
    let text = swap_names(&text, rng);
    let text = renumber_dnr(&text, rng);
    retick_areas(&text, rng)
}

fn shifted(y: i16, m: i8, d: i8, by: Span) -> Option<Date> {
    Date::new(y, m, d).ok()?.checked_add(by).ok()
}

fn shift_dates(text: &str, by: Span) -> String {
    let text = ISO.replace_all(text, |c: &Captures| {
        let (y, m, d) = (
            c[1].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
            c[5].parse().unwrap_or(0),
        );
        match shifted(y, m, d, by) {
            Some(n) => format!(
                "{:04}{}{:02}{}{:02}",
                n.year(),
                &c[2],
                n.month(),
                &c[4],
                n.day()
            ),
            None => c[0].to_string(),
        }
    });
    let text = COMPACT.replace_all(&text, |c: &Captures| {
        let (digits, long) = match (c.get(1), c.get(2)) {
            (Some(m), _) => (m.as_str(), true),
            (None, Some(m)) => (m.as_str(), false),
            _ => return c[0].to_string(),
        };
        let num = |r: std::ops::Range<usize>| digits[r].parse::<i8>().unwrap_or(0);
        let century: i16 = if long {
            c[0][..2].parse().unwrap_or(20)
        } else {
            20
        };
        let y = century * 100 + i16::from(num(0..2));
        if !(2005..=2030).contains(&y) {
            return c[0].to_string();
        }
        match shifted(y, num(2..4), num(4..6), by) {
            Some(n) if long => format!("{:04}{:02}{:02}", n.year(), n.month(), n.day()),
            Some(n) => format!("{:02}{:02}{:02}", n.year() % 100, n.month(), n.day()),
            None => c[0].to_string(),
        }
    });
    let text = NAMED.replace_all(&text, |c: &Captures| {
        let month = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(&c[3]))
            .unwrap_or(0) as i8
            + 1;
        let year = c.get(4).and_then(|y| y.as_str().parse().ok());
        match shifted(year.unwrap_or(2020), month, c[1].parse().unwrap_or(0), by) {
            Some(n) => {
                let name = MONTHS[n.month() as usize - 1];
                let name = if c[3].chars().all(|ch| ch.is_uppercase()) {
                    name.to_uppercase()
                } else {
                    name.to_string()
                };
                let suffix = c.get(2).map_or("", |m| m.as_str());
                match year {
                    Some(_) => format!("{}{suffix} {name} {}", n.day(), n.year()),
                    None => format!("{}{suffix} {name}", n.day()),
                }
            }
            None => c[0].to_string(),
        }
    });
    let text = SLASHED.replace_all(&text, |c: &Captures| {
        let lead = &c[1];
        let year = c.get(4).and_then(|y| y.as_str().parse::<i16>().ok());
        let (m, d) = (c[3].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        match shifted(2000 + year.unwrap_or(20), m, d, by) {
            Some(n) => match year {
                Some(_) => format!("{lead}{}/{}/{:02}", n.day(), n.month(), n.year() % 100),
                None => format!("{lead}{}/{}", n.day(), n.month()),
            },
            None => c[0].to_string(),
        }
    });
    text.into_owned()
}

/// Swap every sample name for a new one: each first and last name part
/// maps to one replacement in the document, in its written case.
fn swap_names(text: &str, rng: &mut Rng) -> String {
    let mut text = text.to_string();
    for full in SAMPLE_NAMES {
        let parts: Vec<&str> = full.split(' ').collect();
        if !text.contains(parts[0]) && !text.contains(&parts[0].to_uppercase()) {
            continue;
        }
        for (i, part) in parts.iter().enumerate() {
            let new = if i == 0 {
                rng.pick(FIRST)
            } else {
                rng.pick(LAST)
            };
            for (old, new) in [
                (part.to_string(), new.to_string()),
                (part.to_uppercase(), new.to_uppercase()),
            ] {
                let re =
                    Regex::new(&format!(r"\b{}\b", regex::escape(&old))).expect("escaped name");
                text = re.replace_all(&text, new.as_str()).into_owned();
            }
        }
    }
    text
}

/// New serials for every `PREFIX YYYY-NNNN`, the same number for the same
/// serial throughout the document.
fn renumber_dnr(text: &str, rng: &mut Rng) -> String {
    let mut map: Vec<(String, String)> = Vec::new();
    DNR.replace_all(text, |c: &Captures| {
        let old = c[2].to_string();
        let new = match map.iter().find(|(o, _)| *o == old) {
            Some((_, n)) => n.clone(),
            None => {
                let n = format!(
                    "{:0width$}",
                    rng.below(10usize.pow(old.len() as u32)),
                    width = old.len()
                );
                map.push((old, n.clone()));
                n
            }
        };
        format!("{}{new}", &c[1])
    })
    .into_owned()
}

/// Redraw which area boxes are ticked: one area, sometimes two.
fn retick_areas(text: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let area_rows: Vec<usize> = (0..lines.len())
        .filter(|&i| INPUT.is_match(lines[i]) && AREA_LABELS.iter().any(|a| lines[i].contains(a)))
        .filter(|&i| INPUT.find_iter(lines[i]).count() == 1)
        .collect();
    if area_rows.len() < 3 {
        return text.to_string();
    }
    let mut ticked = vec![area_rows[rng.below(area_rows.len())]];
    if rng.below(4) == 0 {
        ticked.push(area_rows[rng.below(area_rows.len())]);
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for &i in &area_rows {
        let tick = ticked.contains(&i);
        out[i] = INPUT
            .replace(lines[i], |c: &Captures| {
                let glyph = c[0].starts_with(['☐', '☒']);
                match (glyph, tick) {
                    (true, true) => "☒".to_string(),
                    (true, false) => "☐".to_string(),
                    (false, true) => r#"<input checked="" type="checkbox"/>"#.to_string(),
                    (false, false) => r#"<input type="checkbox"/>"#.to_string(),
                }
            })
            .into_owned();
    }
    out.join("\n")
}
