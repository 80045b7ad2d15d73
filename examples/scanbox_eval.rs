//! Evaluate the checkbox reader of scanned pages against the boxes of the
//! documents' text dumps, box by box (a developer's tool; no test relies on
//! it).
//!
//! ```sh
//! cargo run --release -j1 --example scanbox_eval -- [--docs DIR] [--cache DIR] [-v] SCAN.pdf…
//! ```
//!
//! Per scan page it renders the page as the pipeline does (`pdftoppm -r 300
//! -gray`, a PGM) and runs Tesseract TSV with each page segmentation mode of
//! `ocr::PSMS` once, keeping the results under the cache folder (default
//! `/tmp/scanbox-cache/<stem>/`, a private speed-up for repeated runs), then
//! runs only the box finding and decision (`ocr_boxes::read_boxes`) on the
//! reading the pipeline would keep. The truth is the dump
//! `DOCS/<stem>.txt`: its area lines, `SoL … LSS …` line and "Det
//! rapporterade utgjorde …" option lines with a box rendering (`<input
//! checked=…>`/`<input type="checkbox"/>`, ☒/☐, OCR-like `~`/`X`/`□`).
//!
//! Boxes are paired in order per kind and key (area name, SoL/LSS, which
//! option), so a two-case file's second form pairs with its second form.
//! Per scan: truth boxes, found (a decision paired with a truth box), right,
//! wrong, undecided, not found (no box or no label found), and spurious
//! (a decision with no truth box). `-v` prints every decision.
//!
//! The pipeline rasterizes every page at `ocr::DPI` (300) whatever the
//! scan's own resolution, so the harness does too: the boxes are judged on
//! the image the pipeline judges. `examples/scanbox_degrade.sh` makes harder
//! scans of text-layer PDFs (150/200/300 dpi, skew, grain, dust, blur,
//! washed-out contrast, strong JPEG) to check that decisions hold beyond the
//! devset; for `samples/pdf/*.text.pdf` pass `--docs samples/text`.

use std::path::{Path, PathBuf};
use std::process::Command;

use lexsarah::ingest::ocr::{self, PSMS};
use lexsarah::ingest::ocr_boxes::{self, BoxDecision};
use lexsarah::ingest::ocr_words;
use lexsarah::ingest::pgm;
use lexsarah::ingest::selection_marks::MarkState;
use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    Ticked,
    Empty,
}

/// (kind, key) of a box: ("area", "Jobbtorg"), ("law", "SoL"), ("option", "risk").
type Key = (&'static str, String);

fn main() {
    let mut args = std::env::args().skip(1);
    let mut docs = PathBuf::from("/work/shared/devset/docs");
    let mut cache = PathBuf::from("/tmp/scanbox-cache");
    let mut verbose = false;
    let mut pdfs = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--docs" => docs = args.next().expect("--docs DIR").into(),
            "--cache" => cache = args.next().expect("--cache DIR").into(),
            "-v" => verbose = true,
            _ => pdfs.push(PathBuf::from(a)),
        }
    }
    let mut total = Counts::default();
    println!(
        "{:<28} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}",
        "scan", "truth", "found", "right", "wrong", "undec", "nofnd", "spur"
    );
    for pdf in &pdfs {
        // `STEM.pdf`, `STEM.scan.pdf`, `STEM.A.pdf` (a degraded copy): the
        // truth is `STEM.txt`, the cache is per file.
        let name = pdf
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("file name")
            .to_string();
        let stem = name.split('.').next().unwrap_or(&name).to_string();
        let truth_text = std::fs::read_to_string(docs.join(format!("{stem}.txt")))
            .unwrap_or_else(|e| panic!("{stem}.txt: {e}"));
        let truth = truth_boxes(&truth_text);
        let mut found: Vec<(u32, BoxDecision)> = Vec::new();
        for page in 1..=page_count(pdf) {
            let dir = cache.join(&name);
            for d in read_page(pdf, page, &dir) {
                found.push((page, d));
            }
        }
        let c = compare(&name, &truth, &found, verbose);
        println!(
            "{:<28} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}",
            name, c.truth, c.found, c.right, c.wrong, c.undecided, c.not_found, c.spurious
        );
        total.add(&c);
    }
    let c = total;
    println!(
        "{:<28} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}",
        "TOTAL", c.truth, c.found, c.right, c.wrong, c.undecided, c.not_found, c.spurious
    );
}

#[derive(Debug, Default, Clone)]
struct Counts {
    truth: usize,
    found: usize,
    right: usize,
    wrong: usize,
    undecided: usize,
    not_found: usize,
    spurious: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.truth += o.truth;
        self.found += o.found;
        self.right += o.right;
        self.wrong += o.wrong;
        self.undecided += o.undecided;
        self.not_found += o.not_found;
        self.spurious += o.spurious;
    }
}

fn page_count(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|n| n.trim().parse().expect("n"))
        })
        .expect("Pages:")
}

/// The box decisions of one page, from the cached render and TSV.
fn read_page(pdf: &Path, page: u32, dir: &Path) -> Vec<BoxDecision> {
    std::fs::create_dir_all(dir).expect("cache dir");
    let img_path = dir.join(format!("p{page}.pgm"));
    if !img_path.is_file() {
        let n = page.to_string();
        let ok = Command::new("pdftoppm")
            .args(["-r", &ocr::DPI.to_string(), "-gray", "-singlefile"])
            .args(["-f", &n, "-l", &n])
            .arg(pdf)
            .arg(dir.join(format!("p{page}")))
            .status()
            .expect("pdftoppm")
            .success();
        assert!(ok, "pdftoppm failed on {} page {page}", pdf.display());
    }
    let img = pgm::parse(&std::fs::read(&img_path).expect("pgm")).expect("parses");
    let ink = lexsarah::ingest::ocr_coverage::InkMap::new(&img);
    let mut best: Option<(f32, Vec<Vec<ocr_words::Word>>)> = None;
    for &psm in PSMS {
        if !ocr::wants_another_pass(best.as_ref().map(|b| b.0)) {
            break;
        }
        let tsv_path = dir.join(format!("p{page}.psm{psm}.tsv"));
        if !tsv_path.is_file() {
            let out = Command::new("tesseract")
                .arg(&img_path)
                .arg("-")
                .args(["-l", "swe", "--psm", &psm.to_string()])
                .args(["--dpi", &ocr::DPI.to_string(), "tsv"])
                .env("OMP_THREAD_LIMIT", "1")
                .output()
                .expect("tesseract");
            assert!(out.status.success(), "tesseract failed");
            std::fs::write(&tsv_path, &out.stdout).expect("write tsv");
        }
        let tsv = std::fs::read_to_string(&tsv_path).expect("tsv");
        let lines = ocr_words::lines(&ocr_words::parse_tsv(&tsv));
        let unread = ink.coverage(lines.iter().flatten()).unread_share();
        if ocr::reads_more(best.as_ref().map(|b| b.0), unread) {
            best = Some((unread, lines));
        }
    }
    let mut lines = best.map(|(_, l)| l).unwrap_or_default();
    ocr_boxes::read_boxes(&mut lines, &img)
}

/// Which of the five outcome options a line's text is.
fn option_key(text: &str) -> Option<String> {
    let t = text.to_lowercase();
    let at = t.find("rapporterade")?;
    let t = &t[at..];
    let key = if t.contains("inte") {
        "inte"
    } else if t.contains("risk") && t.contains("allvar") {
        "risk_allvarligt"
    } else if t.contains("allvar") {
        "allvarligt"
    } else if t.contains("risk") {
        "risk"
    } else {
        "missförhållande"
    };
    Some(key.into())
}

const AREA_KEYS: &[(&str, &str)] = &[
    ("Äldreomsorg", r"äldreomsorg\b"),
    ("Funktionsnedsättning", r"funktionsnedsättning"),
    ("Socialpsykiatri", r"socialpsykiatri"),
    ("Vuxen/ Missbruk", r"vuxen\s*/\s*missbruk"),
    ("Barn och ungdom", r"barn och ungdom"),
    ("Ekonomiskt bistånd", r"ekonomiskt bistånd"),
    ("Jobbtorg", r"jobbtorg"),
    (
        "Kvinnojoursverksamhet, härbärgen m.fl.",
        r"kvinnojoursverksamhet",
    ),
];

/// The boxes of a text dump, in order.
fn truth_boxes(text: &str) -> Vec<(Key, Truth)> {
    let tick = r#"<input checked="" type="checkbox"/>|☒|~|X"#;
    let empty = r#"<input type="checkbox"/>|☐|□"#;
    let boxre = Regex::new(&format!("^(?:({tick})|({empty}))$")).expect("re");
    let tok = Regex::new(&format!(r#"(?:{tick}|{empty})|[^\s<]+"#)).expect("re");
    let state = |t: &str| {
        let c = boxre.captures(t)?;
        Some(if c.get(1).is_some() {
            Truth::Ticked
        } else {
            Truth::Empty
        })
    };
    let areas: Vec<(&str, Regex)> = AREA_KEYS
        .iter()
        .map(|(k, p)| (*k, Regex::new(&format!("(?i)^{p}")).expect("re")))
        .collect();
    let mut out = Vec::new();
    for line in text.lines() {
        let toks: Vec<&str> = tok.find_iter(line).map(|m| m.as_str()).collect();
        if toks.is_empty() {
            continue;
        }
        // Area: a box, then the label at the line's start, or the label then a box.
        let (lead, rest) = match state(toks[0]) {
            Some(s) => (Some(s), &toks[1..]),
            None => (None, &toks[..]),
        };
        let rest_text = rest.join(" ");
        if let Some((k, _)) = areas.iter().find(|(_, re)| re.is_match(&rest_text)) {
            let n_words = k.split_whitespace().count();
            let after = rest.get(n_words).and_then(|t| state(t));
            if let Some(s) = lead.or(after) {
                out.push((("area", k.to_string()), s));
            }
            continue;
        }
        if let Some(k) = option_key(&rest_text)
            && rest_text.to_lowercase().starts_with("det rapporterade")
        {
            if let Some(s) = lead {
                out.push((("option", k), s));
            }
            continue;
        }
        // SoL/LSS: labels and boxes in order.
        if line.contains("kap") || line.contains('§') {
            continue;
        }
        let Some(i) = toks.iter().position(|t| *t == "SoL") else {
            continue;
        };
        let seq = &toks[i..];
        let boxes: Vec<Truth> = seq.iter().filter_map(|t| state(t)).collect();
        if boxes.len() != 2 || !seq.contains(&"LSS") {
            continue;
        }
        out.push((("law", "SoL".into()), boxes[0]));
        out.push((("law", "LSS".into()), boxes[1]));
    }
    out
}

fn key_of(d: &BoxDecision) -> Key {
    if d.label == "SoL" || d.label == "LSS" {
        return ("law", d.label.clone());
    }
    if d.label.to_lowercase().contains("rapporterade")
        && let Some(k) = option_key(&d.label)
    {
        return ("option", k);
    }
    ("area", d.label.clone())
}

fn compare(
    stem: &str,
    truth: &[(Key, Truth)],
    found: &[(u32, BoxDecision)],
    verbose: bool,
) -> Counts {
    // Pair truth boxes and decisions in order, by key, as a longest common
    // subsequence: a list OCR lost in one form does not shift the next
    // form's pairs. A label with no box beside it (the option sentence of
    // a decision, a place name in a header) takes no truth box's place.
    let boxed: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].1.rect.is_some())
        .collect();
    let fk: Vec<Key> = boxed.iter().map(|&i| key_of(&found[i].1)).collect();
    let (n, m) = (truth.len(), fk.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if truth[i].0 == fk[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut pair: Vec<Option<usize>> = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if truth[i].0 == fk[j] {
            pair[i] = Some(boxed[j]);
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let mut used = vec![false; found.len()];
    let mut c = Counts::default();
    for ((key, t), pick) in truth.iter().zip(pair) {
        c.truth += 1;
        let Some(i) = pick else {
            c.not_found += 1;
            if verbose {
                println!("  {stem} {key:?}: truth {t:?}, no label found");
            }
            continue;
        };
        used[i] = true;
        let (page, d) = &found[i];
        let verdict = match (d.state, t) {
            (None, _) => {
                c.not_found += 1;
                "NO BOX"
            }
            (Some(MarkState::Undecided), _) => {
                c.found += 1;
                c.undecided += 1;
                "undecided"
            }
            (Some(MarkState::Ticked), Truth::Ticked) | (Some(MarkState::Empty), Truth::Empty) => {
                c.found += 1;
                c.right += 1;
                "ok"
            }
            _ => {
                c.found += 1;
                c.wrong += 1;
                "WRONG"
            }
        };
        if verbose {
            println!(
                "  {stem} p{page} {key:?}: truth {t:?} got {:?} ink {:.3} conf {:.2} {verdict} box {:?} label h {} {}",
                d.state,
                d.ink.unwrap_or(f32::NAN),
                d.confidence,
                d.rect.map(|r| (r.x, r.y, r.w, r.h)),
                d.label_rect.h,
                d.reason.as_deref().unwrap_or("")
            );
        }
    }
    for (i, (page, d)) in found.iter().enumerate() {
        if !used[i] && d.state.is_some() {
            c.spurious += 1;
            if verbose {
                println!(
                    "  {stem} p{page} {:?}: no truth box, got {:?} ink {:.3} box {:?} label h {}",
                    key_of(d),
                    d.state,
                    d.ink.unwrap_or(f32::NAN),
                    d.rect.map(|r| (r.w, r.h)),
                    d.label_rect.h
                );
            }
        }
    }
    c
}
