//! The matrix of operations × categories, each cell coloured by its worst result.

use super::{CATEGORIES, Shade, category_of, escape, group_anchor};
use crate::outcome::RunReport;
use crate::outcome::{CaseResult, Verdict};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Results by operation, then category (in column order), each in report order.
pub(crate) type Groups<'a> = BTreeMap<&'a str, BTreeMap<usize, Vec<&'a CaseResult>>>;

pub(crate) fn groups(report: &RunReport) -> Groups<'_> {
    let mut groups: Groups<'_> = BTreeMap::new();
    for r in &report.results {
        let column = CATEGORIES
            .iter()
            .position(|c| *c == category_of(r))
            .unwrap_or(CATEGORIES.len() - 1);
        groups
            .entry(r.operation.as_str())
            .or_default()
            .entry(column)
            .or_default()
            .push(r);
    }
    groups
}

pub(crate) fn tally(results: &[&CaseResult]) -> String {
    let mut parts = Vec::new();
    for v in Verdict::ALL {
        let n = results.iter().filter(|r| r.verdict == v).count();
        if n > 0 {
            parts.push(format!("{n} {v}"));
        }
    }
    parts.join(", ")
}

pub(crate) fn matrix(out: &mut String, groups: &Groups<'_>) {
    out.push_str("<section>\n<h2>Matrix: operations × categories</h2>\n<table id=\"matrix\">\n<thead><tr><th>operation</th>");
    for c in CATEGORIES {
        let _ = write!(out, "<th>{}</th>", escape(c));
    }
    out.push_str("<th>all</th></tr></thead>\n<tbody>\n");
    for (operation, columns) in groups {
        let _ = write!(out, "<tr><th class=\"op\">{}</th>", escape(operation));
        for (i, c) in CATEGORIES.iter().enumerate() {
            match columns.get(&i) {
                Some(results) => {
                    let passed = results
                        .iter()
                        .filter(|r| r.verdict == Verdict::Pass)
                        .count();
                    let _ = write!(
                        out,
                        "<td class=\"cell {}\" title=\"{}\"><a href=\"#{}\">{passed}/{}</a></td>",
                        Shade::worst(results.iter().copied()).class(),
                        escape(&tally(results)),
                        group_anchor(operation, c),
                        results.len()
                    );
                }
                None => out.push_str("<td class=\"cell s-none\">–</td>"),
            }
        }
        let all: Vec<&CaseResult> = columns.values().flatten().copied().collect();
        let passed = all.iter().filter(|r| r.verdict == Verdict::Pass).count();
        let _ = writeln!(
            out,
            "<td class=\"cell {}\" title=\"{}\"><b>{passed}/{}</b></td></tr>",
            Shade::worst(all.iter().copied()).class(),
            escape(&tally(&all)),
            all.len()
        );
    }
    out.push_str(
        "</tbody>\n</table>\n<div class=\"legend\">passed/total; colour of the worst result: \
         <span class=\"s-pass\">all pass</span><span class=\"s-fails\">a counting divergence</span>\
         <span class=\"s-differs\">observe-level differences only</span>\
         <span class=\"s-skipped\">skipped</span><span class=\"s-none\">no case</span></div>\n</section>\n",
    );
}
