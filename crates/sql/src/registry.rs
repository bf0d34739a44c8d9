//! Named databases, serving [`Request`]s.

use std::collections::BTreeMap;

use crate::database::Database;
use crate::error::{ErrorKind, SqlError};
use crate::protocol::{Request, Response};

/// The open databases by name, answering the protocol's requests.
///
/// ```
/// use looplab_sql::{Databases, Request, Response, SqlValue};
///
/// let mut dbs = Databases::new();
/// dbs.handle(Request::Open { db: "demo".into(), demo: true });
/// let answer = dbs.handle(Request::Execute {
///     db: "demo".into(),
///     sql: "SELECT name FROM users WHERE id = $1".into(),
///     params: vec![SqlValue::Int(2)],
/// });
/// let Response::Ok(result) = answer else { panic!("{answer:?}") };
/// assert_eq!(result.rows, vec![vec![SqlValue::Text("Grace".into())]]);
/// ```
#[derive(Debug, Default)]
pub struct Databases {
    open: BTreeMap<String, Entry>,
}

#[derive(Debug)]
struct Entry {
    database: Database,
    demo: bool,
}

fn no_such_database(name: &str) -> SqlError {
    SqlError::new(
        ErrorKind::InvalidCatalogName,
        format!("database \"{name}\" does not exist"),
    )
}

/// `error`, its message prefixed with the database it is about.
fn about(name: &str, mut error: SqlError) -> SqlError {
    error.message = format!("database \"{name}\": {}", error.message);
    error
}

fn fresh(demo: bool) -> Result<Database, SqlError> {
    let mut database = Database::open_in_memory()?;
    if demo {
        database.load_demo()?;
    }
    Ok(database)
}

impl Databases {
    /// No databases.
    pub fn new() -> Databases {
        Databases::default()
    }

    /// The database called `name`, if it is open.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Database> {
        self.open.get_mut(name).map(|e| &mut e.database)
    }

    /// Answers one request. Requests for a database that is not open
    /// (all but `Open`, `Close` and `Import`) fail with
    /// `InvalidCatalogNameError` (`database "x" does not exist`); a
    /// refused `Export` or `Import` names the database in its message.
    pub fn handle(&mut self, request: Request) -> Response {
        match request {
            Request::Open { db, demo } => {
                if self.open.contains_key(&db) {
                    return Response::Done;
                }
                match fresh(demo) {
                    Ok(database) => {
                        self.open.insert(db, Entry { database, demo });
                        Response::Done
                    }
                    Err(e) => Response::Err(e),
                }
            }
            Request::Execute { db, sql, params } => match self.get_mut(&db) {
                Some(database) => database.execute(&sql, &params).into(),
                None => Response::Err(no_such_database(&db)),
            },
            Request::ExecuteMany { db, sql, rows } => match self.get_mut(&db) {
                Some(database) => database.execute_many(&sql, &rows).into(),
                None => Response::Err(no_such_database(&db)),
            },
            Request::Close { db } => {
                self.open.remove(&db);
                Response::Done
            }
            Request::Tables { db } => match self.get_mut(&db) {
                Some(database) => match database.tables() {
                    Ok(tables) => Response::Tables(tables),
                    Err(e) => Response::Err(e),
                },
                None => Response::Err(no_such_database(&db)),
            },
            Request::Reset { db } => match self.open.get_mut(&db) {
                Some(entry) => match fresh(entry.demo) {
                    Ok(database) => {
                        entry.database = database;
                        Response::Done
                    }
                    Err(e) => Response::Err(e),
                },
                None => Response::Err(no_such_database(&db)),
            },
            Request::Export { db } => match self.get_mut(&db) {
                Some(database) => match database.to_image() {
                    Ok(image) => Response::Image(image),
                    Err(e) => Response::Err(about(&db, e)),
                },
                None => Response::Err(no_such_database(&db)),
            },
            Request::Import { db, image } => match Database::from_image(&image) {
                Ok(database) => {
                    self.open.insert(
                        db,
                        Entry {
                            database,
                            demo: false,
                        },
                    );
                    Response::Done
                }
                Err(e) => Response::Err(about(&db, e)),
            },
        }
    }

    /// Answers an encoded request with an encoded response (see
    /// [`crate::protocol`]). Bytes that are not a request get an error
    /// response.
    pub fn handle_bytes(&mut self, request: &[u8]) -> Vec<u8> {
        match Request::decode(request) {
            Ok(request) => self.handle(request).encode(),
            Err(e) => Response::Err(e).encode(),
        }
    }
}
