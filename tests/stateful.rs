//! The lifecycle model holds on the reference endpoint; an endpoint that forgets a
//! cancel request is caught, the sequence shrinks to the few steps that show it, and
//! the printed case file reproduces the divergence with `swfcheck run`.

mod common;

use common::cli::swfcheck_async as swfcheck;
use common::faulty::{self, Break};
use common::temp::TempDir;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_endpoint_follows_the_model() {
    let out = swfcheck(&["state", "--sequences", "40", "--seed", "11"]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("the endpoint follows the model"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_cancel_request_is_caught_shrunk_and_printed_as_a_runnable_case() {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::ForgetCancel, format!("http://{}/", server.addr())).await;
    let tmp = TempDir::new("state");
    let dir = tmp.path();
    let case_file = dir.join("forgotten-cancel.toml");
    let url = proxy.url();
    let args = [
        "state",
        "--endpoint",
        &url,
        "--sequences",
        "60",
        "--seed",
        "3",
        "--case-file",
        case_file.to_str().unwrap(),
    ];
    let out = swfcheck(&args).await;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("departs from the lifecycle model"),
        "{stdout}"
    );
    // Shrunk: a start, the forgotten cancel; what reads it may come with them, nothing else.
    let steps: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    assert!(steps.len() <= 3, "not minimal: {steps:?}\n{stdout}");
    assert!(steps.iter().any(|s| s.contains("Start(")), "{steps:?}");
    assert!(steps.iter().any(|s| s.contains("Cancel {")), "{steps:?}");
    assert!(stdout.contains("cancelRequested"), "{stdout}");

    // The printed case file runs: it fails against the faulty endpoint, passes on the reference.
    let file = case_file.to_str().unwrap().to_owned();
    let on_faulty = swfcheck(&["run", "--endpoint", &url, "--cases", &file]).await;
    assert_eq!(
        on_faulty.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&on_faulty.stdout)
    );
    let reference = format!("http://{}/", server.addr());
    let on_reference = swfcheck(&["run", "--endpoint", &reference, "--cases", &file]).await;
    assert!(
        on_reference.status.success(),
        "{}{}",
        String::from_utf8_lossy(&on_reference.stdout),
        std::fs::read_to_string(&case_file).unwrap()
    );
    drop(proxy);
    server.shutdown().await;
}
