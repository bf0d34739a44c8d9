//! Transactions follow PostgreSQL's rules, driven by the statements
//! asyncpg's `Transaction` sends (`BEGIN`, `SAVEPOINT`, `RELEASE
//! SAVEPOINT`, `ROLLBACK TO`, `COMMIT`, `ROLLBACK`).

#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_sql::{Database, ErrorKind, SqlValue};

fn db() -> Database {
    let mut db = Database::open_in_memory().unwrap();
    db.execute("CREATE TABLE t (n INTEGER UNIQUE)", &[])
        .unwrap();
    db
}

fn run(db: &mut Database, sql: &str) -> String {
    db.execute(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .status
}

fn numbers(db: &mut Database) -> Vec<i64> {
    db.execute("SELECT n FROM t ORDER BY n", &[])
        .unwrap()
        .rows
        .into_iter()
        .map(|r| match r[0] {
            SqlValue::Int(n) => n,
            ref other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn commit_keeps_and_rollback_undoes() {
    let mut db = db();
    assert_eq!(run(&mut db, "BEGIN"), "BEGIN");
    assert!(db.in_transaction());
    run(&mut db, "INSERT INTO t VALUES (1)");
    assert_eq!(run(&mut db, "COMMIT"), "COMMIT");
    assert!(!db.in_transaction());
    run(&mut db, "BEGIN ISOLATION LEVEL SERIALIZABLE");
    run(&mut db, "INSERT INTO t VALUES (2)");
    assert_eq!(numbers(&mut db), [1, 2]);
    assert_eq!(run(&mut db, "ROLLBACK"), "ROLLBACK");
    assert_eq!(numbers(&mut db), [1]);
}

#[test]
fn savepoints_nest_and_roll_back_partially() {
    let mut db = db();
    run(&mut db, "BEGIN");
    run(&mut db, "INSERT INTO t VALUES (1)");
    assert_eq!(run(&mut db, "SAVEPOINT a"), "SAVEPOINT");
    run(&mut db, "INSERT INTO t VALUES (2)");
    run(&mut db, "SAVEPOINT b");
    run(&mut db, "INSERT INTO t VALUES (3)");
    assert_eq!(run(&mut db, "ROLLBACK TO SAVEPOINT b"), "ROLLBACK");
    assert_eq!(run(&mut db, "RELEASE SAVEPOINT b"), "RELEASE");
    assert_eq!(run(&mut db, "RELEASE SAVEPOINT a"), "RELEASE");
    assert!(
        db.in_transaction(),
        "releasing a savepoint does not end the transaction"
    );
    assert_eq!(run(&mut db, "COMMIT"), "COMMIT");
    assert_eq!(numbers(&mut db), [1, 2]);
}

#[test]
fn after_an_error_only_rollback_is_accepted() {
    let mut db = db();
    run(&mut db, "BEGIN");
    run(&mut db, "INSERT INTO t VALUES (1)");
    let e = db.execute("INSERT INTO t VALUES (1)", &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UniqueViolation);
    let e = db.execute("SELECT 1", &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InFailedSqlTransaction);
    assert_eq!(e.exception_name(), "InFailedSQLTransactionError");
    assert_eq!(e.sqlstate(), Some("25P02"));
    assert_eq!(
        e.message,
        "current transaction is aborted, commands ignored until end of transaction block"
    );
    // COMMIT of a failed transaction rolls it back, and says so.
    assert_eq!(run(&mut db, "COMMIT"), "ROLLBACK");
    assert_eq!(numbers(&mut db), Vec::<i64>::new());
}

#[test]
fn rollback_to_a_savepoint_recovers_a_failed_transaction() {
    let mut db = db();
    run(&mut db, "BEGIN");
    run(&mut db, "INSERT INTO t VALUES (1)");
    run(&mut db, "SAVEPOINT sp");
    assert!(db.execute("INSERT INTO t VALUES (1)", &[]).is_err());
    assert!(db.execute("INSERT INTO t VALUES (2)", &[]).is_err());
    assert_eq!(run(&mut db, "ROLLBACK TO sp"), "ROLLBACK");
    run(&mut db, "INSERT INTO t VALUES (3)");
    run(&mut db, "COMMIT");
    assert_eq!(numbers(&mut db), [1, 3]);
}

#[test]
fn postgresql_rules_outside_and_inside_transactions() {
    let mut db = db();
    // PostgreSQL only warns about these two.
    assert_eq!(run(&mut db, "COMMIT"), "COMMIT");
    assert_eq!(run(&mut db, "ROLLBACK"), "ROLLBACK");
    run(&mut db, "BEGIN");
    assert_eq!(run(&mut db, "BEGIN"), "BEGIN");
    assert!(db.in_transaction());
    run(&mut db, "ROLLBACK");
    for (sql, message) in [
        (
            "SAVEPOINT a",
            "SAVEPOINT can only be used in transaction blocks",
        ),
        (
            "RELEASE SAVEPOINT a",
            "RELEASE SAVEPOINT can only be used in transaction blocks",
        ),
        (
            "ROLLBACK TO SAVEPOINT a",
            "ROLLBACK TO SAVEPOINT can only be used in transaction blocks",
        ),
    ] {
        let e = db.execute(sql, &[]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NoActiveSqlTransaction);
        assert_eq!(e.exception_name(), "NoActiveSQLTransactionError");
        assert_eq!(e.sqlstate(), Some("25P01"));
        assert_eq!(e.message, message);
        assert!(!db.in_transaction());
    }
    run(&mut db, "BEGIN");
    let e = db.execute("ROLLBACK TO SAVEPOINT nope", &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidSavepointSpecification);
    assert_eq!(e.exception_name(), "InvalidSavepointSpecificationError");
    assert_eq!(e.sqlstate(), Some("3B001"));
    assert_eq!(e.message, "savepoint \"nope\" does not exist");
    let e = db.execute("RELEASE SAVEPOINT nope", &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InFailedSqlTransaction);
    run(&mut db, "ROLLBACK");
}

#[test]
fn several_statements_are_one_implicit_transaction() {
    let mut db = db();
    let e = db
        .execute(
            "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (1)",
            &[],
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::UniqueViolation);
    assert_eq!(numbers(&mut db), Vec::<i64>::new());
    assert!(!db.in_transaction());
    // With their own BEGIN and COMMIT they manage themselves.
    run(
        &mut db,
        "BEGIN; INSERT INTO t VALUES (5); COMMIT; INSERT INTO t VALUES (6)",
    );
    assert_eq!(numbers(&mut db), [5, 6]);
}

#[test]
fn execute_many_inside_a_transaction_fails_it() {
    let mut db = db();
    run(&mut db, "BEGIN");
    let rows = vec![vec![SqlValue::Int(1)], vec![SqlValue::Int(1)]];
    assert!(db.execute_many("INSERT INTO t VALUES ($1)", &rows).is_err());
    let e = db.execute("SELECT 1", &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InFailedSqlTransaction);
    run(&mut db, "ROLLBACK");
    assert_eq!(run(&mut db, "SELECT 1"), "SELECT 1");
}

#[test]
fn an_interface_error_does_not_fail_the_transaction() {
    let mut db = db();
    run(&mut db, "BEGIN");
    assert!(db.execute("SELECT $1", &[]).is_err());
    assert_eq!(run(&mut db, "SELECT 1"), "SELECT 1");
    run(&mut db, "COMMIT");
}
