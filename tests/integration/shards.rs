//! Shards and merge (issue 15): N = 1, 3 and 7 `--shard I/N` processes
//! over the same inputs, run at once and merged with `lexsarah merge`,
//! give every output file of one run, byte for byte: `extract` over
//! `samples/` and, where `../shared/devset/docs` stands beside the
//! checkout, the development set as a second root (else that part says it
//! was skipped); `extract` with a `--files-from` list, the Excel dialect
//! and redaction; `check` with a state each, over an archive changed
//! since the states were made (new and resolved flags). A missing shard,
//! one given twice, shards of other inputs or settings and a folder
//! changed since its run are errors naming the folders, and nothing is
//! written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NS: [u32; 3] = [1, 3, 7];
const EXTRACT_FILES: &[&str] = lexsarah::output::OUTPUT_FILES;

fn lexsarah() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lexsarah"));
    // The report's run time is fixed, so that two runs can be compared.
    c.env("SOURCE_DATE_EPOCH", "1700000000")
        .env("LEXSARAH_REDACT_KEY", "nyckel-for-skarvtest-0123456789")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    lexsarah().args(args).output().expect("run lexsarah")
}

/// `lexsarah ARGS`, expecting one of `codes`.
fn ok(args: &[&std::ffi::OsStr], codes: &[i32]) -> Output {
    let o = run(args);
    assert!(
        o.status.code().is_some_and(|c| codes.contains(&c)),
        "lexsarah {args:?}: {:?}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn os<'a>(v: &'a [&'a str]) -> Vec<&'a std::ffi::OsStr> {
    v.iter().map(std::ffi::OsStr::new).collect()
}

/// `base` with `--shard I/N` and `flag DIR` for each I, all N at once;
/// the shards' folders.
fn run_shards(
    base: &[&std::ffi::OsStr],
    flag: &str,
    prefix: &Path,
    n: u32,
    stdin: Option<&Path>,
) -> Vec<PathBuf> {
    let dirs: Vec<PathBuf> = (1..=n)
        .map(|i| path_with(prefix, &format!("{n}.{i}")))
        .collect();
    let children: Vec<_> = dirs
        .iter()
        .enumerate()
        .map(|(i, dir)| {
            let mut c = lexsarah();
            c.args(base)
                .args(["--jobs", "1", "--shard", &format!("{}/{n}", i + 1), flag])
                .arg(dir);
            if let Some(f) = stdin {
                c.stdin(std::fs::File::open(f).unwrap());
            }
            (i, c.spawn().expect("start a shard"))
        })
        .collect();
    for (i, child) in children {
        let o = child.wait_with_output().unwrap();
        assert!(
            matches!(o.status.code(), Some(0..=2)),
            "shard {}/{n}: {:?}\n{}",
            i + 1,
            o.status,
            String::from_utf8_lossy(&o.stderr)
        );
    }
    dirs
}

fn path_with(prefix: &Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(format!(".{suffix}"));
    PathBuf::from(s)
}

/// Every file of a folder but the run lock, by name.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != ".lexsarah.lock")
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The merged folder holds exactly the files of the single run's, each
/// with the same bytes.
fn assert_same(one: &Path, merged: &Path, what: &str, names: &[&str]) {
    let (a, b) = (contents(one), contents(merged));
    let mut want: Vec<&str> = names.to_vec();
    want.sort_unstable();
    let got: Vec<&str> = a.keys().map(String::as_str).collect();
    assert_eq!(got, want, "{what}: one run's files");
    assert_eq!(
        got,
        b.keys().map(String::as_str).collect::<Vec<_>>(),
        "{what}: the merged folder's files"
    );
    for (name, bytes) in &a {
        if bytes != &b[name] {
            let (x, y) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&b[name]),
            );
            let line = x.lines().zip(y.lines()).position(|(p, q)| p != q);
            panic!(
                "{what}: {name} differs from one run's ({} vs {} bytes; first differing line {line:?})",
                bytes.len(),
                b[name].len()
            );
        }
    }
}

/// `samples/`, and the development set's documents where they are.
fn inputs() -> Vec<PathBuf> {
    let mut v = vec![PathBuf::from("samples")];
    let devset = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devset/docs");
    if devset.is_dir() {
        v.push(devset);
    } else {
        // Past the harness's capture, so that a plain `cargo test` shows it.
        let _ = writeln!(
            std::io::stderr(),
            "skipped the development-set part of shards::extract_shards_merged_are_one_run_byte_for_byte: {} not found (samples/ only)",
            devset.display()
        );
    }
    v
}

/// Shard, merge and compare with one run, for N = 1, 3, 7.
fn extract_rounds(base: &[&std::ffi::OsStr], tmp: &Path, what: &str, stdin: Option<&Path>) {
    let one = tmp.join("one");
    let mut single = lexsarah();
    single.args(base).args(["--jobs", "2", "-o"]).arg(&one);
    if let Some(f) = stdin {
        single.stdin(std::fs::File::open(f).unwrap());
    }
    let o = single.output().unwrap();
    let code = o.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{what}: one run: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    for n in NS {
        let dirs = run_shards(base, "-o", &tmp.join("shard"), n, stdin);
        for d in &dirs {
            assert!(
                d.join("extract-shard.json").is_file(),
                "{}: no manifest",
                d.display()
            );
        }
        let merged = tmp.join(format!("merged.{n}"));
        let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref()];
        args.extend(dirs.iter().map(|d| d.as_os_str()));
        args.extend(os(&["-o"]));
        args.push(merged.as_os_str());
        let o = run(&args);
        assert_eq!(
            o.status.code(),
            code,
            "{what}, {n} shards: merge\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_same(&one, &merged, &format!("{what}, {n} shards"), EXTRACT_FILES);
    }
}

#[test]
fn extract_shards_merged_are_one_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs();
    let mut base: Vec<&std::ffi::OsStr> = os(&["extract", "-q"]);
    base.extend(inputs.iter().map(|p| p.as_os_str()));
    extract_rounds(
        &base,
        tmp.path(),
        "extract over samples/ (and the development set)",
        None,
    );
}

/// A `--files-from` list on standard input (each shard reads the whole
/// list and keeps its part), the Excel dialect and redaction.
#[test]
fn extract_shards_with_a_list_excel_and_redaction_merge_to_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("list");
    let mut files: Vec<String> = walk_files(Path::new("samples/text"));
    files.extend(walk_files(Path::new("samples/pdf")));
    files.sort();
    std::fs::write(&list, files.join("\n") + "\n").unwrap();
    let base = os(&[
        "extract",
        "-q",
        "--files-from",
        "-",
        "--csv-dialect",
        "excel",
        "--redact",
    ]);
    extract_rounds(
        &base,
        tmp.path(),
        "extract --files-from - --csv-dialect excel --redact",
        Some(&list),
    );
}

fn walk_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p.to_string_lossy().into_owned());
        }
    }
    out
}

/// Copy the folder `from` with everything under it to `to`.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// `check` with a state per shard over an archive changed since the
/// states were made: the merged report (counts, failed files, flags in
/// order, new and resolved flags, the page with its NY marks and run
/// time) is one run's.
#[test]
fn check_shards_with_states_merged_are_one_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("arkiv");
    copy_tree(Path::new("samples"), &archive);
    let a = archive.as_os_str();
    let state = |name: &str| tmp.path().join(format!("{name}.state"));
    // The states: one run's, and each shard's.
    ok(
        &[
            &*os(&["check", "-q"]),
            &[a, "--state".as_ref(), state("one").as_os_str()],
        ]
        .concat(),
        &[0, 1, 2],
    );
    for n in NS {
        for i in 1..=n {
            let s = state(&format!("{n}.{i}"));
            let spec = format!("{i}/{n}");
            ok(
                &[
                    &*os(&["check", "-q", "--shard", &spec]),
                    &[a, "--state".as_ref(), s.as_os_str()],
                ]
                .concat(),
                &[0, 1, 2],
            );
        }
    }
    // The archive changes: a file goes, one is replaced by another case,
    // one comes.
    let text = archive.join("text");
    std::fs::remove_file(text.join("amn-2019-0289-mailutskick.txt")).unwrap();
    std::fs::copy(
        text.join("synthetic/vuxen-missbruk-oppenvard-motstridiga-uppgifter.txt"),
        text.join("skarholmen-2019-286-ivo-anmalan-telefonserver.txt"),
    )
    .unwrap();
    std::fs::copy(
        text.join("synthetic/jobbtorg-annat-stod-tvetydigt-datum.txt"),
        text.join("ny-rapport.txt"),
    )
    .unwrap();
    let one = tmp.path().join("one");
    let o = ok(
        &[
            &*os(&["check", "-q", "--state"]),
            &[
                state("one").as_os_str(),
                a,
                "--report".as_ref(),
                one.as_os_str(),
            ],
        ]
        .concat(),
        &[0, 1, 2],
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(one.join("report.json")).unwrap()).unwrap();
    assert!(
        report["new_flags"].as_u64() > Some(0) && report["resolved_flags"].as_u64() > Some(0),
        "{report}"
    );
    for n in NS {
        let mut dirs = Vec::new();
        for i in 1..=n {
            let dir = tmp.path().join(format!("report.{n}.{i}"));
            let (s, spec) = (state(&format!("{n}.{i}")), format!("{i}/{n}"));
            ok(
                &[
                    &*os(&["check", "-q", "--shard", &spec, "--state"]),
                    &[s.as_os_str(), a, "--report".as_ref(), dir.as_os_str()],
                ]
                .concat(),
                &[0, 1, 2],
            );
            dirs.push(dir);
        }
        let merged = tmp.path().join(format!("merged.{n}"));
        let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref(), "-q".as_ref()];
        args.extend(dirs.iter().map(|d| d.as_os_str()));
        args.extend([std::ffi::OsStr::new("-o"), merged.as_os_str()]);
        let m = run(&args);
        assert_eq!(
            m.status.code(),
            o.status.code(),
            "{n} shards: merge\n{}",
            String::from_utf8_lossy(&m.stderr)
        );
        assert_same(
            &one,
            &merged,
            &format!("check, {n} shards"),
            &["report.html", "report.json"],
        );
    }
}

/// Three extract shards of samples/text, made once for the error cases.
fn three_shards(tmp: &Path) -> Vec<PathBuf> {
    run_shards(
        &os(&["extract", "-q", "samples/text"]),
        "-o",
        &tmp.join("s"),
        3,
        None,
    )
}

fn merge_err(shards: &[&Path], out: &Path) -> String {
    let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref()];
    args.extend(shards.iter().map(|d| d.as_os_str()));
    args.extend([std::ffi::OsStr::new("-o"), out.as_os_str()]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(3), "merge {shards:?} should fail");
    for f in EXTRACT_FILES {
        assert!(!out.join(f).exists(), "{f} written by a failed merge");
    }
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_missing_or_duplicate_shard_is_an_error_naming_the_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let s = three_shards(tmp.path());
    let out = tmp.path().join("out");
    let e = merge_err(&[&s[0], &s[2]], &out);
    assert!(
        e.contains("shard 2/3 missing: the folders given hold 1/3, 3/3 of 3"),
        "{e}"
    );
    let e = merge_err(&[&s[0], &s[1], &s[1], &s[2]], &out);
    assert!(e.contains("shard 2/3 is given twice"), "{e}");
    let copy = tmp.path().join("copy-of-2");
    copy_tree(&s[1], &copy);
    let e = merge_err(&[&s[0], &s[1], &copy, &s[2]], &out);
    assert!(
        e.contains(&format!(
            "shard 2/3 is given twice: {} and {}",
            s[1].display(),
            copy.display()
        )),
        "{e}"
    );
    // Other inputs, other settings, another count.
    let other = run_shards(
        &os(&["extract", "-q", "samples/text/synthetic"]),
        "-o",
        &tmp.path().join("o"),
        3,
        None,
    );
    let e = merge_err(&[&s[0], &other[1], &s[2]], &out);
    assert!(
        e.contains(&format!(
            "{} is not a shard of the same run as {}: other input paths",
            other[1].display(),
            s[0].display()
        )),
        "{e}"
    );
    let excel = run_shards(
        &os(&["extract", "-q", "--csv-dialect", "excel", "samples/text"]),
        "-o",
        &tmp.path().join("x"),
        3,
        None,
    );
    let e = merge_err(&[&s[0], &excel[1], &s[2]], &out);
    assert!(e.contains("csv_dialect is excel, not rfc4180"), "{e}");
    let seven = run_shards(
        &os(&["extract", "-q", "samples/text"]),
        "-o",
        &tmp.path().join("n"),
        7,
        None,
    );
    let e = merge_err(&[&s[0], &seven[1], &s[2]], &out);
    assert!(e.contains("is one of 7 shards but"), "{e}");
    // A folder that is no shard, or changed since its shard run.
    let e = merge_err(&[&s[0], Path::new("samples"), &s[2]], &out);
    assert!(e.contains("samples: no shard manifest"), "{e}");
    let flags = s[1].join("flags.csv");
    let kept = std::fs::read(&flags).unwrap();
    std::fs::write(&flags, [&kept[..], b"x,y\r\n"].concat()).unwrap();
    let e = merge_err(&[&s[0], &s[1], &s[2]], &out);
    assert!(
        e.contains(&format!(
            "{} is not what its shard manifest says",
            flags.display()
        )),
        "{e}"
    );
    std::fs::write(&flags, &kept).unwrap();
    // The output may not be a shard folder; whole again, they merge.
    let o = run(&[
        &*os(&["merge"]),
        &[
            s[0].as_os_str(),
            s[1].as_os_str(),
            s[2].as_os_str(),
            "-o".as_ref(),
            s[0].as_os_str(),
        ],
    ]
    .concat());
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is one of the shard folders"));
    ok(
        &[
            &*os(&["merge", "-q"]),
            &[
                s[0].as_os_str(),
                s[1].as_os_str(),
                s[2].as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
        ]
        .concat(),
        &[0],
    );
}

#[test]
fn a_bad_shard_spec_is_a_usage_error_saying_why() {
    for (cmd, out, code) in [("extract", "-o", 2), ("check", "--report", 3)] {
        for (spec, why) in [
            ("0/4", "numbered from 1 to N"),
            ("5/4", "I must be from 1 to N (4)"),
            ("2", "two numbers joined by '/'"),
            ("1/0", "N must be from 1"),
        ] {
            let o = run(&os(&[
                cmd,
                "samples/text",
                out,
                "/nonexistent/x",
                "--shard",
                spec,
            ]));
            let e = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(code), "{cmd} --shard {spec}: {e}");
            assert!(e.contains(why), "{cmd} --shard {spec}: {e}");
        }
    }
}
