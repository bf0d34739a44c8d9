//! `$n` parameters bind by their number, as in PostgreSQL.

#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_sql::{Database, ErrorKind, SqlValue};

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.into())
}

#[test]
fn parameters_bind_by_number_not_by_order_of_appearance() {
    let mut db = Database::open_in_memory().unwrap();
    let r = db
        .execute(
            "SELECT $2 AS b, $1 AS a, $2 || $1 AS ba",
            &[text("A"), text("B")],
        )
        .unwrap();
    assert_eq!(r.rows, vec![vec![text("B"), text("A"), text("BA")]]);
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["b", "a", "ba"]);
}

#[test]
fn a_repeated_parameter_is_one_value() {
    let mut db = Database::open_in_memory().unwrap();
    db.execute("CREATE TABLE t (a INTEGER, b INTEGER)", &[])
        .unwrap();
    db.execute("INSERT INTO t VALUES ($1, $1 * 10)", &[SqlValue::Int(4)])
        .unwrap();
    let r = db
        .execute(
            "SELECT a, b FROM t WHERE a = $1 AND b = $1 * 10",
            &[SqlValue::Int(4)],
        )
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(4), SqlValue::Int(40)]]);
}

#[test]
fn dollar_one_in_a_string_is_text() {
    let mut db = Database::open_in_memory().unwrap();
    let r = db
        .execute("SELECT '$1 costs $2' AS price, $1 AS p", &[text("x")])
        .unwrap();
    assert_eq!(r.rows, vec![vec![text("$1 costs $2"), text("x")]]);
}

#[test]
fn every_value_type_binds() {
    let mut db = Database::open_in_memory().unwrap();
    let values = vec![
        SqlValue::Null,
        SqlValue::Int(-7),
        SqlValue::Float(2.5),
        text("héllo"),
        SqlValue::Bytes(vec![0, 1, 255]),
    ];
    let r = db.execute("SELECT $1, $2, $3, $4, $5", &values).unwrap();
    assert_eq!(r.rows, vec![values]);
    // A boolean binds as SQLite stores one: 1 or 0.
    let r = db
        .execute(
            "SELECT $1, $2",
            &[SqlValue::Bool(true), SqlValue::Bool(false)],
        )
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(1), SqlValue::Int(0)]]);
}

#[test]
fn the_wrong_number_of_arguments_is_asyncpgs_interface_error() {
    let mut db = Database::open_in_memory().unwrap();
    let e = db
        .execute("SELECT $1, $2", &[SqlValue::Int(1)])
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Interface);
    assert_eq!(e.exception_name(), "InterfaceError");
    assert_eq!(e.sqlstate(), None);
    assert_eq!(
        e.message,
        "the server expects 2 arguments for this query, 1 was passed"
    );
    let e = db
        .execute("SELECT $1", &[SqlValue::Int(1), SqlValue::Int(2)])
        .unwrap_err();
    assert_eq!(
        e.message,
        "the server expects 1 argument for this query, 2 were passed"
    );
    let e = db.execute("SELECT 1", &[SqlValue::Int(1)]).unwrap_err();
    assert_eq!(
        e.message,
        "the server expects 0 arguments for this query, 1 was passed"
    );
}

#[test]
fn several_statements_take_no_parameters() {
    let mut db = Database::open_in_memory().unwrap();
    let e = db
        .execute("SELECT $1; SELECT 2", &[SqlValue::Int(1)])
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(e.exception_name(), "PostgresSyntaxError");
    assert_eq!(e.sqlstate(), Some("42601"));
    assert_eq!(
        e.message,
        "cannot insert multiple commands into a prepared statement"
    );
}

#[test]
fn execute_many_runs_once_per_row_all_or_nothing() {
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE t (id SERIAL PRIMARY KEY, name TEXT UNIQUE, n INTEGER)",
        &[],
    )
    .unwrap();
    let rows = vec![
        vec![SqlValue::Int(1), text("a")],
        vec![SqlValue::Int(2), text("b")],
        vec![SqlValue::Int(3), text("c")],
    ];
    let r = db
        .execute_many("INSERT INTO t (n, name) VALUES ($1, $2)", &rows)
        .unwrap();
    assert_eq!(r.status, "INSERT 0 3");
    assert!(r.rows.is_empty());
    let r = db
        .execute_many(
            "UPDATE t SET n = n * 10 WHERE name = $1",
            &[vec![text("a")], vec![text("b")], vec![text("zzz")]],
        )
        .unwrap();
    assert_eq!(r.status, "UPDATE 2");

    // The third row breaks the unique constraint: the first two are undone.
    let bad = vec![
        vec![SqlValue::Int(4), text("d")],
        vec![SqlValue::Int(5), text("e")],
        vec![SqlValue::Int(6), text("a")],
    ];
    let e = db
        .execute_many("INSERT INTO t (n, name) VALUES ($1, $2)", &bad)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::UniqueViolation);
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"t_name_key\""
    );
    let r = db.execute("SELECT count(*) FROM t", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(3)]]);

    let e = db
        .execute_many(
            "INSERT INTO t (n, name) VALUES ($1, $2)",
            &[vec![SqlValue::Int(1)]],
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "the server expects 2 arguments for this query, 1 was passed"
    );
    assert_eq!(
        db.execute_many("SELECT 1; SELECT 2", &[])
            .unwrap_err()
            .message,
        "cannot insert multiple commands into a prepared statement"
    );
}
