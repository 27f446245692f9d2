//! The types concept: workflow and activity types (one implementation, two kinds), their
//! registration, default configuration and deprecation. The caller checks the domain.

use super::input::{Paged, Reply, page};
use crate::wire::typed::{
    ChildPolicy, ListActivityTypesInput, ListWorkflowTypesInput, RegisterActivityTypeInput,
    RegisterWorkflowTypeInput, RegistrationStatus, TaskList,
};
use crate::wire::{Fault, SwfFault};
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// Which kind of type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeKind {
    /// A workflow type.
    Workflow,
    /// An activity type.
    Activity,
}

impl TypeKind {
    /// The member that names a type of this kind (`workflowType`, `activityType`).
    pub fn member(self) -> &'static str {
        match self {
            TypeKind::Workflow => "workflowType",
            TypeKind::Activity => "activityType",
        }
    }

    fn label(self) -> &'static str {
        match self {
            TypeKind::Workflow => "WorkflowType",
            TypeKind::Activity => "ActivityType",
        }
    }
}

/// The `default*` members a type was registered with (RegisterWorkflowType's or
/// RegisterActivityType's), as DescribeXType's `configuration` shows them.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDefaults {
    /// Both kinds: the decision or activity task's start-to-close timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_task_start_to_close_timeout: Option<String>,
    /// Workflow types: the execution's start-to-close timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_execution_start_to_close_timeout: Option<String>,
    /// Both kinds: the task list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_task_list: Option<TaskList>,
    /// Both kinds: the task priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_task_priority: Option<String>,
    /// Workflow types: the child policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_child_policy: Option<ChildPolicy>,
    /// Workflow types: the Lambda role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_lambda_role: Option<String>,
    /// Activity types: the heartbeat timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_task_heartbeat_timeout: Option<String>,
    /// Activity types: the schedule-to-start timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_task_schedule_to_start_timeout: Option<String>,
    /// Activity types: the schedule-to-close timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_task_schedule_to_close_timeout: Option<String>,
}

impl TypeDefaults {
    /// The defaults RegisterWorkflowType gave.
    pub fn of_workflow(input: &RegisterWorkflowTypeInput) -> Self {
        TypeDefaults {
            default_task_start_to_close_timeout: input.default_task_start_to_close_timeout.clone(),
            default_execution_start_to_close_timeout: input
                .default_execution_start_to_close_timeout
                .clone(),
            default_task_list: input.default_task_list.clone(),
            default_task_priority: input.default_task_priority.clone(),
            default_child_policy: input.default_child_policy,
            default_lambda_role: input.default_lambda_role.clone(),
            ..TypeDefaults::default()
        }
    }

    /// The defaults RegisterActivityType gave.
    pub fn of_activity(input: &RegisterActivityTypeInput) -> Self {
        TypeDefaults {
            default_task_start_to_close_timeout: input.default_task_start_to_close_timeout.clone(),
            default_task_list: input.default_task_list.clone(),
            default_task_priority: input.default_task_priority.clone(),
            default_task_heartbeat_timeout: input.default_task_heartbeat_timeout.clone(),
            default_task_schedule_to_start_timeout: input
                .default_task_schedule_to_start_timeout
                .clone(),
            default_task_schedule_to_close_timeout: input
                .default_task_schedule_to_close_timeout
                .clone(),
            ..TypeDefaults::default()
        }
    }

    /// As DescribeXType's `configuration` shows them (only the members given).
    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).unwrap_or_else(|_| json!({}))
    }
}

/// A type to register: its kind, domain, name, version, description and defaults.
#[derive(Debug, Clone)]
pub struct NewType<'a> {
    /// Workflow or activity type.
    pub kind: TypeKind,
    /// Its domain.
    pub domain: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its version.
    pub version: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Its defaults.
    pub defaults: TypeDefaults,
}

/// (kind, domain, name, version).
type TypeKey = (TypeKind, String, String, String);

/// A registered type.
pub struct TypeRecord {
    description: Option<String>,
    created: f64,
    deprecated: Option<f64>,
    defaults: TypeDefaults,
}

impl TypeRecord {
    /// Whether it is deprecated.
    pub fn deprecated(&self) -> bool {
        self.deprecated.is_some()
    }

    /// Its `default*` members as registered.
    pub fn defaults(&self) -> &TypeDefaults {
        &self.defaults
    }

    /// WorkflowTypeInfo or ActivityTypeInfo as the model shapes it.
    pub fn info(&self, kind: TypeKind, name: &str, version: &str) -> Json {
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

fn unknown_type(kind: TypeKind, name: &str, version: &str) -> Fault {
    Fault::swf(
        SwfFault::UnknownResource,
        format!(
            "Unknown type: {}=[name={name}, version={version}]",
            kind.label()
        ),
    )
}

/// One registered type as the view lists it: kind, domain, name, version, record.
pub type TypeEntry<'a> = (TypeKind, &'a str, &'a str, &'a str, &'a TypeRecord);

/// What ListWorkflowTypes / ListActivityTypes ask for.
#[derive(Debug, Clone, Copy)]
pub struct TypeQuery<'a> {
    /// The domain.
    pub domain: &'a str,
    /// Only types of this name.
    pub name: Option<&'a str>,
    /// Registered or deprecated types.
    pub status: RegistrationStatus,
    /// The page.
    pub paging: super::input::Paging<'a>,
}

impl<'a> TypeQuery<'a> {
    /// ListWorkflowTypes' query.
    pub fn of_workflows(input: &'a ListWorkflowTypesInput) -> Self {
        TypeQuery {
            domain: &input.domain,
            name: input.name.as_deref(),
            status: input.registration_status,
            paging: input.paging(),
        }
    }

    /// ListActivityTypes' query.
    pub fn of_activities(input: &'a ListActivityTypesInput) -> Self {
        TypeQuery {
            domain: &input.domain,
            name: input.name.as_deref(),
            status: input.registration_status,
            paging: input.paging(),
        }
    }
}

/// Every registered type of every domain.
#[derive(Default)]
pub struct Types {
    by_key: BTreeMap<TypeKey, TypeRecord>,
}

/// The key of type `name`/`version` of `kind` in `domain`.
fn key_of(kind: TypeKind, domain: &str, (name, version): (&str, &str)) -> TypeKey {
    (kind, domain.to_owned(), name.to_owned(), version.to_owned())
}

impl Types {
    /// The type `name`/`version` of `kind` in `domain`, or UnknownResourceFault.
    pub fn get(
        &self,
        kind: TypeKind,
        domain: &str,
        (name, version): (&str, &str),
    ) -> Result<&TypeRecord, Fault> {
        self.by_key
            .get(&key_of(kind, domain, (name, version)))
            .ok_or_else(|| unknown_type(kind, name, version))
    }

    /// Every type, by kind, domain, name and version.
    pub fn iter(&self) -> impl Iterator<Item = TypeEntry<'_>> {
        self.by_key
            .iter()
            .map(|((k, d, n, v), r)| (*k, d.as_str(), n.as_str(), v.as_str(), r))
    }

    /// RegisterWorkflowType / RegisterActivityType at time `now`.
    pub fn register(&mut self, new: NewType<'_>, now: f64) -> Reply {
        let (name, version) = (new.name, new.version);
        let key = key_of(new.kind, new.domain, (name, version));
        if self.by_key.contains_key(&key) {
            return Err(Fault::swf(
                SwfFault::TypeAlreadyExists,
                format!("{}=[name={name}, version={version}]", new.kind.label()),
            ));
        }
        let record = TypeRecord {
            description: new.description.map(str::to_owned),
            created: now,
            deprecated: None,
            defaults: new.defaults,
        };
        self.by_key.insert(key, record);
        Ok(None)
    }

    /// DescribeWorkflowType / DescribeActivityType of `name`/`version` in `domain`.
    pub fn describe(&self, kind: TypeKind, domain: &str, (name, version): (&str, &str)) -> Reply {
        let r = self.get(kind, domain, (name, version))?;
        Ok(Some(json!({
            "typeInfo": r.info(kind, name, version),
            "configuration": r.defaults.to_json(),
        })))
    }

    /// ListWorkflowTypes / ListActivityTypes.
    pub fn list(&self, kind: TypeKind, query: TypeQuery<'_>) -> Reply {
        let deprecated = query.status == RegistrationStatus::Deprecated;
        let infos = self
            .iter()
            .filter(|(k, d, n, _, r)| {
                *k == kind
                    && *d == query.domain
                    && query.name.is_none_or(|x| x == *n)
                    && r.deprecated() == deprecated
            })
            .map(|(_, _, n, v, r)| r.info(kind, n, v))
            .collect();
        page(infos, query.paging, "typeInfos").map(Some)
    }

    /// Deprecate- (`true`) or UndeprecateWorkflowType / ActivityType at time `now`.
    pub fn set_deprecated(
        &mut self,
        (kind, domain, (name, version)): (TypeKind, &str, (&str, &str)),
        deprecate: bool,
        now: f64,
    ) -> Reply {
        let r = self
            .by_key
            .get_mut(&key_of(kind, domain, (name, version)))
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
    pub fn delete(&mut self, kind: TypeKind, domain: &str, (name, version): (&str, &str)) -> Reply {
        let key = key_of(kind, domain, (name, version));
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
