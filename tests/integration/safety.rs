//! Issue 11's table, a row a test: nothing the tool did not write is
//! overwritten, paths are kept losslessly, ids are unique whatever the roots,
//! an unmounted archive is never a clean night, a missing root does not stop
//! the others, a wrong output path stops the run before its work, a closed
//! pipe is no error.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn lexsarah() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
}

const SAMPLE: &str = "samples/text/amn-2019-0289-mailutskick.txt";

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `lexsarah check INPUT --state STATE`, run to its end.
fn check_state(input: &Path, state: &Path) -> Output {
    lexsarah()
        .arg("check")
        .arg(input)
        .arg("--state")
        .arg(state)
        .output()
        .unwrap()
}

fn archive_with_samples(dir: &Path) -> std::path::PathBuf {
    let a = dir.join("arkiv");
    std::fs::create_dir_all(&a).unwrap();
    for name in [
        "amn-2019-0289-mailutskick.txt",
        "skarholmen-2019-286-ivo-anmalan-telefonserver.txt",
    ] {
        std::fs::copy(Path::new("samples/text").join(name), a.join(name)).unwrap();
    }
    a
}

/// `check arkiv --state arkiv.db`: the SQLite archive named by mistake is
/// refused (exit 3) and not one byte of it changes.
#[test]
fn a_state_path_holding_another_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    let db = dir.path().join("arkiv.db");
    let st = lexsarah()
        .arg("extract")
        .arg(&arkiv)
        .arg("--quiet")
        .arg("--sqlite")
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(code(&st), 0, "{st:?}");
    let before = std::fs::read(&db).unwrap();
    let o = check_state(&arkiv, &db);
    assert_eq!(code(&o), 3, "{o:?}");
    let err = text(&o.stderr);
    assert!(
        err.contains("arkiv.db") && err.contains("not a lexsarah state file"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the archive was changed"
    );
}

/// Two files whose names are not UTF-8 (`r-\xE5.txt`, `r-\xC5.txt`) stay
/// two files: two rows, two ids, two state entries, and a second night
/// reports no new flag.
#[test]
fn names_that_are_not_utf8_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let doc = std::fs::read(SAMPLE).unwrap();
    for b in [0xE5u8, 0xC5] {
        let bytes = [b'r', b'-', b, b'.', b't', b'x', b't'];
        std::fs::write(input.join(std::ffi::OsStr::from_bytes(&bytes)), &doc).unwrap();
    }
    let out = dir.path().join("out");
    let o = lexsarah()
        .arg("extract")
        .arg(&input)
        .args(["--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{o:?}");
    let files = std::fs::read_to_string(out.join("files.csv")).unwrap();
    assert!(
        files.contains(r"r-\xC5.txt") && files.contains(r"r-\xE5.txt"),
        "{files}"
    );
    let ids: Vec<String> = std::fs::read_to_string(out.join("cases.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "{ids:?}");
    let state = dir.path().join("n.state");
    let night = || check_state(&input, &state);
    night();
    let second = text(&night().stdout);
    assert!(second.contains("0 parsed, 2 unchanged"), "{second}");
    assert!(second.contains("0 new, 0 resolved"), "{second}");
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(saved["files"].as_object().unwrap().len(), 2);
}

/// `extract ark/2019 ark/2020/rapport.txt`: two files of one name under
/// two roots get two ids.
#[test]
fn case_ids_are_unique_whatever_roots_are_given() {
    let dir = tempfile::tempdir().unwrap();
    let ark = dir.path().join("ark");
    for year in ["2019", "2020"] {
        std::fs::create_dir_all(ark.join(year)).unwrap();
        std::fs::copy(SAMPLE, ark.join(year).join("rapport.txt")).unwrap();
    }
    let out = dir.path().join("out");
    let o = lexsarah()
        .arg("extract")
        .arg(ark.join("2019"))
        .arg(ark.join("2020/rapport.txt"))
        .args(["--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{o:?}");
    let ids: Vec<String> = std::fs::read_to_string(out.join("cases.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["2019/rapport.txt#1", "2020/rapport.txt#1"]);
}

/// An archive folder that is empty (unmounted) while the state remembers
/// its documents: exit 3, the state unchanged, no flag resolved; when the
/// files come back nothing is "new".
#[test]
fn an_empty_archive_is_not_a_clean_night() {
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    let state = dir.path().join("n.state");
    let night = || check_state(&arkiv, &state);
    night();
    let before = std::fs::read(&state).unwrap();
    let aside = dir.path().join("aside");
    std::fs::rename(&arkiv, &aside).unwrap();
    std::fs::create_dir(&arkiv).unwrap();
    let o = night();
    assert_eq!(code(&o), 3, "{o:?}");
    let err = text(&o.stderr);
    assert!(
        err.contains("holds no documents") && err.contains("remembers 2"),
        "{err}"
    );
    assert_eq!(std::fs::read(&state).unwrap(), before, "the state changed");
    std::fs::remove_dir(&arkiv).unwrap();
    std::fs::rename(&aside, &arkiv).unwrap();
    let back = text(&night().stdout);
    assert!(back.contains("0 new, 0 resolved"), "{back}");
}

/// `check arkiv`, `check ./arkiv`, `check /abs/arkiv` with one state: the
/// same files, parsed once.
#[test]
fn one_archive_by_any_path_is_one_state() {
    let dir = tempfile::tempdir().unwrap();
    archive_with_samples(dir.path());
    let state = dir.path().join("n.state");
    let abs = dir.path().join("arkiv");
    let mut outs = Vec::new();
    for root in ["arkiv", "./arkiv", abs.to_str().unwrap(), "arkiv/"] {
        let o = lexsarah()
            .current_dir(dir.path())
            .arg("check")
            .arg(root)
            .arg("--state")
            .arg(&state)
            .output()
            .unwrap();
        outs.push(text(&o.stdout));
    }
    assert!(outs[0].starts_with("2 files (2 parsed"), "{}", outs[0]);
    for o in &outs[1..] {
        assert!(o.starts_with("2 files (0 parsed, 2 unchanged"), "{o}");
    }
}

/// `extract good/ /nonexistent -o out`: the good folder's output is
/// written, the missing root named, exit 1.
#[test]
fn a_missing_root_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let good = archive_with_samples(dir.path());
    let missing = dir.path().join("nonexistent");
    let out = dir.path().join("out");
    let o = lexsarah()
        .arg("extract")
        .arg(&good)
        .arg(&missing)
        .args(["--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "{o:?}");
    assert!(
        text(&o.stderr).contains("nonexistent: no such file or folder"),
        "{o:?}"
    );
    let files = std::fs::read_to_string(out.join("files.csv")).unwrap();
    assert_eq!(
        files.lines().filter(|l| l.contains(",ok,")).count(),
        2,
        "{files}"
    );
    assert!(
        files.contains("nonexistent,,,,0,error,no such file or folder"),
        "{files}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("cases.jsonl"))
            .unwrap()
            .lines()
            .count(),
        2
    );
}

/// `check` and `stats` with a report path that cannot be written: the
/// error comes before the work, and names the path.
#[test]
fn an_unwritable_report_path_stops_the_run_before_its_work() {
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    // A file where a folder is needed: no permission trick, so it holds
    // when the tests run as root.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let o = lexsarah()
        .arg("check")
        .arg(&arkiv)
        .arg("--report")
        .arg(blocker.join("r"))
        .output()
        .unwrap();
    assert_eq!(code(&o), 3, "{o:?}");
    assert!(text(&o.stderr).contains("blocker/r"), "{o:?}");
    assert!(o.stdout.is_empty(), "no summary: the work was not done");
    let o = lexsarah()
        .arg("check")
        .arg(&arkiv)
        .arg("--state")
        .arg(blocker.join("n.state"))
        .output()
        .unwrap();
    assert_eq!(code(&o), 3, "{o:?}");
    assert!(o.stdout.is_empty(), "no summary: the work was not done");
    let o = lexsarah()
        .arg("stats")
        .arg(&arkiv)
        .arg("--quiet")
        .arg("--html")
        .arg(blocker.join("s.html"))
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{o:?}");
    let err = text(&o.stderr);
    assert!(
        err.contains("blocker/s.html") && !err.contains("files:"),
        "{err}"
    );
}

/// `lexsarah check … | head -1`: the reader leaves, the run exits with its
/// own code and says nothing of the pipe.
#[test]
fn a_closed_pipe_is_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    let mut child = lexsarah()
        .arg("check")
        .arg(&arkiv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before the summary
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert!(matches!(code(&o), 0..=2), "{o:?}");
}

/// Outputs get 0666 less the umask, as a file any program creates there.
#[test]
fn outputs_have_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    let out = dir.path().join("out");
    let o = lexsarah()
        .arg("extract")
        .arg(&arkiv)
        .args(["--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0);
    let probe = dir.path().join("probe");
    std::fs::File::create(&probe).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for f in ["cases.jsonl", "cases.csv", "flags.csv", "files.csv"] {
        assert_eq!(mode(&out.join(f)), mode(&probe), "{f}");
    }
}

/// Two runs into one output folder (or on one state file): the second fails
/// at once naming the first (exit 2 for extract, 3 for check) and touches
/// nothing; with `--wait` it waits and then runs.
#[test]
fn one_run_at_a_time_per_output_folder_and_state() {
    use lexsarah::output::lock::{RunLock, lock_path};
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join(".lexsarah-tmp-other"), "another run's temporary").unwrap();
    let held = RunLock::acquire(&lock_path(&out, true), &out, false).unwrap();
    let extract = |extra: &[&str]| {
        lexsarah()
            .arg("extract")
            .arg(&arkiv)
            .args(["--quiet", "-o"])
            .arg(&out)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let o = extract(&[]).wait_with_output().unwrap();
    assert_eq!(code(&o), 2, "{o:?}");
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("process {}", std::process::id())),
        "{err}"
    );
    assert!(
        out.join(".lexsarah-tmp-other").exists(),
        "the other run's file was removed"
    );
    assert!(!out.join("cases.csv").exists());
    // --wait: still waiting while the lock is held, done once it is gone.
    let mut waiting = extract(&["--wait"]);
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(waiting.try_wait().unwrap().is_none(), "--wait did not wait");
    drop(held);
    let o = waiting.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{o:?}");
    assert!(out.join("cases.csv").exists());
    // The state file of a nightly check.
    let state = dir.path().join("n.state");
    let _held = RunLock::acquire(&lock_path(&state, false), &state, false).unwrap();
    let o = check_state(&arkiv, &state);
    assert_eq!(code(&o), 3, "{o:?}");
    assert!(text(&o.stderr).contains("n.state"), "{o:?}");
    assert!(!state.exists(), "the state was written");
}

/// An output path that holds somebody else's file (a spreadsheet named
/// cases.csv, a page named report.html) is refused, not one byte changed:
/// exit 2 for extract, 3 for check.
#[test]
fn an_output_path_holding_another_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let theirs = b"Namn;Belopp\r\nAnna;12\r\n";
    std::fs::write(out.join("cases.csv"), theirs).unwrap();
    let o = lexsarah()
        .arg("extract")
        .arg(&arkiv)
        .args(["--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{o:?}");
    assert!(
        text(&o.stderr).contains("cases.csv is not a file lexsarah wrote"),
        "{o:?}"
    );
    assert_eq!(std::fs::read(out.join("cases.csv")).unwrap(), theirs);
    assert!(!out.join("cases.jsonl").exists());
    let report = dir.path().join("r");
    std::fs::create_dir(&report).unwrap();
    let page = b"<html><title>Min sida</title></html>";
    std::fs::write(report.join("report.html"), page).unwrap();
    let o = lexsarah()
        .arg("check")
        .arg(&arkiv)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(code(&o), 3, "{o:?}");
    assert_eq!(std::fs::read(report.join("report.html")).unwrap(), page);
    // Our own outputs are replaced as before.
    std::fs::remove_file(out.join("cases.csv")).unwrap();
    for _ in 0..2 {
        let o = lexsarah()
            .arg("extract")
            .arg(&arkiv)
            .args(["--quiet", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(code(&o), 0, "{o:?}");
    }
}

/// A state from another rules version (another build) is not reused: every
/// file is checked again, and the message says why.
#[test]
fn a_state_from_other_rules_is_not_reused() {
    let dir = tempfile::tempdir().unwrap();
    let arkiv = archive_with_samples(dir.path());
    let state = dir.path().join("n.state");
    let night = || check_state(&arkiv, &state);
    night();
    let mut saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(saved["rules_version"], lexsarah::RULES_VERSION);
    saved["rules_version"] = "0.1.0+rules.older-build".into();
    std::fs::write(&state, serde_json::to_vec(&saved).unwrap()).unwrap();
    let o = night();
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(
        err.contains("was made by rules 0.1.0+rules.older-build"),
        "{err}"
    );
    assert!(out.starts_with("2 files (2 parsed, 0 unchanged"), "{out}");
}

/// The page-image folder of a run killed mid-OCR (`lexsarah-ocr-PID-…`, its
/// process gone) is removed by the next run that reads a scan; a live
/// run's folder stays. Needs tesseract and pdftoppm; reported as not run
/// without them (see `tools.rs`).
#[test]
fn a_killed_runs_ocr_folder_is_swept() {
    if !crate::tools::ocr_or_not_run("safety::a_killed_runs_ocr_folder_is_swept") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    // Above any pid_max: that process is gone.
    let dead = tmp.join("lexsarah-ocr-4194999-x1");
    let live = tmp.join(format!("lexsarah-ocr-{}-x2", std::process::id()));
    for d in [&dead, &live] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("page.pgm"), "P5").unwrap();
    }
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        "samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.scan.pdf",
        input.join("scan.pdf"),
    )
    .unwrap();
    let o = lexsarah()
        .env("TMPDIR", &tmp)
        .arg("extract")
        .arg(&input)
        .args(["--quiet", "--ocr", "always", "-o"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(matches!(code(&o), 0 | 1), "{o:?}");
    assert!(!dead.exists(), "the killed run's folder is still there");
    assert!(live.exists(), "a live run's folder was removed");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "this run left folders behind: {left:?}");
}

/// Tesseract in the process (ocr_capi) keeps the page deadline: with a
/// deadline of 1 s, below what a page of the sample scan takes to read
/// (2-3 s), recognition stops there and the file gets an error row naming
/// the page, and the run goes on to end.
#[test]
fn a_page_deadline_stops_tesseract_in_the_process() {
    if !crate::tools::ocr_or_not_run("safety::a_page_deadline_stops_tesseract_in_the_process") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = lexsarah();
    cmd.env_remove("LEXSARAH_TESSERACT");
    let (o, files) = scan_past_its_deadline(dir.path(), cmd, 1);
    assert!(
        files.contains(": tesseract was stopped after 1 s"),
        "{files}"
    );
    assert!(files.contains("page "), "the error names the page: {files}");
    assert!(!text(&o.stderr).contains("LEAK"), "{o:?}");
}

/// `cmd` (lexsarah with its environment) run over a scan in `dir/in` with
/// OCR forced and a page deadline of `secs`: it must end within a minute
/// with exit code 1 and an error row for the scan; the output and the
/// files.csv text.
fn scan_past_its_deadline(dir: &Path, mut cmd: Command, secs: u32) -> (Output, String) {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        "samples/pdf/amn-2019-0289-mailutskick.scan.pdf",
        input.join("scan.pdf"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let o = cmd
        .arg("extract")
        .arg(&input)
        .args(["--quiet", "--ocr", "always", "--ocr-page-timeout"])
        .arg(secs.to_string())
        .arg("-o")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(code(&o), 1, "{o:?}");
    assert!(took.as_secs() < 60, "the run took {took:?}");
    let files = std::fs::read_to_string(dir.join("out/files.csv")).unwrap();
    assert!(files.contains("scan.pdf"), "{files}");
    (o, files)
}

/// `tesseract` on PATH is a wrapper script that runs its work as a child
/// (as distributions and containers often do) and that child never ends:
/// the page deadline stops the whole process group, the grandchild too, so
/// the run ends soon after the deadline with an error row naming it.
#[test]
fn a_page_deadline_stops_a_wrapped_tesseract_and_its_children() {
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        crate::tools::not_run(
            "safety::a_page_deadline_stops_a_wrapped_tesseract_and_its_children",
            "pdftoppm",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let pids = dir.path().join("pids");
    let wrapper = bin.join("tesseract");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\n\
             case \"$*\" in *--list-langs*) printf 'List of available languages (1):\\nswe\\n'; exit 0;; esac\n\
             sleep 300 &\n\
             echo $! >> '{}'\n\
             wait\n",
            pids.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = lexsarah();
    // The wrapper is the program: Tesseract stays out of the process.
    cmd.env("PATH", path).env("LEXSARAH_TESSERACT", "cli");
    // Long enough for pdftoppm on a loaded machine, far below the
    // wrapper's sleep.
    let (_, files) = scan_past_its_deadline(dir.path(), cmd, 5);
    assert!(files.contains("tesseract was stopped after 5 s"), "{files}");
    let pids = std::fs::read_to_string(&pids).unwrap();
    assert!(!pids.trim().is_empty(), "the wrapper never ran");
    // Each grandchild is gone (or a zombie awaiting a reaper that is not ours).
    for pid in pids.split_whitespace() {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next();
        assert!(
            matches!(state, None | Some("Z") | Some("X")),
            "grandchild {pid} still running: {stat}"
        );
    }
}

/// A one-page PDF with no text whose media box is `w` x `h` points and
/// whose only content is a one-pixel grey image stretched over it (a scan's
/// shape, a bomb's size), with a correct cross-reference table.
fn image_page_pdf(w: u32, h: u32) -> Vec<u8> {
    let content = format!("q {w} 0 0 {h} 0 0 cm /Im0 Do Q");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Contents 4 0 R \
             /Resources << /XObject << /Im0 5 0 R >> >> >>"
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray \
         /BitsPerComponent 8 /Length 1 >>\nstream\n\u{7f}\nendstream"
            .to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        pdf.extend(format!("{off:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

/// A decompression bomb's page (200 x 200 inches, 3.6 billion pixels at
/// 300 dpi) is refused before `pdftoppm` allocates it: the file gets an
/// error row giving its size, the run stays small and goes on to the next
/// file.
#[test]
fn a_bomb_page_is_refused_before_rasterising() {
    if !crate::tools::ocr_or_not_run("safety::a_bomb_page_is_refused_before_rasterising") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("bomb.pdf"), image_page_pdf(14400, 14400)).unwrap();
    std::fs::copy(SAMPLE, input.join("z.txt")).unwrap();
    let o = lexsarah()
        .arg("extract")
        .arg(&input)
        .args(["--quiet", "-o"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "{o:?}");
    let files = std::fs::read_to_string(dir.path().join("out/files.csv")).unwrap();
    let bomb = files.lines().find(|l| l.contains("bomb.pdf")).unwrap();
    assert!(
        bomb.contains(",error,") && bomb.contains("not rasterised"),
        "{bomb}"
    );
    assert!(
        files
            .lines()
            .any(|l| l.contains("z.txt") && l.contains(",ok,")),
        "{files}"
    );
    // The same page at A4 is read (OCR finds nothing on it: no error row).
    std::fs::write(input.join("bomb.pdf"), image_page_pdf(595, 842)).unwrap();
    let o = lexsarah()
        .arg("extract")
        .arg(&input)
        .args(["--quiet", "-o"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let files = std::fs::read_to_string(dir.path().join("out/files.csv")).unwrap();
    assert!(!files.contains("not rasterised"), "{o:?} {files}");
}
