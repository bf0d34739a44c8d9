//! Command tags, as asyncpg's `execute` returns them.

#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_sql::{Database, SqlValue};

fn status(db: &mut Database, sql: &str) -> String {
    match db.execute(sql, &[]) {
        Ok(r) => r.status,
        Err(e) => panic!("{sql}: {e}"),
    }
}

#[test]
fn every_command_has_postgresql_tag() {
    let mut db = Database::open_in_memory().unwrap();
    let cases = [
        (
            "CREATE TABLE t (id SERIAL PRIMARY KEY, name TEXT, n INTEGER)",
            "CREATE TABLE",
        ),
        ("CREATE TABLE IF NOT EXISTS t (id INTEGER)", "CREATE TABLE"),
        ("INSERT INTO t (name, n) VALUES ('a', 1)", "INSERT 0 1"),
        (
            "INSERT INTO t (name, n) VALUES ('b', 2), ('c', 3)",
            "INSERT 0 2",
        ),
        (
            "INSERT INTO t (name, n) SELECT name, n FROM t WHERE n > 5",
            "INSERT 0 0",
        ),
        ("UPDATE t SET n = n + 1 WHERE n >= 2", "UPDATE 2"),
        ("UPDATE t SET n = 0 WHERE false", "UPDATE 0"),
        ("SELECT * FROM t", "SELECT 3"),
        ("SELECT * FROM t WHERE n > 100", "SELECT 0"),
        ("VALUES (1), (2)", "SELECT 2"),
        ("WITH x AS (SELECT 1) SELECT * FROM x", "SELECT 1"),
        (
            "WITH x AS (SELECT 9 AS n) INSERT INTO t (name, n) SELECT 'w', n FROM x",
            "INSERT 0 1",
        ),
        ("CREATE INDEX t_n ON t (n)", "CREATE INDEX"),
        ("CREATE UNIQUE INDEX t_name ON t (name)", "CREATE INDEX"),
        ("CREATE VIEW v AS SELECT name FROM t", "CREATE VIEW"),
        ("CREATE TABLE copy AS SELECT * FROM t", "SELECT 4"),
        ("ALTER TABLE t ADD COLUMN note TEXT", "ALTER TABLE"),
        ("DELETE FROM t WHERE n = 1", "DELETE 1"),
        ("DELETE FROM t WHERE n = 1", "DELETE 0"),
        ("TRUNCATE copy", "TRUNCATE TABLE"),
        ("BEGIN", "BEGIN"),
        ("SAVEPOINT sp", "SAVEPOINT"),
        ("ROLLBACK TO SAVEPOINT sp", "ROLLBACK"),
        ("RELEASE SAVEPOINT sp", "RELEASE"),
        ("COMMIT", "COMMIT"),
        ("START TRANSACTION", "START TRANSACTION"),
        ("ROLLBACK", "ROLLBACK"),
        ("DROP VIEW v", "DROP VIEW"),
        ("DROP INDEX t_n", "DROP INDEX"),
        ("DROP TABLE copy", "DROP TABLE"),
        ("DROP TABLE IF EXISTS nothing_here", "DROP TABLE"),
    ];
    for (sql, tag) in cases {
        assert_eq!(status(&mut db, sql), tag, "{sql}");
    }
    assert!(db.execute("SELECT count(*) FROM copy", &[]).is_err());
}

#[test]
fn returning_rows_count_the_changed_rows() {
    let mut db = Database::open_in_memory().unwrap();
    status(&mut db, "CREATE TABLE t (id SERIAL PRIMARY KEY, name TEXT)");
    let r = db
        .execute(
            "INSERT INTO t (name) VALUES ('a'), ('b') RETURNING id, name",
            &[],
        )
        .unwrap();
    assert_eq!(r.status, "INSERT 0 2");
    assert_eq!(
        r.rows,
        vec![
            vec![SqlValue::Int(1), SqlValue::Text("a".into())],
            vec![SqlValue::Int(2), SqlValue::Text("b".into())],
        ]
    );
    let r = db
        .execute("UPDATE t SET name = upper(name) RETURNING name", &[])
        .unwrap();
    assert_eq!(r.status, "UPDATE 2");
    assert_eq!(r.columns[0].name, "name");
    let r = db
        .execute("DELETE FROM t WHERE id = 2 RETURNING *", &[])
        .unwrap();
    assert_eq!(r.status, "DELETE 1");
    assert_eq!(
        r.rows,
        vec![vec![SqlValue::Int(2), SqlValue::Text("B".into())]]
    );
}

#[test]
fn several_statements_give_the_last_tag_and_empty_text_none() {
    let mut db = Database::open_in_memory().unwrap();
    let r = db
        .execute(
            "CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1); SELECT n FROM t;",
            &[],
        )
        .unwrap();
    assert_eq!(r.status, "SELECT 1");
    assert_eq!(r.rows, vec![vec![SqlValue::Int(1)]]);
    assert_eq!(db.execute("  -- nothing\n ; ", &[]).unwrap().status, "");
}
