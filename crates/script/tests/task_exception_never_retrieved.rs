//! A task that fails and whose exception nobody retrieves is reported as
//! asyncio does when the task object goes away: on stderr, "Task exception
//! was never retrieved", the task and the error's traceback; in the trace,
//! an `error_never_retrieved` warning. A fire-and-forget task goes away as
//! soon as it finishes; one held in a local when its frame ends. Awaited,
//! `.exception()`-ed, gathered, waited-and-inspected, grouped and cancelled
//! tasks give nothing; `all_tasks()` and `current_task()` still see every
//! running task.
//!
//! Expected output: python3 3.11 on a virtual clock
//! (`tests/corpus/reference.py --show`), its file path replaced by
//! `main.py`; CPython's stderr is matched line for line.

use looplab_script::{run, Options};

const PROGRAM: &str = r#"import asyncio

async def boom(msg, delay=0.1):
    await asyncio.sleep(delay)
    raise ValueError(msg)

kept = []

def note(t):
    print('callback saw', t.get_name(), 'done')

async def local_holder():
    t = asyncio.create_task(boom('held in a local'))
    await asyncio.sleep(0.5)
    print('local_holder returns')

async def main():
    loop = asyncio.get_running_loop()
    asyncio.create_task(boom('forgotten'))
    t1 = asyncio.create_task(boom('awaited'))
    try:
        await t1
    except ValueError as e:
        print('caught', e)
    t2 = asyncio.create_task(boom('exception() called'))
    await asyncio.sleep(0.2)
    print('exception():', repr(t2.exception()))
    r = await asyncio.gather(boom('gathered'), return_exceptions=True)
    print('gathered', r)
    t3 = asyncio.create_task(boom('waited'))
    done, _ = await asyncio.wait([t3])
    print('wait done', len(done), [repr(t.exception()) for t in done])
    t4 = asyncio.create_task(boom('with callback'), name='cb-task')
    t4.add_done_callback(note)
    del t4
    t5 = asyncio.create_task(boom('cancelled', 5))
    await asyncio.sleep(0)
    t5.cancel()
    del t5
    t6 = asyncio.create_task(boom('renamed'))
    t6.set_name('new-name')
    del t6
    await local_holder()
    print('all tasks:', sorted(t.get_name() for t in asyncio.all_tasks()))
    print('current:', asyncio.current_task().get_name())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom('in a group'))
    except* ValueError as eg:
        print('group raised', eg.exceptions)
    print(f'{loop.time():.1f} main ends')

asyncio.run(main())
print('after run')
"#;

const STDOUT: &str = "\
caught awaited
exception(): ValueError('exception() called')
gathered [ValueError('gathered')]
wait done 1 [\"ValueError('waited')\"]
callback saw cb-task done
local_holder returns
all tasks: ['Task-1']
current: Task-1
group raised (ValueError('in a group'),)
1.1 main ends
after run
";

const STDERR: &str = r#"Task exception was never retrieved
future: <Task finished name='Task-2' coro=<boom() done, defined at main.py:3> exception=ValueError('forgotten')>
Traceback (most recent call last):
  File "main.py", line 5, in boom
    raise ValueError(msg)
ValueError: forgotten
Task exception was never retrieved
future: <Task finished name='new-name' coro=<boom() done, defined at main.py:3> exception=ValueError('renamed')>
Traceback (most recent call last):
  File "main.py", line 5, in boom
    raise ValueError(msg)
ValueError: renamed
Task exception was never retrieved
future: <Task finished name='cb-task' coro=<boom() done, defined at main.py:3> exception=ValueError('with callback')>
Traceback (most recent call last):
  File "main.py", line 5, in boom
    raise ValueError(msg)
ValueError: with callback
Task exception was never retrieved
future: <Task finished name='Task-10' coro=<boom() done, defined at main.py:3> exception=ValueError('held in a local')>
Traceback (most recent call last):
  File "main.py", line 5, in boom
    raise ValueError(msg)
ValueError: held in a local
"#;

#[test]
fn an_unretrieved_task_exception_is_reported_like_cpython() {
    let out = run(PROGRAM, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    assert_eq!(out.stdout, STDOUT);
    assert_eq!(out.stderr, STDERR);
}

#[test]
fn the_trace_warns_when_the_task_goes_away_not_at_the_end() {
    let out = run(
        PROGRAM,
        &Options {
            trace: true,
            ..Options::default()
        },
    );
    let trace = out.trace_lines.unwrap_or_default();
    let warned: Vec<(u64, String)> = trace
        .lines()
        .filter(|l| l.contains("\"error_never_retrieved\""))
        .map(|l| {
            let at = l
                .split("\"at\":")
                .nth(1)
                .and_then(|s| s.split(',').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or(u64::MAX);
            let msg = l.split("\"message\":").nth(1).unwrap_or("").to_string();
            (at, msg)
        })
        .collect();
    // In ms: the forgotten task fails at 0.1 s, the renamed and the
    // called-back ones at 0.6 s; the one held in a local is reported when
    // `local_holder` returns at 1.0 s.
    let ms: Vec<u64> = warned.iter().map(|(at, _)| at / 1_000_000).collect();
    assert_eq!(ms, vec![100, 600, 600, 1000], "{warned:?}");
    for (want, (_, got)) in ["forgotten", "renamed", "with callback", "held in a local"]
        .iter()
        .zip(&warned)
    {
        assert!(got.contains(want), "{got} should name {want}");
    }
}

#[test]
fn a_retrieved_exception_is_not_reported() {
    let src = "import asyncio\nasync def boom():\n    raise ValueError('boom')\nasync def main():\n    t = asyncio.create_task(boom())\n    await asyncio.sleep(0)\n    t.exception()\n    del t\n    await asyncio.gather(asyncio.create_task(boom()), return_exceptions=True)\n    t = asyncio.create_task(boom())\n    try:\n        await t\n    except ValueError:\n        pass\n    print('ok')\nasyncio.run(main())\n";
    let out = run(src, &Options::default());
    assert_eq!(out.stdout, "ok\n");
    assert_eq!(out.stderr, "");
}
