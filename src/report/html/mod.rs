//! The HTML report (`--report html=PATH`): one self-contained page (inline CSS,
//! no script, no external resource) with
//!
//! - a header: endpoint, start time, conformant or not, counts per verdict;
//! - a matrix of operations × categories (`id="matrix"`), each cell coloured by
//!   the worst verdict in it and linked to its results;
//! - every result: verdict, level, source, expected next to actual, and, folded,
//!   the request and response and (when it did not pass) a curl reproduction;
//! - the divergences grouped by cause (`id="causes"`), and with `run --compare` each case
//!   the two endpoints answered differently, both answers side by side (`id="compare"`);
//! - a traceability table (`id="traceability"`): every sentence of the seed page
//!   and the results whose `source` cites it, or "not covered".
//!
//! Everything shown comes from the [`RunReport`], whose evidence is already
//! redacted; every piece of text goes through [`escape`].

mod causes;
mod documentation;
mod header;
mod matrix;
mod results;
#[cfg(test)]
mod tests;
mod traceability;

pub use results::abbreviate;
pub use traceability::{
    SeedCitation, Sentence, Trace, citations, cites, normalise, sentences, trace,
};

use super::ReportError;
use crate::outcome::RunReport;
use crate::outcome::{CaseResult, Verdict};
use std::fmt::Write;
use std::path::Path;

/// The page's style sheet, inlined into the page.
const STYLE: &str = include_str!("resources/style.css");

/// The seed page the built-in suite is written against (a copy of the service's
/// documentation page of RequestCancelWorkflowExecution, as text).
pub const SEED: &str = include_str!("../../../fixtures/seed/RequestCancelWorkflowExecution.txt");

/// The matrix columns, in order. Results with no category, or one not listed, go to `other`.
pub const CATEGORIES: [&str; 7] = [
    "boundaries",
    "missing",
    "types",
    "unknown",
    "lifecycle",
    "protocol",
    "other",
];

/// `text` escaped for HTML text and for quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` usable in an `id` and a `#fragment`: ASCII letters, digits and `-./~`
/// kept, every other byte written `_XX` (so distinct texts never share one).
pub(crate) fn encode_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-./~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02X}");
        }
    }
    out
}

/// A link to a result's row: its id, in code.
pub(crate) fn link(r: &CaseResult) -> String {
    format!(
        "<a href=\"#{}\"><code>{}</code></a>",
        anchor(&r.id),
        escape(&r.id)
    )
}

/// The anchor (`id`) of a result in the page: `r-` and its id, encoded.
pub fn anchor(result_id: &str) -> String {
    format!("r-{}", encode_id(result_id))
}

/// The anchor of the results of one operation and category (a matrix cell's target).
pub(crate) fn group_anchor(operation: &str, category: &str) -> String {
    format!("g-{}--{}", encode_id(operation), encode_id(category))
}

/// The matrix column of a result.
pub(crate) fn category_of(r: &CaseResult) -> &'static str {
    r.category
        .as_deref()
        .and_then(|c| CATEGORIES.iter().find(|k| **k == c))
        .copied()
        .unwrap_or("other")
}

/// How a result (or the worst of a group) is coloured; ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Shade {
    /// No result.
    None,
    /// Passed.
    Pass,
    /// Not run.
    Skipped,
    /// Did not pass, but does not count (observe level).
    Differs,
    /// Did not pass and makes the run not conformant.
    Fails,
}

impl Shade {
    pub(crate) fn of(r: &CaseResult) -> Shade {
        match r.verdict {
            Verdict::Pass => Shade::Pass,
            Verdict::Skipped => Shade::Skipped,
            _ if r.counts => Shade::Fails,
            _ => Shade::Differs,
        }
    }

    pub(crate) fn worst<'a>(results: impl IntoIterator<Item = &'a CaseResult>) -> Shade {
        results
            .into_iter()
            .map(Shade::of)
            .max()
            .unwrap_or(Shade::None)
    }

    pub(crate) fn class(self) -> &'static str {
        match self {
            Shade::None => "s-none",
            Shade::Pass => "s-pass",
            Shade::Skipped => "s-skipped",
            Shade::Differs => "s-differs",
            Shade::Fails => "s-fails",
        }
    }
}

/// The report as one self-contained HTML page.
pub fn render(report: &RunReport) -> String {
    let mut out = String::with_capacity(64 * 1024 + report.results.len() * 4096);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>swfcheck report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&report.endpoint)
    );
    header::header(&mut out, report);
    out.push_str("<nav><a href=\"#causes\">Divergences by cause</a>");
    if report.compared.is_some() {
        out.push_str("<a href=\"#compare-heading\">Differences</a>");
    }
    out.push_str(
        "<a href=\"#matrix\">Matrix</a><a href=\"#results\">Results</a>\
         <a href=\"#traceability\">Traceability</a><a href=\"#documentation\">Documentation</a></nav>\n",
    );
    causes::causes(&mut out, report);
    causes::compare(&mut out, report);
    let groups = matrix::groups(report);
    matrix::matrix(&mut out, &groups);
    results::results(&mut out, &groups);
    traceability::traceability(&mut out, report);
    documentation::documentation(&mut out, report);
    let _ = write!(
        out,
        "<footer>swfcheck {} · one file, no script, no external resource</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// Writes the report to `path`.
pub fn write(report: &RunReport, path: &Path) -> Result<(), ReportError> {
    std::fs::write(path, render(report)).map_err(|source| ReportError::Write {
        format: "html",
        path: path.to_owned(),
        source,
    })
}

pub(crate) fn verdict_badge(r: &CaseResult) -> String {
    let shade = Shade::of(r);
    let note = match shade {
        Shade::Differs => " title=\"did not pass; observe level, does not count\"",
        Shade::Fails => " title=\"did not pass; makes the run not conformant\"",
        _ => "",
    };
    format!(
        "<span class=\"badge {}\"{note}>{}</span>",
        shade.class(),
        escape(r.verdict.as_str())
    )
}
