//! SQLite's errors come out as asyncpg's exceptions with PostgreSQL's
//! messages (as PostgreSQL 13+ words them).

#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_sql::{Database, ErrorKind, SqlError, SqlValue};

fn db() -> Database {
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE users (
            id SERIAL PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT UNIQUE
         );
         CREATE TABLE posts (
            id SERIAL PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users (id),
            title TEXT
         );
         CREATE TABLE products (
            id SERIAL PRIMARY KEY,
            price NUMERIC CHECK (price > 0),
            low INTEGER,
            high INTEGER,
            code TEXT,
            CHECK (low < high),
            CONSTRAINT short_code CHECK (length(code) < 5)
         );
         INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com');
         INSERT INTO posts (user_id, title) VALUES (1, 'hello');",
        &[],
    )
    .unwrap();
    db
}

fn error(db: &mut Database, sql: &str) -> SqlError {
    match db.execute(sql, &[]) {
        Ok(r) => panic!("{sql} succeeded: {r:?}"),
        Err(e) => e,
    }
}

fn check(e: &SqlError, kind: ErrorKind, class: &str, sqlstate: &str, message: &str) {
    assert_eq!(e.kind, kind, "{e:?}");
    assert_eq!(e.exception_name(), class);
    assert_eq!(e.sqlstate(), Some(sqlstate));
    assert_eq!(e.message, message);
    assert_eq!(e.to_string(), message);
}

#[test]
fn missing_tables_and_columns() {
    let mut db = db();
    let e = error(&mut db, "SELECT * FROM nope");
    check(
        &e,
        ErrorKind::UndefinedTable,
        "UndefinedTableError",
        "42P01",
        "relation \"nope\" does not exist",
    );
    // Unquoted names fold to lower case, as PostgreSQL folds them.
    let e = error(&mut db, "SELECT * FROM Nope");
    assert_eq!(e.message, "relation \"nope\" does not exist");
    let e = error(&mut db, "DROP TABLE nope");
    check(
        &e,
        ErrorKind::UndefinedTable,
        "UndefinedTableError",
        "42P01",
        "table \"nope\" does not exist",
    );
    let e = error(&mut db, "SELECT x FROM users");
    check(
        &e,
        ErrorKind::UndefinedColumn,
        "UndefinedColumnError",
        "42703",
        "column \"x\" does not exist",
    );
    let e = error(&mut db, "SELECT u.nope FROM users u");
    assert_eq!(e.message, "column u.nope does not exist");
    // Double quotes make an identifier, never a string.
    let e = error(&mut db, "SELECT * FROM users WHERE name = \"Ada\"");
    assert_eq!(e.message, "column \"Ada\" does not exist");
    let e = error(&mut db, "INSERT INTO users (name, age) VALUES ('x', 3)");
    check(
        &e,
        ErrorKind::UndefinedColumn,
        "UndefinedColumnError",
        "42703",
        "column \"age\" of relation \"users\" does not exist",
    );
    let e = error(
        &mut db,
        "SELECT id FROM users JOIN posts ON posts.user_id = users.id",
    );
    check(
        &e,
        ErrorKind::AmbiguousColumn,
        "AmbiguousColumnError",
        "42702",
        "column reference \"id\" is ambiguous",
    );
    let e = error(&mut db, "DROP INDEX nope");
    check(
        &e,
        ErrorKind::UndefinedObject,
        "UndefinedObjectError",
        "42704",
        "index \"nope\" does not exist",
    );
}

#[test]
fn things_that_exist_already() {
    let mut db = db();
    let e = error(&mut db, "CREATE TABLE users (id INTEGER)");
    check(
        &e,
        ErrorKind::DuplicateTable,
        "DuplicateTableError",
        "42P07",
        "relation \"users\" already exists",
    );
    let e = error(&mut db, "CREATE TABLE t (a INTEGER, a TEXT)");
    check(
        &e,
        ErrorKind::DuplicateColumn,
        "DuplicateColumnError",
        "42701",
        "column \"a\" specified more than once",
    );
    let e = error(&mut db, "ALTER TABLE users ADD COLUMN name TEXT");
    assert_eq!(
        e.message,
        "column \"name\" of relation \"users\" already exists"
    );
}

#[test]
fn unique_violations_name_the_constraint_as_postgresql_does() {
    let mut db = db();
    let e = error(
        &mut db,
        "INSERT INTO users (name, email) VALUES ('Ada 2', 'ada@example.com')",
    );
    check(
        &e,
        ErrorKind::UniqueViolation,
        "UniqueViolationError",
        "23505",
        "duplicate key value violates unique constraint \"users_email_key\"",
    );
    assert!(e.is_integrity_violation());
    let e = error(&mut db, "INSERT INTO users (id, name) VALUES (1, 'again')");
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"users_pkey\""
    );
    db.execute(
        "CREATE TABLE tags (name TEXT PRIMARY KEY, a INTEGER, b INTEGER, UNIQUE (a, b))",
        &[],
    )
    .unwrap();
    db.execute("INSERT INTO tags VALUES ('x', 1, 2)", &[])
        .unwrap();
    let e = error(&mut db, "INSERT INTO tags VALUES ('x', 3, 4)");
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"tags_pkey\""
    );
    let e = error(&mut db, "INSERT INTO tags VALUES ('y', 1, 2)");
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"tags_a_b_key\""
    );
    db.execute("CREATE UNIQUE INDEX users_lower_name ON users (name)", &[])
        .unwrap();
    let e = error(&mut db, "INSERT INTO users (name) VALUES ('Ada')");
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"users_lower_name\""
    );
}

#[test]
fn not_null_violation() {
    let mut db = db();
    let e = db
        .execute(
            "INSERT INTO users (name, email) VALUES ($1, $2)",
            &[SqlValue::Null, SqlValue::Text("x@y".into())],
        )
        .unwrap_err();
    check(
        &e,
        ErrorKind::NotNullViolation,
        "NotNullViolationError",
        "23502",
        "null value in column \"name\" of relation \"users\" violates not-null constraint",
    );
}

#[test]
fn foreign_key_violations_name_the_key_and_the_side() {
    let mut db = db();
    let e = error(
        &mut db,
        "INSERT INTO posts (user_id, title) VALUES (99, 'orphan')",
    );
    check(
        &e,
        ErrorKind::ForeignKeyViolation,
        "ForeignKeyViolationError",
        "23503",
        "insert or update on table \"posts\" violates foreign key constraint \"posts_user_id_fkey\"",
    );
    let e = error(&mut db, "UPDATE posts SET user_id = 42");
    assert_eq!(
        e.message,
        "insert or update on table \"posts\" violates foreign key constraint \"posts_user_id_fkey\""
    );
    let e = error(&mut db, "DELETE FROM users WHERE id = 1");
    assert_eq!(
        e.message,
        "update or delete on table \"users\" violates foreign key constraint \"posts_user_id_fkey\" on table \"posts\""
    );
    // The probe that found the key left nothing behind.
    let r = db.execute("SELECT count(*) FROM posts", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(1)]]);
    assert!(!db.in_transaction());
}

#[test]
fn check_violations() {
    let mut db = db();
    let e = error(&mut db, "INSERT INTO products (price) VALUES (0)");
    check(
        &e,
        ErrorKind::CheckViolation,
        "CheckViolationError",
        "23514",
        "new row for relation \"products\" violates check constraint \"products_price_check\"",
    );
    let e = error(
        &mut db,
        "INSERT INTO products (price, low, high) VALUES (1, 5, 2)",
    );
    assert_eq!(
        e.message,
        "new row for relation \"products\" violates check constraint \"products_check\""
    );
    let e = error(
        &mut db,
        "INSERT INTO products (price, code) VALUES (1, 'toolong')",
    );
    assert_eq!(
        e.message,
        "new row for relation \"products\" violates check constraint \"short_code\""
    );
}

#[test]
fn syntax_errors() {
    let mut db = db();
    let e = error(&mut db, "SELEC * FROM users");
    check(
        &e,
        ErrorKind::Syntax,
        "PostgresSyntaxError",
        "42601",
        "syntax error at or near \"SELEC\"",
    );
    assert!(e.is_syntax_or_access());
    let e = error(&mut db, "SELECT * FROM users WHERE");
    assert_eq!(e.message, "syntax error at end of input");
    let e = error(&mut db, "SELECT (1");
    assert_eq!(e.message, "syntax error at end of input");
    let e = error(&mut db, "SELECT 'open");
    assert_eq!(e.message, "unterminated quoted string at or near \"'open\"");
    let e = error(&mut db, "SELECT 1 UNION SELECT 1, 2");
    assert_eq!(
        e.message,
        "each UNION query must have the same number of columns"
    );
    let e = error(&mut db, "INSERT INTO users (name) VALUES ('a', 'b')");
    assert_eq!(e.message, "INSERT has more expressions than target columns");
    let e = error(&mut db, "INSERT INTO users (name, email) VALUES ('a')");
    assert_eq!(e.message, "INSERT has more target columns than expressions");
}

#[test]
fn unknown_functions() {
    let mut db = db();
    let e = error(&mut db, "SELECT frobnicate(1, 'a', 2.5)");
    check(
        &e,
        ErrorKind::UndefinedFunction,
        "UndefinedFunctionError",
        "42883",
        "function frobnicate(integer, unknown, numeric) does not exist",
    );
    let e = error(&mut db, "SELECT gen_random_uuid()");
    assert_eq!(e.message, "function gen_random_uuid() does not exist");
}

#[test]
fn sqlstates_and_classes_of_every_kind() {
    let kinds = [
        (
            ErrorKind::UndefinedTable,
            "UndefinedTableError",
            Some("42P01"),
        ),
        (
            ErrorKind::UndefinedColumn,
            "UndefinedColumnError",
            Some("42703"),
        ),
        (
            ErrorKind::UndefinedFunction,
            "UndefinedFunctionError",
            Some("42883"),
        ),
        (
            ErrorKind::UndefinedObject,
            "UndefinedObjectError",
            Some("42704"),
        ),
        (
            ErrorKind::DuplicateTable,
            "DuplicateTableError",
            Some("42P07"),
        ),
        (
            ErrorKind::DuplicateColumn,
            "DuplicateColumnError",
            Some("42701"),
        ),
        (
            ErrorKind::AmbiguousColumn,
            "AmbiguousColumnError",
            Some("42702"),
        ),
        (
            ErrorKind::UniqueViolation,
            "UniqueViolationError",
            Some("23505"),
        ),
        (
            ErrorKind::NotNullViolation,
            "NotNullViolationError",
            Some("23502"),
        ),
        (
            ErrorKind::ForeignKeyViolation,
            "ForeignKeyViolationError",
            Some("23503"),
        ),
        (
            ErrorKind::CheckViolation,
            "CheckViolationError",
            Some("23514"),
        ),
        (ErrorKind::Syntax, "PostgresSyntaxError", Some("42601")),
        (ErrorKind::Data, "DataError", Some("22000")),
        (
            ErrorKind::NumericValueOutOfRange,
            "NumericValueOutOfRangeError",
            Some("22003"),
        ),
        (
            ErrorKind::NoActiveSqlTransaction,
            "NoActiveSQLTransactionError",
            Some("25P01"),
        ),
        (
            ErrorKind::InFailedSqlTransaction,
            "InFailedSQLTransactionError",
            Some("25P02"),
        ),
        (
            ErrorKind::InvalidSavepointSpecification,
            "InvalidSavepointSpecificationError",
            Some("3B001"),
        ),
        (
            ErrorKind::InvalidCatalogName,
            "InvalidCatalogNameError",
            Some("3D000"),
        ),
        (ErrorKind::Interface, "InterfaceError", None),
        (ErrorKind::Other, "PostgresError", None),
    ];
    for (kind, class, sqlstate) in kinds {
        assert_eq!(kind.exception_name(), class);
        assert_eq!(kind.sqlstate(), sqlstate);
    }
}

#[test]
fn integer_overflow_is_out_of_range() {
    let mut db = db();
    let e = error(
        &mut db,
        "SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)",
    );
    check(
        &e,
        ErrorKind::NumericValueOutOfRange,
        "NumericValueOutOfRangeError",
        "22003",
        "bigint out of range",
    );
}

#[test]
fn the_first_foreign_key_written_is_the_one_reported() {
    let mut db = db();
    db.execute(
        "CREATE TABLE likes (post_id INTEGER REFERENCES posts (id), user_id INTEGER REFERENCES users (id))",
        &[],
    )
    .unwrap();
    let e = error(&mut db, "INSERT INTO likes VALUES (98, 99)");
    assert_eq!(
        e.message,
        "insert or update on table \"likes\" violates foreign key constraint \"likes_post_id_fkey\""
    );
    let e = error(&mut db, "INSERT INTO likes VALUES (1, 99)");
    assert_eq!(
        e.message,
        "insert or update on table \"likes\" violates foreign key constraint \"likes_user_id_fkey\""
    );
    db.execute("INSERT INTO likes VALUES (1, 1)", &[]).unwrap();
    // posts was created before likes: its key is checked first.
    let e = error(&mut db, "DELETE FROM users");
    assert_eq!(
        e.message,
        "update or delete on table \"users\" violates foreign key constraint \"posts_user_id_fkey\" on table \"posts\""
    );
}

#[test]
fn errors_without_a_postgresql_counterpart_keep_sqlites_words() {
    let mut db = db();
    // Text for an integer id: PostgreSQL rejects it on input; SQLite's
    // message is all there is.
    let e = error(&mut db, "INSERT INTO users (id, name) VALUES ('abc', 'x')");
    check(
        &e,
        ErrorKind::Data,
        "DataError",
        "22000",
        "datatype mismatch",
    );
    let e = error(&mut db, "SELECT json('{not json')");
    assert_eq!(e.kind, ErrorKind::Other);
    assert_eq!(e.exception_name(), "PostgresError");
    assert_eq!(e.sqlstate(), None);
    assert_eq!(e.message, "malformed JSON");
}
