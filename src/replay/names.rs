//! The names a replay chooses for itself. A recorded history names its workflowIds, task
//! lists and types; a replay must not collide with what the endpoint holds, so every such
//! name becomes the run's own ([`Names`]: a prefix on each, in the run's domain) and the
//! written history is mapped back ([`unmap`]) before it is compared. Request bodies carry
//! [`Slot`]s where those names go, filled in by whoever sends them: the driver with its
//! prefix, the case writer with `${workflowId}` templates.

use serde_json::Value as Json;
use std::collections::HashMap;

/// Where a run id sent in a request comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum RunRef {
    /// The run the replay started for workflow `i` (the replayed execution, a stand-in).
    Started(usize),
    /// The value at `path` in the attributes of event `event` of the written history (a
    /// child's run, from its ChildWorkflowExecutionStarted).
    Event {
        /// The event's id.
        event: i64,
        /// The members leading to the run id inside its attributes.
        path: Vec<String>,
    },
    /// A run the recorded history does not show: sent as recorded.
    Recorded(String),
}

/// A name the run chooses, at one place of a request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    /// The run's domain.
    Domain,
    /// The workflowId of workflow `i` of the [`NameTable`].
    Workflow(usize),
    /// Task list `i` of the table.
    TaskList(usize),
    /// Type name `i` of the table.
    TypeName(usize),
    /// A run id.
    Run(RunRef),
}

/// What fills the slots: the run's names.
pub trait Names {
    /// The domain.
    fn domain(&self) -> String;
    /// The workflowId of workflow `i`.
    fn workflow(&self, i: usize) -> String;
    /// The name of task list `i`.
    fn task_list(&self, i: usize) -> String;
    /// The name of type `i`.
    fn type_name(&self, i: usize) -> String;
    /// A run id, when it is known (the member is left out otherwise).
    fn run(&self, r: &RunRef) -> Option<String>;
}

/// A request body with slots for the run's names.
#[derive(Debug, Clone, PartialEq)]
pub struct Slotted {
    /// The body, with the recorded values where the slots are.
    pub json: Json,
    /// Each slot: the members leading to it, and what goes there.
    pub slots: Vec<(Vec<String>, Slot)>,
}

impl Slotted {
    /// A body without slots.
    pub fn new(json: Json) -> Self {
        Slotted {
            json,
            slots: Vec::new(),
        }
    }

    /// This body with `slot` at `path`.
    pub fn with(mut self, path: &[&str], slot: Slot) -> Self {
        self.slots
            .push((path.iter().map(|s| s.to_string()).collect(), slot));
        self
    }

    /// The body with every slot filled in by `names` (a run id not known yet leaves its
    /// member out).
    pub fn render(&self, names: &dyn Names) -> Json {
        let mut json = self.json.clone();
        for (path, slot) in &self.slots {
            let value = match slot {
                Slot::Domain => Some(names.domain()),
                Slot::Workflow(i) => Some(names.workflow(*i)),
                Slot::TaskList(i) => Some(names.task_list(*i)),
                Slot::TypeName(i) => Some(names.type_name(*i)),
                Slot::Run(r) => names.run(r),
            };
            put(&mut json, path, value);
        }
        json
    }
}

fn put(json: &mut Json, path: &[String], value: Option<String>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = json;
    for p in parents {
        if !at.get(p).is_some_and(Json::is_object) {
            at[p.as_str()] = Json::Object(Default::default());
        }
        at = &mut at[p.as_str()];
    }
    match (value, at.as_object_mut()) {
        (Some(v), Some(o)) => {
            o.insert(last.clone(), Json::String(v));
        }
        (None, Some(o)) => {
            o.remove(last);
        }
        _ => {}
    }
}

/// The recorded names a replay uses, each with its index (what a [`Slot`] names).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameTable {
    /// WorkflowIds; 0 is the replayed execution's (empty when the history does not say it).
    pub workflows: Vec<String>,
    /// Task lists as (recorded name, owner): each owner (an execution, an activity) gets its
    /// own list, so that a poll takes the task the history shows and no other.
    pub task_lists: Vec<(String, String)>,
    /// Type names as (`workflow` or `activity`, recorded name).
    pub types: Vec<(String, String)>,
}

fn index_of<T: PartialEq + Clone>(list: &mut Vec<T>, item: T) -> usize {
    match list.iter().position(|x| *x == item) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

impl NameTable {
    /// The index of workflowId `id` (added if new).
    ///
    /// The first workflow named is the replayed execution's (index 0), even when its id is
    /// unknown (`""`).
    pub fn workflow(&mut self, id: &str) -> usize {
        if self.workflows.is_empty() {
            self.workflows.push(id.to_owned());
            return 0;
        }
        index_of(&mut self.workflows, id.to_owned())
    }

    /// The index of task list `name` of `owner` (added if new).
    pub fn task_list(&mut self, name: &str, owner: &str) -> usize {
        index_of(&mut self.task_lists, (name.to_owned(), owner.to_owned()))
    }

    /// The index of the type `name` of `kind` (`workflow`, `activity`; added if new).
    pub fn type_name(&mut self, kind: &str, name: &str) -> usize {
        index_of(&mut self.types, (kind.to_owned(), name.to_owned()))
    }
}

/// The members of event attributes that hold names a replay maps: (object member or `""`
/// for the attributes themselves, string member).
const NAMED: [(&str, &str); 5] = [
    ("", "workflowId"),
    ("taskList", "name"),
    ("workflowType", "name"),
    ("activityType", "name"),
    ("workflowExecution", "workflowId"),
];

/// The written events with the run's names put back to the recorded ones (`table` holds
/// the recorded names, `names` the run's).
pub fn unmap(events: &[Json], table: &NameTable, names: &dyn Names) -> Vec<Json> {
    let back = back_map(table, names);
    let mut out = events.to_vec();
    for event in &mut out {
        let key = crate::model::event_attributes_key(super::events::kind(event));
        if let Some(attrs) = event.get_mut(&key) {
            rename(attrs, &back);
        }
    }
    out
}

/// Each name of the run → the recorded name it stands for.
pub fn back_map(table: &NameTable, names: &dyn Names) -> HashMap<String, String> {
    let mut back: HashMap<String, String> = HashMap::new();
    for (i, recorded) in table.workflows.iter().enumerate() {
        back.insert(names.workflow(i), recorded.clone());
    }
    for (i, (recorded, _)) in table.task_lists.iter().enumerate() {
        back.insert(names.task_list(i), recorded.clone());
    }
    for (i, (_, recorded)) in table.types.iter().enumerate() {
        back.insert(names.type_name(i), recorded.clone());
    }
    back
}

/// Renames the mapped members of `value` and of every object inside it.
pub fn rename(value: &mut Json, back: &HashMap<String, String>) {
    let Some(obj) = value.as_object_mut() else {
        if let Some(items) = value.as_array_mut() {
            items.iter_mut().for_each(|v| rename(v, back));
        }
        return;
    };
    for (outer, member) in NAMED {
        let holder = match outer {
            "" => Some(&mut *obj),
            _ => obj.get_mut(outer).and_then(Json::as_object_mut),
        };
        let Some(holder) = holder else { continue };
        if let Some(Json::String(s)) = holder.get_mut(member) {
            if let Some(recorded) = back.get(s.as_str()) {
                *s = recorded.clone();
            }
        }
    }
    for (_, v) in obj.iter_mut() {
        if v.is_object() || v.is_array() {
            rename(v, back);
        }
    }
}

/// The run's names: `<prefix><index>-<recorded name>` (cut to SWF's 256 characters), in
/// `domain`; run ids as the driver learns them.
#[derive(Debug, Clone, Default)]
pub struct Prefixed {
    /// The domain.
    pub domain: String,
    /// The prefix of every name.
    pub prefix: String,
    /// The recorded names.
    pub table: NameTable,
    /// The run ids of the workflows the run started, by index.
    pub started: HashMap<usize, String>,
    /// The run ids the written history showed, by (event id, path).
    pub seen: HashMap<(i64, Vec<String>), String>,
}

impl Prefixed {
    fn name(&self, kind: char, i: usize, recorded: &str) -> String {
        let mut name = format!("{}{kind}{i}", self.prefix);
        if !recorded.is_empty() {
            name.push('-');
            name.push_str(recorded);
        }
        name.chars().take(256).collect()
    }
}

impl Names for Prefixed {
    fn domain(&self) -> String {
        self.domain.clone()
    }

    fn workflow(&self, i: usize) -> String {
        let recorded = self.table.workflows.get(i).map_or("", String::as_str);
        self.name('w', i, recorded)
    }

    fn task_list(&self, i: usize) -> String {
        let recorded = self.table.task_lists.get(i).map_or("", |(n, _)| n.as_str());
        self.name('l', i, recorded)
    }

    fn type_name(&self, i: usize) -> String {
        let recorded = self.table.types.get(i).map_or("", |(_, n)| n.as_str());
        self.name('t', i, recorded)
    }

    fn run(&self, r: &RunRef) -> Option<String> {
        match r {
            RunRef::Started(i) => self.started.get(i).cloned(),
            RunRef::Event { event, path } => self.seen.get(&(*event, path.clone())).cloned(),
            RunRef::Recorded(id) => Some(id.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names() -> Prefixed {
        let mut table = NameTable::default();
        table.workflow("");
        table.workflow("child-1");
        table.task_list("tl", "workflow 0");
        table.task_list("tl", "workflow 1");
        table.type_name("workflow", "Flow");
        Prefixed {
            domain: "d".into(),
            prefix: "p-".into(),
            table,
            ..Prefixed::default()
        }
    }

    #[test]
    fn slots_are_filled_and_unknown_runs_left_out() {
        let mut n = names();
        let body = Slotted::new(json!({"input": "x", "workflowType": {"version": "1"}}))
            .with(&["domain"], Slot::Domain)
            .with(&["workflowId"], Slot::Workflow(1))
            .with(&["taskList", "name"], Slot::TaskList(1))
            .with(&["workflowType", "name"], Slot::TypeName(0))
            .with(&["runId"], Slot::Run(RunRef::Started(1)));
        let json = body.render(&n);
        assert_eq!(
            json,
            json!({"input": "x", "domain": "d", "workflowId": "p-w1-child-1",
                "taskList": {"name": "p-l1-tl"}, "workflowType": {"name": "p-t0-Flow", "version": "1"}})
        );
        n.started.insert(1, "R".into());
        assert_eq!(body.render(&n)["runId"], "R");
        assert_eq!(
            n.workflow(0),
            "p-w0",
            "an unknown recorded id gives the bare name"
        );
    }

    #[test]
    fn written_names_map_back_to_the_recorded_ones() {
        let n = names();
        let written = vec![
            json!({"eventId": 5, "eventType": "StartChildWorkflowExecutionInitiated",
            "startChildWorkflowExecutionInitiatedEventAttributes": {
                "workflowId": "p-w1-child-1", "taskList": {"name": "p-l1-tl"},
                "workflowType": {"name": "p-t0-Flow", "version": "1"}, "input": "p-l1-tl"}}),
        ];
        let back = unmap(&written, &n.table, &n);
        let a = &back[0]["startChildWorkflowExecutionInitiatedEventAttributes"];
        assert_eq!(a["workflowId"], "child-1");
        assert_eq!(a["taskList"]["name"], "tl");
        assert_eq!(a["workflowType"]["name"], "Flow");
        assert_eq!(a["input"], "p-l1-tl", "user data is never renamed");
    }

    #[test]
    fn long_names_are_cut_to_the_limit() {
        let mut n = names();
        n.table.workflows[1] = "x".repeat(300);
        assert_eq!(n.workflow(1).chars().count(), 256);
    }
}
