//! An instant (virtual-clock) run stops at its horizon: a heartbeat loop
//! that would print forever ends with a message saying what happened.

use looplab_script::{run, Limits, Options, ProgramError};

#[test]
fn a_heartbeat_loop_stops_at_the_virtual_horizon() {
    let source = "import asyncio\nasync def main():\n    n = 0\n    while True:\n        print('beat', n)\n        n += 1\n        await asyncio.sleep(1)\nasyncio.run(main())\n";
    let opts = Options {
        limits: Limits {
            virtual_horizon: Some(10.0),
            ..Limits::default()
        },
        ..Options::default()
    };
    let out = run(source, &opts);
    // Beats at t = 0 … 10; the next one (t = 11) is past the horizon.
    assert_eq!(out.stdout.lines().count(), 11);
    assert_eq!(out.elapsed, 10.0);
    match &out.error {
        Some(ProgramError::Uncaught { summary, .. }) => assert_eq!(
            summary,
            "RuntimeError: this instant run was stopped at 10 s of virtual time"
        ),
        other => panic!("{other:?}"),
    }
    assert!(
        out.stderr.contains("next timer was due at t = 11.0 s"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("run it on the real clock"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_program_that_ends_before_the_horizon_is_not_stopped() {
    let source = "import asyncio\nasync def main():\n    await asyncio.sleep(3600)\n    print('done')\nasyncio.run(main())\n";
    let opts = Options {
        limits: Limits {
            virtual_horizon: Some(3600.0),
            ..Limits::default()
        },
        ..Options::default()
    };
    let out = run(source, &opts);
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, "done\n");
}
