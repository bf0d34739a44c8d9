//! Errors, named after asyncpg's exception classes and worded as
//! PostgreSQL words them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which asyncpg exception an error becomes.
///
/// Each kind is one of asyncpg's classes (`asyncpg.exceptions.*`); its
/// PostgreSQL SQLSTATE code is [`ErrorKind::sqlstate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// An error from the SQL engine: which asyncpg exception to raise, and its
/// message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlError {
    /// The exception class.
    pub kind: ErrorKind,
    /// The message, in PostgreSQL's words where PostgreSQL has them.
    pub message: String,
}

impl SqlError {
    /// An error of `kind` saying `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> SqlError {
        SqlError {
            kind,
            message: message.into(),
        }
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

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SqlError {}
