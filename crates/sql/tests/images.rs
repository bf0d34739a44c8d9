//! A database leaves as the bytes of an ordinary SQLite file and comes
//! back from them behaving as before: values, booleans, serial ids,
//! constraint names and foreign keys. Bytes that are not a database are
//! refused with an error that names the database, never a panic.

#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_sql::{Database, Databases, ErrorKind, Request, Response, SqlError, SqlValue};

const MAGIC: &[u8] = b"SQLite format 3\0";

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.into())
}

/// `request` answered through bytes, as the wasm module answers it.
fn ask(dbs: &mut Databases, request: Request) -> Response {
    Response::decode(&dbs.handle_bytes(&request.encode())).unwrap()
}

fn run(dbs: &mut Databases, db: &str, sql: &str, params: Vec<SqlValue>) -> Response {
    ask(
        dbs,
        Request::Execute {
            db: db.into(),
            sql: sql.into(),
            params,
        },
    )
}

fn rows(dbs: &mut Databases, db: &str, sql: &str) -> Vec<Vec<SqlValue>> {
    match run(dbs, db, sql, vec![]) {
        Response::Ok(r) => r.rows,
        other => panic!("{sql}: {other:?}"),
    }
}

fn error(response: Response) -> SqlError {
    match response {
        Response::Err(e) => e,
        other => panic!("expected an error, got {other:?}"),
    }
}

fn export(dbs: &mut Databases, db: &str) -> Vec<u8> {
    match ask(dbs, Request::Export { db: db.into() }) {
        Response::Image(image) => image,
        other => panic!("export of {db}: {other:?}"),
    }
}

fn import(dbs: &mut Databases, db: &str, image: &[u8]) -> Response {
    ask(
        dbs,
        Request::Import {
            db: db.into(),
            image: image.to_vec(),
        },
    )
}

/// A shop with a serial key whose last id was deleted, a unique email,
/// booleans and a foreign key.
fn shop() -> Databases {
    let mut dbs = Databases::new();
    assert_eq!(
        ask(
            &mut dbs,
            Request::Open {
                db: "shop".into(),
                demo: false,
            }
        ),
        Response::Done
    );
    let setup = "
        CREATE TABLE users (
            id SERIAL PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            active BOOLEAN NOT NULL DEFAULT TRUE
        );
        CREATE TABLE orders (
            id SERIAL PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users (id),
            paid BOOLEAN,
            total REAL
        );
        INSERT INTO users (email, active) VALUES
            ('ada@example.com', TRUE), ('grace@example.com', FALSE), ('gone@example.com', TRUE);
        DELETE FROM users WHERE email = 'gone@example.com';
        INSERT INTO orders (user_id, paid, total) VALUES (1, TRUE, 9.5), (2, NULL, 20);
    ";
    assert!(
        matches!(run(&mut dbs, "shop", setup, vec![]), Response::Ok(_)),
        "setup"
    );
    dbs
}

#[test]
fn an_exported_database_is_a_standard_sqlite_file() {
    let mut dbs = shop();
    let image = export(&mut dbs, "shop");
    assert!(image.starts_with(MAGIC), "{:?}", image.get(..16));
    // The header's page size (bytes 16-17) times its page count (bytes
    // 28-31) is the file's length; rollback mode (bytes 18-19 are 1).
    let page_size = usize::from(u16::from_be_bytes([image[16], image[17]]));
    let pages = u32::from_be_bytes([image[28], image[29], image[30], image[31]]) as usize;
    // 4096 natively; the browser's SQLite is built with 8192.
    assert!(page_size.is_power_of_two() && (512..=65536).contains(&page_size));
    assert_eq!(page_size * pages, image.len());
    assert_eq!(&image[18..20], &[1, 1]);
    // Exporting changes nothing: the same bytes again.
    assert_eq!(export(&mut dbs, "shop"), image);
}

#[test]
fn an_imported_database_behaves_as_the_original_did() {
    let mut dbs = shop();
    let image = export(&mut dbs, "shop");
    assert_eq!(import(&mut dbs, "copy", &image), Response::Done);

    let r = match run(
        &mut dbs,
        "copy",
        "SELECT id, email, active FROM users ORDER BY id",
        vec![],
    ) {
        Response::Ok(r) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(r.columns[2].decl_type.as_deref(), Some("BOOLEAN"));
    assert_eq!(
        r.rows,
        vec![
            vec![
                SqlValue::Int(1),
                text("ada@example.com"),
                SqlValue::Bool(true)
            ],
            vec![
                SqlValue::Int(2),
                text("grace@example.com"),
                SqlValue::Bool(false)
            ],
        ]
    );
    assert_eq!(
        rows(
            &mut dbs,
            "copy",
            "SELECT user_id, paid, total FROM orders ORDER BY id"
        ),
        vec![
            vec![SqlValue::Int(1), SqlValue::Bool(true), SqlValue::Float(9.5)],
            vec![SqlValue::Int(2), SqlValue::Null, SqlValue::Float(20.0)],
        ]
    );

    // SERIAL goes on after the deleted 3, as it would have in the original.
    assert_eq!(
        rows(
            &mut dbs,
            "copy",
            "INSERT INTO users (email) VALUES ('alan@example.com') RETURNING id, active"
        ),
        vec![vec![SqlValue::Int(4), SqlValue::Bool(true)]]
    );

    // The unique constraint keeps PostgreSQL's name and detail.
    let e = error(run(
        &mut dbs,
        "copy",
        "INSERT INTO users (email) VALUES ($1)",
        vec![text("ada@example.com")],
    ));
    assert_eq!(e.kind, ErrorKind::UniqueViolation);
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"users_email_key\""
    );
    assert_eq!(
        e.detail.as_deref(),
        Some("Key (email)=(ada@example.com) already exists.")
    );
    assert_eq!(e.constraint_name.as_deref(), Some("users_email_key"));
    assert_eq!(e.table_name.as_deref(), Some("users"));

    // Foreign keys are enforced.
    let e = error(run(
        &mut dbs,
        "copy",
        "INSERT INTO orders (user_id) VALUES (99)",
        vec![],
    ));
    assert_eq!(e.kind, ErrorKind::ForeignKeyViolation, "{e:?}");

    // Transactions and savepoints work as on any database.
    let script =
        "BEGIN; DELETE FROM orders; SAVEPOINT s; DELETE FROM users; ROLLBACK TO s; ROLLBACK";
    assert!(matches!(
        run(&mut dbs, "copy", script, vec![]),
        Response::Ok(_)
    ));
    assert_eq!(
        rows(&mut dbs, "copy", "SELECT count(*) FROM orders"),
        vec![vec![SqlValue::Int(2)]]
    );

    // The copy is a database of its own.
    assert_eq!(
        rows(&mut dbs, "shop", "SELECT count(*) FROM users"),
        vec![vec![SqlValue::Int(2)]]
    );
    assert_eq!(
        rows(&mut dbs, "copy", "SELECT count(*) FROM users"),
        vec![vec![SqlValue::Int(3)]]
    );
}

#[test]
fn import_replaces_an_open_database_and_open_keeps_it() {
    let mut dbs = shop();
    let image = export(&mut dbs, "shop");
    let mut other = Databases::new();
    ask(
        &mut other,
        Request::Open {
            db: "demo".into(),
            demo: true,
        },
    );
    assert_eq!(import(&mut other, "demo", &image), Response::Done);
    // What a program's `connect` sends: the imported data stays.
    assert_eq!(
        ask(
            &mut other,
            Request::Open {
                db: "demo".into(),
                demo: true
            }
        ),
        Response::Done
    );
    let Response::Tables(tables) = ask(&mut other, Request::Tables { db: "demo".into() }) else {
        panic!("no tables");
    };
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["orders", "users"]);
    // An imported database resets to empty.
    assert_eq!(
        ask(&mut other, Request::Reset { db: "demo".into() }),
        Response::Done
    );
    let Response::Tables(tables) = ask(&mut other, Request::Tables { db: "demo".into() }) else {
        panic!("no tables");
    };
    assert!(tables.is_empty(), "{tables:?}");
}

#[test]
fn exporting_needs_an_open_database_outside_a_transaction() {
    let mut dbs = shop();
    let e = error(ask(&mut dbs, Request::Export { db: "nope".into() }));
    assert_eq!(e.kind, ErrorKind::InvalidCatalogName);
    assert_eq!(e.message, "database \"nope\" does not exist");

    run(&mut dbs, "shop", "BEGIN", vec![]);
    run(&mut dbs, "shop", "DELETE FROM orders", vec![]);
    let e = error(ask(&mut dbs, Request::Export { db: "shop".into() }));
    assert_eq!(e.kind, ErrorKind::Interface);
    assert_eq!(
        e.message,
        "database \"shop\": cannot export inside a transaction: commit or roll back first \
         (an image taken now would keep work that may still be rolled back)"
    );
    // A failed transaction is still a transaction.
    run(&mut dbs, "shop", "SELECT * FROM missing", vec![]);
    assert_eq!(
        error(ask(&mut dbs, Request::Export { db: "shop".into() })).kind,
        ErrorKind::Interface
    );
    run(&mut dbs, "shop", "ROLLBACK", vec![]);
    let image = export(&mut dbs, "shop");
    let mut copy = Database::from_image(&image).unwrap();
    let r = copy.execute("SELECT count(*) FROM orders", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(2)]]);

    // Closed is missing.
    ask(&mut dbs, Request::Close { db: "shop".into() });
    let e = error(ask(&mut dbs, Request::Export { db: "shop".into() }));
    assert_eq!(e.kind, ErrorKind::InvalidCatalogName);
}

#[test]
fn bytes_that_are_not_a_database_are_refused_and_change_nothing() {
    let mut dbs = shop();
    let image = export(&mut dbs, "shop");
    let not_a_file = |len: usize| {
        format!(
            "database \"shop\": cannot import: the bytes are not an SQLite database file \
             ({len} bytes, not beginning with \"SQLite format 3\")"
        )
    };

    let garbage = b"hello, this is not a database".to_vec();
    let e = error(import(&mut dbs, "shop", &garbage));
    assert_eq!(e.kind, ErrorKind::Interface);
    assert_eq!(e.message, not_a_file(garbage.len()));

    let mut almost = vec![b'x'; 8192];
    almost[..MAGIC.len() - 1].copy_from_slice(&MAGIC[..MAGIC.len() - 1]);
    assert_eq!(
        error(import(&mut dbs, "shop", &almost)).message,
        not_a_file(8192)
    );
    assert_eq!(
        error(import(&mut dbs, "shop", &image[..100])).message,
        not_a_file(100)
    );

    // The right first bytes, then nonsense: SQLite cannot read it.
    let mut nonsense = vec![0xa5u8; 8192];
    nonsense[..MAGIC.len()].copy_from_slice(MAGIC);
    let e = error(import(&mut dbs, "shop", &nonsense));
    assert_eq!(e.kind, ErrorKind::Interface);
    assert!(
        e.message
            .starts_with("database \"shop\": cannot import: SQLite cannot read the image ("),
        "{}",
        e.message
    );

    // A real image with its later pages overwritten.
    let mut damaged = image.clone();
    for b in &mut damaged[4096..] {
        *b = 0x5a;
    }
    let e = error(import(&mut dbs, "shop", &damaged));
    assert_eq!(e.kind, ErrorKind::Interface);
    assert!(
        e.message.starts_with("database \"shop\": cannot import: "),
        "{}",
        e.message
    );

    // A real image whose header miscounts its free pages: readable, but
    // SQLite's check finds the fault.
    let mut miscounted = image.clone();
    miscounted[36..40].copy_from_slice(&3u32.to_be_bytes());
    let e = error(import(&mut dbs, "shop", &miscounted));
    assert_eq!(e.kind, ErrorKind::Interface);
    assert_eq!(
        e.message,
        "database \"shop\": cannot import: the image is a damaged SQLite database \
         (Freelist: size is 0 but should be 3)"
    );

    // A real image cut short.
    let e = error(import(&mut dbs, "shop", &image[..image.len() - 4096]));
    assert_eq!(e.kind, ErrorKind::Interface, "{e:?}");

    // None of that touched the open database.
    assert_eq!(
        rows(&mut dbs, "shop", "SELECT email FROM users ORDER BY id"),
        vec![
            vec![text("ada@example.com")],
            vec![text("grace@example.com")]
        ]
    );
    // Nor opened one under a new name.
    assert!(matches!(
        import(&mut dbs, "ghost", &garbage),
        Response::Err(_)
    ));
    assert_eq!(
        error(ask(&mut dbs, Request::Tables { db: "ghost".into() })).kind,
        ErrorKind::InvalidCatalogName
    );
}

#[test]
fn an_empty_file_is_an_empty_database() {
    let mut dbs = shop();
    assert_eq!(import(&mut dbs, "shop", &[]), Response::Done);
    let Response::Tables(tables) = ask(&mut dbs, Request::Tables { db: "shop".into() }) else {
        panic!("no tables");
    };
    assert!(tables.is_empty());
    assert!(export(&mut dbs, "shop").starts_with(MAGIC));
}

/// A file written by SQLite itself (here through rusqlite, as Python's
/// `sqlite3` would write one) in WAL mode, with a view that calls
/// `now()` as written, which only this crate's `now()` function answers.
#[test]
fn a_file_from_another_program_opens_even_in_wal_mode() {
    let dir = std::env::temp_dir().join(format!("looplab-sql-images-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notes.sqlite");
    let _ = std::fs::remove_file(&path);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, pinned BOOLEAN);
             INSERT INTO notes (body, pinned) VALUES ('first', 1), ('second', 0);
             CREATE VIEW stamped AS SELECT now() AS at;",
        )
        .unwrap();
    }
    let file = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(&file[18..20], &[2, 2], "written in WAL mode");

    let mut db = Database::from_image(&file).unwrap();
    let r = db
        .execute("SELECT body, pinned FROM notes ORDER BY id", &[])
        .unwrap();
    assert_eq!(
        r.rows,
        vec![
            vec![text("first"), SqlValue::Bool(true)],
            vec![text("second"), SqlValue::Bool(false)],
        ]
    );
    let r = db.execute("SELECT at FROM stamped", &[]).unwrap();
    let [SqlValue::Text(at)] = r.rows[0].as_slice() else {
        panic!("{:?}", r.rows);
    };
    assert_eq!(at.len(), "2024-03-01 12:00:00".len(), "{at}");
    db.execute("INSERT INTO notes (body) VALUES ('third')", &[])
        .unwrap();
    let again = db.to_image().unwrap();
    assert_eq!(&again[18..20], &[1, 1], "saved in rollback mode");
    let mut db = Database::from_image(&again).unwrap();
    let r = db.execute("SELECT count(*) FROM notes", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![SqlValue::Int(3)]]);
}

#[test]
fn images_cross_the_protocol_as_base64_text() {
    let mut dbs = Databases::new();
    ask(
        &mut dbs,
        Request::Open {
            db: "demo".into(),
            demo: true,
        },
    );
    let image = export(&mut dbs, "demo");

    let response = Response::Image(image.clone());
    let bytes = response.encode();
    // "SQLite format 3\0" in base64, as JavaScript's btoa writes it.
    let head = "{\"v\":1,\"response\":{\"image\":\"U1FMaXRlIGZvcm1hdCAzA";
    assert!(
        String::from_utf8_lossy(&bytes).starts_with(head),
        "{}",
        String::from_utf8_lossy(&bytes[..60])
    );
    // Four characters for three bytes, and the envelope.
    let envelope = r#"{"v":1,"response":{"image":""}}"#.len();
    assert_eq!(bytes.len(), envelope + image.len().div_ceil(3) * 4);
    assert_eq!(Response::decode(&bytes).unwrap(), response);

    let request = Request::Import {
        db: "kept".into(),
        image: image.clone(),
    };
    let bytes = request.encode();
    assert_eq!(Request::decode(&bytes).unwrap(), request);
    assert_eq!(dbs.handle_bytes(&bytes), Response::Done.encode());
    assert_eq!(
        rows(&mut dbs, "kept", "SELECT name FROM users WHERE id = 2"),
        vec![vec![text("Grace")]]
    );
    assert_eq!(
        Request::decode(&Request::Export { db: "kept".into() }.encode()).unwrap(),
        Request::Export { db: "kept".into() }
    );

    // An array of numbers, serde's usual spelling of bytes, decodes too.
    let numbers = br#"{"v":1,"response":{"image":[83,81,76,255]}}"#;
    assert_eq!(
        Response::decode(numbers).unwrap(),
        Response::Image(vec![83, 81, 76, 255])
    );
    let unpadded = br#"{"v":1,"request":{"import":{"db":"x","image":"U1FM/w"}}}"#;
    assert_eq!(
        Request::decode(unpadded).unwrap(),
        Request::Import {
            db: "x".into(),
            image: vec![83, 81, 76, 255]
        }
    );

    // Bad base64 is a malformed request, answered with an error.
    let bad = br#"{"v":1,"request":{"import":{"db":"x","image":"U1FM*w=="}}}"#;
    let e = Request::decode(bad).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Interface);
    assert!(
        e.message
            .contains("base64 text has '*' at offset 4, which is not a base64 character"),
        "{}",
        e.message
    );
    let Response::Err(e) = Response::decode(&dbs.handle_bytes(bad)).unwrap() else {
        panic!("bad base64 was accepted");
    };
    assert_eq!(e.kind, ErrorKind::Interface);
    let out_of_range = br#"{"v":1,"response":{"image":[1,256]}}"#;
    assert!(Response::decode(out_of_range).is_err());

    // An image is no query result.
    assert_eq!(
        Response::Image(image).into_result().unwrap(),
        looplab_sql::QueryResult::default()
    );
}
