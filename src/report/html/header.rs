//! The page's header: endpoint, start, conformance, counts per verdict.

use super::{Shade, escape};
use crate::outcome::RunReport;
use crate::outcome::Verdict;
use std::fmt::Write;

pub(crate) fn header(out: &mut String, report: &RunReport) {
    let conformant = report.conformant();
    out.push_str("<header>\n<h1>swfcheck conformance report</h1>\n<dl class=\"meta\">\n");
    let _ = writeln!(
        out,
        "<dt>endpoint</dt><dd><code>{}</code></dd>",
        escape(&report.endpoint)
    );
    let _ = writeln!(out, "<dt>started</dt><dd>{}</dd>", escape(&report.started));
    let _ = writeln!(
        out,
        "<dt>conformant</dt><dd class=\"{}\">{}</dd>",
        if conformant { "yes" } else { "no" },
        if conformant {
            "yes: every must and should check passed"
        } else {
            "no"
        }
    );
    let counting = report.results.iter().filter(|r| r.counts).count();
    let _ = writeln!(
        out,
        "<dt>checks</dt><dd>{} ({counting} counting against conformance)</dd>",
        report.results.len()
    );
    if report.interrupted {
        out.push_str("<dt>interrupted</dt><dd class=\"no\">yes: not every case ran</dd>\n");
    }
    if report.cleaned_up > 0 || !report.cleanup_errors.is_empty() {
        let _ = writeln!(
            out,
            "<dt>cleanup</dt><dd>{} execution(s) terminated or domain(s) and type(s) deprecated, {} error(s)</dd>",
            report.cleaned_up,
            report.cleanup_errors.len()
        );
        for e in &report.cleanup_errors {
            let _ = writeln!(out, "<dt></dt><dd><code>{}</code></dd>", escape(e));
        }
    }
    out.push_str("</dl>\n<ul class=\"counts\">\n");
    for v in Verdict::ALL {
        let n = report.results.iter().filter(|r| r.verdict == v).count();
        let shade = match v {
            Verdict::Pass => Shade::Pass,
            Verdict::Skipped => Shade::Skipped,
            _ if report.results.iter().any(|r| r.verdict == v && r.counts) => Shade::Fails,
            _ if n > 0 => Shade::Differs,
            _ => Shade::None,
        };
        let _ = writeln!(
            out,
            "<li class=\"{}\">{} <b>{n}</b></li>",
            shade.class(),
            escape(v.as_str())
        );
    }
    out.push_str("</ul>\n</header>\n");
}
