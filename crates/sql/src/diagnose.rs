//! SQLite's errors, renamed and reworded as PostgreSQL reports them.
//!
//! SQLite's messages are parsed (`no such table: x`, `UNIQUE constraint
//! failed: users.email`) and rebuilt in PostgreSQL's words, with the
//! constraint names PostgreSQL would have given: `<table>_pkey`,
//! `<table>_<columns>_key`, `<table>_<columns>_fkey`,
//! `<table>_<column>_check` (or `<table>_check` when a check involves
//! several columns). What SQLite does not say is looked up: which columns a
//! unique index covers, and which foreign key failed (SQLite only says
//! that one did; the statement is run once more, inside a savepoint that is
//! rolled back, with foreign key checks deferred, and
//! `PRAGMA foreign_key_check` names the culprit).
//!
//! PostgreSQL's errors also carry fields (table, column, constraint) and a
//! detail quoting the row or key at fault: `Failing row contains (1, null,
//! 5).`, `Key (email)=(ada@example.com) already exists.`. SQLite says
//! nothing of the row, so it is caught by running the statement once more
//! in a savepoint that is rolled back, with temporary `BEFORE INSERT` and
//! `BEFORE UPDATE` triggers on the table handing each new row to a Rust
//! function; the last row handed over before the same failure is the
//! failing one. Values are printed as PostgreSQL's text output prints them
//! (`null`, `t`/`f`, text unquoted). A probe that goes wrong in any way
//! only costs the detail: the error keeps its message and fields.
//!
//! PostgreSQL folds unquoted names to lower case; SQLite keeps them as
//! declared. Names in messages are therefore lower-cased unless the
//! statement, or a `CREATE` statement in the schema, spells them in double
//! quotes.
//!
//! Messages with no PostgreSQL counterpart keep SQLite's words and become
//! [`ErrorKind::Other`] (asyncpg's `PostgresError`).

use std::cell::OnceCell;
use std::sync::{Arc, Mutex};

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::database::{quote_identifier, value, Bind};
use crate::error::{ErrorKind, SqlError};
use crate::lexer::{self, Kind};
use crate::translate::{Command, Statement};
use crate::value::SqlValue;

/// Why running a statement failed: SQLite said so, or a check of our own
/// did.
#[derive(Debug)]
pub(crate) enum Failure {
    /// SQLite's error, to be reworded.
    Sqlite(rusqlite::Error),
    /// An error already in PostgreSQL's terms.
    Sql(SqlError),
}

// SQLite's extended result codes for constraint failures.
const CONSTRAINT_CHECK: i32 = 275;
const CONSTRAINT_FOREIGNKEY: i32 = 787;
const CONSTRAINT_NOTNULL: i32 = 1299;
const CONSTRAINT_PRIMARYKEY: i32 = 1555;
const CONSTRAINT_UNIQUE: i32 = 2067;

/// The PostgreSQL error for SQLite's `failure` while running `statement`
/// with `params` on `conn`.
pub(crate) fn diagnose(
    conn: &Connection,
    statement: &Statement,
    params: &[SqlValue],
    failure: Failure,
) -> SqlError {
    let error = match failure {
        Failure::Sql(e) => return e,
        Failure::Sqlite(e) => e,
    };
    let (code, message) = match &error {
        rusqlite::Error::SqliteFailure(e, m) => {
            (e.extended_code, m.clone().unwrap_or_else(|| e.to_string()))
        }
        rusqlite::Error::SqlInputError { error, msg, .. } => (error.extended_code, msg.clone()),
        other => return SqlError::new(ErrorKind::Other, other.to_string()),
    };
    let cx = Context {
        conn,
        statement,
        params,
        quoted_in_schema: OnceCell::new(),
    };
    match code {
        CONSTRAINT_NOTNULL => cx.not_null(&message, code),
        CONSTRAINT_PRIMARYKEY | CONSTRAINT_UNIQUE => cx.unique(&message, code),
        CONSTRAINT_FOREIGNKEY => cx.foreign_key(),
        CONSTRAINT_CHECK => cx.check(&message, code),
        _ => cx.message(&message),
    }
}

struct Context<'a> {
    conn: &'a Connection,
    statement: &'a Statement,
    params: &'a [SqlValue],
    /// The names the schema's `CREATE` statements spell in double quotes,
    /// read when first needed.
    quoted_in_schema: OnceCell<Vec<String>>,
}

fn err(kind: ErrorKind, message: String) -> SqlError {
    SqlError::new(kind, message)
}

/// `name` without SQLite's schema prefix or quotes.
fn bare(name: &str) -> &str {
    let name = name.trim();
    let name = name
        .strip_prefix("main.")
        .or_else(|| name.strip_prefix("temp."))
        .unwrap_or(name);
    for q in ['"', '\'', '`'] {
        if let Some(inner) = name.strip_prefix(q).and_then(|n| n.strip_suffix(q)) {
            return inner;
        }
    }
    name
}

impl Context<'_> {
    /// `name` as PostgreSQL would print it: lower case unless the
    /// statement, or the statement that created it, quotes it.
    fn fold(&self, name: &str) -> String {
        let lower = name.to_lowercase();
        if lower == name {
            return lower;
        }
        let quoted = lexer::tokenize(&self.statement.original)
            .iter()
            .any(|t| t.kind == Kind::Quoted && lexer::unquote_identifier(t.text) == name)
            || self
                .quoted_in_schema
                .get_or_init(|| quoted_names(self.conn))
                .iter()
                .any(|q| q == name);
        if quoted {
            name.to_string()
        } else {
            lower
        }
    }

    /// The table an `INSERT`, `UPDATE` or `DELETE` writes, as PostgreSQL
    /// names it.
    fn target(&self) -> Option<String> {
        match &self.statement.command {
            Command::Insert(n) | Command::Update(n) | Command::Delete(n) => {
                n.as_ref().map(|n| n.folded.clone())
            }
            _ => None,
        }
    }

    fn tag(&self) -> &str {
        match &self.statement.command {
            Command::Other { tag, .. } => tag,
            _ => "",
        }
    }

    /// Messages recognised by their text.
    fn message(&self, message: &str) -> SqlError {
        use ErrorKind as K;
        if let Some(name) = message.strip_prefix("no such table: ") {
            let name = self.fold(bare(name));
            return if self.tag() == "DROP TABLE" {
                err(
                    K::UndefinedTable,
                    format!("table \"{name}\" does not exist"),
                )
            } else {
                err(
                    K::UndefinedTable,
                    format!("relation \"{name}\" does not exist"),
                )
            };
        }
        if let Some(name) = message.strip_prefix("no such view: ") {
            let name = self.fold(bare(name));
            return err(K::UndefinedTable, format!("view \"{name}\" does not exist"));
        }
        if let Some(name) = message.strip_prefix("no such index: ") {
            let name = self.fold(bare(name));
            return err(
                K::UndefinedObject,
                format!("index \"{name}\" does not exist"),
            );
        }
        if let Some(name) = message.strip_prefix("no such column: ") {
            // SQLite adds a hint when the name was in double quotes.
            let name = name.split(" - ").next().unwrap_or(name);
            let name = bare(name);
            return match name.rsplit_once('.') {
                Some((table, column)) => err(
                    K::UndefinedColumn,
                    format!(
                        "column {}.{} does not exist",
                        self.fold(table),
                        self.fold(column)
                    ),
                ),
                None => err(
                    K::UndefinedColumn,
                    format!("column \"{}\" does not exist", self.fold(name)),
                ),
            };
        }
        if let Some(rest) = message.strip_prefix("table ") {
            if let Some((table, column)) = rest.split_once(" has no column named ") {
                return err(
                    K::UndefinedColumn,
                    format!(
                        "column \"{}\" of relation \"{}\" does not exist",
                        self.fold(bare(column)),
                        self.fold(bare(table))
                    ),
                );
            }
            if let Some((table, counts)) = rest.split_once(" has ") {
                // "table t has 3 columns but 4 values were supplied"
                if let Some((columns, values)) = counts.split_once(" columns but ") {
                    let columns: usize = columns.trim().parse().unwrap_or(0);
                    let values: usize = values
                        .split_whitespace()
                        .next()
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    if values > columns {
                        return err(
                            K::Syntax,
                            "INSERT has more expressions than target columns".into(),
                        );
                    }
                    let _ = table;
                }
            }
        }
        for object in ["table ", "index ", "view ", "trigger "] {
            if let Some(name) = message
                .strip_prefix(object)
                .and_then(|m| m.strip_suffix(" already exists"))
            {
                let name = self.fold(bare(name));
                return err(
                    K::DuplicateTable,
                    format!("relation \"{name}\" already exists"),
                );
            }
        }
        if let Some(name) = message.strip_prefix("duplicate column name: ") {
            let name = self.fold(bare(name));
            return match &self.statement.command {
                Command::Other {
                    tag,
                    object: Some(table),
                } if tag == "ALTER TABLE" => err(
                    K::DuplicateColumn,
                    format!(
                        "column \"{name}\" of relation \"{}\" already exists",
                        table.folded
                    ),
                ),
                _ => err(
                    K::DuplicateColumn,
                    format!("column \"{name}\" specified more than once"),
                ),
            };
        }
        if let Some(name) = message.strip_prefix("ambiguous column name: ") {
            let name = self.fold(bare(name));
            return err(
                K::AmbiguousColumn,
                format!("column reference \"{name}\" is ambiguous"),
            );
        }
        if let Some(name) = message.strip_prefix("no such function: ") {
            return self.undefined_function(bare(name));
        }
        if let Some(name) = message
            .strip_prefix("wrong number of arguments to function ")
            .and_then(|m| m.strip_suffix("()"))
        {
            return self.undefined_function(name);
        }
        if let Some(name) = message.strip_prefix("no such savepoint: ") {
            let name = self.fold(bare(name));
            return err(
                K::InvalidSavepointSpecification,
                format!("savepoint \"{name}\" does not exist"),
            );
        }
        if let Some(near) = message
            .strip_prefix("near \"")
            .and_then(|m| m.strip_suffix("\": syntax error"))
        {
            return err(
                K::Syntax,
                format!("syntax error at or near \"{}\"", original_param(near)),
            );
        }
        if message == "incomplete input" {
            return err(K::Syntax, "syntax error at end of input".into());
        }
        if let Some(token) = message
            .strip_prefix("unrecognized token: \"")
            .and_then(|m| m.strip_suffix('"'))
        {
            let what = if token.starts_with('\'') {
                "unterminated quoted string"
            } else if token.starts_with('"') {
                "unterminated quoted identifier"
            } else {
                "syntax error"
            };
            return err(K::Syntax, format!("{what} at or near \"{token}\""));
        }
        if let Some(rest) = message.strip_prefix("SELECTs to the left and right of ") {
            let op = rest.split_whitespace().next().unwrap_or("UNION");
            return err(
                K::Syntax,
                format!("each {op} query must have the same number of columns"),
            );
        }
        if let Some((values, columns)) = message
            .split_once(" values for ")
            .and_then(|(v, rest)| Some((v, rest.strip_suffix(" columns")?)))
        {
            if let (Ok(values), Ok(columns)) = (
                values.trim().parse::<usize>(),
                columns.trim().parse::<usize>(),
            ) {
                let text = if values > columns {
                    "INSERT has more expressions than target columns"
                } else {
                    "INSERT has more target columns than expressions"
                };
                return err(K::Syntax, text.into());
            }
        }
        if message == "integer overflow" {
            return err(K::NumericValueOutOfRange, "bigint out of range".into());
        }
        if message == "datatype mismatch" {
            return err(K::Data, message.into());
        }
        err(K::Other, message.to_string())
    }

    /// `function f(integer, unknown) does not exist`, with argument types
    /// guessed from literals as PostgreSQL would type them (`integer`,
    /// `numeric`, `boolean`; strings, parameters and anything else
    /// `unknown`).
    fn undefined_function(&self, name: &str) -> SqlError {
        let tokens: Vec<_> = lexer::tokenize(&self.statement.original)
            .into_iter()
            .filter(|t| t.is_significant())
            .collect();
        let call = tokens
            .windows(2)
            .position(|w| w[0].is_word(name) && w[1].is_punct("("));
        let mut args: Vec<Vec<lexer::Token<'_>>> = Vec::new();
        if let Some(at) = call {
            let mut current = Vec::new();
            let mut depth = 0usize;
            for t in &tokens[at + 2..] {
                if t.is_punct("(") {
                    depth += 1;
                } else if t.is_punct(")") {
                    if depth == 0 {
                        if !current.is_empty() || !args.is_empty() {
                            args.push(current);
                        }
                        break;
                    }
                    depth -= 1;
                } else if depth == 0 && t.is_punct(",") {
                    args.push(std::mem::take(&mut current));
                    continue;
                }
                current.push(*t);
            }
        }
        let types: Vec<&str> = args.iter().map(|a| argument_type(a)).collect();
        err(
            ErrorKind::UndefinedFunction,
            format!(
                "function {}({}) does not exist",
                name.to_lowercase(),
                types.join(", ")
            ),
        )
        .with_hint(
            "No function matches the given name and argument types. \
             You might need to add explicit type casts.",
        )
    }

    /// `null value in column "name" of relation "users" violates not-null
    /// constraint`, with the failing row as its detail.
    fn not_null(&self, message: &str, code: i32) -> SqlError {
        let failed = message
            .strip_prefix("NOT NULL constraint failed: ")
            .unwrap_or(message);
        let (table, column) = failed.rsplit_once('.').unwrap_or(("", failed));
        let (table, column) = (bare(table), bare(column));
        let (folded_table, folded_column) = (self.fold(table), self.fold(column));
        let error = err(
            ErrorKind::NotNullViolation,
            format!(
                "null value in column \"{folded_column}\" of relation \"{folded_table}\" violates not-null constraint"
            ),
        )
        .with_table(folded_table)
        .with_column(folded_column);
        match self.failing_row(table, code) {
            Some(row) => error.with_detail(row.failing_row_detail()),
            None => error,
        }
    }

    /// `duplicate key value violates unique constraint "users_email_key"`,
    /// with the duplicate key as its detail.
    fn unique(&self, message: &str, code: i32) -> SqlError {
        let primary = code == CONSTRAINT_PRIMARYKEY;
        let failed = message
            .strip_prefix("UNIQUE constraint failed: ")
            .unwrap_or(message);
        if let Some(index) = failed.strip_prefix("index ") {
            // An index on expressions: its name is all SQLite says.
            let name = self.fold(bare(index));
            let table = self.target();
            let error = err(
                ErrorKind::UniqueViolation,
                format!("duplicate key value violates unique constraint \"{name}\""),
            )
            .with_constraint(name);
            return match table {
                Some(table) => error.with_table(table),
                None => error,
            };
        }
        let pairs: Vec<(&str, &str)> = failed
            .split(", ")
            .map(|p| p.trim().rsplit_once('.').unwrap_or(("", p)))
            .map(|(t, c)| (bare(t), bare(c)))
            .collect();
        let table = pairs.first().map_or("", |p| p.0);
        let columns: Vec<&str> = pairs.iter().map(|p| p.1).collect();
        let name = self.unique_name(table, &columns, primary);
        let error = err(
            ErrorKind::UniqueViolation,
            format!("duplicate key value violates unique constraint \"{name}\""),
        )
        .with_table(self.fold(table))
        .with_constraint(name);
        let key = self
            .failing_row(table, code)
            .and_then(|row| row.key(&columns, |c| self.fold(c)));
        match key {
            Some((names, values)) => {
                error.with_detail(format!("Key ({names})=({values}) already exists."))
            }
            None => error,
        }
    }

    /// The name PostgreSQL gives the unique constraint on `columns` of
    /// `table` (or the name of the `CREATE UNIQUE INDEX` that covers them).
    fn unique_name(&self, table: &str, columns: &[&str], primary: bool) -> String {
        let folded_table = self.fold(table);
        if primary {
            return format!("{folded_table}_pkey");
        }
        let indexes: Vec<(String, bool, String)> = self
            .conn
            .prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1)")
            .and_then(|mut s| {
                s.query_map([table], |r| {
                    Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?))
                })?
                .collect()
            })
            .unwrap_or_default();
        for (index, unique, origin) in indexes {
            if !unique {
                continue;
            }
            let covered: Vec<String> = self
                .conn
                .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                .and_then(|mut s| {
                    s.query_map([&index], |r| r.get::<_, Option<String>>(0))?
                        .map(|c| c.map(Option::unwrap_or_default))
                        .collect()
                })
                .unwrap_or_default();
            let same = covered.len() == columns.len()
                && covered
                    .iter()
                    .zip(columns)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b));
            if same {
                match origin.as_str() {
                    "pk" => return format!("{folded_table}_pkey"),
                    "c" => return self.fold(&index),
                    _ => break,
                }
            }
        }
        let columns: Vec<String> = columns.iter().map(|c| self.fold(c)).collect();
        format!("{folded_table}_{}_key", columns.join("_"))
    }

    /// `new row for relation "t" violates check constraint "t_price_check"`,
    /// with the failing row as its detail.
    fn check(&self, message: &str, code: i32) -> SqlError {
        let failed = message
            .strip_prefix("CHECK constraint failed: ")
            .unwrap_or(message)
            .trim();
        let Some(table) = self.target() else {
            return err(
                ErrorKind::CheckViolation,
                format!("new row violates check constraint \"{failed}\""),
            )
            .with_constraint(failed);
        };
        let tokens: Vec<_> = lexer::tokenize(failed)
            .into_iter()
            .filter(|t| t.is_significant())
            .collect();
        let name = if let [only] = tokens.as_slice() {
            // A named constraint: SQLite reports its name.
            if only.kind == Kind::Quoted {
                lexer::unquote_identifier(only.text)
            } else {
                only.text.to_lowercase()
            }
        } else {
            let table_columns: Vec<String> = self
                .conn
                .prepare("SELECT name FROM pragma_table_info(?1)")
                .and_then(|mut s| s.query_map([&table], |r| r.get(0))?.collect())
                .unwrap_or_default();
            let mut used: Vec<String> = Vec::new();
            for t in &tokens {
                let name = match t.kind {
                    Kind::Word => t.text.to_string(),
                    Kind::Quoted => lexer::unquote_identifier(t.text),
                    _ => continue,
                };
                if let Some(c) = table_columns.iter().find(|c| c.eq_ignore_ascii_case(&name)) {
                    if !used.iter().any(|u| u.eq_ignore_ascii_case(c)) {
                        used.push(c.clone());
                    }
                }
            }
            match used.as_slice() {
                [one] => format!("{table}_{}_check", self.fold(one)),
                _ => format!("{table}_check"),
            }
        };
        let error = err(
            ErrorKind::CheckViolation,
            format!("new row for relation \"{table}\" violates check constraint \"{name}\""),
        )
        .with_table(table.as_str())
        .with_constraint(name);
        // SQLite matches names without regard to case, quoted or not.
        match self.failing_row(&table, code) {
            Some(row) => error.with_detail(row.failing_row_detail()),
            None => error,
        }
    }

    /// Which foreign key failed, found by running the statement again with
    /// the check deferred, and the key at fault as its detail.
    fn foreign_key(&self) -> SqlError {
        let Some(breach) = self.probe_foreign_key() else {
            return err(
                ErrorKind::ForeignKeyViolation,
                "foreign key constraint failed".to_string(),
            );
        };
        let child = self.fold(&breach.child);
        let parent = self.fold(&breach.parent);
        let columns: Vec<String> = breach.columns.iter().map(|c| self.fold(c)).collect();
        let constraint = format!("{child}_{}_fkey", columns.join("_"));
        let writes_child = matches!(
            self.statement.command,
            Command::Insert(_) | Command::Update(_)
        ) && self.target().as_deref() == Some(child.as_str());
        let values = breach.values.map(|v| v.join(", "));
        let (message, detail) = if writes_child {
            (
                format!(
                    "insert or update on table \"{child}\" violates foreign key constraint \"{constraint}\""
                ),
                values.map(|v| {
                    format!(
                        "Key ({})=({v}) is not present in table \"{parent}\".",
                        columns.join(", ")
                    )
                }),
            )
        } else {
            let referenced: Vec<String> =
                breach.parent_columns.iter().map(|c| self.fold(c)).collect();
            (
                format!(
                    "update or delete on table \"{parent}\" violates foreign key constraint \"{constraint}\" on table \"{child}\""
                ),
                values.map(|v| {
                    format!(
                        "Key ({})=({v}) is still referenced from table \"{child}\".",
                        referenced.join(", ")
                    )
                }),
            )
        };
        // PostgreSQL names the referencing table either way.
        let error = err(ErrorKind::ForeignKeyViolation, message)
            .with_table(child)
            .with_constraint(constraint);
        match detail {
            Some(detail) => error.with_detail(detail),
            None => error,
        }
    }

    /// Runs the statement again, with its parameters, to its end.
    fn rerun(&self) -> rusqlite::Result<()> {
        let mut stmt = crate::database::prepare(self.conn, self.statement)?;
        for (i, p) in self.params.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, Bind(p))?;
        }
        let mut rows = stmt.raw_query();
        while rows.next()?.is_some() {}
        Ok(())
    }

    /// The first foreign key the statement breaks, or `None` if that
    /// cannot be found out.
    fn probe_foreign_key(&self) -> Option<ForeignKeyBreach> {
        let conn = self.conn;
        let deferred: i64 = conn
            .query_row("PRAGMA defer_foreign_keys", [], |r| r.get(0))
            .ok()?;
        conn.execute_batch("SAVEPOINT looplab_fk_probe; PRAGMA defer_foreign_keys = ON")
            .ok()?;
        let found = (|| -> rusqlite::Result<Option<ForeignKeyBreach>> {
            self.rerun()?;
            // (child table, child rowid, parent table, key id)
            let breaches: Vec<(String, Option<i64>, String, i64)> = conn
                .prepare("PRAGMA foreign_key_check")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            // PostgreSQL checks foreign keys in the order they were
            // created: tables by age, and within a table in the order
            // written (SQLite numbers a table's keys from the last one
            // written).
            let age = |table: &str| -> i64 {
                conn.query_row(
                    "SELECT rowid FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap_or(i64::MAX)
            };
            let Some((child, _, parent, id)) = breaches
                .iter()
                .min_by_key(|(child, _, _, id)| (age(child), -id))
                .cloned()
            else {
                return Ok(None);
            };
            // Rows are checked in the order they were written.
            let rowid = breaches
                .iter()
                .filter(|b| b.0 == child && b.3 == id)
                .filter_map(|b| b.1)
                .min();
            let pairs: Vec<(String, Option<String>)> = conn
                .prepare(
                    "SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq",
                )?
                .query_map(rusqlite::params![child, id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let columns: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
            let parent_columns: Vec<String> = match pairs
                .iter()
                .map(|p| p.1.clone())
                .collect::<Option<Vec<String>>>()
            {
                Some(named) => named,
                // `REFERENCES users` alone: the parent's primary key.
                None => {
                    let mut key: Vec<ColumnInfo> = table_columns(conn, &parent)
                        .into_iter()
                        .filter(|c| c.pk > 0)
                        .collect();
                    key.sort_by_key(|c| c.pk);
                    key.into_iter().map(|c| c.name).collect()
                }
            };
            let values = rowid.and_then(|rowid| key_values(conn, &child, &columns, rowid));
            Ok(Some(ForeignKeyBreach {
                child,
                parent,
                columns,
                parent_columns,
                values,
            }))
        })();
        let _ = conn.execute_batch("ROLLBACK TO looplab_fk_probe; RELEASE looplab_fk_probe");
        let _ = conn.execute_batch(&format!("PRAGMA defer_foreign_keys = {deferred}"));
        found.ok().flatten()
    }

    /// The new row the statement was writing into `table` when it failed
    /// with SQLite's extended result `code`, caught by running the
    /// statement again (see the module doc). `None` if the failure does
    /// not happen again, or anything else goes wrong.
    fn failing_row(&self, table: &str, code: i32) -> Option<NewRow> {
        if self.statement.command.is_transaction_control() {
            return None;
        }
        let conn = self.conn;
        let columns = table_columns(conn, table);
        if columns.is_empty() {
            return None;
        }
        let quoted = quote_identifier(table);
        // A row inserted without its `INTEGER PRIMARY KEY` shows -1 there
        // until SQLite picks the id; PostgreSQL's row has the id its
        // sequence gave. The trigger works out the id SQLite would pick.
        let has_rowid = conn
            .prepare(&format!("SELECT rowid FROM main.{quoted} LIMIT 0"))
            .is_ok();
        let keys: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].pk > 0).collect();
        let alias = match keys.as_slice() {
            [one] if has_rowid && columns[*one].decl_type.eq_ignore_ascii_case("INTEGER") => {
                Some(*one)
            }
            _ => None,
        };
        let next_id = if alias.is_some() {
            let largest = format!("coalesce((SELECT max(rowid) FROM main.{quoted}), 0)");
            let sequence: i64 = conn
                .query_row(
                    "SELECT count(*) FROM main.sqlite_schema WHERE name = 'sqlite_sequence'",
                    [],
                    |r| r.get(0),
                )
                .unwrap_or(0);
            if sequence > 0 {
                format!(
                    "(max({largest}, coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = '{}'), 0)) + 1)",
                    table.replace('\'', "''")
                )
            } else {
                format!("({largest} + 1)")
            }
        } else {
            "NULL".to_string()
        };
        let new_values: Vec<String> = columns
            .iter()
            .map(|c| format!("NEW.{}", quote_identifier(&c.name)))
            .collect();
        let new_values = new_values.join(", ");
        let triggers = format!(
            "CREATE TEMP TRIGGER {PROBE_INSERT} BEFORE INSERT ON main.{quoted} \
             BEGIN SELECT {CAPTURE}(1, {next_id}, {new_values}); END; \
             CREATE TEMP TRIGGER {PROBE_UPDATE} BEFORE UPDATE ON main.{quoted} \
             BEGIN SELECT {CAPTURE}(0, NULL, {new_values}); END;"
        );

        let last: Arc<Mutex<Option<Vec<SqlValue>>>> = Arc::default();
        let sink = Arc::clone(&last);
        conn.create_scalar_function(CAPTURE, -1, FunctionFlags::SQLITE_UTF8, move |ctx| {
            let row = (0..ctx.len())
                .map(|i| value(ctx.get_raw(i), false))
                .collect();
            if let Ok(mut last) = sink.lock() {
                *last = Some(row);
            }
            Ok(None::<i64>)
        })
        .ok()?;
        let reproduced = conn.execute_batch("SAVEPOINT looplab_row_probe").is_ok() && {
            let ran = conn.execute_batch(&triggers).and_then(|()| self.rerun());
            let _ = conn.execute_batch("ROLLBACK TO looplab_row_probe; RELEASE looplab_row_probe");
            matches!(ran, Err(e) if extended_code(&e) == Some(code))
        };
        // Gone with the rollback; dropped again should that have failed.
        let _ = conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS temp.{PROBE_INSERT}; DROP TRIGGER IF EXISTS temp.{PROBE_UPDATE}"
        ));
        let _ = conn.remove_function(CAPTURE, -1);
        if !reproduced {
            return None;
        }
        let row = last.lock().ok()?.take()?;
        let [inserting, next, values @ ..] = row.as_slice() else {
            return None;
        };
        let mut values = values.to_vec();
        if values.len() != columns.len() {
            return None;
        }
        if let Some(i) = alias {
            if *inserting == SqlValue::Int(1) && values[i] == SqlValue::Int(-1) {
                values[i] = next.clone();
            }
        }
        Some(NewRow { columns, values })
    }
}

/// The SQL function the probe's triggers hand each new row to.
const CAPTURE: &str = "looplab_capture_row";
/// The probe's temporary triggers.
const PROBE_INSERT: &str = "looplab_probe_insert";
const PROBE_UPDATE: &str = "looplab_probe_update";

/// Every name that the `CREATE` statements of the schema spell in double
/// quotes.
fn quoted_names(conn: &Connection) -> Vec<String> {
    let sql: Vec<String> = conn
        .prepare("SELECT sql FROM main.sqlite_schema WHERE sql IS NOT NULL")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    sql.iter()
        .flat_map(|text| {
            lexer::tokenize(text)
                .into_iter()
                .filter(|t| t.kind == Kind::Quoted)
                .map(|t| lexer::unquote_identifier(t.text))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// SQLite's extended result code in `error`, if it has one.
fn extended_code(error: &rusqlite::Error) -> Option<i32> {
    match error {
        rusqlite::Error::SqliteFailure(e, _) => Some(e.extended_code),
        rusqlite::Error::SqlInputError { error, .. } => Some(error.extended_code),
        _ => None,
    }
}

/// A column of a table, as `PRAGMA table_info` describes it.
#[derive(Debug)]
struct ColumnInfo {
    name: String,
    decl_type: String,
    /// Its place in the primary key, from 1; 0 if not in it.
    pk: i64,
}

/// The columns of `table`, in order; none if there is no such table.
fn table_columns(conn: &Connection, table: &str) -> Vec<ColumnInfo> {
    conn.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
        .and_then(|mut s| {
            s.query_map([table], |r| {
                Ok(ColumnInfo {
                    name: r.get(0)?,
                    decl_type: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    pk: r.get(2)?,
                })
            })?
            .collect()
        })
        .unwrap_or_default()
}

/// The values of `columns` in the row `rowid` of `table`, as PostgreSQL
/// prints them.
fn key_values(
    conn: &Connection,
    table: &str,
    columns: &[String],
    rowid: i64,
) -> Option<Vec<String>> {
    let info = table_columns(conn, table);
    let types: Vec<&str> = columns
        .iter()
        .map(|c| {
            info.iter()
                .find(|i| i.name.eq_ignore_ascii_case(c))
                .map_or("", |i| i.decl_type.as_str())
        })
        .collect();
    let list: Vec<String> = columns.iter().map(|c| quote_identifier(c)).collect();
    let sql = format!(
        "SELECT {} FROM main.{} WHERE rowid = ?1",
        list.join(", "),
        quote_identifier(table)
    );
    conn.query_row(&sql, [rowid], |r| {
        types
            .iter()
            .enumerate()
            .map(|(i, t)| Ok(pg_text(&value(r.get_ref(i)?, false), t)))
            .collect()
    })
    .ok()
}

/// A foreign key a statement breaks, as the probe found it.
#[derive(Debug)]
struct ForeignKeyBreach {
    /// The referencing table.
    child: String,
    /// The referenced table.
    parent: String,
    /// The referencing columns.
    columns: Vec<String>,
    /// The referenced columns.
    parent_columns: Vec<String>,
    /// The key at fault, as PostgreSQL prints it, if its row could be read.
    values: Option<Vec<String>>,
}

/// The row a failed statement was writing, column by column.
#[derive(Debug)]
struct NewRow {
    columns: Vec<ColumnInfo>,
    values: Vec<SqlValue>,
}

impl NewRow {
    /// `Failing row contains (1, null, 5).`: every column, each value cut
    /// to 64 bytes as PostgreSQL cuts them.
    fn failing_row_detail(&self) -> String {
        let shown: Vec<String> = self
            .columns
            .iter()
            .zip(&self.values)
            .map(|(c, v)| clip(pg_text(v, &c.decl_type), 64))
            .collect();
        format!("Failing row contains ({}).", shown.join(", "))
    }

    /// The names (as PostgreSQL prints them, through `fold`) and values of
    /// `key`'s columns, each list joined by `, `; `None` if one of them is
    /// not in the row.
    fn key(&self, key: &[&str], fold: impl Fn(&str) -> String) -> Option<(String, String)> {
        let mut names = Vec::with_capacity(key.len());
        let mut values = Vec::with_capacity(key.len());
        for column in key {
            let i = self
                .columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(column))?;
            names.push(pg_identifier(&fold(column)));
            values.push(pg_text(&self.values[i], &self.columns[i].decl_type));
        }
        Some((names.join(", "), values.join(", ")))
    }
}

/// `value` as PostgreSQL's text output prints it, for a column declared
/// `decl_type`: `null`, `t`/`f` for booleans, numbers plainly, text as it
/// is, bytes in hex (`\x01ff`).
fn pg_text(value: &SqlValue, decl_type: &str) -> String {
    let boolean = decl_type.to_ascii_uppercase().contains("BOOL");
    match value {
        SqlValue::Null => "null".to_string(),
        SqlValue::Bool(b) => if *b { "t" } else { "f" }.to_string(),
        SqlValue::Int(i) if boolean => if *i != 0 { "t" } else { "f" }.to_string(),
        SqlValue::Int(i) => i.to_string(),
        SqlValue::Float(f) => pg_float(*f),
        SqlValue::Text(t) => t.clone(),
        SqlValue::Bytes(b) => {
            let mut hex = String::with_capacity(2 + 2 * b.len());
            hex.push_str("\\x");
            for byte in b {
                hex.push_str(&format!("{byte:02x}"));
            }
            hex
        }
    }
}

/// A `double precision` as PostgreSQL prints it: the shortest digits that
/// read back the same, in fixed notation for decimal exponents from -4 to
/// 14 and as `1.5e+20` / `1e-05` otherwise.
fn pg_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    // Rust's `{:e}` gives the same shortest digits: `1.5e20`, `-1e-5`.
    let scientific = format!("{f:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return f.to_string();
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return f.to_string();
    };
    if (-4..15).contains(&exponent) {
        f.to_string()
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// `text` cut to at most `max` bytes (on a character boundary) and marked
/// with `...` if it was longer.
fn clip(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str("...");
    text
}

/// A column name as PostgreSQL prints it in a key: in double quotes
/// unless it is lower case letters, digits and underscores (not first a
/// digit) and not a keyword PostgreSQL reserves in some way.
fn pg_identifier(name: &str) -> String {
    let plain = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain && !RESERVED_KEYWORDS.split_whitespace().any(|k| k == name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// PostgreSQL 15's keywords that are not "unreserved" (reserved, and
/// those allowed only as column names or only as type or function names),
/// separated by spaces. `quote_identifier` quotes all of them.
const RESERVED_KEYWORDS: &str = "\
    all analyse analyze and any array as asc asymmetric authorization \
    between bigint binary bit boolean both case cast char character check \
    coalesce collate collation column concurrently constraint create cross \
    current_catalog current_date current_role current_schema current_time \
    current_timestamp current_user dec decimal default deferrable desc \
    distinct do else end except exists extract false fetch float for foreign \
    freeze from full grant greatest group grouping having ilike in initially \
    inner inout int integer intersect interval into is isnull join lateral \
    leading least left like limit localtime localtimestamp national natural \
    nchar none normalize not notnull null nullif numeric offset on only or \
    order out outer overlaps overlay placing position precision primary real \
    references returning right row select session_user setof similar \
    smallint some substring symmetric table tablesample then time timestamp \
    to trailing treat trim true union unique user using values varchar \
    variadic verbose when where window with xmlattributes xmlconcat \
    xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot \
    xmlserialize xmltable";

/// PostgreSQL's type for a literal argument.
fn argument_type(tokens: &[lexer::Token<'_>]) -> &'static str {
    match tokens {
        [t] if t.kind == Kind::Number => {
            if t.text.contains(['.', 'e', 'E']) && !t.text.starts_with("0x") {
                "numeric"
            } else if t.text.parse::<i32>().is_ok() {
                "integer"
            } else {
                "bigint"
            }
        }
        [t] if t.is_word("TRUE") || t.is_word("FALSE") => "boolean",
        _ => "unknown",
    }
}

/// `?3` back to `$3`, the spelling the learner wrote.
fn original_param(token: &str) -> String {
    match token.strip_prefix('?') {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => format!("${n}"),
        _ => token.to_string(),
    }
}
