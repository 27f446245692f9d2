//! Running the `swfcheck` binary from a test.

use std::io::BufRead;
use std::process::{Child, Command, Output, Stdio};

/// Runs `swfcheck ARGS` to the end.
pub fn swfcheck<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(args)
        .output()
        .expect("the swfcheck binary runs")
}

/// Runs `swfcheck ARGS` from an async test without blocking its runtime (servers the
/// test started keep answering).
pub async fn swfcheck_async(args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || swfcheck(&args))
        .await
        .expect("the blocking task ends")
}

/// Fake AWS credentials set in a run's environment by the tests that prove no output ever
/// carries them (the secret key holds `/`, the token a run of them).
pub const FAKE_CREDENTIALS: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "AKIASWFCHECKFAKE4242"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "swfcheckFakeSecretKey/0123456789abcdefABCDEF",
    ),
    (
        "AWS_SESSION_TOKEN",
        "FwoGZXIvYXdzEJr//////////swfcheckFakeSessionToken",
    ),
];

/// Spawns `command` (a server: `serve`, `record`) with its output piped, and reads the first
/// line it prints on stdout, the address it listens on: the child and that line, trimmed.
#[allow(dead_code)] // not every test binary starts a server
pub fn spawn_listening(command: &mut Command) -> (Child, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the swfcheck binary starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout is piped");
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the server prints its address");
    (child, line.trim().to_owned())
}

/// Sends the child SIGINT (as Ctrl-C does) and waits for its exit, without blocking the
/// test's runtime: its status and output.
#[allow(dead_code)] // not every test binary interrupts a child
pub async fn interrupt(child: Child) -> Output {
    signal(child, "INT").await
}

/// Sends the child `sig` (`INT`, `TERM`) and waits for its exit, without blocking the
/// test's runtime: its status and output.
#[allow(dead_code)] // not every test binary signals a child
pub async fn signal(child: Child, sig: &str) -> Output {
    let pid = child.id().to_string();
    let sent = Command::new("kill")
        .args([&format!("-{sig}"), &pid])
        .status();
    assert!(sent.is_ok_and(|s| s.success()), "kill -{sig} {pid}");
    tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("the blocking task ends")
        .expect("the child is waited for")
}

/// Waits (up to 20 s) until process `pid` catches SIGINT and SIGTERM (Linux's
/// /proc/PID/status `SigCgt`): a signal sent before that would kill it, not stop it.
#[allow(dead_code)] // not every test binary signals a child
pub async fn wait_for_signal_handlers(pid: u32) {
    let both = (1u64 << (2 - 1)) | (1u64 << (15 - 1));
    for _ in 0..400 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let caught = status
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .unwrap_or(0);
        if caught & both == both {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("process {pid} never caught SIGINT and SIGTERM");
}

/// Sends `signal` (`INT`, `TERM`) to process `pid`, or with `group` to its process group.
#[allow(dead_code)] // not every test binary signals a child
pub fn send_signal(signal: &str, pid: u32, group: bool) {
    let target = if group {
        format!("-{pid}")
    } else {
        pid.to_string()
    };
    let sent = Command::new("kill")
        .args([format!("-{signal}"), "--".into(), target.clone()])
        .status();
    assert!(sent.is_ok_and(|s| s.success()), "kill -{signal} {target}");
}
