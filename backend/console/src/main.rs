//! The `jobconsole` command line: parses arguments and hands over to the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Job Console: a web console for Kubernetes Jobs.
#[derive(Debug, Parser)]
#[command(name = "jobconsole", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the console (the default when no subcommand is given).
    Serve(ServeArgs),
    /// Print the OpenAPI document of the REST API.
    Openapi,
    /// Hash a password (read from standard input) for the users file.
    HashPassword,
    /// Run the sandbox cluster alone (HTTPS), for kubectl and other Kubernetes clients.
    Sandbox(SandboxArgs),
}

#[derive(Debug, clap::Args)]
struct SandboxArgs {
    /// Address to serve the Kubernetes API on.
    #[arg(long, default_value = "127.0.0.1:6443")]
    listen: SocketAddr,
    /// Write a kubeconfig (one context per seeded user; current: admin) to this file.
    #[arg(long, default_value = "sandbox.kubeconfig")]
    write_kubeconfig: PathBuf,
    /// Persist every object to this file, and load it at start.
    #[arg(long)]
    state: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "JOBCONSOLE_LISTEN")]
    listen: SocketAddr,
    /// Configuration file (YAML): the clusters to serve.
    #[arg(long, env = "JOBCONSOLE_CONFIG")]
    config: Option<PathBuf>,
    /// Add one real cluster from this kubeconfig file.
    #[arg(long)]
    kubeconfig: Option<PathBuf>,
    /// The kubeconfig context to use with `--kubeconfig` (default: its current context).
    #[arg(long, requires = "kubeconfig")]
    context: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Openapi) => {
            println!("{}", jobconsole::openapi_json());
            ExitCode::SUCCESS
        }
        Some(Command::HashPassword) => hash_password(),
        Some(Command::Sandbox(args)) => run_sandbox(args),
        Some(Command::Serve(args)) => serve(args),
        None => serve(cli.serve),
    }
}

fn hash_password() -> ExitCode {
    let mut password = String::new();
    if let Err(err) = std::io::stdin().read_line(&mut password) {
        eprintln!("jobconsole: cannot read the password from standard input: {err}");
        return ExitCode::FAILURE;
    }
    let password = password.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        eprintln!("jobconsole: the password is empty");
        return ExitCode::FAILURE;
    }
    match jobconsole::auth::users::hash_password(password) {
        Ok(hash) => {
            println!("{hash}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("jobconsole: {err}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Option<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new()
        .inspect_err(|err| eprintln!("jobconsole: cannot start the async runtime: {err}"))
        .ok()
}

fn run_sandbox(args: SandboxArgs) -> ExitCode {
    jobconsole::telemetry::init();
    let Some(runtime) = runtime() else {
        return ExitCode::FAILURE;
    };
    let run = sandbox::run_standalone(args.listen, &args.write_kubeconfig, args.state);
    match runtime.block_on(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("jobconsole sandbox: {err}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    jobconsole::telemetry::init();
    let options = jobconsole::ServeOptions {
        listen: args.listen,
        config: args.config,
        kubeconfig: args.kubeconfig,
        context: args.context,
    };
    let Some(runtime) = runtime() else {
        return ExitCode::FAILURE;
    };
    match runtime.block_on(jobconsole::serve(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("jobconsole: {err}");
            ExitCode::FAILURE
        }
    }
}
