//! The divergences grouped by cause (`id="causes"`), heading the page, and with
//! `run --compare` every case the two endpoints answered differently (`id="compare"`).

use super::{abbreviate, anchor, escape};
use crate::outcome::RunReport;
use crate::report::groups;
use std::fmt::Write;

/// At most this many result ids listed under a group (the rest are counted).
const IDS_SHOWN: usize = 40;

/// The groups of [`groups::of`], largest first: count, operations, cause, an example and its curl line.
pub(crate) fn causes(out: &mut String, report: &RunReport) {
    let groups = groups::of(report);
    out.push_str("<h2 id=\"causes\">Divergences by cause</h2>\n");
    if groups.is_empty() {
        out.push_str("<p class=\"legend\">none: every must and should check passed, and no answer was a 5xx, HTML or missing</p>\n");
        return;
    }
    let checks: usize = groups.iter().map(|g| g.checks).sum();
    let _ = writeln!(
        out,
        "<p class=\"legend\">{checks} divergent check(s) in {} group(s): a group is one cause (the kind of case, what SWF documents, \
         what came back), largest first</p>\n<table class=\"causes\"><thead><tr><th>checks</th><th>cases</th>\
         <th>operations</th><th>kind of case</th><th>cause</th><th>example</th></tr></thead><tbody>",
        groups.len()
    );
    for g in &groups {
        let _ = writeln!(
            out,
            "<tr class=\"s-fails\"><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td>{}</td><td>{}</td>\
             <td><a href=\"#{}\"><code>{}</code></a></td></tr>",
            g.checks,
            g.cases,
            escape(&g.operations.join(", ")),
            escape(&g.scope()),
            escape(&g.kind),
            escape(&g.cause()),
            anchor(&g.example),
            escape(&g.example)
        );
        out.push_str("<tr><td class=\"details\" colspan=\"6\"><details><summary>curl reproduction of the example, every id</summary>\n");
        if let Some(curl) = &g.reproduce {
            let _ = writeln!(out, "<pre>{}</pre>", escape(curl));
        }
        let shown: Vec<String> = g
            .ids
            .iter()
            .take(IDS_SHOWN)
            .map(|id| {
                format!(
                    "<a href=\"#{}\"><code>{}</code></a>",
                    anchor(id),
                    escape(id)
                )
            })
            .collect();
        let more = g.ids.len().saturating_sub(IDS_SHOWN);
        let _ = writeln!(
            out,
            "<p>{}{}</p></details></td></tr>",
            shown.join(" "),
            if more > 0 {
                format!(" … and {more} more")
            } else {
                String::new()
            }
        );
    }
    out.push_str("</tbody></table>\n");
}

/// With `run --compare`: each case answered differently, both answers side by side.
pub(crate) fn compare(out: &mut String, report: &RunReport) {
    let Some(c) = &report.compared else {
        return;
    };
    let _ = writeln!(
        out,
        "<h2 id=\"compare-heading\">Differences between two endpoints</h2>\n<p class=\"legend\">the same {} cases against \
         <code>{}</code> (left) and <code>{}</code> (right): {} answered differently once run-specific values are placeholders</p>\n\
         <table id=\"compare\"><thead><tr><th>case</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        c.cases,
        escape(&report.endpoint),
        escape(&c.endpoint),
        c.differences.len(),
        escape(&report.endpoint),
        escape(&c.endpoint)
    );
    for d in &c.differences {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code><br>{}</td><td class=\"side\"><pre>{}</pre></td><td class=\"side\"><pre>{}</pre></td></tr>",
            escape(&d.case),
            escape(&d.operation),
            escape(&abbreviate(&d.first, 1600)),
            escape(&abbreviate(&d.second, 1600))
        );
    }
    out.push_str("</tbody></table>\n");
}
