//! Cases generated from the model for every operation and every member:
//! lengths at and across their bounds (ASCII and multi-byte), required members
//! missing and `null`, every wrong JSON type, enum values in and out of the
//! set, numbers at and across their range, list sizes, nested members.
//!
//! Ids are stable: `<Operation>/<member path>/<kind>`, the member path written
//! as the service writes it in messages (`executionFilter.workflowId`,
//! `decisions.1.member.decisionType`). Every case starts from a valid body
//! (required members only, the run's domain in `domain`) and changes one member.

pub(crate) use super::bodies::holds_a_number;
pub use super::bodies::{base, sample};
use super::bodies::{sample_member, text_of};
pub use super::expected::{ORIGIN, valid_case};
use super::expected::{Prediction, checks_for, expectation, generated_case};
use crate::cases::case::{Case, Level};
use crate::model::{JsonType, Member, Operation, Shape, ShapeKind, swf};
use serde_json::{Value as Json, json};

/// Operations whose valid requests long-poll (up to 60 s on the service): only
/// their invalid requests are generated, so that a wait is never taken for a hang.
pub const LONG_POLLS: [&str; 2] = ["PollForDecisionTask", "PollForActivityTask"];

const SOURCE_MULTIBYTE: &str = "Smithy 2.0, length trait (the model's min/max): a string's length is \"The number of Unicode scalar values\", so the maximum in multi-byte characters is within the model";

/// Every generated case of every operation, in model order.
pub fn all() -> Vec<Case> {
    swf().operations.iter().flat_map(for_operation).collect()
}

/// The generated cases of one operation.
pub fn for_operation(op: &Operation) -> Vec<Case> {
    let body = base(op);
    mutations(op)
        .iter()
        .map(|m| m.case(op, body.clone()))
        .collect()
}

/// Every one-member change of one operation's requests that the cases make.
pub fn mutations(op: &Operation) -> Vec<Mutation<'_>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    for member in &op.input.members {
        walk(op, member, &mut path, &mut out);
    }
    out
}

/// One change to one member of a valid request, and the answer it deserves.
pub struct Mutation<'m> {
    /// The kind: `missing`, `len-257`, `type-number`, ...
    pub kind: String,
    /// The member path as the service writes it.
    pub member: String,
    operation: &'m str,
    steps: Vec<Seg<'m>>,
    value: Option<Json>,
    expect: Prediction,
    category: &'static str,
}

impl Mutation<'_> {
    /// Whether the changed request is within every constraint of the model.
    pub fn is_valid(&self) -> bool {
        matches!(self.expect, Prediction::Valid(..))
    }

    /// Applies the change to a valid `body`, creating valid ancestors where needed; the
    /// filters the changed member excludes go ([`crate::model::rules`]).
    pub fn apply(&self, body: &mut Json) {
        place(body, &self.steps, self.value.clone());
        super::coherent::cohere_decisions(body);
        let root = match self.steps.first() {
            Some(Seg::Member(name, _)) => Some(*name),
            _ => None,
        };
        crate::model::rules::cohere(self.operation, body, root);
    }

    /// The case sending `body` with this change (id `<op>/<member>/<kind>`).
    pub fn case(&self, op: &Operation, mut body: Json) -> Case {
        self.apply(&mut body);
        let id = format!("{}/{}/{}", op.name, self.member, self.kind);
        let (level, source, checks) = checks_for(op, &self.member, &self.expect);
        let mut case = generated_case(op, id, level, source, checks, self.category, body);
        case.variation = crate::outcome::Variation::of_kind(&self.kind);
        case.member = Some(self.member.clone());
        case
    }
}

/// One step from a structure to a member or from a list to its first element.
#[derive(Debug, Clone, Copy)]
enum Seg<'m> {
    Member(&'m str, &'m Shape),
    Element(&'m Shape),
}

impl Seg<'_> {
    fn shape(&self) -> &Shape {
        match self {
            Seg::Member(_, s) | Seg::Element(s) => s,
        }
    }
}

/// The path as the service writes it: `a.b`, `list.1.member.c`.
fn service_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        if !out.is_empty() {
            out.push('.');
        }
        match seg {
            Seg::Member(name, _) => out.push_str(name),
            Seg::Element(_) => out.push_str("1.member"),
        }
    }
    out
}

fn walk<'m>(
    op: &'m Operation,
    member: &'m Member,
    path: &mut Vec<Seg<'m>>,
    out: &mut Vec<Mutation<'m>>,
) {
    path.push(Seg::Member(&member.name, &member.shape));
    kinds_of(op, member.required, path, out);
    descend(op, &member.shape, path, out);
    path.pop();
}

fn descend<'m>(
    op: &'m Operation,
    shape: &'m Shape,
    path: &mut Vec<Seg<'m>>,
    out: &mut Vec<Mutation<'m>>,
) {
    match shape.kind {
        ShapeKind::Structure => {
            for m in &shape.members {
                walk(op, m, path, out);
            }
        }
        ShapeKind::List => {
            if let Some(elem) = shape.member.as_deref() {
                path.push(Seg::Element(elem));
                kinds_of(op, true, path, out);
                descend(op, elem, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn kinds_of<'m>(op: &'m Operation, required: bool, path: &[Seg<'m>], out: &mut Vec<Mutation<'m>>) {
    let Some(last) = path.last() else { return };
    let shape = last.shape();
    let member = service_path(path);
    let mut push =
        |kind: String, value: Option<Json>, expect: Prediction, category: &'static str| {
            if matches!(expect, Prediction::Valid(..)) && LONG_POLLS.contains(&op.name.as_str()) {
                return;
            }
            out.push(Mutation {
                kind,
                member: member.clone(),
                operation: &op.name,
                steps: path.to_vec(),
                value,
                expect,
                category,
            });
        };
    let model = |rule: String| format!("model: {} {rule} (botocore swf 2012-01-25)", shape.name);
    if required && !matches!(last, Seg::Element(_)) {
        let rule = model("is required".into());
        push(
            "missing".into(),
            None,
            Prediction::Violation(rule.clone()),
            "missing",
        );
        push(
            "null".into(),
            Some(Json::Null),
            Prediction::Violation(rule),
            "missing",
        );
    }
    wrong_types(shape, &mut push);
    match shape.kind {
        ShapeKind::String if shape.enum_values.is_some() => enum_values(shape, &model, &mut push),
        ShapeKind::String => {
            let top = match path {
                [Seg::Member(name, _)] => Some(*name),
                _ => None,
            };
            let number = top.and_then(|m| super::value_cases::number_rule(&op.name, m));
            string_lengths(last, &model, number, &mut push);
            for (kind, value, expect) in top
                .map(|m| super::value_cases::cases(&op.name, m))
                .unwrap_or_default()
            {
                push(kind, Some(value), expect, "boundaries");
            }
        }
        ShapeKind::Integer | ShapeKind::Long => {
            for (n, ok) in bounds(shape) {
                let rule = model(format!("value in {}", range(shape)));
                let kind = format!("value-{}", signed(n));
                push(kind, Some(json!(n)), expectation(ok, rule), "boundaries");
            }
        }
        ShapeKind::List => list_sizes(shape, &model, &mut push),
        _ => {}
    }
}

/// A value of every JSON type but the shape's.
fn wrong_types(shape: &Shape, push: &mut Push) {
    for (json_type, value) in [
        (JsonType::String, json!("swfcheck")),
        (JsonType::Number, json!(7)),
        (JsonType::Boolean, json!(true)),
        (JsonType::Array, json!([])),
        (JsonType::Object, json!({})),
    ] {
        if json_type != shape.json {
            let kind = format!("type-{}", format!("{json_type:?}").to_ascii_lowercase());
            push(kind, Some(value), Prediction::WrongType, "types");
        }
    }
}

/// Each value of an enum, and one outside the set.
fn enum_values(shape: &Shape, model: &dyn Fn(String) -> String, push: &mut Push) {
    let values = shape.enum_values.as_deref().unwrap_or_default();
    let rule = model(format!("is one of [{}]", values.join(", ")));
    for v in values {
        let expect = Prediction::Valid(rule.clone(), Level::Should);
        push(format!("enum-{v}"), Some(json!(v)), expect, "boundaries");
    }
    let bad = json!("SWFCHECK_NOT_IN_SET");
    push(
        "enum-invalid".into(),
        Some(bad),
        Prediction::Violation(rule),
        "boundaries",
    );
}

/// Lists at and across their size bounds, of sample elements.
fn list_sizes(shape: &Shape, model: &dyn Fn(String) -> String, push: &mut Push) {
    let elem = shape.member.as_deref();
    for (n, ok) in bounds(shape).into_iter().filter(|(n, _)| *n >= 0) {
        let rule = model(format!("size in {}", range(shape)));
        let items = (0..n).filter_map(|_| elem.map(sample)).collect();
        let value = Some(Json::Array(items));
        push(
            format!("count-{n}"),
            value,
            expectation(ok, rule),
            "boundaries",
        );
    }
}

/// Adds one case: kind, the member's value (`None`: left out), expectation, category.
type Push<'a> = dyn FnMut(String, Option<Json>, Prediction, &'static str) + 'a;

/// The lengths of a string member at and across its bounds; `number` is the source of the
/// rule that makes it a number in a string (`model::value_rules`), by which letters are
/// refused whatever their length.
fn string_lengths(
    seg: &Seg,
    model: &dyn Fn(String) -> String,
    number: Option<String>,
    push: &mut Push,
) {
    let shape = seg.shape();
    let name = match seg {
        Seg::Member(name, _) => name,
        Seg::Element(_) => "",
    };
    let rule = model(format!("length in {}", range(shape)));
    for (n, ok) in bounds(shape).into_iter().filter(|(n, _)| *n >= 0) {
        let mut expect = expectation(ok, rule.clone());
        if ok && name == "nextPageToken" {
            // Only a token the endpoint issued is meaningful: what it makes of another is its own.
            let why = format!("{rule}; not documented: a page token the endpoint did not issue");
            expect = Prediction::Valid(why, Level::Observe);
        }
        push(
            format!("len-{n}"),
            Some(json!(text_of(name, n))),
            expect,
            "boundaries",
        );
    }
    if let Some(max) = shape.max {
        // A page token the endpoint did not issue, or a number written in letters, is
        // within the length but means nothing: only observed.
        let meaningless = name == "nextPageToken" || holds_a_number(name);
        let level = if meaningless {
            Level::Observe
        } else {
            Level::Should
        };
        let valid = match number {
            Some(rule) => Prediction::Violation(rule),
            None => Prediction::Valid(SOURCE_MULTIBYTE.into(), level),
        };
        let long = json!(format!("${{repeat:é:{}}}", max + 1));
        let at_max = json!(format!("${{repeat:é:{max}}}"));
        push(
            format!("len-{max}-multibyte"),
            Some(at_max),
            valid,
            "boundaries",
        );
        push(
            format!("len-{}-multibyte", max + 1),
            Some(long),
            Prediction::Violation(rule),
            "boundaries",
        );
    }
}

/// min−1, min, max, max+1 (whichever exist), each with whether it is within the bounds.
fn bounds(shape: &Shape) -> Vec<(i64, bool)> {
    let mut out = Vec::new();
    if let Some(min) = shape.min {
        if min > i64::MIN {
            out.push((min - 1, false));
        }
        out.push((min, true));
    }
    if let Some(max) = shape.max {
        out.push((max, true));
        if max < i64::MAX {
            out.push((max + 1, false));
        }
    }
    out.dedup();
    out
}

fn range(shape: &Shape) -> String {
    let end = |v: Option<i64>| v.map_or_else(|| "…".to_owned(), |n| n.to_string());
    format!("{}..{}", end(shape.min), end(shape.max))
}

fn signed(n: i64) -> String {
    if n < 0 {
        format!("minus-{}", n.unsigned_abs())
    } else {
        n.to_string()
    }
}

/// Sets (or, with `None`, removes) the member at `path`, creating valid ancestors.
fn place(body: &mut Json, path: &[Seg], value: Option<Json>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = body;
    for seg in parents {
        node = match seg {
            Seg::Member(name, shape) => {
                let Some(obj) = node.as_object_mut() else {
                    return;
                };
                obj.entry(name.to_string())
                    .or_insert_with(|| sample_member(name, shape))
            }
            Seg::Element(shape) => {
                let Some(items) = node.as_array_mut() else {
                    return;
                };
                if items.is_empty() {
                    items.push(sample(shape));
                }
                &mut items[0]
            }
        };
    }
    match (last, value) {
        (Seg::Member(name, _), Some(v)) => {
            if let Some(obj) = node.as_object_mut() {
                obj.insert(name.to_string(), v);
            }
        }
        (Seg::Member(name, _), None) => {
            if let Some(obj) = node.as_object_mut() {
                obj.remove(*name);
            }
        }
        (Seg::Element(_), Some(v)) => match node.as_array_mut() {
            Some(items) if items.is_empty() => items.push(v),
            Some(items) => items[0] = v,
            None => {}
        },
        (Seg::Element(_), None) => {
            if let Some(items) = node.as_array_mut() {
                items.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::template::Vars;
    use crate::check::Expectation;
    use crate::wire::parse_body;

    fn expanded(case: &Case) -> Vec<u8> {
        let vars = Vars {
            prefix: "swfcheck-0123abcd".into(),
            ..Vars::placeholder()
        };
        let json = vars
            .expand_json(&case.request.json.as_ref().unwrap().value())
            .unwrap();
        serde_json::to_vec(&json).unwrap()
    }

    #[test]
    fn every_operation_has_cases_and_ids_are_unique() {
        let cases = all();
        let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate ids");
        for op in &swf().operations {
            assert!(
                cases.iter().any(|c| c.operation == op.name),
                "{} has no case",
                op.name
            );
        }
    }

    #[test]
    fn the_reference_validator_agrees_with_every_prediction() {
        for case in all() {
            let op = swf().operation(&case.operation).unwrap();
            let outcome = parse_body(op, &expanded(&case));
            let first = &case.checks[0];
            let has = |f: fn(&Expectation) -> bool| first.expectations().iter().any(f);
            if has(|e| matches!(e, Expectation::SuccessOrFault(_))) {
                assert!(outcome.is_ok(), "{}: {outcome:?}", case.id);
            } else {
                let fault = outcome.expect_err(&case.id);
                let status = first
                    .expectations()
                    .iter()
                    .find_map(|e| match e {
                        Expectation::Status(s) => Some(*s),
                        _ => None,
                    })
                    .unwrap_or(400);
                assert_eq!(fault.status(), status, "{}", case.id);
                if let Some(validation) = case.checks.get(1) {
                    let want = validation
                        .expectations()
                        .iter()
                        .find_map(|e| match e {
                            Expectation::MessageContains(parts) => Some(&parts[0]),
                            _ => None,
                        })
                        .unwrap();
                    assert!(
                        fault.message.contains(want.as_str()),
                        "{}: {fault:?}",
                        case.id
                    );
                }
            }
        }
    }

    #[test]
    fn ids_name_the_member_path_and_kind() {
        let op = swf().operation("RequestCancelWorkflowExecution").unwrap();
        let ids: Vec<String> = for_operation(op).into_iter().map(|c| c.id).collect();
        for want in [
            "RequestCancelWorkflowExecution/domain/missing",
            "RequestCancelWorkflowExecution/domain/len-257",
            "RequestCancelWorkflowExecution/domain/len-256-multibyte",
            "RequestCancelWorkflowExecution/runId/len-65",
            "RequestCancelWorkflowExecution/workflowId/type-number",
        ] {
            assert!(ids.iter().any(|i| i == want), "{want} not in {ids:?}");
        }
        let op = swf().operation("RespondDecisionTaskCompleted").unwrap();
        assert!(
            for_operation(op).iter().any(|c| c.id
                == "RespondDecisionTaskCompleted/decisions.1.member.decisionType/enum-invalid")
        );
    }
}
