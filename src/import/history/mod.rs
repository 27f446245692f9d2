//! `swfcheck import` of a recorded history: a case whose steps are its replay (the types
//! registered, the start, each decider's and worker's poll and answer with the tokens of the
//! polls' answers, signals, children closed, a pause for each deadline), and whose request
//! reads the history written, which must hold the recorded events in order (names as the case
//! writes them, timestamps and run ids left out). A history becomes a regression test that
//! `swfcheck run --cases` runs against any endpoint, in real time.

mod expected;
mod steps;

use super::ImportError;
use crate::record::Summary;
use crate::replay::events::kind;
use crate::replay::names::{Names, RunRef};
use serde_json::{Value as Json, json};
use std::fmt::Write as _;
use std::path::Path;

/// Whether `text` is a history (`{"events": [...]}`, pages joined).
pub fn is_history(text: &str) -> bool {
    crate::replay::read::parse(text).is_ok()
}

/// The names a case writes: `${workflowId}-w<i>` and the like, run ids from the answers.
pub(crate) struct Templates<'a> {
    pub(crate) recorded: &'a [Json],
    /// The step whose answer holds the written history (for run ids shown in it).
    pub(crate) history_step: Option<usize>,
    /// The replayed run's id, when it is not the one its start gave (a continued run).
    pub(crate) main_run: Option<String>,
}

impl Names for Templates<'_> {
    fn domain(&self) -> String {
        "${domain}".into()
    }
    fn workflow(&self, i: usize) -> String {
        format!("${{workflowId}}-w{i}")
    }
    fn task_list(&self, i: usize) -> String {
        format!("${{workflowId}}-l{i}")
    }
    fn type_name(&self, i: usize) -> String {
        format!("${{workflowId}}-t{i}")
    }
    fn run(&self, r: &RunRef) -> Option<String> {
        match r {
            RunRef::Started(0) if self.main_run.is_some() => self.main_run.clone(),
            RunRef::Started(i) => Some(format!("${{runIdOf:${{workflowId}}-w{i}}}")),
            RunRef::Event { event, path } => {
                let e = self.recorded.get((*event as usize).checked_sub(1)?)?;
                let key = crate::model::event_attributes_key(kind(e));
                let step = self.history_step?;
                Some(format!(
                    "${{answer:{step}:events.{}.{key}.{}}}",
                    event - 1,
                    path.join(".")
                ))
            }
            RunRef::Recorded(run) => Some(escape(run)),
        }
    }
}

pub(crate) fn escape(s: &str) -> String {
    s.replace("${", "${dollar}{")
}

/// Every string of `v` escaped (a recorded value never reads as a template).
pub(crate) fn escaped(v: &Json) -> Json {
    match v {
        Json::String(s) => Json::String(escape(s)),
        Json::Array(items) => Json::Array(items.iter().map(escaped).collect()),
        Json::Object(map) => {
            Json::Object(map.iter().map(|(k, v)| (k.clone(), escaped(v))).collect())
        }
        other => other.clone(),
    }
}

pub(crate) fn toml(v: &Json) -> String {
    crate::cases::check_table::to_toml(v)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// The events of the history `text` (read from `input`), checked: self-consistent, and one
/// a case can replay.
pub fn events_of(input: &Path, text: &str) -> Result<Vec<Json>, ImportError> {
    let bad = |reason: String| ImportError::History {
        path: input.to_owned(),
        reason,
    };
    let events = crate::replay::read::parse(text).map_err(bad)?;
    crate::replay::read::consistent(&events).map_err(|e| bad(e.to_string()))?;
    if events.len() > 1000 {
        return Err(bad(format!(
            "{} events: a case reads one page of history, at most 1000 (hint: `swfcheck replay` reads every page)",
            events.len()
        )));
    }
    let script = crate::replay::derive::derive(&events).map_err(|e| bad(e.to_string()))?;
    steps::steps(&script, &events, input)?;
    Ok(events)
}

/// Writes the case of the history `events` (read from `input`, [`events_of`]) to `out` as case
/// `id`.
pub fn write_case(
    input: &Path,
    events: &[Json],
    out: &Path,
    id: &str,
) -> Result<Summary, ImportError> {
    let bad = |reason: String| ImportError::History {
        path: input.to_owned(),
        reason,
    };
    let script = crate::replay::derive::derive(events).map_err(|e| bad(e.to_string()))?;
    let events = events.to_vec();
    let mut s = steps::steps(&script, &events, input)?;
    let file = input.file_name().unwrap_or_default().to_string_lossy();
    let mut head = String::from(
        "# A recorded history replayed step by step (`swfcheck import`): its types, its start, each\n# decider's and worker's poll and answer, its signals, children and deadlines (real time);\n# the history written must hold the recorded events in order.\n",
    );
    for note in &script.notes {
        let _ = writeln!(head, "# note: {note}");
    }
    let _ = write!(
        head,
        "\n[[case]]\nid = {}\noperation = \"GetWorkflowExecutionHistory\"\nlevel = \"should\"\n",
        toml(&json!(id))
    );
    let source =
        format!("recorded in {file} (seen: the history an endpoint wrote for this workflow)");
    let _ = write!(
        head,
        "source = {}\nsetup = \"domain\"\ncategory = \"replay\"\n",
        toml(&json!(escape(&source)))
    );
    let request = json!({"domain": "${domain}", "execution": {"workflowId": s.names.workflow(0), "runId": s.names.run(&RunRef::Started(0))}});
    let want = expected::expected(&events, &script.table, &s.names);
    let mut text = head + &s.text;
    let _ = write!(
        text,
        "\n[case.request]\nbody = {}\n\n[[case.check]]\nstatus = 200\narray_elements = {}\n",
        toml(&request),
        toml(&json!({"events": want}))
    );
    s.summary.references = text.matches("${answer:").count() + text.matches("${runIdOf:").count();
    std::fs::write(out, text).map_err(|source| ImportError::OutDir {
        path: out.to_owned(),
        source,
    })?;
    crate::cases::file::load_path(out)
        .map_err(|e| bad(format!("the case written does not load: {e}")))?;
    s.summary.exchanges += 1;
    Ok(s.summary)
}
