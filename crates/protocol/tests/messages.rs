//! Every message survives encoding exactly; a message from another
//! version or damaged bytes gives an error that says so.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::Event;
use looplab_core::wire;
use looplab_protocol::*;

fn request() -> RunRequest {
    RunRequest {
        run: 7,
        source: "import asyncio\nprint('héllo')\n".into(),
        clock: Clock::Real,
        speed: 2.5,
        seed: 42,
        mock: Mock {
            latency_ms: 250.0,
            jitter_ms: 10.0,
            fail: 0.25,
        },
        base_url: "http://127.0.0.1:8080/looplab/".into(),
        trace: TraceMode::Summary,
        collect_output: true,
        tests: false,
        files: None,
        io: IoCosts {
            file_op_ms: 2.5,
            file_per_kb_ms: 0.125,
            file_fail: 0.5,
            db_ms: 7.0,
            db_jitter_ms: 1.5,
            db_fail: 0.25,
        },
        checker: None,
        horizon: 3600.0,
    }
}

fn to_engine() -> Vec<ToEngine> {
    vec![
        ToEngine::Run(request()),
        ToEngine::Run(RunRequest {
            clock: Clock::Virtual,
            trace: TraceMode::None,
            collect_output: false,
            ..request()
        }),
        ToEngine::Run(RunRequest {
            trace: TraceMode::Events,
            ..request()
        }),
        ToEngine::Run(RunRequest {
            tests: true,
            files: Some(vec![
                WorkspaceFile {
                    path: "data/a.bin".into(),
                    data: vec![0, 255, 10],
                },
                WorkspaceFile {
                    path: "empty/".into(),
                    data: Vec::new(),
                },
            ]),
            ..request()
        }),
        ToEngine::Run(RunRequest {
            checker: Some("def scenario(app):\n    pass\n".into()),
            ..request()
        }),
        ToEngine::Pause,
        ToEngine::Resume,
        ToEngine::Step,
        ToEngine::Speed(0.1),
        ToEngine::Ack { batch: 300 },
    ]
}

fn events() -> Vec<Event> {
    serde_json::from_str(
        r#"[{"seq":0,"at":0,"type":"task_spawned","task":1,"name":"main"},
            {"seq":1,"at":10,"type":"output","task":1,"stream":"stdout","text":"hi"}]"#,
    )
    .unwrap()
}

fn from_engine() -> Vec<FromEngine> {
    vec![
        FromEngine::Ready,
        FromEngine::Batch {
            run: 7,
            batch: 0,
            events: wire::encode_events(&events()),
        },
        FromEngine::End {
            run: 7,
            end: RunEnd::default(),
        },
        FromEngine::End {
            run: 8,
            end: RunEnd {
                error: Some(RunError::Syntax {
                    message: "expected ':'".into(),
                    line: 3,
                    col: 9,
                }),
                stdout: "a\nb\n".into(),
                stderr: "x".into(),
                output_cut: 12,
                elapsed: 1.5,
                summary: Some(Summary {
                    events: 1,
                    tasks: 2,
                    failed: 3,
                    cancelled: 4,
                    lines: 5,
                }),
                tests: vec![TestResult {
                    id: "main.py::test_x[1-2]".into(),
                    outcome: "failed".into(),
                    summary: "assert 3 == 4".into(),
                    details: "main.py:3: in test_x\nE   assert 3 == 4".into(),
                }],
                files: vec![WorkspaceFile {
                    path: "notes.txt".into(),
                    data: "héllo".into(),
                }],
                databases: r#"[{"name":"demo","tables":[]}]"#.into(),
                requirements: vec![
                    Requirement {
                        name: "At most `limit` requests in flight".into(),
                        state: "fail".into(),
                        detail: "at t=1.20 s 4 requests were in flight".into(),
                        at: Some(1.2),
                        line: None,
                    },
                    Requirement {
                        name: "Returns {url: status}".into(),
                        state: "pass".into(),
                        detail: String::new(),
                        at: None,
                        line: Some(12),
                    },
                ],
            },
        },
        FromEngine::End {
            run: 9,
            end: RunEnd {
                error: Some(RunError::Uncaught {
                    summary: "ValueError: boom".into(),
                    traceback: "Traceback (most recent call last):\n".into(),
                    line: Some(4),
                }),
                ..RunEnd::default()
            },
        },
        FromEngine::End {
            run: 10,
            end: RunEnd {
                error: Some(RunError::Uncaught {
                    summary: "KeyboardInterrupt".into(),
                    traceback: String::new(),
                    line: None,
                }),
                ..RunEnd::default()
            },
        },
        FromEngine::End {
            run: 11,
            end: RunEnd {
                error: Some(RunError::Deadlock("task #2 waits on queue get".into())),
                ..RunEnd::default()
            },
        },
        FromEngine::Fatal("could not read a message".into()),
    ]
}

#[test]
fn messages_to_the_engine_round_trip() {
    for m in to_engine() {
        assert_eq!(ToEngine::decode(&m.encode()).unwrap(), m);
    }
}

#[test]
fn messages_from_the_engine_round_trip() {
    for m in from_engine() {
        assert_eq!(FromEngine::decode(&m.encode()).unwrap(), m);
    }
}

#[test]
fn a_batch_carries_its_events() {
    let m = &from_engine()[1];
    let back = FromEngine::decode(&m.encode()).unwrap();
    assert_eq!(back.events().unwrap(), events());
    assert!(FromEngine::Ready.events().unwrap().is_empty());
}

#[test]
fn another_version_is_refused_with_a_reason() {
    let mut bytes = ToEngine::Pause.encode();
    bytes[0] = VERSION + 1;
    let err = ToEngine::decode(&bytes).unwrap_err();
    assert!(err.message.contains("version"), "{err}");
    let mut bytes = FromEngine::Ready.encode();
    bytes[0] = 0;
    assert!(FromEngine::decode(&bytes).is_err());
}

#[test]
fn damaged_messages_are_errors_not_panics() {
    for m in to_engine() {
        let bytes = m.encode();
        for cut in 0..bytes.len() {
            assert!(
                ToEngine::decode(&bytes[..cut]).is_err(),
                "{m:?} cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(1);
        assert!(ToEngine::decode(&longer).is_err());
    }
    for m in from_engine() {
        let bytes = m.encode();
        for cut in 0..bytes.len() {
            assert!(
                FromEngine::decode(&bytes[..cut]).is_err(),
                "{m:?} cut at {cut}"
            );
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x55;
            let _ = FromEngine::decode(&b);
        }
    }
    assert!(ToEngine::decode(&[VERSION, 99]).is_err());
    assert!(FromEngine::decode(&[VERSION, 99]).is_err());
    assert!(FromEngine::decode(&[]).is_err());
}

#[test]
fn the_innermost_frame_of_the_program_gives_the_line() {
    let tb = "Traceback (most recent call last):\n  File \"main.py\", line 12, in <module>\n    asyncio.run(main())\n  File \"main.py\", line 5, in main\n    raise ValueError(\"boom\")\nValueError: boom\n";
    assert_eq!(traceback_line(tb), Some(5));
    assert_eq!(traceback_line("ValueError: boom"), None);
}

/// In an exception group's tree (CPython 3.11's layout, from
/// crates/script/tests/exception_groups.cpython.json) the frames have a
/// margin; the innermost is the failing child's.
#[test]
fn the_innermost_frame_of_an_exception_group_gives_the_line() {
    let tb = "  + Exception Group Traceback (most recent call last):\n  |   File \"main.py\", line 14, in <module>\n  |     asyncio.run(main())\n  |   File \"main.py\", line 10, in main\n  |     async with asyncio.TaskGroup() as tg:\n  | ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)\n  +-+---------------- 1 ----------------\n    | Traceback (most recent call last):\n    |   File \"main.py\", line 6, in fetch\n    |     raise ValueError(f\"bad item {n}\")\n    | ValueError: bad item 1\n    +------------------------------------\n";
    assert_eq!(traceback_line(tb), Some(6));
    assert_eq!(
        looplab_protocol::frame_line("  |   File \"main.py\", line 14, in <module>"),
        Some(14)
    );
}
