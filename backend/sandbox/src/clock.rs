//! The sandbox clock. Interactive runs use real time (optionally sped up); tests drive a
//! manual clock forward so that no test waits in real time for `sleep 30` or a back-off.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::watch;

/// The environment variable [`Clock::from_env`] reads: how many times faster than the wall
/// clock the sandbox runs.
pub const SPEED_ENV: &str = "JOBCONSOLE_SANDBOX_CLOCK_SPEED";

/// A cheap-to-clone handle on the sandbox's notion of "now".
#[derive(Clone)]
pub struct Clock {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock").field("now", &self.now()).finish()
    }
}

struct Inner {
    mode: Mutex<Mode>,
    /// Bumped on every manual advance so that waiters re-check their deadlines.
    ticks: watch::Sender<u64>,
}

enum Mode {
    /// Real time, multiplied by `speed` since `origin`.
    Real {
        origin_wall: DateTime<Utc>,
        origin: Instant,
        speed: f64,
    },
    /// Time moves only when a test calls [`Clock::advance`].
    Manual { now: DateTime<Utc> },
}

impl Clock {
    /// Real time at real speed.
    pub fn real() -> Self {
        Self::scaled(1.0)
    }

    /// Real time, sped up by the environment variable [`SPEED_ENV`] when it holds a
    /// positive number (`JOBCONSOLE_SANDBOX_CLOCK_SPEED=20` makes a 6-minute back-off take
    /// 18 s); real speed otherwise. The interactive sandbox uses this.
    pub fn from_env() -> Self {
        let speed = std::env::var(SPEED_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(1.0);
        Self::scaled(speed)
    }

    /// Real time running `speed` times faster than the wall clock (speed > 0).
    pub fn scaled(speed: f64) -> Self {
        let speed = if speed.is_finite() && speed > 0.0 {
            speed
        } else {
            1.0
        };
        Self::with_mode(Mode::Real {
            origin_wall: Utc::now(),
            origin: Instant::now(),
            speed,
        })
    }

    /// A clock that stands still at `start` until [`Clock::advance`] moves it.
    pub fn manual(start: DateTime<Utc>) -> Self {
        Self::with_mode(Mode::Manual { now: start })
    }

    fn with_mode(mode: Mode) -> Self {
        let (ticks, _) = watch::channel(0);
        Self {
            inner: Arc::new(Inner {
                mode: Mutex::new(mode),
                ticks,
            }),
        }
    }

    /// The current sandbox time.
    pub fn now(&self) -> DateTime<Utc> {
        let mode = self
            .inner
            .mode
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match &*mode {
            Mode::Real {
                origin_wall,
                origin,
                speed,
            } => {
                let elapsed = origin.elapsed().mul_f64(*speed);
                *origin_wall + chrono::Duration::from_std(elapsed).unwrap_or_default()
            }
            Mode::Manual { now } => *now,
        }
    }

    /// Whether this clock is driven by hand.
    pub fn is_manual(&self) -> bool {
        let mode = self
            .inner
            .mode
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        matches!(&*mode, Mode::Manual { .. })
    }

    /// Moves a manual clock forward by `by` and wakes every [`Clock::sleep`]er; on a real
    /// clock it does nothing.
    pub fn advance(&self, by: Duration) {
        {
            let mut mode = self
                .inner
                .mode
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Mode::Manual { now } = &mut *mode {
                *now += chrono::Duration::from_std(by).unwrap_or_default();
            } else {
                return;
            }
        }
        self.inner.ticks.send_modify(|t| *t += 1);
    }

    /// Waits until the sandbox time reaches `deadline`.
    pub async fn sleep_until(&self, deadline: DateTime<Utc>) {
        let mut ticks = self.inner.ticks.subscribe();
        loop {
            let now = self.now();
            if now >= deadline {
                return;
            }
            if self.is_manual() {
                if ticks.changed().await.is_err() {
                    return;
                }
            } else {
                let speed = {
                    let mode = self
                        .inner
                        .mode
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner);
                    match &*mode {
                        Mode::Real { speed, .. } => *speed,
                        Mode::Manual { .. } => 1.0,
                    }
                };
                let left = (deadline - now).to_std().unwrap_or_default().div_f64(speed);
                tokio::time::sleep(left.max(Duration::from_millis(1))).await;
            }
        }
    }

    /// Waits for `d` of sandbox time.
    pub async fn sleep(&self, d: Duration) {
        let deadline = self.now() + chrono::Duration::from_std(d).unwrap_or_default();
        self.sleep_until(deadline).await;
    }
}

/// A sandbox time as a Kubernetes `metav1.Time` (whole seconds, as the API serializes it).
pub fn to_time(t: DateTime<Utc>) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::Time {
    let ts = k8s_openapi::jiff::Timestamp::from_second(t.timestamp())
        .unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH);
    k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(ts)
}

/// A Kubernetes `metav1.Time` as a sandbox time.
pub fn from_time(t: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time) -> DateTime<Utc> {
    let nanos = u32::try_from(t.0.subsec_nanosecond()).unwrap_or(0);
    DateTime::from_timestamp(t.0.as_second(), nanos).unwrap_or_default()
}

/// The current sandbox time truncated to whole seconds, as objects record it.
pub fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn manual_clock_moves_only_when_advanced() {
        let start = DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .unwrap_or_default();
        let clock = Clock::manual(start);
        assert_eq!(clock.now(), start);
        let sleeper = {
            let clock = clock.clone();
            tokio::spawn(async move { clock.sleep(Duration::from_secs(30)).await })
        };
        // Let the sleeper take its deadline before the clock moves.
        tokio::task::yield_now().await;
        clock.advance(Duration::from_secs(10));
        assert!(!sleeper.is_finished());
        clock.advance(Duration::from_secs(25));
        tokio::time::timeout(Duration::from_secs(5), sleeper)
            .await
            .expect("sleeper wakes once the clock passes its deadline")
            .expect("sleeper task");
        assert_eq!(clock.now(), start + chrono::Duration::seconds(35));
    }
}
