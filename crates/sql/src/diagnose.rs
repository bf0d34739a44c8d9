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
//! PostgreSQL folds unquoted names to lower case; SQLite keeps them as
//! declared. Names in messages are therefore lower-cased unless the
//! statement spells them in double quotes.
//!
//! Messages with no PostgreSQL counterpart keep SQLite's words and become
//! [`ErrorKind::Other`] (asyncpg's `PostgresError`).

use rusqlite::Connection;

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
    };
    match code {
        CONSTRAINT_NOTNULL => cx.not_null(&message),
        CONSTRAINT_PRIMARYKEY | CONSTRAINT_UNIQUE => {
            cx.unique(&message, code == CONSTRAINT_PRIMARYKEY)
        }
        CONSTRAINT_FOREIGNKEY => cx.foreign_key(),
        CONSTRAINT_CHECK => cx.check(&message),
        _ => cx.message(&message),
    }
}

struct Context<'a> {
    conn: &'a Connection,
    statement: &'a Statement,
    params: &'a [SqlValue],
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
    /// statement quotes it.
    fn fold(&self, name: &str) -> String {
        let quoted = lexer::tokenize(&self.statement.original)
            .iter()
            .any(|t| t.kind == Kind::Quoted && lexer::unquote_identifier(t.text) == name);
        if quoted {
            name.to_string()
        } else {
            name.to_lowercase()
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
    }

    /// `null value in column "name" of relation "users" violates not-null
    /// constraint`.
    fn not_null(&self, message: &str) -> SqlError {
        let failed = message
            .strip_prefix("NOT NULL constraint failed: ")
            .unwrap_or(message);
        let (table, column) = failed.rsplit_once('.').unwrap_or(("", failed));
        err(
            ErrorKind::NotNullViolation,
            format!(
                "null value in column \"{}\" of relation \"{}\" violates not-null constraint",
                self.fold(bare(column)),
                self.fold(bare(table))
            ),
        )
    }

    /// `duplicate key value violates unique constraint "users_email_key"`.
    fn unique(&self, message: &str, primary: bool) -> SqlError {
        let failed = message
            .strip_prefix("UNIQUE constraint failed: ")
            .unwrap_or(message);
        let name = if let Some(index) = failed.strip_prefix("index ") {
            self.fold(bare(index))
        } else {
            let pairs: Vec<(&str, &str)> = failed
                .split(", ")
                .map(|p| p.trim().rsplit_once('.').unwrap_or(("", p)))
                .collect();
            let table = pairs.first().map_or("", |p| p.0);
            let columns: Vec<&str> = pairs.iter().map(|p| p.1).collect();
            self.unique_name(table, &columns, primary)
        };
        err(
            ErrorKind::UniqueViolation,
            format!("duplicate key value violates unique constraint \"{name}\""),
        )
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

    /// `new row for relation "t" violates check constraint "t_price_check"`.
    fn check(&self, message: &str) -> SqlError {
        let failed = message
            .strip_prefix("CHECK constraint failed: ")
            .unwrap_or(message)
            .trim();
        let Some(table) = self.target() else {
            return err(
                ErrorKind::CheckViolation,
                format!("new row violates check constraint \"{failed}\""),
            );
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
        err(
            ErrorKind::CheckViolation,
            format!("new row for relation \"{table}\" violates check constraint \"{name}\""),
        )
    }

    /// Which foreign key failed, found by running the statement again with
    /// the check deferred.
    fn foreign_key(&self) -> SqlError {
        let violation = self.probe_foreign_key();
        let message = match violation {
            Some((child, parent, columns)) => {
                let child = self.fold(&child);
                let parent = self.fold(&parent);
                let columns: Vec<String> = columns.iter().map(|c| self.fold(c)).collect();
                let constraint = format!("{child}_{}_fkey", columns.join("_"));
                let writes_child = matches!(
                    self.statement.command,
                    Command::Insert(_) | Command::Update(_)
                ) && self.target().as_deref() == Some(child.as_str());
                if writes_child {
                    format!(
                        "insert or update on table \"{child}\" violates foreign key constraint \"{constraint}\""
                    )
                } else {
                    format!(
                        "update or delete on table \"{parent}\" violates foreign key constraint \"{constraint}\" on table \"{child}\""
                    )
                }
            }
            None => "foreign key constraint failed".to_string(),
        };
        err(ErrorKind::ForeignKeyViolation, message)
    }

    /// (child table, parent table, child columns) of the first foreign key
    /// the statement breaks, or `None` if that cannot be found out.
    fn probe_foreign_key(&self) -> Option<(String, String, Vec<String>)> {
        let conn = self.conn;
        let deferred: i64 = conn
            .query_row("PRAGMA defer_foreign_keys", [], |r| r.get(0))
            .ok()?;
        conn.execute_batch("SAVEPOINT looplab_fk_probe; PRAGMA defer_foreign_keys = ON")
            .ok()?;
        let ran = (|| -> rusqlite::Result<Vec<(String, String, i64)>> {
            {
                let mut stmt = crate::database::prepare(conn, self.statement)?;
                for (i, p) in self.params.iter().enumerate() {
                    stmt.raw_bind_parameter(i + 1, crate::database::Bind(p))?;
                }
                let mut rows = stmt.raw_query();
                while rows.next()?.is_some() {}
            }
            let mut check = conn.prepare("PRAGMA foreign_key_check")?;
            let found = check
                .query_map([], |r| Ok((r.get(0)?, r.get(2)?, r.get(3)?)))?
                .collect();
            found
        })();
        let _ = conn.execute_batch("ROLLBACK TO looplab_fk_probe; RELEASE looplab_fk_probe");
        let _ = conn.execute_batch(&format!("PRAGMA defer_foreign_keys = {deferred}"));
        // PostgreSQL checks foreign keys in the order they were created:
        // tables by age, and within a table in the order written (SQLite
        // numbers a table's keys from the last one written).
        let age = |table: &str| -> i64 {
            conn.query_row(
                "SELECT rowid FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap_or(i64::MAX)
        };
        let (child, parent, id) = ran
            .ok()?
            .into_iter()
            .min_by_key(|(child, _, id)| (age(child), -id))?;
        let mut list = conn
            .prepare("SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq")
            .ok()?;
        let columns: Vec<String> = list
            .query_map(rusqlite::params![child, id], |r| r.get(0))
            .ok()?
            .collect::<Result<_, _>>()
            .ok()?;
        Some((child, parent, columns))
    }
}

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
