//! The sandbox's controllers: the garbage collector (part 1), the Job controller and the
//! TTL-after-finished controller (part 2), each a small runtime over the store.

pub mod gc;
pub mod job;
pub mod job_pods;
pub mod ttl;
