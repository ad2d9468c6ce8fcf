//! An in-process simulator of the Kubernetes API: the embedded demo cluster of Job Console
//! and the test double of its test suites. It speaks the real Kubernetes REST API over HTTP,
//! so that kube-rs, kubectl and the official Python client cannot tell it from a cluster for
//! the operations the console uses. Nothing of the console lives here.

pub mod clock;
pub mod kubelet;
