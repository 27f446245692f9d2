//! Every operation's documentation, sentence by sentence, with the results that cite
//! it (`doc: <Operation>, "…"`) or why none can here; and the matrix operation ×
//! declared fault with the results that provoke each fault.

use super::escape;
use super::traceability::citing_results;
use crate::generate::faults::not_provoked;
use crate::model::{citations, docs, swf};
use crate::outcome::CaseResult;
use crate::outcome::RunReport;
use crate::report::coverage::not_testable;
use std::collections::BTreeMap;
use std::fmt::Write;

/// (operation, sentence index) → the results citing it, in report order.
fn cited(results: &[CaseResult]) -> BTreeMap<(String, usize), Vec<usize>> {
    let mut out: BTreeMap<(String, usize), Vec<usize>> = BTreeMap::new();
    for (ri, r) in results.iter().enumerate() {
        for c in citations(&r.source) {
            if let Some(i) = docs().sentence_of(&c) {
                let slot = out.entry((c.subject, i)).or_default();
                if !slot.contains(&ri) {
                    slot.push(ri);
                }
            }
        }
    }
    out
}

pub(crate) fn documentation(out: &mut String, report: &RunReport) {
    let by_sentence = cited(&report.results);
    let (mut covered, mut untestable, mut total) = (0, 0, 0);
    let mut body = String::new();
    for op in &swf().operations {
        let sentences = docs().sentences(&op.name);
        let mut rows = String::new();
        let mut op_covered = 0;
        for (i, s) in sentences.iter().enumerate() {
            total += 1;
            let _ = write!(
                rows,
                "<tr><td class=\"n\">{}</td><td class=\"sentence\">{}</td><td class=\"cited\">",
                i + 1,
                escape(s)
            );
            match (by_sentence.get(&(op.name.clone(), i)), not_testable(s)) {
                (Some(indices), _) => {
                    covered += 1;
                    op_covered += 1;
                    citing_results(&mut rows, report, indices);
                }
                (None, Some(why)) => {
                    untestable += 1;
                    let _ = write!(
                        rows,
                        "<span class=\"not-testable\">not testable here: {}</span>",
                        escape(why)
                    );
                }
                (None, None) => rows.push_str("<span class=\"not-covered\">not covered</span>"),
            }
            rows.push_str("</td></tr>\n");
        }
        let _ = write!(
            body,
            "<details><summary>{} — {op_covered} of {} sentences cited</summary>\n\
             <table class=\"documentation\"><thead><tr><th>#</th><th>sentence</th><th>cited by</th></tr></thead>\n<tbody>\n{rows}</tbody></table></details>\n",
            escape(&op.name),
            sentences.len()
        );
    }
    let _ = writeln!(
        out,
        "<section>\n<h2 id=\"documentation\">Documentation: every operation's page, sentence by sentence</h2>\n\
         <p>{covered} of {total} sentences of the 39 operations' documentation (botocore's model, \
         <code>fixtures/model/docs.json</code>) are cited (<code>doc: Operation, \"…\"</code>) by a result \
         of this run; {untestable} are not testable here; {} are not covered yet.</p>\n{body}",
        total - covered - untestable
    );
    faults(out, report);
    out.push_str("</section>\n");
}

/// The matrix operation × declared fault: the results expecting it, or why none can.
fn faults(out: &mut String, report: &RunReport) {
    let mut expecting: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (ri, r) in report.results.iter().enumerate() {
        if let Some(fault) = r.expects_fault.as_deref() {
            expecting
                .entry((r.operation.as_str(), fault))
                .or_default()
                .push(ri);
        }
    }
    out.push_str(
        "<h3 id=\"faults\">Declared faults</h3>\n<table class=\"faults\"><thead><tr><th>operation</th>\
         <th>declared fault</th><th>provoked by</th></tr></thead>\n<tbody>\n",
    );
    for op in &swf().operations {
        for fault in &op.errors {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"cited\">",
                escape(&op.name),
                escape(fault)
            );
            match (
                expecting.get(&(op.name.as_str(), fault.as_str())),
                not_provoked(&op.name, fault),
            ) {
                (Some(indices), _) => citing_results(out, report, indices),
                (None, Some(why)) => {
                    let _ = write!(
                        out,
                        "<span class=\"not-testable\">not provoked: {}</span>",
                        escape(why)
                    );
                }
                (None, None) => out.push_str("<span class=\"not-covered\">not in this run</span>"),
            }
            out.push_str("</td></tr>\n");
        }
    }
    out.push_str("</tbody></table>\n");
}
