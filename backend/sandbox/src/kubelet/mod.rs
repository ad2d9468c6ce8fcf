//! The simulated kubelet: what a container runs and what it prints.

pub mod coreutils;
pub mod expansion;
pub mod interpreter;
pub mod pi;
pub mod shell;
