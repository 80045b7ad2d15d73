//! Killing a nightly `check --state` at any point: SIGKILL at 20 points
//! spread over a run and SIGINT at 5. Every time the state file and the
//! report are each either the version before or a complete new one (they
//! parse, whole), a SIGINT run says so and exits 130 leaving no temporary
//! behind, and the next run, uninterrupted, reports exactly the flags of a
//! run that was never interrupted.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn check(input: &Path, state: &Path, report: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lexsarah"));
    c.arg("check")
        .arg(input)
        .arg("--state")
        .arg(state)
        .arg("--report")
        .arg(report)
        .args(["--jobs", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// The flags of a report, sorted, as (case, code, lines).
fn flags(report: &Path) -> Vec<(String, String, String)> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(report.join("report.json")).unwrap()).unwrap();
    let mut out: Vec<_> = v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["case_id"].to_string(),
                f["code"].to_string(),
                f["lines"].to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A file that is either absent, the same bytes as before, or a complete
/// JSON document.
fn whole(path: &Path, before: &Option<Vec<u8>>) -> Option<Vec<u8>> {
    let now = std::fs::read(path).ok();
    if let Some(b) = &now
        && Some(b) != before.as_ref()
    {
        serde_json::from_slice::<serde_json::Value>(b)
            .unwrap_or_else(|e| panic!("{} is half-written: {e}", path.display()));
    }
    now
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".lexsarah-tmp-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn killed_checks_leave_old_or_whole_files_and_the_next_run_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("arkiv");
    std::fs::create_dir(&input).unwrap();
    let real = [
        "amn-2019-0289-mailutskick.txt",
        "amn-2019-0712-0710-ofredande-scannat-dokument.txt",
        "amn-2020-0428-ocr-rapport-utredning-beslut.txt",
        "asn-2021-0026-tjansteskrivelse-forlorade-handlingar.txt",
        "skarholmen-2019-286-ivo-anmalan-telefonserver.txt",
    ];
    for i in 0..30 {
        for name in real {
            std::fs::copy(
                Path::new("samples/text").join(name),
                input.join(format!("{i:02}-{name}")),
            )
            .unwrap();
        }
    }
    // The run never interrupted, and how long it takes.
    let (base_state, base_report) = (dir.path().join("base.state"), dir.path().join("base"));
    let t = Instant::now();
    let o = check(&input, &base_state, &base_report).output().unwrap();
    let full = t.elapsed();
    assert!(matches!(o.status.code(), Some(0..=2)), "{o:?}");
    let want = flags(&base_report);
    assert!(!want.is_empty());

    let (state, report) = (dir.path().join("n.state"), dir.path().join("r"));
    let report_json = report.join("report.json");
    let (mut st_before, mut rep_before) = (None, None);
    // Delays spread over the run, past its end too (a kill while the state
    // and report are renamed into place): 20 SIGKILL, then 5 SIGINT.
    let mut seed: u64 = 0x5eed;
    let mut next_delay = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        full.mul_f64(((seed >> 33) % 1100) as f64 / 1000.0)
    };
    let mut stopped_by_sigint = 0;
    for round in 0..25 {
        let sigint = round >= 20;
        // A run on an up-to-date state parses nothing and is over at once:
        // every other round (and each SIGINT one) starts from no state, so
        // the signal lands while files are being checked.
        if sigint || round % 2 == 0 {
            let _ = std::fs::remove_file(&state);
            st_before = None;
        }
        let mut child = check(&input, &state, &report).spawn().unwrap();
        let delay = next_delay();
        std::thread::sleep(if sigint { delay / 2 } else { delay });
        if sigint {
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
        } else {
            let _ = child.kill();
        }
        let o = child.wait_with_output().unwrap();
        st_before = whole(&state, &st_before);
        rep_before = whole(&report_json, &rep_before);
        if sigint {
            let err = String::from_utf8_lossy(&o.stderr);
            match o.status.code() {
                Some(130) => {
                    assert!(err.contains("interrupted by SIGINT"), "{err}");
                    stopped_by_sigint += 1;
                }
                Some(0..=2) => {} // it had finished before the signal
                other => panic!("SIGINT gave {other:?}: {err}"),
            }
            assert!(temporaries(dir.path()).is_empty(), "temporaries left");
            assert!(temporaries(&report).is_empty(), "temporaries left");
        }
    }
    assert!(stopped_by_sigint >= 1, "no SIGINT landed inside a run");
    let o = check(&input, &state, &report).output().unwrap();
    assert!(matches!(o.status.code(), Some(0..=2)), "{o:?}");
    assert_eq!(
        flags(&report),
        want,
        "the flags differ from an uninterrupted run"
    );
    assert!(temporaries(dir.path()).is_empty() && temporaries(&report).is_empty());
}
