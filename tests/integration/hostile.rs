//! The hostile corpus: every kind of broken input an archive run meets,
//! generated here (no large committed binaries). For each: the run finishes
//! in bounded time, the entry is in files.csv with a status and a message
//! naming the problem, good files beside it still give their records, the
//! exit code tells "some inputs failed" from "all good" and "could not run",
//! and nothing panics.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const GOOD: &str = "samples/text/amn-2019-0289-mailutskick.txt";

fn lexsarah() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
}

fn random_bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

/// Build the corpus; returns the names whose rows are checked below.
fn build(root: &Path) {
    let good = std::fs::read_to_string(GOOD).unwrap();
    let w = |rel: &str, bytes: &[u8]| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    w("good.txt", good.as_bytes());
    w("zero.txt", b"");
    w("zero.pdf", b"");
    w("random.txt", &random_bytes(64 * 1024, 7));
    w("random.pdf", &random_bytes(64 * 1024, 11));
    w("text-named.pdf", good.as_bytes());
    broken_pdfs(root);
    let mut nul = good.clone().into_bytes();
    nul.splice(200..200, b"\0\0\0".iter().copied());
    w("nul.txt", &nul);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(good.encode_utf16().flat_map(|u| u.to_le_bytes()));
    w("utf16.txt", &utf16);
    let crlf = good.replace('\n', "\r\n");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&crlf);
    w("cp1252-crlf.txt", &cp1252);
    w("mac-cr.txt", good.replace('\n', "\r").as_bytes());
    w("one-line-25mb.txt", &vec![b'a'; 25 * 1024 * 1024]);
    w("many-cases.txt", good.repeat(300).as_bytes());
    let deep: PathBuf = (0..60).map(|i| format!("d{i}")).collect();
    w(&deep.join("deep.txt").to_string_lossy(), good.as_bytes());
    for i in 0..10_000 {
        w(
            &format!("small/{:02}/f{i:05}.txt", i % 100),
            b"Inget att se h\xc3\xa4r.\n",
        );
    }
    w("namn med mellanslag och åäö.txt", good.as_bytes());
    let bad_name = std::ffi::OsStr::from_bytes(b"bad-\xff\xfe-name.txt");
    std::fs::write(root.join(bad_name), good.as_bytes()).unwrap();
    std::os::unix::fs::symlink(".", root.join("loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", root.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("zero-device.txt")).unwrap();
    let fifo = root.join("fifo.txt");
    let st = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(st.success(), "mkfifo");
}

/// Truncated, bit-flipped, encrypted and self-referencing PDFs beside a
/// good text-layer PDF.
fn broken_pdfs(root: &Path) {
    use crate::pdf::{encrypted_pdf, hello_pdf, self_drawing_pdf, self_parent_pdf};
    let good = hello_pdf();
    std::fs::write(root.join("good.pdf"), &good).unwrap();
    std::fs::write(root.join("truncated.pdf"), &good[..good.len() / 2]).unwrap();
    let mut flipped =
        std::fs::read("samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.text.pdf")
            .unwrap();
    for (i, b) in random_bytes(64, 3).iter().enumerate() {
        let at = 9 + (i * 7919 + *b as usize * 131) % (flipped.len() - 9);
        flipped[at] ^= 1 << (b % 8);
    }
    std::fs::write(root.join("bit-flipped.pdf"), flipped).unwrap();
    std::fs::write(root.join("encrypted.pdf"), encrypted_pdf()).unwrap();
    std::fs::write(root.join("self-referencing.pdf"), self_parent_pdf()).unwrap();
    std::fs::write(root.join("self-drawing.pdf"), self_drawing_pdf()).unwrap();
}

#[test]
fn hostile_corpus_is_read_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    build(&root);
    let out = dir.path().join("out");
    let started = Instant::now();
    let st = lexsarah()
        .arg("extract")
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&st.stderr);
    assert_eq!(st.status.code(), Some(1), "some inputs failed: {stderr}");
    assert!(!stderr.contains("panicked"), "a panic escaped: {stderr}");
    assert!(took < Duration::from_secs(90), "took {took:?}");
    let files = std::fs::read_to_string(out.join("files.csv")).unwrap();
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(files.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    // path, sha256, format, pages, cases, status, message → "cases,status,message"
    let row = |name: &str| -> String {
        let r = rows
            .iter()
            .find(|r| r[0].contains(name))
            .unwrap_or_else(|| panic!("{name} missing from files.csv"));
        format!(",{},{},{}", r[4], r[5], r[6])
    };
    let cases: &[(&str, &str)] = &[
        ("/good.txt", ",1,ok,"),
        ("zero.txt", ",0,ok,empty"),
        ("zero.pdf", ",error,pdf: not a PDF"),
        ("random.txt", ",error,decode: binary data"),
        ("random.pdf", ",error,pdf: not a PDF"),
        ("text-named.pdf", ",error,pdf: not a PDF"),
        ("good.pdf", ",0,ok,"),
        ("truncated.pdf", ",error,pdf: "),
        ("encrypted.pdf", ",error,pdf: the PDF is encrypted"),
        ("self-referencing.pdf", ",error,pdf: "),
        ("self-drawing.pdf", ",error,pdf: "),
        // Either still readable or an error row; listed, never a crash.
        ("bit-flipped.pdf", ","),
        ("nul.txt", "NUL bytes removed"),
        ("utf16.txt", ",1,ok,"),
        ("cp1252-crlf.txt", "decoded as Windows-1252"),
        ("mac-cr.txt", ",1,ok,"),
        ("one-line-25mb.txt", ",0,ok,no lex Sarah case found"),
        ("many-cases.txt", ",300,ok,"),
        ("deep.txt", ",1,ok,"),
        ("f09999.txt", ",0,ok,"),
        ("mellanslag och åäö.txt", ",1,ok,"),
        ("bad-", ",1,ok,"),
        ("/loop", ",error,symbolic link loop"),
        ("dangling.txt", ",error,dangling symbolic link"),
        ("zero-device.txt", ",skipped,a character device"),
        ("fifo.txt", ",skipped,a FIFO"),
    ];
    for (name, want) in cases {
        let r = row(name);
        assert!(r.contains(want), "{name}: expected {want:?} in {r:?}");
    }
    // 10 000 small files + the rest, each listed once.
    assert_eq!(
        rows.len(),
        10_000 + cases.len() - 1,
        "every entry listed once"
    );
    let jsonl = std::fs::read_to_string(out.join("cases.jsonl")).unwrap();
    let cp1252 = jsonl
        .lines()
        .find(|l| l.contains("cp1252-crlf.txt#1"))
        .expect("cp1252 record");
    assert!(
        cp1252.contains("Biträdande enhetschef"),
        "å ä ö survive Windows-1252"
    );
}

#[test]
fn files_that_vanish_or_change_kind_during_the_run_are_errors() {
    use lexsarah::ingest::{self, ReadOptions};
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(GOOD, dir.path().join("a.txt")).unwrap();
    std::fs::copy(GOOD, dir.path().join("b.txt")).unwrap();
    std::fs::copy(GOOD, dir.path().join("c.txt")).unwrap();
    let entries = ingest::discover(&[dir.path().to_path_buf()]);
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    std::fs::remove_file(dir.path().join("b.txt")).unwrap();
    std::fs::create_dir(dir.path().join("b.txt")).unwrap();
    let opts = ReadOptions::default();
    let rows: Vec<_> = entries
        .iter()
        .map(|e| lexsarah::pipeline::process_one(e, &opts))
        .collect();
    assert!(
        rows[0].row.message.contains("could not read the file"),
        "{:?}",
        rows[0].row
    );
    assert_eq!(rows[0].row.status, lexsarah::model::FileStatus::Error);
    assert_eq!(
        rows[1].row.status,
        lexsarah::model::FileStatus::Error,
        "{:?}",
        rows[1].row
    );
    assert_eq!(
        rows[2].records.len(),
        1,
        "the good file still gives its record"
    );
}

#[test]
fn unwritable_output_could_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let st = lexsarah()
        .args(["extract", GOOD, "-o"])
        .arg(file.join("out"))
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&st.stderr).contains("not-a-dir"));
}

#[test]
fn killed_run_leaves_previous_outputs_intact() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let good = std::fs::read(GOOD).unwrap();
    for i in 0..400 {
        let mut f = std::fs::File::create(input.join(format!("f{i:04}.txt"))).unwrap();
        f.write_all(&good).unwrap();
    }
    let out = dir.path().join("out");
    let st = lexsarah()
        .args(["extract", GOOD, "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let before: Vec<Vec<u8>> = ["cases.jsonl", "files.csv"]
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    for delay_ms in [50, 150, 400] {
        let mut child = lexsarah()
            .arg("extract")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .arg("--quiet")
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let after: Vec<Vec<u8>> = ["cases.jsonl", "files.csv"]
            .iter()
            .map(|f| std::fs::read(out.join(f)).unwrap())
            .collect();
        // Either the old outputs, or (if the run finished first) complete new ones.
        let complete = String::from_utf8_lossy(&after[1]).lines().count() == 401;
        assert!(
            after == before || complete,
            "half-written output after SIGKILL at {delay_ms} ms"
        );
    }
    let st = lexsarah()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .status()
        .unwrap();
    assert!(st.success());
    let files = std::fs::read_to_string(out.join("files.csv")).unwrap();
    assert_eq!(files.lines().count(), 401);
    let stale = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".lexsarah-tmp"))
        .count();
    assert_eq!(stale, 0, "temporaries of killed runs are cleaned up");
}
