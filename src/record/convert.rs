//! Exchanges → one case file: steps in order, the last exchange as the case's own
//! request, ids and tokens from earlier answers turned into references.
//!
//! Memory stays bounded on long recordings: steps are written to a side file as
//! they come (only the last exchange is held back, to become the case's request),
//! and at most [`MAX_REFERENCES`] recorded ids are remembered for references.

use super::RecordedExchange;
use crate::cases::template::{NULL, id_leaves};
use crate::check::recorded_shape as shape;
use crate::model::{Operation, swf};
use crate::outcome::exchange::fault_of;
use crate::wire::target::operation_for_target;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Ids remembered for references; older ones are forgotten first.
pub const MAX_REFERENCES: usize = 100_000;

/// Why a case file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The case file (or its side file) could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not one exchange was an SWF request.
    #[error(
        "nothing to write to {path}: no SWF request was recorded ({skipped} other request(s) skipped) (hint: point the client at the proxy, e.g. --endpoint-url)"
    )]
    Empty {
        /// The case file that was not written.
        path: PathBuf,
        /// Requests that were not SWF requests.
        skipped: usize,
    },
    /// The written file does not load back (a defect: please report it).
    #[error("the case file written to {path} does not load back: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The loader's error.
        reason: String,
    },
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// SWF exchanges written (steps and the case's request).
    pub exchanges: usize,
    /// Requests that were not SWF requests (no or unknown target, body not a JSON object).
    pub skipped: usize,
    /// Exchanges per operation.
    pub operations: BTreeMap<String, usize>,
    /// Answers that were faults, by fault name.
    pub faults: BTreeMap<String, usize>,
    /// Request values written as references to an earlier answer.
    pub references: usize,
}

impl Summary {
    /// The summary in a few lines, for the terminal.
    pub fn render(&self, path: &Path) -> String {
        let mut out = format!(
            "{} exchange(s) in one case, written to {}",
            self.exchanges,
            path.display()
        );
        let ops: Vec<String> = self
            .operations
            .iter()
            .map(|(op, n)| format!("{op} {n}"))
            .collect();
        let _ = write!(out, "\n  operations: {}", ops.join(", "));
        if !self.faults.is_empty() {
            let faults: Vec<String> = self
                .faults
                .iter()
                .map(|(f, n)| format!("{f} {n}"))
                .collect();
            let _ = write!(out, "\n  faults: {}", faults.join(", "));
        }
        let _ = write!(
            out,
            "\n  {} id(s) and token(s) written as references to earlier answers; {} non-SWF request(s) skipped",
            self.references, self.skipped
        );
        out
    }
}

/// One exchange ready to be written.
struct Prepared {
    operation: &'static Operation,
    target: Option<String>,
    body: Json,
    status: u16,
    fault: Option<String>,
    answer: Option<Json>,
    /// The answer had no body at all (rather than a body that is not JSON).
    empty: bool,
    /// A setup step the recording did not send: it may get this fault instead of its 2xx.
    or_fault: Option<String>,
}

/// Recorded values and the reference that replaces them.
#[derive(Default)]
struct References {
    by_value: HashMap<String, String>,
    order: VecDeque<String>,
}

impl References {
    /// Remembers the first answer a value came in: later answers that repeat it (a poll
    /// repeats the runId a start gave) keep the earlier, simpler reference.
    fn insert(&mut self, value: String, reference: String) {
        if self.by_value.contains_key(&value) {
            return;
        }
        self.by_value.insert(value.clone(), reference);
        self.order.push_back(value);
        while self.order.len() > MAX_REFERENCES {
            if let Some(old) = self.order.pop_front() {
                self.by_value.remove(&old);
            }
        }
    }
}

/// Writes exchanges, as they come, into one case file.
pub struct CaseWriter {
    path: PathBuf,
    steps_path: PathBuf,
    steps: BufWriter<std::fs::File>,
    id: String,
    source: String,
    written_steps: usize,
    held: Option<Prepared>,
    references: References,
    summary: Summary,
}

impl CaseWriter {
    /// Starts the case `id` (its `source` says where the traffic came from) at `path`.
    pub fn create(path: &Path, id: &str, source: &str) -> Result<Self, ConvertError> {
        let steps_path = side_file(path, "steps");
        let file = std::fs::File::create(&steps_path).map_err(|source| ConvertError::Write {
            path: steps_path.clone(),
            source,
        })?;
        Ok(CaseWriter {
            path: path.to_owned(),
            steps_path,
            steps: BufWriter::new(file),
            id: id.to_owned(),
            source: source.to_owned(),
            written_steps: 0,
            held: None,
            references: References::default(),
            summary: Summary::default(),
        })
    }

    /// What was taken in so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Writes a setup step the recording itself did not send (`swfcheck import` adds what a
    /// recording uses but never registers): `operation` with `body`, a 2xx or `or_fault`
    /// (what exists already). Unknown operations are skipped.
    pub fn push_setup(
        &mut self,
        operation: &str,
        body: &Json,
        or_fault: &str,
    ) -> Result<(), ConvertError> {
        let Some(operation) = swf().operation(operation) else {
            return Ok(());
        };
        let step = Prepared {
            operation,
            target: None,
            body: self.refer(body),
            status: 200,
            fault: None,
            answer: None,
            empty: true,
            or_fault: Some(or_fault.to_owned()),
        };
        if self.written_steps == 0 {
            let note = "\n# Setup the recording needs but never sends (its domains and types existed where it was\n\
                        # recorded): registered first, or found registered already.\n";
            self.steps
                .write_all(note.as_bytes())
                .map_err(|e| self.write_err(e))?;
        }
        self.write_step(&step)
    }

    /// Takes one exchange; requests that are not SWF requests are counted and skipped.
    pub fn push(&mut self, exchange: &RecordedExchange) -> Result<(), ConvertError> {
        let Some(mut prepared) = prepare(exchange) else {
            self.summary.skipped += 1;
            return Ok(());
        };
        if let Some(previous) = self.held.take() {
            self.write_step(&previous)?;
        }
        prepared.body = self.refer(&prepared.body);
        self.summary.exchanges += 1;
        *self
            .summary
            .operations
            .entry(prepared.operation.name.clone())
            .or_default() += 1;
        if let Some(f) = &prepared.fault {
            *self.summary.faults.entry(f.clone()).or_default() += 1;
        }
        self.held = Some(prepared);
        Ok(())
    }

    fn write_err(&self, source: std::io::Error) -> ConvertError {
        ConvertError::Write {
            path: self.steps_path.clone(),
            source,
        }
    }

    fn write_step(&mut self, step: &Prepared) -> Result<(), ConvertError> {
        self.written_steps += 1;
        let mut text = String::from("\n[[case.step]]\n");
        let _ = writeln!(text, "operation = {}", toml_string(&step.operation.name));
        let standard = swf().target_of(step.operation);
        if let Some(t) = step.target.as_ref().filter(|t| **t != standard) {
            let _ = writeln!(text, "target = {}", toml_string(t));
        }
        let _ = writeln!(text, "body = {}", to_toml(&step.body));
        let _ = writeln!(text, "status = {}", step.status);
        if let Some(f) = &step.fault {
            let _ = writeln!(text, "fault = {}", toml_string(f));
        }
        if let Some(f) = &step.or_fault {
            let _ = writeln!(text, "or_fault = {}", toml_string(f));
        }
        if let Some(a) = &step.answer {
            if step.fault.is_none() {
                let shape = shape::of_answer(step.operation.output.as_ref(), a);
                let _ = writeln!(text, "answer_shape = {}", toml_string(&shape.to_string()));
            }
        }
        self.steps
            .write_all(text.as_bytes())
            .map_err(|e| self.write_err(e))?;
        if step.status == 200 {
            self.remember(step);
        }
        Ok(())
    }

    /// Remembers the ids and tokens of a written step's answer.
    fn remember(&mut self, step: &Prepared) {
        let n = self.written_steps;
        let Some(answer) = &step.answer else { return };
        if step.operation.name == "StartWorkflowExecution" {
            let wid = step.body["workflowId"].as_str();
            // A workflowId holding `}` or `$` cannot sit inside `${runIdOf:...}`.
            let plain = wid.filter(|w| !w.contains(['}', '$']));
            if let (Some(run_id), Some(wid)) = (answer["runId"].as_str(), plain) {
                // The body is already written in template form: its workflowId expands as is.
                self.references
                    .insert(run_id.to_owned(), format!("${{runIdOf:{wid}}}"));
                return;
            }
        }
        let mut found = Vec::new();
        id_leaves(answer, "", &mut found);
        for (path, value) in found {
            self.references
                .insert(value, format!("${{answer:{n}:{path}}}"));
        }
    }

    /// The body with recorded ids replaced by references, and `${` escaped elsewhere.
    fn refer(&mut self, body: &Json) -> Json {
        match body {
            Json::String(s) => match self.references.by_value.get(s) {
                Some(r) => {
                    self.summary.references += 1;
                    Json::String(r.clone())
                }
                None => Json::String(escape(s)),
            },
            Json::Array(items) => Json::Array(items.iter().map(|i| self.refer(i)).collect()),
            Json::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (escape(k), self.refer(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Writes the case file: the last exchange as the case's request, then the steps.
    /// On error the side file is removed too.
    pub fn finish(mut self) -> Result<Summary, ConvertError> {
        let result = self.write_file();
        let _ = std::fs::remove_file(&self.steps_path);
        result.map(|()| std::mem::take(&mut self.summary))
    }

    fn write_file(&mut self) -> Result<(), ConvertError> {
        self.steps.flush().map_err(|e| self.write_err(e))?;
        let Some(last) = self.held.take() else {
            return Err(ConvertError::Empty {
                path: self.path.clone(),
                skipped: self.summary.skipped,
            });
        };
        let header = self.header(&last);
        let write = |path: &Path| -> std::io::Result<()> {
            let tmp = side_file(path, "tmp");
            let mut out = BufWriter::new(std::fs::File::create(&tmp)?);
            out.write_all(header.as_bytes())?;
            std::io::copy(&mut std::fs::File::open(&self.steps_path)?, &mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write(&self.path).map_err(|source| ConvertError::Write {
            path: self.path.clone(),
            source,
        })?;
        crate::cases::file::load_path(&self.path).map_err(|e| ConvertError::Invalid {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        Ok(())
    }

    fn header(&self, last: &Prepared) -> String {
        let mut text = String::from(
            "# Recorded traffic, replayed in order by `swfcheck run --cases`; each answer must have\n\
             # the recorded status, fault and shape (members and JSON types).\n\n[[case]]\n",
        );
        let _ = writeln!(text, "id = {}", toml_string(&self.id));
        let _ = writeln!(text, "operation = {}", toml_string(&last.operation.name));
        let _ = writeln!(text, "level = \"should\"");
        let _ = writeln!(text, "source = {}", toml_string(&self.source));
        let _ = writeln!(text, "request.body = {}", to_toml(&last.body));
        let standard = swf().target_of(last.operation);
        if let Some(t) = last.target.as_ref().filter(|t| **t != standard) {
            let _ = writeln!(text, "request.target = {}", toml_string(t));
        }
        let mut check = format!("status = {}", last.status);
        if let Some(f) = &last.fault {
            let _ = write!(check, ", fault = {}", toml_string(f));
        }
        match (&last.answer, &last.fault) {
            (None, _) if last.empty => check.push_str(", empty_body = true"),
            // A body that is not JSON (an HTML error page): its status is what was recorded.
            (None, _) => {}
            (Some(a), None) => {
                let shape = shape::of_answer(last.operation.output.as_ref(), a);
                let _ = write!(
                    check,
                    ", answer_shape = {}",
                    toml_string(&shape.to_string())
                );
            }
            (Some(_), Some(_)) => {}
        }
        let _ = writeln!(text, "check = [{{ {check} }}]");
        text
    }
}

impl Drop for CaseWriter {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.steps_path);
    }
}

/// `FILE.<what>` beside `path`.
pub fn side_file(path: &Path, what: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{what}"));
    path.with_file_name(name)
}

fn prepare(exchange: &RecordedExchange) -> Option<Prepared> {
    let operation = operation_for_target(swf(), exchange.target.as_deref()).ok()?;
    let body: Json = serde_json::from_str(&exchange.request).ok()?;
    if !body.is_object() {
        return None;
    }
    let empty = exchange.answer.is_empty();
    let answer: Option<Json> = if exchange.answer.trim().is_empty() {
        None
    } else {
        // An answer that is not JSON keeps its status; its shape is not checked.
        serde_json::from_str(&exchange.answer).ok()
    };
    let fault = answer.as_ref().and_then(fault_of).map(|f| f.0);
    Some(Prepared {
        operation,
        target: exchange.target.clone(),
        body,
        status: exchange.status,
        fault,
        answer,
        empty,
        or_fault: None,
    })
}

/// `${` written so that it expands to itself.
fn escape(s: &str) -> String {
    s.replace("${", "${dollar}{")
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A JSON value as an inline TOML value (`null` as `"${null}"`).
fn to_toml(value: &Json) -> String {
    json_to_toml(value).to_string()
}

fn json_to_toml(value: &Json) -> toml::Value {
    match value {
        Json::Null => toml::Value::String(NULL.to_owned()),
        Json::Bool(b) => toml::Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => toml::Value::String(s.clone()),
        Json::Array(items) => toml::Value::Array(items.iter().map(json_to_toml).collect()),
        Json::Object(map) => toml::Value::Table(
            map.iter()
                .map(|(k, v)| (k.clone(), json_to_toml(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::template::Vars;
    use serde_json::json;

    fn exchange(op: &str, request: Json, status: u16, answer: &str) -> RecordedExchange {
        RecordedExchange {
            target: Some(format!("SimpleWorkflowService.{op}")),
            request: request.to_string(),
            status,
            answer: answer.to_owned(),
        }
    }

    #[test]
    fn json_values_become_toml_that_expands_back() {
        let body = json!({"a": null, "b": [1, 2.5, u64::MAX], "c": {"d": true}, "e": "x${y}"});
        let tmp = tempfile::Builder::new()
            .prefix("swfcheck-unit-")
            .tempdir()
            .unwrap();
        let mut w = CaseWriter::create(&tmp.path().join("unit.toml"), "i", "s").unwrap();
        let written = w.refer(&body);
        let text = format!("v = {}", to_toml(&written));
        let table: toml::Table = toml::from_str(&text).unwrap();
        let planned = Vars::placeholder().to_json(&table["v"]).unwrap();
        let back = crate::plan::Issued::default().bind_json(&planned);
        assert_eq!(back["a"], Json::Null);
        assert_eq!(back["b"][0], json!(1));
        assert_eq!(back["b"][1], json!(2.5));
        assert_eq!(back["c"], json!({"d": true}));
        assert_eq!(back["e"], json!("x${y}"), "a recorded ${{ is kept as text");
    }

    #[test]
    fn a_case_file_with_references_loads_and_counts() {
        let tmp = tempfile::Builder::new()
            .prefix("swfcheck-convert-")
            .tempdir()
            .unwrap();
        let path = tmp.path().join("unit.toml");
        let mut w = CaseWriter::create(&path, "recorded/unit", "unit test").unwrap();
        let start = json!({"domain": "d", "workflowId": "w}1", "workflowType": {"name": "n", "version": "1"}});
        w.push(&exchange(
            "StartWorkflowExecution",
            start,
            200,
            r#"{"runId": "R1"}"#,
        ))
        .unwrap();
        w.push(&RecordedExchange {
            target: None,
            request: "GET /".into(),
            status: 404,
            answer: String::new(),
        })
        .unwrap();
        let cancel = json!({"domain": "d", "workflowId": "w}1", "runId": "R1"});
        let fault =
            r#"{"__type": "com.amazonaws.swf.base.model#UnknownResourceFault", "message": "m"}"#;
        w.push(&exchange(
            "RequestCancelWorkflowExecution",
            cancel,
            400,
            fault,
        ))
        .unwrap();
        let summary = w.finish().unwrap();
        assert_eq!(
            (summary.exchanges, summary.skipped, summary.references),
            (2, 1, 1)
        );
        assert_eq!(summary.faults.get("UnknownResourceFault"), Some(&1));
        let cases = crate::cases::file::load_path(&path).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].steps.len(), 1);
        // A workflowId holding `}` cannot be a ${runIdOf:...}: the answer's path is used.
        let runid = &cases[0].request.body.as_ref().unwrap()["runId"];
        assert_eq!(runid.as_str(), Some("${answer:1:runId}"));
        assert_eq!(cases[0].checks[0].fault(), Some("UnknownResourceFault"));
        assert!(!side_file(&path, "steps").exists());
    }

    #[test]
    fn an_answer_that_is_not_json_keeps_its_status_only() {
        let tmp = tempfile::Builder::new()
            .prefix("swfcheck-html-")
            .tempdir()
            .unwrap();
        let path = tmp.path().join("html.toml");
        let mut w = CaseWriter::create(&path, "recorded/html", "unit test").unwrap();
        let html = "<html><body>500</body></html>";
        w.push(&exchange(
            "ListDomains",
            json!({"registrationStatus": "REGISTERED"}),
            500,
            html,
        ))
        .unwrap();
        w.finish().unwrap();
        let cases = crate::cases::file::load_path(&path).unwrap();
        let check = &cases[0].checks[0];
        assert_eq!(
            check.expectations(),
            [crate::check::Expectation::Status(500)],
            "no empty_body and no answer_shape"
        );
    }

    #[test]
    fn nothing_recorded_is_an_error() {
        let tmp = tempfile::Builder::new()
            .prefix("swfcheck-empty-")
            .tempdir()
            .unwrap();
        let path = tmp.path().join("empty.toml");
        let w = CaseWriter::create(&path, "recorded/empty", "unit test").unwrap();
        assert!(matches!(w.finish(), Err(ConvertError::Empty { .. })));
        assert!(!path.exists());
    }
}
