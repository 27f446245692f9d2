//! The documented rules between members of one request that the model's shapes cannot
//! say: the visibility filters that exclude each other. Each rule quotes the member
//! documentation it comes from; its words are the ValidationException's message. The
//! rules on one member's value live beside them ([`super::value_rules`]); [`violation`]
//! tells the first of either.

use serde_json::Value as Json;

/// A group of top-level members of which a request may hold at most one (or exactly one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exclusive {
    /// The members, in the documentation's order.
    pub members: &'static [&'static str],
    /// Whether one of them is required.
    pub one_required: bool,
    /// The documentation's words.
    pub sentence: &'static str,
}

const TIME: Exclusive = Exclusive {
    members: &["startTimeFilter", "closeTimeFilter"],
    one_required: true,
    sentence: "startTimeFilter and closeTimeFilter are mutually exclusive. You must specify one of these in a request but not both.",
};
const CLOSED: Exclusive = Exclusive {
    members: &[
        "closeStatusFilter",
        "executionFilter",
        "typeFilter",
        "tagFilter",
    ],
    one_required: false,
    sentence: "closeStatusFilter, executionFilter, typeFilter and tagFilter are mutually exclusive. You can specify at most one of these in a request.",
};
const OPEN: Exclusive = Exclusive {
    members: &["executionFilter", "typeFilter", "tagFilter"],
    one_required: false,
    sentence: "executionFilter, typeFilter and tagFilter are mutually exclusive. You can specify at most one of these in a request.",
};

/// The exclusive groups of `operation` (documented on the members of its input).
pub fn exclusive(operation: &str) -> &'static [Exclusive] {
    match operation {
        "ListClosedWorkflowExecutions" | "CountClosedWorkflowExecutions" => &[TIME, CLOSED],
        "ListOpenWorkflowExecutions" | "CountOpenWorkflowExecutions" => &[OPEN],
        _ => &[],
    }
}

fn present(body: &Json, member: &str) -> bool {
    body.get(member).is_some_and(|v| !v.is_null())
}

/// Whether any rule here (a group of exclusive members, or a rule on one member's value:
/// [`super::value_rules`]) applies to requests of `operation`.
pub fn applies(operation: &str) -> bool {
    !exclusive(operation).is_empty() || super::value_rules::of(operation).next().is_some()
}

/// The first rule `body` (a request of `operation`) breaks, in the documentation's words:
/// a group of exclusive members, then a rule on one member's value.
pub fn violation(operation: &str, body: &Json) -> Option<String> {
    let group = exclusive(operation).iter().find_map(|rule| {
        let n = rule.members.iter().filter(|m| present(body, m)).count();
        (n > 1 || (rule.one_required && n == 0)).then_some(rule.sentence)
    });
    match group {
        Some(sentence) => Some(sentence.to_owned()),
        None => super::value_rules::violation(operation, body),
    }
}

/// Makes `body` keep every rule of `operation`: of a group, `keep` (a member a
/// generated change targets) or else the first member present stays and the others go;
/// a group that needs one member and has none gets the first, as the widest filter
/// (`startTimeFilter` from the epoch).
pub fn cohere(operation: &str, body: &mut Json, keep: Option<&str>) {
    for rule in exclusive(operation) {
        let stays = keep
            .filter(|k| rule.members.contains(k))
            .or_else(|| rule.members.iter().copied().find(|m| present(body, m)));
        let Some(obj) = body.as_object_mut() else {
            return;
        };
        for m in rule.members {
            if Some(*m) != stays {
                obj.remove(*m);
            }
        }
        if rule.one_required && stays.is_none() {
            obj.insert(rule.members[0].into(), serde_json::json!({"oldestDate": 0}));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_rule_is_told_in_the_documentations_words() {
        let closed = "ListClosedWorkflowExecutions";
        let neither = json!({"domain": "d"});
        assert_eq!(violation(closed, &neither), Some(TIME.sentence.to_owned()));
        let both = json!({"domain": "d", "startTimeFilter": {}, "closeTimeFilter": {}});
        assert_eq!(violation(closed, &both), Some(TIME.sentence.to_owned()));
        let two = json!({"startTimeFilter": {}, "typeFilter": {}, "tagFilter": {}});
        assert_eq!(violation(closed, &two), Some(CLOSED.sentence.to_owned()));
        let null = json!({"startTimeFilter": {}, "typeFilter": {}, "tagFilter": null});
        assert_eq!(violation(closed, &null), None);
        let open = json!({"executionFilter": {}, "tagFilter": {}});
        assert_eq!(
            violation("CountOpenWorkflowExecutions", &open),
            Some(OPEN.sentence.to_owned())
        );
        assert_eq!(violation("ListDomains", &open), None);
    }

    #[test]
    fn cohere_keeps_the_targeted_member_and_fills_a_required_group() {
        let op = "CountClosedWorkflowExecutions";
        let mut body = json!({"domain": "d"});
        cohere(op, &mut body, None);
        assert_eq!(
            body,
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}})
        );
        let mut change = json!({"startTimeFilter": {"oldestDate": 0}, "closeTimeFilter": 5, "typeFilter": {}, "tagFilter": {}});
        cohere(op, &mut change, Some("closeTimeFilter"));
        assert_eq!(change, json!({"closeTimeFilter": 5, "typeFilter": {}}));
        // A change that removes the member a group needs is left as the change made it.
        let mut removed = json!({"domain": "d"});
        cohere(op, &mut removed, Some("startTimeFilter"));
        assert_eq!(removed, json!({"domain": "d"}));
        for mut b in [body, change] {
            cohere(op, &mut b, None);
            assert_eq!(violation(op, &b), None, "{b}");
        }
    }
}
