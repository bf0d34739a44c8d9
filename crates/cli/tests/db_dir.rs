//! `looplab run --db DIR` keeps databases between runs as SQLite files:
//! the second run sees the first run's row, and the file is a database
//! any SQLite opens.

use std::process::Command;

const PROGRAM: &str = r#"import asyncio, asyncpg
async def main():
    c = await asyncpg.connect(database='notes')
    await c.execute('CREATE TABLE IF NOT EXISTS n (id SERIAL PRIMARY KEY, t TEXT)')
    await c.execute('INSERT INTO n (t) VALUES ($1)', 'hello')
    print(await c.fetchval('SELECT count(*) FROM n'))
    await c.close()
asyncio.run(main())
"#;

fn run(dir: &std::path::Path, keep: bool) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_looplab"));
    cmd.arg("run")
        .arg(dir.join("p.py"))
        .args(["--fs", "memory"]);
    if keep {
        cmd.arg("--db").arg(dir);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("looplab runs: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn databases_are_kept_in_the_db_directory_between_runs() {
    let dir = std::env::temp_dir().join(format!("looplab-db-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    std::fs::write(dir.join("p.py"), PROGRAM).unwrap_or_else(|e| panic!("write: {e}"));
    assert_eq!(run(&dir, true), "1\n");
    assert_eq!(run(&dir, true), "2\n");
    let file = std::fs::read(dir.join("notes.sqlite")).unwrap_or_default();
    assert!(file.starts_with(b"SQLite format 3\0"), "not a SQLite file");
    // Without --db, nothing is kept.
    assert_eq!(run(&dir, false), "1\n");
    let _ = std::fs::remove_dir_all(&dir);
}
