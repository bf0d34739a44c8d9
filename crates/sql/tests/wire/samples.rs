// Included by protocol.rs (not a test target of its own).
// Messages covering every variant and the awkward values, for checking
// the hand-written encoder against the bytes serde's derives wrote.
fn wire_samples() -> (Vec<Request>, Vec<Response>) {
    let values = vec![
        SqlValue::Null,
        SqlValue::Bool(false),
        SqlValue::Int(-7),
        SqlValue::Int(i64::MAX),
        SqlValue::Float(1.0),
        SqlValue::Float(0.1),
        SqlValue::Float(-0.0),
        SqlValue::Float(1e20),
        SqlValue::Float(1e-7),
        SqlValue::Float(123456789.125),
        SqlValue::Float(f64::MAX),
        SqlValue::Float(f64::MIN_POSITIVE),
        SqlValue::Float(f64::NAN),
        SqlValue::Float(f64::INFINITY),
        SqlValue::Float(f64::NEG_INFINITY),
        SqlValue::Text("q\"b\\s/\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é€😀".into()),
        SqlValue::Text(String::new()),
        SqlValue::Bytes(vec![]),
        SqlValue::Bytes(vec![0, 1, 127, 128, 255]),
    ];
    let requests = vec![
        Request::Open {
            db: "d".into(),
            demo: false,
        },
        Request::Open {
            db: "d\"é".into(),
            demo: true,
        },
        Request::Execute {
            db: "d".into(),
            sql: "SELECT $1".into(),
            params: values.clone(),
        },
        Request::Execute {
            db: "d".into(),
            sql: String::new(),
            params: vec![],
        },
        Request::ExecuteMany {
            db: "d".into(),
            sql: "x".into(),
            rows: vec![values.clone(), vec![]],
        },
        Request::ExecuteMany {
            db: "d".into(),
            sql: "x".into(),
            rows: vec![],
        },
        Request::Close { db: "d".into() },
        Request::Tables { db: "d".into() },
        Request::Reset { db: "d".into() },
        Request::Export { db: "d".into() },
        Request::Import {
            db: "d".into(),
            image: vec![],
        },
        Request::Import {
            db: "d".into(),
            image: vec![0, 1, 2, 253, 254, 255, 9],
        },
    ];
    let full = SqlError {
        kind: ErrorKind::InvalidSavepointSpecification,
        message: "m\n".into(),
        detail: Some("d".into()),
        hint: Some(String::new()),
        schema_name: Some("public".into()),
        table_name: Some("t".into()),
        column_name: Some("c".into()),
        constraint_name: Some("k".into()),
    };
    let mut some = SqlError::new(ErrorKind::UniqueViolation, "dup");
    some.table_name = Some("users".into());
    some.constraint_name = Some("users_email_key".into());
    let mut responses = vec![
        Response::Ok(QueryResult::default()),
        Response::Ok(QueryResult {
            columns: vec![
                Column {
                    name: "id".into(),
                    decl_type: Some("INTEGER".into()),
                },
                Column {
                    name: "?column?".into(),
                    decl_type: None,
                },
            ],
            rows: vec![values.clone(), vec![SqlValue::Null]],
            status: "SELECT 2".into(),
        }),
        Response::Err(full),
        Response::Err(some),
        Response::Tables(vec![]),
        Response::Tables(vec![
            TableInfo {
                name: "users".into(),
                columns: vec![
                    TableColumn {
                        name: "id".into(),
                        decl_type: "INTEGER".into(),
                        not_null: true,
                        primary_key: true,
                    },
                    TableColumn {
                        name: "n".into(),
                        decl_type: String::new(),
                        not_null: false,
                        primary_key: false,
                    },
                ],
                rows: u64::MAX,
            },
            TableInfo {
                name: "e".into(),
                columns: vec![],
                rows: 0,
            },
        ]),
        Response::Image(vec![]),
        Response::Image((0..=255).collect()),
        Response::Done,
    ];
    for kind in [
        ErrorKind::UndefinedTable,
        ErrorKind::UndefinedColumn,
        ErrorKind::UndefinedFunction,
        ErrorKind::UndefinedObject,
        ErrorKind::DuplicateTable,
        ErrorKind::DuplicateColumn,
        ErrorKind::AmbiguousColumn,
        ErrorKind::UniqueViolation,
        ErrorKind::NotNullViolation,
        ErrorKind::ForeignKeyViolation,
        ErrorKind::CheckViolation,
        ErrorKind::Syntax,
        ErrorKind::Data,
        ErrorKind::NumericValueOutOfRange,
        ErrorKind::NoActiveSqlTransaction,
        ErrorKind::InFailedSqlTransaction,
        ErrorKind::InvalidSavepointSpecification,
        ErrorKind::InvalidCatalogName,
        ErrorKind::Interface,
        ErrorKind::Other,
    ] {
        responses.push(Response::Err(SqlError::new(kind, "x")));
    }
    (requests, responses)
}
