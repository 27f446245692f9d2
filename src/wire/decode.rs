//! Decoding a body into a [`Value`] in one pass, driven by the operation's shape.
//!
//! Type errors (a member of the wrong JSON type, an integer out of range) stop
//! the decode with a serialization fault naming the member; constraint checks
//! are left to [`super::validate`]. Unknown members are skipped without being
//! built; a member given twice keeps its last value.

use super::fault::{Fault, FaultKind};
use super::path::Path;
use super::value::{Value, is_real};
use crate::model::{Shape, ShapeKind};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Number;
use std::cell::RefCell;
use std::fmt;

/// Decodes `body` as the structure `shape`, or answers a serialization fault.
pub fn decode(shape: &Shape, body: &[u8]) -> Result<Value, Fault> {
    let ctx = Ctx::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    let root = Path::Root;
    let seed = ShapeSeed {
        shape,
        path: &root,
        ctx: &ctx,
    };
    let decoded = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match decoded {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(serialization(
            "The request body must be a JSON object, found null",
        )),
        Err(e) => Err(serialization(ctx.mismatch.take().unwrap_or_else(|| {
            format!("The request body is not valid JSON: {e}")
        }))),
    }
}

fn serialization(message: impl Into<String>) -> Fault {
    Fault::new(FaultKind::Serialization, message)
}

/// Carries the readable reason of a type error out of serde's error type.
#[derive(Default)]
struct Ctx {
    mismatch: RefCell<Option<String>>,
}

#[derive(Clone, Copy)]
struct ShapeSeed<'s, 'p> {
    shape: &'s Shape,
    path: &'p Path<'p>,
    ctx: &'s Ctx,
}

impl ShapeSeed<'_, '_> {
    /// Records why the value does not fit and returns the error that stops the decode.
    fn mismatch<E: de::Error>(&self, found: &str) -> E {
        let expected = match self.shape.kind {
            ShapeKind::Integer => "an integer",
            ShapeKind::Long => "a long integer",
            _ => self.shape.json.described(),
        };
        let message = match self.path {
            Path::Root => format!("The request body must be a JSON object, found {found}"),
            path => format!("Expected {expected} at '{path}', found {found}"),
        };
        *self.ctx.mismatch.borrow_mut() = Some(message);
        E::custom("type mismatch")
    }

    fn integer<E: de::Error>(&self, v: i128) -> Result<Option<Value>, E> {
        let (lo, hi) = match self.shape.kind {
            ShapeKind::Integer => (i32::MIN as i128, i32::MAX as i128),
            _ => (i64::MIN as i128, i64::MAX as i128),
        };
        if (lo..=hi).contains(&v) {
            Ok(Some(Value::Integer(v as i64)))
        } else {
            let described = format!("the number {v}, out of range");
            Err(self.mismatch(&described))
        }
    }
}

impl<'de> DeserializeSeed<'de> for ShapeSeed<'_, '_> {
    type Value = Option<Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed<'_, '_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.shape.json.described())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        match self.shape.kind {
            ShapeKind::Boolean => Ok(Some(Value::Boolean(v))),
            _ => Err(self.mismatch("a boolean")),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match self.shape.kind {
            ShapeKind::Integer | ShapeKind::Long => self.integer(v as i128),
            k if is_real(k) => Ok(Some(Value::Number(v.into()))),
            _ => Err(self.mismatch("a number")),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match self.shape.kind {
            ShapeKind::Integer | ShapeKind::Long => self.integer(v as i128),
            k if is_real(k) => Ok(Some(Value::Number(v.into()))),
            _ => Err(self.mismatch("a number")),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        match self.shape.kind {
            k if is_real(k) => match Number::from_f64(v) {
                Some(n) => Ok(Some(Value::Number(n))),
                None => Err(self.mismatch("a number that is not finite")),
            },
            ShapeKind::Integer | ShapeKind::Long => {
                Err(self.mismatch("a number with a fraction or exponent"))
            }
            _ => Err(self.mismatch("a number")),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match self.shape.kind {
            ShapeKind::String | ShapeKind::Blob => Ok(Some(Value::String(v.to_owned()))),
            _ => Err(self.mismatch("a string")),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        match self.shape.kind {
            ShapeKind::String | ShapeKind::Blob => Ok(Some(Value::String(v))),
            _ => Err(self.mismatch("a string")),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let elem = match (self.shape.kind, self.shape.member.as_deref()) {
            (ShapeKind::List, Some(elem)) => elem,
            _ => return Err(self.mismatch("an array")),
        };
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        loop {
            let path = self.path.element(items.len());
            let seed = ShapeSeed {
                shape: elem,
                path: &path,
                ctx: self.ctx,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Some(Value::List(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match self.shape.kind {
            ShapeKind::Structure => self.structure(map),
            ShapeKind::Map => {
                let value_shape = match self.shape.value.as_deref() {
                    Some(s) => s,
                    None => return Err(self.mismatch("an object")),
                };
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let path = self.path.member(&key);
                    let seed = ShapeSeed {
                        shape: value_shape,
                        path: &path,
                        ctx: self.ctx,
                    };
                    let value = map.next_value_seed(seed)?;
                    entries.push((key, value));
                }
                Ok(Some(Value::Map(entries)))
            }
            _ => Err(self.mismatch("an object")),
        }
    }
}

impl ShapeSeed<'_, '_> {
    fn structure<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Value>, A::Error> {
        let members = &self.shape.members;
        let mut slots: Vec<Option<Value>> = Vec::with_capacity(members.len());
        slots.resize_with(members.len(), || None);
        while let Some(index) = map.next_key_seed(MemberKey { shape: self.shape })? {
            match index {
                Some(i) => {
                    let member = &members[i];
                    let path = self.path.member(&member.name);
                    let seed = ShapeSeed {
                        shape: &member.shape,
                        path: &path,
                        ctx: self.ctx,
                    };
                    slots[i] = map.next_value_seed(seed)?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(Value::Structure(slots)))
    }
}

/// Resolves an object key to the index of the member it names, without allocating.
struct MemberKey<'s> {
    shape: &'s Shape,
}

impl<'de> DeserializeSeed<'de> for MemberKey<'_> {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MemberKey<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.shape.member_index(v))
    }
}
