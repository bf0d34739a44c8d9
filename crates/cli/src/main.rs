//! `looplab run FILE.py [--clock virtual|real] [--seed N] [--trace OUT.json]
//! [--fs memory|DIR]`
//!
//! Databases (`asyncpg`) live in memory unless `--db DIR` keeps them:
//! database `NAME` starts from `DIR/NAME.sqlite` and is saved there when
//! the program ends.
//!
//! `looplab test FILE.py [--seed N] [--fs memory|DIR] [--db DIR]` runs the file's
//! `test*` functions pytest-style (fixtures, `@pytest.mark.asyncio`,
//! `parametrize`, explained asserts) on the virtual clock and prints
//! pytest's `-v` report; it exits 0 when every test passed, 1 when some
//! failed, 5 when there were none.
//!
//! Files the program opens live in the current directory, as with CPython,
//! unless `--fs` says otherwise: `memory` (a fresh in-memory workspace,
//! nothing on disk changes) or another directory. Paths that leave the
//! workspace raise `PermissionError`.
//!
//! `looplab exercises` lists the exercises; `looplab exercises ID` prints
//! one's statement and starter code. `looplab check ID FILE.py` checks a
//! solution: it runs the file's definitions against the exercise's checker
//! on the virtual clock, prints each requirement (✓ holds, ✗ does not,
//! with what happened and when), and exits 0 when all hold, 1 otherwise.
//!
//! Prints what Python would print on stdout; an uncaught exception prints a
//! Python-style traceback on stderr and exits 1; a syntax error prints
//! `FILE:LINE:COL: message` and exits 2.

use looplab_script::{run_with, Clock, Options, ProgramError};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: looplab run FILE.py [--clock virtual|real] [--seed N] [--trace OUT.json] [--fs memory|DIR] [--db DIR]\n       looplab test FILE.py [--seed N] [--fs memory|DIR] [--db DIR]\n       looplab exercises [ID]\n       looplab check ID FILE.py [--output]";

/// The SQL engine of a native run: SQLite in memory, one database per
/// name; with `--db DIR`, database `NAME` starts from `DIR/NAME.sqlite` if
/// it exists and is saved back there when the program ends.
#[derive(Debug, Default)]
struct NativeSql {
    databases: std::cell::RefCell<looplab_sql::Databases>,
    opened: std::cell::RefCell<Vec<String>>,
}

impl looplab_script::modules::asyncpg::SqlBackend for NativeSql {
    fn handle(&self, request: looplab_sql::Request) -> looplab_sql::Response {
        if let looplab_sql::Request::Open { db, .. } = &request {
            if !self.opened.borrow().contains(db) {
                self.opened.borrow_mut().push(db.clone());
                if let Some(image) = DB_DIR.with(|d| {
                    d.borrow()
                        .as_ref()
                        .and_then(|dir| std::fs::read(db_file(dir, db)).ok())
                }) {
                    let imported =
                        self.databases
                            .borrow_mut()
                            .handle(looplab_sql::Request::Import {
                                db: db.clone(),
                                image,
                            });
                    if let looplab_sql::Response::Err(e) = imported {
                        return looplab_sql::Response::Err(e);
                    }
                }
            }
        }
        self.databases.borrow_mut().handle(request)
    }
}

thread_local! {
    /// `--db DIR`.
    static DB_DIR: std::cell::RefCell<Option<std::path::PathBuf>> = const { std::cell::RefCell::new(None) };
    /// The run's SQL engine, to save its databases after the run.
    static SQL: std::cell::RefCell<Option<std::rc::Rc<NativeSql>>> = const { std::cell::RefCell::new(None) };
}

/// Where `--db DIR` keeps database `name`.
fn db_file(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    dir.join(format!("{name}.sqlite"))
}

fn native_sql() -> std::rc::Rc<dyn looplab_script::modules::asyncpg::SqlBackend> {
    let sql = std::rc::Rc::new(NativeSql::default());
    SQL.with(|s| *s.borrow_mut() = Some(sql.clone()));
    sql
}

/// Saves the databases the program opened into `--db DIR`; says on stderr
/// what could not be saved.
fn save_databases() {
    let Some(dir) = DB_DIR.with(|d| d.borrow().clone()) else {
        return;
    };
    let Some(sql) = SQL.with(|s| s.borrow_mut().take()) else {
        return;
    };
    let names = sql.opened.borrow().clone();
    for db in names {
        let mut dbs = sql.databases.borrow_mut();
        let mut image = dbs.handle(looplab_sql::Request::Export { db: db.clone() });
        if matches!(image, looplab_sql::Response::Err(_)) {
            // Left inside a transaction: closing would roll it back.
            let _ = dbs.handle(looplab_sql::Request::Execute {
                db: db.clone(),
                sql: "ROLLBACK".into(),
                params: Vec::new(),
            });
            image = dbs.handle(looplab_sql::Request::Export { db: db.clone() });
        }
        match image {
            looplab_sql::Response::Image(bytes) => {
                let path = db_file(&dir, &db);
                if let Err(e) = std::fs::write(&path, bytes) {
                    eprintln!(
                        "looplab: cannot save database {db} to {}: {e}",
                        path.display()
                    );
                }
            }
            looplab_sql::Response::Err(e) => {
                eprintln!("looplab: cannot save database {db}: {}", e.message)
            }
            _ => {}
        }
    }
}

/// Where the program's files live.
enum Workspace {
    Memory,
    Dir(std::path::PathBuf),
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("looplab: {msg}\n{USAGE}");
    ExitCode::from(64)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let testing = match args.first().map(String::as_str) {
        Some("exercises") => return exercises(&args[1..]),
        Some("check") => return check(&args[1..]),
        Some("run") => false,
        Some("test") => true,
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => return fail("expected a command: run, test, exercises or check"),
    };
    let mut file = None;
    // Options hold the workspace (not `Send`): they are made on the
    // interpreter's thread from these.
    let mut clock = Clock::Virtual;
    let mut seed = 0;
    let mut trace = false;
    let mut trace_out = None;
    let mut workspace = None;
    let mut db_dir: Option<std::path::PathBuf> = None;
    let mut i = 1;
    while i < args.len() {
        let a = args[i].as_str();
        let value = || args.get(i + 1).cloned();
        match a {
            "--clock" => {
                clock = match value().as_deref() {
                    Some("virtual") => Clock::Virtual,
                    Some("real") => Clock::Real,
                    other => {
                        return fail(&format!("--clock takes 'virtual' or 'real', not {other:?}"))
                    }
                };
                i += 2;
            }
            "--seed" => {
                seed = match value().and_then(|v| v.parse().ok()) {
                    Some(s) => s,
                    None => return fail("--seed takes a non-negative integer"),
                };
                i += 2;
            }
            "--trace" => {
                trace_out = match value() {
                    Some(p) => Some(p),
                    None => return fail("--trace takes an output file path"),
                };
                trace = true;
                i += 2;
            }
            "--fs" => {
                workspace = match value().as_deref() {
                    Some("memory") => Some(Workspace::Memory),
                    Some(dir) if std::path::Path::new(dir).is_dir() => {
                        Some(Workspace::Dir(dir.into()))
                    }
                    Some(dir) => return fail(&format!("--fs: {dir:?} is not a directory")),
                    None => return fail("--fs takes 'memory' or a directory"),
                };
                i += 2;
            }
            "--db" => {
                db_dir = match value() {
                    Some(dir) if std::path::Path::new(&dir).is_dir() => Some(dir.into()),
                    Some(dir) => return fail(&format!("--db: {dir:?} is not a directory")),
                    None => return fail("--db takes a directory"),
                };
                i += 2;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') => return fail(&format!("unknown option {other}")),
            other => {
                if file.is_some() {
                    return fail("expected one program file");
                }
                file = Some(other.to_string());
                i += 1;
            }
        }
    }
    let Some(file) = file else {
        return fail("missing the program file");
    };
    let source = match std::fs::read_to_string(&file) {
        Ok(s) => s,
        Err(e) => return fail(&format!("cannot read {file}: {e}")),
    };
    let filename = file.clone();
    let workspace = match workspace {
        Some(w) => w,
        None => match std::env::current_dir() {
            Ok(d) => Workspace::Dir(d),
            Err(e) => return fail(&format!("cannot find the current directory: {e}")),
        },
    };
    // Deep Python recursion needs a deep native stack.
    let child = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            DB_DIR.with(|d| *d.borrow_mut() = db_dir);
            let mut opts = Options {
                clock,
                seed,
                trace,
                filename,
                sql: Some(native_sql),
                ..Options::default()
            };
            opts.files = match workspace {
                Workspace::Memory => looplab_script::fs::Workspace::default(),
                Workspace::Dir(d) => {
                    looplab_script::fs::Workspace::Dir(std::fs::canonicalize(&d).unwrap_or(d))
                }
            };
            let run = if testing {
                looplab_script::run_tests
            } else {
                run_with
            };
            let outcome = run(
                &source,
                &opts,
                Box::new(|stream, text| {
                    let _ = match stream {
                        looplab_script::OutStream::Stdout => {
                            std::io::stdout().write_all(text.as_bytes())
                        }
                        looplab_script::OutStream::Stderr => {
                            std::io::stderr().write_all(text.as_bytes())
                        }
                    };
                }),
            );
            save_databases();
            let _ = std::io::stdout().flush();
            (outcome, trace_out)
        });
    let (outcome, trace_out) = match child.map(|h| h.join()) {
        Ok(Ok(r)) => r,
        _ => return fail("the interpreter thread failed"),
    };
    if let (Some(path), Some(json)) = (trace_out, &outcome.trace_json) {
        if let Err(e) = std::fs::write(&path, json) {
            eprintln!("looplab: cannot write the trace to {path}: {e}");
        }
    }
    match &outcome.error {
        // CPython's form (file, line, the source line, carets), which the
        // outcome's stderr holds; the short form if it is somehow empty.
        Some(ProgramError::Syntax { message, line, col }) if outcome.stderr.is_empty() => {
            eprintln!("{file}:{line}:{col}: {message}");
        }
        // The traceback, and warnings of the end (a coroutine never awaited).
        _ => eprint!("{}", outcome.stderr),
    }
    ExitCode::from(outcome.exit_code().clamp(0, 255) as u8)
}

/// The exercise named `id`, or a message listing the ones there are.
fn exercise(id: &str) -> Result<looplab_exercise::Exercise, String> {
    looplab_exercise::find(id).ok_or_else(|| {
        format!(
            "there is no exercise {id:?}; the exercises are: {}",
            looplab_exercise::ids().join(", ")
        )
    })
}

/// `looplab exercises [ID]`.
fn exercises(args: &[String]) -> ExitCode {
    match args {
        [] => {
            for e in looplab_exercise::catalogue() {
                println!("{:<22} {} — {}", e.id, e.title, e.summary);
            }
            ExitCode::SUCCESS
        }
        [id] => match exercise(id) {
            Ok(e) => {
                println!(
                    "# {}\n\n{}\n\n## Starter code\n\n{}",
                    e.title, e.statement, e.starter
                );
                ExitCode::SUCCESS
            }
            Err(msg) => fail(&msg),
        },
        _ => fail("exercises takes at most one exercise id"),
    }
}

/// `looplab check ID FILE.py [--output]`.
fn check(args: &[String]) -> ExitCode {
    let show_output = args.iter().any(|a| a == "--output");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--output").collect();
    let (id, file) = match rest.as_slice() {
        [id, file] if !file.starts_with('-') => (id.as_str(), file.as_str()),
        _ => return fail("check takes an exercise id and a program file"),
    };
    let ex = match exercise(id) {
        Ok(e) => e,
        Err(msg) => return fail(&msg),
    };
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => return fail(&format!("cannot read {file}: {e}")),
    };
    let filename = file.to_string();
    let child = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let base = Options {
                filename,
                ..Options::default()
            };
            let checked = looplab_exercise::run::check(&ex, &source, &base);
            (checked.requirements, checked.outcome.stdout)
        });
    let (reqs, output) = match child.map(|h| h.join()) {
        Ok(Ok(r)) => r,
        _ => return fail("the interpreter thread failed"),
    };
    if show_output && !output.is_empty() {
        println!(
            "--- the program's output ---\n{}--- requirements ---",
            output
        );
    }
    print!("{}", looplab_exercise::report(&reqs));
    if looplab_exercise::all_passed(&reqs) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
