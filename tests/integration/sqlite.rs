//! The SQLite archive: importing twice gives the row counts of once; a file
//! whose content changed replaces its rows; a killed import leaves a
//! consistent database; the example queries of README.md run.

use std::path::Path;
use std::process::Command;

use rusqlite::Connection;

const TABLES: [&str; 5] = ["files", "cases", "case_areas", "date_mentions", "flags"];

fn import(paths: &[&Path], db: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .args(["extract", "--quiet", "--sqlite"])
        .arg(db)
        .args(paths)
        .output()
        .unwrap()
}

fn counts(db: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(db).unwrap();
    TABLES
        .iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            (t.to_string(), n)
        })
        .collect()
}

/// Integrity, foreign keys, and each file's case count equal to its rows.
fn assert_consistent(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut fk = conn.prepare("PRAGMA foreign_key_check").unwrap();
    assert!(
        fk.query([]).unwrap().next().unwrap().is_none(),
        "dangling foreign keys"
    );
    let bad: i64 = conn
        .query_row(
            "SELECT count(*) FROM files f WHERE f.cases <> (SELECT count(*) FROM cases c WHERE c.file_id = f.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        bad, 0,
        "files whose case count differs from their case rows"
    );
}

#[test]
fn importing_twice_gives_the_counts_of_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("arkiv.db");
    let samples = Path::new("samples");
    assert!(matches!(import(&[samples], &db).status.code(), Some(0 | 1)));
    let once = counts(&db);
    assert!(once.iter().all(|(_, n)| *n > 0), "{once:?}");
    assert!(import(&[samples], &db).status.code().is_some());
    assert_eq!(counts(&db), once, "a second import duplicated rows");
    assert_consistent(&db);
}

#[test]
fn a_changed_file_replaces_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (input, db) = (dir.path().join("in"), dir.path().join("arkiv.db"));
    std::fs::create_dir_all(&input).unwrap();
    let doc = input.join("arende.txt");
    let two = "samples/text/synthetic/socialnamnden-tva-arenden-hvb-ekonomiskt-bistand.txt";
    let one = "samples/text/amn-2019-0289-mailutskick.txt";
    std::fs::copy(two, &doc).unwrap();
    assert_eq!(import(&[&input], &db).status.code(), Some(0));
    let conn = Connection::open(&db).unwrap();
    let cases = |c: &Connection| -> i64 {
        c.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(cases(&conn), 2);
    std::fs::copy(one, &doc).unwrap();
    assert_eq!(import(&[&input], &db).status.code(), Some(0));
    assert_eq!(cases(&conn), 1, "the old cases went with the old content");
    let (files, dnr): (i64, String) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM files), diarienummer FROM cases",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(files, 1);
    assert!(dnr.contains("2019"), "{dnr}");
    assert_consistent(&db);
}

#[test]
fn a_killed_import_leaves_a_consistent_archive() {
    let dir = tempfile::tempdir().unwrap();
    let (input, db) = (dir.path().join("in"), dir.path().join("arkiv.db"));
    std::fs::create_dir_all(&input).unwrap();
    let texts: Vec<_> = std::fs::read_dir("samples/text/synthetic")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    for i in 0..400 {
        let src = &texts[i % texts.len()];
        std::fs::copy(src, input.join(format!("{i:04}.txt"))).unwrap();
    }
    for _ in 0..2 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
            .args(["extract", "--quiet", "--jobs", "1", "--sqlite"])
            .arg(&db)
            .arg(&input)
            .spawn()
            .unwrap();
        // Kill it (SIGKILL: no clean-up runs) as soon as it has imported
        // some files, so it dies mid-import.
        let before = files_in(&db);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while files_in(&db) <= before && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = child.kill();
        let _ = child.wait();
        let after = files_in(&db);
        assert!(
            after > before && after < 400,
            "not killed mid-import: {before} → {after} files"
        );
        assert_consistent(&db);
    }
    assert_eq!(import(&[&input], &db).status.code(), Some(0));
    assert_consistent(&db);
    let files: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(files, 400);
}

/// The number of files in the archive (0 before it exists).
fn files_in(db: &Path) -> i64 {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    Connection::open_with_flags(db, flags)
        .and_then(|c| c.query_row("SELECT count(*) FROM files", [], |r| r.get(0)))
        .unwrap_or(0)
}

/// The ```sql blocks of README.md, in order.
pub fn readme_queries() -> Vec<String> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    readme
        .split("```sql\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .collect()
}

#[test]
fn readme_example_queries_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("arkiv.db");
    assert!(import(&[Path::new("samples/text")], &db).status.success());
    let queries = readme_queries();
    assert!(queries.len() >= 2, "README.md has no ```sql examples");
    let conn = Connection::open(&db).unwrap();
    let cases: i64 = conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    for (i, q) in queries.iter().enumerate() {
        let mut st = conn
            .prepare(q)
            .unwrap_or_else(|e| panic!("query {}: {e}\n{q}", i + 1));
        if st.parameter_count() > 0 {
            st.raw_bind_parameter(1, 30).unwrap();
        }
        let mut rows = st.raw_query();
        let mut n = 0;
        let mut total = 0i64;
        while let Some(row) = rows.next().unwrap() {
            n += 1;
            if i == 0 {
                total += row.get::<_, i64>(2).unwrap();
            }
        }
        assert!(n > 0, "query {} returned nothing:\n{q}", i + 1);
        if i == 0 {
            assert_eq!(
                total, cases,
                "cases per year and classification add up to the cases"
            );
        }
    }
}

/// A file deleted from its folder since the last import is `missing` in the
/// archive (its cases kept), never `ok`; when it comes back it is `ok`.
#[test]
fn a_file_gone_from_its_root_is_marked_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (input, db) = (dir.path().join("in"), dir.path().join("arkiv.db"));
    std::fs::create_dir(&input).unwrap();
    for name in [
        "amn-2019-0289-mailutskick.txt",
        "skarholmen-2019-286-ivo-anmalan-telefonserver.txt",
    ] {
        std::fs::copy(Path::new("samples/text").join(name), input.join(name)).unwrap();
    }
    assert_eq!(import(&[&input], &db).status.code(), Some(0));
    let gone = input.join("amn-2019-0289-mailutskick.txt");
    let kept = std::fs::read(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let o = import(&[&input], &db);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 file in the archive is no longer"));
    let status = |conn: &Connection| -> Vec<(String, String, i64)> {
        let mut st = conn
            .prepare(
                "SELECT f.path, f.status, (SELECT count(*) FROM cases c WHERE c.file_id = f.id)
                 FROM files f ORDER BY f.path",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let rows = status(&Connection::open(&db).unwrap());
    assert_eq!(rows.len(), 2);
    assert!(rows[0].0.ends_with("amn-2019-0289-mailutskick.txt"));
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("missing", 1), "{rows:?}");
    assert_eq!(rows[1].1, "ok");
    std::fs::write(&gone, kept).unwrap();
    assert_eq!(import(&[&input], &db).status.code(), Some(0));
    let rows = status(&Connection::open(&db).unwrap());
    assert!(rows.iter().all(|r| r.1 == "ok" && r.2 == 1), "{rows:?}");
}

/// An archive of schema version 1 (no `missing` status, paths as given)
/// is migrated in place when opened: its rows kept, their paths made
/// absolute against the working directory, the path as given kept in
/// `given_path`, two rows naming one file made one, its version 3.
#[test]
fn a_version_1_archive_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.db");
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('schema_version', '1');
             CREATE TABLE files (
               id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT, format TEXT,
               pages INTEGER, cases INTEGER NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped', 'needs_ocr')),
               message TEXT NOT NULL, rules_version TEXT NOT NULL, imported_at TEXT NOT NULL);
             INSERT INTO files VALUES (1, 'old/x.txt', NULL, NULL, NULL, 0, 'error', 'm', 'r', 't1');
             INSERT INTO files VALUES (2, './old//x.txt', NULL, NULL, NULL, 0, 'error', 'm', 'r', 't2');",
        )
        .unwrap();
    }
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        "samples/text/amn-2019-0289-mailutskick.txt",
        input.join("a.txt"),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .current_dir(dir.path())
        .args(["extract", "--quiet", "--sqlite", "v1.db", "in"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let conn = Connection::open(&db).unwrap();
    let v: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, "3");
    let mut st = conn
        .prepare("SELECT id, path, given_path FROM files ORDER BY id")
        .unwrap();
    let rows: Vec<(i64, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let base = dir.path().canonicalize().unwrap();
    let base = base.to_str().unwrap();
    assert_eq!(
        rows.len(),
        2,
        "the two old rows of one file made one: {rows:?}"
    );
    assert_eq!(rows[0].0, 2, "the latest import's row stays: {rows:?}");
    assert_eq!(rows[0].1, format!("{base}/old/x.txt"));
    assert_eq!(rows[0].2, "./old//x.txt");
    assert_eq!(rows[1].1, format!("{base}/in/a.txt"));
    assert_eq!(rows[1].2, "in/a.txt");
    conn.execute("UPDATE files SET status = 'missing' WHERE id = 2", [])
        .unwrap();
}

/// `in`, `./in` and the absolute path are one archive: a file is known by
/// its absolute, normalised path, so the second and third imports update
/// the first one's rows (the path as given last in `given_path`).
#[test]
fn one_file_is_one_row_whatever_path_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let input = base.join("in");
    std::fs::create_dir(&input).unwrap();
    for name in [
        "amn-2019-0289-mailutskick.txt",
        "skarholmen-2019-286-ivo-anmalan-telefonserver.txt",
    ] {
        std::fs::copy(Path::new("samples/text").join(name), input.join(name)).unwrap();
    }
    let run = |root: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
            .current_dir(&base)
            .args(["extract", "--quiet", "--sqlite", "arkiv.db", root])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{root}: {o:?}");
        assert!(
            !String::from_utf8_lossy(&o.stderr).contains("marked missing"),
            "{root}: {o:?}"
        );
    };
    let db = base.join("arkiv.db");
    run("in");
    let once = counts(&db);
    assert_eq!(once[0], ("files".to_string(), 2));
    run("./in");
    run(input.to_str().unwrap());
    run(".//in/");
    assert_eq!(counts(&db), once);
    assert_consistent(&db);
    let conn = Connection::open(&db).unwrap();
    let mut st = conn
        .prepare("SELECT path, given_path, status FROM files ORDER BY path")
        .unwrap();
    let rows: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for r in &rows {
        assert!(
            r.0.starts_with(&format!("{}/in/", base.display())),
            "{rows:?}"
        );
        assert!(r.1.starts_with(".//in/"), "{rows:?}");
        assert_eq!(r.2, "ok");
    }
}
