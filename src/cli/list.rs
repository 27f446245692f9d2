//! `swfcheck list`: the cases of the suite.

use super::{Selection, select};
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;

/// `swfcheck list`'s arguments.
#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub selection: Selection,
}

/// Prints every check of the selection with its level and source, then counts.
pub fn list(args: ListArgs) -> Result<ExitCode> {
    let cases = select(&args.selection)?;
    let mut per_op = std::collections::BTreeMap::<&str, usize>::new();
    for case in &cases {
        for check in &case.checks {
            println!(
                "{:<52} {:<8} {}",
                check.id_in(case),
                check.level_in(case),
                check.source_in(case)
            );
        }
        *per_op.entry(&case.operation).or_default() += 1;
    }
    let total: usize = per_op.values().sum();
    let operations = per_op.len();
    for (op, n) in per_op {
        println!("{op}: {n} cases");
    }
    println!("{total} cases in {operations} operations");
    Ok(ExitCode::SUCCESS)
}
