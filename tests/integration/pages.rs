//! The pages a person opens (issue 14): `report.html` ordered errors
//! first, in Swedish with the codes beside, the new flags marked and the
//! run named at the top; the stats page with a column per month or
//! quarter, axis titles, Swedish labels and the numbers beside each chart;
//! the Excel-dialect stats CSV with decimal commas. Both pages are
//! screenshotted in headless Chromium (installed by `.ci/run`).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn lexsarah() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
}

fn parse(html: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(html, opts).expect("well-formed page")
}

fn text_of(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

/// The width and height of a PNG, from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&png[16..20]), be(&png[20..24])))
}

/// Screenshot `page` in headless Chromium at `w` x `h` into `png`; false
/// (reported as not run) where chromium is missing.
pub fn screenshot(page: &Path, png: &Path, w: u32, h: u32) -> bool {
    if !crate::tools::present("chromium", &["--version"]) {
        crate::tools::not_run(&format!("the screenshot of {}", page.display()), "chromium");
        return false;
    }
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--window-size={w},{h}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(o.status.success(), "{o:?}");
    let bytes = std::fs::read(png).expect("a screenshot");
    assert_eq!(png_size(&bytes), Some((w, h)));
    // A blank page compresses to almost nothing; a drawn one does not.
    assert!(
        bytes.len() > 20_000,
        "{}: {} bytes, blank?",
        png.display(),
        bytes.len()
    );
    if let Ok(keep) = std::env::var("LEXSARAH_SCREENSHOTS") {
        let _ = std::fs::copy(png, Path::new(&keep).join(png.file_name().unwrap()));
    }
    true
}

#[test]
fn report_html_puts_errors_first_marks_new_flags_and_names_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let arkiv = dir.path().join("arkiv");
    std::fs::create_dir(&arkiv).unwrap();
    let first = "skarholmen-2019-286-ivo-anmalan-telefonserver.txt";
    std::fs::copy(Path::new("samples/text").join(first), arkiv.join(first)).unwrap();
    let (state, report) = (dir.path().join("s.state"), dir.path().join("r"));
    let check = || {
        lexsarah()
            .args(["check", "-q", "--state"])
            .arg(&state)
            .arg("--report")
            .arg(&report)
            .arg(&arkiv)
            .output()
            .unwrap()
    };
    check();
    // The night after, the other real documents arrive.
    for e in std::fs::read_dir("samples/text").unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), arkiv.join(e.file_name())).unwrap();
        }
    }
    let o = check();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("report.json")).unwrap())
            .unwrap();
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    let doc = parse(&html);

    // The run at the top: its time, its input, the rules version.
    let run = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("run"))
        .expect("the run's header");
    let run_text = text_of(run);
    let time = run
        .descendants()
        .find(|n| n.tag_name().name() == "time")
        .map(text_of)
        .unwrap_or_default();
    assert!(
        time.len() >= 19 && time.as_bytes()[4] == b'-' && time.as_bytes()[13] == b':',
        "{time}"
    );
    assert!(
        run_text.contains(&arkiv.display().to_string()),
        "{run_text}"
    );
    assert!(
        run_text.contains(json["rules_version"].as_str().unwrap()),
        "{run_text}"
    );
    let h1 = html.find("<h1>").unwrap();
    assert!(
        html.find("id=\"run\"").unwrap() > h1
            && html.find("id=\"run\"").unwrap() < html.find("id=\"totals\"").unwrap()
    );

    // Tables by severity: every error table before every warning table,
    // every warning table before every info table.
    let sevs: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("data-severity"))
        .collect();
    let rank = |s: &str| {
        ["error", "warning", "info"]
            .iter()
            .position(|x| *x == s)
            .unwrap()
    };
    assert!(
        sevs.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{sevs:?}"
    );
    assert_eq!(sevs.first(), Some(&"error"));
    assert!(sevs.contains(&"warning") && sevs.contains(&"info"));
    // Each rule's flags are in the tables of their severity, one row each.
    let rows: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|w| w == "flag"))
        })
        .collect();
    assert_eq!(rows.len(), json["flags"].as_array().unwrap().len());
    for n in &rows {
        let table = n
            .ancestors()
            .find(|a| a.has_attribute("data-severity"))
            .unwrap();
        let sev_cell = text_of(n.children().filter(|c| c.is_element()).nth(1).unwrap());
        let want = match table.attribute("data-severity").unwrap() {
            "error" => "Fel",
            "warning" => "Varning",
            _ => "Information",
        };
        assert_eq!(sev_cell, want, "a Swedish severity in its own table");
    }
    // Swedish rule names with the code beside.
    assert!(
        html.contains("Datum som inte stämmer överens <code>date_mismatch</code>"),
        "rule label"
    );
    // Rules without flags: one line, no heading of their own.
    let empty: Vec<&String> = json["rules"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() == Some(0))
        .map(|(c, _)| c)
        .collect();
    assert!(
        !empty.is_empty(),
        "the samples leave some rules without flags"
    );
    let line = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("no-flags"))
        .map(text_of)
        .expect("the line of rules without flags");
    for c in &empty {
        assert!(line.contains(c.as_str()), "{c} missing from {line}");
        assert!(
            !html.contains(&format!("id=\"rule-{c}-")),
            "{c} has a heading"
        );
    }

    // New flags are marked: every row of the documents that arrived the
    // second night, none of the first one's.
    let mut new = 0;
    for n in &rows {
        let case = text_of(n.children().find(|c| c.is_element()).unwrap());
        let marked = n.attribute("class") == Some("flag new");
        assert_eq!(marked, !case.contains(first), "{case}: marked {marked}");
        assert_eq!(marked, case.starts_with("NY"), "{case}: the mark is shown");
        new += usize::from(marked);
    }
    assert!(new > 0 && new < rows.len(), "{new} of {}", rows.len());
    assert!(json["new_flags"].as_u64().unwrap() > 0);

    let png = dir.path().join("report.png");
    screenshot(&report.join("report.html"), &png, 1400, 1800);
}

#[test]
fn stats_page_has_time_columns_swedish_labels_axis_titles_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("statistik.html");
    let o = lexsarah()
        .args(["stats", "-q", "samples", "--csv-dialect", "excel", "--html"])
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let page = std::fs::read_to_string(&html).unwrap();
    let doc = parse(&page);
    let csv = std::fs::read(html.with_extension("csv")).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let months: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("cases_per_month;") && !l.contains("okänt"))
        .collect();
    let section = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no section {id}"))
    };
    let time = section("cases_per_month");
    let cols = time
        .descendants()
        .filter(|n| n.tag_name().name() == "rect")
        .count();
    let titles = text_of(time);
    // The span from the first month to the last (gaps are zero rows).
    if months.len() <= 24 {
        assert_eq!(cols, months.len(), "a column per month");
        assert!(titles.contains("Månad"), "x axis title");
    } else if months.len() <= 72 {
        assert!(
            cols <= months.len().div_ceil(3) + 1,
            "{cols} columns for {} months",
            months.len()
        );
        assert!(titles.contains("Kvartal"), "x axis title");
    } else {
        assert!(
            cols <= months.len().div_ceil(12) + 1,
            "{cols} columns for {} months",
            months.len()
        );
        assert!(titles.contains("År ("), "x axis title");
    }
    assert!(cols <= 30, "{cols} columns: the chart stays readable");
    assert!(titles.contains("Antal ärenden"), "y axis title");
    let svg = time
        .descendants()
        .find(|n| n.tag_name().name() == "svg")
        .unwrap();
    let h: f64 = svg.attribute("height").unwrap().parse().unwrap();
    let w: f64 = svg.attribute("width").unwrap().parse().unwrap();
    assert!(h <= 400.0 && w <= 1400.0, "the time chart is {w} x {h}");
    // Every chart has its numbers beside it, in a table of the same section.
    for s in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("chart"))
    {
        let pair = s
            .descendants()
            .find(|n| n.attribute("class") == Some("pair"))
            .expect("pair");
        let kinds: Vec<&str> = pair
            .children()
            .filter(|c| c.is_element())
            .map(|c| c.tag_name().name())
            .collect();
        assert_eq!(kinds, ["svg", "table"], "{:?}", s.attribute("id"));
        assert!(text_of(s).contains("Antal") || text_of(s).contains("Dagar"));
    }
    // Swedish labels, codes beside them; no bare code as a chart label.
    let class = text_of(section("cases_per_classification"));
    assert!(
        class.contains("Missförhållande") || class.contains("Risk för missförhållande"),
        "{class}"
    );
    let lead = text_of(section("median_lead_time_days"));
    assert!(lead.contains("Från inkommen rapport till beslut"), "{lead}");
    for chart in doc.descendants().filter(|n| n.tag_name().name() == "svg") {
        for t in chart
            .descendants()
            .filter(|n| n.tag_name().name() == "text")
        {
            let t = text_of(t);
            assert!(
                !t.starts_with("days_") && !t.contains("_missforhallande"),
                "a code as a label: {t}"
            );
        }
    }
    // Excel dialect: decimal commas. Two cases decided 27 and 28 days after
    // their reports came in give a half-day median (27.5) whatever the
    // samples hold.
    let halves = dir.path().join("halves");
    std::fs::create_dir(&halves).unwrap();
    let case = std::fs::read_to_string(
        "samples/text/templates/vasteras-von-hemtjanst-lakemedel-lexsarahrapport.txt",
    )
    .unwrap();
    assert!(case.contains("Beslut fattat: 2022-11-02"));
    std::fs::write(halves.join("a.txt"), &case).unwrap();
    let later = case.replace("Beslut fattat: 2022-11-02", "Beslut fattat: 2022-11-03");
    std::fs::write(halves.join("b.txt"), later).unwrap();
    let o = lexsarah()
        .args(["stats", "-q", "--csv-dialect", "excel", "--csv"])
        .arg(dir.path().join("halves.csv"))
        .arg(&halves)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let csv = std::fs::read_to_string(dir.path().join("halves.csv")).unwrap();
    let decimals: Vec<&str> = csv
        .lines()
        .filter_map(|l| l.rsplit(';').next())
        .filter(|v| v.contains(',') || v.contains('.'))
        .collect();
    assert!(!decimals.is_empty(), "a half-day median: {csv}");
    assert!(
        decimals.iter().all(|v| v.contains(',') && !v.contains('.')),
        "{decimals:?}"
    );
    let o = lexsarah()
        .args(["stats", "-q", "--csv"])
        .arg(dir.path().join("plain.csv"))
        .arg(&halves)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let plain = std::fs::read_to_string(dir.path().join("plain.csv")).unwrap();
    assert!(
        plain
            .lines()
            .any(|l| l.rsplit(',').next().unwrap().contains('.')),
        "RFC 4180 keeps the point"
    );

    let png = dir.path().join("stats.png");
    screenshot(&html, &png, 1400, 2400);
}
