//! The traceability table: each sentence of the seed page and the results that cite it.

use super::{SEED, escape, link, verdict_badge};
use crate::outcome::CaseResult;
use crate::outcome::RunReport;
use std::fmt::Write;

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
pub struct SeedCitation {
    /// The one word named just before the quote (`domain, "Maximum length of 256."`):
    /// the section the fragment is from.
    pub section: Option<String>,
    /// The fragment, without its quotes, normalised; an ellipsis or a sentence
    /// boundary inside a quote makes several fragments.
    pub fragment: String,
}

/// The seed fragments `source` cites: every double-quoted text after `seed:`.
/// A source without `seed:` cites none.
pub fn citations(source: &str) -> Vec<SeedCitation> {
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
                out.push(SeedCitation {
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

/// Each result of `indices` as a link with its verdict badge.
pub(crate) fn citing_results(out: &mut String, report: &RunReport, indices: &[usize]) {
    for ri in indices {
        if let Some(r) = report.results.get(*ri) {
            let _ = write!(
                out,
                "<span class=\"cite\">{} {}</span>",
                link(r),
                verdict_badge(r)
            );
        }
    }
}

pub(crate) fn traceability(out: &mut String, report: &RunReport) {
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
        citing_results(out, report, cited);
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
