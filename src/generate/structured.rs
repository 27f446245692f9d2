//! Structured requests: a body built member by member from fuzzer bytes, each
//! member deliberately inside or outside its constraints, together with the
//! verdict the builder predicts. The prediction is written here, apart from
//! the validator, so that the `structured_request` fuzz target and the tests
//! can hold the two against each other.

use crate::model::{Operation, Shape, ShapeKind, swf};
use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value as Json, json};

/// The verdict the builder predicts for its request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Every member is within its constraints.
    Valid,
    /// Some member has the wrong JSON type: a serialization fault.
    Serialization,
    /// These violations, in the validator's order (model order, depth first).
    Violations(Vec<String>),
}

/// A request for one operation with its predicted verdict.
#[derive(Debug, Clone)]
pub struct StructuredRequest {
    /// The operation.
    pub operation: &'static Operation,
    /// The body as JSON.
    pub body: Json,
    /// What the validator must answer.
    pub expected: Expected,
}

/// The member name used to prove unknown members are ignored.
pub const UNKNOWN_MEMBER: &str = "swfcheckUnknownMember";

/// What to do with one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
enum Mode {
    Valid,
    Omit,
    Null,
    TooShort,
    TooLong,
    NotInEnum,
    WrongType,
    BelowMin,
    AboveMax,
    Overflow,
}

/// Characters chosen to make code points, UTF-16 units and bytes disagree.
const ALPHABET: [char; 8] = ['a', 'Z', '7', '-', 'é', '日', '😀', ' '];

struct Builder<'u, 'd> {
    u: &'u mut Unstructured<'d>,
    violations: Vec<String>,
    wrong_type: bool,
}

impl<'a> Arbitrary<'a> for StructuredRequest {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let op = u.choose(&swf().operations)?;
        StructuredRequest::build(op, u)
    }
}

impl StructuredRequest {
    /// Builds a request for `operation` from the fuzzer's bytes.
    pub fn build(
        operation: &'static Operation,
        u: &mut Unstructured<'_>,
    ) -> arbitrary::Result<Self> {
        let mut b = Builder {
            u,
            violations: Vec::new(),
            wrong_type: false,
        };
        let mut body = match b.structure(&operation.input, "")? {
            Json::Object(map) => map,
            _ => Map::new(),
        };
        if b.u.arbitrary::<bool>()? {
            body.insert(UNKNOWN_MEMBER.into(), json!({"any": [1, "thing"]}));
        }
        let body = Json::Object(body);
        let rule = crate::model::rules::violation(&operation.name, &body);
        let expected = match (b.wrong_type, b.violations.is_empty(), rule) {
            (true, _, _) => Expected::Serialization,
            (false, true, None) => Expected::Valid,
            // A request within every shape constraint may still break a documented rule
            // between members: the reference tells it like a constraint violation.
            (false, true, Some(rule)) => Expected::Violations(vec![rule.to_owned()]),
            (false, false, _) => Expected::Violations(b.violations),
        };
        Ok(StructuredRequest {
            operation,
            body,
            expected,
        })
    }

    /// The body as bytes.
    pub fn body_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.body).unwrap_or_default()
    }

    /// The predicted verdict as the wire would phrase it: `Ok(())` or the fault name
    /// and, for validation, the exact message.
    pub fn expected_fault(&self) -> Option<(&'static str, Option<String>)> {
        match &self.expected {
            Expected::Valid => None,
            Expected::Serialization => Some(("SerializationException", None)),
            Expected::Violations(v) => {
                let n = v.len();
                let noun = if n == 1 { "error" } else { "errors" };
                Some((
                    "ValidationException",
                    Some(format!("{n} validation {noun} detected: {}", v.join("; "))),
                ))
            }
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

impl Builder<'_, '_> {
    fn violate(&mut self, rendered: &str, path: &str, rule: &str) {
        self.violations.push(format!(
            "Value '{rendered}' at '{path}' failed to satisfy constraint: {rule}"
        ));
    }

    fn structure(&mut self, shape: &Shape, path: &str) -> arbitrary::Result<Json> {
        let mut map = Map::new();
        for member in &shape.members {
            let p = join(path, &member.name);
            let mode: Mode = self.u.arbitrary()?;
            match mode {
                Mode::Omit | Mode::Null => {
                    if mode == Mode::Null {
                        map.insert(member.name.clone(), Json::Null);
                    }
                    if member.required {
                        self.violations.push(format!(
                            "Value null at '{p}' failed to satisfy constraint: Member must not be null"
                        ));
                    }
                }
                _ => {
                    let v = self.value(&member.shape, &p, mode)?;
                    map.insert(member.name.clone(), v);
                }
            }
        }
        Ok(Json::Object(map))
    }

    fn string_of(&mut self, len: usize) -> arbitrary::Result<String> {
        let mut s = String::with_capacity(len);
        for _ in 0..len {
            s.push(*self.u.choose(&ALPHABET)?);
        }
        Ok(s)
    }

    /// A length in `[lo, hi]`, biased to the bounds and kept small in the middle.
    fn length_within(&mut self, lo: i64, hi: i64) -> arbitrary::Result<usize> {
        let pick: u8 = self.u.arbitrary()?;
        let len = match pick % 4 {
            0 => lo,
            1 => hi,
            _ => lo + i64::from(pick / 4) % (hi - lo + 1).min(40),
        };
        Ok(len.clamp(lo, hi) as usize)
    }

    fn value(&mut self, shape: &Shape, path: &str, mode: Mode) -> arbitrary::Result<Json> {
        if mode == Mode::WrongType {
            self.wrong_type = true;
            return Ok(match shape.kind {
                ShapeKind::String | ShapeKind::Blob => json!(7),
                ShapeKind::Boolean => json!("true"),
                ShapeKind::List => json!({"not": "a list"}),
                ShapeKind::Structure | ShapeKind::Map => json!(["not", "an", "object"]),
                _ => json!(false),
            });
        }
        match shape.kind {
            ShapeKind::String => self.string(shape, path, mode),
            ShapeKind::Integer | ShapeKind::Long => self.integer(shape, path, mode),
            ShapeKind::Timestamp | ShapeKind::Double | ShapeKind::Float => {
                Ok(json!(self.u.int_in_range(0..=2_000_000_000u32)?))
            }
            ShapeKind::Boolean => Ok(json!(self.u.arbitrary::<bool>()?)),
            ShapeKind::List => self.list(shape, path, mode),
            ShapeKind::Structure => self.structure(shape, path),
            ShapeKind::Blob | ShapeKind::Map => Ok(crate::generate::sample::valid_value(
                shape,
                crate::generate::sample::Fill::Required,
            )),
        }
    }

    fn string(&mut self, shape: &Shape, path: &str, mode: Mode) -> arbitrary::Result<Json> {
        if let Some(values) = &shape.enum_values {
            if mode == Mode::NotInEnum {
                let s = format!("NOT_{}", self.string_of(2)?);
                let rule = format!(
                    "Member must satisfy enum value set: [{}]",
                    values.join(", ")
                );
                self.violate(&s, path, &rule);
                return Ok(Json::String(s));
            }
            return Ok(Json::String(self.u.choose(values)?.clone()));
        }
        let (min, max) = (shape.min.unwrap_or(0), shape.max.unwrap_or(64));
        let s = match mode {
            Mode::TooShort if min > 0 => {
                let s = self.string_of((min - 1) as usize)?;
                let rule = format!("Member must have length greater than or equal to {min}");
                self.violate(&s, path, &rule);
                s
            }
            Mode::TooLong if shape.max.is_some() => {
                let s = self.string_of((max + 1) as usize)?;
                let rule = format!("Member must have length less than or equal to {max}");
                self.violate(&s, path, &rule);
                s
            }
            _ => {
                let len = self.length_within(min, max)?;
                self.string_of(len)?
            }
        };
        Ok(Json::String(s))
    }

    fn integer(&mut self, shape: &Shape, path: &str, mode: Mode) -> arbitrary::Result<Json> {
        let limit = if shape.kind == ShapeKind::Integer {
            i64::from(i32::MAX)
        } else {
            i64::MAX
        };
        match mode {
            Mode::Overflow if shape.kind == ShapeKind::Integer => {
                self.wrong_type = true;
                Ok(json!(limit + 1))
            }
            Mode::BelowMin if shape.min.is_some() => {
                let min = shape.min.unwrap_or(0);
                let v = min - 1 - i64::from(self.u.int_in_range(0..=3u8)?);
                let rule = format!("Member must have value greater than or equal to {min}");
                self.violate(&v.to_string(), path, &rule);
                Ok(json!(v))
            }
            Mode::AboveMax if shape.max.is_some() => {
                let max = shape.max.unwrap_or(0);
                let v = max + 1 + i64::from(self.u.int_in_range(0..=3u8)?);
                let rule = format!("Member must have value less than or equal to {max}");
                self.violate(&v.to_string(), path, &rule);
                Ok(json!(v))
            }
            _ => {
                let lo = shape.min.unwrap_or(-limit);
                let hi = shape.max.unwrap_or(limit);
                Ok(json!(self.u.int_in_range(lo..=hi)?))
            }
        }
    }

    fn list(&mut self, shape: &Shape, path: &str, mode: Mode) -> arbitrary::Result<Json> {
        let Some(elem) = shape.member.as_deref() else {
            return Ok(json!([]));
        };
        let (min, max) = (shape.min.unwrap_or(0), shape.max.unwrap_or(3).min(8));
        // Only lists of strings carry a length bound in SWF; the rendering below relies on it.
        let too_long =
            mode == Mode::TooLong && shape.max.is_some() && elem.kind == ShapeKind::String;
        let n = if too_long {
            max as usize + 1
        } else {
            self.length_within(min, max)?
        };
        let mut items = Vec::with_capacity(n);
        if too_long {
            let strings: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            let rule = format!("Member must have length less than or equal to {max}");
            self.violate(&format!("[{}]", strings.join(", ")), path, &rule);
            return Ok(json!(strings));
        }
        for i in 0..n {
            let p = format!("{path}.{}.member", i + 1);
            let m: Mode = self.u.arbitrary()?;
            let m = if matches!(m, Mode::Omit | Mode::Null) {
                Mode::Valid
            } else {
                m
            };
            items.push(self.value(elem, &p, m)?);
        }
        Ok(Json::Array(items))
    }
}
