//! `lexsarah check`: report files, incremental state, exit codes.

use std::path::Path;
use std::process::Command;

fn lexsarah() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
}

fn copy_real_samples(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir("samples/text").unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn run(input: &Path, state: &Path, report: &Path) -> (i32, String) {
    let out = lexsarah()
        .arg("check")
        .arg(input)
        .arg("--state")
        .arg(state)
        .arg("--report")
        .arg(report)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn incremental_runs_parse_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_real_samples(&input);
    let (state, report) = (dir.path().join("state.json"), dir.path().join("rapport"));
    let (code, first) = run(&input, &state, &report);
    assert_eq!(code, 2, "the real samples hold errors:\n{first}");
    assert!(
        first.starts_with("5 files (5 parsed, 0 unchanged"),
        "{first}"
    );
    let report1 = std::fs::read_to_string(report.join("report.json")).unwrap();

    let (code, second) = run(&input, &state, &report);
    assert_eq!(code, 2);
    assert!(
        second.starts_with("5 files (0 parsed, 5 unchanged"),
        "{second}"
    );
    assert!(second.contains("0 new, 0 resolved"), "{second}");
    let report2 = std::fs::read_to_string(report.join("report.json")).unwrap();
    let strip = |s: &str| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        for k in [
            "files_parsed",
            "files_unchanged",
            "new_flags",
            "resolved_flags",
        ] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    };
    assert_eq!(
        strip(&report1),
        strip(&report2),
        "the same report from unchanged files"
    );

    let changed = input.join("amn-2019-0289-mailutskick.txt");
    let text = std::fs::read_to_string(&changed)
        .unwrap()
        .replace("180612", "190612");
    std::fs::write(&changed, text).unwrap();
    let (_, third) = run(&input, &state, &report);
    assert!(
        third.starts_with("5 files (1 parsed, 4 unchanged"),
        "{third}"
    );
    assert!(
        third.contains("0 new, 1 resolved"),
        "the fixed date mismatch is resolved:\n{third}"
    );
}

#[test]
fn corrupt_state_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_real_samples(&input);
    let state = dir.path().join("state.json");
    let run = || {
        lexsarah()
            .arg("check")
            .arg(&input)
            .arg("--state")
            .arg(&state)
            .output()
            .unwrap()
    };
    run();
    // A state file of ours cut short (a full disk, a copy interrupted).
    let good = std::fs::read(&state).unwrap();
    let cut = &good[..good.len() / 3];
    std::fs::write(&state, cut).unwrap();
    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is corrupt"), "{stderr}");
    assert!(
        stderr.contains("state.json.corrupt-1"),
        "the copy is named: {stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("state.json.corrupt-1")).unwrap(),
        cut
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("5 files (5 parsed"));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["files"].as_object().unwrap().len(), 5);
}

#[test]
fn report_html_is_valid_and_lists_every_flag() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r");
    let out = lexsarah()
        .args(["check", "samples/text", "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(out.status.code() == Some(2), "{out:?}");
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("src="),
        "self-contained"
    );
    // Parsed strictly, as XML (the page is written XHTML-compatible).
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc =
        roxmltree::Document::parse_with_options(&html, opts).expect("report.html is well-formed");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("report.json")).unwrap())
            .unwrap();
    let flags = json["flags"].as_array().unwrap();
    let rows: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("flag"))
        .collect();
    assert_eq!(rows.len(), flags.len(), "one row per flag");
    for (code, n) in json["rules"].as_object().unwrap() {
        let table_rows = doc
            .descendants()
            .filter(|t| t.attribute("data-rule") == Some(code.as_str()))
            .flat_map(|t| {
                t.descendants()
                    .filter(|r| r.attribute("class") == Some("flag"))
            })
            .count();
        assert_eq!(table_rows as u64, n.as_u64().unwrap(), "rule {code}");
    }
    for f in flags {
        let msg = f["message"].as_str().unwrap();
        assert!(
            doc.descendants().any(|n| n.text() == Some(msg)),
            "{msg} missing from report.html"
        );
    }
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    std::fs::create_dir_all(&clean).unwrap();
    std::fs::copy(
        "samples/text/skarholmen-2019-286-ivo-anmalan-telefonserver.txt",
        clean.join("a.txt"),
    )
    .unwrap();
    let code = |args: &[&str], p: &Path| {
        lexsarah()
            .arg("check")
            .arg(p)
            .args(args)
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(code(&[], &clean), Some(0), "only info flags: clean");
    let warn = dir.path().join("warn");
    std::fs::create_dir_all(&warn).unwrap();
    std::fs::copy(
        "samples/text/synthetic/jobbtorg-annat-stod-tvetydigt-datum.txt",
        warn.join("a.txt"),
    )
    .unwrap();
    assert_eq!(code(&[], &warn), Some(1), "warnings only");
    assert_eq!(code(&["--fail-on", "error"], &warn), Some(0));
    assert_eq!(code(&[], Path::new("samples/text")), Some(2), "errors");
    assert_eq!(code(&[], Path::new("no-such-dir")), Some(3), "cannot run");
    let file = dir.path().join("f");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(code(&["--report"], &clean).unwrap_or(3), 3, "usage error");
    let st = lexsarah()
        .arg("check")
        .arg(&clean)
        .arg("--report")
        .arg(file.join("r"))
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(3), "unwritable report");
}
