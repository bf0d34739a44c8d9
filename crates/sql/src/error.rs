//! Errors, named after asyncpg's exception classes and worded as
//! PostgreSQL words them.

use std::fmt;

/// Which asyncpg exception an error becomes.
///
/// Each kind is one of asyncpg's classes (`asyncpg.exceptions.*`); its
/// PostgreSQL SQLSTATE code is [`ErrorKind::sqlstate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `UndefinedTableError` (42P01): `relation "x" does not exist`.
    UndefinedTable,
    /// `UndefinedColumnError` (42703): `column "x" does not exist`.
    UndefinedColumn,
    /// `UndefinedFunctionError` (42883): `function f(integer) does not
    /// exist`.
    UndefinedFunction,
    /// `UndefinedObjectError` (42704): `index "x" does not exist`.
    UndefinedObject,
    /// `DuplicateTableError` (42P07): `relation "x" already exists`.
    DuplicateTable,
    /// `DuplicateColumnError` (42701): `column "x" specified more than
    /// once`.
    DuplicateColumn,
    /// `AmbiguousColumnError` (42702): `column reference "id" is
    /// ambiguous`.
    AmbiguousColumn,
    /// `UniqueViolationError` (23505).
    UniqueViolation,
    /// `NotNullViolationError` (23502).
    NotNullViolation,
    /// `ForeignKeyViolationError` (23503).
    ForeignKeyViolation,
    /// `CheckViolationError` (23514).
    CheckViolation,
    /// `PostgresSyntaxError` (42601): `syntax error at or near "x"`.
    Syntax,
    /// `DataError` (22000): a value SQLite will not store, such as text
    /// for an `INTEGER PRIMARY KEY` (PostgreSQL would reject it on input,
    /// as `InvalidTextRepresentationError`; the message is SQLite's,
    /// `datatype mismatch`, since the value is not known).
    Data,
    /// `NumericValueOutOfRangeError` (22003): `bigint out of range`.
    NumericValueOutOfRange,
    /// `NoActiveSQLTransactionError` (25P01): a savepoint command outside a
    /// transaction.
    NoActiveSqlTransaction,
    /// `InFailedSQLTransactionError` (25P02): a command after an error in a
    /// transaction, before its `ROLLBACK`.
    InFailedSqlTransaction,
    /// `InvalidSavepointSpecificationError` (3B001): `savepoint "x" does
    /// not exist`.
    InvalidSavepointSpecification,
    /// `InvalidCatalogNameError` (3D000): `database "x" does not exist`.
    InvalidCatalogName,
    /// `InterfaceError`: a misuse caught before the server (asyncpg's own
    /// checks, such as the number of arguments), or a malformed request
    /// on the byte protocol. Has no SQLSTATE.
    Interface,
    /// `PostgresError`: anything else (the message is SQLite's).
    Other,
}

impl ErrorKind {
    /// The asyncpg exception class, e.g. `"UniqueViolationError"`.
    pub fn exception_name(self) -> &'static str {
        match self {
            ErrorKind::UndefinedTable => "UndefinedTableError",
            ErrorKind::UndefinedColumn => "UndefinedColumnError",
            ErrorKind::UndefinedFunction => "UndefinedFunctionError",
            ErrorKind::UndefinedObject => "UndefinedObjectError",
            ErrorKind::DuplicateTable => "DuplicateTableError",
            ErrorKind::DuplicateColumn => "DuplicateColumnError",
            ErrorKind::AmbiguousColumn => "AmbiguousColumnError",
            ErrorKind::UniqueViolation => "UniqueViolationError",
            ErrorKind::NotNullViolation => "NotNullViolationError",
            ErrorKind::ForeignKeyViolation => "ForeignKeyViolationError",
            ErrorKind::CheckViolation => "CheckViolationError",
            ErrorKind::Syntax => "PostgresSyntaxError",
            ErrorKind::Data => "DataError",
            ErrorKind::NumericValueOutOfRange => "NumericValueOutOfRangeError",
            ErrorKind::NoActiveSqlTransaction => "NoActiveSQLTransactionError",
            ErrorKind::InFailedSqlTransaction => "InFailedSQLTransactionError",
            ErrorKind::InvalidSavepointSpecification => "InvalidSavepointSpecificationError",
            ErrorKind::InvalidCatalogName => "InvalidCatalogNameError",
            ErrorKind::Interface => "InterfaceError",
            ErrorKind::Other => "PostgresError",
        }
    }

    /// PostgreSQL's SQLSTATE code, e.g. `"23505"`; `None` for
    /// [`ErrorKind::Interface`] (not a server error) and
    /// [`ErrorKind::Other`] (no PostgreSQL counterpart is known).
    pub fn sqlstate(self) -> Option<&'static str> {
        Some(match self {
            ErrorKind::UndefinedTable => "42P01",
            ErrorKind::UndefinedColumn => "42703",
            ErrorKind::UndefinedFunction => "42883",
            ErrorKind::UndefinedObject => "42704",
            ErrorKind::DuplicateTable => "42P07",
            ErrorKind::DuplicateColumn => "42701",
            ErrorKind::AmbiguousColumn => "42702",
            ErrorKind::UniqueViolation => "23505",
            ErrorKind::NotNullViolation => "23502",
            ErrorKind::ForeignKeyViolation => "23503",
            ErrorKind::CheckViolation => "23514",
            ErrorKind::Syntax => "42601",
            ErrorKind::Data => "22000",
            ErrorKind::NumericValueOutOfRange => "22003",
            ErrorKind::NoActiveSqlTransaction => "25P01",
            ErrorKind::InFailedSqlTransaction => "25P02",
            ErrorKind::InvalidSavepointSpecification => "3B001",
            ErrorKind::InvalidCatalogName => "3D000",
            ErrorKind::Interface | ErrorKind::Other => return None,
        })
    }
}

/// An error from the SQL engine: which asyncpg exception to raise, its
/// message, and the fields PostgreSQL sends along with it.
///
/// The optional fields are the attributes of the same names on asyncpg's
/// exceptions (`e.detail`, `e.constraint_name`, …); what is `None` here is
/// `None` there. [`SqlError::display_text`] is the exception's `str(e)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlError {
    /// The exception class.
    pub kind: ErrorKind,
    /// The message, in PostgreSQL's words where PostgreSQL has them
    /// (asyncpg's `e.args[0]`).
    pub message: String,
    /// A second line of explanation: `Key (email)=(ada@example.com) already
    /// exists.`, `Failing row contains (1, null, 5).`
    pub detail: Option<String>,
    /// Advice: `Check the query against the passed list of arguments.`
    pub hint: Option<String>,
    /// The schema of the table concerned (always `public` here).
    pub schema_name: Option<String>,
    /// The table concerned, for integrity violations.
    pub table_name: Option<String>,
    /// The column concerned, for not-null violations.
    pub column_name: Option<String>,
    /// The constraint broken, for unique, foreign key and check
    /// violations: `users_email_key`.
    pub constraint_name: Option<String>,
}

impl SqlError {
    /// An error of `kind` saying `message`, with no further fields.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> SqlError {
        SqlError {
            kind,
            message: message.into(),
            detail: None,
            hint: None,
            schema_name: None,
            table_name: None,
            column_name: None,
            constraint_name: None,
        }
    }

    /// The same error with `detail` as its detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> SqlError {
        self.detail = Some(detail.into());
        self
    }

    /// The same error with `hint` as its hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> SqlError {
        self.hint = Some(hint.into());
        self
    }

    /// The same error about table `table` (in schema `public`, the only
    /// one there is).
    #[must_use]
    pub fn with_table(mut self, table: impl Into<String>) -> SqlError {
        self.schema_name = Some("public".to_string());
        self.table_name = Some(table.into());
        self
    }

    /// The same error about column `column`.
    #[must_use]
    pub fn with_column(mut self, column: impl Into<String>) -> SqlError {
        self.column_name = Some(column.into());
        self
    }

    /// The same error about constraint `constraint`.
    #[must_use]
    pub fn with_constraint(mut self, constraint: impl Into<String>) -> SqlError {
        self.constraint_name = Some(constraint.into());
        self
    }

    /// The text of asyncpg's `str(e)`: the message, then, when present and
    /// not empty, a line `DETAIL:  <detail>` and a line `HINT:  <hint>`
    /// (two spaces after each colon, as asyncpg writes them).
    ///
    /// ```
    /// use looplab_sql::{ErrorKind, SqlError};
    ///
    /// let e = SqlError::new(ErrorKind::UniqueViolation, "duplicate key value violates unique constraint \"users_email_key\"")
    ///     .with_detail("Key (email)=(ada@example.com) already exists.");
    /// assert_eq!(
    ///     e.display_text(),
    ///     "duplicate key value violates unique constraint \"users_email_key\"\nDETAIL:  Key (email)=(ada@example.com) already exists."
    /// );
    /// ```
    pub fn display_text(&self) -> String {
        let mut text = self.message.clone();
        if let Some(detail) = self.detail.as_deref().filter(|d| !d.is_empty()) {
            text.push_str("\nDETAIL:  ");
            text.push_str(detail);
        }
        if let Some(hint) = self.hint.as_deref().filter(|h| !h.is_empty()) {
            text.push_str("\nHINT:  ");
            text.push_str(hint);
        }
        text
    }

    /// The asyncpg exception class, e.g. `"UniqueViolationError"`.
    pub fn exception_name(&self) -> &'static str {
        self.kind.exception_name()
    }

    /// PostgreSQL's SQLSTATE code, if the error has one.
    pub fn sqlstate(&self) -> Option<&'static str> {
        self.kind.sqlstate()
    }

    /// Whether it is an integrity constraint violation (class 23: unique,
    /// not-null, foreign key, check), asyncpg's
    /// `IntegrityConstraintViolationError`.
    pub fn is_integrity_violation(&self) -> bool {
        self.sqlstate().is_some_and(|s| s.starts_with("23"))
    }

    /// Whether it is a syntax or access-rule error (class 42, asyncpg's
    /// `SyntaxOrAccessError`).
    pub fn is_syntax_or_access(&self) -> bool {
        self.sqlstate().is_some_and(|s| s.starts_with("42"))
    }
}

/// The message alone; [`SqlError::display_text`] adds the detail and hint
/// lines.
impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SqlError {}
