//! The demo database holds the mock HTTP API's users and posts.

#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_sql::{Database, SqlValue};

fn demo() -> Database {
    let mut db = Database::open_in_memory().unwrap();
    db.load_demo().unwrap();
    db
}

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.into())
}

fn count(db: &mut Database, sql: &str) -> SqlValue {
    db.execute(sql, &[]).unwrap().rows.remove(0).remove(0)
}

#[test]
fn the_tables_have_the_apis_rows() {
    let mut db = demo();
    assert_eq!(
        count(&mut db, "SELECT count(*) FROM users"),
        SqlValue::Int(10)
    );
    assert_eq!(
        count(&mut db, "SELECT count(*) FROM posts"),
        SqlValue::Int(30)
    );
    assert_eq!(
        count(&mut db, "SELECT count(*) FROM comments"),
        SqlValue::Int(60)
    );
    // GET /api/users/2 → {"id":2,"name":"Grace","email":"grace@example.com"}
    let r = db
        .execute(
            "SELECT id, name, email FROM users WHERE id = $1",
            &[SqlValue::Int(2)],
        )
        .unwrap();
    assert_eq!(
        r.rows,
        vec![vec![
            SqlValue::Int(2),
            text("Grace"),
            text("grace@example.com")
        ]]
    );
    // GET /api/posts/4 → {"id":4,"userId":2,"title":"Post 4 by Grace"}
    let r = db
        .execute("SELECT id, user_id, title FROM posts WHERE id = 4", &[])
        .unwrap();
    assert_eq!(
        r.rows,
        vec![vec![
            SqlValue::Int(4),
            SqlValue::Int(2),
            text("Post 4 by Grace")
        ]]
    );
    // GET /api/posts?user=10 → posts 28, 29, 30.
    let r = db
        .execute(
            "SELECT id, title FROM posts WHERE user_id = 10 ORDER BY id",
            &[],
        )
        .unwrap();
    assert_eq!(
        r.rows,
        vec![
            vec![SqlValue::Int(28), text("Post 28 by Margaret")],
            vec![SqlValue::Int(29), text("Post 29 by Margaret")],
            vec![SqlValue::Int(30), text("Post 30 by Margaret")],
        ]
    );
    let names = db
        .execute("SELECT name FROM users ORDER BY id", &[])
        .unwrap();
    let names: Vec<SqlValue> = names.rows.into_iter().map(|mut r| r.remove(0)).collect();
    let expected: Vec<SqlValue> = [
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Ken", "Dennis", "Guido", "Margaret",
    ]
    .into_iter()
    .map(text)
    .collect();
    assert_eq!(names, expected);
}

#[test]
fn a_join_across_the_three_tables() {
    let mut db = demo();
    let r = db
        .execute(
            "SELECT p.title, u.name AS author, c.body, cu.name AS commenter
             FROM comments c
             JOIN posts p ON p.id = c.post_id
             JOIN users u ON u.id = p.user_id
             JOIN users cu ON cu.id = c.user_id
             WHERE p.id = $1
             ORDER BY c.id",
            &[SqlValue::Int(4)],
        )
        .unwrap();
    assert_eq!(r.status, "SELECT 2");
    assert_eq!(
        r.rows,
        vec![
            vec![
                text("Post 4 by Grace"),
                text("Grace"),
                text("Comment 7 by Alan on post 4."),
                text("Alan")
            ],
            vec![
                text("Post 4 by Grace"),
                text("Grace"),
                text("Comment 8 by Edsger on post 4."),
                text("Edsger")
            ],
        ]
    );
    let r = db
        .execute(
            "SELECT u.name, count(p.id) AS posts FROM users u LEFT JOIN posts p ON p.user_id = u.id
             GROUP BY u.id ORDER BY u.id LIMIT 2",
            &[],
        )
        .unwrap();
    assert_eq!(
        r.rows,
        vec![
            vec![text("Ada"), SqlValue::Int(3)],
            vec![text("Grace"), SqlValue::Int(3)]
        ]
    );
    // Margaret's posts are commented on by Ada and Grace (ids wrap round).
    let r = db
        .execute(
            "SELECT DISTINCT u.name FROM comments c JOIN users u ON u.id = c.user_id
             WHERE c.post_id = 30 ORDER BY u.name",
            &[],
        )
        .unwrap();
    assert_eq!(r.rows, vec![vec![text("Ada")], vec![text("Grace")]]);
}

#[test]
fn nobody_comments_on_their_own_post_and_the_keys_hold() {
    let mut db = demo();
    assert_eq!(
        count(
            &mut db,
            "SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.user_id = p.user_id"
        ),
        SqlValue::Int(0)
    );
    let e = db
        .execute("DELETE FROM users WHERE id = 1", &[])
        .unwrap_err();
    assert_eq!(
        e.message,
        "update or delete on table \"users\" violates foreign key constraint \"posts_user_id_fkey\" on table \"posts\""
    );
    let r = db
        .execute("INSERT INTO users (name, email) VALUES ('Linus', 'linus@example.com') RETURNING id, created_at", &[])
        .unwrap();
    assert_eq!(r.rows[0][0], SqlValue::Int(11));
    assert!(matches!(&r.rows[0][1], SqlValue::Text(t) if t.len() == 19));
}

#[test]
fn created_at_follows_the_formula() {
    let mut db = demo();
    let r = db
        .execute(
            "SELECT (SELECT created_at FROM users WHERE id = 3),
                    (SELECT created_at FROM posts WHERE id = 30),
                    (SELECT created_at FROM comments WHERE id = 8),
                    (SELECT body FROM posts WHERE id = 1)",
            &[],
        )
        .unwrap();
    assert_eq!(
        r.rows,
        vec![vec![
            text("2024-01-03 09:00:00"),
            text("2024-03-30 12:00:00"),
            text("2024-03-04 12:45:00"),
            text("This is post 1, written by Ada."),
        ]]
    );
}

#[test]
fn the_tables_listing_has_columns_and_counts() {
    let db = demo();
    let tables = db.tables().unwrap();
    let summary: Vec<(&str, u64, usize)> = tables
        .iter()
        .map(|t| (t.name.as_str(), t.rows, t.columns.len()))
        .collect();
    assert_eq!(
        summary,
        [("comments", 60, 5), ("posts", 30, 5), ("users", 10, 4)]
    );
    let users = &tables[2];
    let id = &users.columns[0];
    assert_eq!(
        (id.name.as_str(), id.decl_type.as_str(), id.primary_key),
        ("id", "INTEGER", true)
    );
    let email = &users.columns[2];
    assert_eq!(
        (email.name.as_str(), email.not_null, email.primary_key),
        ("email", true, false)
    );
}
