//! A `[[case.check]]` table as written in a case file, and back: `name`, `level`,
//! `source` and `of` describe the group; every other key is one expectation
//! ([`crate::check::Expectation`], its key the variant's snake_case name).

use super::template::NULL;
use crate::check::{CheckGroup, Expectation, Which};
use crate::outcome::Level;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};
use serde_json::Value as Json;
use std::sync::Arc;

/// Turns one check table into a group; the error names the key that is wrong.
pub fn parse(mut table: toml::Table) -> Result<CheckGroup, String> {
    let text = |table: &mut toml::Table, key: &str| -> Result<Option<String>, String> {
        match table.remove(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!("`{key}` must be a string, not {other}")),
        }
    };
    let name = text(&mut table, "name")?;
    let source = text(&mut table, "source")?;
    let level = table
        .remove("level")
        .map(|v| Level::deserialize(v).map_err(|e| format!("`level`: {e}")))
        .transpose()?;
    let of = table
        .remove("of")
        .map(|v| Which::deserialize(v).map_err(|e| format!("`of`: {e}")))
        .transpose()?
        .unwrap_or_default();
    let mut expectations = Vec::with_capacity(table.len());
    for (key, value) in table {
        let tagged = Json::Object([(key.clone(), to_json(&value))].into_iter().collect());
        let e = serde_json::from_value::<Expectation>(tagged).map_err(|e| {
            format!("check key `{key}`: {e} (hint: README's \"Case files\" lists the keys)")
        })?;
        expectations.push(e);
    }
    let mut group = CheckGroup::new(expectations);
    group.name = name;
    group.level = level;
    group.source = source;
    group.of = of;
    Ok(group)
}

/// The table a group is written as in a case file.
pub fn to_table(group: &CheckGroup) -> toml::Table {
    let mut table = toml::Table::new();
    if let Some(name) = &group.name {
        table.insert("name".into(), toml::Value::String(name.clone()));
    }
    if let Some(level) = group.level {
        table.insert("level".into(), toml::Value::String(level.as_str().into()));
    }
    if let Some(source) = &group.source {
        table.insert("source".into(), toml::Value::String(source.clone()));
    }
    if group.of != Which::Current {
        table.insert("of".into(), toml::Value::String("previous".into()));
    }
    for e in group.expectations() {
        if let Ok(Json::Object(tagged)) = serde_json::to_value(e) {
            for (key, value) in tagged {
                if let Some(v) = to_toml(&value) {
                    table.insert(key, v);
                }
            }
        }
    }
    table
}

/// TOML as JSON; a string that is exactly `${null}` is JSON `null`.
pub fn to_json(value: &toml::Value) -> Json {
    match value {
        toml::Value::String(s) if s == NULL => Json::Null,
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// JSON as TOML; `null` is written `${null}` (TOML has no null).
pub fn to_toml(value: &Json) -> Option<toml::Value> {
    Some(match value {
        Json::Null => toml::Value::String(NULL.into()),
        Json::Bool(b) => toml::Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Json::String(s) => toml::Value::String(s.clone()),
        Json::Array(items) => toml::Value::Array(items.iter().filter_map(to_toml).collect()),
        Json::Object(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), to_toml(v)?)))
                .collect(),
        ),
    })
}

/// Reads a case's `check` array (serde's `deserialize_with`).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Arc<CheckGroup>>, D::Error> {
    let tables = Vec::<toml::Table>::deserialize(d)?;
    tables
        .into_iter()
        .map(|t| parse(t).map(Arc::new).map_err(D::Error::custom))
        .collect()
}

/// Writes a case's `check` array (serde's `serialize_with`).
pub fn serialize<S: Serializer>(groups: &[Arc<CheckGroup>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(groups.iter().map(|g| to_table(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_becomes_expectations_in_judging_order_and_back() {
        let table: toml::Table = toml::from_str(
            "name = \"n\"\nlevel = \"should\"\nfault = \"F\"\nstatus = 400\nbody_contains = { a = \"${null}\" }",
        )
        .unwrap();
        let group = parse(table.clone()).unwrap();
        assert_eq!(group.name.as_deref(), Some("n"));
        assert_eq!(group.level, Some(Level::Should));
        assert_eq!(
            group.expectations(),
            [
                Expectation::Status(400),
                Expectation::Fault("F".into()),
                Expectation::BodyContains(serde_json::json!({"a": null})),
            ]
        );
        assert_eq!(to_table(&group), table);
        let unknown = parse(toml::from_str("stauts = 400").unwrap()).unwrap_err();
        assert!(unknown.contains("check key `stauts`"), "{unknown}");
    }
}
