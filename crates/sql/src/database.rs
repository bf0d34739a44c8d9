//! One SQLite database that behaves, where a learner can tell, like a
//! PostgreSQL session driven by asyncpg.
//!
//! Invariants:
//!
//! - every statement goes through [`crate::translate`] first;
//! - `failed` is true exactly when a statement failed inside an explicit
//!   transaction and neither `ROLLBACK` nor `ROLLBACK TO` has run since:
//!   PostgreSQL then refuses every other command, and so does this;
//! - several statements in one `execute` (allowed only without parameters)
//!   run in one implicit transaction, as PostgreSQL's simple query protocol
//!   runs them, unless they manage transactions themselves;
//! - the statements that manage transactions follow PostgreSQL's rules,
//!   not SQLite's: `BEGIN` inside a transaction and `COMMIT` outside one
//!   are harmless (PostgreSQL only warns), savepoint commands outside a
//!   transaction are errors, `COMMIT` of a failed transaction rolls back.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};

use crate::demo::demo_script;
use crate::diagnose::{diagnose, Failure};
use crate::error::{ErrorKind, SqlError};
use crate::translate::{self, Command, Statement};
use crate::value::{Column, QueryResult, SqlValue, TableColumn, TableInfo};

/// An SQLite database spoken to in PostgreSQL's dialect. See the crate's
/// documentation for what is translated and how errors are worded.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    /// An error happened in the current transaction (see the module doc).
    failed: bool,
}

/// The first 16 bytes of every SQLite database file.
const IMAGE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A parameter handed to SQLite.
pub(crate) struct Bind<'a>(pub(crate) &'a SqlValue);

impl ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0 {
            SqlValue::Null => ValueRef::Null,
            SqlValue::Bool(b) => ValueRef::Integer(i64::from(*b)),
            SqlValue::Int(i) => ValueRef::Integer(*i),
            SqlValue::Float(f) => ValueRef::Real(*f),
            SqlValue::Text(s) => ValueRef::Text(s.as_bytes()),
            SqlValue::Bytes(b) => ValueRef::Blob(b),
        }))
    }
}

/// A value SQLite gave back, as a [`SqlValue`]; integers become booleans
/// when `boolean` (the column is declared `BOOLEAN`).
pub(crate) fn value(v: ValueRef<'_>, boolean: bool) -> SqlValue {
    match v {
        ValueRef::Null => SqlValue::Null,
        ValueRef::Integer(i) if boolean => SqlValue::Bool(i != 0),
        ValueRef::Integer(i) => SqlValue::Int(i),
        ValueRef::Real(f) => SqlValue::Float(f),
        ValueRef::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => SqlValue::Bytes(b.to_vec()),
    }
}

fn engine_error(e: &rusqlite::Error) -> SqlError {
    SqlError::new(ErrorKind::Other, e.to_string())
}

/// asyncpg's own check of the number of arguments, worded as asyncpg
/// words it, hint included (with asyncpg's note, double spaces and all,
/// when the statement takes no parameters).
fn check_arity(expected: usize, passed: usize) -> Result<(), SqlError> {
    if expected == passed {
        return Ok(());
    }
    let mut hint = String::from("Check the query against the passed list of arguments.");
    if expected == 0 {
        hint.push_str(
            "  Note that parameters are supported only in SELECT, INSERT, UPDATE, DELETE, \
             MERGE and VALUES statements, and will *not* work in statements  like CREATE \
             VIEW or DECLARE CURSOR.",
        );
    }
    Err(SqlError::new(
        ErrorKind::Interface,
        format!(
            "the server expects {expected} argument{} for this query, {passed} {} passed",
            if expected == 1 { "" } else { "s" },
            if passed == 1 { "was" } else { "were" },
        ),
    )
    .with_hint(hint))
}

fn multiple_commands() -> SqlError {
    SqlError::new(
        ErrorKind::Syntax,
        "cannot insert multiple commands into a prepared statement",
    )
}

fn in_failed_transaction() -> SqlError {
    SqlError::new(
        ErrorKind::InFailedSqlTransaction,
        "current transaction is aborted, commands ignored until end of transaction block",
    )
}

fn outside_transaction(command: &str) -> SqlError {
    SqlError::new(
        ErrorKind::NoActiveSqlTransaction,
        format!("{command} can only be used in transaction blocks"),
    )
}

impl Database {
    /// A new, empty database in memory.
    ///
    /// # Errors
    ///
    /// If SQLite cannot open one (out of memory).
    pub fn open_in_memory() -> Result<Database, SqlError> {
        Database::setup(Connection::open_in_memory())
    }

    /// The database in the file at `path`, created if missing.
    ///
    /// # Errors
    ///
    /// If SQLite cannot open or create the file.
    pub fn open_path(path: impl AsRef<Path>) -> Result<Database, SqlError> {
        Database::setup(Connection::open(path))
    }

    fn setup(conn: rusqlite::Result<Connection>) -> Result<Database, SqlError> {
        let conn = conn.map_err(|e| engine_error(&e))?;
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .map_err(|e| engine_error(&e))?;
        // "text" in double quotes is an identifier, as in PostgreSQL (the
        // wasm build compiles SQLite so; the native one is told here).
        use rusqlite::config::DbConfig;
        let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DML, false);
        let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DDL, false);
        register_now(&conn).map_err(|e| engine_error(&e))?;
        Ok(Database {
            conn,
            failed: false,
        })
    }

    /// A database opened from `image`, the bytes of an SQLite database
    /// file: one [`Database::to_image`] gave, or one any SQLite wrote (a
    /// file in WAL mode is read as of its last checkpoint, and saved
    /// again in rollback mode; an empty file is an empty database, as
    /// SQLite takes it). The database lives in memory, as one
    /// from [`Database::open_in_memory`] does, and behaves as one:
    /// foreign keys are enforced, `now()` is there, and what this crate
    /// knows of columns and constraints it reads from the schema.
    ///
    /// The image is checked (`PRAGMA quick_check`) before it is
    /// accepted, which reads every page once.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Interface`] error saying why, if the bytes are not
    /// an SQLite database file, or SQLite cannot read or finds damage in
    /// the database they hold; [`ErrorKind::Other`] if SQLite runs out of
    /// memory.
    ///
    /// ```
    /// use looplab_sql::{Database, SqlValue};
    ///
    /// let mut db = Database::open_in_memory()?;
    /// db.execute("CREATE TABLE t (id SERIAL PRIMARY KEY, done BOOLEAN)", &[])?;
    /// db.execute("INSERT INTO t (done) VALUES (TRUE)", &[])?;
    /// let image = db.to_image()?;
    /// assert!(image.starts_with(b"SQLite format 3\0"));
    ///
    /// let mut copy = Database::from_image(&image)?;
    /// let r = copy.execute("SELECT done FROM t", &[])?;
    /// assert_eq!(r.rows, vec![vec![SqlValue::Bool(true)]]);
    /// assert!(Database::from_image(b"not a database").is_err());
    /// # Ok::<(), looplab_sql::SqlError>(())
    /// ```
    pub fn from_image(image: &[u8]) -> Result<Database, SqlError> {
        let not_a_database = || {
            SqlError::new(
                ErrorKind::Interface,
                format!(
                    "cannot import: the bytes are not an SQLite database file ({} bytes, not beginning with \"SQLite format 3\")",
                    image.len()
                ),
            )
        };
        // SQLite takes an empty file for an empty database.
        if image.is_empty() {
            return Database::open_in_memory();
        }
        // The header alone is 100 bytes; the smallest database is one
        // page of at least 512.
        if image.len() < 512 || !image.starts_with(IMAGE_MAGIC) {
            return Err(not_a_database());
        }
        let mut database = Database::open_in_memory()?;
        // Bytes 18 and 19 are the file format's write and read versions,
        // 2 for WAL mode. An image has no WAL file beside it, and SQLite
        // will not open an in-memory image in WAL mode; the file is
        // complete as of its last checkpoint, so it is read in rollback
        // mode (1) instead, as SQLite's documentation suggests.
        let head = image.get(..18).unwrap_or_default();
        let rest = image.get(20..).unwrap_or_default();
        let rollback = |version: u8| if version == 2 { 1 } else { version };
        let versions: [u8; 2] = match image.get(18..20) {
            Some([write, read]) => [rollback(*write), rollback(*read)],
            _ => return Err(not_a_database()),
        };
        let reader = std::io::Read::chain(std::io::Read::chain(head, &versions[..]), rest);
        // SQLite copies the bytes into a buffer of its own. It is opened
        // resizeable, so pages are copied out of it as they are read,
        // never read in place: a damaged page cannot make SQLite read past
        // the buffer's end.
        database
            .conn
            .deserialize_read_exact(rusqlite::MAIN_DB, reader, image.len(), false)
            .map_err(|e| engine_error(&e))?;
        database.check_image()?;
        Ok(database)
    }

    /// Whether SQLite can read the whole of a newly imported image and
    /// finds it sound.
    fn check_image(&self) -> Result<(), SqlError> {
        let unreadable = |e: rusqlite::Error| {
            SqlError::new(
                ErrorKind::Interface,
                format!("cannot import: SQLite cannot read the image ({e})"),
            )
        };
        let mut check = self
            .conn
            .prepare("PRAGMA quick_check")
            .map_err(unreadable)?;
        let problems: Vec<String> = check
            .query_map([], |row| row.get(0))
            .map_err(unreadable)?
            .collect::<Result<_, _>>()
            .map_err(unreadable)?;
        match problems.as_slice() {
            [ok] if ok == "ok" => Ok(()),
            [] => Err(SqlError::new(
                ErrorKind::Interface,
                "cannot import: SQLite's check of the image said nothing",
            )),
            [first, more @ ..] => Err(SqlError::new(
                ErrorKind::Interface,
                format!(
                    "cannot import: the image is a damaged SQLite database ({}{})",
                    // SQLite heads its first finding with the schema's name.
                    first
                        .strip_prefix("*** in database main ***\n")
                        .unwrap_or(first),
                    match more.len() {
                        0 => String::new(),
                        1 => ", and 1 more problem".into(),
                        n => format!(", and {n} more problems"),
                    }
                ),
            )),
        }
    }

    /// The database as the bytes of an SQLite database file, which
    /// [`Database::from_image`] (or any SQLite: save it as `x.sqlite`)
    /// opens again. Temporary tables are not part of it.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Interface`] error inside an open transaction: the
    /// image would hold work that may yet be rolled back. An
    /// [`ErrorKind::Other`] error if SQLite runs out of memory.
    pub fn to_image(&mut self) -> Result<Vec<u8>, SqlError> {
        if self.in_transaction() {
            return Err(SqlError::new(
                ErrorKind::Interface,
                "cannot export inside a transaction: commit or roll back first (an image taken now would keep work that may still be rolled back)",
            ));
        }
        let image = self
            .conn
            .serialize(rusqlite::MAIN_DB)
            .map_err(|e| engine_error(&e))?;
        Ok(image.to_vec())
    }

    /// Creates and fills the demo tables `users`, `posts` and `comments`
    /// (see [`crate::demo`]).
    ///
    /// # Errors
    ///
    /// If the tables exist already (`DuplicateTable`).
    pub fn load_demo(&mut self) -> Result<(), SqlError> {
        self.execute(&demo_script(), &[]).map(|_| ())
    }

    /// Whether a transaction is open.
    pub fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }

    /// Runs PostgreSQL-flavoured `sql` with `params` (`$1` is
    /// `params[0]`) and returns its rows and command tag.
    ///
    /// Without parameters `sql` may hold several statements, run as one
    /// implicit transaction; the result is the last statement's. An empty
    /// `sql` gives an empty tag.
    ///
    /// # Errors
    ///
    /// An [`SqlError`] named and worded as PostgreSQL and asyncpg would
    /// report it: a syntax error, a missing table, a constraint violation,
    /// the wrong number of parameters (`InterfaceError`), several
    /// statements with parameters, any command but `ROLLBACK` after an
    /// error in a transaction…
    ///
    /// ```
    /// use looplab_sql::{Database, SqlValue};
    ///
    /// let mut db = Database::open_in_memory()?;
    /// db.execute("CREATE TABLE t (id SERIAL PRIMARY KEY, name TEXT)", &[])?;
    /// let r = db.execute(
    ///     "INSERT INTO t (name) VALUES ($1) RETURNING id",
    ///     &[SqlValue::Text("Ada".into())],
    /// )?;
    /// assert_eq!(r.status, "INSERT 0 1");
    /// assert_eq!(r.rows, vec![vec![SqlValue::Int(1)]]);
    /// # Ok::<(), looplab_sql::SqlError>(())
    /// ```
    pub fn execute(&mut self, sql: &str, params: &[SqlValue]) -> Result<QueryResult, SqlError> {
        let statements = statements(sql);
        if statements.is_empty() {
            check_arity(0, params.len())?;
            return Ok(QueryResult::tag(""));
        }
        if statements.len() > 1 && !params.is_empty() {
            return Err(self.fail(multiple_commands()));
        }
        let implicit = statements.len() > 1
            && self.conn.is_autocommit()
            && !statements
                .iter()
                .any(|s| s.command.is_transaction_control());
        if implicit {
            self.conn
                .execute_batch("BEGIN")
                .map_err(|e| engine_error(&e))?;
        }
        let mut last = QueryResult::default();
        for statement in &statements {
            match self.run(statement, params) {
                Ok(result) => last = result,
                Err(e) => {
                    if implicit {
                        let _ = self.conn.execute_batch("ROLLBACK");
                    }
                    return Err(self.fail(e));
                }
            }
        }
        if implicit {
            if let Err(e) = self.conn.execute_batch("COMMIT") {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(engine_error(&e));
            }
        }
        Ok(last)
    }

    /// Runs the one statement `sql` once for each list of parameters in
    /// `rows`, all or nothing, as asyncpg's `executemany` does. The
    /// result has no rows; its tag counts all runs (`INSERT 0 3`).
    ///
    /// # Errors
    ///
    /// As [`Database::execute`]; after an error no row's changes remain.
    pub fn execute_many(
        &mut self,
        sql: &str,
        rows: &[Vec<SqlValue>],
    ) -> Result<QueryResult, SqlError> {
        let statements = statements(sql);
        let statement = match statements.as_slice() {
            [] => return Ok(QueryResult::tag("")),
            [one] => one,
            _ => return Err(self.fail(multiple_commands())),
        };
        if statement.command.is_transaction_control() {
            let mut last = QueryResult::tag("");
            for row in rows {
                last = self.execute(sql, row)?;
            }
            return Ok(last);
        }
        if self.failed {
            return Err(in_failed_transaction());
        }
        self.conn
            .execute_batch("SAVEPOINT looplab_execute_many")
            .map_err(|e| engine_error(&e))?;
        let outcome = self.run_many(statement, rows);
        match outcome {
            Ok(total) => {
                let _ = self.conn.execute_batch("RELEASE looplab_execute_many");
                Ok(QueryResult::tag(self.tag_for(statement, total)))
            }
            Err((n, failure)) => {
                // Diagnosed before the earlier rows are undone: the
                // failing row may clash with one of them.
                let row = rows.get(n).map_or(&[][..], Vec::as_slice);
                let error = match failure {
                    Failure::Sql(e) => e,
                    failure => diagnose(&self.conn, statement, row, failure),
                };
                let _ = self.conn.execute_batch(
                    "ROLLBACK TO looplab_execute_many; RELEASE looplab_execute_many",
                );
                Err(self.fail(error))
            }
        }
    }

    /// Runs `statement` once per row of parameters; returns the rows it
    /// changed (or returned) in all, or the failing row's index and why.
    fn run_many(
        &self,
        statement: &Statement,
        rows: &[Vec<SqlValue>],
    ) -> Result<u64, (usize, Failure)> {
        let mut stmt = prepare(&self.conn, statement).map_err(|e| (0, Failure::Sqlite(e)))?;
        let mut total = 0u64;
        for (n, row) in rows.iter().enumerate() {
            check_arity(stmt.parameter_count(), row.len()).map_err(|e| (n, Failure::Sql(e)))?;
            let count = run_prepared(&mut stmt, row).map_err(|e| (n, Failure::Sqlite(e)))?;
            total += if statement.command.is_dml() {
                self.conn.changes()
            } else {
                count as u64
            };
        }
        Ok(total)
    }

    /// The tables (not SQLite's own), with their columns and row counts,
    /// by name.
    ///
    /// # Errors
    ///
    /// Only if SQLite fails to read its own schema.
    pub fn tables(&self) -> Result<Vec<TableInfo>, SqlError> {
        let err = |e: rusqlite::Error| engine_error(&e);
        let mut names = self
            .conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .map_err(err)?;
        let names: Vec<String> = names
            .query_map([], |row| row.get(0))
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        let mut columns = self
            .conn
            .prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)")
            .map_err(err)?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let cols = columns
                .query_map([&name], |row| {
                    Ok(TableColumn {
                        name: row.get(0)?,
                        decl_type: row.get(1)?,
                        not_null: row.get::<_, i64>(2)? != 0,
                        primary_key: row.get::<_, i64>(3)? != 0,
                    })
                })
                .map_err(err)?
                .collect::<Result<_, _>>()
                .map_err(err)?;
            let rows: i64 = self
                .conn
                .query_row(
                    &format!("SELECT count(*) FROM {}", quote_identifier(&name)),
                    [],
                    |row| row.get(0),
                )
                .map_err(err)?;
            tables.push(TableInfo {
                name,
                columns: cols,
                rows: u64::try_from(rows).unwrap_or(0),
            });
        }
        Ok(tables)
    }

    /// Notes `error` against the transaction (PostgreSQL refuses further
    /// commands in it) and hands it back. asyncpg's own checks never reach
    /// the server, so they do not count.
    fn fail(&mut self, error: SqlError) -> SqlError {
        if error.kind != ErrorKind::Interface && !self.conn.is_autocommit() {
            self.failed = true;
        }
        error
    }

    fn batch(&self, sql: &str, statement: &Statement) -> Result<(), SqlError> {
        self.conn
            .execute_batch(sql)
            .map_err(|e| diagnose(&self.conn, statement, &[], Failure::Sqlite(e)))
    }

    /// One statement, with PostgreSQL's transaction rules.
    fn run(&mut self, statement: &Statement, params: &[SqlValue]) -> Result<QueryResult, SqlError> {
        let in_transaction = !self.conn.is_autocommit();
        let command = &statement.command;
        if self.failed
            && !matches!(
                command,
                Command::Commit | Command::Rollback | Command::RollbackTo(_)
            )
        {
            return Err(in_failed_transaction());
        }
        match command {
            Command::Begin(tag) => {
                if !in_transaction {
                    self.batch("BEGIN", statement)?;
                }
                Ok(QueryResult::tag(*tag))
            }
            Command::Commit => {
                if !in_transaction {
                    Ok(QueryResult::tag("COMMIT"))
                } else if self.failed {
                    self.batch("ROLLBACK", statement)?;
                    self.failed = false;
                    Ok(QueryResult::tag("ROLLBACK"))
                } else {
                    self.batch("COMMIT", statement)?;
                    Ok(QueryResult::tag("COMMIT"))
                }
            }
            Command::Rollback => {
                if in_transaction {
                    self.batch("ROLLBACK", statement)?;
                }
                self.failed = false;
                Ok(QueryResult::tag("ROLLBACK"))
            }
            Command::Savepoint(_) if !in_transaction => Err(outside_transaction("SAVEPOINT")),
            Command::Release(_) if !in_transaction => Err(outside_transaction("RELEASE SAVEPOINT")),
            Command::RollbackTo(_) if !in_transaction => {
                Err(outside_transaction("ROLLBACK TO SAVEPOINT"))
            }
            Command::Savepoint(_) => {
                self.batch(&statement.sql, statement)?;
                Ok(QueryResult::tag("SAVEPOINT"))
            }
            Command::Release(_) => {
                self.batch(&statement.sql, statement)?;
                Ok(QueryResult::tag("RELEASE"))
            }
            Command::RollbackTo(_) => {
                self.batch(&statement.sql, statement)?;
                self.failed = false;
                Ok(QueryResult::tag("ROLLBACK"))
            }
            _ => self
                .query(statement, params)
                .map_err(|failure| match failure {
                    Failure::Sql(e) => e,
                    failure => diagnose(&self.conn, statement, params, failure),
                }),
        }
    }

    /// Prepares, binds and runs a statement to the end, collecting its
    /// rows.
    fn query(&self, statement: &Statement, params: &[SqlValue]) -> Result<QueryResult, Failure> {
        let mut stmt = prepare(&self.conn, statement).map_err(Failure::Sqlite)?;
        check_arity(stmt.parameter_count(), params.len()).map_err(Failure::Sql)?;
        for (i, p) in params.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, Bind(p))
                .map_err(Failure::Sqlite)?;
        }
        let columns: Vec<Column> = stmt
            .columns()
            .map(|c| Column {
                name: c.name().to_string(),
                decl_type: c.decl_type().map(str::to_string),
            })
            .collect();
        let boolean: Vec<bool> = columns
            .iter()
            .map(|c| {
                c.decl_type
                    .as_deref()
                    .is_some_and(|t| t.to_ascii_uppercase().contains("BOOL"))
            })
            .collect();
        let mut out = Vec::new();
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().map_err(Failure::Sqlite)? {
            let mut values = Vec::with_capacity(columns.len());
            for (i, &b) in boolean.iter().enumerate() {
                values.push(value(row.get_ref(i).map_err(Failure::Sqlite)?, b));
            }
            out.push(values);
        }
        drop(rows);
        let count = if statement.command.is_dml() {
            self.conn.changes()
        } else {
            out.len() as u64
        };
        let status = self.tag_for(statement, count);
        Ok(QueryResult {
            columns,
            rows: out,
            status,
        })
    }

    /// PostgreSQL's command tag for `statement`, whose `count` is the rows
    /// it changed (`INSERT`, `UPDATE`, `DELETE`) or returned (the rest).
    fn tag_for(&self, statement: &Statement, count: u64) -> String {
        match &statement.command {
            Command::Select => format!("SELECT {count}"),
            Command::Insert(_) => format!("INSERT 0 {count}"),
            Command::Update(_) => format!("UPDATE {count}"),
            Command::Delete(_) => format!("DELETE {count}"),
            Command::CreateTableAs(name) => {
                let count: i64 = self
                    .conn
                    .query_row(&format!("SELECT count(*) FROM {}", name.raw), [], |r| {
                        r.get(0)
                    })
                    .unwrap_or(0);
                format!("SELECT {count}")
            }
            Command::Other { tag, .. } => tag.clone(),
            Command::Begin(tag) => (*tag).to_string(),
            Command::Commit => "COMMIT".into(),
            Command::Rollback | Command::RollbackTo(_) => "ROLLBACK".into(),
            Command::Savepoint(_) => "SAVEPOINT".into(),
            Command::Release(_) => "RELEASE".into(),
            Command::Empty => String::new(),
        }
    }
}

/// `name` as a quoted identifier.
pub(crate) fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The statements of `sql` that say something.
fn statements(sql: &str) -> Vec<Statement> {
    translate::parse(sql)
        .0
        .into_iter()
        .filter(|s| s.command != Command::Empty)
        .collect()
}

/// Prepares `statement`; should the result column names it was given
/// break it (they go after select-list items, which a syntax error can
/// make them misjudge), prepares it without them, whose error, if any, is
/// then about the learner's text.
pub(crate) fn prepare<'c>(
    conn: &'c Connection,
    statement: &Statement,
) -> rusqlite::Result<rusqlite::Statement<'c>> {
    match conn.prepare(&statement.sql) {
        Err(_) if statement.plain_sql != statement.sql => conn.prepare(&statement.plain_sql),
        result => result,
    }
}

/// Binds `params` and steps `stmt` to its end; returns how many rows it
/// produced.
fn run_prepared(
    stmt: &mut rusqlite::Statement<'_>,
    params: &[SqlValue],
) -> rusqlite::Result<usize> {
    stmt.clear_bindings();
    for (i, p) in params.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, Bind(p))?;
    }
    let mut rows = stmt.raw_query();
    let mut count = 0;
    while rows.next()?.is_some() {
        count += 1;
    }
    Ok(count)
}

/// `now()`: the current time as SQLite's `CURRENT_TIMESTAMP` writes it
/// (`2024-03-01 12:00:00`, UTC). [`translate`](crate::translate) already
/// turns `now()` into `CURRENT_TIMESTAMP`; the function answers SQL that
/// reaches SQLite another way. The time comes from SQLite's own clock (a
/// second, private connection), which in the browser is JavaScript's
/// `Date`: Rust's `SystemTime` is not available there.
fn register_now(conn: &Connection) -> rusqlite::Result<()> {
    let clock = Mutex::new(Connection::open_in_memory()?);
    conn.create_scalar_function("now", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        let clock = clock
            .lock()
            .map_err(|_| rusqlite::Error::UserFunctionError("the clock is unusable".into()))?;
        clock.query_row("SELECT CURRENT_TIMESTAMP", [], |row| {
            row.get::<_, String>(0)
        })
    })
}
