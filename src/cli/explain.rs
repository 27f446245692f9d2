//! `swfcheck explain ID`: one case, everything about it in one place.

use super::{Selection, select};
use anyhow::{Result, bail};
use clap::Args;
use std::process::ExitCode;
use swfcheck::cases::case::Case;
use swfcheck::cases::template::Vars;
use swfcheck::check::{After, Evidence};
use swfcheck::run::client::TransportError;

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
    print!("{}", render(case, &args.endpoint, &args.region));
    Ok(ExitCode::SUCCESS)
}

/// The case whose id is `id`, or whose check has the result id `id`.
fn find<'a>(cases: &'a [Case], id: &str) -> Option<&'a Case> {
    cases.iter().find(|c| c.id == id).or_else(|| {
        cases
            .iter()
            .find(|c| c.checks.iter().any(|k| k.id_in(c) == id))
    })
}

/// What `explain` prints for `case`.
pub fn render(case: &Case, endpoint: &str, region: &str) -> String {
    let mut out = format!(
        "case {}\noperation: {}\nsetup: {:?}\n",
        case.id, case.operation, case.setup
    );
    if !case.origin.is_empty() {
        out.push_str(&format!("defined at: {}\n", case.origin));
    }
    out.push_str(&format!("cites: {}\n\nchecks:\n", case.source));
    let vars = Vars::placeholder();
    let no_answer = Err(TransportError::Other(String::new()));
    for check in &case.checks {
        let expected =
            match swfcheck::check::evaluate(case, check, &vars, &no_answer, &After::default()) {
                Ok(o) => o.expected,
                Err(e) => format!("(template: {e})"),
            };
        out.push_str(&format!(
            "  {} [{}]: expects {}\n",
            check.id_in(case),
            check.level_in(case),
            expected.trim_end_matches(" (and a 2xx/4xx answer with an empty or JSON body)")
        ));
        if check.source.is_some() {
            out.push_str(&format!("    cites: {}\n", check.source_in(case)));
        }
    }
    out.push_str("  (and at every level: a 2xx/4xx answer with an empty or JSON body; a 5xx, HTML or no answer is never documented)\n");
    /// A case file holding the one case.
    #[derive(serde::Serialize)]
    struct One<'a> {
        case: [&'a Case; 1],
    }
    let definition = toml::to_string(&One { case: [case] })
        .unwrap_or_else(|e| format!("# (cannot be written as TOML: {e})\n{case:#?}\n"));
    out.push_str(&format!("\ndefinition (case file form):\n{definition}\n"));
    match swfcheck::run::request_of(case, &vars) {
        Ok(request) => {
            let evidence = Evidence {
                url: endpoint.to_owned(),
                signed_region: request.signed.then(|| region.to_owned()),
                request_headers: request.headers.clone(),
                request_body: String::from_utf8_lossy(&request.body).into_owned(),
                ..Evidence::default()
            };
            out.push_str(&format!(
                "reproduce (values a setup makes, such as the domain, workflowId and runId, are placeholders: \
                 a run fills them in; `run --case {} -v` prints the exact request):\n{}\n",
                case.id,
                swfcheck::report::curl::command(&evidence)
            ));
        }
        Err(e) => out.push_str(&format!(
            "reproduce: the request template does not expand: {e}\n"
        )),
    }
    out
}
