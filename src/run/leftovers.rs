//! What earlier runs left on the endpoint that this run's cases register again.
//!
//! Most names a case registers are made of the run's prefix, new in every run. Some are the
//! same in every run: a generated case's one-character name, a domain named `""` that an
//! endpoint wrongly accepted, a type in the generated cases' domain. SWF never deletes a
//! domain and cleanup can only deprecate, so a later run against the same endpoint meets
//! them, and such a case may get another answer than it did on a fresh endpoint
//! (DomainAlreadyExistsFault instead of a 200). Before the cases run, the run looks each such
//! name up and says which ones exist and which cases register them: a reproduction whose
//! verdict differs from the first run's then says why.

use super::context::{Created, RunContext};
use crate::cases::case::Case;
use crate::plan::{Action, Body, Plan, PlanContext};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// At most this many names are looked up (one request each).
pub const MAX_LOOKUPS: usize = 200;

/// What this run's `cases` register under names that are the same in every run, each with
/// the cases that register it; never the run's own domains and types.
pub fn fixed_registrations(ctx: &RunContext, cases: &[Case]) -> BTreeMap<Created, Vec<String>> {
    let this = ctx.plan_context();
    let other = PlanContext {
        prefix: format!("{}-another-run", this.prefix),
        ..this.clone()
    };
    let mut out: BTreeMap<Created, Vec<String>> = BTreeMap::new();
    for case in cases.iter().filter(|c| registers(c)) {
        let (Ok(a), Ok(b)) = (
            Plan::new(case, &this, 0, String::new()),
            Plan::new(case, &other, 0, String::new()),
        ) else {
            continue;
        };
        let again = registrations(&b);
        for created in registrations(&a) {
            if again.contains(&created) && !ctx.is_own(&created) {
                out.entry(created).or_default().push(case.id.clone());
            }
        }
    }
    out
}

/// Whether a case's request or one of its steps registers a domain or a type.
fn registers(case: &Case) -> bool {
    let register = |op: &str| op.starts_with("Register");
    register(&case.operation)
        || case
            .steps
            .iter()
            .any(|s| s.operation.as_deref().is_some_and(register))
}

/// What a plan's steps and request register.
fn registrations(plan: &Plan<'_>) -> Vec<Created> {
    let mut out: Vec<Created> = plan
        .steps
        .iter()
        .filter_map(|s| match &s.action {
            Action::Call(c) => Created::of(&c.operation, &c.body),
            _ => None,
        })
        .collect();
    if let Body::Json(body) = &plan.request.body {
        out.extend(Created::of(&plan.case.operation, body));
    }
    out
}

impl RunContext {
    /// Looks up each name this run's `cases` register in every run ([`fixed_registrations`])
    /// and says, a sentence each, which ones the endpoint already holds and which cases
    /// register them.
    pub async fn leftovers(&self, cases: &[Case]) -> Vec<String> {
        let fixed = fixed_registrations(self, cases);
        let mut said = Vec::new();
        for (created, ids) in fixed.into_iter().take(MAX_LOOKUPS) {
            let Some(status) = self.status_of(&created).await else {
                continue;
            };
            let (what, kind) = match &created {
                Created::Domain(name) => (format!("domain {}", quoted(name)), "domain"),
                Created::Type {
                    member,
                    domain,
                    name,
                    version,
                } => (
                    format!(
                        "{} {} {} in {domain}",
                        member.trim_end_matches("Type"),
                        quoted(name),
                        quoted(version)
                    ),
                    "type",
                ),
            };
            let more = match ids.len() {
                1 | 2 => String::new(),
                n => format!(" and {} more", n - 2),
            };
            said.push(format!(
                "the endpoint already holds {what} ({status}), which {}{more} register(s) in every run: an earlier run left it (SWF never deletes a {kind}; cleanup only deprecates), so their answers may differ from a fresh endpoint's",
                ids.iter().take(2).cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        said
    }

    /// The registration status the endpoint describes `created` with, if it holds it.
    async fn status_of(&self, created: &Created) -> Option<String> {
        let (operation, input, info) = match created {
            Created::Domain(name) => ("DescribeDomain", json!({"name": name}), "domainInfo"),
            Created::Type {
                member,
                domain,
                name,
                version,
            } => {
                let op = match *member {
                    "workflowType" => "DescribeWorkflowType",
                    _ => "DescribeActivityType",
                };
                let which = json!({"domain": domain, *member: {"name": name, "version": version}});
                (op, which, "typeInfo")
            }
        };
        let out = self.swf.call(operation, input).await.ok()?;
        out[info]["status"].as_str().map(str::to_owned)
    }
}

/// A name as JSON writes it, a long one cut to its start and end.
fn quoted(name: &str) -> String {
    Json::from(crate::outcome::evidence::shorten(name, 40)).to_string()
}
