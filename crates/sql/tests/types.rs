//! Values come back as the column's declared type says: booleans as
//! booleans, serial ids as integers, timestamps as text.

#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_sql::{Database, SqlValue};

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.into())
}

#[test]
fn boolean_columns_round_trip_as_booleans() {
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE flags (id SERIAL PRIMARY KEY, done BOOLEAN NOT NULL DEFAULT FALSE, seen bool)",
        &[],
    )
    .unwrap();
    db.execute(
        "INSERT INTO flags (done, seen) VALUES ($1, $2)",
        &[SqlValue::Bool(true), SqlValue::Null],
    )
    .unwrap();
    db.execute("INSERT INTO flags (seen) VALUES (TRUE)", &[])
        .unwrap();
    db.execute(
        "INSERT INTO flags (done, seen) VALUES ('t'::boolean, false)",
        &[],
    )
    .unwrap();
    let r = db
        .execute("SELECT done, seen FROM flags ORDER BY id", &[])
        .unwrap();
    assert_eq!(r.columns[0].decl_type.as_deref(), Some("BOOLEAN"));
    assert_eq!(r.columns[1].decl_type.as_deref(), Some("bool"));
    assert_eq!(
        r.rows,
        vec![
            vec![SqlValue::Bool(true), SqlValue::Null],
            vec![SqlValue::Bool(false), SqlValue::Bool(true)],
            vec![SqlValue::Bool(true), SqlValue::Bool(false)],
        ]
    );
    let r = db
        .execute(
            "SELECT count(*) FROM flags WHERE done = $1",
            &[SqlValue::Bool(true)],
        )
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(2)]]);
    let r = db
        .execute("SELECT id FROM flags WHERE done AND NOT seen", &[])
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(3)]]);
}

#[test]
fn serial_ids_count_up_and_are_never_reused() {
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE t (id SERIAL PRIMARY KEY, big BIGSERIAL, name VARCHAR(20))",
        &[],
    )
    .unwrap();
    for name in ["a", "b", "c"] {
        db.execute("INSERT INTO t (name) VALUES ($1)", &[text(name)])
            .unwrap();
    }
    db.execute("DELETE FROM t WHERE id = 3", &[]).unwrap();
    let r = db
        .execute("INSERT INTO t (name) VALUES ('d') RETURNING id", &[])
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(4)]]);
    let r = db
        .execute("SELECT id, name FROM t ORDER BY id", &[])
        .unwrap();
    assert_eq!(r.columns[0].decl_type.as_deref(), Some("INTEGER"));
    assert_eq!(
        r.rows,
        vec![
            vec![SqlValue::Int(1), text("a")],
            vec![SqlValue::Int(2), text("b")],
            vec![SqlValue::Int(4), text("d")],
        ]
    );
    db.execute(
        "CREATE TABLE u (id INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x TEXT)",
        &[],
    )
    .unwrap();
    let r = db
        .execute("INSERT INTO u (x) VALUES ('a'), ('b') RETURNING id", &[])
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(1)], vec![SqlValue::Int(2)]]);
}

fn is_timestamp(v: &SqlValue) -> bool {
    // 2026-12-06 10:11:12
    matches!(v, SqlValue::Text(t) if t.len() == 19
        && t.as_bytes()[4] == b'-'
        && t.as_bytes()[10] == b' '
        && t.as_bytes()[13] == b':')
}

#[test]
fn now_and_current_timestamp_are_timestamps() {
    let mut db = Database::open_in_memory().unwrap();
    let r = db
        .execute("SELECT now(), CURRENT_TIMESTAMP, NOW ( )", &[])
        .unwrap();
    assert!(r.rows[0].iter().all(is_timestamp), "{r:?}");
    db.execute(
        "CREATE TABLE events (id SERIAL PRIMARY KEY, at TIMESTAMPTZ DEFAULT now(), day TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP)",
        &[],
    )
    .unwrap();
    db.execute("INSERT INTO events DEFAULT VALUES", &[])
        .unwrap();
    let r = db
        .execute("SELECT at, day, at::date FROM events", &[])
        .unwrap();
    assert_eq!(r.columns[0].decl_type.as_deref(), Some("TIMESTAMPTZ"));
    assert!(
        is_timestamp(&r.rows[0][0]) && is_timestamp(&r.rows[0][1]),
        "{r:?}"
    );
    assert!(matches!(&r.rows[0][2], SqlValue::Text(d) if d.len() == 10));
}

#[test]
fn casts_ilike_and_other_spellings_work() {
    let mut db = Database::open_in_memory().unwrap();
    let r = db
        .execute(
            "SELECT '42'::int + 1, 7::text, $1::float8 / 2, 'ADA' ILIKE 'ad%', E'a\\tb', $$it's$$",
            &[SqlValue::Int(5)],
        )
        .unwrap();
    assert_eq!(
        r.rows,
        vec![vec![
            SqlValue::Int(43),
            text("7"),
            SqlValue::Float(2.5),
            SqlValue::Int(1),
            text("a\tb"),
            text("it's"),
        ]]
    );
}

#[test]
fn floats_text_and_bytes_come_back_as_stored() {
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE t (r REAL, t TEXT, b BYTEA, n NUMERIC(10, 2))",
        &[],
    )
    .unwrap();
    db.execute(
        "INSERT INTO t VALUES ($1, $2, $3, $4)",
        &[
            SqlValue::Float(1.5),
            text("ünïcode"),
            SqlValue::Bytes(vec![1, 2, 3]),
            SqlValue::Float(9.99),
        ],
    )
    .unwrap();
    let r = db.execute("SELECT * FROM t", &[]).unwrap();
    assert_eq!(
        r.rows,
        vec![vec![
            SqlValue::Float(1.5),
            text("ünïcode"),
            SqlValue::Bytes(vec![1, 2, 3]),
            SqlValue::Float(9.99),
        ]]
    );
    let decl: Vec<Option<&str>> = r.columns.iter().map(|c| c.decl_type.as_deref()).collect();
    assert_eq!(
        decl,
        [
            Some("REAL"),
            Some("TEXT"),
            Some("BYTEA"),
            Some("NUMERIC(10, 2)")
        ]
    );
    let r = db.execute("SELECT 1 + 1 AS two", &[]).unwrap();
    assert_eq!(r.columns[0].decl_type, None);
}

#[test]
fn a_database_file_keeps_its_data() {
    let path = std::env::temp_dir().join(format!("looplab-sql-test-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    {
        let mut db = Database::open_path(&path).unwrap();
        db.execute(
            "CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')",
            &[],
        )
        .unwrap();
    }
    let mut db = Database::open_path(&path).unwrap();
    let r = db.execute("SELECT x FROM t", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![text("kept")]]);
    drop(db);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn result_columns_have_postgresqls_names() {
    let mut db = Database::open_in_memory().unwrap();
    db.load_demo().unwrap();
    let r = db
        .execute(
            "SELECT count(*), max(id) AS top, now(), u.name, upper(u.name), 1 + 1, id::text, '5'::int
             FROM users u GROUP BY u.id ORDER BY u.id LIMIT 1",
            &[],
        )
        .unwrap();
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["count", "top", "now", "name", "upper", "?column?", "id", "int4"]
    );
    let r = db
        .execute(
            "INSERT INTO users (name, email) VALUES ('Bo', 'bo@x') RETURNING id, lower(name)",
            &[],
        )
        .unwrap();
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "lower"]);
    // A syntax error is reported about the learner's text, not the names.
    let e = db.execute("SELECT 1 +", &[]).unwrap_err();
    assert_eq!(e.message, "syntax error at end of input");
}
