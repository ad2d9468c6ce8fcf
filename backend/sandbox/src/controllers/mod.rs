//! The sandbox's controllers: the Job controller and the TTL-after-finished controller, each
//! a pure decision function with a small runtime that applies it to the store.

pub mod job;
pub mod job_pods;
pub mod ttl;
