//! Property: for a random member of a random operation set to a random value,
//! `parse_request` agrees with an independent check written here, directly
//! against `fixtures/model/swf.json` (read as plain JSON, not through
//! `swfcheck::model`), with every other member valid.

use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};
use std::sync::OnceLock;
use swfcheck::wire::{FaultKind, parse_request};

fn raw_model() -> &'static Json {
    static MODEL: OnceLock<Json> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/model/swf.json"
        ))
        .unwrap();
        serde_json::from_str(&text).unwrap()
    })
}

fn operations() -> &'static Vec<Json> {
    raw_model()["operations"].as_array().unwrap()
}

/// A valid value for a raw model node: required members only, shortest strings.
fn valid(node: &Json) -> Json {
    match node["type"].as_str().unwrap() {
        "string" => match node.get("enum") {
            Some(e) => e[0].clone(),
            None => json!("a".repeat(node["min"].as_u64().unwrap_or(1).max(1) as usize)),
        },
        "integer" | "long" => json!(node["min"].as_i64().unwrap_or(1).max(1)),
        "timestamp" | "double" | "float" => json!(1),
        "boolean" => json!(false),
        "list" => Json::Array(
            (0..node["min"].as_u64().unwrap_or(0))
                .map(|_| valid(&node["member"]))
                .collect(),
        ),
        "structure" => Json::Object(
            node["members"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["required"] == json!(true))
                .map(|m| (m["name"].as_str().unwrap().to_owned(), valid(&m["value"])))
                .collect(),
        ),
        other => panic!("type {other} not expected in SWF"),
    }
}

/// A generated member value.
#[derive(Debug, Clone)]
enum Gen {
    Absent,
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Strings(Vec<String>),
    Object,
}

impl Gen {
    fn json(&self) -> Option<Json> {
        Some(match self {
            Gen::Absent => return None,
            Gen::Null => Json::Null,
            Gen::Str(s) => json!(s),
            Gen::Int(i) => json!(i),
            Gen::Float(f) => json!(f),
            Gen::Bool(b) => json!(b),
            Gen::Strings(v) => json!(v),
            Gen::Object => json!({"unexpected": "object"}),
        })
    }
}

fn gen_value() -> impl Strategy<Value = Gen> {
    prop_oneof![
        Just(Gen::Absent),
        Just(Gen::Null),
        "[a-z0-9é日😀 ]{0,300}".prop_map(Gen::Str),
        prop_oneof![-5i64..1100, any::<i64>()].prop_map(Gen::Int),
        (-1.0e6f64..1.0e6).prop_map(Gen::Float),
        any::<bool>().prop_map(Gen::Bool),
        prop::collection::vec("[a-zé]{0,260}", 0..8).prop_map(Gen::Strings),
        Just(Gen::Object),
    ]
}

/// Follows `choices` down from the input shape; returns (path segments, member node, required).
fn pick_member(op: &Json, choices: &[usize]) -> (Vec<String>, Json, bool) {
    let mut node = op["input"].clone();
    let mut path = Vec::new();
    let mut required = false;
    for &c in choices {
        let members = match node["members"].as_array() {
            Some(m) if !m.is_empty() && node["type"] == "structure" => m.clone(),
            _ => break,
        };
        let m = &members[c % members.len()];
        path.push(m["name"].as_str().unwrap().to_owned());
        required = m["required"] == json!(true);
        node = m["value"].clone();
        if node["type"] != "structure" {
            break;
        }
    }
    (path, node, required)
}

/// Builds the body: valid everywhere, with the chosen member set to `value` (creating
/// the structures on the way with their required members).
fn body_with(op: &Json, path: &[String], value: Option<Json>) -> Json {
    let mut body = valid(&op["input"]);
    let mut node = &op["input"];
    let mut cursor = &mut body;
    for (i, name) in path.iter().enumerate() {
        let member = node["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == json!(name))
            .unwrap();
        node = &member["value"];
        let obj: &mut Map<String, Json> = cursor.as_object_mut().unwrap();
        if i + 1 == path.len() {
            match value {
                Some(v) => {
                    obj.insert(name.clone(), v);
                }
                None => {
                    obj.remove(name);
                }
            }
            break;
        }
        cursor = obj.entry(name.clone()).or_insert_with(|| valid(node));
    }
    body
}

/// What the service must answer: Ok, a serialization fault, or exactly these violations.
#[derive(Debug, PartialEq)]
enum Want {
    Valid,
    Serialization,
    Violations(Vec<String>),
}

fn length_rules(node: &Json, len: u64, rendered: &str, path: &str, out: &mut Vec<String>) {
    if let Some(min) = node["min"].as_u64().filter(|&m| len < m) {
        out.push(format!(
            "Value '{rendered}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}"
        ));
    }
    if let Some(max) = node["max"].as_u64().filter(|&m| len > m) {
        out.push(format!(
            "Value '{rendered}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}"
        ));
    }
}

fn string_rules(node: &Json, s: &str, path: &str, out: &mut Vec<String>) {
    length_rules(node, s.chars().count() as u64, s, path, out);
    if let Some(values) = node["enum"].as_array() {
        if !values.iter().any(|v| v == s) {
            let list: Vec<&str> = values.iter().map(|v| v.as_str().unwrap()).collect();
            out.push(format!(
                "Value '{s}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                list.join(", ")
            ));
        }
    }
}

fn expect(node: &Json, required: bool, path: &str, value: &Gen) -> Want {
    let kind = node["type"].as_str().unwrap();
    let mut out = Vec::new();
    match (kind, value) {
        (_, Gen::Absent | Gen::Null) => {
            if required {
                out.push(format!(
                    "Value null at '{path}' failed to satisfy constraint: Member must not be null"
                ));
            }
        }
        ("string", Gen::Str(s)) => string_rules(node, s, path, &mut out),
        ("integer" | "long", Gen::Int(i)) => {
            if kind == "integer" && i32::try_from(*i).is_err() {
                return Want::Serialization;
            }
            if let Some(min) = node["min"].as_i64().filter(|m| i < m) {
                out.push(format!(
                    "Value '{i}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min}"
                ));
            }
            if let Some(max) = node["max"].as_i64().filter(|m| i > m) {
                out.push(format!(
                    "Value '{i}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max}"
                ));
            }
        }
        ("timestamp" | "double" | "float", Gen::Int(_) | Gen::Float(_)) => {}
        ("boolean", Gen::Bool(_)) => {}
        ("list", Gen::Strings(items)) => {
            let elem = &node["member"];
            if elem["type"] != "string" && !items.is_empty() {
                return Want::Serialization;
            }
            length_rules(
                node,
                items.len() as u64,
                &format!("[{}]", items.join(", ")),
                path,
                &mut out,
            );
            for (i, s) in items.iter().enumerate() {
                string_rules(elem, s, &format!("{path}.{}.member", i + 1), &mut out);
            }
        }
        ("structure", Gen::Object) => {
            // {"unexpected": ...} is an unknown member; the structure's required members are missing.
            for m in node["members"].as_array().unwrap() {
                if m["required"] == json!(true) {
                    out.push(format!(
                        "Value null at '{path}.{}' failed to satisfy constraint: Member must not be null",
                        m["name"].as_str().unwrap()
                    ));
                }
            }
        }
        _ => return Want::Serialization,
    }
    if out.is_empty() {
        Want::Valid
    } else {
        Want::Violations(out)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn validator_agrees_with_the_model_file(
        op_index in 0usize..39,
        choices in prop::collection::vec(any::<usize>(), 1..4),
        value in gen_value(),
    ) {
        let op = &operations()[op_index];
        let (path, node, required) = pick_member(op, &choices);
        prop_assume!(!path.is_empty());
        let body = body_with(op, &path, value.json());
        let want = match expect(&node, required, &path.join("."), &value) {
            // Within every shape constraint, a request may still break a documented rule
            // between members (which filters exclude each other): swfcheck::model::rules.
            Want::Valid => match swfcheck::model::rules::violation(op["name"].as_str().unwrap(), &body) {
                Some(rule) => Want::Violations(vec![rule.to_owned()]),
                None => Want::Valid,
            },
            want => want,
        };
        let target = format!("SimpleWorkflowService.{}", op["name"].as_str().unwrap());
        let got = parse_request(Some(&target), None, &serde_json::to_vec(&body).unwrap());
        let got = match got {
            Ok(_) => Want::Valid,
            Err(f) if f.kind == FaultKind::Serialization => Want::Serialization,
            Err(f) if f.kind == FaultKind::Validation => {
                let list = f.message.split_once(": ").map(|(_, rest)| rest).unwrap_or("");
                Want::Violations(list.split("; ").map(str::to_owned).collect())
            }
            Err(f) => panic!("unexpected fault {f}"),
        };
        prop_assert_eq!(got, want, "operation {} body {}", op["name"], body);
    }
}
