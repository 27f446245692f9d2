//! What a generated case expects, and the case itself: a constraint violation (400 with
//! a fault envelope, must; ValidationException naming the member, should), a wrong JSON
//! type (4xx with an envelope, should), or a request within the model (a 2xx or a declared
//! fault, with the output checks).

use crate::cases::case::{Case, Level, RequestSpec, Setup};
use crate::cases::meaning_checks::meaning_checks;
use crate::cases::output_checks::output_checks;
use crate::check::{CheckGroup, Expectation};
use crate::model::{Operation, swf};
use serde_json::Value as Json;
use std::sync::{Arc, OnceLock};

/// Where generated cases say they come from.
pub const ORIGIN: &str = "generated from fixtures/model/swf.json";

const SOURCE_INVALID_TYPE: &str = "SWF-WIRE.md §3 (open): a member of the wrong JSON type gets a generic AWS JSON error; status 4xx is the only should";
const SOURCE_INVENTED_TOKEN: &str = "SWF-WIRE.md §10: the answer to a task token the endpoint never issued is undocumented (observe); cases take their tokens from the endpoint";
const SOURCE_VALIDATION: &str = "SWF-WIRE.md §3 (seen): constraint violations are com.amazon.coral.validate#ValidationException naming the member: Value ... at '<member>' failed to satisfy constraint";

/// What kind of answer a generated request deserves.
#[derive(Debug, Clone)]
pub enum Prediction {
    /// A constraint violation: 400 + envelope (must), ValidationException naming the member (should).
    Violation(String),
    /// A wrong JSON type: 4xx + envelope (should).
    WrongType,
    /// Within every constraint: a 2xx or a declared fault (`should`, or `observe`).
    Valid(String, Level),
}

/// A violation, or a request within the model at should.
pub fn expectation(valid: bool, rule: String) -> Prediction {
    if valid {
        Prediction::Valid(rule, Level::Should)
    } else {
        Prediction::Violation(rule)
    }
}

/// The setup a generated case of `op` needs for a body whose `taskToken` is `${taskToken}`:
/// a task the endpoint handed out (a decision task for RespondDecisionTaskCompleted, an
/// activity task for the activity workers' operations), so that the case reaches the member
/// it is about (SWF-WIRE.md §10: cases take their tokens from the endpoint); for a body
/// naming the case's own execution or types (`bodies::base`), those; else the generated
/// cases' domain alone.
pub fn setup_for(op: &Operation, body: &Json) -> Setup {
    let own = |v: &Json| v.as_str() == Some(super::bodies::CASE_NAME);
    if body.get("taskToken").and_then(Json::as_str) == Some(TASK_TOKEN) {
        return match op.name.as_str() {
            "RespondDecisionTaskCompleted" => Setup::DecisionTask,
            _ => Setup::ActivityTask,
        };
    }
    let execution = own(&body["execution"]["workflowId"])
        || body["execution"]["runId"].as_str() == Some("${runId}")
        || (own(&body["workflowId"]) && op.name != "StartWorkflowExecution");
    if execution {
        return Setup::Execution;
    }
    if own(&body["workflowType"]["name"]) || own(&body["activityType"]["name"]) {
        return Setup::Types;
    }
    Setup::Domain
}

/// The value of a body's `taskToken` that the setup's task fills in.
pub const TASK_TOKEN: &str = "${taskToken}";

/// A case of the generated kind: a setup (the generated domain, or a task whose token the
/// body holds: [`setup_for`]), a JSON body, the generated origin.
pub(crate) fn generated_case(
    op: &Operation,
    id: String,
    level: Level,
    source: String,
    checks: Vec<Arc<CheckGroup>>,
    category: &str,
    body: Json,
) -> Case {
    Case {
        id,
        operation: op.name.clone(),
        level,
        source,
        setup: setup_for(op, &body),
        request: RequestSpec {
            json: Some(crate::cases::case::JsonBody::new(&body)),
            ..RequestSpec::default()
        },
        steps: Vec::new(),
        then: None,
        checks,
        category: Some(category.into()),
        origin: ORIGIN.into(),
        variation: None,
        member: None,
    }
}

/// A case sending `body`, which is within every constraint of the model: a 2xx or a
/// fault the operation declares (`should`). Its id is left for the caller to set.
pub fn valid_case(op: &Operation, body: Json) -> Case {
    let rule = "model: every member within its constraints (botocore swf 2012-01-25)";
    let (level, source, checks) =
        checks_for(op, "", &Prediction::Valid(rule.into(), Level::Should));
    let id = format!("{}/valid", op.name);
    generated_case(op, id, level, source, checks, "boundaries", body)
}

/// The level, source and check groups of a generated case of `member` of `op`.
pub fn checks_for(
    op: &Operation,
    member: &str,
    expect: &Prediction,
) -> (Level, String, Vec<Arc<CheckGroup>>) {
    let (level, source, checks) = match expect {
        Prediction::Violation(rule) => (
            Level::Must,
            rule.clone(),
            vec![
                CheckGroup::new(vec![Expectation::Status(400), Expectation::Envelope(true)]),
                CheckGroup::new(vec![
                    Expectation::Fault("ValidationException".into()),
                    Expectation::MessageContains(vec![format!(
                        "at '{member}' failed to satisfy constraint"
                    )]),
                ])
                .named("validation")
                .citing(Level::Should, SOURCE_VALIDATION),
            ],
        ),
        Prediction::WrongType => (
            Level::Should,
            SOURCE_INVALID_TYPE.into(),
            vec![CheckGroup::new(vec![
                Expectation::StatusClass("4xx".into()),
                Expectation::Envelope(true),
            ])],
        ),
        // A token of the right form the endpoint never issued: undocumented (SWF-WIRE.md §10).
        Prediction::Valid(rule, _) if member == "taskToken" => {
            let source = format!("{rule}; {SOURCE_INVENTED_TOKEN}");
            return (Level::Observe, source, valid_checks(op));
        }
        Prediction::Valid(rule, level) => {
            let source =
                format!("{rule}; a request within the model gets a 2xx or a declared fault");
            return (*level, source, valid_checks(op));
        }
    };
    (level, source, checks.into_iter().map(Arc::new).collect())
}

/// The checks of a valid request of `op`: a 2xx or a declared fault, the output checks
/// and the meaning checks. Built once per operation and shared by its valid cases (thousands in a
/// 10,000-case run: sharing keeps the run's memory down).
fn valid_checks(op: &Operation) -> Vec<Arc<CheckGroup>> {
    static BY_OPERATION: OnceLock<Vec<Vec<Arc<CheckGroup>>>> = OnceLock::new();
    let all = BY_OPERATION.get_or_init(|| {
        swf()
            .operations
            .iter()
            .map(|op| {
                let mut checks = vec![Arc::new(CheckGroup::new(vec![
                    Expectation::SuccessOrFault(op.errors.clone()),
                ]))];
                if op.output.is_some() {
                    checks.extend(output_checks());
                }
                checks.extend(meaning_checks(&op.name));
                checks
            })
            .collect()
    });
    match swf().operations.iter().position(|o| o.name == op.name) {
        Some(i) => all[i].clone(),
        None => Vec::new(),
    }
}
