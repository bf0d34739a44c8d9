//! `aiohttp` against the simulated mock API on the virtual clock. Expected
//! values follow from docs/mock-api.md (100 ms default latency, fixed data,
//! a `.invalid` name failing after 5 ms)
//! and aiohttp's documented behaviour: `raise_for_status()` raises
//! `ClientResponseError` with `.status`, a total timeout raises
//! `asyncio.TimeoutError`, an unresolvable host (`.invalid`) raises a
//! `ClientConnectionError` subclass, cancelling a task cancels its request.

use looplab_script::{run, Options};

#[test]
fn requests_take_the_mock_latency_and_fail_time_out_and_cancel_like_real_ones() {
    let source = include_str!("aiohttp_program.py");
    let out = run(source, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    let want = "\
200 True {'id': 2, 'name': 'Grace', 'email': 'grace@example.com'}
[200, 200, 200] 0.3
error: 404 404, message='Not Found', url='/api/nope'
timed out at 0.9
conn: ClientConnectorError
items 100 1.205
{\"method\":\"POST\",\"query\":{},\"json\":{\"a\":[1,2]}}
cancelled at 1.505
";
    assert_eq!(out.stdout, want);
}

#[test]
fn a_request_in_flight_shows_as_an_external_wait_in_the_trace() {
    let source = "import asyncio, aiohttp\nasync def main():\n    async with aiohttp.ClientSession() as s:\n        r = await s.get('/api/users')\n        print(len(await r.json()))\nasyncio.run(main())\n";
    let out = run(
        source,
        &Options {
            trace: true,
            ..Options::default()
        },
    );
    assert_eq!(out.stdout, "10\n");
    let lines = out.trace_lines.unwrap_or_default();
    assert!(
        lines.contains("\"kind\":\"external\""),
        "no external wait in the trace"
    );
    assert_eq!(out.elapsed, 0.1);
}

#[test]
fn the_same_seed_gives_the_same_jittered_latencies() {
    let source = "import asyncio, aiohttp\nasync def main():\n    loop = asyncio.get_running_loop()\n    async with aiohttp.ClientSession() as s:\n        for _ in range(3):\n            t = loop.time()\n            await s.get('/api/users', params={'jitter': 50})\n            print(round(loop.time() - t, 6))\nasyncio.run(main())\n";
    let a = run(source, &Options::default());
    let b = run(source, &Options::default());
    assert_eq!(a.stdout, b.stdout);
    let times: Vec<f64> = a.stdout.lines().filter_map(|l| l.parse().ok()).collect();
    assert_eq!(times.len(), 3);
    assert!(times.iter().all(|t| (0.05..=0.15).contains(t)), "{times:?}");
    assert!(
        times.windows(2).any(|w| w[0] != w[1]),
        "jitter varies: {times:?}"
    );
}
