use crate::error::TaskError;
use crate::timer::sleep;
use std::future::Future;
use std::time::Duration;

/// How [`retry`] spaces its attempts: exponential backoff with seeded
/// jitter, so the same seed always gives the same delays.
#[derive(Clone, Debug, PartialEq)]
pub struct Backoff {
    /// Attempts in all, the first included (at least one is made).
    pub attempts: u32,
    /// Delay before the second attempt.
    pub base: Duration,
    /// Each further delay is the previous one times this.
    pub factor: f64,
    /// No delay is longer than this.
    pub max_delay: Duration,
    /// Up to this fraction (0 to 1) of each delay is taken off at random.
    pub jitter: f64,
    /// Seed of the jitter's random sequence.
    pub seed: u64,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            attempts: 4,
            base: Duration::from_millis(100),
            factor: 2.0,
            max_delay: Duration::from_secs(10),
            jitter: 0.0,
            seed: 0,
        }
    }
}

/// splitmix64: a tiny, well-mixed generator; enough for jitter and
/// identical on every platform.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Backoff {
    /// The delays between attempts, in order (`attempts - 1` of them).
    pub fn delays(&self) -> Vec<Duration> {
        let mut rng = self.seed;
        let jitter = if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let factor = if self.factor.is_finite() && self.factor > 0.0 {
            self.factor
        } else {
            1.0
        };
        let max = self.max_delay.as_secs_f64();
        (1..self.attempts.max(1))
            .map(|i| {
                let raw = (self.base.as_secs_f64() * factor.powi(i as i32 - 1)).min(max);
                let r = (splitmix64(&mut rng) >> 11) as f64 / (1u64 << 53) as f64;
                let secs = raw * (1.0 - jitter * r);
                // Whole microseconds keep virtual-clock runs readable.
                Duration::from_micros((secs * 1e6).round().max(0.0) as u64)
            })
            .collect()
    }
}

/// Runs `op` until it succeeds or the attempts run out, sleeping between
/// attempts as `policy` says. `op` gets the attempt number (from 0).
///
/// # Cancel safety
///
/// A cancellation, whether returned by `op` or delivered during a backoff
/// sleep, ends the retries at once and is returned.
///
/// # Errors
///
/// The last attempt's error, or a cancellation.
///
/// ```
/// # use looplab_core::{Runtime, retry, Backoff, Error};
/// # use std::time::Duration;
/// let rt = Runtime::new_virtual();
/// let policy = Backoff { attempts: 3, base: Duration::from_secs(1), ..Backoff::default() };
/// let out = rt.block_on(async move {
///     retry(policy, |attempt| async move {
///         if attempt < 2 { Err(Error::msg("flaky")) } else { Ok(attempt) }
///     }).await
/// }).unwrap();
/// assert_eq!(out, Ok(2));
/// assert_eq!(rt.now().as_secs_f64(), 3.0); // waited 1 s, then 2 s
/// ```
pub async fn retry<F, Fut, T, E>(policy: Backoff, mut op: F) -> Result<T, E>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: TaskError,
{
    let delays = policy.delays();
    let mut attempt = 0;
    loop {
        match op(attempt).await {
            Ok(v) => return Ok(v),
            Err(e) if e.is_cancelled() => return Err(e),
            Err(e) => match delays.get(attempt as usize) {
                None => return Err(e),
                Some(d) => {
                    sleep(*d).await.map_err(E::from)?;
                    attempt += 1;
                }
            },
        }
    }
}
