//! `swfcheck merge`: the JSON reports of a run's shards as one.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use swfcheck::outcome::baseline::Baseline;
use swfcheck::report::ReportSpec;
use swfcheck::report::summary::SummaryFormat;

/// `swfcheck merge`'s arguments.
#[derive(Args)]
pub struct MergeArgs {
    /// The JSON reports of the shards.
    #[arg(required = true, value_name = "REPORT.json")]
    pub inputs: Vec<PathBuf>,
    /// Write the merged report: json=PATH, junit=PATH or html=PATH (repeatable).
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    pub reports: Vec<ReportSpec>,
    /// Pass when the merged results match this baseline.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// What the end shows: groups (divergences by cause), cases (a line per failing check) or table.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Groups)]
    pub format: SummaryFormat,
}

/// Merges the shards' reports and writes the requested formats.
pub fn merge(args: MergeArgs) -> Result<ExitCode> {
    ReportSpec::check_all(&args.reports)?;
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let mut shards = Vec::new();
    for path in &args.inputs {
        let report = swfcheck::report::json::read(path)?;
        shards.push((path.display().to_string(), report));
    }
    let mut merged = swfcheck::report::shards::merge(shards)?;
    let no_snapshots = |_: &mut swfcheck::outcome::RunReport| Ok::<_, std::convert::Infallible>(());
    let decision = swfcheck::outcome::verdicts::finish(
        &mut merged,
        false,
        no_snapshots,
        baseline.as_ref(),
        false,
    )?;
    for spec in &args.reports {
        spec.write(&merged)?;
    }
    let to_stdout = args.reports.iter().any(ReportSpec::is_stdout);
    let mut out = super::run::Out::new(to_stdout);
    let comparison = decision.comparison.as_ref();
    let summary = swfcheck::report::summary::render_against(&merged, args.format, comparison);
    out.print(&summary);
    Ok(ExitCode::from(decision.exit))
}
