//! Run-scoped values in case files: `${domain}`, `${workflowId}`, `${runId}`,
//! `${previousRunId}`, `${deprecatedDomain}`, `${unknownDomain}`,
//! `${unknownWorkflowId}`, `${unknownRunId}`, `${prefix}`, and
//! `${repeat:TEXT:N}` (TEXT N times), `${unique:N}` (exactly N characters: the
//! case's workflowId, `<prefix>-<case index>` (index 6 digits wide), padded with `x`, so that a
//! name a case creates is its own and starts with the run's prefix), `${runIdOf:WORKFLOWID}` (the runId a step's StartWorkflowExecution got).
//! In a body, a string that is exactly
//! `${null}` becomes JSON `null`. `${answer:N:PATH}` is a value from the answer to step N
//! (1-based) at a dotted member path (`taskToken`, `events.3.<attributes>.newExecutionRunId`):
//! steps keep the ids, tokens and ARNs of their answers ([`Vars::keep_answer_ids`]).
//! `${dollar}` is a `$` (so `${dollar}{x}` is the text `${x}`).

use serde_json::Value as Json;

/// The values a case's templates expand to, fixed when its setup ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    /// The run's domain.
    pub domain: String,
    /// The workflowId of the case's execution.
    pub workflow_id: String,
    /// The runId of the case's (current) execution.
    pub run_id: String,
    /// The runId of the earlier, closed execution (setup `rerun`).
    pub previous_run_id: String,
    /// The deprecated domain (setup `deprecated-domain`).
    pub deprecated_domain: String,
    /// A domain name that does not exist.
    pub unknown_domain: String,
    /// A workflowId no execution has.
    pub unknown_workflow_id: String,
    /// A well-formed runId no execution has.
    pub unknown_run_id: String,
    /// The run's prefix (`swfcheck-<hex>`).
    pub prefix: String,
    /// The runId of the last execution a step started, by workflowId (`${runIdOf:ID}`).
    pub run_ids: std::collections::BTreeMap<String, String>,
    /// Ids and tokens of the steps' answers, by `N:PATH` (`${answer:N:PATH}`).
    pub answers: std::collections::BTreeMap<String, String>,
}

/// Whether a member of an answer holds an id, token or resource name a later request may
/// send back: `runId`, `...RunId`, `taskToken`, `nextPageToken`, `arn` (DescribeDomain's
/// `domainInfo.arn`, which TagResource and its kin take as `resourceArn`), `...Arn`.
pub fn is_id_member(name: &str) -> bool {
    name == "runId"
        || name.ends_with("RunId")
        || name.ends_with("Token")
        || name == "arn"
        || name.ends_with("Arn")
}

/// A template that cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// `${name}` with a name not listed in the module doc.
    #[error(
        "unknown value ${{{0}}} (hint: known are domain, workflowId, runId, previousRunId, deprecatedDomain, unknownDomain, unknownWorkflowId, unknownRunId, prefix, repeat:TEXT:N, unique:N, runIdOf:WORKFLOWID, answer:N:PATH, dollar, null)"
    )]
    Unknown(String),
    /// `${` without a closing `}`.
    #[error("unclosed ${{ in {0:?}")]
    Unclosed(String),
    /// `${repeat:TEXT:N}` or `${unique:N}` with N not a number (or above 1,000,000).
    #[error(
        "bad count in ${{{0}}}: expected ${{repeat:TEXT:N}} or ${{unique:N}} with N at most 1000000"
    )]
    BadRepeat(String),
}

/// The marker that turns a body string into JSON `null`.
pub const NULL: &str = "${null}";

impl Vars {
    /// Placeholder values, for checking templates when a file is loaded.
    pub fn placeholder() -> Self {
        let v = |s: &str| s.to_owned();
        Vars {
            domain: v("domain"),
            workflow_id: v("wf"),
            run_id: v("run"),
            previous_run_id: v("prev"),
            deprecated_domain: v("dep"),
            unknown_domain: v("ud"),
            unknown_workflow_id: v("uw"),
            unknown_run_id: v("ur"),
            prefix: v("p"),
            run_ids: Default::default(),
            answers: Default::default(),
        }
    }

    /// Keeps the ids and tokens of step `step`'s answer for `${answer:N:PATH}`.
    pub fn keep_answer_ids(&mut self, step: usize, answer: &Json) {
        let mut found = Vec::new();
        id_leaves(answer, "", &mut found);
        for (path, value) in found {
            self.answers.insert(format!("{step}:{path}"), value);
        }
    }

    fn lookup(&self, name: &str) -> Result<String, TemplateError> {
        let known = match name {
            "domain" => &self.domain,
            "workflowId" => &self.workflow_id,
            "runId" => &self.run_id,
            "previousRunId" => &self.previous_run_id,
            "deprecatedDomain" => &self.deprecated_domain,
            "unknownDomain" => &self.unknown_domain,
            "unknownWorkflowId" => &self.unknown_workflow_id,
            "unknownRunId" => &self.unknown_run_id,
            "prefix" => &self.prefix,
            _ => {
                if let Some(n) = name.strip_prefix("unique:") {
                    return self.unique(name, n);
                }
                if name == "dollar" {
                    return Ok("$".to_owned());
                }
                if let Some(key) = name.strip_prefix("answer:") {
                    // At load time (placeholder values) any reference is fine.
                    let known = self.answers.get(key).cloned();
                    return Ok(known.unwrap_or_else(|| "answer".to_owned()));
                }
                if let Some(id) = name.strip_prefix("runIdOf:") {
                    // At load time (placeholder values) any workflowId is fine.
                    let known = self.run_ids.get(&self.expand(id)?).cloned();
                    return Ok(known.unwrap_or_else(|| "run".to_owned()));
                }
                return repeat(name);
            }
        };
        Ok(known.clone())
    }

    fn unique(&self, name: &str, count: &str) -> Result<String, TemplateError> {
        let n: usize = count
            .parse()
            .ok()
            .filter(|n| *n <= 1_000_000)
            .ok_or_else(|| TemplateError::BadRepeat(name.to_owned()))?;
        // `<prefix>-<index>` with the index at a fixed width, so that the padding (and a
        // snapshot of the value) does not depend on how many digits the index has; a value too
        // short to hold it is cut from a fixed word instead (short values cannot be unique).
        let base = match self.workflow_id.rsplit_once('-') {
            Some((p, i)) if !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{p}-{i:0>6}")
            }
            _ => self.workflow_id.clone(),
        };
        let source = if n >= base.chars().count() {
            base.as_str()
        } else {
            "swfcheck"
        };
        let mut out: String = source.chars().take(n).collect();
        let have = out.chars().count();
        out.extend(std::iter::repeat_n('x', n - have));
        Ok(out)
    }

    /// Expands every `${...}` in the strings (and object keys) of `value`.
    pub fn expand_json(&self, value: &Json) -> Result<Json, TemplateError> {
        Ok(match value {
            Json::String(s) => Json::String(self.expand(s)?),
            Json::Array(items) => Json::Array(
                items
                    .iter()
                    .map(|v| self.expand_json(v))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    out.insert(self.expand(k)?, self.expand_json(v)?);
                }
                Json::Object(out)
            }
            other => other.clone(),
        })
    }

    /// Expands every `${...}` in `text` (a value may hold another: `${runIdOf:${workflowId}-1}`).
    pub fn expand(&self, text: &str) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end =
                closing_brace(after).ok_or_else(|| TemplateError::Unclosed(text.to_owned()))?;
            out.push_str(&self.lookup(&after[..end])?);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Converts a TOML value to JSON, expanding templates in every string.
    pub fn to_json(&self, value: &toml::Value) -> Result<Json, TemplateError> {
        Ok(match value {
            toml::Value::String(s) if s == NULL => Json::Null,
            toml::Value::String(s) => Json::String(self.expand(s)?),
            toml::Value::Integer(i) => Json::from(*i),
            toml::Value::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number)
            }
            toml::Value::Boolean(b) => Json::Bool(*b),
            toml::Value::Datetime(d) => Json::String(d.to_string()),
            toml::Value::Array(items) => Json::Array(
                items
                    .iter()
                    .map(|v| self.to_json(v))
                    .collect::<Result<_, _>>()?,
            ),
            toml::Value::Table(t) => self.table_to_json(t)?,
        })
    }

    /// Converts a TOML table to a JSON object, expanding templates.
    pub fn table_to_json(&self, table: &toml::Table) -> Result<Json, TemplateError> {
        let mut map = serde_json::Map::new();
        for (k, v) in table {
            map.insert(self.expand(k)?, self.to_json(v)?);
        }
        Ok(Json::Object(map))
    }
}

/// Collects the string values of id members ([`is_id_member`]) under `value`, with their paths.
pub fn id_leaves(value: &Json, path: &str, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                match v {
                    Json::String(s) if is_id_member(k) && !s.is_empty() => {
                        out.push((join(k), s.clone()))
                    }
                    _ => id_leaves(v, &join(k), out),
                }
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                id_leaves(v, &join(&i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// The index of the `}` closing a `${` whose inside starts `text`, nested `${...}` skipped.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn repeat(name: &str) -> Result<String, TemplateError> {
    let Some(spec) = name.strip_prefix("repeat:") else {
        return Err(TemplateError::Unknown(name.to_owned()));
    };
    let (text, count) = spec
        .rsplit_once(':')
        .ok_or_else(|| TemplateError::BadRepeat(name.to_owned()))?;
    let n: usize = count
        .parse()
        .map_err(|_| TemplateError::BadRepeat(name.to_owned()))?;
    if n > 1_000_000 {
        return Err(TemplateError::BadRepeat(name.to_owned()));
    }
    Ok(text.repeat(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_values_and_repeats() {
        let v = Vars::placeholder();
        assert_eq!(v.expand("${domain}/${runId}").unwrap(), "domain/run");
        assert_eq!(v.expand("${repeat:é:3}x").unwrap(), "éééx");
        assert_eq!(v.expand("${repeat:a:b:2}").unwrap(), "a:ba:b");
        assert_eq!(v.expand("no templates {}").unwrap(), "no templates {}");
        let run = Vars {
            workflow_id: "swfcheck-ab12-7".into(),
            ..Vars::placeholder()
        };
        assert_eq!(run.expand("${unique:4}").unwrap(), "swfc");
        assert_eq!(run.expand("${unique:12}").unwrap(), "swfcheckxxxx");
        assert_eq!(
            run.expand("${unique:22}").unwrap(),
            "swfcheck-ab12-000007xx"
        );
        assert_eq!(run.expand("${unique:0}").unwrap(), "");
        let mut started = Vars::placeholder();
        started.run_ids.insert("wf-1".into(), "R1".into());
        assert_eq!(started.expand("${runIdOf:${workflowId}-1}").unwrap(), "R1");
        assert_eq!(started.expand("{${domain}}").unwrap(), "{domain}");
        started.keep_answer_ids(
            2,
            &serde_json::json!({"taskToken": "T", "events": [{"a": {"newExecutionRunId": "N"}}],
                "workflowId": "not an id"}),
        );
        assert_eq!(started.expand("${answer:2:taskToken}").unwrap(), "T");
        assert_eq!(
            started
                .expand("${answer:2:events.0.a.newExecutionRunId}")
                .unwrap(),
            "N"
        );
        assert_eq!(started.answers.len(), 2);
        started.keep_answer_ids(
            3,
            &serde_json::json!({"domainInfo": {"name": "d", "arn": "arn:aws:swf::1:/domain/d"},
                "configuration": {"workflowExecutionRetentionPeriodInDays": "1"}}),
        );
        assert_eq!(
            started.expand("${answer:3:domainInfo.arn}").unwrap(),
            "arn:aws:swf::1:/domain/d"
        );
        assert_eq!(started.answers.len(), 3);
        assert!(is_id_member("resourceArn") && !is_id_member("name"));
        assert_eq!(started.expand("${dollar}{domain}").unwrap(), "${domain}");
    }

    #[test]
    fn rejects_unknown_unclosed_and_bad_repeats() {
        let v = Vars::placeholder();
        assert!(matches!(
            v.expand("${nope}"),
            Err(TemplateError::Unknown(_))
        ));
        assert!(matches!(
            v.expand("${domain"),
            Err(TemplateError::Unclosed(_))
        ));
        assert!(matches!(
            v.expand("${repeat:a:x}"),
            Err(TemplateError::BadRepeat(_))
        ));
        assert!(matches!(
            v.expand("${repeat:a:2000000}"),
            Err(TemplateError::BadRepeat(_))
        ));
    }

    #[test]
    fn null_marker_becomes_json_null() {
        let v = Vars::placeholder();
        let t: toml::Table = toml::from_str("a = \"${null}\"\nb = [1, \"${domain}\"]").unwrap();
        assert_eq!(
            v.table_to_json(&t).unwrap(),
            serde_json::json!({"a": null, "b": [1, "domain"]})
        );
    }
}
