//! Runs the sandbox alone, as `jobconsole sandbox` does:
//! `cargo run -p jobconsole-sandbox --example standalone -- --listen 127.0.0.1:6443
//! --write-kubeconfig FILE [--state FILE]`.

use std::net::SocketAddr;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut listen: SocketAddr = "127.0.0.1:6443".parse()?;
    let mut kubeconfig = PathBuf::from("sandbox.kubeconfig");
    let mut state = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--listen" => listen = value.parse()?,
            "--write-kubeconfig" => kubeconfig = PathBuf::from(value),
            "--state" => state = Some(PathBuf::from(value)),
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    sandbox::run_standalone(listen, &kubeconfig, state).await?;
    Ok(())
}
