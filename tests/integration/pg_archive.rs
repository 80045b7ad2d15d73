//! The PostgreSQL archive (issue 15, acceptance 2), on the server that
//! `LEXSARAH_TEST_PG` names (`.ci/run` starts one: `.ci/postgres.sh`):
//! four shard processes importing at once give the rows of one SQLite
//! import (the same files, cases and records, and as many of every
//! table's rows); a second import changes nothing; a shard killed with
//! SIGKILL in the middle of its import leaves every file either whole or
//! absent, and run again completes the archive. Without the variable the
//! tests say NOT RUN, which `LEXSARAH_REQUIRE_TOOLS=1` makes a failure
//! (`tools.rs`).

use crate::shards::copy_tree;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};

const TABLES: [&str; 6] = [
    "files",
    "cases",
    "case_areas",
    "date_mentions",
    "flags",
    "review",
];

/// The test server's URL, or the test is reported as not run.
fn server(what: &str) -> Option<String> {
    match std::env::var("LEXSARAH_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            crate::tools::not_run_because(
                what,
                "a PostgreSQL server named by LEXSARAH_TEST_PG (postgresql://USER@HOST:PORT/DB)",
                "apt-get install -y postgresql; bash .ci/run starts a throwaway server and sets it",
            );
            None
        }
    }
}

/// A new, empty database on the server for one test; its URL.
fn database(url: &str, name: &str) -> String {
    let db = format!("lexsarah_{}_{name}", std::process::id());
    let mut c = Client::connect(url, NoTls).expect("connect to LEXSARAH_TEST_PG");
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .unwrap();
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (head, query) = url
        .split_once('?')
        .map_or((url, None), |(h, q)| (h, Some(q)));
    let scheme_end = head.find("://").map_or(0, |i| i + 3);
    let base = match head[scheme_end..].find('/') {
        Some(i) => &head[..scheme_end + i],
        None => head,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

fn shard(inputs: &Path, url: &str, spec: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .args([
            "extract",
            "-q",
            "--jobs",
            "1",
            "--postgres",
            url,
            "--shard",
            spec,
        ])
        .arg(inputs)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a shard")
}

/// Four shards at once, each finishing as an import does (0, or 1 for
/// inputs that could not be read).
fn four_shards(inputs: &Path, url: &str) {
    let children: Vec<Child> = (1..=4)
        .map(|i| shard(inputs, url, &format!("{i}/4")))
        .collect();
    for (i, c) in children.into_iter().enumerate() {
        let o = c.wait_with_output().unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "shard {}/4: {:?}\n{}",
            i + 1,
            o.status,
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

fn sqlite_import(inputs: &Path, db: &Path) -> rusqlite::Connection {
    let o = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .args(["extract", "-q", "--sqlite"])
        .arg(db)
        .arg(inputs)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    rusqlite::Connection::open(db).unwrap()
}

fn pg_counts(c: &mut Client) -> Vec<i64> {
    TABLES
        .iter()
        .map(|t| {
            c.query_one(&format!("SELECT count(*) FROM {t}"), &[])
                .unwrap()
                .get(0)
        })
        .collect()
}

fn sqlite_counts(c: &rusqlite::Connection) -> Vec<i64> {
    TABLES
        .iter()
        .map(|t| {
            c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
}

/// Every row of every table as text, by natural keys (not the ids the
/// children get anew, nor the import's time), in order.
const SNAPSHOT: [&str; 6] = [
    "SELECT path || '|' || given_path || '|' || coalesce(sha256, '') || '|' || coalesce(format, '') || '|' || coalesce(CAST(pages AS TEXT), '') || '|' || CAST(cases AS TEXT) || '|' || status || '|' || message FROM files ORDER BY path",
    "SELECT case_id || '|' || sha256 || '|' || CAST(case_no AS TEXT) || '|' || record FROM cases ORDER BY case_id",
    "SELECT c.case_id || '|' || a.area FROM case_areas a JOIN cases c ON c.id = a.case_id ORDER BY c.case_id, a.area",
    "SELECT c.case_id || '|' || CAST(d.n AS TEXT) || '|' || d.raw || '|' || coalesce(d.date, '') || '|' || CAST(d.line AS TEXT) FROM date_mentions d JOIN cases c ON c.id = d.case_id ORDER BY c.case_id, d.n",
    "SELECT c.case_id || '|' || CAST(f.n AS TEXT) || '|' || f.code || '|' || f.severity || '|' || f.message || '|' || f.lines || '|' || f.evidence FROM flags f JOIN cases c ON c.id = f.case_id ORDER BY c.case_id, f.n",
    "SELECT c.case_id || '|' || r.field || '|' || r.value || '|' || r.reasons || '|' || r.evidence FROM review r JOIN cases c ON c.id = r.case_id ORDER BY c.case_id, r.field",
];

fn pg_snapshot(c: &mut Client) -> Vec<Vec<String>> {
    SNAPSHOT
        .iter()
        .map(|q| c.query(*q, &[]).unwrap().iter().map(|r| r.get(0)).collect())
        .collect()
}

fn sqlite_snapshot(c: &rusqlite::Connection) -> Vec<Vec<String>> {
    SNAPSHOT
        .iter()
        .map(|q| {
            let mut st = c.prepare(q).unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        })
        .collect()
}

/// No file is half imported: each file row's case count is its cases'.
fn assert_whole(c: &mut Client) {
    let bad: i64 = c
        .query_one(
            "SELECT count(*) FROM files f WHERE f.cases <> (SELECT count(*) FROM cases c WHERE c.file_id = f.id)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        bad, 0,
        "files whose case count differs from their case rows"
    );
}

#[test]
fn four_shards_at_once_import_what_one_sqlite_import_does_and_again_nothing_changes() {
    let Some(url) = server("PostgreSQL archive, four shards at once") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let samples = Path::new("samples");
    let lite = sqlite_import(samples, &tmp.path().join("arkiv.db"));
    let pg_url = database(&url, "four");
    four_shards(samples, &pg_url);
    let mut pg = Client::connect(&pg_url, NoTls).unwrap();
    let counts = pg_counts(&mut pg);
    assert!(counts.iter().all(|n| *n > 0), "{counts:?}");
    assert_eq!(
        counts,
        sqlite_counts(&lite),
        "rows per table ({TABLES:?}): PostgreSQL, SQLite"
    );
    let snap = pg_snapshot(&mut pg);
    assert_eq!(
        snap,
        sqlite_snapshot(&lite),
        "the same rows as one SQLite import"
    );
    assert_whole(&mut pg);
    // Again, four at once: nothing changes.
    four_shards(samples, &pg_url);
    assert_eq!(
        pg_counts(&mut pg),
        counts,
        "a second import changed the row counts"
    );
    assert_eq!(pg_snapshot(&mut pg), snap, "a second import changed rows");
    let schema: String = pg
        .query_one("SELECT value FROM meta WHERE key = 'schema_version'", &[])
        .unwrap()
        .get(0);
    assert_eq!(schema, lexsarah::output::sqlite::SCHEMA_VERSION);
    readme_queries_run(&mut pg);
}

/// README.md's example queries run on the PostgreSQL archive: the SQLite
/// ones but the one with SQLite's `julianday`, whose PostgreSQL form is
/// the ```postgresql block; each returns rows.
fn readme_queries_run(pg: &mut Client) {
    let mut queries: Vec<String> = crate::sqlite::readme_queries()
        .into_iter()
        .filter(|q| !q.contains("julianday"))
        .collect();
    let readme = std::fs::read_to_string("README.md").unwrap();
    queries.extend(
        readme
            .split("```postgresql\n")
            .skip(1)
            .map(|b| b.split("```").next().unwrap().to_string()),
    );
    assert!(queries.len() >= 3, "{queries:?}");
    for q in &queries {
        let rows = if q.contains("$1") {
            pg.query(q.as_str(), &[&30i32])
        } else {
            pg.query(q.as_str(), &[])
        };
        let rows = rows.unwrap_or_else(|e| panic!("{e}\n{q}"));
        assert!(!rows.is_empty(), "no rows:\n{q}");
    }
}

/// `samples/text` copied `n` times under one folder: an archive that takes
/// a while to import.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join("arkiv");
    for i in 0..n {
        copy_tree(
            Path::new("samples/text"),
            &root.join(format!("kopia-{i:02}")),
        );
    }
    root
}

#[test]
fn a_shard_killed_mid_import_and_run_again_leaves_the_archive_complete() {
    let Some(url) = server("PostgreSQL archive, a shard killed mid-import") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = corpus(tmp.path(), 12);
    let lite = sqlite_import(&root, &tmp.path().join("arkiv.db"));
    let pg_url = database(&url, "kill");
    let prefix = format!(
        "{}/",
        lexsarah::ingest::path_text(&lexsarah::ingest::absolute(&root))
    );
    let of_shard_1 = lexsarah::ingest::walk(std::slice::from_ref(&root))
        .filter(|e| lexsarah::shard::shard_of(&e.rel, 4) == 1)
        .count() as i64;
    assert!(of_shard_1 > 20, "{of_shard_1} files in shard 1");
    let mut children: Vec<Child> = (1..=4)
        .map(|i| shard(&root, &pg_url, &format!("{i}/4")))
        .collect();
    // Kill shard 1 once it has imported some of its files and not all.
    let mut pg = Client::connect(&pg_url, NoTls).unwrap();
    let started = Instant::now();
    let mut imported = 0;
    while started.elapsed() < Duration::from_secs(120) {
        imported = shard_1_files(&mut pg, &prefix);
        if imported >= 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    children[0].kill().unwrap(); // SIGKILL
    let status = children.remove(0).wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9)
    );
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let after_kill = shard_1_files(&mut pg, &prefix);
    assert!(
        (3..of_shard_1).contains(&after_kill),
        "shard 1 was not killed mid-import: {after_kill} of its {of_shard_1} files in the archive (saw {imported})"
    );
    assert_whole(&mut pg);
    // Run again: complete.
    let o = shard(&root, &pg_url, "1/4").wait_with_output().unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(shard_1_files(&mut pg, &prefix), of_shard_1);
    assert_eq!(
        pg_counts(&mut pg),
        sqlite_counts(&lite),
        "rows per table ({TABLES:?})"
    );
    assert_eq!(pg_snapshot(&mut pg), sqlite_snapshot(&lite));
    assert_whole(&mut pg);
}

/// The files of shard 1 of 4 in the archive (keys under `prefix`).
fn shard_1_files(pg: &mut Client, prefix: &str) -> i64 {
    pg.query("SELECT path FROM files", &[])
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            r.get::<_, String>(0)
                .strip_prefix(prefix)
                .map(str::to_string)
        })
        .filter(|rel| lexsarah::shard::shard_of(rel, 4) == 1)
        .count() as i64
}
