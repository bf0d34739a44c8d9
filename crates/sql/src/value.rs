//! The plain data a query takes and gives back.

/// One value in or out of SQL: a parameter, or a cell of a result row.
///
/// Floats that JSON cannot hold (infinities, NaN) still cross the byte
/// protocol ([`crate::protocol`]): they are written as the strings
/// `"Infinity"`, `"-Infinity"` and `"NaN"`.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlValue {
    /// `NULL` (Python's `None`).
    Null,
    /// A boolean: what a `BOOLEAN` column holds (SQLite stores 0 or 1).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Text(String),
    /// Bytes (`BYTEA`; a BLOB in SQLite).
    Bytes(Vec<u8>),
}

/// A column of a result: its name and, when it comes straight from a table
/// column, the type that column was declared with (`INTEGER`, `BOOLEAN`,
/// `TIMESTAMP`…). Expressions have no declared type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column's name in the result.
    pub name: String,
    /// The declared type, as SQLite stores it (after translation, so a
    /// `SERIAL` column says `INTEGER`).
    pub decl_type: Option<String>,
}

/// What one `execute` gives back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryResult {
    /// The result's columns (empty for statements that return no rows).
    pub columns: Vec<Column>,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<SqlValue>>,
    /// PostgreSQL's command tag, as asyncpg's `execute` returns it:
    /// `SELECT 3`, `INSERT 0 1`, `UPDATE 2`, `DELETE 0`, `CREATE TABLE`,
    /// `BEGIN`…
    pub status: String,
}

impl QueryResult {
    /// A result with no rows and the given tag.
    pub fn tag(status: impl Into<String>) -> QueryResult {
        QueryResult {
            columns: Vec::new(),
            rows: Vec::new(),
            status: status.into(),
        }
    }
}

/// A table, as the "Database" panel lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableInfo {
    /// The table's name.
    pub name: String,
    /// Its columns, in order.
    pub columns: Vec<TableColumn>,
    /// How many rows it has.
    pub rows: u64,
}

/// A column of a [`TableInfo`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableColumn {
    /// The column's name.
    pub name: String,
    /// Its declared type (empty if it was declared without one).
    pub decl_type: String,
    /// Whether it is `NOT NULL`.
    pub not_null: bool,
    /// Whether it is (part of) the primary key.
    pub primary_key: bool,
}
