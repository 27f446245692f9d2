//! The model's documentation as sentences, by subject (an operation, a shape, or
//! `Shape.member`), derived by scripts/gen-model.py into fixtures/model/docs.json: the
//! oracle cases cite as `doc: <subject>, "<sentence>"`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const DOCS_JSON: &str = include_str!("../../fixtures/model/docs.json");

/// Every documented subject's sentences.
#[derive(Debug, Deserialize)]
pub struct Docs {
    /// Where the text comes from (botocore's version and file).
    pub source: String,
    /// Subject → its sentences, in the documentation's order.
    pub subjects: BTreeMap<String, Vec<String>>,
}

/// One citation of the documentation in a case's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocCitation {
    /// The operation, shape or `Shape.member` cited.
    pub subject: String,
    /// The quoted words.
    pub quote: String,
}

impl Docs {
    /// The sentences of `subject` (none when it is undocumented).
    pub fn sentences(&self, subject: &str) -> &[String] {
        self.subjects.get(subject).map_or(&[], Vec::as_slice)
    }

    /// The index of the sentence of the citation's subject that holds its quote.
    pub fn sentence_of(&self, c: &DocCitation) -> Option<usize> {
        self.sentences(&c.subject)
            .iter()
            .position(|s| s.contains(c.quote.as_str()))
    }

    /// How many sentences the documentation has in all.
    pub fn len(&self) -> usize {
        self.subjects.values().map(Vec::len).sum()
    }

    /// Whether the documentation has no sentence.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The embedded documentation, parsed once on first use.
pub fn docs() -> &'static Docs {
    static DOCS: OnceLock<Docs> = OnceLock::new();
    DOCS.get_or_init(|| {
        // Part of the binary and covered by tests: a parse failure is a build defect.
        serde_json::from_str(DOCS_JSON).expect("fixtures/model/docs.json is valid")
    })
}

/// The `doc: <subject>, "<quote>"` citations in a case's source, in order.
pub fn citations(source: &str) -> Vec<DocCitation> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("doc: ") {
        rest = &rest[at + 5..];
        let Some((subject, after)) = rest.split_once(", \"") else {
            break;
        };
        let Some(end) = after.find('"') else { break };
        if !subject.contains(char::is_whitespace) {
            out.push(DocCitation {
                subject: subject.to_owned(),
                quote: after[..end].to_owned(),
            });
        }
        rest = &after[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documentation_is_sentences_by_subject() {
        let d = docs();
        assert!(d.len() > 1500, "{} sentences", d.len());
        assert_eq!(
            d.sentences("DeprecateDomain")[3],
            "Deprecating a domain also deprecates all activity and workflow types registered in the domain."
        );
        assert!(!d.sentences("WorkflowExecutionInfo.closeStatus").is_empty());
        assert!(d.sentences("NoSuchThing").is_empty());
    }

    #[test]
    fn citations_are_read_from_a_source() {
        let got =
            citations(r#"doc: DeprecateDomain, "Deprecates the specified domain."; doc: X.y, "a""#);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].subject, "DeprecateDomain");
        assert_eq!(docs().sentence_of(&got[0]), Some(0));
        assert_eq!(
            got[1],
            DocCitation {
                subject: "X.y".into(),
                quote: "a".into()
            }
        );
        assert_eq!(docs().sentence_of(&got[1]), None);
        assert!(citations("seed: \"x\"").is_empty());
    }

    #[test]
    fn every_doc_citation_of_the_suite_is_a_sentence_of_its_subject() {
        let mut cases = crate::cases::file::builtin().unwrap();
        cases.extend(crate::generate::faults::all());
        let mut cited = 0;
        let mut wrong = Vec::new();
        for case in &cases {
            let sources = std::iter::once(case.source.as_str())
                .chain(case.checks.iter().filter_map(|c| c.source.as_deref()));
            for c in sources.flat_map(citations) {
                cited += 1;
                if docs().sentence_of(&c).is_none() {
                    wrong.push(format!("{}: {} {:?}", case.id, c.subject, c.quote));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "citations that match no sentence:\n{}",
            wrong.join("\n")
        );
        assert!(cited > 80, "{cited} citations");
    }
}
