//! `looplab run FILE.py [--clock virtual|real] [--seed N] [--trace OUT.json]`
//!
//! Prints what Python would print on stdout; an uncaught exception prints a
//! Python-style traceback on stderr and exits 1; a syntax error prints
//! `FILE:LINE:COL: message` and exits 2.

use looplab_script::{run_with, Clock, Options, ProgramError};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: looplab run FILE.py [--clock virtual|real] [--seed N] [--trace OUT.json]";

fn fail(msg: &str) -> ExitCode {
    eprintln!("looplab: {msg}\n{USAGE}");
    ExitCode::from(64)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("run") {
        return fail("expected the 'run' command");
    }
    let mut file = None;
    let mut opts = Options::default();
    let mut trace_out = None;
    let mut i = 1;
    while i < args.len() {
        let a = args[i].as_str();
        let value = || args.get(i + 1).cloned();
        match a {
            "--clock" => {
                opts.clock = match value().as_deref() {
                    Some("virtual") => Clock::Virtual,
                    Some("real") => Clock::Real,
                    other => {
                        return fail(&format!("--clock takes 'virtual' or 'real', not {other:?}"))
                    }
                };
                i += 2;
            }
            "--seed" => {
                opts.seed = match value().and_then(|v| v.parse().ok()) {
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
                opts.trace = true;
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
    opts.filename = file.clone();
    // Deep Python recursion needs a deep native stack.
    let child = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let outcome = run_with(
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
