//! `looplab run FILE.py [--clock virtual|real] [--seed N] [--trace OUT.json]
//! [--fs memory|DIR]`
//!
//! `looplab test FILE.py [--seed N] [--fs memory|DIR]` runs the file's
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
//! Prints what Python would print on stdout; an uncaught exception prints a
//! Python-style traceback on stderr and exits 1; a syntax error prints
//! `FILE:LINE:COL: message` and exits 2.

use looplab_script::{run_with, Clock, Options, ProgramError};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: looplab run FILE.py [--clock virtual|real] [--seed N] [--trace OUT.json] [--fs memory|DIR]\n       looplab test FILE.py [--seed N] [--fs memory|DIR]";

/// The SQL engine of a native run: SQLite in memory, one database per
/// name.
#[derive(Debug, Default)]
struct NativeSql(std::cell::RefCell<looplab_sql::Databases>);

impl looplab_script::modules::asyncpg::SqlBackend for NativeSql {
    fn handle(&self, request: looplab_sql::Request) -> looplab_sql::Response {
        self.0.borrow_mut().handle(request)
    }
}

fn native_sql() -> std::rc::Rc<dyn looplab_script::modules::asyncpg::SqlBackend> {
    std::rc::Rc::new(NativeSql::default())
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
        Some("run") => false,
        Some("test") => true,
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => return fail("expected the 'run' or 'test' command"),
    };
    let mut file = None;
    // Options hold the workspace (not `Send`): they are made on the
    // interpreter's thread from these.
    let mut clock = Clock::Virtual;
    let mut seed = 0;
    let mut trace = false;
    let mut trace_out = None;
    let mut workspace = None;
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
        Some(ProgramError::Syntax { message, line, col }) => {
            eprintln!("{file}:{line}:{col}: {message}");
        }
        Some(_) => eprint!("{}", outcome.stderr),
        None => {}
    }
    ExitCode::from(outcome.exit_code().clamp(0, 255) as u8)
}
