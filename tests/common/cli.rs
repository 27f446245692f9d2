//! Running the `swfcheck` binary from a test.

use std::process::{Command, Output};

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
