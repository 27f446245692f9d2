//! The domains concept: every registered domain, its status, retention and tags, and the
//! operations that touch nothing else (Register, Describe, List, Undeprecate, the tag calls).

use super::input::{Paged, Reply, invalid, page};
use crate::wire::typed::{
    ListDomainsInput, RegisterDomainInput, RegistrationStatus, ResourceTag, TagResourceInput,
    UntagResourceInput,
};
use crate::wire::{Fault, SwfFault};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// The account and region of the ARNs this endpoint hands out.
pub const ARN_PREFIX: &str = "arn:aws:swf:us-east-1:123456789012:/domain/";

/// TagResource: "Amazon SWF supports a maximum of 50 tags per resource."
const MAX_TAGS: usize = 50;

/// A registered domain.
pub struct Domain {
    name: String,
    description: Option<String>,
    retention: String,
    deprecated: bool,
    tags: BTreeMap<String, Option<String>>,
}

impl Domain {
    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its description, if it was given one.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// Its retention period as registered (`"0"`..`"90"` days, or `NONE`).
    pub fn retention(&self) -> &str {
        &self.retention
    }

    /// DomainInfo as the model shapes it.
    pub fn info(&self) -> Json {
        let mut info = json!({
            "name": self.name,
            "status": if self.deprecated { "DEPRECATED" } else { "REGISTERED" },
            "arn": format!("{ARN_PREFIX}{}", self.name),
        });
        if let Some(d) = &self.description {
            info["description"] = json!(d);
        }
        info
    }

    /// DomainConfiguration as the model shapes it.
    pub fn configuration(&self) -> Json {
        json!({"workflowExecutionRetentionPeriodInDays": self.retention})
    }

    /// Whether the domain is deprecated.
    pub fn deprecated(&self) -> bool {
        self.deprecated
    }

    /// Its tags as ListTagsForResource shows them.
    pub fn tags(&self) -> Vec<Json> {
        self.tags
            .iter()
            .map(|(k, v)| match v {
                Some(v) => json!({"key": k, "value": v}),
                None => json!({"key": k}),
            })
            .collect()
    }

    /// The retention period in days (NONE or unreadable: 0).
    pub fn retention_days(&self) -> f64 {
        self.retention.parse::<f64>().unwrap_or(0.0)
    }
}

fn too_many_tags() -> Fault {
    Fault::swf(SwfFault::TooManyTags, "A domain has at most 50 tags")
}

fn unknown_domain(name: &str) -> Fault {
    Fault::swf(SwfFault::UnknownResource, format!("Unknown domain: {name}"))
}

fn tags_of(tags: &[ResourceTag]) -> impl Iterator<Item = (String, Option<String>)> + '_ {
    tags.iter().map(|t| (t.key.clone(), t.value.clone()))
}

/// Every registered domain, by name.
#[derive(Default)]
pub struct Domains {
    by_name: BTreeMap<String, Domain>,
}

impl Domains {
    /// The domain `name`, or UnknownResourceFault.
    pub fn get(&self, name: &str) -> Result<&Domain, Fault> {
        self.by_name.get(name).ok_or_else(|| unknown_domain(name))
    }

    /// The domain `name` if it may take new types and executions: UnknownResourceFault
    /// when it is unknown or deprecated (SWF-WIRE.md §8: a deprecated domain "cannot be
    /// used to ... register new types"; the fault is ours).
    pub fn usable(&self, name: &str) -> Result<&Domain, Fault> {
        let d = self.get(name)?;
        if d.deprecated {
            return Err(Fault::swf(
                SwfFault::UnknownResource,
                format!("Domain is deprecated: {name}"),
            ));
        }
        Ok(d)
    }

    /// Every domain, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Domain> {
        self.by_name.values()
    }

    /// RegisterDomain.
    pub fn register(&mut self, input: &RegisterDomainInput) -> Reply {
        let name = input.name.as_str();
        let retention = input.workflow_execution_retention_period_in_days.as_str();
        // SWF-WIRE.md §6: a string "0".."90" (the model only bounds its length).
        let days_ok = retention.parse::<u8>().is_ok_and(|d| d <= 90) || retention == "NONE";
        if !days_ok {
            return Err(invalid(format!(
                "Value '{retention}' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: \
                 Member must be a number of days from 0 to 90"
            )));
        }
        if self.by_name.contains_key(name) {
            return Err(Fault::swf(SwfFault::DomainAlreadyExists, name.to_owned()));
        }
        let tags: BTreeMap<_, _> = tags_of(input.tags.as_deref().unwrap_or_default()).collect();
        // RegisterDomain declares TooManyTagsFault; TagResource's documentation states the
        // limit: "Amazon SWF supports a maximum of 50 tags per resource."
        if tags.len() > MAX_TAGS {
            return Err(too_many_tags());
        }
        let domain = Domain {
            name: name.to_owned(),
            description: input.description.clone(),
            retention: retention.to_owned(),
            deprecated: false,
            tags,
        };
        self.by_name.insert(name.to_owned(), domain);
        Ok(None)
    }

    /// DescribeDomain of `name`.
    pub fn describe(&self, name: &str) -> Reply {
        let d = self.get(name)?;
        Ok(Some(json!({
            "domainInfo": d.info(),
            "configuration": d.configuration(),
        })))
    }

    /// ListDomains.
    pub fn list(&self, input: &ListDomainsInput) -> Reply {
        let deprecated = input.registration_status == RegistrationStatus::Deprecated;
        let infos = self
            .by_name
            .values()
            .filter(|d| d.deprecated == deprecated)
            .map(Domain::info)
            .collect();
        page(infos, input.paging(), "domainInfos").map(Some)
    }

    /// DeprecateDomain (`true`) or UndeprecateDomain of `name`; the deprecation of its
    /// types is the caller's.
    pub fn set_deprecated(&mut self, name: &str, deprecated: bool) -> Reply {
        let d = self
            .by_name
            .get_mut(name)
            .ok_or_else(|| unknown_domain(name))?;
        if d.deprecated == deprecated {
            return Err(if deprecated {
                Fault::swf(
                    SwfFault::DomainDeprecated,
                    format!("Domain is already deprecated: {name}"),
                )
            } else {
                Fault::swf(
                    SwfFault::DomainAlreadyExists,
                    format!("Domain is not deprecated: {name}"),
                )
            });
        }
        d.deprecated = deprecated;
        Ok(None)
    }

    fn by_arn(&mut self, arn: &str) -> Result<&mut Domain, Fault> {
        let unknown = || {
            Fault::swf(
                SwfFault::UnknownResource,
                format!("Unknown resource: {arn}"),
            )
        };
        let name = arn.strip_prefix(ARN_PREFIX).ok_or_else(unknown)?;
        self.by_name.get_mut(name).ok_or_else(unknown)
    }

    /// TagResource.
    pub fn tag(&mut self, input: &TagResourceInput) -> Reply {
        let d = self.by_arn(&input.resource_arn)?;
        let mut merged = d.tags.clone();
        merged.extend(tags_of(&input.tags));
        if merged.len() > MAX_TAGS {
            return Err(too_many_tags());
        }
        d.tags = merged;
        Ok(None)
    }

    /// UntagResource.
    pub fn untag(&mut self, input: &UntagResourceInput) -> Reply {
        let d = self.by_arn(&input.resource_arn)?;
        for k in &input.tag_keys {
            d.tags.remove(k);
        }
        Ok(None)
    }

    /// ListTagsForResource of `arn`.
    pub fn list_tags(&mut self, arn: &str) -> Reply {
        let d = self.by_arn(arn)?;
        Ok(Some(json!({ "tags": d.tags() })))
    }
}
