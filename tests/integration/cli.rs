//! The command line's contract: the file table lists every entry, exit codes
//! are distinct, output is the same whatever the thread count.

use std::path::Path;
use std::process::Command;

fn lexsarah() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn file_table_lists_every_entry_with_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::copy(
        "samples/text/amn-2019-0289-mailutskick.txt",
        input.join("a.txt"),
    )
    .unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("bild.png"), b"\x89PNG\r\n").unwrap();
    std::os::unix::fs::symlink("..", input.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("does-not-exist.txt", input.join("dangling.txt")).unwrap();
    let out = dir.path().join("out");
    let st = lexsarah()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        st.status.code(),
        Some(1),
        "a dangling link and a loop are failures: {st:?}"
    );
    let files = read(&out.join("files.csv"));
    let row = |name: &str| {
        files
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} missing from files.csv:\n{files}"))
            .to_string()
    };
    assert!(row("a.txt,").contains(",1,ok,"), "{}", row("a.txt,"));
    assert!(
        row("empty.txt").contains(",0,ok,empty"),
        "{}",
        row("empty.txt")
    );
    assert!(row("bild.png").contains(",skipped,"), "{}", row("bild.png"));
    assert!(
        row("loop").contains(",error,symbolic link loop"),
        "{}",
        row("loop")
    );
    assert!(
        row("dangling.txt").contains(",error,dangling symbolic link"),
        "{}",
        row("dangling.txt")
    );
    assert_eq!(read(&out.join("cases.jsonl")).lines().count(), 1);
    let stderr = String::from_utf8_lossy(&st.stderr);
    assert!(stderr.contains("5 files: 2 read, 2 failed"), "{stderr}");
}

#[test]
fn output_is_identical_with_one_and_two_jobs() {
    let dir = tempfile::tempdir().unwrap();
    for jobs in ["1", "2"] {
        let out = dir.path().join(jobs);
        let st = lexsarah()
            .args(["extract", "samples", "--jobs", jobs, "-o"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(st.success() || st.code() == Some(1), "{st:?}");
    }
    for f in ["cases.jsonl", "cases.csv", "flags.csv", "files.csv"] {
        let (a, b) = (
            read(&dir.path().join("1").join(f)),
            read(&dir.path().join("2").join(f)),
        );
        assert!(!a.is_empty(), "{f} is empty");
        assert_eq!(a, b, "{f} differs between --jobs 1 and --jobs 2");
    }
}

#[test]
fn samples_give_six_cases_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The five real documents (samples/text/synthetic/ holds our own).
    let mut real: Vec<_> = std::fs::read_dir("samples/text")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    real.sort();
    assert_eq!(real.len(), 5);
    let st = lexsarah()
        .arg("extract")
        .args(&real)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(0), "{st:?}");
    assert_eq!(read(&out.join("cases.jsonl")).lines().count(), 6);
}

#[test]
fn usage_and_output_errors_exit_two() {
    let st = lexsarah()
        .args(["extract", "no-such-folder", "-o", "/tmp/x"])
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&st.stderr).contains("no-such-folder"));
    let st = lexsarah().args(["extract"]).output().unwrap();
    assert_eq!(st.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let st = lexsarah()
        .args(["extract", "samples/text", "-o"])
        .arg(blocker.join("out"))
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2), "{st:?}");
}
