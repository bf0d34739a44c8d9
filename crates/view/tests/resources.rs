//! The resources panel: each primitive's kind, name and capacity, who holds
//! it and who waits on it as the run goes, its state over time, and waits
//! described by name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::{EventKind, ResourceKind, ResourceState, WaitKind};
use looplab_core::{
    sleep, Error, Event, Lock, Queue, RateLimiter, Runtime, Semaphore, Tick, VirtualClock,
};
use looplab_view::{MarkerKind, Model, State};
use scenario::{at, rid, run, secs, tid, Hand};
use std::rc::Rc;

/// A runtime on a virtual clock the test moves by hand, so that a view
/// can be checked between steps (as the playground's live view is).
struct Live {
    rt: Runtime,
    clock: Rc<VirtualClock>,
    model: Model,
}

impl Live {
    fn new() -> Live {
        let clock = Rc::new(VirtualClock::new());
        Live {
            rt: Runtime::new(clock.clone()),
            clock,
            model: Model::new(),
        }
    }

    /// Runs everything runnable now, feeds the new events to the model,
    /// and moves the clock to the next timer.
    fn step(&mut self) -> Tick {
        let tick = self.rt.tick(usize::MAX);
        self.model.extend(self.rt.drain_trace());
        if let Tick::Sleeping(t) = tick {
            self.clock.advance_to(t);
        }
        tick
    }
}

fn semaphore(permits: u64, waiters: u64) -> ResourceState {
    ResourceState {
        permits: Some(permits),
        waiters,
        ..ResourceState::default()
    }
}

/// Two tasks through a semaphore of one, each holding it for 1 s: the
/// first holds it from 0 to 1 while the second waits, then the second
/// holds it until 2.
#[test]
fn holders_and_waiters_of_a_semaphore_as_the_run_goes() {
    let mut live = Live::new();
    let sem = Semaphore::named("db", 1);
    for name in ["w1", "w2"] {
        let sem = sem.clone();
        // A dropped handle leaves its task running, as in asyncio.
        drop(live.rt.spawn_named(name, async move {
            let _permit = sem.acquire().await?;
            sleep(secs(1.0)).await?;
            Ok::<_, Error>(())
        }));
    }
    let (w1, w2) = (tid(1), tid(2));

    assert_eq!(live.step(), Tick::Sleeping(at(1.0)));
    let m = &live.model;
    let db = &m.resources()[0];
    assert_eq!(
        (db.kind, &*db.name, db.capacity),
        (Some(ResourceKind::Semaphore), "db", Some(1))
    );
    assert_eq!(db.holders, [w1]);
    assert_eq!(db.waiters, [w2]);
    assert_eq!(db.state, semaphore(0, 1));
    assert_eq!(m.task(w1).unwrap().held, [db.id]);
    let waiting = m.task(w2).unwrap();
    assert_eq!(waiting.state, State::Waiting);
    assert_eq!(
        m.describe_wait(&waiting.waiting_on.unwrap()),
        "semaphore 'db' (0 permits free)"
    );

    assert_eq!(live.step(), Tick::Sleeping(at(2.0)));
    let m = &live.model;
    let db = &m.resources()[0];
    assert_eq!(db.holders, [w2]);
    assert!(db.waiters.is_empty());
    assert!(m.task(w1).unwrap().held.is_empty());
    assert_eq!(m.task(w1).unwrap().state, State::Done);
    assert_eq!(m.task(w2).unwrap().held, [db.id]);

    assert_eq!(live.step(), Tick::Idle);
    let m = &live.model;
    let db = &m.resources()[0];
    assert!(db.holders.is_empty());
    assert!(m.task(w2).unwrap().held.is_empty());
    assert_eq!(db.state, semaphore(1, 0));
    assert_eq!(db.acquisitions, 2);
    // The second task's wait, on the timeline: from 0 to 1.
    let wait = m
        .task(w2)
        .unwrap()
        .segments()
        .find(|s| s.kind == looplab_view::SegKind::Waiting(WaitKind::Semaphore))
        .unwrap();
    assert_eq!((wait.start, wait.end), (at(0.0), Some(at(1.0))));
    assert_eq!(wait.on.unwrap().resource, Some(db.id));
}

/// The state history: it starts with the semaphore's one free permit,
/// shows the second task waiting at 0.5 and holding at 1.5, stores no
/// state twice in a row, and never shows more permits or waiters than
/// there can be.
#[test]
fn a_semaphores_state_over_time() {
    let (_rt, m) = run(async {
        let sem = Semaphore::named("db", 1);
        let hs: Vec<_> = (0..2)
            .map(|_| {
                let sem = sem.clone();
                looplab_core::spawn(async move {
                    let _p = sem.acquire().await?;
                    sleep(secs(1.0)).await?;
                    Ok::<_, Error>(())
                })
            })
            .collect();
        looplab_core::gather(hs).await?;
        Ok(())
    });
    let db = &m.resources()[0];
    let history: Vec<_> = db.history().collect();
    assert_eq!(history.len(), db.history_len());
    assert_eq!(history[0], (at(0.0), semaphore(1, 0)));
    assert_eq!(history.last(), Some(&(at(2.0), semaphore(1, 0))));
    assert!(history.windows(2).all(|w| w[0].1 != w[1].1));
    assert!(history
        .iter()
        .all(|(_, s)| s.permits.unwrap() <= 1 && s.waiters <= 1));
    assert_eq!(m.resource_state_at(db.id, at(0.5)), Some(semaphore(0, 1)));
    assert_eq!(m.resource_state_at(db.id, at(1.5)), Some(semaphore(0, 0)));
    assert!(db.history_in(at(0.5), at(1.5)).all(|(t, _)| t == at(1.0)));
    assert!(db.history_in(at(0.5), at(1.5)).count() >= 1);
    assert_eq!(m.resource_state_at(rid(99), at(0.5)), None);
}

/// A lock's holder comes from its state, and a wait on it names the
/// holder.
#[test]
fn a_locks_holder_is_named() {
    let mut live = Live::new();
    let lock = Lock::named("l");
    for name in ["a", "b"] {
        let lock = lock.clone();
        drop(live.rt.spawn_named(name, async move {
            let _g = lock.acquire().await?;
            sleep(secs(1.0)).await?;
            Ok::<_, Error>(())
        }));
    }
    live.step();
    let m = &live.model;
    let l = &m.resources()[0];
    assert_eq!(l.kind, Some(ResourceKind::Lock));
    assert_eq!(l.holders, [tid(1)]);
    assert_eq!(l.state.holder, Some(tid(1)));
    let on = m.task(tid(2)).unwrap().waiting_on.unwrap();
    assert_eq!(m.describe_wait(&on), "lock 'l' (held by 'a')");
    live.step();
    assert_eq!(live.model.resources()[0].holders, [tid(2)]);
    live.step();
    assert!(live.model.resources()[0].holders.is_empty());
}

/// asyncio lets any task release a lock: the holder then holds it no more.
#[test]
fn a_lock_released_by_another_task_frees_its_holder() {
    let mut h = Hand::new();
    h.spawn(1, "owner", None)
        .spawn(2, "other", None)
        .push(EventKind::ResourceCreated {
            resource: rid(1),
            kind: ResourceKind::Lock,
            name: "l".into(),
            capacity: None,
        })
        .running(1)
        .push(EventKind::Acquired {
            resource: rid(1),
            task: Some(tid(1)),
        })
        .push(EventKind::ResourceState {
            resource: rid(1),
            state: ResourceState {
                holder: Some(tid(1)),
                flag: Some(true),
                ..ResourceState::default()
            },
        });
    let m = h.model();
    assert_eq!(m.task(tid(1)).unwrap().held, [rid(1)]);
    h.at(1.0)
        .running(2)
        .push(EventKind::Released {
            resource: rid(1),
            task: Some(tid(2)),
        })
        .push(EventKind::ResourceState {
            resource: rid(1),
            state: ResourceState {
                flag: Some(false),
                ..ResourceState::default()
            },
        });
    let m = h.model();
    assert!(m.task(tid(1)).unwrap().held.is_empty());
    assert!(m.resource(rid(1)).unwrap().holders.is_empty());
    let marks: Vec<_> = m
        .task(tid(2))
        .unwrap()
        .markers
        .iter()
        .map(|mk| mk.kind)
        .collect();
    assert_eq!(marks, [MarkerKind::Spawn, MarkerKind::Release(rid(1))]);
}

/// A semaphore released by a task that never acquired it (asyncio allows
/// it) frees no holder.
#[test]
fn a_semaphore_released_by_a_stranger_frees_nobody() {
    let mut h = Hand::new();
    h.spawn(1, "a", None)
        .spawn(2, "b", None)
        .push(EventKind::ResourceCreated {
            resource: rid(1),
            kind: ResourceKind::Semaphore,
            name: "s".into(),
            capacity: Some(2),
        })
        .push(EventKind::Acquired {
            resource: rid(1),
            task: Some(tid(1)),
        })
        .push(EventKind::Released {
            resource: rid(1),
            task: Some(tid(2)),
        });
    let m = h.model();
    assert_eq!(m.resource(rid(1)).unwrap().holders, [tid(1)]);
    assert_eq!(m.task(tid(1)).unwrap().held, [rid(1)]);
}

/// Waits on a queue and an event, named; the queue's length and
/// unfinished count over time.
#[test]
fn queue_and_event_waits_are_named() {
    let (_rt, m) = run(async {
        let q: Queue<u32> = Queue::named("jobs", 0);
        let go = Event::named("go");
        let (q2, go2) = (q.clone(), go.clone());
        let worker = looplab_core::spawn_named("worker", async move {
            let item = q2.get().await.map_err(|e| Error::msg(e.to_string()))?;
            go2.wait().await?;
            Ok::<_, Error>(item)
        });
        sleep(secs(1.0)).await?;
        q.try_put(7).map_err(|e| Error::msg(e.to_string()))?;
        sleep(secs(1.0)).await?;
        go.set();
        worker.await?;
        Ok(())
    });
    let worker = m.task(tid(2)).unwrap();
    let (state, on) = worker.state_at(at(0.5)).unwrap();
    assert_eq!(state, State::Waiting);
    assert_eq!(m.describe_wait(&on.unwrap()), "queue get 'jobs'");
    let (_, on) = worker.state_at(at(1.5)).unwrap();
    assert_eq!(m.describe_wait(&on.unwrap()), "event 'go'");
    assert_eq!(worker.outcome_text(), Some("7"));
    let jobs = m.resources().iter().find(|r| &*r.name == "jobs").unwrap();
    assert_eq!(jobs.kind, Some(ResourceKind::Queue));
    let at_1 = jobs.state_at(at(1.0)).unwrap();
    assert_eq!((at_1.len, at_1.unfinished), (Some(0), Some(1)));
    let at_half = jobs.state_at(at(0.5)).unwrap();
    assert_eq!((at_half.len, at_half.waiters), (Some(0), 1));
}

/// Rate-limiter tokens are used up, not held: acquiring them marks the
/// timeline but makes nobody a holder. A second token, with one per
/// second, is waited for until 1 s.
#[test]
fn rate_limiter_tokens_are_not_held() {
    let (_rt, m) = run(async {
        let api = RateLimiter::named("api", 1.0, 1.0);
        looplab_core::spawn_named("caller", async move {
            api.acquire(1.0)
                .await
                .map_err(|e| Error::msg(e.to_string()))?;
            api.acquire(1.0)
                .await
                .map_err(|e| Error::msg(e.to_string()))?;
            Ok::<_, Error>(())
        })
        .await?;
        Ok(())
    });
    let api = m.resources().iter().find(|r| &*r.name == "api").unwrap();
    assert_eq!(api.kind, Some(ResourceKind::RateLimiter));
    assert!(api.holders.is_empty());
    assert_eq!(api.acquisitions, 2);
    let caller = m.task(tid(2)).unwrap();
    assert!(caller.held.is_empty());
    let acquired: Vec<_> = caller
        .markers
        .iter()
        .filter(|mk| matches!(mk.kind, MarkerKind::Acquire(_)))
        .map(|mk| mk.at)
        .collect();
    assert_eq!(acquired, [at(0.0), at(1.0)]);
    let (state, on) = caller.state_at(at(0.5)).unwrap();
    assert_eq!(state, State::Waiting);
    assert_eq!(
        m.describe_wait_at(&on.unwrap(), at(0.5)),
        "rate limiter 'api' (0 tokens)"
    );
}
