//! The documented rules on one member's value that its shape cannot say: names that must
//! not hold `:`, `/`, `|` or control characters nor be the literal `arn`, durations
//! written as whole seconds (or `NONE` where the member allows it), a retention of 0 to 90
//! days. Each rule quotes the member documentation it comes from; a value that breaks it
//! is told as a constraint violation (`Value '<v>' at '<member>' failed to satisfy
//! constraint: <sentence>`), which is how the reference endpoint refuses it and what the
//! generated cases of each rule (`generate::value_cases`) expect.
//!
//! Where practice departs from the letter the rule follows practice and says so: a
//! StartWorkflowExecution workflowId may hold a `:` (docs/practice.md §2, §11).

use serde_json::Value as Json;

/// What a member's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A name: no `/`, `|` or control characters (`\u0000-\u001f`, `\u007f-\u009f`), not
    /// the literal `arn`; no `:` unless `colon`; no whitespace at either end if `trimmed`.
    Name {
        /// Whether a `:` is taken (practice, not the letter: docs/practice.md §11).
        colon: bool,
        /// Whether the documentation also forbids whitespace at either end.
        trimmed: bool,
    },
    /// A duration in whole seconds (`0`, `300`), or `NONE` if `none`.
    Seconds {
        /// Whether `NONE` (no limit) is documented for the member.
        none: bool,
    },
    /// A retention in days: `0` to `90`, or `NONE`.
    Days,
}

/// A rule on the value of one top-level member of an operation's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueRule {
    /// The operation.
    pub operation: &'static str,
    /// The member.
    pub member: &'static str,
    /// What its value must be.
    pub kind: ValueKind,
    /// The documentation's words, as the constraint the violation names.
    pub sentence: &'static str,
}

const NAME: &str = "Member must not contain a : (colon), / (slash), | (vertical bar), or any control characters (\\u0000-\\u001f | \\u007f-\\u009f), and must not be the literal string arn";
const WORKFLOW_ID: &str = "Member must not contain a / (slash), | (vertical bar), or any control characters (\\u0000-\\u001f | \\u007f-\\u009f), and must not be the literal string arn";
const DOMAIN_NAME: &str = "Member must not start or end with whitespace, must not contain a : (colon), / (slash), | (vertical bar), or any control characters (\\u0000-\\u001f | \\u007f-\\u009f), and must not be the literal string arn";
const SECONDS: &str =
    "Member must be a duration in seconds, an integer greater than or equal to 0, or NONE";
const SECONDS_ONLY: &str = "Member must be a duration in seconds, an integer greater than or equal to 0 (NONE cannot be specified)";
const DAYS: &str = "Member must be a number of days from 0 to 90";

const fn rule(
    operation: &'static str,
    member: &'static str,
    kind: ValueKind,
    sentence: &'static str,
) -> ValueRule {
    ValueRule {
        operation,
        member,
        kind,
        sentence,
    }
}

const PLAIN: ValueKind = ValueKind::Name {
    colon: false,
    trimmed: false,
};
const NONE_OK: ValueKind = ValueKind::Seconds { none: true };
const NO_NONE: ValueKind = ValueKind::Seconds { none: false };

/// Every value rule, by operation and member, in the model's order.
pub const RULES: [ValueRule; 15] = [
    rule(
        "RegisterDomain",
        "name",
        ValueKind::Name {
            colon: false,
            trimmed: true,
        },
        DOMAIN_NAME,
    ),
    rule(
        "RegisterDomain",
        "workflowExecutionRetentionPeriodInDays",
        ValueKind::Days,
        DAYS,
    ),
    rule("RegisterWorkflowType", "name", PLAIN, NAME),
    rule("RegisterWorkflowType", "version", PLAIN, NAME),
    rule(
        "RegisterWorkflowType",
        "defaultTaskStartToCloseTimeout",
        NONE_OK,
        SECONDS,
    ),
    rule(
        "RegisterWorkflowType",
        "defaultExecutionStartToCloseTimeout",
        NO_NONE,
        SECONDS_ONLY,
    ),
    rule("RegisterActivityType", "name", PLAIN, NAME),
    rule("RegisterActivityType", "version", PLAIN, NAME),
    rule(
        "RegisterActivityType",
        "defaultTaskStartToCloseTimeout",
        NONE_OK,
        SECONDS,
    ),
    rule(
        "RegisterActivityType",
        "defaultTaskHeartbeatTimeout",
        NONE_OK,
        SECONDS,
    ),
    rule(
        "RegisterActivityType",
        "defaultTaskScheduleToStartTimeout",
        NONE_OK,
        SECONDS,
    ),
    rule(
        "RegisterActivityType",
        "defaultTaskScheduleToCloseTimeout",
        NONE_OK,
        SECONDS,
    ),
    rule(
        "StartWorkflowExecution",
        "workflowId",
        ValueKind::Name {
            colon: true,
            trimmed: false,
        },
        WORKFLOW_ID,
    ),
    rule(
        "StartWorkflowExecution",
        "executionStartToCloseTimeout",
        NO_NONE,
        SECONDS_ONLY,
    ),
    rule(
        "StartWorkflowExecution",
        "taskStartToCloseTimeout",
        NONE_OK,
        SECONDS,
    ),
];

/// The value rules of `operation`.
pub fn of(operation: &str) -> impl Iterator<Item = &'static ValueRule> + '_ {
    RULES.iter().filter(move |r| r.operation == operation)
}

/// Whether `value` keeps `kind`.
pub fn keeps(kind: ValueKind, value: &str) -> bool {
    match kind {
        ValueKind::Name { colon, trimmed } => {
            let control = |c: char| matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}');
            let bad = |c: char| c == '/' || c == '|' || (c == ':' && !colon) || control(c);
            let ends = trimmed && value.trim() != value;
            value != "arn" && !value.chars().any(bad) && !ends
        }
        ValueKind::Seconds { none } => (none && value == "NONE") || whole(value),
        ValueKind::Days => {
            value == "NONE" || (whole(value) && value.parse::<u64>().is_ok_and(|d| d <= 90))
        }
    }
}

/// Digits only (at least one).
fn whole(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// The first value rule `body` (a request of `operation`) breaks, as the violation tells it.
pub fn violation(operation: &str, body: &Json) -> Option<String> {
    of(operation).find_map(|r| {
        let v = body.get(r.member)?.as_str()?;
        (!keeps(r.kind, v)).then(|| {
            format!(
                "Value '{v}' at '{}' failed to satisfy constraint: {}",
                r.member, r.sentence
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_durations_and_days_keep_their_documented_form() {
        let name = PLAIN;
        for bad in ["a/b", "a|b", "a:b", "a\u{1}b", "a\u{85}b", "arn"] {
            assert!(!keeps(name, bad), "{bad:?}");
        }
        assert!(keeps(name, "arn-ok") && keeps(name, "é日"));
        let workflow_id = ValueKind::Name {
            colon: true,
            trimmed: false,
        };
        assert!(keeps(workflow_id, "run:1") && !keeps(workflow_id, "a/b"));
        let domain = ValueKind::Name {
            colon: false,
            trimmed: true,
        };
        assert!(!keeps(domain, " d") && !keeps(domain, "d ") && keeps(domain, "d d"));
        for (v, ok) in [
            ("0", true),
            ("300", true),
            ("NONE", true),
            ("abc", false),
            ("-1", false),
            ("1.5", false),
            ("", false),
        ] {
            assert_eq!(keeps(NONE_OK, v), ok, "{v:?}");
        }
        assert!(!keeps(NO_NONE, "NONE"));
        for (v, ok) in [
            ("0", true),
            ("90", true),
            ("91", false),
            ("NONE", true),
            ("abc", false),
        ] {
            assert_eq!(keeps(ValueKind::Days, v), ok, "{v:?}");
        }
    }

    #[test]
    fn a_violation_names_the_member_and_the_rule() {
        let body = json!({"domain": "d", "workflowId": "a/b"});
        let told = violation("StartWorkflowExecution", &body).unwrap();
        assert!(
            told.starts_with(
                "Value 'a/b' at 'workflowId' failed to satisfy constraint: Member must not contain"
            ),
            "{told}"
        );
        assert_eq!(
            violation("StartWorkflowExecution", &json!({"workflowId": "a:b"})),
            None
        );
        assert_eq!(violation("ListDomains", &body), None);
    }
}
