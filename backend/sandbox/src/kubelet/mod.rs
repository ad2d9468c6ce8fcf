//! The simulated kubelet: runs the pods bound to the sandbox's nodes, moving them through
//! their phases with the kubelet's events, interprets what each container runs, and keeps
//! container logs.

pub mod coreutils;
pub mod expansion;
pub mod interpreter;
pub(crate) mod log_source;
pub mod logs;
pub mod pi;
mod pod;
pub mod pod_env;
pub(crate) mod runtime;
pub mod shell;
pub mod status;
