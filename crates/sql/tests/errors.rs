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

// ---------------------------------------------------------------------
// Details, hints and fields, as asyncpg 0.32 + PostgreSQL 15 give them.
// The texts are those of tests/io-corpus (programs 16, 18, 20, 23, 24),
// recorded from CPython and checked there against the real server.

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.into())
}

/// What `print(type(e).__name__, e, "| sqlstate", e.sqlstate)` prints.
fn printed(e: &SqlError) -> String {
    format!(
        "{} {} | sqlstate {}",
        e.exception_name(),
        e.display_text(),
        e.sqlstate().unwrap_or("None")
    )
}

/// The two tables of io-corpus program 20, with its one user.
fn program_20() -> Database {
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)",
        &[],
    )
    .unwrap();
    db.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER CHECK (qty > 0))",
        &[],
    )
    .unwrap();
    db.execute(
        "INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com')",
        &[],
    )
    .unwrap();
    db
}

#[test]
fn str_of_an_error_adds_detail_and_hint_lines() {
    let mut db = program_20();
    let attempts: [(&str, Vec<SqlValue>, &str); 8] = [
        (
            "SELECT * FROM nope",
            vec![],
            "UndefinedTableError relation \"nope\" does not exist | sqlstate 42P01",
        ),
        (
            "SELEC 1",
            vec![],
            "PostgresSyntaxError syntax error at or near \"SELEC\" | sqlstate 42601",
        ),
        (
            "INSERT INTO users (name, email) VALUES ($1, $2)",
            vec![text("Ada 2"), text("ada@example.com")],
            "UniqueViolationError duplicate key value violates unique constraint \"users_email_key\"\n\
             DETAIL:  Key (email)=(ada@example.com) already exists. | sqlstate 23505",
        ),
        (
            "INSERT INTO t (id, name, qty) VALUES ($1, $2, $3)",
            vec![SqlValue::Int(1), SqlValue::Null, SqlValue::Int(5)],
            "NotNullViolationError null value in column \"name\" of relation \"t\" violates not-null constraint\n\
             DETAIL:  Failing row contains (1, null, 5). | sqlstate 23502",
        ),
        (
            "INSERT INTO t (id, name, qty) VALUES (2, 'box', 0)",
            vec![],
            "CheckViolationError new row for relation \"t\" violates check constraint \"t_qty_check\"\n\
             DETAIL:  Failing row contains (2, box, 0). | sqlstate 23514",
        ),
        (
            "CREATE TABLE users (x INTEGER)",
            vec![],
            "DuplicateTableError relation \"users\" already exists | sqlstate 42P07",
        ),
        (
            "DROP TABLE nope",
            vec![],
            "UndefinedTableError table \"nope\" does not exist | sqlstate 42P01",
        ),
        (
            "INSERT INTO nope VALUES (1)",
            vec![],
            "UndefinedTableError relation \"nope\" does not exist | sqlstate 42P01",
        ),
    ];
    for (sql, params, expected) in attempts {
        let e = db.execute(sql, &params).unwrap_err();
        assert_eq!(printed(&e), expected, "{sql}");
    }
}

#[test]
fn integrity_errors_carry_postgresqls_fields() {
    let mut db = program_20();
    let e = db
        .execute(
            "INSERT INTO users (name, email) VALUES ($1, $2)",
            &[text("Copy"), text("ada@example.com")],
        )
        .unwrap_err();
    // message: / detail: / fields: of program 20
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"users_email_key\""
    );
    assert_eq!(
        e.detail.as_deref(),
        Some("Key (email)=(ada@example.com) already exists.")
    );
    assert_eq!(e.table_name.as_deref(), Some("users"));
    assert_eq!(e.constraint_name.as_deref(), Some("users_email_key"));
    assert_eq!(e.schema_name.as_deref(), Some("public"));
    assert_eq!(e.column_name, None);
    assert_eq!(e.hint, None);
    // Display stays the message alone.
    assert_eq!(e.to_string(), e.message);

    let e = error(&mut db, "INSERT INTO t (id, name, qty) VALUES (3, NULL, 1)");
    assert_eq!(e.table_name.as_deref(), Some("t"));
    assert_eq!(e.column_name.as_deref(), Some("name"));
    assert_eq!(
        e.detail.as_deref(),
        Some("Failing row contains (3, null, 1).")
    );
    assert_eq!(e.constraint_name, None);

    let e = error(
        &mut db,
        "INSERT INTO t (id, name, qty) VALUES (2, 'box', 0)",
    );
    assert_eq!(e.constraint_name.as_deref(), Some("t_qty_check"));
    assert_eq!(e.table_name.as_deref(), Some("t"));
    assert_eq!(e.schema_name.as_deref(), Some("public"));

    // Errors that are not about a table have none of these.
    let e = error(&mut db, "SELECT * FROM nope");
    assert_eq!(
        (e.detail, e.hint, e.schema_name, e.table_name),
        (None, None, None, None)
    );
}

#[test]
fn the_wrong_number_of_arguments_has_asyncpgs_hint() {
    // Program 16.
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE scores (player TEXT NOT NULL, game TEXT NOT NULL, points INTEGER)",
        &[],
    )
    .unwrap();
    let e = db
        .execute(
            "SELECT * FROM scores WHERE player = $1 AND game = $2",
            &[text("ann")],
        )
        .unwrap_err();
    assert_eq!(e.exception_name(), "InterfaceError");
    assert_eq!(
        e.display_text(),
        "the server expects 2 arguments for this query, 1 was passed\n\
         HINT:  Check the query against the passed list of arguments."
    );
    assert_eq!(e.detail, None);
    let e = db
        .execute(
            "SELECT * FROM scores WHERE player = $1",
            &[text("ann"), text("go")],
        )
        .unwrap_err();
    assert_eq!(
        e.display_text().lines().next(),
        Some("the server expects 1 argument for this query, 2 were passed")
    );
    // With no parameters at all asyncpg adds a note (its own text, double
    // spaces included: asyncpg 0.32's prepared_stmt.pyx).
    let e = db
        .execute("SELECT count(*) FROM scores", &[SqlValue::Int(1)])
        .unwrap_err();
    assert_eq!(
        e.display_text(),
        "the server expects 0 arguments for this query, 1 was passed\n\
         HINT:  Check the query against the passed list of arguments.  \
         Note that parameters are supported only in SELECT, INSERT, UPDATE, DELETE, MERGE \
         and VALUES statements, and will *not* work in statements  like CREATE VIEW or \
         DECLARE CURSOR."
    );
}

#[test]
fn the_constraint_name_of_a_failed_insert_and_update() {
    // Program 18.
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)",
        &[],
    )
    .unwrap();
    let add = "INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id";
    db.execute(add, &[text("Ada"), text("ada@example.com")])
        .unwrap();
    let e = db
        .execute(add, &[text("Ada again"), text("ada@example.com")])
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::UniqueViolation);
    assert_eq!(e.constraint_name.as_deref(), Some("users_email_key"));

    // Program 23: an UPDATE inside a transaction breaks a CHECK.
    db.execute(
        "CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0))",
        &[],
    )
    .unwrap();
    db.execute_many(
        "INSERT INTO accounts VALUES ($1, $2)",
        &[
            vec![text("ann"), SqlValue::Int(100)],
            vec![text("ben"), SqlValue::Int(100)],
            vec![text("cat"), SqlValue::Int(100)],
        ],
    )
    .unwrap();
    db.execute("BEGIN", &[]).unwrap();
    db.execute(
        "UPDATE accounts SET balance = balance + $1 WHERE name = $2",
        &[SqlValue::Int(1000), text("ben")],
    )
    .unwrap();
    let e = db
        .execute(
            "UPDATE accounts SET balance = balance + $1 WHERE name = $2",
            &[SqlValue::Int(-1000), text("cat")],
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::CheckViolation);
    assert_eq!(e.constraint_name.as_deref(), Some("accounts_balance_check"));
    // The row after the update, as PostgreSQL quotes it.
    assert_eq!(
        e.detail.as_deref(),
        Some("Failing row contains (cat, -900).")
    );
    // The probe did not disturb the transaction: the first update is
    // still there until the rollback, and PostgreSQL's rule holds.
    assert_eq!(
        db.execute("SELECT 1", &[]).unwrap_err().kind,
        ErrorKind::InFailedSqlTransaction
    );
    db.execute("ROLLBACK", &[]).unwrap();
    let r = db
        .execute("SELECT balance FROM accounts ORDER BY name", &[])
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(100)]; 3]);
}

#[test]
fn execute_many_reports_the_duplicate_key_of_the_failing_row() {
    // Program 24: importing the same rows again, inside a transaction.
    let mut db = Database::open_in_memory().unwrap();
    db.execute(
        "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, name TEXT NOT NULL, city TEXT)",
        &[],
    )
    .unwrap();
    let rows = vec![
        vec![text("ada@example.com"), text("Ada"), text("London")],
        vec![text("alan@example.com"), text("Alan"), text("Wilmslow")],
        vec![text("grace@example.com"), text("Grace"), text("Arlington")],
    ];
    let insert = "INSERT INTO users (email, name, city) VALUES ($1, $2, $3)";
    db.execute_many(insert, &rows).unwrap();
    db.execute("BEGIN", &[]).unwrap();
    let e = db.execute_many(insert, &rows).unwrap_err();
    db.execute("ROLLBACK", &[]).unwrap();
    assert_eq!(
        e.display_text().lines().last(),
        Some("DETAIL:  Key (email)=(ada@example.com) already exists.")
    );
    // A row that clashes with an earlier row of the same batch: that row
    // is undone with the rest, but only after the diagnosis saw it.
    let e = db
        .execute_many(
            insert,
            &[
                vec![text("new@example.com"), text("New"), SqlValue::Null],
                vec![text("new@example.com"), text("Again"), SqlValue::Null],
            ],
        )
        .unwrap_err();
    assert_eq!(
        e.detail.as_deref(),
        Some("Key (email)=(new@example.com) already exists.")
    );
    let r = db.execute("SELECT count(*) FROM users", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(3)]]);
}

#[test]
fn foreign_key_details_name_the_key() {
    let mut db = db();
    let e = error(
        &mut db,
        "INSERT INTO posts (user_id, title) VALUES (99, 'orphan')",
    );
    assert_eq!(
        e.display_text(),
        "insert or update on table \"posts\" violates foreign key constraint \"posts_user_id_fkey\"\n\
         DETAIL:  Key (user_id)=(99) is not present in table \"users\"."
    );
    assert_eq!(e.constraint_name.as_deref(), Some("posts_user_id_fkey"));
    assert_eq!(e.table_name.as_deref(), Some("posts"));
    assert_eq!(e.schema_name.as_deref(), Some("public"));
    // Deleting a referenced row: PostgreSQL's ri_ReportViolation names the
    // parent's key and, in table_name, the referencing table.
    let e = error(&mut db, "DELETE FROM users WHERE id = 1");
    assert_eq!(
        e.detail.as_deref(),
        Some("Key (id)=(1) is still referenced from table \"posts\".")
    );
    assert_eq!(e.table_name.as_deref(), Some("posts"));
    assert_eq!(e.constraint_name.as_deref(), Some("posts_user_id_fkey"));
}

#[test]
fn the_failing_row_is_printed_as_postgresql_prints_values() {
    let mut db = db();
    // An id the serial would have given, not SQLite's placeholder.
    let e = db
        .execute(
            "INSERT INTO users (name, email) VALUES ($1, $2)",
            &[SqlValue::Null, text("x@y")],
        )
        .unwrap_err();
    assert_eq!(
        e.detail.as_deref(),
        Some("Failing row contains (2, null, x@y).")
    );
    // Booleans t/f, floats in float8's shortest form, bytes in hex, and
    // long values cut at 64 bytes with "..." (ExecBuildSlotValueDescription).
    db.execute(
        "CREATE TABLE k (id SERIAL PRIMARY KEY, ok BOOLEAN DEFAULT true, f REAL, b BYTEA, note TEXT, n INTEGER CHECK (n < 100))",
        &[],
    )
    .unwrap();
    let long = format!("é{}", "x".repeat(70));
    let e = db
        .execute(
            "INSERT INTO k (f, b, note, n) VALUES ($1, $2, $3, 100)",
            &[
                SqlValue::Float(1.5e20),
                SqlValue::Bytes(vec![1, 255]),
                text(&long),
            ],
        )
        .unwrap_err();
    assert_eq!(
        e.detail.as_deref(),
        Some(
            format!(
                "Failing row contains (1, t, 1.5e+20, \\x01ff, é{}..., 100).",
                "x".repeat(62)
            )
            .as_str()
        )
    );
    let e = db
        .execute(
            "INSERT INTO k (ok, f, n) VALUES ($1, $2, $3)",
            &[
                SqlValue::Bool(false),
                SqlValue::Float(2.0),
                SqlValue::Int(250),
            ],
        )
        .unwrap_err();
    assert_eq!(
        e.detail.as_deref(),
        Some("Failing row contains (1, f, 2, null, null, 250).")
    );
    let e = error(&mut db, "INSERT INTO k (f, n) VALUES (0.00001, 101)");
    assert_eq!(
        e.detail.as_deref(),
        Some("Failing row contains (1, t, 1e-05, null, null, 101).")
    );
    // The row of an UPDATE is the row after it.
    let e = error(&mut db, "UPDATE users SET name = NULL");
    assert_eq!(
        e.detail.as_deref(),
        Some("Failing row contains (1, null, ada@example.com).")
    );
}

#[test]
fn quoted_names_keep_their_case_in_keys() {
    let mut db = db();
    db.execute(
        "CREATE TABLE \"Odd\" (\"Key\" TEXT PRIMARY KEY, \"order\" INTEGER UNIQUE)",
        &[],
    )
    .unwrap();
    db.execute("INSERT INTO \"Odd\" VALUES ('a', 1)", &[])
        .unwrap();
    let e = error(&mut db, "INSERT INTO \"Odd\" VALUES ('a', 2)");
    assert_eq!(e.constraint_name.as_deref(), Some("Odd_pkey"));
    assert_eq!(e.table_name.as_deref(), Some("Odd"));
    assert_eq!(
        e.detail.as_deref(),
        Some("Key (\"Key\")=(a) already exists.")
    );
    // A reserved word is quoted too, as quote_identifier quotes it.
    let e = error(&mut db, "INSERT INTO \"Odd\" VALUES ('b', 1)");
    assert_eq!(
        e.detail.as_deref(),
        Some("Key (\"order\")=(1) already exists.")
    );
}

#[test]
fn an_unknown_function_has_postgresqls_hint() {
    let mut db = db();
    let e = error(&mut db, "SELECT frobnicate(1)");
    assert_eq!(
        e.display_text(),
        "function frobnicate(integer) does not exist\n\
         HINT:  No function matches the given name and argument types. \
         You might need to add explicit type casts."
    );
}

#[test]
fn the_probes_leave_nothing_behind() {
    let mut db = db();
    error(&mut db, "INSERT INTO users (name) VALUES (NULL)");
    error(&mut db, "INSERT INTO posts (user_id) VALUES (99)");
    let r = db
        .execute("SELECT count(*) FROM sqlite_temp_schema", &[])
        .unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(0)]]);
    let e = error(&mut db, "SELECT looplab_capture_row(1)");
    assert_eq!(e.kind, ErrorKind::UndefinedFunction);
    let r = db.execute("SELECT count(*) FROM users", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(1)]]);
    assert!(!db.in_transaction());
}

#[test]
fn empty_detail_and_hint_add_no_lines() {
    // asyncpg tests `if self.detail:`, so an empty one prints nothing.
    let e = SqlError::new(ErrorKind::Other, "boom")
        .with_detail("")
        .with_hint("");
    assert_eq!(e.display_text(), "boom");
    let e = SqlError::new(ErrorKind::Other, "boom")
        .with_detail("d")
        .with_hint("h");
    assert_eq!(e.display_text(), "boom\nDETAIL:  d\nHINT:  h");
}
