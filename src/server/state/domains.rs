//! Domains and their tags.

use super::{Answer, World, invalid, opt_text, page, text};
use crate::wire::{Fault, SwfFault};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// The account and region of the ARNs this endpoint hands out.
pub const ARN_PREFIX: &str = "arn:aws:swf:us-east-1:123456789012:/domain/";

/// A registered domain.
pub struct Domain {
    pub(super) name: String,
    pub(super) description: Option<String>,
    pub(super) retention: String,
    pub(super) deprecated: bool,
    pub(super) tags: BTreeMap<String, Option<String>>,
}

impl Domain {
    fn info(&self) -> Json {
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

    /// Whether the domain is deprecated.
    pub fn deprecated(&self) -> bool {
        self.deprecated
    }
}

/// TagResource: "Amazon SWF supports a maximum of 50 tags per resource."
const MAX_TAGS: usize = 50;

fn too_many_tags() -> Fault {
    Fault::swf(SwfFault::TooManyTags, "A domain has at most 50 tags")
}

fn tags_of(input: &Json, member: &str) -> Vec<(String, Option<String>)> {
    input
        .get(member)
        .and_then(Json::as_array)
        .map(|tags| {
            tags.iter()
                .map(|t| {
                    (
                        text(t, "key").to_owned(),
                        opt_text(t, "value").map(str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

impl World {
    pub(super) fn register_domain(&mut self, input: &Json) -> Answer {
        let name = text(input, "name");
        let retention = text(input, "workflowExecutionRetentionPeriodInDays");
        // SWF-WIRE.md §6: a string "0".."90" (the model only bounds its length).
        let days_ok = retention.parse::<u8>().is_ok_and(|d| d <= 90) || retention == "NONE";
        if !days_ok {
            return Err(invalid(format!(
                "Value '{retention}' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: \
                 Member must be a number of days from 0 to 90"
            )));
        }
        if self.domains.contains_key(name) {
            return Err(Fault::swf(SwfFault::DomainAlreadyExists, name.to_owned()));
        }
        let tags: BTreeMap<_, _> = tags_of(input, "tags").into_iter().collect();
        // RegisterDomain declares TooManyTagsFault; TagResource's documentation states the
        // limit: "Amazon SWF supports a maximum of 50 tags per resource."
        if tags.len() > MAX_TAGS {
            return Err(too_many_tags());
        }
        let domain = Domain {
            name: name.to_owned(),
            description: opt_text(input, "description").map(str::to_owned),
            retention: retention.to_owned(),
            deprecated: false,
            tags,
        };
        self.domains.insert(name.to_owned(), domain);
        Ok(None)
    }

    pub(super) fn describe_domain(&self, input: &Json) -> Answer {
        let d = self.domain(text(input, "name"))?;
        Ok(Some(json!({
            "domainInfo": d.info(),
            "configuration": {"workflowExecutionRetentionPeriodInDays": d.retention},
        })))
    }

    pub(super) fn list_domains(&self, input: &Json) -> Answer {
        let deprecated = text(input, "registrationStatus") == "DEPRECATED";
        let infos = self
            .domains
            .values()
            .filter(|d| d.deprecated == deprecated)
            .map(Domain::info)
            .collect();
        page(infos, input, "domainInfos").map(Some)
    }

    pub(super) fn set_domain_deprecated(&mut self, input: &Json, deprecated: bool) -> Answer {
        let name = text(input, "name");
        self.domain(name)?;
        let d = self
            .domains
            .get_mut(name)
            .ok_or_else(|| Fault::swf(SwfFault::UnknownResource, name.to_owned()))?;
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
        if deprecated {
            // SWF-WIRE.md §8: deprecating a domain "also deprecates all activity and
            // workflow types registered in the domain".
            let now = self.now;
            for ((_, d, _, _), r) in self.types.iter_mut() {
                if d == name && r.deprecated.is_none() {
                    r.deprecated = Some(now);
                }
            }
        }
        Ok(None)
    }

    fn domain_by_arn(&mut self, arn: &str) -> Result<&mut Domain, Fault> {
        let unknown = || {
            Fault::swf(
                SwfFault::UnknownResource,
                format!("Unknown resource: {arn}"),
            )
        };
        let name = arn.strip_prefix(ARN_PREFIX).ok_or_else(unknown)?;
        self.domains.get_mut(name).ok_or_else(unknown)
    }

    pub(super) fn tag_resource(&mut self, input: &Json) -> Answer {
        let tags = tags_of(input, "tags");
        let d = self.domain_by_arn(text(input, "resourceArn"))?;
        let mut merged = d.tags.clone();
        merged.extend(tags);
        if merged.len() > MAX_TAGS {
            return Err(too_many_tags());
        }
        d.tags = merged;
        Ok(None)
    }

    pub(super) fn untag_resource(&mut self, input: &Json) -> Answer {
        let keys: Vec<String> = input
            .get("tagKeys")
            .and_then(Json::as_array)
            .map(|k| {
                k.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let d = self.domain_by_arn(text(input, "resourceArn"))?;
        for k in keys {
            d.tags.remove(&k);
        }
        Ok(None)
    }

    pub(super) fn list_tags(&mut self, input: &Json) -> Answer {
        let d = self.domain_by_arn(text(input, "resourceArn"))?;
        let tags: Vec<Json> = d
            .tags
            .iter()
            .map(|(k, v)| match v {
                Some(v) => json!({"key": k, "value": v}),
                None => json!({"key": k}),
            })
            .collect();
        Ok(Some(json!({ "tags": tags })))
    }
}
