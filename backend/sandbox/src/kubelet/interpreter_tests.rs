//! Tests of the container interpreter: what a client would read in `kubectl logs` and see as
//! the container's exit code and run time.

use super::*;

/// A container under test: its env, files and hostname.
struct Container {
    env: Vec<(String, String)>,
    files: BTreeMap<String, String>,
    hostname: String,
}

fn container() -> Container {
    Container {
        env: vec![
            ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
            ("HOSTNAME".into(), "pi-abcde".into()),
        ],
        files: BTreeMap::new(),
        hostname: "pi-abcde".into(),
    }
}

impl Container {
    fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    fn file(mut self, path: &str, content: &str) -> Self {
        self.files.insert(path.into(), content.into());
        self
    }

    fn run(&self, command: &[&str], args: &[&str]) -> Timeline {
        let started_at = DateTime::parse_from_rfc3339("2026-11-23T11:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("valid time");
        let ctx = Context {
            env: &self.env,
            hostname: &self.hostname,
            files: &self.files,
            started_at,
        };
        let command: Vec<String> = command.iter().map(|s| (*s).to_owned()).collect();
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        run(&command, &args, &ctx)
    }

    fn sh(&self, script: &str) -> Timeline {
        self.run(&["sh", "-c", script], &[])
    }
}

fn texts(timeline: &Timeline) -> Vec<&str> {
    timeline.lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn echo_from_the_seeds_job() {
    let t = container().run(&["echo", "Hello, Job"], &[]);
    assert_eq!(texts(&t), ["Hello, Job"]);
    assert_eq!(t.exit_code, 0);
    assert_eq!(t.duration, Duration::ZERO);
}

#[test]
fn pi_job_prints_two_thousand_digits_after_about_ten_seconds() {
    let t = container().run(&["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"], &[]);
    let reference = include_str!("fixtures/pi-2000.txt").trim_end();
    assert_eq!(texts(&t), [reference]);
    assert_eq!(t.exit_code, 0);
    assert!(t.duration >= Duration::from_secs(5) && t.duration <= Duration::from_secs(15));
    assert_eq!(t.lines[0].at, t.duration);
    // The same through args, a full path and a shell.
    let t = container().run(
        &["/usr/bin/perl"],
        &["-Mbignum=bpi", "-wle", "print bpi(5);"],
    );
    assert_eq!(texts(&t), ["3.1416"]);
    let t = container().sh("perl -Mbignum=bpi -wle 'print bpi(3)' && echo done");
    assert_eq!(texts(&t), ["3.14", "done"]);
}

#[test]
fn perl_bpi_edge_cases_as_perl_behaves() {
    let t = container().run(&["perl", "-Mbignum=bpi", "-wle", "print bpi(0)"], &[]);
    assert_eq!(texts(&t), ["3.141592653589793238462643383279502884197"]);
    let t = container().run(&["perl", "-Mbignum=bpi", "-wle", "print bpi(-1)"], &[]);
    assert_eq!(t.exit_code, 255);
    let t = container().run(&["perl", "-wle", "print bpi(10)"], &[]);
    assert_eq!(
        texts(&t),
        ["Undefined subroutine &main::bpi called at -e line 1."]
    );
    assert_eq!(t.exit_code, 255);
    let t = container().run(
        &["perl", "-Mbignum=bpi", "-wle", "print bpi(99999999999)"],
        &[],
    );
    assert_eq!(t.exit_code, 1);
    let t = container().run(&["perl", "-e", "print 1+1"], &[]);
    assert_eq!(t.exit_code, 0);
    assert!(texts(&t)[0].starts_with("[sandbox] simulated"));
}

#[test]
fn sleep_and_exit_shape_the_timeline() {
    let t = container().sh("echo start; sleep 30; echo end; exit 3; echo never");
    assert_eq!(texts(&t), ["start", "end"]);
    assert_eq!(t.lines[0].at, Duration::ZERO);
    assert_eq!(t.lines[1].at, Duration::from_secs(30));
    assert_eq!(t.exit_code, 3);
    assert_eq!(t.duration, Duration::from_secs(30));

    let t = container().run(&["sleep", "5"], &[]);
    assert_eq!((t.exit_code, t.duration), (0, Duration::from_secs(5)));
    assert_eq!(container().run(&["exit", "1"], &[]).exit_code, 1);
    assert_eq!(container().run(&["sh", "-c", "exit 1"], &[]).exit_code, 1);
    assert_eq!(container().run(&["false"], &[]).exit_code, 1);
    assert_eq!(container().run(&["true"], &[]).exit_code, 0);
    assert_eq!(container().sh("exit 257").exit_code, 1);
    let t = container().sh("sleep abc");
    assert_eq!(
        (texts(&t), t.exit_code),
        (vec!["sleep: invalid number 'abc'"], 1)
    );
}

#[test]
fn and_or_lists_follow_the_last_status() {
    let t = container().sh("false && echo a || echo b; true || echo c; true && echo d");
    assert_eq!(texts(&t), ["b", "d"]);
    let t = container().sh("false; echo $?; true; echo $?");
    assert_eq!(texts(&t), ["1", "0"]);
    // The script's status is its last command's.
    assert_eq!(container().sh("echo x; false").exit_code, 1);
    assert_eq!(container().sh("false || true").exit_code, 0);
}

#[test]
fn set_e_stops_at_the_first_unguarded_failure() {
    let t = container().sh("set -e; false || echo guarded; false; echo never");
    assert_eq!(texts(&t), ["guarded"]);
    assert_eq!(t.exit_code, 1);
    let t = container().run(&["sh", "-ec", "echo a; false; echo b"], &[]);
    assert_eq!((texts(&t), t.exit_code), (vec!["a"], 1));
}

#[test]
fn shell_variables_from_the_container_env() {
    let c = container()
        .env("JOB_COMPLETION_INDEX", "2")
        .env("GREETING", "hello  world");
    let t =
        c.sh("echo index=$JOB_COMPLETION_INDEX ${GREETING}!; echo \"$GREETING\"; echo '$GREETING'");
    assert_eq!(
        texts(&t),
        ["index=2 hello world!", "hello  world", "$GREETING"]
    );
    let t = c.sh("X=1; export Y=2; echo $X$Y$UNSET.");
    assert_eq!(texts(&t), ["12."]);
    let t = c.run(&["sh", "-c", "echo $0 $1 $#", "name", "first"], &[]);
    assert_eq!(texts(&t), ["name first 1"]);
}

#[test]
fn kubernetes_expands_dollar_parens_before_the_shell_runs() {
    // kubernetes.io, "Define a Command and Arguments for a Container", "Use environment
    // variables to define arguments": `$(VAR)` in command and args; `$$` escapes.
    let c = container().env("MESSAGE", "hello from env");
    let t = c.run(&["echo"], &["$(MESSAGE)", "$(MISSING)", "$$(MESSAGE)"]);
    assert_eq!(texts(&t), ["hello from env $(MISSING) $(MESSAGE)"]);
}

#[test]
fn printf_date_env_hostname() {
    let c = container().env("LOG_LEVEL", "debug");
    let t = c.sh("printf '%s=%d\\n' a 1 b 2; printf 'no newline'; echo ' end'");
    assert_eq!(texts(&t), ["a=1", "b=2", "no newline end"]);
    let t = c.sh("sleep 61; date; date +%H:%M:%S");
    assert_eq!(texts(&t), ["Mon Nov 23 11:01:01 UTC 2026", "11:01:01"]);
    let t = c.run(&["env"], &[]);
    assert_eq!(
        texts(&t),
        [
            "PATH=/usr/local/bin:/usr/bin:/bin",
            "HOSTNAME=pi-abcde",
            "LOG_LEVEL=debug"
        ]
    );
    let t = c.sh("printenv LOG_LEVEL; printenv NOPE; echo $?; hostname");
    assert_eq!(texts(&t), ["debug", "1", "pi-abcde"]);
    let t = c.sh("env FOO=bar printenv FOO; printenv FOO || echo unset");
    assert_eq!(texts(&t), ["bar", "unset"]);
}

#[test]
fn cat_reads_mounted_configmap_and_secret_keys() {
    let c = container()
        .file("/etc/config/LOG_LEVEL", "info")
        .file("/etc/config/app.properties", "a=1\nb=2\n")
        .file("/etc/secret/username", "admin");
    let t = c.sh(
        "cat /etc/config/app.properties; cat /etc/config/LOG_LEVEL; echo; cat /etc/secret/username",
    );
    assert_eq!(texts(&t), ["a=1", "b=2", "info", "admin"]);
    let t = c.run(&["cat", "/etc/config/missing"], &[]);
    assert_eq!(
        texts(&t),
        ["cat: can't open '/etc/config/missing': No such file or directory"]
    );
    assert_eq!(t.exit_code, 1);
    let t = c.run(&["cat", "/etc/config"], &[]);
    assert_eq!(
        (texts(&t), t.exit_code),
        (vec!["cat: read error: Is a directory"], 1)
    );
}

#[test]
fn redirected_output_does_not_reach_the_log() {
    let t = container().sh("echo hidden > /tmp/out; echo shown 1>&2");
    assert_eq!(texts(&t), ["shown"]);
}

#[test]
fn anything_else_is_simulated_for_one_second() {
    for (command, args) in [
        (vec!["python", "train.py"], vec![]),
        (vec![], vec![]),
        (vec!["sh", "-c", "for i in 1 2; do echo $i; done"], vec![]),
        (vec!["sh", "script.sh"], vec![]),
    ] {
        let t = container().run(&command, &args);
        assert_eq!(t.lines.len(), 1, "{command:?}");
        assert!(
            t.lines[0].text.starts_with("[sandbox] simulated"),
            "{command:?}"
        );
        assert_eq!((t.exit_code, t.duration), (0, Duration::from_secs(1)));
    }
    // Inside an interpreted script only the unknown command is simulated.
    let t = container().sh("echo before; curl http://x; echo after");
    assert_eq!(texts(&t)[0], "before");
    assert_eq!(texts(&t)[2], "after");
    assert_eq!(t.lines[2].at, Duration::from_secs(1));
}

#[test]
fn shell_syntax_errors_exit_2() {
    let t = container().sh("echo 'open");
    assert_eq!(
        (texts(&t), t.exit_code),
        (vec!["sh: syntax error: unterminated quoted string"], 2)
    );
    let t = container().run(&["sh", "-c"], &[]);
    assert_eq!(
        (texts(&t), t.exit_code),
        (vec!["sh: -c requires an argument"], 2)
    );
}
