//! Property-based requests: proptest strategies for valid requests of every
//! operation, and for invalid ones (a valid request with one member changed the
//! way a generated case changes it). Seeded, so `--seed` replays a run; a failing
//! request shrinks to a minimal one (optional members dropped, strings shortened).

use super::from_model::{self, Mutation};
use crate::cases::case::Case;
use crate::model::{Operation, Shape, ShapeKind, swf};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value as Json, json};
use std::sync::OnceLock;

/// Characters that make code points, UTF-16 units and bytes disagree.
const ALPHABET: [char; 8] = ['a', 'b', 'Z', '7', '-', '_', 'é', '日'];

/// A request the strategies made: the body (with run templates) and which change made it invalid.
#[derive(Debug, Clone)]
pub struct PropRequest {
    /// The operation.
    pub operation: &'static Operation,
    /// The body; `${domain}` and `${unique:N}` are expanded per run.
    pub body: Json,
    /// The change applied to a valid body, if any (index into [`from_model::mutations`]).
    pub mutation: Option<usize>,
}

impl PropRequest {
    /// The change applied, if any.
    pub fn mutation(&self) -> Option<&'static Mutation<'static>> {
        mutations_of(self.operation).get(self.mutation?)
    }

    /// The request as a case with the checks its kind deserves; `n` numbers it.
    pub fn case(&self, n: usize) -> Case {
        let (mut case, kind) = match self.mutation() {
            Some(m) => {
                // The body already carries the change: applying it again is a no-op.
                let kind = format!("{}-{}", m.member, m.kind);
                (m.case(self.operation, self.body.clone()), kind)
            }
            None => {
                let valid = from_model::valid_case(self.operation, self.body.clone());
                (valid, "valid".to_owned())
            }
        };
        case.id = format!("random/{}/{n}-{kind}", self.operation.name);
        case.category = Some("random".into());
        case
    }
}

/// Valid values of `shape` (member `name`, `top` when a member of the body or the body
/// itself, whose `domain` is the run's); strings within their lengths, numbers in range,
/// lists within their sizes, optional members present or not.
pub fn value(name: &str, shape: &'static Shape, top: bool) -> BoxedStrategy<Json> {
    if top && name == "domain" {
        return Just(json!("${domain}")).boxed();
    }
    match shape.kind {
        ShapeKind::String => match &shape.enum_values {
            Some(values) if !values.is_empty() => proptest::sample::select(values.clone())
                .prop_map(Json::String)
                .boxed(),
            _ => text(name, shape),
        },
        ShapeKind::Integer | ShapeKind::Long => {
            let lo = shape.min.unwrap_or(0);
            let hi = shape.max.unwrap_or(lo.saturating_add(10_000)).max(lo);
            (lo..=hi).prop_map(|n| json!(n)).boxed()
        }
        ShapeKind::Boolean => any::<bool>().prop_map(Json::Bool).boxed(),
        ShapeKind::Timestamp => (0i64..2_000_000_000).prop_map(|n| json!(n)).boxed(),
        ShapeKind::Double | ShapeKind::Float => (0.0f64..1e6).prop_map(|n| json!(n)).boxed(),
        ShapeKind::Blob => Just(json!("AA==")).boxed(),
        ShapeKind::Map => Just(json!({})).boxed(),
        ShapeKind::List => {
            let Some(elem) = shape.member.as_deref() else {
                return Just(json!([])).boxed();
            };
            let lo = shape.min.unwrap_or(0).max(0) as usize;
            let hi = (shape.max.unwrap_or(3).max(0) as usize).clamp(lo, lo + 3);
            proptest::collection::vec(value("", elem, false), lo..=hi)
                .prop_map(Json::Array)
                .boxed()
        }
        ShapeKind::Structure => structure(shape, top && name.is_empty()),
    }
}

/// A structure's members; `input` when it is the request body itself.
fn structure(shape: &'static Shape, input: bool) -> BoxedStrategy<Json> {
    // A page token means something only when the endpoint issued it: never invented here.
    let members: Vec<BoxedStrategy<Option<(String, Json)>>> = shape
        .members
        .iter()
        .filter(|m| m.name != "nextPageToken")
        .map(|m| {
            let name = m.name.clone();
            let v = value(&m.name, &m.shape, input).prop_map(move |v| (name.clone(), v));
            if m.required {
                v.prop_map(Some).boxed()
            } else {
                proptest::option::weighted(0.5, v).boxed()
            }
        })
        .collect();
    members
        .prop_map(|pairs| Json::Object(pairs.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

fn text(name: &str, shape: &Shape) -> BoxedStrategy<Json> {
    let lo = shape.min.unwrap_or(0).max(0) as usize;
    let hi = (shape.max.unwrap_or(64).max(0) as usize).clamp(lo, lo + 40);
    if from_model::holds_a_number(name) {
        return (lo.max(1)..=hi.max(1))
            .prop_map(|n| json!(format!("{}1", "0".repeat(n - 1))))
            .boxed();
    }
    // Names a request may create start with the run's prefix (`${unique:N}`) when long enough.
    let chars = proptest::collection::vec(proptest::sample::select(&ALPHABET[..]), lo..=hi);
    chars
        .prop_map(|c| Json::String(c.into_iter().collect()))
        .boxed()
}

/// The changes of `op` ([`from_model::mutations`]), computed once per operation: listing
/// them walks the whole input shape, which cost more than the rest of a random case.
fn mutations_of(op: &'static Operation) -> &'static [Mutation<'static>] {
    static ALL: OnceLock<Vec<Vec<Mutation<'static>>>> = OnceLock::new();
    let operations = &swf().operations;
    let all = ALL.get_or_init(|| operations.iter().map(from_model::mutations).collect());
    match operations.iter().position(|o| o.name == op.name) {
        Some(i) => &all[i],
        None => &[],
    }
}

/// Requests of `op`: valid ones, and valid ones with one generated invalid change.
pub fn requests(op: &'static Operation) -> BoxedStrategy<PropRequest> {
    let invalid: Vec<usize> = mutations_of(op)
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.is_valid())
        .map(|(i, _)| i)
        .collect();
    let body = value("", &op.input, true);
    let change = if invalid.is_empty() {
        Just(None).boxed()
    } else {
        proptest::option::weighted(0.7, proptest::sample::select(invalid)).boxed()
    };
    (body, change)
        .prop_map(move |(mut body, mutation)| {
            crate::generate::coherent::cohere_decisions(&mut body);
            crate::model::rules::cohere(&op.name, &mut body, None);
            if let Some(i) = mutation {
                if let Some(m) = mutations_of(op).get(i) {
                    m.apply(&mut body);
                }
            }
            PropRequest {
                operation: op,
                body,
                mutation,
            }
        })
        .boxed()
}

/// A runner whose generation depends only on `seed`.
pub fn runner(seed: u64, cases: u32) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// `n` random cases over `operations` (all but the long polls when empty), the same for the same seed.
pub fn sample_cases(n: usize, seed: u64, operations: &[String]) -> Vec<Case> {
    let ops: Vec<&'static Operation> = swf()
        .operations
        .iter()
        .filter(|o| operations.is_empty() || operations.contains(&o.name))
        .filter(|o| !from_model::LONG_POLLS.contains(&o.name.as_str()))
        .collect();
    if ops.is_empty() {
        return Vec::new();
    }
    let strategies: Vec<_> = ops.iter().map(|op| requests(op)).collect();
    let mut runner = runner(seed, 1);
    (0..n)
        .filter_map(|i| {
            let tree = strategies[i % ops.len()].new_tree(&mut runner).ok()?;
            Some(tree.current().case(i))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::template::Vars;
    use crate::wire::parse_body;

    #[test]
    fn strategies_predict_the_validator_for_every_operation() {
        let vars = Vars {
            prefix: "swfcheck-0123abcd".into(),
            ..Vars::placeholder()
        };
        for op in &swf().operations {
            let mut runner = runner(7, 1);
            let strategy = requests(op);
            for _ in 0..40 {
                let req = strategy.new_tree(&mut runner).unwrap().current();
                let body = serde_json::to_vec(&vars.expand_json(&req.body).unwrap()).unwrap();
                let outcome = parse_body(op, &body);
                let valid = req.mutation().is_none_or(|m| m.is_valid());
                assert_eq!(
                    outcome.is_ok(),
                    valid,
                    "{}: {} {outcome:?}",
                    op.name,
                    req.body
                );
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_cases() {
        let a = sample_cases(50, 42, &[]);
        let b = sample_cases(50, 42, &[]);
        let c = sample_cases(50, 43, &[]);
        let bodies = |cs: &[Case]| -> Vec<String> {
            cs.iter()
                .map(|c| format!("{} {:?}", c.id, c.request.json))
                .collect()
        };
        assert_eq!(bodies(&a), bodies(&b));
        assert_ne!(bodies(&a), bodies(&c));
        let mut ids: Vec<&str> = a.iter().map(|c| c.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 50);
    }
}
