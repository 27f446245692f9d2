//! `swfcheck run --snapshots DIR [--update]` end to end: placeholders make two runs
//! byte-identical, the committed reference snapshots match the embedded endpoint (this
//! is the test that fails when its answers drift), a faulty endpoint's changed answers
//! are `snapshot-changed` with a diff and pending `.snap.new` files, `--update` accepts,
//! credentials never reach a snapshot, and an unusable directory is exit 2.

mod common;

use common::faulty::{self, Break};
use common::temp::TempDir;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/snapshots/reference");

/// A fresh, empty temporary directory for one test, removed when it is dropped.
fn temp_dir(name: &str) -> TempDir {
    TempDir::new(&format!("snapshots-{name}"))
}

/// A copy of the reference snapshots, so that no `.snap.new` lands in the repository:
/// `snapshots/` in the returned temporary directory.
fn reference_copy(name: &str) -> (TempDir, PathBuf) {
    let root = temp_dir(name);
    let dir = root.join("snapshots");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(REFERENCE).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "snap") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    (root, dir)
}

/// File name → bytes of every file in `dir`.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

fn pending(dir: &Path) -> BTreeSet<String> {
    files(dir)
        .into_keys()
        .filter(|n| n.ends_with(".snap.new"))
        .collect()
}

fn swfcheck<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(args)
        .output()
        .unwrap()
}

async fn swfcheck_async(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || swfcheck(args))
        .await
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn snapshot_args(dir: &Path) -> Vec<String> {
    vec![
        "run".into(),
        "--suite".into(),
        "cases".into(),
        "--snapshots".into(),
        dir.display().to_string(),
    ]
}

fn read_report(path: &Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The snapshot results of a JSON report: id → (verdict, actual).
fn snapshot_results(report: &Json) -> BTreeMap<String, (String, String)> {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().ends_with("/snapshot"))
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                (
                    c["verdict"].as_str().unwrap().to_owned(),
                    c["actual"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

#[test]
fn two_runs_write_byte_identical_snapshots() {
    let (tmp_a, tmp_b) = (temp_dir("identical-a"), temp_dir("identical-b"));
    let (a, b) = (tmp_a.path(), tmp_b.path());
    let mut first = snapshot_args(a);
    first.push("--update".into());
    let out = swfcheck(&first);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // Another order of completion (one job), another run prefix, other runIds.
    let mut second = snapshot_args(b);
    second.extend(["--update".into(), "--jobs".into(), "1".into()]);
    let out = swfcheck(&second);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let (fa, fb) = (files(a), files(b));
    assert!(fa.len() > 50, "{} snapshots", fa.len());
    assert!(fa.keys().all(|n| n.ends_with(".snap")), "{:?}", fa.keys());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(
            bytes == &fb[name],
            "{name} differs between two runs:\n{}\n---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&fb[name])
        );
    }
    let all: String = fa
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        !all.contains("swfcheck-conformance"),
        "the domain is a placeholder"
    );
    assert!(all.contains("[runId-1]") && all.contains("[prefix]-[case]"));
}

/// Fails when the reference endpoint's answers drift from fixtures/snapshots/reference.
#[test]
fn the_reference_endpoint_matches_its_accepted_snapshots() {
    let (_root, dir) = reference_copy("drift");
    let json = dir.parent().unwrap().join("report.json");
    let mut args = snapshot_args(&dir);
    args.extend(["--report".into(), format!("json={}", json.display())]);
    let out = swfcheck(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the reference endpoint's answers drifted from {REFERENCE}; if the change is deliberate, \
         refresh them with `cargo run -- run --suite cases --snapshots fixtures/snapshots/reference --update` \
         and review the diff\n{}",
        text(&out)
    );
    assert!(stdout.contains(" 0 changed, 0 new, 0 written"), "{stdout}");
    assert_eq!(pending(&dir), BTreeSet::new());
    let report = read_report(&json);
    assert_eq!(report["summary"]["snapshot-changed"], 0);
    let results = snapshot_results(&report);
    assert_eq!(
        results.len(),
        files(&dir).len(),
        "one snapshot result per case"
    );
    assert!(results.values().all(|(v, _)| v == "pass"), "{results:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faulty_endpoint_changes_snapshots_and_update_accepts_them() {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::Messages, format!("http://{}/", server.addr())).await;
    let (_root, dir) = reference_copy("faulty");
    let json = dir.parent().unwrap().join("report.json");
    let junit = dir.parent().unwrap().join("report.xml");
    // Only must checks, which Break::Messages keeps passing: the exit status is the snapshots'.
    let mut args = snapshot_args(&dir);
    args.extend([
        "--endpoint".into(),
        proxy.url(),
        "--level".into(),
        "must".into(),
        "--report".into(),
        format!("json={}", json.display()),
    ]);
    let mut first = args.clone();
    first.extend(["--report".into(), format!("junit={}", junit.display())]);

    let out = swfcheck_async(first).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = read_report(&json);
    assert_eq!(report["summary"]["fail"], 0, "{}", report["summary"]);
    let results = snapshot_results(&report);
    let changed: BTreeSet<&str> = results
        .iter()
        .filter(|(_, (v, _))| v == "snapshot-changed")
        .map(|(id, _)| id.as_str())
        .collect();
    assert!(
        changed.contains("rcwe/unknown/domain/snapshot"),
        "{changed:?}"
    );
    assert!(
        changed.contains("rcwe/domain/len-257/snapshot"),
        "{changed:?}"
    );
    assert_eq!(
        results["rcwe/seed-sample/snapshot"].0, "pass",
        "a success has no message"
    );
    let (_, diff) = &results["rcwe/unknown/domain/snapshot"];
    assert!(
        diff.contains("\n--- ") && diff.contains("\n+++ ") && diff.contains("\n@@ "),
        "{diff}"
    );
    assert!(
        diff.contains("\n-  \"message\": \"Unknown domain: [prefix]-no-such-domain\"\n")
            && diff.contains("\n+  \"message\": \"Something went wrong.\""),
        "{diff}"
    );
    let expected_pending: BTreeSet<String> = changed
        .iter()
        .map(|id| {
            format!(
                "{}.snap.new",
                id.trim_end_matches("/snapshot").replace('/', "__")
            )
        })
        .collect();
    assert_eq!(pending(&dir), expected_pending);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("SNAPSHOT [should] rcwe/unknown/domain/snapshot"),
        "{stderr}"
    );
    // JUnit counts a changed snapshot as a failure and carries its diff.
    let xml = std::fs::read_to_string(&junit).unwrap();
    let parsed = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!(parsed.failures, changed.len());
    assert!(
        xml.contains("+  &quot;message&quot;: &quot;Something went wrong.&quot;"),
        "{xml}"
    );

    // --update accepts: the .snap files change, the .snap.new files go.
    let mut update = args.clone();
    update.push("--update".into());
    let out = swfcheck_async(update).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "{} changed, 0 new, {} written",
            changed.len(),
            changed.len()
        )),
        "{stdout}"
    );
    assert_eq!(pending(&dir), BTreeSet::new());

    // ... and the same run now passes.
    let out = swfcheck_async(args).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(" 0 changed, 0 new"));
    assert_eq!(snapshot_results(&read_report(&json)).len(), results.len());
    drop(proxy);
    server.shutdown().await;
}

#[test]
fn credentials_never_reach_a_snapshot() {
    let secrets = common::cli::FAKE_CREDENTIALS;
    let tmp = temp_dir("secrets");
    let root = tmp.path();
    let cases = root.join("echo.toml");
    // The endpoint quotes the unknown domain in its message: the access key would be in the body.
    let access_key = secrets[0].1;
    std::fs::write(
        &cases,
        format!(
            r#"[[case]]
id = "secrets/echoed"
operation = "RequestCancelWorkflowExecution"
source = "a request that makes the endpoint quote a credential"
request.body = {{ domain = "{access_key}", workflowId = "swfcheckFakeSessionToken" }}
check = [{{ status = 400 }}]
"#
        ),
    )
    .unwrap();
    let dir = root.join("snapshots");
    let out = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(["run", "--cases"])
        .arg(&cases)
        .arg("--snapshots")
        .arg(&dir)
        .arg("--update")
        .envs(secrets)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let snapshot = std::fs::read_to_string(dir.join("secrets__echoed.snap")).unwrap();
    assert!(
        snapshot.contains("Unknown domain: <redacted>"),
        "{snapshot}"
    );
    for (name, value) in secrets {
        assert!(!snapshot.contains(value), "{name} leaked:\n{snapshot}");
    }
}

#[test]
fn an_unusable_snapshot_directory_is_exit_2_with_a_message() {
    let tmp = temp_dir("unusable");
    let root = tmp.path();
    let one_case = |dir: &Path, update: bool| {
        let mut args = vec![
            "run".to_owned(),
            "--case".into(),
            "rcwe/seed-sample".into(),
            "--snapshots".into(),
            dir.display().to_string(),
        ];
        if update {
            args.push("--update".into());
        }
        swfcheck(args)
    };

    // Missing, without --update: refused before the run.
    let missing = root.join("missing");
    let out = one_case(&missing, false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr.contains(&format!(
            "snapshot directory {} does not exist",
            missing.display()
        )) && stderr.contains("--update"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing ran: {}", text(&out));

    // A file, not a directory.
    let file = root.join("file");
    std::fs::write(&file, "x").unwrap();
    let out = one_case(&file, false);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a directory"));

    // --update cannot create it (its parent is a file).
    let under_file = file.join("snapshots");
    let out = one_case(&under_file, true);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot create {}", under_file.display())),
        "{stderr}"
    );

    // The pending file cannot be written (a directory is in its place; root ignores modes).
    let dir = root.join("blocked");
    std::fs::create_dir_all(dir.join("rcwe__seed-sample.snap.new")).unwrap();
    let out = one_case(&dir, false);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "cannot write {}",
            dir.join("rcwe__seed-sample.snap.new").display()
        )),
        "{stderr}"
    );
}
