//! PostgreSQL spellings rewritten into SQLite's, statement by statement.
//!
//! The text is lexed ([`crate::lexer`]), split into statements at the
//! semicolons that end them (not those inside strings, comments or a
//! trigger's `BEGIN ... END`), and each statement is classified
//! ([`Command`]: what PostgreSQL's command tag will say, which table it
//! writes) and rewritten token by token. Spaces and comments ride along
//! with the token after them, so a rewrite never moves them.
//!
//! The rewrites, each on tokens that mean what they look like (never inside
//! a literal, a quoted identifier or a comment):
//!
//! - `$1` … `$n` become `?1` … `?n`: SQLite binds `?NNN` by its number, so
//!   `$2 ... $1` and repeated parameters mean what they do in PostgreSQL;
//! - `E'...'` and `$$...$$` strings become plain `'...'` strings;
//! - `SERIAL`, `BIGSERIAL`, `SMALLSERIAL` (and `SERIAL2/4/8`) become
//!   `INTEGER`, with `AUTOINCREMENT` after the column's `PRIMARY KEY`, and
//!   `GENERATED ... AS IDENTITY` likewise: SQLite then hands out ids as a
//!   sequence would, never reusing one;
//! - `now()` becomes `CURRENT_TIMESTAMP` (so it also works as a column
//!   default, where SQLite accepts no function call without parentheses);
//! - `ILIKE` becomes `LIKE` (SQLite's `LIKE` ignores ASCII case);
//! - `TIMESTAMP WITH TIME ZONE` becomes `TIMESTAMPTZ`, `... WITHOUT TIME
//!   ZONE` plain `TIMESTAMP` (and the same for `TIME`);
//! - `expr::type` becomes `CAST(expr AS type)` for numbers and text,
//!   `date(expr)` for `::date`, a literal for `'t'::boolean`, and is dropped
//!   for types SQLite has no use for (`::timestamp`, `::json`, arrays…);
//! - `public.name` loses its schema, and `SELECT ... FOR UPDATE` (or
//!   `FOR SHARE`…) its locking clause;
//! - select-list and `RETURNING` items that are not plain columns and have
//!   no alias get PostgreSQL's name for them (`count(*) AS "count"`,
//!   `'7'::int AS "int4"`, `1 + 2 AS "?column?"`), since asyncpg's records
//!   are read by column name and SQLite would name them after their text;
//! - `BEGIN ISOLATION LEVEL ...` and `START TRANSACTION` become `BEGIN`,
//!   `ABORT` becomes `ROLLBACK`, `TRUNCATE [TABLE] t` becomes
//!   `DELETE FROM t`.
//!
//! Everything else passes unchanged: `BOOLEAN`, `VARCHAR(n)`, `TEXT`,
//! `TIMESTAMP`, `TIMESTAMPTZ` are type names SQLite accepts, and `TRUE`,
//! `FALSE`, `CURRENT_TIMESTAMP`, `RETURNING` and `ON CONFLICT` are SQLite
//! syntax too.

use crate::lexer::{self, Kind, Token};

/// A token of a statement, owning its text, with the spaces and comments
/// that came before it.
#[derive(Clone, Debug)]
struct Tok {
    pre: String,
    kind: Kind,
    text: String,
}

impl Tok {
    fn new(pre: &str, kind: Kind, text: &str) -> Tok {
        Tok {
            pre: pre.to_string(),
            kind,
            text: text.to_string(),
        }
    }

    fn as_token(&self) -> Token<'_> {
        Token {
            kind: self.kind,
            text: &self.text,
        }
    }

    fn is_word(&self, word: &str) -> bool {
        self.as_token().is_word(word)
    }

    fn is_punct(&self, p: &str) -> bool {
        self.as_token().is_punct(p)
    }

    fn is_name(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Quoted)
    }
}

/// A name as written (`raw`, quotes and all) and as PostgreSQL understands
/// it (`folded`: unquoted names fold to lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    pub raw: String,
    pub folded: String,
}

impl Name {
    fn of(tok: &Tok) -> Name {
        let folded = if tok.kind == Kind::Quoted {
            lexer::unquote_identifier(&tok.text)
        } else {
            tok.text.to_lowercase()
        };
        Name {
            raw: tok.text.clone(),
            folded,
        }
    }
}

/// What a statement is, as far as the command tag, the transaction rules
/// and the error messages care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Command {
    /// Nothing but spaces, comments or a lone `;`.
    Empty,
    /// A query: `SELECT`, `VALUES`, `WITH ... SELECT`.
    Select,
    /// `INSERT INTO table`.
    Insert(Option<Name>),
    /// `UPDATE table`.
    Update(Option<Name>),
    /// `DELETE FROM table`.
    Delete(Option<Name>),
    /// `BEGIN` (tag `BEGIN`) or `START TRANSACTION`.
    Begin(&'static str),
    /// `COMMIT` or `END`.
    Commit,
    /// `ROLLBACK` or `ABORT`.
    Rollback,
    /// `SAVEPOINT name`.
    Savepoint(Name),
    /// `RELEASE [SAVEPOINT] name`.
    Release(Name),
    /// `ROLLBACK TO [SAVEPOINT] name`.
    RollbackTo(Name),
    /// `CREATE TABLE name AS query`: tagged `SELECT n`.
    CreateTableAs(Name),
    /// Anything else, with its tag (`CREATE TABLE`, `DROP INDEX`,
    /// `TRUNCATE TABLE`, `PRAGMA`…) and the object it names, if any.
    Other {
        /// The command tag.
        tag: String,
        /// The table, index or view it names.
        object: Option<Name>,
    },
}

// Only the database reads these; without the `sqlite` feature they rest.
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
impl Command {
    /// Whether it is an `INSERT`, `UPDATE` or `DELETE`, whose tag counts
    /// the rows it changed.
    pub fn is_dml(&self) -> bool {
        matches!(
            self,
            Command::Insert(_) | Command::Update(_) | Command::Delete(_)
        )
    }

    /// Whether it starts or ends a transaction or works on savepoints.
    pub fn is_transaction_control(&self) -> bool {
        matches!(
            self,
            Command::Begin(_)
                | Command::Commit
                | Command::Rollback
                | Command::Savepoint(_)
                | Command::Release(_)
                | Command::RollbackTo(_)
        )
    }
}

/// One statement: PostgreSQL's text, SQLite's, and what it is.
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) struct Statement {
    /// The statement as it was written (for error messages).
    pub original: String,
    /// The statement for SQLite.
    pub sql: String,
    /// The statement for SQLite without PostgreSQL's result column names
    /// (see `name_result_columns`): what runs should the names break it.
    pub plain_sql: String,
    /// What it is.
    pub command: Command,
}

/// Rewrites PostgreSQL's spellings in `sql` into SQLite's.
///
/// Pure and total: text it does not recognise passes through unchanged, so
/// SQLite gets to report what is wrong with it. Spaces and comments are
/// kept where they were.
///
/// ```
/// use looplab_sql::translate;
///
/// assert_eq!(
///     translate("SELECT name FROM users WHERE id = $2 OR name ILIKE $1"),
///     "SELECT name FROM users WHERE id = ?2 OR name LIKE ?1"
/// );
/// assert_eq!(
///     translate("CREATE TABLE t (id SERIAL PRIMARY KEY, at TIMESTAMP DEFAULT now())"),
///     "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
/// );
/// assert_eq!(
///     translate("SELECT '$1' AS label, price::int, count(*) FROM t"),
///     "SELECT '$1' AS label, CAST(price AS INTEGER) AS \"price\", count(*) AS \"count\" FROM t"
/// );
/// ```
pub fn translate(sql: &str) -> String {
    let (statements, trailing) = parse(sql);
    let mut out: String = statements.iter().map(|s| s.sql.as_str()).collect();
    out.push_str(&trailing);
    out
}

/// Splits `sql` into statements, classified and rewritten, and returns the
/// spaces and comments after the last one.
pub(crate) fn parse(sql: &str) -> (Vec<Statement>, String) {
    let (toks, trailing) = significant_tokens(sql);
    let statements = split(toks)
        .into_iter()
        .map(|toks| {
            let original = render(&toks);
            let command = classify(&toks);
            let mut named = toks.clone();
            rewrite(&mut named, &command, true);
            let mut plain = toks;
            rewrite(&mut plain, &command, false);
            Statement {
                original,
                sql: render(&named),
                plain_sql: render(&plain),
                command,
            }
        })
        .collect();
    (statements, trailing)
}

fn significant_tokens(sql: &str) -> (Vec<Tok>, String) {
    let mut toks = Vec::new();
    let mut pre = String::new();
    for t in lexer::tokenize(sql) {
        if t.is_significant() {
            toks.push(Tok {
                pre: std::mem::take(&mut pre),
                kind: t.kind,
                text: t.text.to_string(),
            });
        } else {
            pre.push_str(t.text);
        }
    }
    (toks, pre)
}

fn render(toks: &[Tok]) -> String {
    let mut out = String::new();
    for t in toks {
        out.push_str(&t.pre);
        out.push_str(&t.text);
    }
    out
}

/// Statements end at a `;`, except inside `CREATE TRIGGER ... BEGIN ...
/// END` (whose body holds statements of its own).
fn split(toks: Vec<Tok>) -> Vec<Vec<Tok>> {
    let mut out = Vec::new();
    let mut current: Vec<Tok> = Vec::new();
    let mut trigger = false;
    let mut block = 0usize;
    for t in toks {
        let ends = t.is_punct(";") && block == 0;
        if trigger {
            if t.is_word("BEGIN") || (block > 0 && t.is_word("CASE")) {
                block += 1;
            } else if block > 0 && t.is_word("END") {
                block -= 1;
            }
        }
        current.push(t);
        if !trigger && (2..=3).contains(&current.len()) && current[0].is_word("CREATE") {
            let last = &current[current.len() - 1];
            let between_is_temp =
                current.len() == 2 || current[1].is_word("TEMP") || current[1].is_word("TEMPORARY");
            trigger = last.is_word("TRIGGER") && between_is_temp;
        }
        if ends {
            out.push(std::mem::take(&mut current));
            trigger = false;
            block = 0;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The index of the first token at depth 0 from `from` on that satisfies
/// `f`, not looking past the end of the statement.
fn find_at_depth0(toks: &[Tok], from: usize, f: impl Fn(&Tok) -> bool) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(from) {
        if t.is_punct("(") {
            depth += 1;
        } else if t.is_punct(")") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && f(t) {
            return Some(i);
        }
    }
    None
}

/// A possibly schema-qualified name at `i`: its last part.
fn name_at(toks: &[Tok], mut i: usize) -> Option<Name> {
    let mut name = toks.get(i).filter(|t| t.is_name())?;
    while toks.get(i + 1).is_some_and(|t| t.is_punct("."))
        && toks.get(i + 2).is_some_and(Tok::is_name)
    {
        i += 2;
        name = &toks[i];
    }
    Some(Name::of(name))
}

/// The index after the words `words` at `i`, if they are there.
fn skip_words(toks: &[Tok], i: usize, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .enumerate()
        .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.is_word(w)))
        .then_some(i + words.len())
}

/// `i` moved past any of the optional `words` found there, in any order.
fn skip_any(toks: &[Tok], mut i: usize, words: &[&str]) -> usize {
    while toks
        .get(i)
        .is_some_and(|t| words.iter().any(|w| t.is_word(w)))
    {
        i += 1;
    }
    i
}

fn classify(toks: &[Tok]) -> Command {
    let Some(first) = toks.first().filter(|t| !t.is_punct(";")) else {
        return Command::Empty;
    };
    if first.is_punct("(") {
        return Command::Select;
    }
    if first.kind != Kind::Word {
        return other("", None);
    }
    classify_from(toks, 0)
}

fn classify_from(toks: &[Tok], at: usize) -> Command {
    let verb = toks.get(at).map(|t| t.text.to_ascii_uppercase());
    let verb = verb.as_deref().unwrap_or("");
    let after = at + 1;
    match verb {
        "SELECT" | "VALUES" | "TABLE" => Command::Select,
        "WITH" => {
            const VERBS: [&str; 6] = ["SELECT", "INSERT", "UPDATE", "DELETE", "VALUES", "REPLACE"];
            match find_at_depth0(toks, after, |t| VERBS.iter().any(|v| t.is_word(v))) {
                Some(i) => classify_from(toks, i),
                None => Command::Select,
            }
        }
        "INSERT" | "REPLACE" => {
            let into = find_at_depth0(toks, after, |t| t.is_word("INTO"));
            Command::Insert(into.and_then(|i| name_at(toks, i + 1)))
        }
        "UPDATE" => {
            let mut i = after;
            if toks.get(i).is_some_and(|t| t.is_word("OR")) {
                i += 2;
            }
            i = skip_any(toks, i, &["ONLY"]);
            Command::Update(name_at(toks, i))
        }
        "DELETE" => {
            let i = skip_any(toks, after, &["FROM", "ONLY"]);
            Command::Delete(name_at(toks, i))
        }
        "BEGIN" => Command::Begin("BEGIN"),
        "START" => Command::Begin("START TRANSACTION"),
        "COMMIT" | "END" => Command::Commit,
        "ROLLBACK" | "ABORT" => {
            let i = skip_any(toks, after, &["WORK", "TRANSACTION"]);
            match skip_words(toks, i, &["TO"]) {
                Some(i) => {
                    let i = skip_any(toks, i, &["SAVEPOINT"]);
                    match toks.get(i).filter(|t| t.is_name()) {
                        Some(t) => Command::RollbackTo(Name::of(t)),
                        None => other("ROLLBACK", None),
                    }
                }
                None => Command::Rollback,
            }
        }
        "SAVEPOINT" => match toks.get(after).filter(|t| t.is_name()) {
            Some(t) => Command::Savepoint(Name::of(t)),
            None => other("SAVEPOINT", None),
        },
        "RELEASE" => {
            let i = skip_any(toks, after, &["SAVEPOINT"]);
            match toks.get(i).filter(|t| t.is_name()) {
                Some(t) => Command::Release(Name::of(t)),
                None => other("RELEASE", None),
            }
        }
        "CREATE" => {
            let mut i = after;
            if let Some(j) = skip_words(toks, i, &["OR", "REPLACE"]) {
                i = j;
            }
            i = skip_any(
                toks,
                i,
                &["TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "UNIQUE"],
            );
            let object = toks
                .get(i)
                .map(|t| t.text.to_ascii_uppercase())
                .unwrap_or_default();
            let name_index = skip_words(toks, i + 1, &["IF", "NOT", "EXISTS"]).unwrap_or(i + 1);
            let name = name_at(toks, name_index);
            if object == "TABLE" {
                if let Some(name) = &name {
                    if find_at_depth0(toks, name_index + 1, |t| t.is_word("AS")).is_some() {
                        return Command::CreateTableAs(name.clone());
                    }
                }
            }
            other(&format!("CREATE {object}"), name)
        }
        "DROP" | "ALTER" => {
            let object = toks
                .get(after)
                .map(|t| t.text.to_ascii_uppercase())
                .unwrap_or_default();
            let mut i = skip_words(toks, after + 1, &["IF", "EXISTS"]).unwrap_or(after + 1);
            i = skip_any(toks, i, &["ONLY"]);
            other(&format!("{verb} {object}"), name_at(toks, i))
        }
        "TRUNCATE" => {
            let i = skip_any(toks, after, &["TABLE", "ONLY"]);
            // Only the one-table form is rewritten.
            let one = find_at_depth0(toks, i, |t| t.is_punct(",")).is_none();
            other("TRUNCATE TABLE", name_at(toks, i).filter(|_| one))
        }
        other_verb => other(other_verb, None),
    }
}

fn other(tag: &str, object: Option<Name>) -> Command {
    Command::Other {
        tag: tag.to_string(),
        object,
    }
}

/// Replaces the statement with `text` (keeping its leading spaces and its
/// final `;`).
fn replace_statement(toks: &mut Vec<Tok>, text: &str) {
    let pre = toks.first().map(|t| t.pre.clone()).unwrap_or_default();
    let semicolon = toks.last().filter(|t| t.is_punct(";")).cloned();
    toks.clear();
    toks.push(Tok {
        pre,
        kind: Kind::Word,
        text: text.to_string(),
    });
    toks.extend(semicolon);
}

fn rewrite(toks: &mut Vec<Tok>, command: &Command, names: bool) {
    match command {
        Command::Begin(_) => replace_statement(toks, "BEGIN"),
        Command::Commit => replace_statement(toks, "COMMIT"),
        Command::Rollback => replace_statement(toks, "ROLLBACK"),
        Command::Savepoint(name) => replace_statement(toks, &format!("SAVEPOINT {}", name.raw)),
        Command::Release(name) => replace_statement(toks, &format!("RELEASE {}", name.raw)),
        Command::RollbackTo(name) => {
            replace_statement(toks, &format!("ROLLBACK TO {}", name.raw));
        }
        Command::Other { tag, object } if tag == "TRUNCATE TABLE" => {
            if let Some(name) = object {
                replace_statement(toks, &format!("DELETE FROM {}", name.raw));
            }
        }
        _ => {
            if names {
                name_result_columns(toks);
            }
            rewrite_literals(toks);
            if *command == Command::Select {
                drop_row_locks(toks);
            }
            drop_public_schema(toks);
            rewrite_now(toks);
            rewrite_time_zone_types(toks);
            rewrite_serial(toks);
            rewrite_identity(toks);
            rewrite_casts(toks);
        }
    }
}

/// Parameters, escape strings, dollar-quoted strings and `ILIKE`.
fn rewrite_literals(toks: &mut [Tok]) {
    for t in toks.iter_mut() {
        match t.kind {
            Kind::Param => t.text = format!("?{}", &t.text[1..]),
            Kind::EscapeString | Kind::DollarString => {
                if let Some(value) = lexer::string_value(&t.as_token()) {
                    t.text = lexer::quote_string(&value);
                    t.kind = Kind::String;
                }
            }
            Kind::Word if t.is_word("ILIKE") => t.text = "LIKE".into(),
            _ => {}
        }
    }
}

/// `SELECT ... FOR UPDATE` (or `FOR SHARE`, `NOWAIT`...) loses its
/// locking clause: SQLite has one writer at a time, so there is nothing to
/// lock.
fn drop_row_locks(toks: &mut Vec<Tok>) {
    let lock = find_at_depth0(toks, 0, |t| t.is_word("FOR"));
    if let Some(at) = lock {
        let what = toks.get(at + 1);
        if what.is_some_and(|t| {
            t.is_word("UPDATE") || t.is_word("SHARE") || t.is_word("NO") || t.is_word("KEY")
        }) {
            let end = if toks.last().is_some_and(|t| t.is_punct(";")) {
                toks.len() - 1
            } else {
                toks.len()
            };
            if at < end {
                toks.drain(at..end);
            }
        }
    }
}

/// `public.users` → `users` (SQLite's schema is `main`).
fn drop_public_schema(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i + 2 < toks.len() {
        if toks[i].is_word("public")
            && toks[i + 1].is_punct(".")
            && toks[i + 2].is_name()
            && !(i > 0 && toks[i - 1].is_punct("."))
        {
            let pre = std::mem::take(&mut toks[i].pre);
            toks.drain(i..i + 2);
            toks[i].pre = pre;
        }
        i += 1;
    }
}

/// `now()` → `CURRENT_TIMESTAMP`.
fn rewrite_now(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i + 2 < toks.len() {
        if toks[i].is_word("now")
            && toks[i + 1].is_punct("(")
            && toks[i + 2].is_punct(")")
            && !(i > 0 && toks[i - 1].is_punct("."))
        {
            toks[i].text = "CURRENT_TIMESTAMP".into();
            toks.drain(i + 1..i + 3);
        }
        i += 1;
    }
}

/// `TIMESTAMP WITH TIME ZONE` → `TIMESTAMPTZ`, `TIME WITHOUT TIME ZONE` →
/// `TIME`.
fn rewrite_time_zone_types(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        let base = ["TIMESTAMP", "TIME"]
            .into_iter()
            .find(|w| toks[i].is_word(w));
        if let Some(base) = base {
            if let Some(end) = skip_words(toks, i + 1, &["WITH", "TIME", "ZONE"]) {
                toks[i].text = format!("{base}TZ");
                toks.drain(i + 1..end);
            } else if let Some(end) = skip_words(toks, i + 1, &["WITHOUT", "TIME", "ZONE"]) {
                toks[i].text = base.to_string();
                toks.drain(i + 1..end);
            }
        }
        i += 1;
    }
}

const SERIAL_TYPES: [&str; 6] = [
    "SERIAL",
    "SERIAL4",
    "BIGSERIAL",
    "SERIAL8",
    "SMALLSERIAL",
    "SERIAL2",
];

/// `id SERIAL PRIMARY KEY` → `id INTEGER PRIMARY KEY AUTOINCREMENT`.
fn rewrite_serial(toks: &mut Vec<Tok>) {
    let mut i = 1;
    while i < toks.len() {
        if SERIAL_TYPES.iter().any(|w| toks[i].is_word(w))
            && toks[i - 1].is_name()
            && !toks[i - 1].is_word("AS")
        {
            toks[i].text = "INTEGER".into();
            add_autoincrement(toks, i + 1);
        }
        i += 1;
    }
}

/// In the column definition going on at `from`, `PRIMARY KEY` gains
/// `AUTOINCREMENT`.
fn add_autoincrement(toks: &mut Vec<Tok>, from: usize) {
    let mut depth = 0usize;
    let mut j = from;
    while j < toks.len() {
        let t = &toks[j];
        if t.is_punct("(") {
            depth += 1;
        } else if t.is_punct(")") {
            if depth == 0 {
                return;
            }
            depth -= 1;
        } else if depth == 0 && (t.is_punct(",") || t.is_punct(";")) {
            return;
        } else if depth == 0 && t.is_word("PRIMARY") {
            if let Some(mut k) = skip_words(toks, j + 1, &["KEY"]) {
                k = skip_any(toks, k, &["ASC", "DESC"]);
                if !toks.get(k).is_some_and(|t| t.is_word("AUTOINCREMENT")) {
                    toks.insert(k, Tok::new(" ", Kind::Word, "AUTOINCREMENT"));
                }
            }
            return;
        }
        j += 1;
    }
}

/// Words that end a column's type and start its constraints.
const CONSTRAINT_WORDS: [&str; 11] = [
    "NOT",
    "NULL",
    "PRIMARY",
    "UNIQUE",
    "DEFAULT",
    "REFERENCES",
    "CHECK",
    "CONSTRAINT",
    "GENERATED",
    "COLLATE",
    "AS",
];

/// `id INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY` → `id INTEGER PRIMARY
/// KEY AUTOINCREMENT`.
fn rewrite_identity(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].is_word("GENERATED") {
            i += 1;
            continue;
        }
        let how = skip_words(toks, i + 1, &["ALWAYS"])
            .or_else(|| skip_words(toks, i + 1, &["BY", "DEFAULT"]));
        let Some(end) = how.and_then(|j| skip_words(toks, j, &["AS", "IDENTITY"])) else {
            i += 1;
            continue;
        };
        let end = if toks.get(end).is_some_and(|t| t.is_punct("(")) {
            matching_close(toks, end).map_or(toks.len(), |c| c + 1)
        } else {
            end
        };
        toks.drain(i..end);
        // The column definition starts after the `(` or `,` before it (or
        // after `ADD [COLUMN]`).
        let mut depth = 0usize;
        let mut start = None;
        for j in (0..i).rev() {
            let t = &toks[j];
            if t.is_punct(")") {
                depth += 1;
            } else if t.is_punct("(") {
                if depth == 0 {
                    start = Some(j + 1);
                    break;
                }
                depth -= 1;
            } else if depth == 0 && (t.is_punct(",") || t.is_word("COLUMN") || t.is_word("ADD")) {
                start = Some(j + 1);
                break;
            }
        }
        let Some(start) = start else {
            continue;
        };
        // start: the column's name; then its type up to the first
        // constraint word (or the identity clause's old place).
        let type_start = start + 1;
        let mut type_end = type_start;
        while type_end < i && !CONSTRAINT_WORDS.iter().any(|w| toks[type_end].is_word(w)) {
            type_end += 1;
        }
        let pre = toks
            .get(type_start)
            .filter(|_| type_end > type_start)
            .map_or_else(|| " ".to_string(), |t| t.pre.clone());
        toks.splice(
            type_start..type_end,
            [Tok::new(&pre, Kind::Word, "INTEGER")],
        );
        add_autoincrement(toks, type_start + 1);
        i = type_start + 1;
    }
}

fn matching_close(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(open) {
        if t.is_punct("(") {
            depth += 1;
        } else if t.is_punct(")") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

fn matching_open(toks: &[Tok], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for j in (0..=close).rev() {
        let t = &toks[j];
        if t.is_punct(")") {
            depth += 1;
        } else if t.is_punct("(") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

/// Words before a `(` that are syntax, not a function's name.
const NOT_FUNCTIONS: [&str; 28] = [
    "AND",
    "OR",
    "NOT",
    "IN",
    "IS",
    "SELECT",
    "WHERE",
    "ON",
    "THEN",
    "ELSE",
    "WHEN",
    "CASE",
    "AS",
    "BY",
    "VALUES",
    "FROM",
    "JOIN",
    "RETURNING",
    "SET",
    "ANY",
    "ALL",
    "SOME",
    "LIKE",
    "BETWEEN",
    "DISTINCT",
    "USING",
    "HAVING",
    "INTO",
];

/// Where the operand of the `::` at `at` begins.
fn cast_operand_start(toks: &[Tok], at: usize) -> Option<usize> {
    let j = at.checked_sub(1)?;
    let last = &toks[j];
    let mut start = if last.is_punct(")") {
        let open = matching_open(toks, j)?;
        match open.checked_sub(1).map(|k| &toks[k]) {
            Some(f) if f.is_name() && !NOT_FUNCTIONS.iter().any(|w| f.is_word(w)) => open - 1,
            _ => return Some(open),
        }
    } else if matches!(
        last.kind,
        Kind::Word | Kind::Quoted | Kind::Number | Kind::String | Kind::Param
    ) {
        j
    } else {
        return None;
    };
    if toks[start].is_name() {
        while start >= 2 && toks[start - 1].is_punct(".") && toks[start - 2].is_name() {
            start -= 2;
        }
    }
    Some(start)
}

/// What a `::type` becomes.
enum CastTo {
    /// `CAST(x AS type)`.
    Cast(&'static str),
    /// `f(x)`.
    Function(&'static str),
    /// `TRUE`/`FALSE` for a literal, else nothing.
    Boolean,
    /// Nothing: `x` stays as it is.
    Drop,
}

fn cast_target(name: &str, array: bool) -> CastTo {
    if array {
        return CastTo::Drop;
    }
    match name {
        "int" | "integer" | "int2" | "int4" | "int8" | "smallint" | "bigint" => {
            CastTo::Cast("INTEGER")
        }
        "text" | "varchar" | "char" | "character" | "character varying" | "bpchar" | "name"
        | "uuid" | "citext" => CastTo::Cast("TEXT"),
        "real" | "float" | "float4" | "float8" | "double precision" => CastTo::Cast("REAL"),
        "numeric" | "decimal" => CastTo::Cast("NUMERIC"),
        "bytea" => CastTo::Cast("BLOB"),
        "bool" | "boolean" => CastTo::Boolean,
        "date" => CastTo::Function("date"),
        _ => CastTo::Drop,
    }
}

/// The type after the `::` at `at`: where it ends, its name (lower case),
/// and whether it is an array.
fn cast_type(toks: &[Tok], at: usize) -> Option<(usize, String, bool)> {
    let first = toks.get(at + 1).filter(|t| t.is_name())?;
    let mut name = first.text.to_lowercase();
    let mut end = at + 2;
    for (a, b) in [
        ("double", "precision"),
        ("character", "varying"),
        ("bit", "varying"),
    ] {
        if name == a && toks.get(end).is_some_and(|t| t.is_word(b)) {
            name = format!("{a} {b}");
            end += 1;
        }
    }
    if toks.get(end).is_some_and(|t| t.is_punct("(")) {
        end = matching_close(toks, end)? + 1;
    }
    let mut array = false;
    while toks.get(end).is_some_and(|t| t.is_punct("["))
        && toks.get(end + 1).is_some_and(|t| t.is_punct("]"))
    {
        array = true;
        end += 2;
    }
    Some((end, name, array))
}

fn boolean_literal(text: &str) -> Option<&'static str> {
    match text.trim().to_ascii_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "on" | "1" => Some("TRUE"),
        "f" | "false" | "n" | "no" | "off" | "0" => Some("FALSE"),
        _ => None,
    }
}

/// `x::int` → `CAST(x AS INTEGER)` and friends.
fn rewrite_casts(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].is_punct("::") {
            i += 1;
            continue;
        }
        let (Some(start), Some((end, name, array))) =
            (cast_operand_start(toks, i), cast_type(toks, i))
        else {
            i += 1;
            continue;
        };
        match cast_target(&name, array) {
            CastTo::Cast(ty) => {
                toks.splice(
                    i..end,
                    [
                        Tok::new(" ", Kind::Word, "AS"),
                        Tok::new(" ", Kind::Word, ty),
                        Tok::new("", Kind::Punct, ")"),
                    ],
                );
                wrap_start(toks, start, "CAST");
            }
            CastTo::Function(f) => {
                toks.splice(i..end, [Tok::new("", Kind::Punct, ")")]);
                wrap_start(toks, start, f);
            }
            CastTo::Boolean => {
                toks.drain(i..end);
                if start + 1 == i && toks[start].kind == Kind::String {
                    let value = lexer::string_value(&toks[start].as_token());
                    if let Some(word) = value.as_deref().and_then(boolean_literal) {
                        toks[start].text = word.to_string();
                        toks[start].kind = Kind::Word;
                    }
                }
            }
            CastTo::Drop => {
                toks.drain(i..end);
            }
        }
        // Scan on from the operand: a chained cast (`x::text::int`) now
        // applies to what was just written.
        i = start;
    }
}

/// Puts `name(` before the token at `start`, which keeps its leading
/// spaces in front of `name`.
fn wrap_start(toks: &mut Vec<Tok>, start: usize, name: &str) {
    let pre = std::mem::take(&mut toks[start].pre);
    toks.insert(start, Tok::new("", Kind::Punct, "("));
    toks.insert(start, Tok::new(&pre, Kind::Word, name));
}

/// Words that end a select list.
const LIST_END: [&str; 14] = [
    "FROM",
    "WHERE",
    "GROUP",
    "HAVING",
    "WINDOW",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "FETCH",
    "FOR",
    "INTO",
];

/// Words that cannot be an alias at the end of a select-list item.
const NOT_ALIASES: [&str; 11] = [
    "END",
    "NULL",
    "TRUE",
    "FALSE",
    "UNKNOWN",
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "LOCALTIMESTAMP",
    "LOCALTIME",
    "CURRENT_USER",
];

/// Words after which a name is an operand, not an alias.
const OPERATOR_WORDS: [&str; 18] = [
    "AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "GLOB", "BETWEEN", "ELSE", "THEN", "WHEN",
    "CASE", "DISTINCT", "COLLATE", "ESCAPE", "AS", "ALL",
];

/// Result columns get PostgreSQL's names: SQLite names an expression's
/// column after its text (`count(*)`), PostgreSQL after the function
/// (`count`), the cast type (`int4`) or `?column?`, and asyncpg's records
/// are looked up by those names. Each select list (and `RETURNING` list)
/// item that is not a plain column and has no alias gets `AS "name"`.
fn name_result_columns(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        if !(toks[i].is_word("SELECT") || toks[i].is_word("RETURNING")) {
            i += 1;
            continue;
        }
        let mut start = i + 1;
        if toks.get(start).is_some_and(|t| t.is_word("ALL")) {
            start += 1;
        } else if toks.get(start).is_some_and(|t| t.is_word("DISTINCT")) {
            start += 1;
            if toks.get(start).is_some_and(|t| t.is_word("ON"))
                && toks.get(start + 1).is_some_and(|t| t.is_punct("("))
            {
                start = matching_close(toks, start + 1).map_or(toks.len(), |c| c + 1);
            }
        }
        let mut items = Vec::new();
        let mut depth = 0usize;
        let mut item_start = start;
        let mut j = start;
        while j < toks.len() {
            let t = &toks[j];
            if t.is_punct("(") || t.is_punct("[") {
                depth += 1;
            } else if t.is_punct(")") || t.is_punct("]") {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if depth == 0 && (t.is_punct(";") || LIST_END.iter().any(|w| t.is_word(w))) {
                break;
            } else if depth == 0 && t.is_punct(",") {
                items.push((item_start, j));
                item_start = j + 1;
            }
            j += 1;
        }
        let unclosed = toks[start..j]
            .iter()
            .any(|t| !lexer::is_closed(&t.as_token()));
        if depth > 0 || unclosed {
            // Unfinished: leave the text for SQLite to complain about.
            i += 1;
            continue;
        }
        items.push((item_start, j));
        for (s, e) in items.into_iter().rev() {
            if let Some(name) = result_name(&toks[s..e]) {
                let quoted = format!("\"{}\"", name.replace('"', "\"\""));
                toks.splice(
                    e..e,
                    [
                        Tok::new(" ", Kind::Word, "AS"),
                        Tok::new(" ", Kind::Quoted, &quoted),
                    ],
                );
            }
        }
        i += 1;
    }
}

/// Whether `item` is a plain, possibly qualified, column name.
fn is_column_reference(item: &[Tok]) -> bool {
    !item.is_empty()
        && item.len() % 2 == 1
        && item.iter().enumerate().all(|(k, t)| {
            if k % 2 == 1 {
                t.is_punct(".")
            } else {
                t.is_name() && !NOT_ALIASES.iter().any(|w| t.is_word(w))
            }
        })
}

/// The end of the type name that starts at `at` in `item`.
fn type_name_end(item: &[Tok], at: usize) -> usize {
    let mut end = at + 1;
    if end > item.len() {
        return item.len();
    }
    for word in ["PRECISION", "VARYING"] {
        if item.get(end).is_some_and(|t| t.is_word(word)) {
            end += 1;
        }
    }
    for zone in [["WITH", "TIME", "ZONE"], ["WITHOUT", "TIME", "ZONE"]] {
        if let Some(e) = skip_words(item, end, &zone) {
            end = e;
        }
    }
    if item.get(end).is_some_and(|t| t.is_punct("(")) {
        end = matching_close(item, end).map_or(item.len(), |c| c + 1);
    }
    while item.get(end).is_some_and(|t| t.is_punct("["))
        && item.get(end + 1).is_some_and(|t| t.is_punct("]"))
    {
        end += 2;
    }
    end
}

/// The last `::` at depth 0 in `item`.
fn last_cast(item: &[Tok]) -> Option<usize> {
    let mut depth = 0usize;
    let mut found = None;
    for (k, t) in item.iter().enumerate() {
        if t.is_punct("(") || t.is_punct("[") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && t.is_punct("::") {
            found = Some(k);
        }
    }
    found
}

/// The name PostgreSQL gives an unaliased select-list item, or `None` if
/// SQLite already names it the same way (a column) or it has an alias.
fn result_name(item: &[Tok]) -> Option<String> {
    let n = item.len();
    let last = item.last()?;
    if last.is_punct("*") || is_column_reference(item) {
        return None;
    }
    if n >= 2 && last.is_name() && item[n - 2].is_word("AS") {
        return None;
    }
    // `expr alias`: a name right after the end of an expression, and not
    // the last word of a cast's type.
    let cast_type_end = last_cast(item).map(|c| type_name_end(item, c + 1));
    let after_cast = cast_type_end.is_some_and(|e| e >= n);
    if n >= 2 && !after_cast && last.is_name() && !NOT_ALIASES.iter().any(|w| last.is_word(w)) {
        let prev = &item[n - 2];
        let ends_expression = matches!(
            prev.kind,
            Kind::Quoted | Kind::Number | Kind::String | Kind::Param
        ) || prev.is_punct(")")
            || prev.is_punct("]")
            || (prev.kind == Kind::Word && !OPERATOR_WORDS.iter().any(|w| prev.is_word(w)));
        if ends_expression {
            return None;
        }
    }
    Some(figure_name(item).0)
}

/// PostgreSQL's name for an expression (its `FigureColname`), with the
/// strength of the guess: 2 for a column or function, 1 for a type or
/// `case`, 0 for `?column?`.
fn figure_name(item: &[Tok]) -> (String, u8) {
    const UNNAMED: (&str, u8) = ("?column?", 0);
    let unnamed = || (UNNAMED.0.to_string(), UNNAMED.1);
    let n = item.len();
    let Some(first) = item.first() else {
        return unnamed();
    };
    // x::type
    if let Some(c) = last_cast(item) {
        let (name, strength) = figure_name(&item[..c]);
        if strength >= 2 {
            return (name, strength);
        }
        let end = type_name_end(item, c + 1).min(n);
        return (pg_type_name(&item[(c + 1).min(n)..end]), 1);
    }
    // ( ... )
    if first.is_punct("(") && matching_close(item, 0) == Some(n - 1) {
        let inner = &item[1..n - 1];
        if inner.first().is_some_and(|t| t.is_word("SELECT")) {
            // A scalar subquery is named after its one column.
            let end = find_at_depth0(inner, 1, |t| {
                t.is_punct(",") || LIST_END.iter().any(|w| t.is_word(w))
            })
            .unwrap_or(inner.len());
            let target = &inner[1..end];
            if let [.., as_word, alias] = target {
                if as_word.is_word("AS") && alias.is_name() {
                    return (Name::of(alias).folded, 2);
                }
            }
            return figure_name(target);
        }
        return figure_name(inner);
    }
    if n == 1 {
        return match first.kind {
            Kind::Word if first.is_word("TRUE") || first.is_word("FALSE") => ("bool".into(), 1),
            Kind::Word if first.is_word("NULL") => unnamed(),
            Kind::Word | Kind::Quoted => (Name::of(first).folded, 2),
            _ => unnamed(),
        };
    }
    if is_column_reference(item) {
        return (Name::of(&item[n - 1]).folded, 2);
    }
    // CAST(x AS type)
    if first.is_word("CAST")
        && item.get(1).is_some_and(|t| t.is_punct("("))
        && matching_close(item, 1) == Some(n - 1)
    {
        if let Some(a) = find_at_depth0(&item[2..n - 1], 0, |t| t.is_word("AS")) {
            let (name, strength) = figure_name(&item[2..2 + a]);
            if strength >= 2 {
                return (name, strength);
            }
            return (pg_type_name(&item[2 + a + 1..n - 1]), 1);
        }
    }
    if first.is_word("CASE") && item[n - 1].is_word("END") {
        return ("case".into(), 1);
    }
    if first.is_word("ARRAY") && item.get(1).is_some_and(|t| t.is_punct("[")) {
        return ("array".into(), 2);
    }
    // f(...), possibly qualified, possibly with FILTER (...) or OVER ...
    let mut k = 0;
    while k + 2 < n && item[k].is_name() && item[k + 1].is_punct(".") {
        k += 2;
    }
    if item[k].is_name() && item.get(k + 1).is_some_and(|t| t.is_punct("(")) {
        if let Some(close) = matching_close(item, k + 1) {
            let rest = &item[close + 1..];
            let whole = rest
                .first()
                .is_none_or(|t| t.is_word("OVER") || t.is_word("FILTER") || t.is_word("WITHIN"));
            if whole {
                return (Name::of(&item[k]).folded, 2);
            }
        }
    }
    unnamed()
}

/// PostgreSQL's internal name of a type as written (`integer` is `int4`).
fn pg_type_name(words: &[Tok]) -> String {
    let text: Vec<String> = words
        .iter()
        .take_while(|t| t.is_name())
        .map(|t| Name::of(t).folded)
        .collect();
    let text = text.join(" ");
    let name = match text.as_str() {
        "int" | "integer" | "int4" => "int4",
        "bigint" | "int8" => "int8",
        "smallint" | "int2" => "int2",
        "real" | "float4" => "float4",
        "float" | "float8" | "double precision" => "float8",
        "boolean" | "bool" => "bool",
        "varchar" | "character varying" => "varchar",
        "char" | "character" => "bpchar",
        "decimal" | "numeric" => "numeric",
        "timestamp with time zone" | "timestamptz" => "timestamptz",
        "timestamp without time zone" | "timestamp" => "timestamp",
        "time with time zone" | "timetz" => "timetz",
        "time without time zone" | "time" => "time",
        other => other.rsplit(' ').next().unwrap_or(other),
    };
    name.to_string()
}
