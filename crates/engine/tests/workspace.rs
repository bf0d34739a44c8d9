//! What a run starts from and leaves behind for the page: the demo
//! workspace (examples/workspace), the files a program wrote, and the
//! databases it opened with their tables and first rows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_engine::workspace::{after, start, Recorder};
use looplab_protocol::WorkspaceFile;
use looplab_script::fs::FileSystem;
use looplab_script::modules::asyncpg::SqlBackend;
use looplab_sql::{Databases, Request, Response, SqlValue};
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Debug, Default)]
struct Sqlite(RefCell<Databases>);

impl SqlBackend for Sqlite {
    fn handle(&self, request: Request) -> Response {
        self.0.borrow_mut().handle(request)
    }
}

#[test]
fn a_run_starts_from_the_demo_files_or_from_what_the_page_sent() {
    let demo = start(None);
    let names: Vec<String> = demo.files().into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        names,
        [
            "app.log",
            "data/orders-1.csv",
            "data/orders-2.csv",
            "data/orders-3.csv",
            "notes.txt"
        ]
    );
    let kept = start(Some(vec![
        WorkspaceFile {
            path: "a/b.txt".into(),
            data: b"hi".to_vec(),
        },
        WorkspaceFile {
            path: "empty/".into(),
            data: Vec::new(),
        },
    ]));
    assert_eq!(kept.read("a/b.txt"), Ok(b"hi".to_vec()));
    assert_eq!(
        kept.list(""),
        Ok(vec!["a".to_string(), "empty".to_string()])
    );
}

#[test]
fn after_a_run_the_page_gets_the_files_and_the_opened_databases() {
    let fs = start(Some(Vec::new()));
    fs.write("out.txt", b"done").unwrap();
    let sql = Recorder::new(Rc::new(Sqlite::default()), fs.clone());
    let open = sql.handle(Request::Open {
        db: "shop".into(),
        demo: false,
    });
    assert!(!matches!(open, Response::Err(_)), "{open:?}");
    for (sql_text, params) in [
        (
            "CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL)",
            vec![],
        ),
        (
            "INSERT INTO items (name) VALUES ($1)",
            vec![SqlValue::Text("tea".into())],
        ),
    ] {
        let r = sql.handle(Request::Execute {
            db: "shop".into(),
            sql: sql_text.into(),
            params,
        });
        assert!(!matches!(r, Response::Err(_)), "{r:?}");
    }
    let left = after(&fs, Some(&sql));
    let paths: Vec<&str> = left.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["databases/shop.sqlite", "out.txt"]);
    assert!(left.files[0].data.starts_with(b"SQLite format 3\0"));
    assert_eq!(left.files[1].data, b"done");
    let dbs: serde_json::Value = serde_json::from_str(&left.databases).unwrap();
    assert_eq!(dbs[0]["name"], "shop");
    let table = &dbs[0]["tables"][0];
    assert_eq!(table["name"], "items");
    assert_eq!(table["rows"], 1);
    assert_eq!(
        table["sample"]["columns"],
        serde_json::json!(["id", "name"])
    );
    assert_eq!(table["sample"]["rows"], serde_json::json!([[1, "tea"]]));
    assert_eq!(after(&fs, None).databases, "");

    // The next run, started from those files, finds the table and its row.
    let next = start(Some(left.files));
    let sql = Recorder::new(Rc::new(Sqlite::default()), next.clone());
    let open = sql.handle(Request::Open {
        db: "shop".into(),
        demo: false,
    });
    assert!(!matches!(open, Response::Err(_)), "{open:?}");
    match sql.handle(Request::Execute {
        db: "shop".into(),
        sql: "SELECT name FROM items".into(),
        params: vec![],
    }) {
        Response::Ok(r) => assert_eq!(r.rows, vec![vec![SqlValue::Text("tea".into())]]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_database_file_fails_the_connect_with_a_clear_error() {
    let fs = start(Some(vec![WorkspaceFile {
        path: "databases/shop.sqlite".into(),
        data: b"not a database".to_vec(),
    }]));
    let sql = Recorder::new(Rc::new(Sqlite::default()), fs);
    match sql.handle(Request::Open {
        db: "shop".into(),
        demo: false,
    }) {
        Response::Err(e) => assert!(
            e.message.contains("not an SQLite database"),
            "{}",
            e.message
        ),
        other => panic!("{other:?}"),
    }
}
