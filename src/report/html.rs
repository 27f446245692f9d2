//! The HTML report (`--report html=PATH`): one self-contained page (inline CSS,
//! no script, no external resource) with
//!
//! - a header: endpoint, start time, conformant or not, counts per verdict;
//! - a matrix of operations × categories (`id="matrix"`), each cell coloured by
//!   the worst verdict in it and linked to its results;
//! - every result: verdict, level, source, expected next to actual, and, folded,
//!   the request and response and (when it did not pass) a curl reproduction;
//! - a traceability table (`id="traceability"`): every sentence of the seed page
//!   and the results whose `source` cites it, or "not covered".
//!
//! Everything shown comes from the [`RunReport`], whose evidence is already
//! redacted; every piece of text goes through [`escape`].

use super::{ReportError, curl};
use crate::check::{CaseResult, Evidence, Verdict};
use crate::run::RunReport;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// The seed page the built-in suite is written against (a copy of the service's
/// documentation page of RequestCancelWorkflowExecution, as text).
pub const SEED: &str = include_str!("../../fixtures/seed/RequestCancelWorkflowExecution.txt");

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
fn encode_id(text: &str) -> String {
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
fn link(r: &CaseResult) -> String {
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
fn group_anchor(operation: &str, category: &str) -> String {
    format!("g-{}--{}", encode_id(operation), encode_id(category))
}

/// The matrix column of a result.
fn category_of(r: &CaseResult) -> &'static str {
    r.category
        .as_deref()
        .and_then(|c| CATEGORIES.iter().find(|k| **k == c))
        .copied()
        .unwrap_or("other")
}

/// How a result (or the worst of a group) is coloured; ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shade {
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
    fn of(r: &CaseResult) -> Shade {
        match r.verdict {
            Verdict::Pass => Shade::Pass,
            Verdict::Skipped => Shade::Skipped,
            _ if r.counts => Shade::Fails,
            _ => Shade::Differs,
        }
    }

    fn worst<'a>(results: impl IntoIterator<Item = &'a CaseResult>) -> Shade {
        results
            .into_iter()
            .map(Shade::of)
            .max()
            .unwrap_or(Shade::None)
    }

    fn class(self) -> &'static str {
        match self {
            Shade::None => "s-none",
            Shade::Pass => "s-pass",
            Shade::Skipped => "s-skipped",
            Shade::Differs => "s-differs",
            Shade::Fails => "s-fails",
        }
    }
}

const STYLE: &str = r#"
:root { --pass:#1a7f37; --pass-bg:#dafbe1; --fail:#b42318; --fail-bg:#ffebe9;
  --amber:#8a5a00; --amber-bg:#fff4c2; --grey:#57606a; --grey-bg:#eaeef2; --line:#d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1f2328;
  margin: 0 auto; padding: 16px 24px 48px; max-width: 1500px; background:#fff; }
h1 { font-size: 22px; margin: 4px 0 12px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: 8px;
  background:#f6f8fa; border: 1px solid var(--line); border-radius: 4px; }
a { color:#0550ae; text-decoration: none; } a:hover { text-decoration: underline; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 12px; }
dl.meta dt { color: var(--grey); } dl.meta dd { margin: 0; }
.yes { color: var(--pass); font-weight: 600; } .no { color: var(--fail); font-weight: 600; }
ul.counts { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; padding: 0; margin: 0; }
ul.counts li { padding: 3px 10px; border-radius: 12px; border: 1px solid var(--line); }
nav { margin: 12px 0; } nav a { margin-right: 14px; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background:#f6f8fa; font-weight: 600; }
#matrix td.cell { text-align: center; min-width: 84px; font-variant-numeric: tabular-nums; }
#matrix td.cell a { color: inherit; display: block; }
#matrix th.op { font-weight: 500; }
.s-pass { background: var(--pass-bg); color: var(--pass); }
.s-fails { background: var(--fail-bg); color: var(--fail); }
.s-differs { background: var(--amber-bg); color: var(--amber); }
.s-skipped { background: var(--grey-bg); color: var(--grey); }
.s-none { background: #fafbfc; color: #8c959f; }
.legend { margin-top: 6px; color: var(--grey); font-size: 12.5px; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; border-radius: 3px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
table.results { width: 100%; table-layout: fixed; }
table.results col.id { width: 17%; } table.results col.level { width: 6%; }
table.results col.verdict { width: 9%; } table.results col.source { width: 22%; }
table.results col.expected { width: 21%; } table.results col.actual { width: 25%; }
table.results td { overflow-wrap: anywhere; }
table.results tbody:target td { outline: 2px solid #0969da; }
tbody.row-s-fails td:first-child { box-shadow: inset 4px 0 var(--fail); }
tbody.row-s-differs td:first-child { box-shadow: inset 4px 0 #d4a72c; }
tbody.row-s-skipped td:first-child { box-shadow: inset 4px 0 #8c959f; }
td.details { background: #fcfcfd; padding: 2px 8px; }
details > summary { cursor: pointer; color: var(--grey); font-size: 12.5px; padding: 2px 0; }
.exchange { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin: 6px 0; }
.exchange h4 { margin: 0 0 4px; font-size: 12.5px; color: var(--grey); }
.curl h4 { margin: 6px 0 4px; font-size: 12.5px; color: var(--grey); }
.toggle { margin: 4px 6px 4px 0; }
#only-diverging:checked ~ .groups tbody.v-pass { display: none; }
#traceability { width: 100%; table-layout: fixed; }
#traceability td { overflow-wrap: anywhere; }
#traceability col.n { width: 3.5em; } #traceability col.section { width: 19em; }
#traceability col.cited { width: 38%; }
#traceability td.n { color: var(--grey); text-align: right; }
#traceability td.section { color: var(--grey); font-size: 13px; }
#traceability tr.uncovered td.sentence { color: var(--grey); }
#traceability td.cited .cite { display: inline-block; margin: 0 10px 2px 0; white-space: nowrap; }
.not-covered { color: var(--grey); font-style: italic; }
footer { margin-top: 32px; color: var(--grey); font-size: 12px; }
"#;

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
    header(&mut out, report);
    out.push_str(
        "<nav><a href=\"#matrix\">Matrix</a><a href=\"#results\">Results</a>\
         <a href=\"#traceability\">Traceability</a></nav>\n",
    );
    let groups = groups(report);
    matrix(&mut out, &groups);
    results(&mut out, &groups);
    traceability(&mut out, report);
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

fn verdict_badge(r: &CaseResult) -> String {
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

fn header(out: &mut String, report: &RunReport) {
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

/// Results by operation, then category (in column order), each in report order.
type Groups<'a> = BTreeMap<&'a str, BTreeMap<usize, Vec<&'a CaseResult>>>;

fn groups(report: &RunReport) -> Groups<'_> {
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

fn tally(results: &[&CaseResult]) -> String {
    let mut parts = Vec::new();
    for v in Verdict::ALL {
        let n = results.iter().filter(|r| r.verdict == v).count();
        if n > 0 {
            parts.push(format!("{n} {v}"));
        }
    }
    parts.join(", ")
}

fn matrix(out: &mut String, groups: &Groups<'_>) {
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

fn results(out: &mut String, groups: &Groups<'_>) {
    out.push_str(
        "<section>\n<h2 id=\"results\">Results</h2>\n\
         <input type=\"checkbox\" id=\"only-diverging\" class=\"toggle\">\
         <label for=\"only-diverging\">hide passing results</label>\n<div class=\"groups\">\n",
    );
    for (operation, columns) in groups {
        for (i, results) in columns {
            let category = CATEGORIES.get(*i).copied().unwrap_or("other");
            let passed = results
                .iter()
                .filter(|r| r.verdict == Verdict::Pass)
                .count();
            let _ = writeln!(
                out,
                "<h3 id=\"{}\">{} · {} <span class=\"badge {}\">{passed}/{}</span></h3>",
                group_anchor(operation, category),
                escape(operation),
                escape(category),
                Shade::worst(results.iter().copied()).class(),
                results.len()
            );
            out.push_str(
                "<table class=\"results\"><colgroup><col class=\"id\"><col class=\"level\">\
                 <col class=\"verdict\"><col class=\"source\"><col class=\"expected\">\
                 <col class=\"actual\"></colgroup>\n<thead><tr><th>id</th><th>level</th>\
                 <th>verdict</th><th>source</th><th>expected</th><th>actual</th></tr></thead>\n",
            );
            // The check groups of one case share its exchange: shown with the first, then
            // linked from the others that passed (one that did not pass shows it again).
            let mut shown: Option<&CaseResult> = None;
            for r in results {
                let shared = shown.filter(|s| {
                    r.verdict == Verdict::Pass && s.evidence.is_some() && s.evidence == r.evidence
                });
                if shared.is_none() {
                    shown = Some(r);
                }
                result(out, r, shared);
            }
            out.push_str("</table>\n");
        }
    }
    out.push_str("</div>\n</section>\n");
}

/// Longer texts are shown abbreviated in the results table ...
const CELL_CHARS: usize = 300;
/// ... and in request and response bodies (the JSON report and the curl line keep them whole).
const BODY_CHARS: usize = 1600;

/// `text` cut to about `max` characters for display: its start and its end, with
/// the number of characters left out in between. A text less than half as long
/// again as `max` is kept whole (cutting it would save little).
pub fn abbreviate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= max + max / 2 {
        return std::borrow::Cow::Borrowed(text);
    }
    let head = max * 3 / 4;
    let tail = max - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    std::borrow::Cow::Owned(format!(
        "{start} … [{} characters not shown] … {end}",
        count - head - tail
    ))
}

/// One result: a row, and its folded details. `shared`: an earlier result whose
/// details already show the same exchange.
fn result(out: &mut String, r: &CaseResult, shared: Option<&CaseResult>) {
    let verdict_class = match r.verdict {
        Verdict::Pass => "v-pass",
        _ => "v-other",
    };
    let _ = writeln!(
        out,
        "<tbody id=\"{}\" class=\"{verdict_class} row-{}\"><tr><td><a href=\"#{0}\"><code>{}</code></a></td>\
         <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        anchor(&r.id),
        Shade::of(r).class(),
        escape(&r.id),
        escape(r.level.as_str()),
        verdict_badge(r),
        escape(&abbreviate(&r.source, CELL_CHARS)),
        escape(&abbreviate(&r.expected, CELL_CHARS)),
        escape(&abbreviate(&r.actual, CELL_CHARS))
    );
    out.push_str("<tr><td class=\"details\" colspan=\"6\"><details><summary>");
    match &r.evidence {
        Some(e) => {
            out.push_str("request and response");
            if r.verdict != Verdict::Pass {
                out.push_str(", curl reproduction");
            }
            out.push_str("</summary>\n");
            match shared {
                Some(first) => {
                    let _ = writeln!(
                        out,
                        "<div class=\"legend\">the same request and response as {}</div>",
                        link(first)
                    );
                }
                None => exchange(out, e),
            }
            if r.verdict != Verdict::Pass {
                let _ = writeln!(
                    out,
                    "<div class=\"curl\"><h4>reproduce (credentials from your environment)</h4><pre>{}</pre></div>",
                    escape(&curl::command(e))
                );
            }
        }
        None => out.push_str("no exchange recorded</summary>\n"),
    }
    if !r.origin.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"legend\">case defined at <code>{}</code></div>",
            escape(&r.origin)
        );
    }
    out.push_str("</details></td></tr></tbody>\n");
}

fn exchange(out: &mut String, e: &Evidence) {
    let mut request = format!("POST {}\n", e.url);
    for (k, v) in &e.request_headers {
        let _ = writeln!(request, "{k}: {v}");
    }
    request.push('\n');
    request.push_str(&abbreviate(&e.request_body, BODY_CHARS));
    let mut response = match e.status {
        Some(status) => format!("HTTP {status}\n"),
        None => "no response\n".to_owned(),
    };
    for (k, v) in &e.response_headers {
        let _ = writeln!(response, "{k}: {v}");
    }
    response.push('\n');
    if e.response_body.is_empty() {
        response.push_str("(empty body)");
    } else {
        response.push_str(&abbreviate(&e.response_body, BODY_CHARS));
    }
    let _ = writeln!(
        out,
        "<div class=\"exchange\"><div><h4>request</h4><pre>{}</pre></div>\
         <div><h4>response</h4><pre>{}</pre></div></div>",
        escape(&request),
        escape(&response)
    );
}

/// One sentence of the seed page, with the section it stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The nearest heading above it when that heading is one word (a parameter
    /// such as `domain`, a fault such as `UnknownResourceFault`); `None` under a
    /// heading of several words.
    pub section: Option<String>,
    /// The sentence, whitespace normalised.
    pub text: String,
}

/// `text` with runs of whitespace made one space, typographic quotes made ASCII, trimmed.
pub fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
}

/// Splits prose into sentences: after `.`, `!` or `?` followed by a space and an
/// uppercase letter or a digit ("Minimum length of 1. Maximum length of 256." is two).
fn split_prose(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let ends = matches!(chars[i], '.' | '!' | '?')
            && chars.get(i + 1) == Some(&' ')
            && chars
                .get(i + 2)
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if ends {
            sentences.push(chars[start..=i].iter().collect::<String>());
            start = i + 2;
        }
    }
    if start < chars.len() {
        sentences.push(chars[start..].iter().collect::<String>());
    }
    sentences
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether a (normalised) line is a heading: short, no colon, no closing punctuation.
fn is_heading(line: &str) -> bool {
    !line.contains(':')
        && !line.ends_with(['.', '!', '?', ')', '}', ']'])
        && line.split(' ').count() <= 8
}

/// Whether a line is a code sample (JSON, a raw HTTP message), kept whole.
fn is_code(line: &str) -> bool {
    line.starts_with(['{', '['])
        || ["POST ", "GET ", "PUT ", "HTTP/"]
            .iter()
            .any(|p| line.starts_with(p))
}

/// The sentences of a seed page: blank lines and headings (short lines with no
/// colon and no closing punctuation) are skipped, list bullets are dropped, code
/// samples are one sentence each, prose lines are split into sentences.
pub fn sentences(seed: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut section: Option<String> = None;
    for raw in seed.lines() {
        let line = normalise(raw);
        let line = line
            .trim_start_matches(['•', '*', '·', '-'])
            .trim_start()
            .to_owned();
        if line.is_empty() {
            continue;
        }
        if is_heading(&line) {
            section = (!line.contains(' ')).then(|| line.clone());
            continue;
        }
        let parts = if is_code(&line) {
            vec![line]
        } else {
            split_prose(&line)
        };
        out.extend(parts.into_iter().map(|text| Sentence {
            section: section.clone(),
            text,
        }));
    }
    out
}

/// One quoted fragment of the seed that a source cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The one word named just before the quote (`domain, "Maximum length of 256."`):
    /// the section the fragment is from.
    pub section: Option<String>,
    /// The fragment, without its quotes, normalised; an ellipsis or a sentence
    /// boundary inside a quote makes several fragments.
    pub fragment: String,
}

/// The seed fragments `source` cites: every double-quoted text after `seed:`.
/// A source without `seed:` cites none.
pub fn citations(source: &str) -> Vec<Citation> {
    let Some((_, mut rest)) = source.split_once("seed:") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Some((before, after)) = rest.split_once('"') {
        let Some((quoted, tail)) = after.split_once('"') else {
            break;
        };
        let word = before.trim_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
        let section = (!word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric()))
            .then(|| word.to_owned());
        for piece in normalise(quoted)
            .split(['…'])
            .flat_map(|p| p.split("...").flat_map(split_prose).collect::<Vec<_>>())
        {
            if piece.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                out.push(Citation {
                    section: section.clone(),
                    fragment: piece,
                });
            }
        }
        rest = tail;
    }
    out
}

/// Whether `fragment` and `sentence` (both normalised) are the same text: one
/// contains the other.
pub fn cites(fragment: &str, sentence: &str) -> bool {
    sentence.contains(fragment) || fragment.contains(sentence)
}

/// What the results cite of the seed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// For each sentence, the indices of the results citing it, in report order.
    pub cited_by: Vec<Vec<usize>>,
    /// Fragments that match no sentence: (result index, fragment).
    pub unmatched: Vec<(usize, String)>,
}

/// Matches the results' citations to `sentences`. A citation naming a section
/// cites only the matching sentences of that section, when there are any.
pub fn trace(sentences: &[Sentence], results: &[CaseResult]) -> Trace {
    let mut t = Trace {
        cited_by: vec![Vec::new(); sentences.len()],
        unmatched: Vec::new(),
    };
    for (ri, r) in results.iter().enumerate() {
        for c in citations(&r.source) {
            let matching: Vec<usize> = sentences
                .iter()
                .enumerate()
                .filter(|(_, s)| cites(&c.fragment, &s.text))
                .map(|(i, _)| i)
                .collect();
            let in_section: Vec<usize> = matching
                .iter()
                .copied()
                .filter(|i| c.section.is_some() && sentences[*i].section == c.section)
                .collect();
            let chosen = if in_section.is_empty() {
                matching
            } else {
                in_section
            };
            if chosen.is_empty() {
                t.unmatched.push((ri, c.fragment));
            }
            for i in chosen {
                if !t.cited_by[i].contains(&ri) {
                    t.cited_by[i].push(ri);
                }
            }
        }
    }
    t
}

fn traceability(out: &mut String, report: &RunReport) {
    let sentences = sentences(SEED);
    let t = trace(&sentences, &report.results);
    let covered = t.cited_by.iter().filter(|c| !c.is_empty()).count();
    let _ = writeln!(
        out,
        "<section>\n<h2>Traceability: the seed page, sentence by sentence</h2>\n\
         <p>{covered} of {} sentences of <code>fixtures/seed/RequestCancelWorkflowExecution.txt</code> \
         are cited (<code>seed: \"…\"</code> in a result's source) by a result of this run.</p>",
        sentences.len()
    );
    out.push_str(
        "<table id=\"traceability\"><colgroup><col class=\"n\"><col class=\"section\">\
         <col class=\"sentence\"><col class=\"cited\"></colgroup>\n<thead><tr><th>#</th><th>section</th><th>sentence</th>\
         <th>cited by</th></tr></thead>\n<tbody>\n",
    );
    for (i, (s, cited)) in sentences.iter().zip(&t.cited_by).enumerate() {
        let _ = write!(
            out,
            "<tr{}><td class=\"n\">{}</td><td class=\"section\">{}</td><td class=\"sentence\">{}</td><td class=\"cited\">",
            if cited.is_empty() {
                " class=\"uncovered\""
            } else {
                ""
            },
            i + 1,
            escape(s.section.as_deref().unwrap_or("")),
            escape(&s.text)
        );
        if cited.is_empty() {
            out.push_str("<span class=\"not-covered\">not covered</span>");
        }
        for ri in cited {
            if let Some(r) = report.results.get(*ri) {
                let _ = write!(
                    out,
                    "<span class=\"cite\">{} {}</span>",
                    link(r),
                    verdict_badge(r)
                );
            }
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !t.unmatched.is_empty() {
        out.push_str(
            "<h3>Citations that match no sentence of the seed</h3>\n<ul class=\"unmatched\">\n",
        );
        for (ri, fragment) in &t.unmatched {
            if let Some(r) = report.results.get(*ri) {
                let _ = writeln!(out, "<li>{}: “{}”</li>", link(r), escape(fragment));
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::check::verdict::fixtures;

    fn result(id: &str, verdict: Verdict, level: Level, source: &str) -> CaseResult {
        CaseResult {
            source: source.into(),
            category: Some("boundaries".into()),
            ..fixtures::result(id, verdict, level)
        }
    }

    fn report(results: Vec<CaseResult>) -> RunReport {
        RunReport {
            endpoint: "http://127.0.0.1:5070/".into(),
            started: "2026-11-25T05:00:00Z".into(),
            ..fixtures::report(results)
        }
    }

    #[test]
    fn escape_neutralises_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x" + 'y') & more</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; more&lt;/script&gt;"
        );
        assert_eq!(escape("plain é"), "plain é");
    }

    #[test]
    fn long_texts_keep_their_start_and_end() {
        assert_eq!(abbreviate("short", 10), "short");
        let slightly_long = "x".repeat(72);
        assert_eq!(abbreviate(&slightly_long, 48), slightly_long);
        let long = format!("{}{}", "d".repeat(300), "é at the end");
        let shown = abbreviate(&long, 48);
        assert!(shown.starts_with(&"d".repeat(30)));
        assert!(shown.ends_with("é at the end"), "{shown}");
        assert!(shown.contains("[264 characters not shown]"), "{shown}");
    }

    #[test]
    fn anchors_are_safe_and_distinct() {
        assert_eq!(anchor("rcwe/domain/len-257"), "r-rcwe/domain/len-257");
        assert_eq!(anchor("a b\"<"), "r-a_20b_22_3C");
        assert_ne!(anchor("a_b"), anchor("a b"));
        assert_ne!(anchor("a_20"), anchor("a "));
    }

    #[test]
    fn seed_splits_into_sentences_without_headings() {
        let s = sentences(SEED);
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert!(texts.contains(
            &"This logically requests the cancellation of the workflow execution as a whole."
        ));
        // Headings and the title are not sentences.
        for heading in ["Note", "domain", "Errors", "See Also", "Request Parameters"] {
            assert!(!texts.contains(&heading), "{heading}");
        }
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("Amazon Simple Workflow Service"))
        );
        // "Length Constraints: Minimum length of 1. Maximum length of 256." is two sentences,
        // in the section of the parameter they describe.
        let max256: Vec<&Sentence> = s
            .iter()
            .filter(|s| s.text == "Maximum length of 256.")
            .collect();
        assert_eq!(max256.len(), 2);
        assert_eq!(max256[0].section.as_deref(), Some("domain"));
        assert_eq!(max256[1].section.as_deref(), Some("workflowId"));
        // Bullets lose their marker; code samples stay whole.
        assert!(
            texts.contains(
                &"Use an Action element to allow or deny permission to call this action."
            )
        );
        assert!(texts.iter().any(|t| t.starts_with("POST / HTTP/1.1 Host:")
            && t.ends_with("\"94861fda-a714-4126-95d7-55ba847da8ab\"}")));
        assert!(!texts.iter().any(|t| t.is_empty()));
    }

    #[test]
    fn citations_are_the_quotes_after_seed() {
        assert_eq!(
            citations("SWF-WIRE.md §3: \"quoted\" but not the seed"),
            vec![]
        );
        let c = citations(
            r#"seed: domain, "Length Constraints: Minimum length of 1. Maximum length of 256."; "the parameter values fall outside the specified constraints, the action fails""#,
        );
        let fragments: Vec<(&str, Option<&str>)> = c
            .iter()
            .map(|c| (c.fragment.as_str(), c.section.as_deref()))
            .collect();
        assert_eq!(
            fragments,
            vec![
                ("Length Constraints: Minimum length of 1.", Some("domain")),
                ("Maximum length of 256.", Some("domain")),
                (
                    "the parameter values fall outside the specified constraints, the action fails",
                    None
                ),
            ]
        );
        let ellipsis = citations(
            r#"seed: "This logically requests the cancellation ... It is up to the decider to take appropriate actions" (the execution stays open)"#,
        );
        assert_eq!(ellipsis.len(), 2);
        assert_eq!(
            ellipsis[1].fragment,
            "It is up to the decider to take appropriate actions"
        );
        // An unclosed quote cites nothing.
        assert_eq!(citations("seed: \"unclosed"), vec![]);
    }

    #[test]
    fn matching_normalises_whitespace_and_respects_sections() {
        assert!(cites(
            &normalise("the  action\n fails"),
            "If so, the action fails."
        ));
        assert!(!cites("the action succeeds", "If so, the action fails."));
        let s = sentences(SEED);
        let results = vec![
            result(
                "w/max",
                Verdict::Pass,
                Level::Must,
                r#"seed: workflowId, "Maximum length of 256.""#,
            ),
            result(
                "r/type",
                Verdict::Fail,
                Level::Must,
                r#"seed: runId "Type: String""#,
            ),
            result(
                "any/type",
                Verdict::Pass,
                Level::Must,
                r#"seed: the members are "Type: String""#,
            ),
            result(
                "bogus",
                Verdict::Pass,
                Level::Must,
                r#"seed: "No such sentence anywhere.""#,
            ),
            result("wire", Verdict::Pass, Level::Must, "SWF-WIRE.md §3"),
        ];
        let t = trace(&s, &results);
        let cited = |ri: usize| -> Vec<(Option<&str>, &str)> {
            s.iter()
                .zip(&t.cited_by)
                .filter(|(_, c)| c.contains(&ri))
                .map(|(s, _)| (s.section.as_deref(), s.text.as_str()))
                .collect()
        };
        assert_eq!(
            cited(0),
            vec![(Some("workflowId"), "Maximum length of 256.")]
        );
        assert_eq!(cited(1), vec![(Some("runId"), "Type: String")]);
        assert_eq!(
            cited(2).len(),
            3,
            "no section named: every parameter's Type line"
        );
        assert!(cited(3).is_empty() && cited(4).is_empty());
        assert_eq!(
            t.unmatched,
            vec![(3, "No such sentence anywhere.".to_owned())]
        );
    }

    #[test]
    fn builtin_suite_citations_all_match_the_seed() {
        let s = sentences(SEED);
        let cases = crate::cases::file::builtin().expect("the built-in suite loads");
        let results: Vec<CaseResult> = cases
            .iter()
            .flat_map(|c| {
                c.checks
                    .iter()
                    .map(|k| result(&k.id_in(c), Verdict::Pass, Level::Must, k.source_in(c)))
            })
            .collect();
        assert!(!results.is_empty());
        let t = trace(&s, &results);
        assert_eq!(
            t.unmatched,
            vec![],
            "citations of the built-in suite that match no sentence"
        );
    }

    #[test]
    fn page_shows_matrix_results_and_traceability() {
        let mut failing = result(
            "t/<fail>",
            Verdict::Fail,
            Level::Must,
            r#"seed: domain, "Maximum length of 256.""#,
        );
        failing.evidence = Some(std::sync::Arc::new(Evidence {
            url: "http://127.0.0.1:5070/".into(),
            signed_region: Some("us-east-1".into()),
            request_headers: vec![("authorization".into(), "<redacted>".into())],
            request_body: r#"{"domain":"<b>"}"#.into(),
            status: Some(200),
            ..Evidence::default()
        }));
        let mut observed = result("t/observe", Verdict::Fail, Level::Observe, "s");
        observed.category = None;
        // Two more check groups of the failing case: one passed (its exchange is linked),
        // one did not (it shows the exchange again, and its own curl line).
        let mut same_passed = result("t/<fail>/passed", Verdict::Pass, Level::Must, "s");
        same_passed.evidence = failing.evidence.clone();
        let mut same_failed = result("t/<fail>/failed", Verdict::Fail, Level::Observe, "s");
        same_failed.evidence = failing.evidence.clone();
        let html = render(&report(vec![
            result("t/pass", Verdict::Pass, Level::Must, "s"),
            failing,
            same_passed,
            same_failed,
            observed,
        ]));
        assert!(html.contains("<table id=\"matrix\">"));
        assert!(html.contains("<table id=\"traceability\">"));
        // boundaries: 2 of 4 passed, a counting failure (red); other: an observe difference,
        // noted (amber).
        assert!(html.contains("<td class=\"cell s-fails\" title=\"2 pass, 1 fail, 1 noted\"><a href=\"#g-RequestCancelWorkflowExecution--boundaries\">2/4</a></td>"));
        assert!(html.contains("<td class=\"cell s-differs\" title=\"1 noted\"><a href=\"#g-RequestCancelWorkflowExecution--other\">0/1</a></td>"));
        assert!(html.contains("id=\"g-RequestCancelWorkflowExecution--boundaries\""));
        assert!(html.contains("id=\"r-t/_3Cfail_3E\""));
        assert!(html.contains("<code>t/&lt;fail&gt;</code>"));
        assert!(!html.contains("<fail>") && !html.contains("\"<b>\""));
        assert!(
            html.contains("curl -sS -i --aws-sigv4"),
            "failing results carry curl"
        );
        assert_eq!(
            html.matches("curl -sS").count(),
            2,
            "the failing ones with evidence"
        );
        assert_eq!(html.matches("<h4>request</h4>").count(), 2);
        assert_eq!(
            html.matches("the same request and response as <a href=\"#r-t/_3Cfail_3E\">")
                .count(),
            1
        );
        assert!(html.contains("not covered"));
        assert!(html.contains("<dd class=\"no\">no</dd>"));
    }
}
