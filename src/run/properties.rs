//! `swfcheck prop`: property-based requests against an endpoint. Each operation
//! gets `cases` requests from its strategies ([`crate::generate::strategies`]); a request
//! whose answer breaks a must or should check is shrunk to a minimal one, which is
//! printed with the seed that replays the run.

use super::{RunConfig, RunError, Session};
use crate::generate::strategies::{self, PropRequest};
use crate::model::swf;
use crate::outcome::CaseResult;
use crate::outcome::curl;
use proptest::strategy::{Strategy, ValueTree};

/// How to run the properties.
#[derive(Debug, Clone)]
pub struct PropConfig {
    /// Endpoint, timeout, domain.
    pub run: RunConfig,
    /// Requests per operation.
    pub cases: u32,
    /// The seed; the same seed sends the same requests.
    pub seed: u64,
    /// Only these operations (all but the long polls when empty).
    pub operations: Vec<String>,
    /// At most this many requests while shrinking one failure.
    pub max_shrink_requests: u32,
}

/// A request that broke a property, shrunk.
#[derive(Debug, Clone)]
pub struct PropFailure {
    /// The operation.
    pub operation: String,
    /// The minimal request's body as sent.
    pub body: String,
    /// Which change made it invalid (`<member>/<kind>`), if any.
    pub change: Option<String>,
    /// The checks that did not hold on the minimal request.
    pub results: Vec<CaseResult>,
    /// Requests sent while shrinking.
    pub shrink_requests: u32,
    /// A curl command that sends the minimal request.
    pub curl: Option<String>,
}

/// What a property run found.
#[derive(Debug, Clone)]
pub struct PropReport {
    /// The endpoint.
    pub endpoint: String,
    /// The seed.
    pub seed: u64,
    /// Requests sent (shrinking included).
    pub requests: u64,
    /// Operations exercised.
    pub operations: usize,
    /// One shrunk failure per failing operation.
    pub failures: Vec<PropFailure>,
}

fn failing(results: &[CaseResult]) -> Vec<CaseResult> {
    results.iter().filter(|r| r.counts).cloned().collect()
}

/// The seed of one operation's runner: the run's seed mixed with the operation's name.
fn seed_of(seed: u64, operation: &str) -> u64 {
    super::filter::fnv1a(seed ^ 0x9e37_79b9_7f4a_7c15, operation.as_bytes())
}

/// Runs the properties; `progress` hears the requests sent so far.
pub async fn run(config: &PropConfig, progress: &dyn Fn(u64)) -> Result<PropReport, RunError> {
    let session = Session::open_prepared(&config.run).await?;
    let ops: Vec<_> = swf()
        .operations
        .iter()
        .filter(|o| config.operations.is_empty() || config.operations.contains(&o.name))
        .filter(|o| !crate::generate::from_model::LONG_POLLS.contains(&o.name.as_str()))
        .collect();
    let mut report = PropReport {
        endpoint: session.endpoint.url.to_string(),
        seed: config.seed,
        requests: 0,
        operations: ops.len(),
        failures: Vec::new(),
    };
    let mut index = 0usize;
    for op in ops {
        let strategy = strategies::requests(op);
        let mut runner = strategies::runner(seed_of(config.seed, &op.name), config.cases);
        for _ in 0..config.cases {
            let Ok(mut tree) = strategy.new_tree(&mut runner) else {
                break;
            };
            index += 1;
            report.requests += 1;
            let results = session.run_case(index, &tree.current().case(index)).await;
            progress(report.requests);
            if failing(&results).is_empty() {
                continue;
            }
            let (minimal, results, steps) = shrink(
                &session,
                &mut tree,
                results,
                config.max_shrink_requests,
                &mut index,
            )
            .await;
            report.requests += u64::from(steps);
            report.failures.push(failure(&minimal, results, steps));
            break;
        }
    }
    session.close(config.run.jobs).await;
    Ok(report)
}

/// Simplifies while the request still fails; returns the last failing request.
async fn shrink(
    session: &Session,
    tree: &mut impl ValueTree<Value = PropRequest>,
    results: Vec<CaseResult>,
    budget: u32,
    index: &mut usize,
) -> (PropRequest, Vec<CaseResult>, u32) {
    let mut best = (tree.current(), results);
    let mut steps = 0;
    while steps < budget && tree.simplify() {
        loop {
            *index += 1;
            steps += 1;
            let candidate = tree.current();
            let results = session.run_case(*index, &candidate.case(*index)).await;
            if !failing(&results).is_empty() {
                best = (candidate, results);
                break;
            }
            if steps >= budget || !tree.complicate() {
                return (best.0, best.1, steps);
            }
        }
    }
    (best.0, best.1, steps)
}

fn failure(req: &PropRequest, results: Vec<CaseResult>, steps: u32) -> PropFailure {
    let bad = failing(&results);
    let evidence = results.iter().find_map(|r| r.evidence.as_deref());
    PropFailure {
        operation: req.operation.name.clone(),
        body: evidence.map_or_else(
            || serde_json::to_string(&req.body).unwrap_or_default(),
            |e| e.request_body.clone(),
        ),
        change: req.mutation().map(|m| format!("{}/{}", m.member, m.kind)),
        results: bad,
        shrink_requests: steps,
        curl: evidence.map(curl::command),
    }
}

/// The report for a terminal: each failure with its minimal request and how to replay it.
pub fn render(report: &PropReport, cases: u32) -> String {
    let mut out = String::new();
    for f in &report.failures {
        out.push_str(&format!(
            "swfcheck prop: {} fails; minimal request after {} shrink step(s):\n  body: {}\n",
            f.operation, f.shrink_requests, f.body
        ));
        if let Some(change) = &f.change {
            out.push_str(&format!("  invalid member: {change}\n"));
        }
        for r in &f.results {
            out.push_str(&format!(
                "  [{}] {}: {}\n  source: {}\n",
                r.level, r.verdict, r.actual, r.source
            ));
        }
        out.push_str(&format!(
            "  replay: swfcheck prop --seed {} --operation {} --cases {cases}\n",
            report.seed, f.operation
        ));
        if let Some(c) = &f.curl {
            out.push_str(&format!("  curl: {c}\n"));
        }
    }
    out.push_str(&format!(
        "swfcheck prop: {} request(s) over {} operation(s), seed {}: {} failing operation(s)\n",
        report.requests,
        report.operations,
        report.seed,
        report.failures.len()
    ));
    out
}
