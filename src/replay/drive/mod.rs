//! Carrying out a [`Script`] against an endpoint: the calls with the run's names, the decider's
//! and the workers' polls and answers with the tokens the endpoint hands out, the children's
//! closes, and the deadlines ([`super::time`]). A step the endpoint refuses is noted and the
//! replay goes on; one that leaves nothing to go on with (an empty poll, a refused decision)
//! stops it, and the comparison then shows where the endpoint went its own way.

mod checks;
mod waits;
mod workers;

use super::events::attrs;
use super::names::{Names, Prefixed, RunRef, Slot, Slotted};
use super::script::{ApiCall, Cue, CueKind, Script};
use super::time::{ReplayClock, Waited};
use crate::outcome::TransportError;
use crate::run::swf::{CallError, ExecutionRef, Swf};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Why a replay could not happen at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum DriveError {
    /// The endpoint did not answer.
    #[error("the endpoint cannot be reached: {0} (hint: is it running? --endpoint URL)")]
    Unreachable(String),
    /// The replay's own setup (its domain, its types) was refused.
    #[error("the replay's setup failed: {0} (hint: is the endpoint an SWF endpoint?)")]
    Setup(String),
    /// The admin clock refused to move.
    #[error(transparent)]
    Clock(#[from] super::time::ClockError),
}

/// Something the endpoint answered that is not what the history shows, outside the history
/// itself: a task handed out with other members, an execution described otherwise.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mismatch {
    /// The recorded event it concerns (0: the execution as a whole).
    pub event: i64,
    /// What was compared (`the decision task's workflowType`).
    pub what: String,
    /// What the history shows.
    pub recorded: Json,
    /// What the endpoint answered (the run's names mapped back).
    pub written: Json,
}

/// What the replay met on its way, besides the history it made.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReplayJournal {
    /// Answers that are not what the history shows (each a difference).
    pub mismatches: Vec<Mismatch>,
    /// Steps the endpoint refused, and other things worth saying.
    pub notes: Vec<String>,
    /// The deadlines, and how each was met.
    pub waited: Vec<Waited>,
    /// Why the replay stopped before the end of the history, if it did.
    pub stopped: Option<String>,
}

/// What stops a replay: nothing, or the reason.
type Flow = Result<Option<String>, DriveError>;

/// A replay in progress against one endpoint.
pub struct Driver<'a> {
    swf: &'a Swf,
    clock: ReplayClock,
    recorded: &'a [Json],
    /// The run's names.
    pub names: Prefixed,
    decision_tokens: HashMap<usize, String>,
    activity_tokens: HashMap<String, String>,
    heartbeats: HashMap<String, f64>,
    /// What happened.
    pub journal: ReplayJournal,
}

fn is_unreachable(e: &CallError) -> bool {
    matches!(
        e,
        CallError::Transport {
            source: TransportError::Connect(_),
            ..
        }
    )
}

impl<'a> Driver<'a> {
    /// A driver of `recorded`'s replay through `swf`, with these names and this clock.
    pub fn new(swf: &'a Swf, clock: ReplayClock, recorded: &'a [Json], names: Prefixed) -> Self {
        Driver {
            swf,
            clock,
            recorded,
            names,
            decision_tokens: HashMap::new(),
            activity_tokens: HashMap::new(),
            heartbeats: HashMap::new(),
            journal: ReplayJournal::default(),
        }
    }

    /// The replayed execution (its run id empty when it never started).
    pub fn execution(&self) -> ExecutionRef {
        ExecutionRef {
            domain: self.names.domain(),
            workflow_id: self.names.workflow(0),
            run_id: self.names.started.get(&0).cloned().unwrap_or_default(),
        }
    }

    /// Registers the domain and the types, then carries out every cue until one stops the
    /// replay.
    pub async fn drive(&mut self, script: &Script) -> Result<(), DriveError> {
        let domain = self.names.domain();
        self.swf
            .ensure_domain(&domain)
            .await
            .map_err(|e| match is_unreachable(&e) {
                true => DriveError::Unreachable(e.to_string()),
                false => DriveError::Setup(e.to_string()),
            })?;
        for call in &script.setup {
            let body = call.body.render(&self.names);
            match self.swf.call(&call.operation, body).await {
                Ok(_) => {}
                Err(e) if e.fault() == Some("TypeAlreadyExistsFault") => {}
                Err(e) => return Err(DriveError::Setup(e.to_string())),
            }
        }
        for cue in &script.cues {
            if let Some(reason) = self.cue(cue).await? {
                self.journal.stopped = Some(format!("at event {}: {reason}", cue.event));
                break;
            }
        }
        Ok(())
    }

    async fn cue(&mut self, cue: &Cue) -> Flow {
        let n = cue.event;
        match &cue.kind {
            CueKind::ApiCall(call) => self.call(n, call).await,
            CueKind::PollDecision {
                workflow,
                task_list,
                identity,
                expect,
            } => {
                let list = self.names.task_list(*task_list);
                match self.poll("PollForDecisionTask", &list, identity).await? {
                    Ok((token, answer)) => {
                        self.check_task(n, "decision", &answer, expect);
                        self.decision_tokens.insert(*workflow, token);
                        Ok(None)
                    }
                    Err(why) => Ok(Some(format!("no decision task was handed out ({why})"))),
                }
            }
            CueKind::Decide {
                workflow,
                decisions,
                context,
            } => {
                let Some(token) = self.decision_tokens.remove(workflow) else {
                    return Ok(Some("no decision task in hand to answer".into()));
                };
                self.respond(&token, decisions, context.as_deref()).await
            }
            CueKind::PollActivity {
                activity,
                task_list,
                identity,
                expect,
            } => {
                let list = self.names.task_list(*task_list);
                match self.poll("PollForActivityTask", &list, identity).await? {
                    Ok((token, answer)) => {
                        self.check_task(n, "activity", &answer, expect);
                        self.activity_tokens.insert(activity.clone(), token);
                        Ok(None)
                    }
                    Err(why) => Ok(Some(format!(
                        "no activity task for {activity:?} was handed out ({why})"
                    ))),
                }
            }
            CueKind::Heartbeat { activity, details } => {
                self.heartbeat(n, activity, details.as_ref()).await
            }
            CueKind::Answer {
                activity,
                operation,
                body,
            } => self.answer(n, activity, operation, body).await,
            CueKind::CloseChild {
                workflow,
                task_list,
                decision,
            } => self.close_child(n, *workflow, *task_list, decision).await,
            CueKind::ContinueInto {
                task_list,
                decision,
            } => self.continue_into(*task_list, decision).await,
            CueKind::Await(deadline) => self.wait(n, deadline).await,
        }
    }

    /// Sends `operation`; a transport failure that means no endpoint is fatal.
    pub(super) async fn send(
        &self,
        operation: &str,
        body: Json,
    ) -> Result<Result<Json, CallError>, DriveError> {
        match self.swf.call(operation, body).await {
            Err(e) if is_unreachable(&e) => Err(DriveError::Unreachable(e.to_string())),
            other => Ok(other),
        }
    }

    async fn call(&mut self, n: i64, call: &ApiCall) -> Flow {
        self.resolve_runs(&call.body).await?;
        let body = call.body.render(&self.names);
        match self.send(&call.operation, body).await? {
            Ok(answer) => {
                if let (Some(w), Some(run)) = (call.learns, answer["runId"].as_str()) {
                    self.names.started.insert(w, run.to_owned());
                }
                Ok(None)
            }
            Err(e) if call.learns == Some(0) => {
                Ok(Some(format!("the execution could not start: {e}")))
            }
            Err(e) => {
                self.journal.notes.push(format!("event {n}: {e}"));
                Ok(None)
            }
        }
    }

    /// The written history of the replayed execution (empty when it cannot be read).
    pub async fn written(&self) -> Result<Vec<Json>, DriveError> {
        let ex = self.execution();
        if ex.run_id.is_empty() {
            return Ok(Vec::new());
        }
        match self.swf.history(&ex).await {
            Ok(events) => Ok(events),
            Err(e) if is_unreachable(&e) => Err(DriveError::Unreachable(e.to_string())),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// Learns the run ids `body` needs from the written history, waiting a little for the
    /// events that show them (a child's start may be written after the decision's answer).
    async fn resolve_runs(&mut self, body: &Slotted) -> Result<(), DriveError> {
        let wanted: Vec<(i64, Vec<String>)> = body
            .slots
            .iter()
            .filter_map(|(_, s)| match s {
                Slot::Run(RunRef::Event { event, path }) => Some((*event, path.clone())),
                _ => None,
            })
            .filter(|key| !self.names.seen.contains_key(key))
            .collect();
        let started = Instant::now();
        for key in wanted {
            loop {
                let written = self.written().await?;
                let value = written
                    .get((key.0 as usize).wrapping_sub(1))
                    .map(|e| key.1.iter().fold(attrs(e), |v, k| &v[k.as_str()]))
                    .and_then(Json::as_str);
                if let Some(run) = value {
                    self.names.seen.insert(key.clone(), run.to_owned());
                    break;
                }
                if started.elapsed() > Duration::from_secs(5) {
                    self.journal.notes.push(format!(
                        "event {}: the written history shows no run id there",
                        key.0
                    ));
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Ok(())
    }

    /// Terminates every execution of the replay that is still open (its children, its
    /// stand-ins, itself when the history left it open).
    pub async fn clean_up(&self) {
        let domain = self.names.domain();
        let Ok(open) = self.swf.open_with_prefix(&domain, &self.names.prefix).await else {
            return;
        };
        for ex in open {
            let _ = self.swf.terminate(&ex, "swfcheck replay: cleanup").await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::replay::time::ReplayClock;
    use crate::run::client::Client;
    use crate::server::state::clock::{Clock, ManualClock};

    async fn endpoint() -> (crate::server::RunningServer, Swf, ReplayClock) {
        let config = crate::server::ServerConfig {
            poll_timeout: Duration::from_millis(200),
            clock: Clock::Manual(ManualClock::new(1000.0)),
            ..Default::default()
        };
        let server = crate::server::start("127.0.0.1:0", config).await.unwrap();
        let url: reqwest::Url = format!("http://{}/", server.addr()).parse().unwrap();
        let client = Client::new(
            url,
            "us-east-1".into(),
            "swf".into(),
            Credentials::dummy(),
            Duration::from_secs(5),
        )
        .unwrap();
        let base = format!("http://{}", server.addr());
        let clock = ReplayClock::detect(None, &base, Duration::from_secs(1))
            .await
            .unwrap();
        (server, Swf::new(client), clock)
    }

    fn fixture(name: &str) -> Vec<Json> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::replay::read::read_file(&dir.join("fixtures/histories/replays").join(name)).unwrap()
    }

    fn names(script: &Script) -> Prefixed {
        Prefixed {
            domain: "d".into(),
            prefix: "t-".into(),
            table: script.table.clone(),
            ..Prefixed::default()
        }
    }

    #[tokio::test]
    async fn a_script_carried_out_writes_its_history_and_meets_its_deadline() {
        let (server, swf, clock) = endpoint().await;
        let recorded = fixture("activity-heartbeat.json");
        let script = crate::replay::derive::derive(&recorded).unwrap();
        let mut driver = Driver::new(&swf, clock, &recorded, names(&script));
        driver.drive(&script).await.unwrap();
        let written = driver.written().await.unwrap();
        assert_eq!(written.len(), recorded.len());
        assert_eq!(driver.execution().workflow_id, "t-w0");
        assert_eq!(driver.journal.waited.len(), 1);
        assert_eq!(driver.journal.waited[0].how, "advanced the clock 2 s");
        assert!(driver.journal.stopped.is_none() && driver.journal.mismatches.is_empty());
        // The heartbeat's details reached the timeout event.
        let timed_out = &written[6]["activityTaskTimedOutEventAttributes"];
        assert_eq!(timed_out["details"], "at 1 s");
        driver.clean_up().await;
        server.shutdown().await;
    }

    #[tokio::test]
    async fn a_task_that_never_comes_stops_the_replay() {
        let (server, swf, clock) = endpoint().await;
        // The TimerFired left out: nothing schedules the decision task the history polls.
        let mut recorded = fixture("timer-fired.json");
        recorded.truncate(5);
        let mut script = crate::replay::derive::derive(&recorded).unwrap();
        let poll = CueKind::PollDecision {
            workflow: 0,
            task_list: 1,
            identity: "x".into(),
            expect: serde_json::json!({}),
        };
        script.cues.push(Cue {
            event: 8,
            kind: poll,
        });
        let mut driver = Driver::new(&swf, clock, &recorded, names(&script));
        driver.drive(&script).await.unwrap();
        let stopped = driver.journal.stopped.clone().unwrap_or_default();
        assert!(
            stopped.starts_with("at event 8: no decision task was handed out"),
            "{stopped}"
        );
        // The execution is left open by the history: the cleanup terminates it.
        driver.clean_up().await;
        assert!(swf.open_with_prefix("d", "t-").await.unwrap().is_empty());
        server.shutdown().await;
    }

    #[tokio::test]
    async fn no_endpoint_is_an_error_not_a_difference() {
        let (server, swf, clock) = endpoint().await;
        server.shutdown().await;
        let recorded = fixture("marker.json");
        let script = crate::replay::derive::derive(&recorded).unwrap();
        let mut driver = Driver::new(&swf, clock, &recorded, names(&script));
        let err = driver.drive(&script).await.unwrap_err();
        assert!(matches!(err, DriveError::Unreachable(_)), "{err}");
    }
}
