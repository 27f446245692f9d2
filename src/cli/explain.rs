//! `swfcheck explain ID`: one case, everything about it in one place.

use super::{Selection, select};
use anyhow::{Result, bail};
use clap::Args;
use std::process::ExitCode;
use swfcheck::cases::case::Case;
use swfcheck::plan::{Plan, PlanContext};

/// `swfcheck explain`'s arguments.
#[derive(Args)]
pub struct ExplainArgs {
    /// The case id or a result id (`<case id>/<check name>`), as a run or `list` prints it.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The endpoint the curl line sends the request to.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:5000")]
    pub endpoint: String,
    /// The region the curl line signs for.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// Print only the script that sends the case's requests (`| bash` runs it: curl and jq).
    #[arg(long)]
    pub script: bool,
    #[command(flatten)]
    pub selection: Selection,
}

/// Prints the case: exit 0, or 2 when no case has this id.
pub fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let cases = select(&args.selection)?;
    let Some(case) = find(&cases, &args.id) else {
        bail!(
            "no case has the id {:?} (hint: `swfcheck list` prints every check id; with --cases, the same files)",
            args.id
        );
    };
    let text = match args.script {
        true => script(case, &args.endpoint, &args.region),
        false => render(case, &args.endpoint, &args.region),
    };
    super::stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The case whose id is `id`, or one of whose results has the id `id`.
fn find<'a>(cases: &'a [Case], id: &str) -> Option<&'a Case> {
    cases.iter().find(|c| c.id == id).or_else(|| {
        cases
            .iter()
            .find(|c| swfcheck::run::filter::result_ids(c).any(|r| r == id))
    })
}

/// What `explain` prints for `case`: [`swfcheck::plan::Plan::explain`] of its plan in a
/// run with the default domain.
pub fn render(case: &Case, endpoint: &str, region: &str) -> String {
    let ctx = PlanContext::example();
    match Plan::new(case, &ctx, 0, "${unknownRunId}".into()) {
        Ok(plan) => plan.explain(&ctx, endpoint, region),
        Err(e) => format!("case {}: its templates do not expand: {e}\n", case.id),
    }
}

/// The case's script alone ([`swfcheck::plan::Plan::script`]).
pub fn script(case: &Case, endpoint: &str, region: &str) -> String {
    let ctx = PlanContext::example();
    match Plan::new(case, &ctx, 0, "${unknownRunId}".into()) {
        Ok(plan) => plan.script(&ctx, endpoint, region),
        Err(e) => format!(
            "echo 'case {}: its templates do not expand: {e}' >&2; exit 2\n",
            case.id
        ),
    }
}
