//! Response snapshots (`swfcheck run --snapshots DIR [--update]`).
//!
//! After a run, each case's main exchange (the response to the case's request,
//! the same for every check group of the case) becomes a snapshot: the HTTP
//! status, the response's media type, whether it carried `x-amzn-RequestId`,
//! and the body (JSON pretty-printed with sorted keys), with the values that
//! change from run to run replaced by stable placeholders ([`redact`]). The
//! snapshot is compared with the accepted one in `DIR` ([`store`]); each case
//! gets one more result, `<case id>/snapshot`:
//!
//! - the same as the accepted snapshot: pass (a stale `.snap.new` is removed);
//! - different, or no accepted snapshot: `snapshot-changed`, with a unified
//!   diff ([`diff`]) in `actual`, and the new snapshot written beside the
//!   accepted one as `<name>.snap.new` for review (`cargo insta review`);
//! - with `--update`: the snapshot is written as `<name>.snap`, any
//!   `.snap.new` removed, and the result passes.
//!
//! ```no_run
//! # fn demo(report: &mut swfcheck::outcome::RunReport) -> Result<(), swfcheck::snapshot::SnapshotError> {
//! use swfcheck::snapshot::{SnapshotConfig, apply};
//!
//! let config = SnapshotConfig::new("fixtures/snapshots/reference", false, "swfcheck-conformance");
//! let summary = apply(report, &config)?;
//! println!("{}", summary.line());
//! # Ok(()) }
//! ```

pub mod compare;
pub mod diff;
mod listing;
pub mod redact;
pub mod store;

use crate::cases::case::Level;
use crate::outcome::RunReport;
use crate::outcome::verdicts::{self, SnapshotFinding};
use crate::outcome::{CaseResult, Evidence, Subject};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use store::SnapshotStore;

/// A body that is not JSON is kept as text up to this many characters.
pub const TEXT_CAP: usize = 4096;

/// The suffix of the result id a case's snapshot adds.
pub const RESULT_SUFFIX: &str = "snapshot";

/// How to snapshot a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotConfig {
    /// The directory of the accepted snapshots.
    pub dir: PathBuf,
    /// Accept every snapshot (write `.snap`, remove `.snap.new`) instead of comparing.
    pub update: bool,
    /// The run's domain (replaced by `[domain]`).
    pub domain: String,
    /// Credential values that must never appear in a snapshot.
    pub secrets: Vec<String>,
}

impl SnapshotConfig {
    /// Snapshots in `dir` for a run in `domain`; the secrets are the credentials of the
    /// environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`),
    /// the ones a run signs with.
    pub fn new(dir: impl Into<PathBuf>, update: bool, domain: &str) -> Self {
        let secrets = crate::credentials::Credentials::from_env()
            .map(|c| c.secrets().into_iter().map(str::to_owned).collect())
            .unwrap_or_default();
        SnapshotConfig {
            dir: dir.into(),
            update,
            domain: domain.to_owned(),
            secrets,
        }
    }

    /// Checks, before a run, that the directory can be used: it must exist, unless
    /// `update` (then it is created).
    pub fn check(&self) -> Result<(), SnapshotError> {
        SnapshotStore::open(&self.dir, self.update).map(|_| ())
    }
}

/// Snapshots that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The directory does not exist (and `--update` was not given).
    #[error(
        "snapshot directory {} does not exist (hint: create it, or record the snapshots with --update)",
        .0.display()
    )]
    Missing(PathBuf),
    /// The path exists but is not a directory.
    #[error("snapshot directory {} is not a directory", .0.display())]
    NotADirectory(PathBuf),
    /// A file or the directory could not be read, written, created or removed.
    #[error(
        "cannot {action} {}: {error} (hint: the snapshot directory must be readable and writable)",
        path.display()
    )]
    Io {
        /// read, write, create or remove.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The I/O error (in the message, so not also a `source` that would print twice).
        error: std::io::Error,
    },
    /// Two case ids map to the same snapshot file.
    #[error(
        "cases {first:?} and {second:?} would share the snapshot file {} (hint: rename one of them)",
        path.display()
    )]
    NameClash {
        /// The first case id.
        first: String,
        /// The second case id.
        second: String,
        /// The file both map to.
        path: PathBuf,
    },
}

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotSummary {
    /// The snapshot directory.
    pub dir: PathBuf,
    /// Whether snapshots were accepted (`--update`).
    pub update: bool,
    /// Cases whose snapshot matched the accepted one.
    pub matched: usize,
    /// Cases whose snapshot differed from the accepted one.
    pub changed: usize,
    /// Cases with no accepted snapshot.
    pub new: usize,
    /// Accepted snapshots written (`--update`).
    pub written: usize,
    /// Pending `.snap.new` files written.
    pub pending: usize,
    /// Cases with no response to snapshot (setup failed, interrupted).
    pub skipped: usize,
}

impl SnapshotSummary {
    /// One line for the terminal.
    pub fn line(&self) -> String {
        let mut out = format!(
            "swfcheck: snapshots in {}: {} matched, {} changed, {} new, {} written",
            self.dir.display(),
            self.matched,
            self.changed,
            self.new,
            self.written
        );
        if self.skipped > 0 {
            let _ = write!(out, ", {} without a response", self.skipped);
        }
        if self.pending > 0 {
            let _ = write!(
                out,
                "; {} pending .snap.new file(s): review with `cargo insta review --workspace-root {}` or accept all with --update",
                self.pending,
                self.dir.display()
            );
        }
        out
    }
}

/// The snapshot of a case's main exchange: the text stored after the file's header.
pub fn content(evidence: &Evidence, ctx: redact::Redaction<'_>) -> String {
    let Some(status) = evidence.status else {
        return "response: none (no answer)".to_owned();
    };
    let header = |name: &str| {
        evidence
            .response_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let media_type = header("content-type")
        .map(|ct| ct.split(';').next().unwrap_or("").trim().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "(none)".to_owned());
    let request_id = header("x-amzn-RequestId");
    let mut out = format!(
        "status: {status}\ncontent-type: {media_type}\nx-amzn-RequestId: {}\n",
        if request_id.is_some() {
            "present"
        } else {
            "absent"
        }
    );
    let ctx = redact::Redaction { request_id, ..ctx };
    let body = evidence.response_body.as_str();
    if body.trim().is_empty() {
        out.push_str("body: empty\n");
    } else if let Ok(mut json) = serde_json::from_str::<serde_json::Value>(body) {
        listing::own_executions_only(&mut json, &evidence.request_body, ctx.prefix);
        listing::run_domain_only(&mut json, ctx.domain);
        let json = redact::json(&json, ctx);
        let pretty = serde_json::to_string_pretty(&json).unwrap_or_default();
        let _ = writeln!(out, "body (JSON):\n{pretty}");
    } else {
        let body = crate::outcome::secrets::text(body, ctx.secrets);
        let total = body.chars().count();
        let kept: String = body.chars().take(TEXT_CAP).collect();
        let _ = writeln!(out, "body (not JSON):\n{}", redact::text(&kept, ctx));
        if total > TEXT_CAP {
            let _ = writeln!(out, "[... {} more characters]", total - TEXT_CAP);
        }
    }
    crate::outcome::secrets::text(&out, ctx.secrets)
}

/// The case id a result belongs to (its own id for results made without one).
fn case_of(r: &CaseResult) -> &str {
    if r.case_id.is_empty() {
        &r.id
    } else {
        &r.case_id
    }
}

/// Snapshots every case of `report` and adds a `<case id>/snapshot` result after each
/// case's results; see the module documentation.
pub fn apply(
    report: &mut RunReport,
    config: &SnapshotConfig,
) -> Result<SnapshotSummary, SnapshotError> {
    let store = SnapshotStore::open(&config.dir, config.update)?;
    let mut summary = SnapshotSummary {
        dir: config.dir.clone(),
        update: config.update,
        ..SnapshotSummary::default()
    };
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    // (index after which to insert, result)
    let mut added: Vec<(usize, CaseResult)> = Vec::new();
    let results = &report.results;
    let mut start = 0;
    while start < results.len() {
        let case_id = case_of(&results[start]);
        let len = results[start..]
            .iter()
            .take_while(|r| case_of(r) == case_id)
            .count();
        let group = &results[start..start + len];
        let path = store.accepted_path(case_id);
        if let Some(first) = files.insert(path.clone(), case_id.to_owned()) {
            if first != case_id {
                return Err(SnapshotError::NameClash {
                    first,
                    second: case_id.to_owned(),
                    path,
                });
            }
        }
        let result = snapshot_case(&store, group, &report.prefix, config, &mut summary)?;
        added.push((start + len, result));
        start += len;
    }
    let mut merged = Vec::with_capacity(report.results.len() + added.len());
    let mut added = added.into_iter().peekable();
    for (i, r) in std::mem::take(&mut report.results).into_iter().enumerate() {
        while let Some((_, extra)) = added.next_if(|(at, _)| *at == i) {
            merged.push(extra);
        }
        merged.push(r);
    }
    merged.extend(added.map(|(_, extra)| extra));
    report.results = merged;
    Ok(summary)
}

/// The snapshot result of one case (`group`: its results).
fn snapshot_case(
    store: &SnapshotStore,
    group: &[CaseResult],
    prefix: &str,
    config: &SnapshotConfig,
    summary: &mut SnapshotSummary,
) -> Result<CaseResult, SnapshotError> {
    let first = &group[0];
    let case_id = case_of(first).to_owned();
    let accepted_path = store.accepted_path(&case_id);
    let evidence = group.iter().find_map(|r| r.evidence.as_ref());
    let subject = Subject {
        id: format!("{case_id}/{RESULT_SUFFIX}"),
        case_id: case_id.clone(),
        check: Some(RESULT_SUFFIX.into()),
        expects_fault: None,
        operation: first.operation.clone(),
        level: Level::Should,
        source: format!(
            "snapshot of the accepted response ({})",
            config.dir.display()
        ),
        category: first.category.clone(),
        variation: first.variation,
        member: first.member.clone(),
        origin: first.origin.clone(),
    };
    let finding = match evidence {
        None => {
            summary.skipped += 1;
            SnapshotFinding::NoResponse
        }
        Some(evidence) => finding(store, &case_id, evidence, prefix, config, summary)?,
    };
    let mut result = verdicts::of_snapshot(subject, &finding);
    result.expected = format!("the response accepted in {}", accepted_path.display());
    result.evidence = evidence.cloned();
    Ok(result)
}

/// What comparing `evidence` with the accepted snapshot of `case_id` found (and, with
/// `--update`, the snapshot accepted; otherwise a pending `.snap.new` when it differs).
fn finding(
    store: &SnapshotStore,
    case_id: &str,
    evidence: &Evidence,
    prefix: &str,
    config: &SnapshotConfig,
    summary: &mut SnapshotSummary,
) -> Result<SnapshotFinding, SnapshotError> {
    let ctx = redact::Redaction {
        prefix,
        domain: &config.domain,
        request_id: None,
        secrets: &config.secrets,
    };
    let actual = content(evidence, ctx);
    let accepted = store.accepted(case_id)?;
    match &accepted {
        Some(a) if a == actual.trim_end() => {
            summary.matched += 1;
            store.discard_pending(case_id)?;
            return Ok(SnapshotFinding::Matched);
        }
        Some(_) => summary.changed += 1,
        None => summary.new += 1,
    }
    let name = |p: &Path| p.display().to_string();
    if config.update {
        let written = store.accept(case_id, &actual)?;
        store.discard_pending(case_id)?;
        summary.written += 1;
        return Ok(SnapshotFinding::Accepted(name(&written)));
    }
    let pending = store.propose(case_id, &actual)?;
    summary.pending += 1;
    let diff = diff::unified(
        accepted.as_deref().unwrap_or(""),
        actual.trim_end(),
        &name(&store.accepted_path(case_id)),
        &name(&pending),
    );
    let diff = diff.trim_end();
    let text = match accepted {
        Some(_) => format!("the response differs from the accepted snapshot:\n{diff}"),
        None => format!(
            "no accepted snapshot exists; the response is in {} (hint: review it, or accept with --update):\n{diff}",
            name(&pending)
        ),
    };
    Ok(SnapshotFinding::Changed {
        accepted: accepted.is_some(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Verdict;

    fn evidence(status: u16, headers: &[(&str, &str)], body: &str) -> Evidence {
        Evidence {
            status: Some(status),
            response_headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            response_body: body.to_owned(),
            ..Evidence::default()
        }
    }

    fn ctx(secrets: &[String]) -> redact::Redaction<'_> {
        redact::Redaction {
            prefix: "swfcheck-12345678",
            domain: "swfcheck-conformance",
            request_id: None,
            secrets,
        }
    }

    #[test]
    fn status_media_type_request_id_presence_and_body() {
        let e = evidence(
            400,
            &[
                ("content-type", "application/x-amz-json-1.0; charset=utf-8"),
                ("x-amzn-requestid", "0f0e0d0c-0b0a-4000-8000-000000000001"),
            ],
            r#"{"message":"Unknown domain: swfcheck-conformance (request 0f0e0d0c-0b0a-4000-8000-000000000001)","__type":"com.amazonaws.swf.base.model#UnknownResourceFault"}"#,
        );
        assert_eq!(
            content(&e, ctx(&[])),
            "status: 400\ncontent-type: application/x-amz-json-1.0\nx-amzn-RequestId: present\nbody (JSON):\n{\n  \"__type\": \"com.amazonaws.swf.base.model#UnknownResourceFault\",\n  \"message\": \"Unknown domain: [domain] (request [requestId])\"\n}\n"
        );
        let empty = evidence(200, &[], "");
        assert_eq!(
            content(&empty, ctx(&[])),
            "status: 200\ncontent-type: (none)\nx-amzn-RequestId: absent\nbody: empty\n"
        );
        let none = Evidence::default();
        assert_eq!(content(&none, ctx(&[])), "response: none (no answer)");
    }

    #[test]
    fn text_bodies_are_capped_and_secrets_redacted() {
        let secret = "swfcheckFakeSecretKey/0123456789".to_owned();
        let body = format!("<html>{secret}{}</html>", "x".repeat(TEXT_CAP));
        let e = evidence(500, &[("content-type", "text/html")], &body);
        let out = content(&e, ctx(std::slice::from_ref(&secret)));
        assert!(!out.contains(&secret), "{out}");
        assert!(
            out.contains("body (not JSON):\n<html><redacted>xxx"),
            "{out}"
        );
        assert!(out.ends_with("more characters]\n"), "{out}");
    }

    fn result(case_id: &str, check: Option<&str>, e: Option<Evidence>) -> CaseResult {
        let id = check.map_or(case_id.to_owned(), |c| format!("{case_id}/{c}"));
        let mut r = crate::outcome::result::fixtures::result(&id, Verdict::Pass, Level::Must);
        r.case_id = case_id.into();
        r.category = Some("boundaries".into());
        r.evidence = e.map(std::sync::Arc::new);
        r
    }

    fn report(body: &str) -> RunReport {
        let e = evidence(400, &[("content-type", "application/json")], body);
        RunReport {
            endpoint: "http://127.0.0.1:1/".into(),
            started: String::new(),
            prefix: "swfcheck-12345678".into(),
            domain: "swfcheck-conformance".into(),
            notes: Vec::new(),
            replay_args: Vec::new(),
            results: vec![
                result("t/a", None, Some(e.clone())),
                result("t/a", Some("message"), Some(e.clone())),
                result("t/b", None, Some(e)),
                result("t/c", None, None),
            ],
            interrupted: false,
            cleaned_up: 0,
            cleanup_errors: Vec::new(),
            compared: None,
            aborted: None,
        }
    }

    fn ids(report: &RunReport) -> Vec<(&str, Verdict)> {
        report
            .results
            .iter()
            .map(|r| (r.id.as_str(), r.verdict))
            .collect()
    }

    #[test]
    fn apply_adds_one_result_per_case_and_follows_update() {
        // Removed on drop, also when the test fails; `snapshots` does not exist yet.
        let tmp = tempfile::Builder::new()
            .prefix("swfcheck-apply-")
            .tempdir()
            .unwrap();
        let dir = tmp.path().join("snapshots");
        let config = SnapshotConfig {
            dir: dir.clone(),
            update: true,
            domain: "swfcheck-conformance".into(),
            secrets: Vec::new(),
        };
        let mut recorded = report(r#"{"message": "one"}"#);
        let summary = apply(&mut recorded, &config).map_err(|e| e.to_string());
        assert_eq!(
            summary.as_ref().map(|s| (s.new, s.written, s.skipped)),
            Ok((2, 2, 1))
        );
        assert_eq!(
            ids(&recorded),
            vec![
                ("t/a", Verdict::Pass),
                ("t/a/message", Verdict::Pass),
                ("t/a/snapshot", Verdict::Pass),
                ("t/b", Verdict::Pass),
                ("t/b/snapshot", Verdict::Pass),
                ("t/c", Verdict::Pass),
                ("t/c/snapshot", Verdict::Skipped),
            ]
        );
        let snapshot = &recorded.results[2];
        assert_eq!(snapshot.level, Level::Should);
        assert_eq!(snapshot.category.as_deref(), Some("boundaries"));
        assert!(dir.join("t__a.snap").is_file());

        let compare = SnapshotConfig {
            update: false,
            ..config.clone()
        };
        let mut same = report(r#"{"message": "one"}"#);
        let summary = apply(&mut same, &compare).map_err(|e| e.to_string());
        assert_eq!(
            summary.as_ref().map(|s| (s.matched, s.changed, s.pending)),
            Ok((2, 0, 0))
        );

        let mut changed = report(r#"{"message": "two"}"#);
        let summary = apply(&mut changed, &compare).map_err(|e| e.to_string());
        assert_eq!(summary.as_ref().map(|s| (s.changed, s.pending)), Ok((2, 2)));
        let r = &changed.results[2];
        assert_eq!(r.verdict, Verdict::SnapshotChanged);
        assert!(r.counts);
        assert!(
            r.actual
                .contains("\n-  \"message\": \"one\"\n+  \"message\": \"two\"\n"),
            "{}",
            r.actual
        );
        assert!(dir.join("t__a.snap.new").is_file());

        let mut accepted = report(r#"{"message": "two"}"#);
        assert!(apply(&mut accepted, &config).is_ok());
        assert!(!dir.join("t__a.snap.new").exists());
        let mut again = report(r#"{"message": "two"}"#);
        let summary = apply(&mut again, &compare).map_err(|e| e.to_string());
        assert_eq!(summary.as_ref().map(|s| s.matched), Ok(2));
    }

    #[test]
    fn case_ids_that_share_a_file_are_an_error() {
        let tmp = tempfile::Builder::new()
            .prefix("swfcheck-clash-")
            .tempdir()
            .unwrap();
        let dir = tmp.path().join("snapshots");
        let config = SnapshotConfig {
            dir: dir.clone(),
            update: true,
            domain: "d".into(),
            secrets: Vec::new(),
        };
        let mut r = report("{}");
        r.results[0].case_id = "x/y".into();
        r.results[1].case_id = "x__y".into();
        let err = apply(&mut r, &config)
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(
            err.as_ref().is_err_and(|e| e.contains("would share")),
            "{err:?}"
        );
    }
}
