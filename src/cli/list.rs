//! `swfcheck list`: the cases of the suite, what they cover of the documentation, and
//! (`--faults`) the matrix operation × declared fault.

use super::{Selection, select};
use anyhow::Result;
use clap::Args;
use std::fmt::Write;
use std::process::ExitCode;
use swfcheck::report::coverage;
use swfcheck::report::coverage::{fault_matrix, operation_doc_coverage};

/// `swfcheck list`'s arguments.
#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Print the matrix operation × declared fault instead of the checks: the cases that
    /// provoke each fault, or why none can here.
    #[arg(long)]
    pub faults: bool,
}

/// Prints every check of the selection with its level and source, then counts and
/// the documentation figure; with `--faults`, the fault matrix.
pub fn list(args: ListArgs) -> Result<ExitCode> {
    let cases = select(&args.selection)?;
    if args.faults {
        super::stdout(&coverage::fault_matrix_lines(&fault_matrix(&cases)))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let mut per_op = std::collections::BTreeMap::<&str, usize>::new();
    for case in &cases {
        for check in &case.checks {
            let _ = writeln!(
                out,
                "{:<52} {:<8} {}",
                check.id_in(&case.id),
                check.level_or(case.level),
                check.source_or(&case.source)
            );
        }
        *per_op.entry(&case.operation).or_default() += 1;
    }
    let total: usize = per_op.values().sum();
    let operations = per_op.len();
    for (op, n) in per_op {
        let _ = writeln!(out, "{op}: {n} cases");
    }
    let _ = writeln!(out, "{total} cases in {operations} operations");
    let (covered, untestable, sentences) = operation_doc_coverage(&cases);
    let _ = writeln!(
        out,
        "{}",
        coverage::doc_coverage(covered, untestable, sentences)
    );
    let _ = writeln!(out, "{}", coverage::fault_summary(&fault_matrix(&cases)));
    super::stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
