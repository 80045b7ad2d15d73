//! The command line as its three users expect it (issue 14): `-q`, a
//! summary naming every severity, `--json` summaries, `--files-from`,
//! `text` over folders, shell completions and the man page.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn lexsarah() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run with `stdin` fed to the process.
fn run_with_stdin(cmd: &mut Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("waits")
}

fn n(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count in {v}"))
}

/// The number of lines of `cases.jsonl` and of flags in it, by severity.
fn counted(out: &Path) -> (u64, [u64; 3]) {
    let jsonl = std::fs::read_to_string(out.join("cases.jsonl")).expect("cases.jsonl");
    let mut sev = [0; 3];
    let mut cases = 0;
    for l in jsonl.lines() {
        cases += 1;
        let r: Value = serde_json::from_str(l).expect("a JSON line");
        for f in r["flags"].as_array().expect("flags") {
            let i = ["error", "warning", "info"]
                .iter()
                .position(|s| f["severity"] == *s)
                .expect("a known severity");
            sev[i] += 1;
        }
    }
    (cases, sev)
}

#[test]
fn the_summary_names_every_severity_and_json_parses() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = lexsarah()
        .args(["extract", "samples/text", "--json", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let (cases, [e, w, i]) = counted(&out);
    assert!(
        e > 0 && w > 0 && i > 0,
        "the samples have flags of each kind"
    );
    let line = text(&o.stderr);
    let want = format!(
        "{cases} cases; {} flags ({e} errors, {w} warnings, {i} info)",
        e + w + i
    );
    assert!(line.contains(&want), "want {want:?} in {line:?}");
    // stdout is one JSON object and nothing else.
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON object");
    assert_eq!(v["command"], "extract");
    assert_eq!(n(&v, "cases"), cases);
    assert_eq!(n(&v, "flags"), e + w + i);
    assert_eq!(n(&v["by_severity"], "error"), e);
    assert_eq!(n(&v["by_severity"], "warning"), w);
    assert_eq!(n(&v["by_severity"], "info"), i);
    let rules = v["rules"].as_object().expect("rules");
    assert!(rules.contains_key("ambiguous_date"), "every rule is listed");
    assert_eq!(
        rules.values().map(|c| c.as_u64().unwrap()).sum::<u64>(),
        e + w + i
    );
    assert_eq!(n(&v, "exit_code"), 0);
    assert_eq!(v["files_failed"].as_array().map(Vec::len), Some(0));

    // `check --json`: the same flags, the exit code it exits with, and the
    // failed files by name.
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        "samples/text/amn-2019-0289-mailutskick.txt",
        input.join("a.txt"),
    )
    .unwrap();
    std::fs::write(input.join("b.pdf"), b"not a pdf at all").unwrap();
    let o = lexsarah()
        .args(["check", "--json"])
        .arg(&input)
        .output()
        .unwrap();
    let v: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o.stdout)));
    assert_eq!(v["command"], "check");
    assert_eq!(Some(n(&v, "exit_code") as i32), o.status.code());
    assert_eq!(o.status.code(), Some(2), "an unreadable file is an error");
    let failed = v["files_failed"].as_array().expect("files_failed");
    assert_eq!(failed.len(), 1, "{v}");
    assert!(failed[0]["path"].as_str().unwrap().ends_with("b.pdf"));
    assert!(v.get("flags").is_none(), "the summary, not every flag");
    assert_eq!(n(&v, "cases"), 1);
    let sum: u64 = v["by_severity"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert!(sum > 0, "{v}");
}

#[test]
fn quiet_silences_the_summary_on_every_batch_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let html = dir.path().join("s.html");
    let runs: [Vec<&str>; 3] = [
        vec!["extract", "samples/text", "-q", "-o", out.to_str().unwrap()],
        vec!["check", "samples/text", "-q", "--fail-on", "error"],
        vec![
            "stats",
            "samples/text",
            "--quiet",
            "--html",
            html.to_str().unwrap(),
        ],
    ];
    for args in runs {
        let loud = lexsarah()
            .args(args.iter().filter(|a| !["-q", "--quiet"].contains(*a)))
            .output()
            .unwrap();
        let o = lexsarah().args(&args).output().unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 2), "{args:?}: {o:?}");
        assert_eq!(text(&o.stderr), "", "{args:?}");
        assert_eq!(text(&o.stdout), "", "{args:?}");
        // Without it the same run says what it did.
        assert!(
            !loud.stderr.is_empty() || !loud.stdout.is_empty(),
            "{args:?}: without -q a summary is printed"
        );
        assert_eq!(o.status.code(), loud.status.code(), "{args:?}");
    }
    // A file that cannot be read is still named under -q.
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("x.pdf"), b"nope").unwrap();
    let o = lexsarah()
        .args(["extract", "-q", "-o"])
        .arg(dir.path().join("o2"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("x.pdf"), "{o:?}");
}

/// `check` names each file it cannot read on stderr as it meets it, in
/// the shape `extract` uses (`lexsarah: PATH: STAGE: WHY`), in input order
/// whatever the thread count, under `-q` and beside `--json` (stdout stays
/// one JSON object); the other files are still checked, and the exit code
/// says an input failed. The same on a second run, where the unreadable
/// files are unchanged and come from the state; `stats` names them too.
#[test]
fn check_names_each_file_it_cannot_read_on_stderr_as_it_meets_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let sample = "samples/text/amn-2019-0289-mailutskick.txt";
    std::fs::copy(sample, input.join("a.txt")).unwrap();
    std::fs::copy(sample, input.join("z.txt")).unwrap();
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0".repeat(20);
    std::fs::write(input.join("blob.pdf"), &elf).unwrap();
    std::fs::write(input.join("blob.txt"), &elf).unwrap();
    let path = |name: &str| input.join(name).display().to_string();
    let want = [
        format!(
            "lexsarah: {}: pdf: not a PDF: expected the header %PDF- at the start, found binary data (ELF executable)",
            path("blob.pdf")
        ),
        format!(
            "lexsarah: {}: decode: binary data (ELF executable), not text: ",
            path("blob.txt")
        ),
    ];
    let named = |stderr: &[u8], what: &str| {
        let err = text(stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines.len(),
            2,
            "{what}: one line per unreadable file:\n{err}"
        );
        for (line, want) in lines.iter().zip(&want) {
            assert!(
                line.starts_with(want.as_str()),
                "{what}: {line:?}, want {want:?}"
            );
        }
        assert!(!err.contains("\\u{"), "{what}: raw escapes: {err}");
        lines.iter().map(|l| l.to_string()).collect::<Vec<_>>()
    };
    let state = dir.path().join("state.json");
    for run in ["first run", "from the state"] {
        let o = lexsarah()
            .args(["check", "--json", "-q", "--jobs", "2", "--state"])
            .arg(&state)
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{run}: an unreadable file: {o:?}");
        named(&o.stderr, run);
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{run}: {e}: {}", text(&o.stdout)));
        assert_eq!(n(&v, "exit_code"), 2, "{run}");
        assert_eq!(n(&v, "files"), 4, "{run}: {v}");
        assert_eq!(v["files_failed"].as_array().map(Vec::len), Some(2), "{v}");
        assert_eq!(n(&v, "cases"), 2, "{run}: the readable files are checked");
        let unchanged = if run == "first run" { 0 } else { 4 };
        assert_eq!(n(&v, "files_unchanged"), unchanged, "{run}: {v}");
    }
    // Without -q and --json: the summary on stdout, the files on stderr.
    let o = lexsarah()
        .args(["check", "--jobs", "1"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let from_check = named(&o.stderr, "text summary");
    assert!(text(&o.stdout).contains("4 files (2 parsed"), "{o:?}");
    // The lines are extract's, word for word.
    let o = lexsarah()
        .args(["extract", "-q", "-o"])
        .arg(dir.path().join("out"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(named(&o.stderr, "extract"), from_check);
    let o = lexsarah()
        .args(["stats", "-q", "--html"])
        .arg(dir.path().join("s.html"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(named(&o.stderr, "stats"), from_check);
}

/// Three documents, one with a space and one with a newline in its name.
fn three_documents(dir: &Path) -> Vec<std::path::PathBuf> {
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    let names = [
        input.join("a.txt"),
        input.join("sub/med mellanslag.txt"),
        input.join("rad\nbrytning.txt"),
    ];
    let srcs = [
        "samples/text/amn-2019-0289-mailutskick.txt",
        "samples/text/synthetic/lss-gruppbostad-rapport-utredning-beslut-ivo-anmalan.txt",
        "samples/text/synthetic/socialnamnden-tva-arenden-hvb-ekonomiskt-bistand.txt",
    ];
    for (to, from) in names.iter().zip(srcs) {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("{from}: {e}"));
    }
    names.to_vec()
}

fn files_csv_paths(out: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(out.join("files.csv")).expect("files.csv");
    let mut v: Vec<String> = r
        .records()
        .map(|row| row.expect("a row")[0].to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn files_from_reads_newline_and_nul_lists_from_stdin_and_files() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let docs = three_documents(dir.path());
    // Everything on the command line: what the lists must give.
    let want_out = dir.path().join("want");
    let o = lexsarah()
        .args(["extract", "-q", "-o"])
        .arg(&want_out)
        .args(&docs)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let want = files_csv_paths(&want_out);
    assert_eq!(want.len(), 3);
    let want_cases = std::fs::read(want_out.join("cases.jsonl")).unwrap();

    // NUL-separated on stdin (`find -print0`): every name, the newline one too.
    let mut nul = Vec::new();
    for d in &docs {
        nul.extend_from_slice(d.as_os_str().as_bytes());
        nul.push(0);
    }
    let out = dir.path().join("nul");
    let o = run_with_stdin(
        lexsarah()
            .args(["extract", "-q", "--files-from", "-", "-0", "-o"])
            .arg(&out),
        &nul,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(files_csv_paths(&out), want);
    assert_eq!(std::fs::read(out.join("cases.jsonl")).unwrap(), want_cases);

    // One a line from stdin, CRLF and blank lines tolerated; the name with
    // a newline cannot be in such a list, so it is given on the command line.
    let lines = format!("{}\r\n\n{}\n", docs[0].display(), docs[1].display());
    let out = dir.path().join("lines");
    let o = run_with_stdin(
        lexsarah()
            .args(["extract", "-q", "--files-from", "-", "-o"])
            .arg(&out)
            .arg(&docs[2]),
        lines.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(files_csv_paths(&out), want);

    // A list in a file, read by `check`, counts the same cases.
    let list = dir.path().join("list.txt");
    std::fs::write(&list, &lines).unwrap();
    let o = lexsarah()
        .args(["check", "--json", "--files-from"])
        .arg(&list)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(n(&v, "files"), 2, "{v}");

    // A list naming a missing file: that file is an error row, the run goes on.
    let out = dir.path().join("missing");
    let o = run_with_stdin(
        lexsarah()
            .args(["extract", "-q", "--files-from", "-", "-o"])
            .arg(&out),
        format!("{}\n{}/nope.txt\n", docs[0].display(), dir.path().display()).as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(text(&o.stderr).contains("nope.txt"), "{o:?}");

    // An empty list is bad usage, said as such.
    for (cmd, code) in [("extract", 2), ("check", 3)] {
        let mut c = lexsarah();
        c.args([cmd, "--files-from", "-"]);
        if cmd == "extract" {
            c.args(["-o"]).arg(dir.path().join("e"));
        }
        let o = run_with_stdin(&mut c, b"\n\n");
        assert_eq!(o.status.code(), Some(code), "{cmd}: {o:?}");
        assert!(text(&o.stderr).contains("holds no paths"), "{o:?}");
    }
    // `-0` without a list is a usage error.
    let o = lexsarah()
        .args(["extract", "-0", "samples/text", "-o"])
        .arg(dir.path().join("z"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

#[test]
fn text_shows_every_document_of_a_folder_headed_by_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let docs = three_documents(dir.path());
    std::fs::write(dir.path().join("in/bild.png"), b"\x89PNG\r\n").unwrap();
    let o = lexsarah()
        .arg("text")
        .arg(dir.path().join("in"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = text(&o.stdout);
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with("==> ")).collect();
    assert_eq!(
        heads.len(),
        3,
        "one heading per document, none for the PNG:\n{heads:?}"
    );
    for d in &docs {
        let name = d
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('\n', "\\n");
        assert!(
            heads.iter().any(|h| h.contains(&name)),
            "{name} has no heading: {heads:?}"
        );
    }
    // Under each heading the document's own numbered lines, from line 1.
    for part in out.split("==> ").skip(1) {
        let first = part.lines().nth(1).expect("a line after the heading");
        assert!(first.trim_start().starts_with("1 p1"), "{first}");
    }
    // Each document's listing is what `text FILE` alone prints.
    let alone = lexsarah().arg("text").arg(&docs[0]).output().unwrap();
    assert_eq!(alone.status.code(), Some(0));
    let alone = text(&alone.stdout);
    assert!(!alone.contains("==> "), "one file is not headed");
    assert!(
        out.contains(&alone),
        "the folder's listing holds the file's"
    );

    // Several paths, one of them unreadable: the others are still shown,
    // the bad one is named, and the exit code is 1.
    std::fs::write(dir.path().join("bad.pdf"), b"not a pdf").unwrap();
    let o = lexsarah()
        .arg("text")
        .arg(&docs[0])
        .arg(dir.path().join("bad.pdf"))
        .arg(&docs[1])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(text(&o.stderr).contains("bad.pdf"), "{o:?}");
    assert_eq!(text(&o.stdout).matches("==> ").count(), 2);

    // The OCR options of extract: a scan copied away from its shipped
    // cache, with the OCR tools hidden, reads through `--ocr-cache` and
    // needs OCR without it.
    let scan = dir.path().join("scan.pdf");
    std::fs::copy("samples/pdf/amn-2019-0289-mailutskick.scan.pdf", &scan).unwrap();
    let no_tools = dir.path().join("no-tools");
    std::fs::create_dir(&no_tools).unwrap();
    let o = lexsarah()
        .args(["text", "--ocr-cache", "samples/ocr-cache"])
        .arg(&scan)
        .env("PATH", &no_tools)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let listing = text(&o.stdout);
    assert!(listing.contains("Jobbtorg"), "{o:?}");
    // The boxes read on the page images are no part of the scan's text:
    // no numbered line holds a box glyph, and each box is a row of its own
    // under its label's line.
    let lines: Vec<&str> = listing.lines().collect();
    assert!(
        !lines
            .iter()
            .any(|l| !l.contains('↳') && (l.contains('☒') || l.contains('☐'))),
        "{listing}"
    );
    let at = lines
        .iter()
        .position(|l| l.contains("↳ ☒ box read on the page image: area \"Jobbtorg\", ticked"))
        .expect("the ticked Jobbtorg box is shown");
    assert!(
        lines[at].trim_start().starts_with("p1") && lines[at - 1].ends_with(" Jobbtorg"),
        "under its label's line: {:?}",
        &lines[at - 1..=at]
    );
    let o = lexsarah()
        .arg("text")
        .arg(&scan)
        .env("PATH", &no_tools)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "no cache, no OCR: {o:?}");
    assert!(text(&o.stderr).contains("scan.pdf"), "{o:?}");
}

/// What bash completes after `words` (the last one being completed), with
/// the script `lexsarah completions bash` prints loaded.
fn bash_completes(script: &Path, words: &[&str]) -> Vec<String> {
    let words_q: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let prog = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _lexsarah lexsarah '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words_q.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let o = Command::new("bash")
        .args(["--norc", "-c", &prog])
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{o:?}");
    text(&o.stdout).lines().map(str::to_string).collect()
}

#[test]
fn completions_for_bash_and_zsh_and_a_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let o = lexsarah().args(["completions", "bash"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let bash = dir.path().join("lexsarah.bash");
    std::fs::write(&bash, &o.stdout).unwrap();
    // Loaded into bash, it completes commands and each command's options.
    let cmds = bash_completes(&bash, &["lexsarah", ""]);
    for c in ["extract", "check", "stats", "text", "completions", "man"] {
        assert!(cmds.iter().any(|w| w == c), "{c} not offered: {cmds:?}");
    }
    assert!(
        !cmds.iter().any(|w| w == "__pdf-worker"),
        "the hidden worker is offered"
    );
    let opts = bash_completes(&bash, &["lexsarah", "extract", "--f"]);
    assert!(opts.iter().any(|w| w == "--files-from"), "{opts:?}");
    let opts = bash_completes(&bash, &["lexsarah", "check", "--"]);
    for want in ["--json", "--quiet", "--state", "--fail-on", "--ocr-cache"] {
        assert!(opts.iter().any(|w| w == want), "{want}: {opts:?}");
    }
    let shells = bash_completes(&bash, &["lexsarah", "completions", ""]);
    assert!(shells.iter().any(|w| w == "zsh"), "{shells:?}");

    let o = lexsarah().args(["completions", "zsh"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let zsh = text(&o.stdout);
    assert!(
        zsh.starts_with("#compdef lexsarah"),
        "{}",
        &zsh[..zsh.len().min(80)]
    );
    for want in ["extract", "--files-from", "--json", "--csv-dialect"] {
        assert!(zsh.contains(want), "{want} missing from the zsh script");
    }
    if crate::tools::present("zsh", &["--version"]) {
        let f = dir.path().join("_lexsarah");
        std::fs::write(&f, &zsh).unwrap();
        let o = Command::new("zsh").arg("-n").arg(&f).output().unwrap();
        assert!(o.status.success(), "zsh -n: {o:?}");
    } else {
        crate::tools::not_run("the zsh syntax check of the zsh completions", "zsh");
    }
    let o = lexsarah().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "an unknown shell is bad usage");

    // The man pages: lexsarah(1) names every command, lexsarah-extract(1)
    // its options; an unknown command is bad usage.
    let o = lexsarah().arg("man").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let man = text(&o.stdout);
    assert!(
        man.contains(".TH lexsarah 1"),
        "{}",
        &man[..man.len().min(200)]
    );
    for c in ["extract", "check", "stats", "text", "completions"] {
        assert!(man.contains(c), "{c} missing from lexsarah(1)");
    }
    let o = lexsarah().args(["man", "extract"]).output().unwrap();
    let man = text(&o.stdout);
    assert!(
        man.contains(".TH lexsarah-extract 1"),
        "{}",
        &man[..man.len().min(200)]
    );
    assert!(man.contains("files\\-from"), "--files-from missing");
    let o = lexsarah().args(["man", "nosuch"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("extract"), "{o:?}");
    if crate::tools::present("man", &["--version"]) {
        let page = dir.path().join("lexsarah-extract.1");
        std::fs::write(&page, man.as_bytes()).unwrap();
        let o = Command::new("man")
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        assert!(o.status.success(), "{o:?}");
        assert!(text(&o.stdout).contains("--files-from"), "{o:?}");
    }
}

#[test]
fn messages_say_what_a_file_holds_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0".repeat(20);
    std::fs::write(input.join("program.pdf"), &elf).unwrap();
    std::fs::write(input.join("program.txt"), &elf).unwrap();
    std::fs::write(input.join("notes.pdf"), "hello, not a pdf\n").unwrap();
    let out = dir.path().join("out");
    let o = lexsarah()
        .args(["extract", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let files = std::fs::read_to_string(out.join("files.csv")).unwrap();
    let stderr = text(&o.stderr);
    for (name, want) in [
        (
            "program.pdf",
            "not a PDF: expected the header %PDF- at the start, found binary data (ELF executable)",
        ),
        (
            "program.txt",
            "decode: binary data (ELF executable), not text",
        ),
        ("notes.pdf", "found text (\"\"hello, not a pdf\"\")"),
    ] {
        let row = files.lines().find(|l| l.contains(name)).expect("a row");
        assert!(row.contains(want), "{row}");
        // Each message on stderr names its file.
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named on stderr: {stderr}"));
        assert!(!line.contains("\\u{"), "raw escapes: {line}");
    }
    assert!(stderr.contains("3 files: 0 read, 3 failed"), "{stderr}");
}

/// Run `lexsarah ARGS` in a pseudo-terminal (`script`), its output (the
/// terminal's bytes, stderr and stdout together) with `\r` as line ends.
fn in_a_terminal(args: &str, path: &str) -> String {
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_lexsarah"));
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("PATH", path)
        // The slow `tesseract` on PATH is the program: keep Tesseract out
        // of the process (ocr_capi) so that it is the one run.
        .env("LEXSARAH_TESSERACT", "cli")
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    text(&o.stdout).replace('\r', "\n")
}

/// The progress bar, as a person at a terminal sees it: drawn from the
/// first moment (before the one slow file is done: `0/1 files`), with a
/// bar of OCR pages while a scan is read, a rate and an ETA; nothing with
/// `-q`, nothing when stderr is not a terminal. The slow OCR is a
/// `tesseract` that takes 1 s a page (and fails), so the test needs only
/// pdftoppm.
#[test]
fn the_progress_bar_shows_at_once_and_counts_ocr_pages_in_a_terminal() {
    if !crate::tools::present("script", &["--version"]) {
        crate::tools::not_run(
            "ux::the progress bar in a pseudo-terminal",
            "script (util-linux)",
        );
        return;
    }
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        crate::tools::not_run("ux::the progress bar over OCR pages", "pdftoppm");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let slow = bin.join("tesseract");
    std::fs::write(
        &slow,
        "#!/bin/sh\n\
         case \"$*\" in *--list-langs*) printf 'List of available languages (1):\\nswe\\n'; exit 0;; esac\n\
         sleep 1\n\
         exit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        "samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.scan.pdf",
        input.join("scan.pdf"),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for cmd in ["extract", "check", "stats"] {
        let tail = match cmd {
            "extract" => format!("-o {}", dir.path().join("out").display()),
            "stats" => format!("--html {}", dir.path().join("s.html").display()),
            _ => String::new(),
        };
        let args = format!("{cmd} --ocr always --jobs 1 {} {tail}", input.display());
        let screen = in_a_terminal(&args, &path);
        assert!(
            screen.contains("0/1 files"),
            "{cmd}: no bar before the file was done:\n{}",
            &screen[..screen.len().min(2000)]
        );
        assert!(
            screen.contains("OCR pages"),
            "{cmd}: no page bar:\n{}",
            &screen[..screen.len().min(2000)]
        );
        assert!(
            screen.contains("/s") && screen.contains("ETA"),
            "{cmd}: no rate or ETA"
        );
        if cmd != "stats" {
            let quiet = in_a_terminal(&format!("{args} -q"), &path);
            assert!(
                !quiet.contains("files") && !quiet.contains("ETA"),
                "{cmd} -q: {quiet}"
            );
        }
    }
    // Not a terminal: no bar, only the summary.
    let o = lexsarah()
        .env("PATH", &path)
        .env("LEXSARAH_TESSERACT", "cli")
        .args(["extract", "--ocr", "always", "-o"])
        .arg(dir.path().join("out2"))
        .arg(&input)
        .output()
        .unwrap();
    let err = text(&o.stderr);
    assert!(!err.contains("ETA") && !err.contains("OCR pages"), "{err}");
    assert!(err.contains("1 file: 0 read, 1 failed"), "{err}");
}
