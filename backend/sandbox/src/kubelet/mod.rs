//! The simulated kubelet: what a container runs and what it prints.

pub mod pi;
