//! What a run produced: every check group's result, the run's endpoint and prefix, its
//! cleanup and its end; the reports render it, snapshots and baselines compare it.

use super::compared::Compared;
use super::result::CaseResult;

/// What a run produced.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The endpoint's URL.
    pub endpoint: String,
    /// When the run started (RFC 3339, UTC).
    pub started: String,
    /// The run's prefix, `swfcheck-<8 hex>`: every workflowId and task list of the run starts with it.
    pub prefix: String,
    /// The run's domain: the one asked for (`--domain`), or the fresh one the run used when
    /// that one was deprecated and could not be undeprecated (empty in reports that predate it).
    pub domain: String,
    /// What the run found at its start and did about it, a sentence each (a deprecated
    /// domain undeprecated, a fresh domain used, state an earlier run left behind).
    pub notes: Vec<String>,
    /// The arguments of `swfcheck run`, beside `--case ID`, that find a case of this run
    /// again where it ran: `--endpoint URL` (none for the embedded endpoint), `--cases
    /// PATH`, `--random N --seed S`, `--domain NAME`, `--slow`. Empty in reports that
    /// predate it: reproductions then name the endpoint alone.
    pub replay_args: Vec<String>,
    /// One result per check group, in case order.
    pub results: Vec<CaseResult>,
    /// Whether the run was interrupted (Ctrl-C) before every case ran.
    pub interrupted: bool,
    /// Executions terminated, and domains and types deprecated, by cleanup.
    pub cleaned_up: usize,
    /// Cleanup calls that failed.
    pub cleanup_errors: Vec<String>,
    /// With `run --compare URL2`: the second endpoint and every case whose answers differ.
    pub compared: Option<Compared>,
    /// Why the run could not happen, when every case it started ended in an error before
    /// its checks (it then stopped early; the exit status is 2).
    pub aborted: Option<String>,
}

impl RunReport {
    /// The arguments a reproduction gives beside `--case ID` ([`RunReport::replay_args`]).
    pub fn replay(&self) -> Vec<String> {
        match self.replay_args.is_empty() && !self.endpoint.is_empty() {
            true => vec!["--endpoint".into(), self.endpoint.clone()],
            false => self.replay_args.clone(),
        }
    }

    /// Whether every must and should check passed (and no answer was broken).
    pub fn conformant(&self) -> bool {
        self.aborted.is_none()
            && crate::outcome::verdicts::conformant(&self.results, self.interrupted)
    }
}
