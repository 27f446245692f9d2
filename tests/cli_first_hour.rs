//! What a user meets in the first hour (issue 27 item 8), each against the binary: a pipe
//! that closes early, reports and baselines that cannot be written or collide, the address
//! `serve` prints given to its control commands, a 5xx's error line under `-v`, totals that
//! add up, and a run that matches its baseline saying so.

mod common;

use common::faulty::{self, Break};
use common::temp::TempDir;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn swfcheck(args: &[&str]) -> Output {
    common::cli::swfcheck(args)
}

/// A case file with one case whose expectation is wrong against any SWF endpoint.
fn divergent_case(tmp: &TempDir) -> String {
    let path = tmp.join("divergent.toml");
    std::fs::write(
        &path,
        r#"[[case]]
id = "first-hour/divergent"
operation = "DescribeDomain"
source = "a deliberately wrong expectation"
request.body = { name = "${unknownDomain}" }
check = [{ status = 200 }]
"#,
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn list_into_a_pipe_that_closes_early_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .arg("list")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let stdout = child.stdout.take().unwrap();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // The reader is dropped here, as `head -1` exits: the rest of the list meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!first.is_empty());
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn outputs_are_checked_before_the_run_starts() {
    let tmp = TempDir::new("first-hour");
    let cases = divergent_case(&tmp);
    let unwritable = tmp.join("no-such-dir").join("baseline.json");
    let unwritable = unwritable.display().to_string();
    let one = tmp.join("one.out").display().to_string();
    let json = format!("json={one}");
    let junit = format!("junit={one}");
    let refusals: [(Vec<&str>, &str); 4] = [
        (
            vec!["--write-baseline", &unwritable],
            "cannot write the baseline to",
        ),
        (
            vec!["--report", &json, "--report", &junit],
            "two reports to one file",
        ),
        (
            vec!["--report", "json=-", "--report", "junit=-"],
            "two reports to one stdout",
        ),
        (
            vec!["--report", &json, "--write-baseline", &one],
            "give each file a path of its own",
        ),
    ];
    for (extra, says) in refusals {
        let mut args = vec![
            "run",
            "--cases",
            cases.as_str(),
            "--endpoint",
            "http://127.0.0.1:9/",
        ];
        args.extend(extra);
        let out = swfcheck(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        // Refused before anything ran: not even the unreachable endpoint was tried.
        assert!(!stderr.contains("unreachable"), "{stderr}");
        assert!(
            !std::path::Path::new(&one).exists(),
            "nothing is left behind"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_commands_take_the_address_serve_prints() {
    let mut serve = Command::new(env!("CARGO_BIN_EXE_swfcheck"));
    serve.args(["serve", "--addr", "127.0.0.1:0"]);
    let (mut child, addr) = common::cli::spawn_listening(&mut serve);
    assert!(!addr.contains("://"), "serve prints HOST:PORT: {addr}");
    for command in ["dump", "reset"] {
        let out = common::cli::swfcheck_async(&[command, "--endpoint", &addr]).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{command}: {stderr}");
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(answer.is_object(), "{answer}");
    }
    let out = common::cli::swfcheck_async(&["clock", "show", "--endpoint", &addr]).await;
    assert_eq!(out.status.code(), Some(0));
    let out = common::cli::swfcheck_async(&["dump", "--endpoint", "ftp://x"]).await;
    assert_eq!(out.status.code(), Some(2));
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_shows_an_html_pages_error_line() {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::MotoLike, format!("http://{}/", server.addr())).await;
    let args = [
        "run",
        "--endpoint",
        &proxy.url(),
        "--case",
        "DescribeDomain/name/missing",
        "--no-retry",
        "-v",
    ];
    let out = common::cli::swfcheck_async(&args).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("(an HTML page of ")
            && stderr.contains("its error line: 500 Internal Server Error;"),
        "{stderr}"
    );
    drop(proxy);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_groups_total_is_the_counts_lines_verdicts_and_a_baseline_match_says_so() {
    let tmp = TempDir::new("first-hour");
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::MotoLike, format!("http://{}/", server.addr())).await;
    let baseline = tmp.join("baseline.json").display().to_string();
    let run = |extra: &'static str| {
        let args = [
            "run".to_owned(),
            "--endpoint".into(),
            proxy.url(),
            "--operation".into(),
            "DescribeDomain".into(),
            "--no-retry".into(),
            extra.into(),
            baseline.clone(),
        ];
        async move {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            common::cli::swfcheck_async(&refs).await
        }
    };
    let first = run("--write-baseline").await;
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert_eq!(first.status.code(), Some(1), "{stdout}");
    let counts = stdout
        .lines()
        .find(|l| l.contains(" checks: "))
        .unwrap_or_default();
    let header = stdout
        .lines()
        .find(|l| l.contains("divergent check(s)"))
        .unwrap_or_default();
    // `N divergent check(s) (F fail, E error)`: each part is the counts line's own number.
    let breakdown = header
        .split_once(" (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside)
        .unwrap_or_default();
    let mut sum = 0;
    for part in breakdown.split(", ") {
        // `N verdict`, or `N of the T verdict` when some of them do not count.
        let total = part.rsplit(" of the ").next().unwrap();
        assert!(
            counts.contains(total),
            "{part:?} of {header:?} in {counts:?}"
        );
        sum += part.split(' ').next().unwrap().parse::<usize>().unwrap();
    }
    assert!(
        header.starts_with(&format!("swfcheck: {sum} divergent check(s) (")),
        "{header}"
    );
    let second = run("--baseline").await;
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert_eq!(second.status.code(), Some(0), "{stdout}");
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.contains("baseline"))
        .unwrap_or_default();
    assert!(
        last.contains(
            "matches its baseline: 0 newly broken, 0 fixed (on its own it is not conformant: "
        ),
        "{stdout}"
    );
    let bare = format!("swfcheck: {} is not conformant", proxy.url());
    assert!(
        !stdout.contains(&bare),
        "no sentence says only 'not conformant': {stdout}"
    );
    drop(proxy);
    server.shutdown().await;
}
