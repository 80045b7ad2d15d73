//! `lexsarah stats`: the page is well-formed HTML with one SVG per chart
//! and no external assets, and its numbers equal those computed here from
//! `cases.csv` of an extract over the same inputs.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use super::analyst::read_csv;

fn run(args: &[&str], paths: &[&Path]) {
    let st = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(0), "{st:?}");
}

fn median(mut d: Vec<f64>) -> String {
    d.sort_by(f64::total_cmp);
    let n = d.len();
    if n == 0 {
        return String::new();
    }
    let m = if n % 2 == 1 {
        d[n / 2]
    } else {
        (d[n / 2 - 1] + d[n / 2]) / 2.0
    };
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

/// (table, key) → value, computed from cases.csv.
fn from_cases_csv(path: &Path) -> BTreeMap<(String, String), String> {
    let rows = read_csv(&std::fs::read(path).unwrap(), b',');
    let h = &rows[0];
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut bump = |t: &str, k: String| *counts.entry((t.to_string(), k)).or_default() += 1;
    let lead_cols: Vec<usize> = h
        .iter()
        .enumerate()
        .filter(|(_, c)| c.starts_with("days_"))
        .map(|(i, _)| i)
        .collect();
    let mut leads: BTreeMap<String, Vec<f64>> =
        lead_cols.iter().map(|&i| (h[i].clone(), vec![])).collect();
    for r in &rows[1..] {
        let (y, m) = (&r[col("observed_year")], &r[col("observed_month")]);
        let month = if y.is_empty() {
            "okänt".to_string()
        } else {
            format!("{y}-{:0>2}", m)
        };
        bump("cases_per_month", month);
        let class = &r[col("classification")];
        bump(
            "cases_per_classification",
            if class.is_empty() {
                "okänt".into()
            } else {
                class.clone()
            },
        );
        let areas: Vec<&str> = r[col("areas")]
            .split('|')
            .filter(|a| !a.is_empty())
            .collect();
        areas
            .iter()
            .for_each(|a| bump("cases_per_area", a.to_string()));
        if areas.is_empty() {
            bump("cases_per_area", "inget område".into());
        }
        for f in r[col("flags")].split('|').filter(|f| !f.is_empty()) {
            bump("flags_per_rule", f.to_string());
        }
        for &i in &lead_cols {
            if let Ok(d) = r[i].parse::<f64>() {
                leads.get_mut(&h[i]).unwrap().push(d);
            }
        }
    }
    let mut out: BTreeMap<(String, String), String> = counts
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    for (k, d) in leads {
        out.insert(("lead_time_cases".into(), k.clone()), d.len().to_string());
        out.insert(("median_lead_time_days".into(), k), median(d));
    }
    out
}

#[test]
fn stats_page_and_csv_match_cases_csv() {
    let dir = tempfile::tempdir().unwrap();
    let input = Path::new("samples/text");
    let (html, out) = (dir.path().join("statistik.html"), dir.path().join("out"));
    run(
        &["stats", "--quiet", "--html", html.to_str().unwrap()],
        &[input],
    );
    run(
        &["extract", "--quiet", "-o", out.to_str().unwrap()],
        &[input],
    );
    let want = from_cases_csv(&out.join("cases.csv"));
    let rows = read_csv(&std::fs::read(html.with_extension("csv")).unwrap(), b',');
    assert_eq!(rows[0], ["table", "key", "value"]);
    let mut got = BTreeMap::new();
    for r in &rows[1..] {
        // Zero rows (months between, rules that never fired) are not in cases.csv.
        if r[2] != "0" {
            got.insert((r[0].clone(), r[1].clone()), r[2].clone());
        }
    }
    let want: BTreeMap<_, _> = want.into_iter().filter(|(_, v)| v != "0").collect();
    assert_eq!(got, want);

    let page = std::fs::read_to_string(&html).unwrap();
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&page, opts).expect("well-formed page");
    let charts: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("chart"))
        .collect();
    let tables: std::collections::BTreeSet<&str> =
        rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(charts.len(), tables.len(), "one chart per table");
    for c in &charts {
        let svgs = c
            .descendants()
            .filter(|n| n.tag_name().name() == "svg")
            .count();
        assert_eq!(svgs, 1, "one SVG in chart {:?}", c.attribute("id"));
    }
    let svgs = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "svg")
        .count();
    assert_eq!(svgs, charts.len());
    for n in doc.descendants() {
        for a in ["src", "href"] {
            assert!(
                n.attribute(a).is_none(),
                "external asset: {a} on {:?}",
                n.tag_name()
            );
        }
    }
    assert!(!page.contains("<script"), "no scripts");
}
