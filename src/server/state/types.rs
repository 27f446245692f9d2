//! The types concept: workflow and activity types (one implementation, two kinds), their
//! registration, default configuration and deprecation. The caller checks the domain.

use super::input::{Answer, opt_text, page, text};
use crate::wire::{Fault, SwfFault};
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;

/// Which kind of type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A workflow type.
    Workflow,
    /// An activity type.
    Activity,
}

impl Kind {
    /// The member that names a type of this kind (`workflowType`, `activityType`).
    pub fn member(self) -> &'static str {
        match self {
            Kind::Workflow => "workflowType",
            Kind::Activity => "activityType",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Workflow => "WorkflowType",
            Kind::Activity => "ActivityType",
        }
    }

    /// The configuration members RegisterXType takes (all `default*`).
    fn defaults(self) -> &'static [&'static str] {
        match self {
            Kind::Workflow => &[
                "defaultTaskStartToCloseTimeout",
                "defaultExecutionStartToCloseTimeout",
                "defaultTaskList",
                "defaultTaskPriority",
                "defaultChildPolicy",
                "defaultLambdaRole",
            ],
            Kind::Activity => &[
                "defaultTaskStartToCloseTimeout",
                "defaultTaskHeartbeatTimeout",
                "defaultTaskList",
                "defaultTaskPriority",
                "defaultTaskScheduleToStartTimeout",
                "defaultTaskScheduleToCloseTimeout",
            ],
        }
    }
}

/// (kind, domain, name, version).
type TypeKey = (Kind, String, String, String);

/// A registered type.
pub struct TypeRecord {
    description: Option<String>,
    created: f64,
    deprecated: Option<f64>,
    configuration: Map<String, Json>,
}

impl TypeRecord {
    /// Whether it is deprecated.
    pub fn deprecated(&self) -> bool {
        self.deprecated.is_some()
    }

    /// Its `default*` members as registered.
    pub fn configuration(&self) -> &Map<String, Json> {
        &self.configuration
    }

    /// WorkflowTypeInfo or ActivityTypeInfo as the model shapes it.
    pub fn info(&self, kind: Kind, name: &str, version: &str) -> Json {
        let mut info = json!({
            kind.member(): {"name": name, "version": version},
            "status": if self.deprecated() { "DEPRECATED" } else { "REGISTERED" },
            "creationDate": self.created,
        });
        if let Some(d) = &self.description {
            info["description"] = json!(d);
        }
        if let Some(t) = self.deprecated {
            info["deprecationDate"] = json!(t);
        }
        info
    }
}

fn unknown_type(kind: Kind, name: &str, version: &str) -> Fault {
    Fault::swf(
        SwfFault::UnknownResource,
        format!(
            "Unknown type: {}=[name={name}, version={version}]",
            kind.label()
        ),
    )
}

/// One registered type as the view lists it: kind, domain, name, version, record.
pub type TypeEntry<'a> = (Kind, &'a str, &'a str, &'a str, &'a TypeRecord);

/// Every registered type of every domain.
#[derive(Default)]
pub struct Types {
    by_key: BTreeMap<TypeKey, TypeRecord>,
}

/// The key of the type named under `input[kind.member()]` in the input's domain, and
/// its name and version.
fn named(kind: Kind, input: &Json) -> (TypeKey, &str, &str) {
    let t = &input[kind.member()];
    let (name, version) = (text(t, "name"), text(t, "version"));
    let key = (
        kind,
        text(input, "domain").to_owned(),
        name.to_owned(),
        version.to_owned(),
    );
    (key, name, version)
}

impl Types {
    /// The type `name`/`version` of `kind` in `domain`, or UnknownResourceFault.
    pub fn get(
        &self,
        kind: Kind,
        domain: &str,
        name: &str,
        version: &str,
    ) -> Result<&TypeRecord, Fault> {
        self.by_key
            .get(&(kind, domain.to_owned(), name.to_owned(), version.to_owned()))
            .ok_or_else(|| unknown_type(kind, name, version))
    }

    /// Every type, by kind, domain, name and version.
    pub fn iter(&self) -> impl Iterator<Item = TypeEntry<'_>> {
        self.by_key
            .iter()
            .map(|((k, d, n, v), r)| (*k, d.as_str(), n.as_str(), v.as_str(), r))
    }

    /// RegisterWorkflowType / RegisterActivityType at time `now`.
    pub fn register(&mut self, kind: Kind, input: &Json, now: f64) -> Answer {
        let domain = text(input, "domain");
        let (name, version) = (text(input, "name"), text(input, "version"));
        let key = (kind, domain.to_owned(), name.to_owned(), version.to_owned());
        if self.by_key.contains_key(&key) {
            return Err(Fault::swf(
                SwfFault::TypeAlreadyExists,
                format!("{}=[name={name}, version={version}]", kind.label()),
            ));
        }
        let configuration = kind
            .defaults()
            .iter()
            .filter_map(|k| input.get(*k).map(|v| ((*k).to_owned(), v.clone())))
            .collect();
        let record = TypeRecord {
            description: opt_text(input, "description").map(str::to_owned),
            created: now,
            deprecated: None,
            configuration,
        };
        self.by_key.insert(key, record);
        Ok(None)
    }

    /// DescribeWorkflowType / DescribeActivityType.
    pub fn describe(&self, kind: Kind, input: &Json) -> Answer {
        let (key, name, version) = named(kind, input);
        let r = self
            .by_key
            .get(&key)
            .ok_or_else(|| unknown_type(kind, name, version))?;
        Ok(Some(json!({
            "typeInfo": r.info(kind, name, version),
            "configuration": r.configuration,
        })))
    }

    /// ListWorkflowTypes / ListActivityTypes.
    pub fn list(&self, kind: Kind, input: &Json) -> Answer {
        let domain = text(input, "domain");
        let deprecated = text(input, "registrationStatus") == "DEPRECATED";
        let name = opt_text(input, "name");
        let infos = self
            .iter()
            .filter(|(k, d, n, _, r)| {
                *k == kind
                    && *d == domain
                    && name.is_none_or(|x| x == *n)
                    && r.deprecated() == deprecated
            })
            .map(|(_, _, n, v, r)| r.info(kind, n, v))
            .collect();
        page(infos, input, "typeInfos").map(Some)
    }

    /// Deprecate- (`true`) or UndeprecateWorkflowType / ActivityType at time `now`.
    pub fn set_deprecated(
        &mut self,
        kind: Kind,
        input: &Json,
        deprecate: bool,
        now: f64,
    ) -> Answer {
        let (key, name, version) = named(kind, input);
        let r = self
            .by_key
            .get_mut(&key)
            .ok_or_else(|| unknown_type(kind, name, version))?;
        match (deprecate, r.deprecated()) {
            (true, true) => Err(Fault::swf(
                SwfFault::TypeDeprecated,
                format!("{}=[name={name}, version={version}]", kind.label()),
            )),
            (false, false) => Err(Fault::swf(
                SwfFault::TypeAlreadyExists,
                format!(
                    "{}=[name={name}, version={version}] is not deprecated",
                    kind.label()
                ),
            )),
            _ => {
                r.deprecated = deprecate.then_some(now);
                Ok(None)
            }
        }
    }

    /// DeleteWorkflowType / DeleteActivityType: only a deprecated type goes.
    pub fn delete(&mut self, kind: Kind, input: &Json) -> Answer {
        let (key, name, version) = named(kind, input);
        let r = self
            .by_key
            .get(&key)
            .ok_or_else(|| unknown_type(kind, name, version))?;
        if !r.deprecated() {
            return Err(Fault::swf(
                SwfFault::TypeNotDeprecated,
                format!("{}=[name={name}, version={version}]", kind.label()),
            ));
        }
        self.by_key.remove(&key);
        Ok(None)
    }

    /// Deprecates every type of `domain` not deprecated yet (SWF-WIRE.md §8: deprecating
    /// a domain "also deprecates all activity and workflow types registered in the domain").
    pub fn deprecate_domain(&mut self, domain: &str, now: f64) {
        for ((_, d, _, _), r) in self.by_key.iter_mut() {
            if d == domain && r.deprecated.is_none() {
                r.deprecated = Some(now);
            }
        }
    }
}
