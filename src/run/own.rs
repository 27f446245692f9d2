//! The run's own domains and types: made ready at the start of a run and never a target of
//! its cleanup.
//!
//! A run reuses its domain (`--domain`, `swfcheck-conformance`), the generated cases'
//! domain (`<domain>-generated`), the harness's deprecated domain and its two types in
//! both domains: SWF never deletes a domain, and an account's domains are limited. So a run
//! must leave them as it found them, and must cope with finding them deprecated (by hand,
//! or by an older swfcheck whose cleanup deprecated what an endpoint that accepts a
//! duplicate registration answered 200 for). At the start each one found deprecated is
//! undeprecated, and the run says so; when that is refused, the run works in a fresh
//! domain, `<domain>-<8 hex>`, and says why.

use super::context::{Created, DEPRECATED_DOMAIN, RunContext};
use super::swf::CallError;
use serde_json::{Value as Json, json};

/// What making one of the run's domains ready found.
enum Readiness {
    /// Ready; what had to be undeprecated first (`domain d`, `workflow type n 1 in d`).
    Ready(Vec<String>),
    /// Deprecated, and it could not be undeprecated: the call and its answer.
    Stuck(String),
}

impl RunContext {
    /// Whether `c` is one of the run's own domains or types, which the run registers when
    /// absent and reuses when present: a case's request that registers it again and gets a
    /// 200 (an endpoint that accepts a duplicate registration) did not create it.
    pub fn is_own(&self, c: &Created) -> bool {
        let generated = self.generated_domain();
        let own_domain = |d: &str| d == self.domain || d == generated;
        match c {
            Created::Domain(name) => own_domain(name) || name == DEPRECATED_DOMAIN,
            Created::Type {
                member,
                domain,
                name,
                version,
            } => {
                let own = match *member {
                    "workflowType" => &self.workflow,
                    _ => &self.activity,
                };
                // The deprecated domain's setup registers the run's types there and every
                // run reuses them.
                let in_ours = own_domain(domain) || domain == DEPRECATED_DOMAIN;
                in_ours && (name, version) == (&own.0, &own.1)
            }
        }
    }

    /// Makes the run's domain and types ready, and with `generated` the generated cases'
    /// domain (with the run's types) and the harness's deprecated domain: each is registered
    /// when absent and undeprecated when found deprecated. When one cannot be undeprecated,
    /// the run's domain becomes a fresh one (`<domain>-<8 hex>`, made ready the same way).
    /// Returns what the run did and why, a sentence each, for the terminal and the report.
    pub async fn prepare_own(&mut self, generated: bool) -> Result<Vec<String>, CallError> {
        let mut said = Vec::new();
        if generated {
            self.swf.ensure_domain(DEPRECATED_DOMAIN).await?;
            self.swf.deprecate_domain(DEPRECATED_DOMAIN).await?;
        }
        for attempt in 0..2 {
            let mut stuck = None;
            let mut undone = Vec::new();
            let mut domains = vec![self.domain.clone()];
            if generated {
                domains.push(self.generated_domain());
            }
            for domain in domains {
                match self.ready(&domain).await? {
                    Readiness::Ready(u) => undone.extend(u),
                    Readiness::Stuck(why) => {
                        stuck = Some(why);
                        break;
                    }
                }
            }
            if !undone.is_empty() {
                said.push(format!(
                    "the run's {} {} deprecated (an earlier run or a person left {} so): undeprecated",
                    undone.join(", "),
                    if undone.len() == 1 { "was" } else { "were" },
                    if undone.len() == 1 { "it" } else { "them" },
                ));
            }
            let Some(why) = stuck else {
                return Ok(said);
            };
            if attempt > 0 {
                return Err(CallError::Unexpected {
                    operation: "UndeprecateDomain".into(),
                    detail: format!("the fresh domain {} is deprecated too: {why}", self.domain),
                });
            }
            let fresh = self.fresh_domain();
            said.push(format!(
                "the run's domain {} (or a type of it) is deprecated and could not be undeprecated ({why}): this run uses the domain {fresh} instead",
                self.domain
            ));
            self.domain = fresh;
        }
        Ok(said)
    }

    /// `<domain>-<the prefix's 8 hex>`: a domain no other run uses.
    fn fresh_domain(&self) -> String {
        let hex = self.prefix.rsplit('-').next().unwrap_or(&self.prefix);
        format!("{}-{hex}", self.domain)
    }

    /// Registers `domain` and the run's two types in it when absent, and undeprecates
    /// whichever of them the endpoint describes as deprecated.
    async fn ready(&self, domain: &str) -> Result<Readiness, CallError> {
        let mut undone = Vec::new();
        self.swf.ensure_domain(domain).await?;
        let describe = json!({"name": domain});
        let undeprecate = ["DescribeDomain", "UndeprecateDomain", "domainInfo"];
        match self.undeprecate(undeprecate, describe).await {
            Ok(true) => undone.push(format!("domain {domain}")),
            Ok(false) => {}
            Err(why) => return Ok(Readiness::Stuck(why)),
        }
        self.swf
            .ensure_types(domain, &self.workflow, &self.activity)
            .await?;
        let kinds = [
            ("workflow", "workflowType", &self.workflow),
            ("activity", "activityType", &self.activity),
        ];
        for (kind, member, (name, version)) in kinds {
            let which = json!({"domain": domain, member: {"name": name, "version": version}});
            let ops = match kind {
                "workflow" => [
                    "DescribeWorkflowType",
                    "UndeprecateWorkflowType",
                    "typeInfo",
                ],
                _ => [
                    "DescribeActivityType",
                    "UndeprecateActivityType",
                    "typeInfo",
                ],
            };
            match self.undeprecate(ops, which).await {
                Ok(true) => undone.push(format!("{kind} type {name} {version} in {domain}")),
                Ok(false) => {}
                Err(why) => return Ok(Readiness::Stuck(why)),
            }
        }
        Ok(Readiness::Ready(undone))
    }

    /// Undeprecates what `input` names when `describe`'s answer shows it DEPRECATED, and
    /// checks that it no longer is: whether it was, or why it stays deprecated.
    async fn undeprecate(
        &self,
        [describe, undeprecate, info]: [&str; 3],
        input: Json,
    ) -> Result<bool, String> {
        if !self.deprecated(describe, input.clone(), info).await {
            return Ok(false);
        }
        match self.swf.call(undeprecate, input.clone()).await {
            Ok(_) => {}
            // "Already registered": someone undeprecated it meanwhile.
            Err(e) if e.fault().is_some_and(|f| f.ends_with("AlreadyExistsFault")) => {}
            Err(e) => return Err(e.to_string()),
        }
        if self.deprecated(describe, input, info).await {
            return Err(format!(
                "{undeprecate} answered 200, yet {describe} still shows it DEPRECATED"
            ));
        }
        Ok(true)
    }

    /// Whether `operation`'s answer describes its subject (`info`) as DEPRECATED. An
    /// endpoint that cannot describe it is taken at its word that registering it worked.
    async fn deprecated(&self, operation: &str, input: Json, info: &str) -> bool {
        match self.swf.call(operation, input).await {
            Ok(out) => out[info]["status"].as_str() == Some("DEPRECATED"),
            Err(_) => false,
        }
    }
}
