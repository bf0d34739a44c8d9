//! The demo database: the mock HTTP API's users and posts, as tables.
//!
//! The data follow the mock API's contract (`docs/mock-api.md`, generated
//! by `crates/script/src/mockapi.rs`) so that `GET /api/users/2` and
//! `SELECT * FROM users WHERE id = 2` tell the same story: ten users named
//! after computing pioneers, thirty posts, three per user in id order. The
//! API has no post bodies and no comments; the tables add both, from a
//! formula of their own (below), and a `created_at` on every row.
//!
//! The script is PostgreSQL (it runs unchanged on a real server, which is
//! how expected outputs can be checked) and goes through
//! [`crate::translate`] like any learner's SQL. Rows are inserted without
//! ids, in order, so the `SERIAL` columns number them 1, 2, 3… in both.

use std::fmt::Write as _;

/// The mock API's user names, in id order (user `i` is `NAMES[i - 1]`).
pub const NAMES: [&str; 10] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Ken", "Dennis", "Guido", "Margaret",
];

/// How many posts there are: posts `1..=POSTS`.
pub const POSTS: usize = 30;

/// Comments per post.
pub const COMMENTS_PER_POST: usize = 2;

/// The owner of post `post` (1-based), as the mock API has it.
pub fn post_owner(post: usize) -> usize {
    (post - 1) / 3 + 1
}

/// The author of comment `comment` (1-based): the post's owner's next
/// neighbours in id order (wrapping from 10 to 1), so nobody comments on
/// their own post.
pub fn comment_author(comment: usize) -> usize {
    let post = comment_post(comment);
    let k = (comment - 1) % COMMENTS_PER_POST + 1;
    (post_owner(post) - 1 + k) % NAMES.len() + 1
}

/// The post that comment `comment` (1-based) is on.
pub fn comment_post(comment: usize) -> usize {
    (comment - 1) / COMMENTS_PER_POST + 1
}

fn name(user: usize) -> &'static str {
    NAMES.get(user.wrapping_sub(1)).copied().unwrap_or("?")
}

/// The schema, in PostgreSQL.
pub const SCHEMA: &str = "\
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
CREATE TABLE comments (
    id SERIAL PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
";

/// The whole demo database as a PostgreSQL script: [`SCHEMA`] and the rows.
///
/// - users 1–10: `name` from [`NAMES`], `email` the lower-case name
///   `@example.com`, `created_at` `2024-01-<id> 09:00:00`;
/// - posts 1–30: `user_id` [`post_owner`], `title` `Post <id> by <name>`,
///   `body` `This is post <id>, written by <name>.`, `created_at`
///   `2024-03-<id> 12:00:00`;
/// - comments 1–60: two per post ([`comment_post`]) by [`comment_author`],
///   `body` `Comment <id> by <author> on post <post>.`, `created_at` 30
///   and 45 minutes after the post.
pub fn demo_script() -> String {
    let mut sql = String::from(SCHEMA);
    let users: Vec<String> = (1..=NAMES.len())
        .map(|id| {
            let n = name(id);
            format!(
                "('{n}', '{}@example.com', '2024-01-{id:02} 09:00:00')",
                n.to_lowercase()
            )
        })
        .collect();
    let _ = writeln!(
        sql,
        "INSERT INTO users (name, email, created_at) VALUES\n    {};",
        users.join(",\n    ")
    );
    let posts: Vec<String> = (1..=POSTS)
        .map(|id| {
            let owner = post_owner(id);
            let n = name(owner);
            format!(
                "({owner}, 'Post {id} by {n}', 'This is post {id}, written by {n}.', '2024-03-{id:02} 12:00:00')"
            )
        })
        .collect();
    let _ = writeln!(
        sql,
        "INSERT INTO posts (user_id, title, body, created_at) VALUES\n    {};",
        posts.join(",\n    ")
    );
    let comments: Vec<String> = (1..=POSTS * COMMENTS_PER_POST)
        .map(|id| {
            let post = comment_post(id);
            let author = comment_author(id);
            let minute = 30 + 15 * ((id - 1) % COMMENTS_PER_POST);
            format!(
                "({post}, {author}, 'Comment {id} by {} on post {post}.', '2024-03-{post:02} 12:{minute:02}:00')",
                name(author)
            )
        })
        .collect();
    let _ = writeln!(
        sql,
        "INSERT INTO comments (post_id, user_id, body, created_at) VALUES\n    {};",
        comments.join(",\n    ")
    );
    sql
}
