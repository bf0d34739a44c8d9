//! A seeded, randomized cancellation storm.
//!
//! Each scenario (thousands of seeds, one tiny splitmix64 generator per
//! seed) builds one of every primitive, spawns a random crowd of tasks that
//! use them — semaphores, a bounded semaphore, a lock, an event, a
//! condition, FIFO/LIFO/priority queues with put/get/task_done/join, a rate
//! limiter, a pool, streams, sleeps, gather, task groups, timeouts,
//! `wait_for`, `shield`, `retry`, `as_completed`, `wait` — and lets
//! cancellers loose that sleep random amounts and cancel random tasks,
//! sometimes several at once and sometimes twice. Tasks clean up in a
//! `finally`-like path that awaits. Times are multiples of 10 ms, so many
//! things happen at the same virtual instant.
//!
//! After `Runtime::run` (which cancels the leftovers, as `asyncio.run`
//! does), the invariants asyncio's primitives guarantee must hold:
//! permits all back and nobody waiting; the lock free; queue counts adding
//! up; the pool's resources all accounted for; every task that started ran
//! its cleanup exactly once; mutual exclusion never broken along the way;
//! no `RunError`. A second `block_on` then probes that every primitive
//! still works. Finally, the same seed gives a byte-identical trace and a
//! different seed a different one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::{EventKind, ResourceState, TaskId};
use looplab_core::{
    as_completed, current_task, gather, gather_settled, retry, shield, sleep, spawn, spawn_named,
    task_group, timeout, wait, wait_for, yield_now, Backoff, Condition, ConditionError, Config,
    Error, Event, GetError, Handle, JoinHandle, Lock, Pool, PoolError, PutError, Queue, QueueKind,
    RateLimiter, RateLimiterError, ReturnWhen, Runtime, Semaphore, Stream, TaskError,
    TaskGroupError, Tick, TryGetError, VirtualClock,
};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

// ---------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------

/// splitmix64: tiny, well mixed, the same everywhere.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A new generator for a child, so that each task draws its own numbers.
    fn fork(&mut self) -> Rng {
        Rng(self.next())
    }

    /// 0, 10, 20, … `10 * tens` milliseconds.
    fn ms(&mut self, tens: u64) -> Duration {
        Duration::from_millis(10 * self.below(tens + 1))
    }
}

// ---------------------------------------------------------------------------
// The world of one scenario
// ---------------------------------------------------------------------------

const OPS: [&str; 23] = [
    "sleep",
    "semaphore",
    "bounded_semaphore",
    "lock",
    "event_wait",
    "event_set",
    "condition_wait",
    "condition_notify",
    "queue_put",
    "queue_get",
    "queue_join",
    "rate_limiter",
    "pool",
    "stream",
    "gather",
    "task_group",
    "timeout",
    "shield",
    "retry",
    "spawn_detached",
    "as_completed",
    "wait",
    "yield",
];

/// Ops that spawn or wrap other ops; not chosen below the depth limit.
const NESTING: [usize; 8] = [14, 15, 16, 17, 19, 20, 21, 18];

/// Ops a scenario may crowd: the primitives with wait lines.
const FOCUS: [usize; 9] = [1, 2, 3, 6, 8, 9, 11, 12, 13];

const MAX_DEPTH: u32 = 2;

#[derive(Default)]
struct Stats {
    started: Cell<u64>,
    cleaned: Cell<u64>,
    violations: RefCell<Vec<String>>,
    in_sem: Cell<usize>,
    in_bsem: Cell<usize>,
    in_lock: Cell<usize>,
    in_cond: Cell<usize>,
    in_pool: Cell<usize>,
    put: [Cell<u64>; 3],
    got: [Cell<u64>; 3],
    done: [Cell<u64>; 3],
    producers_started: Cell<u64>,
    producers_cleaned: Cell<u64>,
    ops: [Cell<u64>; OPS.len()],
    cancelled: [Cell<u64>; OPS.len()],
    swallowed: Cell<u64>,
    /// FIFO tickets per primitive.
    lock_fifo: Fifo,
    sem_fifo: Fifo,
    bsem_fifo: Fifo,
}

/// Tickets for the FIFO check: the last one handed out, the last one
/// served, and how many were served.
#[derive(Default)]
struct Fifo {
    next: Cell<u64>,
    last: Cell<u64>,
    served: Cell<u64>,
}

impl Stats {
    fn violation(&self, what: String) {
        self.violations.borrow_mut().push(what);
    }
}

fn bump(c: &Cell<u64>) {
    c.set(c.get() + 1);
}

/// Counts holders of something while alive; records a violation if more
/// than `max` hold it at once.
struct Hold<'a>(&'a Cell<usize>);

impl<'a> Hold<'a> {
    fn new(cell: &'a Cell<usize>, max: usize, what: &str, st: &Stats) -> Hold<'a> {
        cell.set(cell.get() + 1);
        if cell.get() > max {
            st.violation(format!(
                "{what}: {} holders at once (max {max}) at {}",
                cell.get(),
                looplab_core::now()
            ));
        }
        Hold(cell)
    }
}

impl Drop for Hold<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

/// A pooled connection; counts how many exist.
#[derive(Debug)]
struct Conn {
    live: Rc<Cell<i64>>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.live.set(self.live.get() - 1);
    }
}

#[derive(Default)]
struct FactoryStats {
    calls: Cell<u64>,
    made: Cell<u64>,
    live: Rc<Cell<i64>>,
}

struct World {
    sem: Semaphore,
    sem_n: usize,
    bsem: Semaphore,
    bsem_n: usize,
    lock: Lock,
    ev: Event,
    cond: Condition,
    cond_flag: Cell<bool>,
    queues: [Queue<u64>; 3],
    rl: RateLimiter,
    rl_rate: f64,
    rl_burst: f64,
    pool: Pool<Conn>,
    pool_max: usize,
    pool_closed: Cell<bool>,
    queues_shut: Cell<bool>,
    factory: Rc<FactoryStats>,
    st: Stats,
    ids: RefCell<Vec<TaskId>>,
    next_item: Cell<u64>,
    next_name: Cell<u64>,
    /// Half the scenarios crowd one primitive, so that long wait lines
    /// form and wake-ups collide with cancellations.
    focus: Option<usize>,
}

impl World {
    fn new(rng: &mut Rng) -> World {
        let sem_n = 1 + rng.below(3) as usize;
        let bsem_n = 1 + rng.below(2) as usize;
        let qmax = [rng.below(4), rng.below(4), rng.below(4)];
        let rl_rate = [5.0, 10.0, 20.0][rng.below(3) as usize];
        let rl_burst = (1 + rng.below(3)) as f64;
        let pool_min = rng.below(2) as usize;
        let pool_max = 1 + rng.below(3) as usize;
        let focus = rng
            .chance(50)
            .then(|| FOCUS[rng.below(FOCUS.len() as u64) as usize]);
        let factory = Rc::new(FactoryStats::default());
        let f = factory.clone();
        let pool = Pool::named("conns", pool_min, pool_max, move || {
            let f = f.clone();
            async move {
                let n = f.calls.get();
                f.calls.set(n + 1);
                sleep(Duration::from_millis(10 * (n % 4))).await?;
                if n % 7 == 3 {
                    return Err(Error::msg("connect refused"));
                }
                bump(&f.made);
                f.live.set(f.live.get() + 1);
                Ok(Conn {
                    live: f.live.clone(),
                })
            }
        });
        World {
            sem: Semaphore::named("sem", sem_n),
            sem_n,
            bsem: Semaphore::bounded_named("bsem", bsem_n),
            bsem_n,
            lock: Lock::named("lock"),
            ev: Event::named("event"),
            cond: Condition::named("cond"),
            cond_flag: Cell::new(false),
            queues: [
                Queue::with_kind(QueueKind::Fifo, qmax[0] as usize, Some("fifo".into())),
                Queue::with_kind(QueueKind::Lifo, qmax[1] as usize, Some("lifo".into())),
                Queue::with_kind(QueueKind::Priority, qmax[2] as usize, Some("prio".into())),
            ],
            rl: RateLimiter::named("rl", rl_rate, rl_burst),
            rl_rate,
            rl_burst,
            pool,
            pool_max,
            pool_closed: Cell::new(false),
            queues_shut: Cell::new(false),
            factory,
            st: Stats::default(),
            ids: RefCell::new(Vec::new()),
            next_item: Cell::new(0),
            next_name: Cell::new(0),
            focus,
        }
    }
}

type BoxFut = Pin<Box<dyn Future<Output = Result<(), Error>>>>;

fn me() -> TaskId {
    current_task().expect("inside a task")
}

fn cancel_requested() -> bool {
    Handle::current().cancelling(me()) > 0
}

fn cancelled_err(e: &Error) -> bool {
    e.is_cancelled()
}

// ---------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Kind {
    Worker { fail: bool },
    Pulser,
}

/// Spawns a counted task: it bumps `started` when it first runs and
/// `cleaned` in its `finally`, whose cleanup may await.
fn spawn_task(w: &Rc<World>, mut rng: Rng, depth: u32, kind: Kind) -> JoinHandle<u64, Error> {
    let n = w.next_name.get();
    w.next_name.set(n + 1);
    let name = match kind {
        Kind::Worker { .. } => format!("w{n}.d{depth}"),
        Kind::Pulser => format!("pulser{n}"),
    };
    let fut = counted(w.clone(), rng.fork(), depth, kind);
    let h = spawn_named(name, fut);
    w.ids.borrow_mut().push(h.id());
    h
}

async fn counted(w: Rc<World>, mut rng: Rng, depth: u32, kind: Kind) -> Result<u64, Error> {
    bump(&w.st.started);
    let body = match kind {
        Kind::Worker { fail } => worker_body(&w, &mut rng, depth, fail).await,
        Kind::Pulser => pulser_body(&w, &mut rng).await,
    };
    // finally:
    bump(&w.st.cleaned);
    cleanup(&w, &mut rng).await;
    body.map(|()| u64::from(depth))
}

async fn worker_body(w: &Rc<World>, rng: &mut Rng, depth: u32, fail: bool) -> Result<(), Error> {
    let n_ops = 1 + rng.below(if depth == 0 { 5 } else { 3 });
    let swallow = rng.chance(15);
    for _ in 0..n_ops {
        let r = op(w.clone(), rng.fork(), depth).await;
        match r {
            Err(e) if cancelled_err(&e) && swallow => {
                // `except CancelledError: <short cleanup>; return`.
                bump(&w.st.swallowed);
                let _ = sleep(rng.ms(2)).await;
                return Ok(());
            }
            Err(e) => return Err(e),
            Ok(()) => {
                // A cancellation that an op turned into something else (an
                // error group, a swallowed child) still ends the worker, as
                // asyncio code checking `cancelling()` would.
                if cancel_requested() {
                    return Err(Error::Cancelled(Default::default()));
                }
            }
        }
    }
    if fail {
        sleep(rng.ms(2)).await?;
        return Err(Error::msg("boom"));
    }
    Ok(())
}

/// Keeps things moving: sets and clears the event, notifies the condition,
/// feeds the queues.
async fn pulser_body(w: &Rc<World>, rng: &mut Rng) -> Result<(), Error> {
    let rounds = 2 + rng.below(10);
    for _ in 0..rounds {
        sleep(Duration::from_millis(10) + rng.ms(9)).await?;
        match rng.below(4) {
            0 => w.ev.set(),
            1 => {
                w.ev.set();
                yield_now().await?;
                w.ev.clear();
            }
            2 => {
                let _g = w.cond.acquire().await?;
                let _h = Hold::new(&w.st.in_cond, 1, "condition lock", &w.st);
                w.cond_flag.set(true);
                if rng.chance(50) {
                    w.cond.notify_all().unwrap();
                } else {
                    w.cond.notify(1 + rng.below(2) as usize).unwrap();
                }
            }
            _ => {
                let qi = rng.below(3) as usize;
                let v = w.next_item.get();
                w.next_item.set(v + 1);
                if w.queues[qi].try_put(v).is_ok() {
                    bump(&w.st.put[qi]);
                }
            }
        }
    }
    Ok(())
}

/// FIFO check for Lock and Semaphore (asyncio's are strictly FIFO since
/// 3.11.1): a task that has to queue takes a ticket before it asks; tickets
/// must then be served in increasing order. A waiter that is cancelled just
/// drops out of the order.
fn take_ticket(will_queue: bool, fifo: &Fifo) -> Option<u64> {
    will_queue.then(|| {
        bump(&fifo.next);
        fifo.next.get()
    })
}

fn served(ticket: Option<u64>, fifo: &Fifo, what: &str, st: &Stats) {
    if let Some(t) = ticket {
        if t <= fifo.last.get() {
            st.violation(format!(
                "{what}: ticket {t} served after ticket {} (not FIFO) at {}",
                fifo.last.get(),
                looplab_core::now()
            ));
        }
        fifo.last.set(t);
        bump(&fifo.served);
    }
}

async fn lock_fifo(w: &World) -> Result<looplab_core::LockGuard, looplab_core::Cancelled> {
    let ticket = take_ticket(w.lock.locked() || w.lock.waiters() > 0, &w.st.lock_fifo);
    let g = w.lock.acquire().await?;
    served(ticket, &w.st.lock_fifo, "lock", &w.st);
    Ok(g)
}

async fn sem_fifo(
    w: &World,
    bounded: bool,
) -> Result<looplab_core::SemaphorePermit, looplab_core::Cancelled> {
    let (sem, fifo, what) = if bounded {
        (&w.bsem, &w.st.bsem_fifo, "bounded semaphore")
    } else {
        (&w.sem, &w.st.sem_fifo, "semaphore")
    };
    let ticket = take_ticket(sem.locked(), fifo);
    let p = sem.acquire().await?;
    served(ticket, fifo, what, &w.st);
    Ok(p)
}

/// The `finally` part: may await, and ignores a second cancellation.
async fn cleanup(w: &World, rng: &mut Rng) {
    match rng.below(6) {
        0 => {}
        1 | 2 => {
            let _ = sleep(rng.ms(3)).await;
        }
        3 => {
            if let Ok(_g) = lock_fifo(w).await {
                let _h = Hold::new(&w.st.in_lock, 1, "lock (cleanup)", &w.st);
                let _ = sleep(rng.ms(1)).await;
            }
        }
        4 => {
            if let Ok(_p) = sem_fifo(w, false).await {
                let _h = Hold::new(&w.st.in_sem, w.sem_n, "semaphore (cleanup)", &w.st);
                let _ = yield_now().await;
            }
        }
        _ => {
            let _ = w.rl.acquire(1.0).await;
        }
    }
}

async fn canceller(w: Rc<World>, mut rng: Rng) -> Result<u64, Error> {
    let rounds = 1 + rng.below(6);
    let mut sent = 0;
    for _ in 0..rounds {
        sleep(rng.ms(40)).await?;
        let ids = w.ids.borrow().clone();
        if ids.is_empty() {
            continue;
        }
        // Half the time, aim at tasks that are waiting on something.
        let waiting: Vec<TaskId> = ids
            .iter()
            .copied()
            .filter(|&id| {
                Handle::current()
                    .task(id)
                    .is_some_and(|t| t.state == looplab_core::TaskState::Waiting)
            })
            .collect();
        let pool = if !waiting.is_empty() && rng.chance(50) {
            waiting
        } else {
            ids
        };
        let burst = 1 + rng.below(3);
        for _ in 0..burst {
            let id = pool[rng.below(pool.len() as u64) as usize];
            let msg = rng.chance(30).then(|| Rc::from("storm"));
            if Handle::current().cancel(id, msg) {
                sent += 1;
            }
            if rng.chance(20) {
                Handle::current().cancel(id, None);
            }
        }
        if rng.chance(30) {
            yield_now().await?;
        }
    }
    Ok(sent)
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

fn op(w: Rc<World>, mut rng: Rng, depth: u32) -> BoxFut {
    Box::pin(async move {
        let kind = loop {
            let k = match w.focus {
                Some(f) if rng.chance(60) => f,
                _ => rng.below(OPS.len() as u64) as usize,
            };
            if depth < MAX_DEPTH || !NESTING.contains(&k) {
                break k;
            }
        };
        bump(&w.st.ops[kind]);
        let r = run_op(&w, kind, &mut rng, depth).await;
        if matches!(&r, Err(e) if e.is_cancelled()) {
            bump(&w.st.cancelled[kind]);
        }
        r
    })
}

fn children(w: &Rc<World>, rng: &mut Rng, depth: u32) -> Vec<JoinHandle<u64, Error>> {
    (0..1 + rng.below(3))
        .map(|_| {
            let fail = rng.chance(15);
            spawn_task(w, rng.fork(), depth + 1, Kind::Worker { fail })
        })
        .collect()
}

/// Keeps a cancellation; anything else (a child's failure, a timeout) is
/// part of the storm and is let go.
fn only_cancel(r: Result<(), Error>) -> Result<(), Error> {
    match r {
        Err(e) if e.is_cancelled() => Err(e),
        _ => Ok(()),
    }
}

async fn run_op(w: &Rc<World>, kind: usize, rng: &mut Rng, depth: u32) -> Result<(), Error> {
    let st = &w.st;
    match OPS[kind] {
        "sleep" => sleep(rng.ms(20)).await?,
        "semaphore" => {
            let _p = sem_fifo(w, false).await?;
            let _h = Hold::new(&st.in_sem, w.sem_n, "semaphore", st);
            sleep(rng.ms(10)).await?;
        }
        "bounded_semaphore" => {
            let permit = if rng.chance(30) {
                match w.bsem.try_acquire() {
                    Some(p) => p,
                    None => return Ok(()),
                }
            } else {
                sem_fifo(w, true).await?
            };
            let _h = Hold::new(&st.in_bsem, w.bsem_n, "bounded semaphore", st);
            sleep(rng.ms(10)).await?;
            drop(permit);
        }
        "lock" => {
            let _g = lock_fifo(w).await?;
            let _h = Hold::new(&st.in_lock, 1, "lock", st);
            if w.lock.holder() != current_task() {
                st.violation(format!("lock holder {:?} is not me", w.lock.holder()));
            }
            sleep(rng.ms(10)).await?;
        }
        "event_wait" => {
            if rng.chance(50) {
                w.ev.wait().await?;
            } else {
                let r = wait_for(Some(rng.ms(20)), async {
                    w.ev.wait().await.map_err(Error::from)
                })
                .await;
                if let Ok(r) = r {
                    r?;
                }
            }
        }
        "event_set" => {
            sleep(rng.ms(5)).await?;
            w.ev.set();
            if rng.chance(40) {
                sleep(rng.ms(5)).await?;
                w.ev.clear();
            }
        }
        "condition_wait" => {
            let _g = w.cond.acquire().await?;
            drop(Hold::new(&st.in_cond, 1, "condition lock", st));
            let r = w.cond.wait_for(|| w.cond_flag.get()).await;
            if !w.cond.locked() {
                st.violation("condition wait returned without the lock".into());
            }
            let _h = Hold::new(&st.in_cond, 1, "condition lock (after wait)", st);
            match r {
                Ok(()) => w.cond_flag.set(false),
                Err(ConditionError::Cancelled(c)) => return Err(c.into()),
                Err(ConditionError::NotAcquired) => {
                    st.violation("condition wait: not acquired".into())
                }
            }
        }
        "condition_notify" => {
            let _g = w.cond.acquire().await?;
            let _h = Hold::new(&st.in_cond, 1, "condition lock", st);
            w.cond_flag.set(true);
            w.cond.notify(1 + rng.below(2) as usize).unwrap();
        }
        "queue_put" => {
            let qi = rng.below(3) as usize;
            let v = w.next_item.get();
            w.next_item.set(v + 1);
            if rng.chance(25) {
                if w.queues[qi].try_put(v).is_ok() {
                    bump(&st.put[qi]);
                }
            } else {
                match w.queues[qi].put(v).await {
                    Ok(()) => bump(&st.put[qi]),
                    Err(PutError::Cancelled(item, c)) => {
                        if item != v {
                            st.violation(format!("cancelled put handed back {item}, not {v}"));
                        }
                        return Err(c.into());
                    }
                    Err(PutError::ShutDown(_)) => {}
                }
            }
        }
        "queue_get" => {
            let qi = rng.below(3) as usize;
            let q = &w.queues[qi];
            if rng.chance(25) {
                match q.try_get() {
                    Ok(_) => {
                        bump(&st.got[qi]);
                        q.task_done().unwrap();
                        bump(&st.done[qi]);
                    }
                    Err(TryGetError::Empty | TryGetError::ShutDown) => {}
                }
                return Ok(());
            }
            match q.get().await {
                Ok(_) => bump(&st.got[qi]),
                Err(GetError::Cancelled(c)) => return Err(c.into()),
                Err(GetError::ShutDown) => return Ok(()),
            }
            // Process the item; `task_done` in a `finally` most of the time.
            let finally = rng.chance(70);
            let r = sleep(rng.ms(5)).await;
            if r.is_ok() || finally {
                match q.task_done() {
                    Ok(()) => bump(&st.done[qi]),
                    Err(_) => st.violation("task_done called too many times".into()),
                }
            }
            r?;
        }
        "queue_join" => {
            let q = &w.queues[rng.below(3) as usize];
            if rng.chance(50) {
                q.join().await?;
            } else if let Ok(r) = wait_for(Some(rng.ms(20)), async {
                q.join().await.map_err(Error::from)
            })
            .await
            {
                r?;
            }
        }
        "rate_limiter" => {
            let n = if w.rl_burst >= 2.0 && rng.chance(30) {
                2.0
            } else {
                1.0
            };
            match w.rl.acquire(n).await {
                Ok(()) => {}
                Err(RateLimiterError::Cancelled(c)) => return Err(c.into()),
                Err(RateLimiterError::ExceedsBurst) => {
                    st.violation(format!("{n} tokens exceed burst {}", w.rl_burst))
                }
            }
        }
        "pool" => {
            let c = match w.pool.checkout().await {
                Ok(c) => c,
                Err(PoolError::Cancelled(c)) => return Err(c.into()),
                Err(PoolError::Factory(e)) => return only_cancel(Err(e)),
                Err(PoolError::Closed) => return Ok(()),
            };
            let _h = Hold::new(&st.in_pool, w.pool_max, "pool checkout", st);
            if w.pool.size() > w.pool_max {
                st.violation(format!("pool size {} > max {}", w.pool.size(), w.pool_max));
            }
            sleep(rng.ms(10)).await?;
            if rng.chance(10) {
                drop(c.detach());
            }
        }
        "stream" => {
            let ws = w.clone();
            let k = rng.below(5);
            let mut s: Stream<u64> = Stream::new(move |y| async move {
                bump(&ws.st.producers_started);
                let body = async {
                    for i in 0..k {
                        sleep(Duration::from_millis(10)).await?;
                        y.yield_(i).await?;
                    }
                    Ok::<_, Error>(())
                }
                .await;
                bump(&ws.st.producers_cleaned);
                let _ = sleep(Duration::from_millis(10)).await;
                body
            });
            let take = rng.below(6);
            let r = async {
                for _ in 0..take {
                    match s.next().await {
                        Some(Ok(_)) => {}
                        Some(Err(e)) => return Err(e),
                        None => break,
                    }
                }
                Ok(())
            }
            .await;
            // finally: aclose()
            let closed = s.close().await;
            r?;
            only_cancel(closed)?;
        }
        "gather" => {
            let hs = children(w, rng, depth);
            if rng.chance(50) {
                only_cancel(gather(hs).await.map(|_| ()))?;
            } else {
                gather_settled(hs).await?;
            }
        }
        "task_group" => {
            let w2 = w.clone();
            let mut r2 = rng.fork();
            let r = task_group(|tg| async move {
                for _ in 0..1 + r2.below(3) {
                    let fail = r2.chance(15);
                    let child = counted(w2.clone(), r2.fork(), depth + 1, Kind::Worker { fail });
                    match tg.spawn_named(format!("tg-child.d{}", depth + 1), child) {
                        Ok(h) => w2.ids.borrow_mut().push(h.id()),
                        Err(_) => break,
                    }
                }
                sleep(r2.ms(5)).await?;
                Ok::<_, Error>(())
            })
            .await;
            match r {
                Ok(()) | Err(TaskGroupError::Failed(_)) => {}
                Err(TaskGroupError::Cancelled(e)) => return Err(e),
                Err(TaskGroupError::State(s)) => st.violation(format!("task group: {s}")),
            }
        }
        "timeout" => {
            let inner = op(w.clone(), rng.fork(), depth + 1);
            let limit = Some(rng.ms(15));
            let r = if rng.chance(50) {
                timeout(limit).run(inner).await
            } else {
                wait_for(limit, inner).await
            };
            if let Ok(r) = r {
                r?;
            }
        }
        "shield" => {
            let h = spawn_task(w, rng.fork(), depth + 1, Kind::Worker { fail: false });
            only_cancel(shield(h).await.map(|_| ()))?;
        }
        "retry" => {
            let policy = Backoff {
                attempts: 1 + rng.below(4) as u32,
                base: Duration::from_millis(10),
                factor: 2.0,
                max_delay: Duration::from_millis(40),
                jitter: 0.5,
                seed: rng.next(),
            };
            let succeed_at = rng.below(4) as u32;
            let r = retry(policy, |attempt| async move {
                sleep(Duration::from_millis(10)).await?;
                if attempt < succeed_at {
                    Err(Error::msg("flaky"))
                } else {
                    Ok(())
                }
            })
            .await;
            only_cancel(r)?;
        }
        "spawn_detached" => {
            let fail = rng.chance(20);
            drop(spawn_task(w, rng.fork(), depth + 1, Kind::Worker { fail }));
        }
        "as_completed" => {
            let hs = children(w, rng, depth);
            let mut it = as_completed(hs, Some(rng.ms(20)));
            loop {
                match it.next().await {
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    Err(looplab_core::AsCompletedError::Elapsed(_)) => break,
                    Err(looplab_core::AsCompletedError::Cancelled(c)) => return Err(c.into()),
                }
            }
        }
        "wait" => {
            let hs = children(w, rng, depth);
            let when = [
                ReturnWhen::FirstCompleted,
                ReturnWhen::FirstException,
                ReturnWhen::AllCompleted,
            ][rng.below(3) as usize];
            let (done, pending) = wait(hs, when, Some(rng.ms(20))).await?;
            for d in &done {
                if !d.is_finished() {
                    st.violation("wait: a task in `done` is not finished".into());
                }
            }
            if when == ReturnWhen::AllCompleted && !pending.is_empty() && done.is_empty() {
                // Timed out before anything finished: fine.
            }
        }
        "yield" => yield_now().await?,
        other => unreachable!("{other}"),
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// One scenario
// ---------------------------------------------------------------------------

async fn main_task(w: Rc<World>, mut rng: Rng) -> Result<(), Error> {
    if rng.chance(40) {
        let _ = w.pool.fill().await;
    }
    let n = 3 + rng.below(8);
    for _ in 0..n {
        let fail = rng.chance(10);
        drop(spawn_task(&w, rng.fork(), 0, Kind::Worker { fail }));
    }
    drop(spawn_task(&w, rng.fork(), 0, Kind::Pulser));
    for c in 0..1 + rng.below(2) {
        drop(spawn_named(
            format!("canceller{c}"),
            canceller(w.clone(), rng.fork()),
        ));
    }
    sleep(rng.ms(300)).await?;
    if rng.chance(25) {
        w.pool.close();
        w.pool_closed.set(true);
    }
    if rng.chance(20) {
        for q in &w.queues {
            q.shutdown(false);
        }
        w.queues_shut.set(true);
    }
    Ok(())
}

/// Checks that hold whenever the loop is idle: a wake-up is never lost.
/// (A waiter next to a free permit, an unlocked lock, an item, room in a
/// queue or an idle resource would have been woken and be runnable.)
fn quiescent_checks(w: &World, ctx: &str, checks: Checks) {
    let mut lost = vec![];
    if w.sem.available_permits() > 0 && w.sem.waiters() > 0 {
        lost.push("semaphore: a free permit and a waiter");
    }
    if w.bsem.available_permits() > 0 && w.bsem.waiters() > 0 {
        lost.push("bounded semaphore: a free permit and a waiter");
    }
    if !w.lock.locked() && w.lock.waiters() > 0 {
        lost.push("lock: free, yet a waiter");
    }
    if !w.cond.locked() && w.cond.lock().waiters() > 0 {
        lost.push("condition lock: free, yet a waiter");
    }
    for q in &w.queues {
        let (getters, putters) = q.waiters();
        if !q.is_empty() && getters > 0 {
            lost.push("queue: an item and a waiting getter");
        }
        if !q.is_full() && putters > 0 {
            lost.push("queue: room and a waiting putter");
        }
    }
    let pool_lost = checks.pool_liveness
        && w.pool.waiters() > 0
        && (w.pool.idle() > 0 || w.pool.size() < w.pool_max);
    assert!(
        lost.is_empty() && !pool_lost,
        "{ctx}: lost wake-up: {lost:?}; pool {:?} (max {}, closed {}){}",
        w.pool,
        w.pool_max,
        w.pool.is_closed(),
        if pool_lost {
            ": an idle resource or room, and a waiter"
        } else {
            ""
        }
    );
}

/// Checks that are off by default because they fail on a known core bug
/// (each has an ignored storm test that turns it on).
#[derive(Clone, Copy, Debug, Default)]
struct Checks {
    /// The pool's last traced state is its real final state.
    pool_trace: bool,
    /// No pool waiter next to an idle resource or room while the loop idles.
    pool_liveness: bool,
}

/// What one scenario left behind, for the cross-seed checks.
struct Outcome {
    trace: String,
    ops: Vec<u64>,
    cancelled: Vec<u64>,
    started: u64,
    swallowed: u64,
    queued_and_served: u64,
    end: u64,
}

fn scenario(seed: u64, checks: Checks) -> Outcome {
    let mut rng = Rng(seed);
    let clock = Rc::new(VirtualClock::new());
    let rt = Runtime::with_config(clock.clone(), Config::default());
    let world = {
        // Primitives register with the runtime that is current when made.
        let mut r = rng.fork();
        let slot: Rc<RefCell<Option<Rc<World>>>> = Rc::default();
        let s = slot.clone();
        rt.block_on(async move {
            *s.borrow_mut() = Some(Rc::new(World::new(&mut r)));
            Ok::<_, Error>(())
        })
        .unwrap()
        .unwrap();
        let w = slot.borrow_mut().take().unwrap();
        w
    };
    let w = world.clone();
    let main_rng = rng.fork();
    let ctx = format!("seed {seed}");
    // `asyncio.run`, driven by hand so that the world can be inspected
    // whenever the loop is idle (nothing runnable, waiting for a timer).
    let main = rt.spawn_named("main", main_task(w, main_rng));
    loop {
        match rt.tick(usize::MAX) {
            Tick::Busy => {}
            Tick::Sleeping(at) => {
                quiescent_checks(&world, &ctx, checks);
                if main.is_finished() {
                    break;
                }
                clock.advance_to(at);
            }
            Tick::Idle => {
                quiescent_checks(&world, &ctx, checks);
                assert!(main.is_finished(), "{ctx}: deadlock: {:?}", rt.tasks());
                break;
            }
        }
    }
    match main.result() {
        Some(Ok(())) => {}
        other => panic!("{ctx}: main ended with {other:?}"),
    }
    if let Err(e) = rt.shutdown() {
        panic!("{ctx}: shutdown: {e}");
    }
    let w = &world;
    let st = &w.st;

    // Everything finished.
    assert_eq!(rt.handle().live_tasks(), 0, "{ctx}: live tasks");
    assert!(rt.tasks().is_empty(), "{ctx}: tasks left: {:?}", rt.tasks());

    // Safety along the way.
    assert!(
        st.violations.borrow().is_empty(),
        "{ctx}: {:?}",
        st.violations.borrow()
    );

    // Every task that started ran its cleanup exactly once.
    assert_eq!(
        st.started.get(),
        st.cleaned.get(),
        "{ctx}: started vs cleaned"
    );
    assert_eq!(
        st.producers_started.get(),
        st.producers_cleaned.get(),
        "{ctx}: stream producers started vs cleaned up"
    );
    for (name, cell) in [
        ("sem", &st.in_sem),
        ("bsem", &st.in_bsem),
        ("lock", &st.in_lock),
        ("cond", &st.in_cond),
        ("pool", &st.in_pool),
    ] {
        assert_eq!(cell.get(), 0, "{ctx}: {name} still held");
    }

    // Semaphores: all permits back, nobody waiting.
    assert_eq!(
        w.sem.available_permits(),
        w.sem_n,
        "{ctx}: semaphore permits"
    );
    assert_eq!(w.sem.waiters(), 0, "{ctx}: semaphore waiters");
    assert!(!w.sem.locked(), "{ctx}: semaphore locked");
    assert_eq!(
        w.bsem.available_permits(),
        w.bsem_n,
        "{ctx}: bounded permits"
    );
    assert_eq!(w.bsem.waiters(), 0, "{ctx}: bounded waiters");
    assert!(
        w.bsem.release().is_err(),
        "{ctx}: bounded semaphore over its bound"
    );

    // Lock and condition: free, nobody waiting.
    assert!(!w.lock.locked(), "{ctx}: lock held");
    assert_eq!(w.lock.waiters(), 0, "{ctx}: lock waiters");
    assert_eq!(w.lock.holder(), None, "{ctx}: lock holder");
    assert!(!w.cond.locked(), "{ctx}: condition lock held");
    assert_eq!(w.cond.waiters(), 0, "{ctx}: condition waiters");

    // Queues: items put = items got + items left; unfinished = put - done.
    for (i, q) in w.queues.iter().enumerate() {
        let (put, got, done) = (st.put[i].get(), st.got[i].get(), st.done[i].get());
        assert_eq!(put, got + q.len() as u64, "{ctx}: queue {i} put/got/len");
        assert_eq!(
            q.unfinished() as u64,
            put - done,
            "{ctx}: queue {i} unfinished"
        );
        assert!(
            q.unfinished() >= q.len(),
            "{ctx}: queue {i} unfinished < len"
        );
        assert_eq!(q.waiters(), (0, 0), "{ctx}: queue {i} waiters");
        assert_eq!(
            q.is_shut_down(),
            w.queues_shut.get(),
            "{ctx}: queue {i} shutdown"
        );
    }

    // Pool: every resource accounted for.
    let live = w.factory.live.get();
    assert_eq!(w.pool.waiters(), 0, "{ctx}: pool waiters");
    assert!(w.pool.size() <= w.pool_max, "{ctx}: pool size > max");
    assert_eq!(w.pool.size(), w.pool.idle(), "{ctx}: pool size vs idle");
    assert_eq!(
        live,
        w.pool.size() as i64,
        "{ctx}: live connections vs pool size"
    );
    if w.pool_closed.get() {
        assert_eq!(w.pool.size(), 0, "{ctx}: closed pool still holds resources");
    }

    // The rate limiter never holds more than its burst.
    assert!(w.rl.tokens() <= w.rl_burst + 1e-9, "{ctx}: tokens > burst");

    // The trace: every task spawned finished exactly once, in order.
    let (trace, end) = {
        let trace = rt.trace();
        let mut spawned = BTreeMap::new();
        let mut done = BTreeMap::new();
        let mut last = (0u64, looplab_core::Instant::ZERO);
        for (i, e) in trace.events().iter().enumerate() {
            assert!(
                i == 0 || (e.seq > last.0 && e.at >= last.1),
                "{ctx}: trace out of order at {i}"
            );
            last = (e.seq, e.at);
            match &e.kind {
                EventKind::TaskSpawned { task, .. } => *spawned.entry(*task).or_insert(0) += 1,
                EventKind::TaskDone { task, .. } => *done.entry(*task).or_insert(0) += 1,
                _ => {}
            }
        }
        assert_eq!(trace.dropped(), 0, "{ctx}: trace dropped events");
        // The last recorded state of each primitive is its real final state:
        // a view reading the trace must not show waiters that have left.
        let mut names = BTreeMap::new();
        let mut last_state = BTreeMap::new();
        for e in trace.events() {
            match &e.kind {
                EventKind::ResourceCreated { resource, name, .. } => {
                    names.insert(*resource, name.to_string());
                }
                EventKind::ResourceState { resource, state } => {
                    last_state.insert(names[resource].clone(), state.clone());
                }
                _ => {}
            }
        }
        let stale = RefCell::new(Vec::new());
        let expect = |name: &str, want: ResourceState| {
            // A primitive never used may have no state recorded.
            let Some(mut got_cmp) = last_state.get(name).cloned() else {
                return;
            };
            // Compare only the fields this kind reports.
            if want.tokens.is_none() {
                got_cmp.tokens = None;
            }
            if want.holder.is_none() {
                got_cmp.holder = None;
            }
            if got_cmp != want {
                stale
                    .borrow_mut()
                    .push(format!("{name}: traced {got_cmp:?}, real {want:?}"));
            }
        };
        let sem_state = |n: usize| ResourceState {
            permits: Some(n as u64),
            waiters: 0,
            ..Default::default()
        };
        expect("sem", sem_state(w.sem_n));
        expect("bsem", sem_state(w.bsem_n));
        expect(
            "lock",
            ResourceState {
                flag: Some(false),
                ..Default::default()
            },
        );
        expect("cond", ResourceState::default());
        expect(
            "event",
            ResourceState {
                flag: Some(w.ev.is_set()),
                ..Default::default()
            },
        );
        for (name, q) in ["fifo", "lifo", "prio"].iter().zip(&w.queues) {
            expect(
                name,
                ResourceState {
                    len: Some(q.len() as u64),
                    unfinished: Some(q.unfinished() as u64),
                    flag: Some(q.is_shut_down()),
                    ..Default::default()
                },
            );
        }
        if checks.pool_trace {
            expect(
                "conns",
                ResourceState {
                    permits: Some(w.pool.idle() as u64),
                    len: Some(0),
                    flag: Some(w.pool.is_closed()),
                    ..Default::default()
                },
            );
        }
        let stale = stale.into_inner();
        assert!(stale.is_empty(), "{ctx}: stale traced states: {stale:#?}");
        assert!(spawned.values().all(|&n| n == 1), "{ctx}: spawned twice");
        assert_eq!(spawned, done, "{ctx}: spawned vs done");
        (trace.to_json_lines(), rt.now().as_nanos())
    };

    // Probe: every primitive still works as new.
    let w2 = world.clone();
    let probe = rt.block_on(async move {
        let w = w2;
        // Rate limiter: after a long rest, a full burst is there at once.
        sleep(Duration::from_secs(100)).await?;
        let t0 = looplab_core::now();
        w.rl.acquire(w.rl_burst)
            .await
            .map_err(|e| Error::msg(e.to_string()))?;
        if looplab_core::now() != t0 {
            return Err(Error::msg("rate limiter: a full bucket made us wait"));
        }
        let t1 = looplab_core::now();
        w.rl.acquire(1.0)
            .await
            .map_err(|e| Error::msg(e.to_string()))?;
        let waited = (looplab_core::now() - t1).as_secs_f64();
        if (waited - 1.0 / w.rl_rate).abs() > 1e-6 {
            return Err(Error::msg(format!("rate limiter: waited {waited}")));
        }
        // Semaphores: every permit can be taken at once.
        let permits: Vec<_> = (0..w.sem_n).map(|_| w.sem.try_acquire()).collect();
        if permits.iter().any(Option::is_none) || w.sem.try_acquire().is_some() {
            return Err(Error::msg("semaphore permits wrong"));
        }
        drop(permits);
        let bpermits: Vec<_> = (0..w.bsem_n).map(|_| w.bsem.try_acquire()).collect();
        if bpermits.iter().any(Option::is_none) {
            return Err(Error::msg("bounded semaphore permits wrong"));
        }
        drop(bpermits);
        // Lock and condition lock are free.
        if w.lock.try_acquire().is_none() || w.cond.lock().try_acquire().is_none() {
            return Err(Error::msg("lock not free"));
        }
        // Queues hold exactly what the counts say.
        for q in &w.queues {
            let before = q.len();
            let mut n = 0;
            while q.try_get().is_ok() {
                n += 1;
            }
            if n != before || !q.is_empty() || q.waiters() != (0, 0) {
                return Err(Error::msg(format!(
                    "queue drain: {n} items, len was {before}"
                )));
            }
        }
        // Pool: `max` concurrent checkouts all succeed (or all see Closed).
        if !w.pool_closed.get() {
            let hs: Vec<_> = (0..w.pool_max)
                .map(|_| {
                    let p = w.pool.clone();
                    spawn(async move {
                        // Retry factory failures (every 7th call fails).
                        loop {
                            match p.checkout().await {
                                Ok(c) => {
                                    sleep(Duration::from_millis(100)).await?;
                                    drop(c);
                                    return Ok::<_, Error>(());
                                }
                                Err(PoolError::Factory(_)) => continue,
                                Err(e) => return Err(Error::msg(e.to_string())),
                            }
                        }
                    })
                })
                .collect();
            gather(hs).await?;
            if w.pool.size() > w.pool_max || w.pool.size() != w.pool.idle() {
                return Err(Error::msg("pool after probe"));
            }
        }
        Ok::<_, Error>(())
    });
    match probe {
        Ok(Ok(())) => {}
        other => panic!("{ctx}: probe failed: {other:?}"),
    }

    Outcome {
        trace,
        ops: st.ops.iter().map(Cell::get).collect(),
        cancelled: st.cancelled.iter().map(Cell::get).collect(),
        started: st.started.get(),
        swallowed: st.swallowed.get(),
        queued_and_served: st.lock_fifo.served.get()
            + st.sem_fifo.served.get()
            + st.bsem_fifo.served.get(),
        end,
    }
}

fn storm(seeds: std::ops::Range<u64>) {
    storm_with(seeds, Checks::default());
}

fn storm_with(seeds: std::ops::Range<u64>, checks: Checks) {
    let mut ops = vec![0u64; OPS.len()];
    let mut cancelled = vec![0u64; OPS.len()];
    let (mut started, mut swallowed, mut fifo_served) = (0, 0, 0);
    for seed in seeds.clone() {
        let o = scenario(seed, checks);
        for i in 0..OPS.len() {
            ops[i] += o.ops[i];
            cancelled[i] += o.cancelled[i];
        }
        started += o.started;
        swallowed += o.swallowed;
        fifo_served += o.queued_and_served;
        assert!(o.end > 0);
    }
    // The storm must really exercise every primitive and cancel inside each
    // one that can wait; otherwise the invariants above prove little.
    for (i, name) in OPS.iter().enumerate() {
        assert!(ops[i] > 0, "seeds {seeds:?}: op {name} never ran");
        let can_block = !matches!(
            *name,
            "spawn_detached" | "event_set" | "condition_notify" | "yield"
        );
        if can_block {
            assert!(
                cancelled[i] > 0,
                "seeds {seeds:?}: op {name} was never cancelled ({} runs)",
                ops[i]
            );
        }
    }
    assert!(started > 10 * (seeds.end - seeds.start));
    assert!(swallowed > 0);
    // Plenty of lock/semaphore acquisitions had to queue and were checked
    // for FIFO order.
    assert!(
        fifo_served > 2 * (seeds.end - seeds.start),
        "only {fifo_served} queued acquisitions"
    );
}

#[test]
fn storm_seeds_0_to_750() {
    storm(0..750);
}

#[test]
fn storm_seeds_750_to_1500() {
    storm(750..1500);
}

#[test]
fn storm_seeds_1500_to_2250() {
    storm(1500..2250);
}

#[test]
fn storm_seeds_2250_to_3000() {
    storm(2250..3000);
}

/// The storm again, also requiring the pool's last traced state to be its
/// real final state (the other primitives are checked in every storm).
#[test]
fn storm_traced_pool_state_is_final() {
    storm_with(
        0..750,
        Checks {
            pool_trace: true,
            ..Checks::default()
        },
    );
}

/// The storm again, also requiring that the pool never leaves a task
/// waiting next to an idle resource (or room to make one) while the loop is
/// idle; the other primitives are checked for lost wake-ups in every storm.
#[test]
fn storm_pool_never_leaves_a_waiter_next_to_an_idle_resource() {
    storm_with(
        0..3000,
        Checks {
            pool_liveness: true,
            ..Checks::default()
        },
    );
}

/// The same seed gives a byte-identical trace; another seed a different
/// one.
#[test]
fn the_same_seed_gives_the_same_trace() {
    for seed in [0u64, 1, 7, 42, 1234, 99_999, u64::MAX] {
        let a = scenario(seed, Checks::default());
        let b = scenario(seed, Checks::default());
        assert!(a.trace == b.trace, "seed {seed}: traces differ");
        assert_eq!(a.end, b.end);
        let c = scenario(seed.wrapping_add(1), Checks::default());
        assert!(
            a.trace != c.trace,
            "seeds {seed} and +1 gave the same trace"
        );
    }
}

// ---------------------------------------------------------------------------
// Same-instant collisions, distilled
//
// The storm's most dangerous moments are a wake-up and a cancellation
// landing in the same step. These directed tests pin each one down, with
// the CPython 3.12.1 result (3.11.7 and 3.13.0 agree unless noted) of the equivalent program on a
// `looptime` loop; the shared shape is:
//
// ```python
// async def waiter(name):
//     try:
//         async with prim:   # or q.get() / q.put(name)
//             log.append((name, loop.time())); await asyncio.sleep(1)
//     except asyncio.CancelledError:
//         log.append((name + ' cancelled', loop.time())); raise
// # main holds prim; spawns w1, w2, w3; sleeps 1; then in ONE step:
// ts[1].cancel(); prim.release()
// ```
// ---------------------------------------------------------------------------

type Log = Rc<RefCell<Vec<String>>>;

fn note(log: &Log, what: impl std::fmt::Display) {
    log.borrow_mut()
        .push(format!("{what} {}", looplab_core::now()));
}

/// Lock: cancelling a queued waiter and releasing in the same step must not
/// wake a second waiter while the first woken one is still to run.
///
/// CPython: `[('w2 cancelled', 1.0), ('w1', 1.0), ('w3', 2.0)] max holders 1`
/// (`asyncio.Lock`, from test_locks.py's cancellation-race family).
#[test]
fn lock_release_and_cancel_of_a_queued_waiter_in_one_step() {
    let rt = Runtime::new_virtual();
    let log: Log = Rc::default();
    let holders = Rc::new(Cell::new(0usize));
    let max = Rc::new(Cell::new(0usize));
    let (l, h, m) = (log.clone(), holders.clone(), max.clone());
    rt.block_on(async move {
        let lock = Lock::new();
        let g = lock.acquire().await?;
        let ts: Vec<_> = ["w1", "w2", "w3"]
            .into_iter()
            .map(|name| {
                let (lock, l, h, m) = (lock.clone(), l.clone(), h.clone(), m.clone());
                spawn_named(name, async move {
                    let _g = match lock.acquire().await {
                        Ok(g) => g,
                        Err(c) => {
                            note(&l, format!("{name} cancelled"));
                            return Err(Error::from(c));
                        }
                    };
                    h.set(h.get() + 1);
                    m.set(m.get().max(h.get()));
                    note(&l, name);
                    let r = sleep(Duration::from_secs(1)).await;
                    h.set(h.get() - 1);
                    r?;
                    Ok::<_, Error>(0u64)
                })
            })
            .collect();
        sleep(Duration::from_secs(1)).await?;
        ts[1].cancel(None);
        drop(g);
        gather_settled(ts).await?;
        assert!(!lock.locked());
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        vec!["w2 cancelled 1.000s", "w1 1.000s", "w3 2.000s"]
    );
    assert_eq!(max.get(), 1);
}

/// Semaphore(1): the same race.
///
/// CPython: `[('w2 cancelled', 1.0), ('w1', 1.0), ('w3', 2.0)]`, value 1 at
/// the end.
#[test]
fn semaphore_release_and_cancel_of_a_queued_waiter_in_one_step() {
    let rt = Runtime::new_virtual();
    let log: Log = Rc::default();
    let l = log.clone();
    rt.block_on(async move {
        let sem = Semaphore::new(1);
        let p = sem.acquire().await?;
        let ts: Vec<_> = ["w1", "w2", "w3"]
            .into_iter()
            .map(|name| {
                let (sem, l) = (sem.clone(), l.clone());
                spawn_named(name, async move {
                    let _p = match sem.acquire().await {
                        Ok(p) => p,
                        Err(c) => {
                            note(&l, format!("{name} cancelled"));
                            return Err(Error::from(c));
                        }
                    };
                    note(&l, name);
                    sleep(Duration::from_secs(1)).await?;
                    Ok::<_, Error>(0u64)
                })
            })
            .collect();
        sleep(Duration::from_secs(1)).await?;
        ts[1].cancel(None);
        drop(p);
        gather_settled(ts).await?;
        assert_eq!(sem.available_permits(), 1);
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        vec!["w2 cancelled 1.000s", "w1 1.000s", "w3 2.000s"]
    );
}

fn getters(q: &Queue<u64>, names: &[&'static str], log: &Log) -> Vec<JoinHandle<u64, Error>> {
    names
        .iter()
        .map(|&name| {
            let (q, l) = (q.clone(), log.clone());
            spawn_named(name, async move {
                match q.get().await {
                    Ok(v) => {
                        note(&l, format!("{name} got {v}"));
                        Ok(v)
                    }
                    Err(e) => {
                        note(&l, format!("{name} cancelled"));
                        Err(Error::msg(e.to_string()))
                    }
                }
            })
        })
        .collect()
}

/// Queue get: cancel a queued getter and put an item in the same step; and
/// put an item then cancel the getter it woke, in the same step.
///
/// CPython:
/// - cancel g2, then `put_nowait('a')`; later `put_nowait('b')`:
///   `[('g2 cancelled', 1.0), ('g1', 'a', 1.0), ('g3', 'b', 2.0)]`, qsize 0
/// - `put_nowait('a')`, then cancel g1 (the getter it woke):
///   `[('g1 cancelled', 1.0), ('g2', 'a', 1.0)]`, qsize 0
#[test]
fn queue_get_wake_and_cancel_in_one_step() {
    let rt = Runtime::new_virtual();
    let log: Log = Rc::default();
    let l = log.clone();
    rt.block_on(async move {
        let q: Queue<u64> = Queue::new(0);
        let ts = getters(&q, &["g1", "g2", "g3"], &l);
        sleep(Duration::from_secs(1)).await?;
        ts[1].cancel(None);
        q.try_put(1).unwrap();
        sleep(Duration::from_secs(1)).await?;
        q.try_put(2).unwrap();
        gather_settled(ts).await?;
        assert_eq!((q.len(), q.waiters()), (0, (0, 0)));

        let ts = getters(&q, &["h1", "h2"], &l);
        sleep(Duration::from_secs(1)).await?;
        q.try_put(3).unwrap();
        ts[0].cancel(None);
        gather_settled(ts).await?;
        assert_eq!((q.len(), q.waiters()), (0, (0, 0)));
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        vec![
            "g2 cancelled 1.000s",
            "g1 got 1 1.000s",
            "g3 got 2 2.000s",
            "h1 cancelled 3.000s",
            "h2 got 3 3.000s",
        ]
    );
}

/// Queue put on a full queue: cancel a queued putter and make room in the
/// same step; and make room then cancel the putter it woke.
///
/// CPython (`Queue(1)` holding `'x'`):
/// - cancel p2, then `get_nowait()`; later `get_nowait()` again:
///   `[('got','x'), ('p2 cancelled',1.0), ('p1',1.0), ('got','p1'), ('p3',2.0)]`,
///   left `['p3']`
/// - `get_nowait()`, then cancel p1 (the putter it woke):
///   `[('got','x'), ('p1 cancelled',1.0), ('p2',1.0)]`, left `['p2']`
#[test]
fn queue_put_wake_and_cancel_in_one_step() {
    let rt = Runtime::new_virtual();
    let log: Log = Rc::default();
    let l = log.clone();
    let putters = |q: &Queue<u64>, names: &[(&'static str, u64)], l: &Log| -> Vec<_> {
        names
            .iter()
            .map(|&(name, v)| {
                let (q, l) = (q.clone(), l.clone());
                spawn_named(name, async move {
                    match q.put(v).await {
                        Ok(()) => {
                            note(&l, name);
                            Ok(v)
                        }
                        Err(e) => {
                            note(&l, format!("{name} cancelled"));
                            Err(Error::msg(e.to_string()))
                        }
                    }
                })
            })
            .collect()
    };
    rt.block_on(async move {
        let q: Queue<u64> = Queue::new(1);
        q.try_put(0).unwrap();
        let ts = putters(&q, &[("p1", 1), ("p2", 2), ("p3", 3)], &l);
        sleep(Duration::from_secs(1)).await?;
        ts[1].cancel(None);
        note(&l, format!("got {}", q.try_get().unwrap()));
        sleep(Duration::from_secs(1)).await?;
        note(&l, format!("got {}", q.try_get().unwrap()));
        gather_settled(ts).await?;
        note(&l, format!("left {:?}", q.try_get().ok()));

        q.try_put(0).unwrap();
        let ts = putters(&q, &[("r1", 1), ("r2", 2)], &l);
        sleep(Duration::from_secs(1)).await?;
        note(&l, format!("got {}", q.try_get().unwrap()));
        ts[0].cancel(None);
        gather_settled(ts).await?;
        note(&l, format!("left {:?}", q.try_get().ok()));
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        vec![
            "got 0 1.000s",
            "p2 cancelled 1.000s",
            "p1 1.000s",
            "got 1 2.000s",
            "p3 2.000s",
            "left Some(3) 2.000s",
            "got 0 3.000s",
            "r1 cancelled 3.000s",
            "r2 3.000s",
            "left Some(2) 3.000s",
        ]
    );
}

/// Condition: a waiter notified and cancelled in the same step re-takes the
/// lock before its cancellation comes out, and passes the notification on
/// (gh-112202): the notified-then-cancelled c1 wakes c2 at once, and the
/// next `notify(1)` wakes c3. This is CPython 3.13 behaviour, adopted on
/// purpose by core (3.12's `Condition.wait` drops the notification:
/// 3.12.1 prints `[('c1 cancelled', 1.0, True), ('c2', 2.0)]`, 1 waiter
/// left).
///
/// CPython 3.13.0: `[('c1 cancelled', 1.0, True), ('c2', 1.0), ('c3', 2.0)]`,
/// 0 waiters left.
#[test]
fn condition_notify_and_cancel_in_one_step() {
    let rt = Runtime::new_virtual();
    let log: Log = Rc::default();
    let l = log.clone();
    rt.block_on(async move {
        let c = Condition::new();
        let ts: Vec<_> = ["c1", "c2", "c3"]
            .into_iter()
            .map(|name| {
                let (c, l) = (c.clone(), l.clone());
                spawn_named(name, async move {
                    let _g = c.acquire().await?;
                    match c.wait().await {
                        Ok(()) => note(&l, name),
                        Err(ConditionError::Cancelled(x)) => {
                            note(&l, format!("{name} cancelled locked={}", c.locked()));
                            return Err(Error::from(x));
                        }
                        Err(e) => return Err(Error::msg(e.to_string())),
                    }
                    Ok::<_, Error>(0u64)
                })
            })
            .collect();
        sleep(Duration::from_secs(1)).await?;
        {
            let _g = c.acquire().await?;
            c.notify(1).unwrap();
            ts[0].cancel(None);
        }
        sleep(Duration::from_secs(1)).await?;
        {
            let _g = c.acquire().await?;
            c.notify(1).unwrap();
        }
        sleep(Duration::from_secs(1)).await?;
        note(&l, format!("waiters {}", c.waiters()));
        for t in &ts {
            t.cancel(None);
        }
        gather_settled(ts).await?;
        assert!(!c.locked());
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        vec![
            "c1 cancelled locked=true 1.000s",
            "c2 1.000s",
            "c3 2.000s",
            "waiters 0 3.000s",
        ]
    );
}
