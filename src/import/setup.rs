//! What a recording needs but never sends: most recordings (VCR cassettes of SWF libraries,
//! a HAR of a console session) were made in an account whose domain and types existed
//! already, so replayed on a fresh endpoint their first request meets an unknown domain.
//! The import adds, before the recorded exchanges, a registration of each domain and type
//! the recording uses without registering it first (or registers and is told it exists),
//! with the configuration the recording shows of it where it shows one (a Describe*Type
//! answer, a WorkflowExecutionStarted or ActivityTaskScheduled event, a DescribeDomain
//! answer) and otherwise the harness's own defaults. The names stay as recorded.

use crate::record::RecordedExchange;
use crate::wire::target::operation_for_target;
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};

/// A domain or a type a recording names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Named {
    /// A domain.
    Domain(String),
    /// A type: `workflowType` or `activityType`, its domain, name and version.
    Type(&'static str, String, String, String),
}

/// What the recording shows of each thing it names.
#[derive(Default)]
struct Seen {
    /// What it registers before any use.
    registered: BTreeSet<Named>,
    /// What it uses before registering it, in the order first used.
    needed: Vec<Named>,
    /// The configuration the recording shows of each, as its Register* request names it.
    config: BTreeMap<Named, Map<String, Json>>,
}

/// The setup a recording needs, in order: `(operation, body, the fault that means "exists
/// already")`, domains first.
pub fn needed(exchanges: &[RecordedExchange]) -> Vec<(&'static str, Json, &'static str)> {
    let mut seen = Seen::default();
    for ex in exchanges {
        let Ok(op) = operation_for_target(crate::model::swf(), ex.target.as_deref()) else {
            continue;
        };
        let Ok(body) = serde_json::from_str::<Json>(&ex.request) else {
            continue;
        };
        let answer: Json = serde_json::from_str(&ex.answer).unwrap_or(Json::Null);
        seen.exchange(&op.name, &body, ex.status, &answer);
    }
    let mut needed = seen.needed.clone();
    needed.sort_by_key(|n| matches!(n, Named::Type(..)));
    needed.into_iter().map(|n| seen.registration(&n)).collect()
}

fn text(v: &Json, key: &str) -> Option<String> {
    v.get(key).and_then(Json::as_str).map(str::to_owned)
}

impl Seen {
    /// Takes one exchange into account. Only an answered request (a 200) shows that what it
    /// names existed; a registration refused as existing shows it too.
    fn exchange(&mut self, op: &str, body: &Json, status: u16, answer: &Json) {
        let domain = text(body, "domain").unwrap_or_default();
        let fault = answer["__type"].as_str().unwrap_or_default();
        let exists = fault.ends_with("AlreadyExistsFault");
        let ok = status == 200;
        match op {
            "RegisterDomain" => {
                if let Some(name) = text(body, "name") {
                    self.register(Named::Domain(name), ok, exists);
                }
            }
            "RegisterWorkflowType" | "RegisterActivityType" => {
                let member = match op {
                    "RegisterWorkflowType" => "workflowType",
                    _ => "activityType",
                };
                if let (Some(n), Some(v)) = (text(body, "name"), text(body, "version")) {
                    if ok || exists {
                        self.use_domain(&domain);
                    }
                    let named = Named::Type(member, domain.clone(), n, v);
                    self.register(named, ok, exists);
                }
            }
            "DescribeDomain" | "DeprecateDomain" | "UndeprecateDomain" if ok => {
                if let Some(name) = text(body, "name") {
                    self.use_domain(&name);
                }
            }
            _ if ok && !domain.is_empty() => self.use_domain(&domain),
            _ => {}
        }
        for member in ["workflowType", "activityType"] {
            if let (true, Some(t)) = (ok, body.get(member)) {
                self.use_type(member, &domain, t);
            }
        }
        if ok {
            self.learn(op, &domain, body, answer);
        }
    }

    /// `named` registered (`ok`), or refused because it exists (`exists`: it did before).
    fn register(&mut self, named: Named, ok: bool, exists: bool) {
        if self.registered.contains(&named) || self.needed.contains(&named) {
            return;
        }
        if exists {
            self.needed.push(named);
        } else if ok {
            self.registered.insert(named);
        }
    }

    fn use_domain(&mut self, domain: &str) {
        self.uses(Named::Domain(domain.to_owned()));
    }

    fn use_type(&mut self, member: &'static str, domain: &str, t: &Json) {
        if let (Some(n), Some(v)) = (text(t, "name"), text(t, "version")) {
            if !domain.is_empty() {
                self.use_domain(domain);
                self.uses(Named::Type(member, domain.to_owned(), n, v));
            }
        }
    }

    fn uses(&mut self, named: Named) {
        if !self.registered.contains(&named) && !self.needed.contains(&named) {
            self.needed.push(named);
        }
    }

    /// What an answer shows of a configuration: Describe*Type's `configuration`, DescribeDomain's,
    /// and the events that say which defaults an execution or an activity ran with.
    fn learn(&mut self, op: &str, domain: &str, body: &Json, answer: &Json) {
        let configuration = answer["configuration"].as_object();
        match op {
            "DescribeDomain" => {
                if let (Some(name), Some(c)) = (text(body, "name"), configuration) {
                    self.config.insert(Named::Domain(name), c.clone());
                }
            }
            "DescribeWorkflowType" | "DescribeActivityType" => {
                let member = match op {
                    "DescribeWorkflowType" => "workflowType",
                    _ => "activityType",
                };
                if let (Some(named), Some(c)) =
                    (type_of(member, domain, &body[member]), configuration)
                {
                    self.config.insert(named, c.clone());
                }
            }
            "DescribeWorkflowExecution" => {
                // Its configuration is what a WorkflowExecutionStarted event shows.
                let mut attributes = answer["executionConfiguration"].clone();
                attributes["workflowType"] = answer["executionInfo"]["workflowType"].clone();
                let event = json!({"eventType": "WorkflowExecutionStarted",
                    "workflowExecutionStartedEventAttributes": attributes});
                self.learn_event(domain, &event);
            }
            _ => {}
        }
        let domain = if op.starts_with("PollFor") || op == "GetWorkflowExecutionHistory" {
            domain.to_owned()
        } else {
            return;
        };
        for event in answer["events"].as_array().into_iter().flatten() {
            self.learn_event(&domain, event);
        }
    }

    /// The defaults an execution or an activity ran with, as its Register*Type would give them.
    fn learn_event(&mut self, domain: &str, event: &Json) {
        let (member, attributes, renames): (_, _, &[(&str, &str)]) =
            match event["eventType"].as_str() {
                Some("WorkflowExecutionStarted") => (
                    "workflowType",
                    &event["workflowExecutionStartedEventAttributes"],
                    &[
                        ("taskList", "defaultTaskList"),
                        ("taskStartToCloseTimeout", "defaultTaskStartToCloseTimeout"),
                        (
                            "executionStartToCloseTimeout",
                            "defaultExecutionStartToCloseTimeout",
                        ),
                        ("childPolicy", "defaultChildPolicy"),
                        ("lambdaRole", "defaultLambdaRole"),
                    ],
                ),
                Some("ActivityTaskScheduled") => (
                    "activityType",
                    &event["activityTaskScheduledEventAttributes"],
                    &[
                        ("taskList", "defaultTaskList"),
                        ("startToCloseTimeout", "defaultTaskStartToCloseTimeout"),
                        (
                            "scheduleToStartTimeout",
                            "defaultTaskScheduleToStartTimeout",
                        ),
                        (
                            "scheduleToCloseTimeout",
                            "defaultTaskScheduleToCloseTimeout",
                        ),
                        ("heartbeatTimeout", "defaultTaskHeartbeatTimeout"),
                    ],
                ),
                _ => return,
            };
        let Some(named) = type_of(member, domain, &attributes[member]) else {
            return;
        };
        // An execution or an activity of the type ran: the type existed.
        self.use_type(member, domain, &attributes[member]);
        let config = self.config.entry(named).or_default();
        for (from, to) in renames {
            if let Some(v) = attributes.get(*from) {
                config.entry(to.to_string()).or_insert_with(|| v.clone());
            }
        }
    }

    /// The registration of `named`: what the recording shows of it, else the harness's own.
    fn registration(&self, named: &Named) -> (&'static str, Json, &'static str) {
        let shown = self.config.get(named).cloned().unwrap_or_default();
        match named {
            Named::Domain(name) => {
                let days = shown
                    .get("workflowExecutionRetentionPeriodInDays")
                    .cloned()
                    .unwrap_or_else(|| json!("1"));
                let body = json!({"name": name, "workflowExecutionRetentionPeriodInDays": days});
                ("RegisterDomain", body, "DomainAlreadyExistsFault")
            }
            Named::Type(member, domain, name, version) => {
                let t = (name.clone(), version.clone());
                let [workflow, activity] = crate::plan::setup::register_types(domain, &t, &t);
                let (op, mut body) = match *member {
                    "workflowType" => workflow,
                    _ => activity,
                };
                if !shown.is_empty() {
                    // What the recording shows replaces the harness's defaults altogether.
                    body = json!({"domain": domain, "name": name, "version": version});
                    for (k, v) in shown {
                        body[k] = v;
                    }
                }
                (op, body, "TypeAlreadyExistsFault")
            }
        }
    }
}

fn type_of(member: &'static str, domain: &str, t: &Json) -> Option<Named> {
    Some(Named::Type(
        member,
        domain.to_owned(),
        text(t, "name")?,
        text(t, "version")?,
    ))
}
