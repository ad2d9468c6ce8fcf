//! What a container runs, decided by its `command` and `args` and interpreted honestly for a
//! small set of programs: `echo`, `printf`, `sleep`, `exit`, `true`, `false`, `date`, `env`,
//! `printenv`, `hostname`, `cat` of mounted ConfigMap/Secret keys, `sh -c` / `bash -c`
//! scripts of those (see [`super::shell`]), and `perl -Mbignum=bpi -wle 'print bpi(N)'`,
//! which prints π to N digits computed for real. Anything else runs for one second, prints
//! one line saying it was simulated and exits 0.
//!
//! The result is a [`Timeline`]: lines stamped with their offset from the container's start,
//! an exit code and a duration, so the kubelet can append lines to the log as the sandbox
//! clock passes them.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::coreutils;
use super::expansion::expand_with_env;
use super::pi;
use super::shell::{self, Connector, Piece, Word};

/// Everything a container's process can observe besides its command line.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The process environment in order (later entries win), already resolved from literals,
    /// ConfigMaps, Secrets and field refs, including `HOSTNAME` and `JOB_COMPLETION_INDEX`.
    pub env: &'a [(String, String)],
    /// The pod's hostname.
    pub hostname: &'a str,
    /// Mounted files (ConfigMap and Secret keys) by absolute path.
    pub files: &'a BTreeMap<String, String>,
    /// When the container started, for `date`.
    pub started_at: DateTime<Utc>,
}

/// One line of output, `at` after the container started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Offset from the container's start.
    pub at: Duration,
    /// The text, without its newline.
    pub text: String,
}

/// What a container does over its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Output lines in order, their offsets non-decreasing.
    pub lines: Vec<Line>,
    /// The process's exit code.
    pub exit_code: i32,
    /// How long the process runs.
    pub duration: Duration,
}

/// Runs a container whose `command` and `args` are as in its spec: `$(VAR)` references are
/// expanded from `ctx.env` as Kubernetes does, then the program is interpreted.
pub fn run(command: &[String], args: &[String], ctx: &Context<'_>) -> Timeline {
    let argv: Vec<String> = command
        .iter()
        .chain(args)
        .map(|a| expand_with_env(a, ctx.env))
        .collect();
    let mut runner = Runner::new(ctx);
    let exit_code = if argv.is_empty() {
        runner.simulate("the image's default command");
        0
    } else {
        match runner.exec(&argv) {
            Flow::Status(s) | Flow::Exit(s) => s,
        }
    };
    runner.flush();
    Timeline {
        lines: runner.lines,
        exit_code,
        duration: runner.now,
    }
}

/// What a command did to the flow of its script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Finished with this status; the script goes on.
    Status(i32),
    /// `exit`: the shell ends with this status.
    Exit(i32),
}

struct Runner<'a> {
    ctx: &'a Context<'a>,
    now: Duration,
    lines: Vec<Line>,
    partial: String,
    /// Shell variables, initially the environment.
    vars: Vec<(String, String)>,
    positional: Vec<String>,
    status: i32,
    /// Output currently goes to a file rather than the log.
    silenced: bool,
}

impl<'a> Runner<'a> {
    fn new(ctx: &'a Context<'a>) -> Self {
        Self {
            ctx,
            now: Duration::ZERO,
            lines: Vec::new(),
            partial: String::new(),
            vars: ctx.env.to_vec(),
            positional: vec!["sh".to_owned()],
            status: 0,
            silenced: false,
        }
    }

    fn write(&mut self, text: &str) {
        if self.silenced {
            return;
        }
        for c in text.chars() {
            if c == '\n' {
                let text = std::mem::take(&mut self.partial);
                self.lines.push(Line { at: self.now, text });
            } else {
                self.partial.push(c);
            }
        }
    }

    fn write_line(&mut self, text: &str) {
        self.write(text);
        self.write("\n");
    }

    fn flush(&mut self) {
        if !self.partial.is_empty() {
            let text = std::mem::take(&mut self.partial);
            self.lines.push(Line { at: self.now, text });
        }
    }

    fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn set_var(&mut self, name: &str, value: String) {
        self.vars.retain(|(n, _)| n != name);
        self.vars.push((name.to_owned(), value));
    }

    fn simulate(&mut self, what: &str) {
        self.now += Duration::from_secs(1);
        self.write_line(&format!(
            "[sandbox] simulated {what}: ran for 1s and exited 0 (the sandbox interprets only \
             echo, printf, sleep, exit, true, false, date, env, hostname, cat, sh -c and perl bpi)"
        ));
    }

    /// Runs one command line.
    fn exec(&mut self, argv: &[String]) -> Flow {
        let Some((program, args)) = argv.split_first() else {
            return Flow::Status(0);
        };
        let name = program.rsplit('/').next().unwrap_or(program);
        match name {
            "sh" | "bash" | "ash" | "dash" => self.shell(program, args),
            "echo" => {
                let out = coreutils::echo(args);
                self.write(&out);
                Flow::Status(0)
            }
            "printf" => self.printf(args),
            "sleep" => match coreutils::sleep_duration(args) {
                Ok(d) => {
                    self.now = self.now.saturating_add(d);
                    Flow::Status(0)
                }
                Err(message) => self.fail(&message, 1),
            },
            "exit" => match args.first() {
                None => Flow::Exit(self.status),
                Some(code) => match code.parse::<i64>() {
                    Ok(code) => Flow::Exit(i32::try_from(code.rem_euclid(256)).unwrap_or(0)),
                    Err(_) => {
                        self.write_line(&format!("sh: exit: Illegal number: {code}"));
                        Flow::Exit(2)
                    }
                },
            },
            "true" | ":" => Flow::Status(0),
            "false" => Flow::Status(1),
            "date" => {
                let now =
                    self.ctx.started_at + chrono::Duration::from_std(self.now).unwrap_or_default();
                match coreutils::date(args, now) {
                    Ok(text) => {
                        self.write_line(&text);
                        Flow::Status(0)
                    }
                    Err(message) => self.fail(&message, 1),
                }
            }
            "env" => self.env(args),
            "printenv" => self.printenv(args),
            "hostname" => {
                let hostname = self.ctx.hostname.to_owned();
                self.write_line(&hostname);
                Flow::Status(0)
            }
            "cat" => self.cat(args),
            "perl" => self.perl(argv),
            _ => {
                self.simulate(&format!("`{}`", argv.join(" ")));
                Flow::Status(0)
            }
        }
    }

    fn fail(&mut self, message: &str, status: i32) -> Flow {
        self.write_line(message);
        Flow::Status(status)
    }

    fn printf(&mut self, args: &[String]) -> Flow {
        let Some((format, rest)) = args.split_first() else {
            return self.fail("printf: usage: printf FORMAT [ARGUMENT]...", 1);
        };
        let (out, errors) = coreutils::printf(format, rest);
        self.write(&out);
        for error in &errors {
            self.flush();
            self.write_line(error);
        }
        Flow::Status(i32::from(!errors.is_empty()))
    }

    fn env(&mut self, args: &[String]) -> Flow {
        let assignments = args.iter().take_while(|a| assignment(a).is_some()).count();
        let (assigned, command) = args.split_at(assignments);
        let saved = self.vars.clone();
        for (name, value) in assigned.iter().filter_map(|a| assignment(a)) {
            self.set_var(name, value.to_owned());
        }
        let flow = if command.is_empty() {
            let listing: Vec<String> = self.vars.iter().map(|(n, v)| format!("{n}={v}")).collect();
            for line in listing {
                self.write_line(&line);
            }
            Flow::Status(0)
        } else {
            self.exec(command)
        };
        self.vars = saved;
        flow
    }

    fn printenv(&mut self, args: &[String]) -> Flow {
        if args.is_empty() {
            return self.env(&[]);
        }
        let mut status = 0;
        for name in args {
            match self.var(name).map(str::to_owned) {
                Some(value) => self.write_line(&value),
                None => status = 1,
            }
        }
        Flow::Status(status)
    }

    fn cat(&mut self, args: &[String]) -> Flow {
        let mut status = 0;
        for path in args.iter().filter(|a| a.as_str() != "-") {
            match self.ctx.files.get(path.as_str()) {
                Some(content) => self.write(content),
                None => {
                    self.flush();
                    let dir = format!("{}/", path.trim_end_matches('/'));
                    if self.ctx.files.keys().any(|k| k.starts_with(&dir)) {
                        self.write_line("cat: read error: Is a directory");
                    } else {
                        self.write_line(&format!(
                            "cat: can't open '{path}': No such file or directory"
                        ));
                    }
                    status = 1;
                }
            }
        }
        Flow::Status(status)
    }

    /// `sh -c SCRIPT [NAME [ARGS…]]` with `-e` honoured; other invocations are simulated.
    fn shell(&mut self, program: &str, args: &[String]) -> Flow {
        let mut errexit = false;
        let mut script = None;
        let mut rest = args.iter();
        for arg in rest.by_ref() {
            match arg.strip_prefix('-') {
                Some(flags) if !flags.is_empty() => {
                    errexit |= flags.contains('e');
                    if flags.contains('c') {
                        script = Some(arg);
                        break;
                    }
                }
                _ => break,
            }
        }
        let Some(_) = script else {
            self.simulate(&format!("`{program} {}`", args.join(" ")));
            return Flow::Status(0);
        };
        let Some(script) = rest.next() else {
            let name = program.rsplit('/').next().unwrap_or(program);
            return self.fail(&format!("{name}: -c requires an argument"), 2);
        };
        let mut positional: Vec<String> = rest.cloned().collect();
        if positional.is_empty() {
            positional.push(program.to_owned());
        }
        let commands = match shell::parse(script) {
            Ok(commands) => commands,
            Err(shell::ParseError::Syntax(message)) => {
                return self.fail(&format!("sh: {message}"), 2);
            }
            Err(shell::ParseError::Unsupported(_)) => {
                self.simulate(&format!("`{program} -c {script}`"));
                return Flow::Status(0);
            }
        };
        let saved_vars = self.vars.clone();
        let saved_positional = std::mem::replace(&mut self.positional, positional);
        let saved_status = self.status;
        self.status = 0;
        let status = self.run_script(&commands, errexit);
        self.vars = saved_vars;
        self.positional = saved_positional;
        self.status = saved_status;
        Flow::Status(status)
    }

    fn run_script(&mut self, commands: &[(Connector, shell::Command)], mut errexit: bool) -> i32 {
        for (i, (connector, command)) in commands.iter().enumerate() {
            let runs = match connector {
                Connector::Then => true,
                Connector::And => self.status == 0,
                Connector::Or => self.status != 0,
            };
            if !runs {
                continue;
            }
            let mut argv: Vec<String> = Vec::new();
            for word in &command.words {
                self.expand_word(word, &mut argv);
            }
            let assignments = argv.iter().take_while(|a| assignment(a).is_some()).count();
            if assignments == argv.len() {
                for (name, value) in argv.iter().filter_map(|a| assignment(a)) {
                    self.set_var(name, value.to_owned());
                }
                self.status = 0;
                continue;
            }
            let flow = match argv.first().map(String::as_str) {
                Some("export" | "readonly" | "local") => {
                    for (name, value) in argv[1..].iter().filter_map(|a| assignment(a)) {
                        self.set_var(name, value.to_owned());
                    }
                    Flow::Status(0)
                }
                Some("set") => {
                    errexit |= argv[1..]
                        .iter()
                        .any(|a| a.starts_with('-') && a.contains('e'));
                    Flow::Status(0)
                }
                _ => {
                    let silenced = std::mem::replace(&mut self.silenced, command.stdout_to_file);
                    let flow = self.exec(&argv);
                    self.silenced = silenced;
                    flow
                }
            };
            match flow {
                Flow::Exit(code) => return code,
                Flow::Status(status) => self.status = status,
            }
            let guarded = matches!(
                commands.get(i + 1),
                Some((Connector::And | Connector::Or, _))
            ) || matches!(connector, Connector::And | Connector::Or);
            if errexit && self.status != 0 && !guarded {
                return self.status;
            }
        }
        self.status
    }

    /// Expands one shell word into zero or more arguments: unquoted expansions are split on
    /// whitespace and an unquoted word that expands to nothing disappears.
    fn expand_word(&self, word: &Word, argv: &mut Vec<String>) {
        let mut text = String::new();
        let mut expanded = false;
        for piece in &word.pieces {
            match piece {
                Piece::Literal(s) => text.push_str(s),
                Piece::Param(name) => {
                    expanded = true;
                    match name.as_str() {
                        "?" => text.push_str(&self.status.to_string()),
                        "$" => text.push('1'),
                        "#" => text.push_str(&self.positional.len().saturating_sub(1).to_string()),
                        n if n.chars().all(|c| c.is_ascii_digit()) => {
                            let index: usize = n.parse().unwrap_or(usize::MAX);
                            if let Some(value) = self.positional.get(index) {
                                text.push_str(value);
                            }
                        }
                        n => text.push_str(self.var(n).unwrap_or("")),
                    }
                }
            }
        }
        if word.quoted || !expanded {
            argv.push(text);
        } else {
            argv.extend(text.split_whitespace().map(str::to_owned));
        }
    }

    /// `perl … -e 'print bpi(N)'` with `-Mbignum=bpi`; other programs are simulated.
    fn perl(&mut self, argv: &[String]) -> Flow {
        let mut modules = Vec::new();
        let mut program = None;
        let mut args = argv.iter().skip(1);
        while let Some(arg) = args.next() {
            if let Some(module) = arg.strip_prefix("-M") {
                modules.push(module.to_owned());
                continue;
            }
            let Some(flags) = arg.strip_prefix('-') else {
                break;
            };
            if let Some(at) = flags.find(['e', 'E']) {
                let inline = &flags[at + 1..];
                program = if inline.is_empty() {
                    args.next().cloned()
                } else {
                    Some(inline.to_owned())
                };
                break;
            }
        }
        let Some(digits) = program.as_deref().and_then(bpi_argument) else {
            self.simulate(&format!("`{}`", argv.join(" ")));
            return Flow::Status(0);
        };
        let imports_bpi = modules.iter().any(|m| {
            m.split_once('=').is_some_and(|(module, imports)| {
                matches!(module, "bignum" | "bigrat" | "bigfloat" | "bigint")
                    && imports.split(',').any(|i| i == "bpi")
            })
        });
        if !imports_bpi {
            return self.fail("Undefined subroutine &main::bpi called at -e line 1.", 255);
        }
        let digits = match digits {
            BpiArgument::Digits(n) => n,
            BpiArgument::Default => pi::DEFAULT_DIGITS,
            BpiArgument::Negative => {
                return self.fail(
                    "Argument to accuracy must be greater than zero at \
                     /usr/share/perl/5.36/bignum.pm line 435.",
                    255,
                );
            }
        };
        let Some(text) = pi::pi_digits(digits) else {
            return self.fail(
                &format!(
                    "[sandbox] bpi({digits}) refused: the sandbox computes at most {} digits",
                    pi::MAX_DIGITS
                ),
                1,
            );
        };
        // Roughly what perl's Math::BigFloat takes: ~10 s for 2000 digits.
        let n = f64::from(digits);
        self.now += Duration::from_secs_f64(0.5 + 2.5e-6 * n * n);
        self.write_line(&text);
        Flow::Status(0)
    }
}

/// The accuracy argument of `bpi(…)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BpiArgument {
    /// A positive integer: that many digits.
    Digits(u32),
    /// Zero or a fraction: perl's default accuracy.
    Default,
    /// A negative number: bignum dies.
    Negative,
}

/// Reads `print bpi(N)` (an optional `;`, spaces around tokens), or `None`.
fn bpi_argument(program: &str) -> Option<BpiArgument> {
    let body = program.trim().trim_end_matches(';').trim_end();
    let inner = body
        .strip_prefix("print")?
        .trim_start()
        .strip_prefix("bpi")?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')?
        .trim();
    if let Ok(n) = inner.parse::<i64>() {
        return Some(match n {
            0 => BpiArgument::Default,
            n if n < 0 => BpiArgument::Negative,
            // Past u32 it is refused as too large all the same.
            n => BpiArgument::Digits(u32::try_from(n).unwrap_or(u32::MAX)),
        });
    }
    let value: f64 = inner.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(if value < 0.0 {
        BpiArgument::Negative
    } else {
        BpiArgument::Default
    })
}

/// `NAME=value` as a shell assignment, or `None`.
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    ((first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some((name, value))
}

#[cfg(test)]
#[path = "interpreter_tests.rs"]
mod tests;
