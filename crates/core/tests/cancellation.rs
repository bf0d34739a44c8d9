//! Cancellation as asyncio means it: delivered at the next suspension point,
//! observable, with awaited cleanup, swallowable, and forwarded to what the
//! task awaits.

use looplab_core::{sleep, spawn, yield_now, Error, Handle, Runtime, TaskState};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

#[test]
fn cancel_is_delivered_at_the_await_and_cleanup_may_await() {
    let rt = Runtime::new_virtual();
    let log = Rc::new(RefCell::new(Vec::<String>::new()));
    let l = log.clone();
    let out = rt.block_on(async move {
        let l2 = l.clone();
        let worker = spawn(async move {
            match sleep(secs(10.0)).await {
                Ok(()) => l2.borrow_mut().push("finished".into()),
                Err(c) => {
                    l2.borrow_mut()
                        .push(format!("cancelled at {}", looplab_core::now()));
                    sleep(secs(0.5)).await?; // cleanup that awaits
                    l2.borrow_mut()
                        .push(format!("cleanup done at {}", looplab_core::now()));
                    return Err(Error::from(c));
                }
            }
            Ok::<_, Error>(())
        });
        sleep(secs(1.0)).await?;
        assert!(worker.cancel(Some("stop")));
        let r = worker.clone().await;
        l.borrow_mut().push(format!(
            "joined at {}: {:?}",
            looplab_core::now(),
            r.is_err()
        ));
        Ok::<_, Error>(worker.state())
    });
    assert_eq!(out, Ok(Ok(TaskState::Cancelled)));
    assert_eq!(
        *log.borrow(),
        vec![
            "cancelled at 1.000s",
            "cleanup done at 1.500s",
            "joined at 1.500s: true"
        ]
    );
}

#[test]
fn a_swallowed_cancel_lets_the_task_finish_with_a_value() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let t = spawn(async {
            if sleep(secs(5.0)).await.is_err() {
                sleep(secs(1.0)).await?;
                return Ok::<_, Error>("swallowed");
            }
            Ok("slept")
        });
        yield_now().await?;
        t.cancel(None);
        let v = t.clone().await?;
        Ok::<_, Error>((v, t.cancelling()))
    });
    // CPython 3.11: "swallowed 1 False" (the request count survives the task).
    assert_eq!(out, Ok(Ok(("swallowed", 1))));
    assert_eq!(rt.now().as_secs_f64(), 1.0);
}

#[test]
fn cancelling_a_task_that_awaits_a_task_cancels_the_inner_one() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let inner = spawn(async {
            sleep(secs(10.0)).await?;
            Ok::<_, Error>(1)
        });
        let i2 = inner.clone();
        let outer = spawn(i2);
        sleep(secs(1.0)).await?;
        outer.cancel(None);
        let r = outer.clone().await;
        Ok::<_, Error>((r.is_err(), inner.state(), outer.state()))
    });
    assert_eq!(
        out,
        Ok(Ok((true, TaskState::Cancelled, TaskState::Cancelled)))
    );
    assert_eq!(rt.now().as_secs_f64(), 1.0);
}

#[test]
fn a_task_cancelled_before_it_starts_never_runs() {
    let rt = Runtime::new_virtual();
    let ran = Rc::new(RefCell::new(false));
    let r2 = ran.clone();
    let out = rt.block_on(async move {
        let t = spawn(async move {
            *r2.borrow_mut() = true;
            Ok::<_, Error>(())
        });
        t.cancel(None);
        let r = t.clone().await;
        Ok::<_, Error>(r.is_err() && t.is_cancelled())
    });
    assert_eq!(out, Ok(Ok(true)));
    assert!(!*ran.borrow());
}

#[test]
fn self_cancel_is_delivered_at_the_next_suspension() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let me = looplab_core::current_task().ok_or(Error::msg("no task"))?;
        Handle::current().cancel(me, None);
        let first = sleep(secs(1.0)).await;
        let second = sleep(secs(1.0)).await;
        Ok::<_, Error>((first.is_err(), second.is_ok()))
    });
    assert_eq!(out, Ok(Ok((true, true))));
    assert_eq!(rt.now().as_secs_f64(), 1.0);
}
