//! The generated cases of the documented rules on one member's value
//! ([`crate::model::value_rules`]): a name with a `/`, a `|`, a `:`, a control character, the
//! literal `arn` or (for a domain) whitespace at an end; a duration that is no whole number
//! of seconds, or `NONE` where the member does (or does not) take it; a retention above 90
//! days. Each is sent with every other member valid and existing (the run's types, the
//! generated domain), so that a refusal can come only from the member under test.

use super::expected::Prediction;
use crate::cases::case::Level;
use crate::model::docs;
use crate::model::value_rules::{ValueKind, ValueRule, of};
use serde_json::{Value as Json, json};

/// A change made by a value case: its kind, the value, and what it deserves.
pub(super) type ValueCase = (String, Json, Prediction);

/// Where a StartWorkflowExecution workflowId with a `:` stands (docs/practice.md §11).
const SOURCE_COLON: &str = "practice (SWF-WIRE.md §10, docs/practice.md §11): the live service starts children whose workflowId holds a `:` (AWS Flow Framework for Java names them `<parent runId>:<n>`), against the same documented rule, and nothing shows it refusing one in StartWorkflowExecution; observed only";

/// The value cases of `member` of `operation` (none when no rule speaks of it).
pub(super) fn cases(operation: &str, member: &str) -> Vec<ValueCase> {
    let Some(rule) = of(operation).find(|r| r.member == member) else {
        return Vec::new();
    };
    let source = source(rule);
    let bad = || Prediction::Violation(source.clone());
    let unique = |s: &str| format!("${{unique:20}}{s}");
    let mut out: Vec<ValueCase> = Vec::new();
    match rule.kind {
        ValueKind::Name { colon, trimmed } => {
            for (kind, value) in [
                ("slash", unique("/x")),
                ("vertical-bar", unique("|x")),
                ("control", unique("\u{1}x")),
                ("c1-control", unique("\u{85}x")),
                ("arn", "arn".to_owned()),
            ] {
                out.push((kind.into(), json!(value), bad()));
            }
            let value = unique(":x");
            let expect = match colon {
                true => Prediction::Valid(format!("{source}; {SOURCE_COLON}"), Level::Observe),
                false => bad(),
            };
            out.push(("colon".into(), json!(value), expect));
            if trimmed {
                let (lead, trail) = (format!(" {}", unique("")), unique(" "));
                out.push(("leading-space".into(), json!(lead), bad()));
                out.push(("trailing-space".into(), json!(trail), bad()));
            }
        }
        ValueKind::Seconds { none } => {
            for (kind, value) in [
                ("not-a-number", "abc"),
                ("negative", "-1"),
                ("fraction", "1.5"),
            ] {
                out.push((kind.into(), json!(value), bad()));
            }
            let expect = match none {
                true => Prediction::Valid(source.clone(), Level::Should),
                false => bad(),
            };
            out.push(("none".into(), json!("NONE"), expect));
        }
        ValueKind::Days => {
            let ok = || Prediction::Valid(source.clone(), Level::Should);
            out.push(("days-90".into(), json!("90"), ok()));
            out.push(("days-91".into(), json!("91"), bad()));
            out.push(("not-a-number".into(), json!("abc"), bad()));
            out.push(("none".into(), json!("NONE"), ok()));
        }
    }
    out
}

/// The source of the rule that makes `member` of `operation` a number in a string (a
/// duration, a retention), if one does.
pub(super) fn number_rule(operation: &str, member: &str) -> Option<String> {
    of(operation)
        .find(|r| r.member == member && !matches!(r.kind, ValueKind::Name { .. }))
        .map(source)
}

/// The rule's source: the member's documentation sentence that states it.
fn source(rule: &ValueRule) -> String {
    let subject = format!("{}Input.{}", rule.operation, rule.member);
    let key = match rule.kind {
        ValueKind::Name { .. } => "must not contain",
        ValueKind::Seconds { .. } => "in seconds",
        ValueKind::Days => "maximum workflow execution retention period",
    };
    let sentences = docs::docs().sentences(&subject);
    let mut quoted: Vec<&String> = sentences.iter().filter(|s| s.contains(key)).collect();
    if let ValueKind::Seconds { none: false } = rule.kind {
        quoted.extend(sentences.iter().filter(|s| s.contains("\"NONE\"")));
    }
    if let ValueKind::Days = rule.kind {
        quoted.extend(sentences.iter().filter(|s| s.contains("NONE or 0")));
    }
    // A citation's quote ends at its first `"`: a sentence quoting a value is cited up to it.
    let quotes: Vec<String> = quoted
        .iter()
        .map(|s| {
            format!(
                "doc: {subject}, \"{}\"",
                s.split('"').next().unwrap_or_default()
            )
        })
        .collect();
    quotes.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_has_its_cases_and_cites_its_sentence() {
        let names: Vec<String> = cases("RegisterDomain", "name")
            .into_iter()
            .map(|c| c.0)
            .collect();
        assert_eq!(
            names,
            [
                "slash",
                "vertical-bar",
                "control",
                "c1-control",
                "arn",
                "colon",
                "leading-space",
                "trailing-space"
            ]
        );
        let colon = cases("StartWorkflowExecution", "workflowId")
            .into_iter()
            .find(|c| c.0 == "colon")
            .unwrap();
        assert!(
            matches!(colon.2, Prediction::Valid(_, Level::Observe)),
            "practice"
        );
        let none = |op, m| cases(op, m).into_iter().find(|c| c.0 == "none").unwrap().2;
        assert!(matches!(
            none("StartWorkflowExecution", "executionStartToCloseTimeout"),
            Prediction::Violation(_)
        ));
        assert!(matches!(
            none("StartWorkflowExecution", "taskStartToCloseTimeout"),
            Prediction::Valid(..)
        ));
        assert!(cases("StartWorkflowExecution", "domain").is_empty());
        for r in crate::model::value_rules::RULES.iter() {
            let s = source(r);
            let cited = crate::model::citations(&s);
            assert!(!cited.is_empty(), "{s}");
            for c in cited {
                assert!(docs::docs().sentence_of(&c).is_some(), "{s}");
            }
        }
    }
}
