//! Every result: a row, and folded, its exchange and a curl reproduction.

use super::matrix::Groups;
use super::{CATEGORIES, Shade, anchor, escape, group_anchor, link, verdict_badge};
use crate::outcome::curl;
use crate::outcome::{CaseResult, Evidence, Verdict};
use std::fmt::Write;

pub(crate) fn results(out: &mut String, groups: &Groups<'_>) {
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
    if let Some(first) = &r.first_attempt {
        out.push_str(
            "<div class=\"legend\">the first attempt, which failed (the exchange above is the retry, which passed):</div>\n",
        );
        exchange(out, first);
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

pub(crate) fn exchange(out: &mut String, e: &Evidence) {
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
