//! Long polls over HTTP (issue 22, items 1 and 6): the answer to a poll closes its
//! connection and every other answer keeps it alive (a client that forks per task must
//! not find its answer queued behind the parent's next poll); and with many pollers on
//! a few task lists, some of which drop their connection while they wait, every
//! decision task is handed out exactly once, never to a poller that is gone.

mod common;

use common::server::{Endpoint, decision, endpoint_with};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use swfcheck::server::ServerConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An upper bound on any one read from the endpoint, so that a test that breaks ends.
const READ_BOUND: Duration = Duration::from_secs(20);

/// One request on raw HTTP/1.1 (keep-alive, the default of HTTP/1.1).
fn raw_request(op: &str, body: &Json) -> Vec<u8> {
    let body = body.to_string();
    format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: SimpleWorkflowService.{op}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A response read off a raw connection: its head (lower-cased) and body.
struct RawAnswer {
    head: String,
    body: Vec<u8>,
}

/// Reads one response (by its Content-Length) from `stream`.
async fn read_answer(stream: &mut TcpStream) -> RawAnswer {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(READ_BOUND, stream.read(&mut chunk))
            .await
            .expect("an answer within the bound")
            .expect("a readable connection");
        assert!(n > 0, "the connection closed before the answer's head");
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().expect("a number"))
        .expect("a Content-Length");
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(READ_BOUND, stream.read(&mut chunk))
            .await
            .expect("the body within the bound")
            .expect("a readable connection");
        assert!(n > 0, "the connection closed inside the body");
        body.extend_from_slice(&chunk[..n]);
    }
    RawAnswer { head, body }
}

/// Whether the endpoint closed `stream`: the next read gives end of file (or a reset).
async fn closed_by_endpoint(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match tokio::time::timeout(READ_BOUND, stream.read(&mut byte)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(_)) => false,
        Err(_) => false,
    }
}

async fn server(poll_timeout: Duration) -> Endpoint {
    endpoint_with(ServerConfig {
        poll_timeout,
        ..ServerConfig::default()
    })
    .await
}

fn addr_of(e: &Endpoint) -> SocketAddr {
    e.server.addr()
}

fn poll_input(list: &str, identity: &str) -> Json {
    json!({"domain": "d", "taskList": {"name": list}, "identity": identity})
}

#[tokio::test]
async fn a_poll_answer_closes_its_connection_for_both_kinds_of_task() {
    let e = server(Duration::from_millis(100)).await;
    e.domain_with_types("d").await;
    e.start("d", "w", "tl").await;
    for (op, list) in [
        ("PollForDecisionTask", "tl"),     // a task
        ("PollForDecisionTask", "empty"),  // the empty answer, after the wait
        ("PollForActivityTask", "acts"),   // the empty answer of the other kind
        ("PollForActivityTask", "nobody"), // again, another list
    ] {
        let mut stream = TcpStream::connect(addr_of(&e)).await.unwrap();
        stream
            .write_all(&raw_request(op, &poll_input(list, "p")))
            .await
            .unwrap();
        let answer = read_answer(&mut stream).await;
        assert!(
            answer.head.starts_with("http/1.1 200"),
            "{op}: {}",
            answer.head
        );
        assert!(
            answer.head.contains("\r\nconnection: close\r\n"),
            "{op} {list}: {}",
            answer.head
        );
        assert!(
            closed_by_endpoint(&mut stream).await,
            "{op} {list}: still open"
        );
    }
    e.server.shutdown().await;
}

#[tokio::test]
async fn a_poll_fault_closes_too_and_every_other_answer_keeps_the_connection() {
    let e = server(Duration::from_millis(100)).await;
    e.domain_with_types("d").await;
    let mut stream = TcpStream::connect(addr_of(&e)).await.unwrap();
    // Three other operations on one connection, a fault among them: each answered, none closes.
    for (op, body) in [
        ("DescribeDomain", json!({"name": "d"})),
        ("DescribeDomain", json!({"name": "absent"})),
        (
            "CountPendingDecisionTasks",
            json!({"domain": "d", "taskList": {"name": "tl"}}),
        ),
    ] {
        stream.write_all(&raw_request(op, &body)).await.unwrap();
        let answer = read_answer(&mut stream).await;
        assert!(
            !answer.head.contains("connection: close"),
            "{op}: {}",
            answer.head
        );
        assert!(!answer.body.is_empty(), "{op}: an answer");
    }
    // A poll of an unknown domain: a fault, and the connection closes after it.
    let body = json!({"domain": "absent", "taskList": {"name": "tl"}});
    stream
        .write_all(&raw_request("PollForDecisionTask", &body))
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await;
    assert!(answer.head.starts_with("http/1.1 400"), "{}", answer.head);
    assert!(
        answer.head.contains("\r\nconnection: close\r\n"),
        "{}",
        answer.head
    );
    assert!(closed_by_endpoint(&mut stream).await);
    e.server.shutdown().await;
}

/// Sends a poll on a connection of its own and drops the connection without reading:
/// a poller that goes away while it waits.
async fn poll_and_vanish(addr: SocketAddr, list: String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = raw_request("PollForDecisionTask", &poll_input(&list, "vanished"));
    stream.write_all(&request).await.unwrap();
    // Long enough for the endpoint to read the request and wait on it.
    tokio::time::sleep(Duration::from_millis(30)).await;
    drop(stream);
}

const LISTS: usize = 4;
const POLLERS: usize = 8;
const EXECUTIONS: usize = 96;
const ROUNDS: usize = 4;

/// Who got which execution's decision task: runId → pollers' identities.
type Deliveries = Arc<Mutex<BTreeMap<String, Vec<String>>>>;

/// One live poller on list `index % LISTS`: polls, completes each execution it gets. Ends
/// when every execution was delivered, or after three empty answers in a row once the
/// starts are over (a task was lost).
async fn poller(
    e: Arc<Endpoint>,
    index: usize,
    deliveries: Deliveries,
    starts_done: Arc<Mutex<bool>>,
) {
    let list = format!("l{}", index % LISTS);
    let identity = format!("p{index}");
    let mut empty_in_a_row = 0;
    while deliveries.lock().unwrap().len() < EXECUTIONS {
        let task = e
            .ok("PollForDecisionTask", poll_input(&list, &identity))
            .await;
        let Some(token) = task["taskToken"].as_str().filter(|t| !t.is_empty()) else {
            empty_in_a_row += 1;
            if empty_in_a_row >= 3 && *starts_done.lock().unwrap() {
                return;
            }
            continue;
        };
        empty_in_a_row = 0;
        let run_id = task["workflowExecution"]["runId"].as_str().unwrap();
        deliveries
            .lock()
            .unwrap()
            .entry(run_id.to_owned())
            .or_default()
            .push(identity.clone());
        let done = decision("CompleteWorkflowExecution", json!({"result": "ok"}));
        let answer = e
            .call(
                "RespondDecisionTaskCompleted",
                json!({"taskToken": token, "decisions": [done]}),
            )
            .await;
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.raw)
        );
    }
}

/// Every execution of `runs` (runId → workflowId) was handed to exactly one live poller:
/// by the pollers' tally, and by its history (one DecisionTaskStarted, by that poller).
async fn assert_delivered_once(
    e: &Endpoint,
    runs: &BTreeMap<String, String>,
    deliveries: &BTreeMap<String, Vec<String>>,
) {
    let twice: Vec<_> = deliveries.iter().filter(|(_, who)| who.len() > 1).collect();
    assert!(twice.is_empty(), "handed out more than once: {twice:?}");
    let lost: Vec<_> = runs
        .keys()
        .filter(|r| !deliveries.contains_key(*r))
        .collect();
    let mut taken_by = Vec::new();
    for run_id in &lost {
        let started = e
            .attrs_of("d", &runs[*run_id], run_id, "DecisionTaskStarted")
            .await;
        taken_by.push(
            started
                .iter()
                .map(|a| a["identity"].clone())
                .collect::<Vec<_>>(),
        );
    }
    assert!(
        lost.is_empty(),
        "never handed to a live poller: {lost:?}, DecisionTaskStarted by {taken_by:?}"
    );
    // Each history: one decision task, started by the live poller that completed it.
    for (run_id, workflow_id) in runs {
        let started = e
            .attrs_of("d", workflow_id, run_id, "DecisionTaskStarted")
            .await;
        let identities: Vec<_> = started.iter().map(|a| a["identity"].clone()).collect();
        assert_eq!(
            identities,
            vec![json!(deliveries[run_id][0])],
            "{workflow_id}"
        );
        let info = e.describe("d", workflow_id, run_id).await;
        assert_eq!(
            info["executionInfo"]["closeStatus"], "COMPLETED",
            "{workflow_id}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_decision_task_reaches_exactly_one_live_poller() {
    let e = Arc::new(server(Duration::from_millis(500)).await);
    e.domain_with_types("d").await;
    let deliveries: Deliveries = Arc::default();
    let starts_done = Arc::new(Mutex::new(false));
    let pollers: Vec<_> = (0..POLLERS)
        .map(|i| {
            tokio::spawn(poller(
                e.clone(),
                i,
                deliveries.clone(),
                starts_done.clone(),
            ))
        })
        .collect();
    // Rounds: while every list is empty, two polls on each list go away mid-wait; then a wave
    // of starts, which wakes them (had the endpoint kept them) with the live pollers.
    let mut runs = BTreeMap::new();
    for round in 0..ROUNDS {
        let vanishing: Vec<_> = (0..LISTS * 2)
            .map(|i| tokio::spawn(poll_and_vanish(addr_of(&e), format!("l{}", i % LISTS))))
            .collect();
        for v in vanishing {
            v.await.unwrap();
        }
        for n in round * EXECUTIONS / ROUNDS..(round + 1) * EXECUTIONS / ROUNDS {
            let workflow_id = format!("w{n}");
            let run_id = e.start("d", &workflow_id, &format!("l{}", n % LISTS)).await;
            runs.insert(run_id, workflow_id);
        }
        // The round is over when its tasks are all delivered (bounded: a lost one ends it).
        for _ in 0..400 {
            if deliveries.lock().unwrap().len() >= runs.len() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
    *starts_done.lock().unwrap() = true;
    for p in pollers {
        p.await.unwrap();
    }
    let deliveries = deliveries.lock().unwrap().clone();
    assert_delivered_once(&e, &runs, &deliveries).await;
    match Arc::try_unwrap(e) {
        Ok(e) => e.server.shutdown().await,
        Err(_) => panic!("a poller still holds the endpoint"),
    }
}
