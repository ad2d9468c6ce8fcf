//! Sign-in throttling: failed sign-ins are counted per account and per client address in a
//! sliding window; past the limit, sign-ins from there get 429 with `Retry-After` until
//! the window has passed. The same answer is given for accounts that do not exist.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Limits for [`LoginLimiter`].
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Failures allowed per account within `window`.
    pub per_account: u32,
    /// Failures allowed per client address within `window`.
    pub per_address: u32,
    /// How long failures are remembered.
    pub window: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            per_account: 10,
            per_address: 50,
            window: Duration::from_secs(300),
        }
    }
}

#[derive(Debug, Default)]
struct Failures {
    times: Vec<Instant>,
}

impl Failures {
    fn prune(&mut self, now: Instant, window: Duration) {
        self.times.retain(|t| now.duration_since(*t) < window);
    }
}

/// Counts failed sign-ins.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    limits: LoginLimits,
    by_key: Mutex<HashMap<String, Failures>>,
}

impl LoginLimiter {
    /// A limiter with these limits.
    pub fn new(limits: LoginLimits) -> Self {
        Self {
            limits,
            by_key: Mutex::default(),
        }
    }

    fn keys(account: &str, address: &str) -> [(String, u32); 2] {
        [
            (format!("account:{account}"), 0),
            (format!("address:{address}"), 1),
        ]
    }

    /// `Err(seconds)` when sign-ins for this account or from this address must wait.
    pub fn check(&self, account: &str, address: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        let mut wait = Duration::ZERO;
        for (key, which) in Self::keys(account, address) {
            let limit = if which == 0 {
                self.limits.per_account
            } else {
                self.limits.per_address
            };
            if let Some(failures) = map.get_mut(&key) {
                failures.prune(now, self.limits.window);
                if failures.times.len() >= limit as usize {
                    // Allowed again when enough of the oldest failures leave the window.
                    let index = failures.times.len() - limit as usize;
                    let until = failures.times[index] + self.limits.window;
                    wait = wait.max(until.saturating_duration_since(now));
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait.as_secs().max(1))
        }
    }

    /// Records a failed sign-in.
    pub fn failed(&self, account: &str, address: &str) {
        let now = Instant::now();
        let mut map = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() > 100_000 {
            let window = self.limits.window;
            map.retain(|_, f| {
                f.prune(now, window);
                !f.times.is_empty()
            });
        }
        for (key, _) in Self::keys(account, address) {
            let failures = map.entry(key).or_default();
            failures.prune(now, self.limits.window);
            failures.times.push(now);
        }
    }

    /// Forgets an account's failures after it signed in.
    pub fn succeeded(&self, account: &str) {
        let mut map = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(&format!("account:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_per_account_and_per_address() {
        let limiter = LoginLimiter::new(LoginLimits {
            per_account: 3,
            per_address: 5,
            window: Duration::from_secs(60),
        });
        for _ in 0..3 {
            assert!(limiter.check("alice", "10.0.0.1").is_ok());
            limiter.failed("alice", "10.0.0.1");
        }
        let retry = limiter
            .check("alice", "10.0.0.2")
            .expect_err("alice is throttled");
        assert!((1..=60).contains(&retry), "{retry}");
        assert!(limiter.check("bob", "10.0.0.3").is_ok(), "others are not");
        limiter.failed("bob", "10.0.0.1");
        limiter.failed("carol", "10.0.0.1");
        assert!(
            limiter.check("dave", "10.0.0.1").is_err(),
            "the address is throttled"
        );
    }

    #[test]
    fn the_window_passes() {
        let limiter = LoginLimiter::new(LoginLimits {
            per_account: 1,
            per_address: 100,
            window: Duration::from_millis(1),
        });
        limiter.failed("alice", "a");
        let deadline = Instant::now() + Duration::from_secs(5);
        while limiter.check("alice", "a").is_err() {
            assert!(
                Instant::now() < deadline,
                "still throttled after the window"
            );
            std::thread::yield_now();
        }
    }
}
