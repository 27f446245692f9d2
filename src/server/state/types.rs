//! Workflow and activity types: one implementation, two kinds.

use super::{Answer, World, opt_text, page, text};
use crate::wire::{Fault, SwfFault};
use serde_json::{Map, Value as Json, json};

/// Which kind of type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A workflow type.
    Workflow,
    /// An activity type.
    Activity,
}

impl Kind {
    fn member(self) -> &'static str {
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
pub type TypeKey = (Kind, String, String, String);

/// A registered type.
pub struct TypeRecord {
    pub(super) description: Option<String>,
    pub(super) created: f64,
    pub(super) deprecated: Option<f64>,
    pub(super) configuration: Map<String, Json>,
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

impl World {
    /// The key of the type named under `input[kind.member()]`, after checking the domain.
    fn named_type<'a>(
        &self,
        kind: Kind,
        input: &'a Json,
    ) -> Result<(TypeKey, &'a str, &'a str), Fault> {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let t = &input[kind.member()];
        let (name, version) = (text(t, "name"), text(t, "version"));
        Ok((
            (kind, domain.to_owned(), name.to_owned(), version.to_owned()),
            name,
            version,
        ))
    }

    /// The type named in `input[kind.member()]` (or `input` itself for Register).
    pub(super) fn type_record(
        &self,
        kind: Kind,
        domain: &str,
        name: &str,
        version: &str,
    ) -> Result<&TypeRecord, Fault> {
        self.types
            .get(&(kind, domain.to_owned(), name.to_owned(), version.to_owned()))
            .ok_or_else(|| unknown_type(kind, name, version))
    }

    pub(super) fn register_type(&mut self, kind: Kind, input: &Json) -> Answer {
        let domain = text(input, "domain");
        // SWF-WIRE.md §8 (DeprecateDomain): a deprecated domain "cannot be used to ...
        // register new types".
        if self.domain(domain)?.deprecated() {
            return Err(Fault::swf(
                SwfFault::UnknownResource,
                format!("Domain is deprecated: {domain}"),
            ));
        }
        let (name, version) = (text(input, "name"), text(input, "version"));
        let key = (kind, domain.to_owned(), name.to_owned(), version.to_owned());
        if self.types.contains_key(&key) {
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
            created: self.now,
            deprecated: None,
            configuration,
        };
        self.types.insert(key, record);
        Ok(None)
    }

    fn type_info(kind: Kind, name: &str, version: &str, r: &TypeRecord) -> Json {
        let mut info = json!({
            kind.member(): {"name": name, "version": version},
            "status": if r.deprecated.is_some() { "DEPRECATED" } else { "REGISTERED" },
            "creationDate": r.created,
        });
        if let Some(d) = &r.description {
            info["description"] = json!(d);
        }
        if let Some(t) = r.deprecated {
            info["deprecationDate"] = json!(t);
        }
        info
    }

    pub(super) fn describe_type(&self, kind: Kind, input: &Json) -> Answer {
        let (key, name, version) = self.named_type(kind, input)?;
        let r = self
            .types
            .get(&key)
            .ok_or_else(|| unknown_type(kind, name, version))?;
        Ok(Some(json!({
            "typeInfo": Self::type_info(kind, name, version, r),
            "configuration": r.configuration,
        })))
    }

    pub(super) fn list_types(&self, kind: Kind, input: &Json) -> Answer {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let deprecated = text(input, "registrationStatus") == "DEPRECATED";
        let name = opt_text(input, "name");
        let infos = self
            .types
            .iter()
            .filter(|((k, d, n, _), r)| {
                *k == kind
                    && d == domain
                    && name.is_none_or(|x| x == n)
                    && r.deprecated.is_some() == deprecated
            })
            .map(|((_, _, n, v), r)| Self::type_info(kind, n, v, r))
            .collect();
        page(infos, input, "typeInfos").map(Some)
    }

    pub(super) fn set_type_deprecated(
        &mut self,
        kind: Kind,
        input: &Json,
        deprecate: bool,
    ) -> Answer {
        let (key, name, version) = self.named_type(kind, input)?;
        let now = self.now;
        let r = self
            .types
            .get_mut(&key)
            .ok_or_else(|| unknown_type(kind, name, version))?;
        match (deprecate, r.deprecated.is_some()) {
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

    pub(super) fn delete_type(&mut self, kind: Kind, input: &Json) -> Answer {
        let (key, name, version) = self.named_type(kind, input)?;
        let r = self
            .types
            .get(&key)
            .ok_or_else(|| unknown_type(kind, name, version))?;
        if r.deprecated.is_none() {
            return Err(Fault::swf(
                SwfFault::TypeNotDeprecated,
                format!("{}=[name={name}, version={version}]", kind.label()),
            ));
        }
        self.types.remove(&key);
        Ok(None)
    }
}
