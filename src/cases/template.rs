//! Run-scoped values in case files: `${domain}`, `${workflowId}`, `${runId}`,
//! `${previousRunId}`, `${taskToken}` (the token of the task the setup took), `${deprecatedDomain}`, `${unknownDomain}`, `${otherDomain}` (another
//! domain of the run that exists: the generated cases' for a hand-written case, and the other way round),
//! `${unknownWorkflowId}`, `${unknownRunId}`, `${prefix}`, and
//! `${repeat:TEXT:N}` (TEXT N times), `${unique:N}` (exactly N characters: the
//! case's workflowId, `<prefix>-<case index>` (index 6 digits wide), padded with `x`, so that a
//! name a case creates is its own and starts with the run's prefix), `${runIdOf:WORKFLOWID}` (the runId a step's StartWorkflowExecution got).
//! In a body, a string that is exactly
//! `${null}` becomes JSON `null`. `${answer:N:PATH}` is a value from the answer to step N
//! (1-based) at a dotted member path (`taskToken`, `events.3.<attributes>.newExecutionRunId`):
//! steps keep the ids, tokens and ARNs of their answers ([`id_leaves`]).
//! `${dollar}` is a `$` (so `${dollar}{x}` is the text `${x}`).

use serde_json::Value as Json;

/// The values a case's templates expand to that are known before anything is sent (the
/// run's names, the case's names, values that exist nowhere). The values the endpoint
/// issues during the case (`${runId}`, `${previousRunId}`, `${runIdOf:ID}`,
/// `${answer:N:PATH}`) are left in the text as they are written, for the plan to bind
/// once they are known (`plan::Issued`); so is `${dollar}`, and so is every `$` of a known
/// value (written `${dollar}`), so that binding never reads a value as a template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    /// The run's domain.
    pub domain: String,
    /// The workflowId of the case's execution.
    pub workflow_id: String,
    /// The deprecated domain (setup `deprecated-domain`).
    pub deprecated_domain: String,
    /// A domain name that does not exist.
    pub unknown_domain: String,
    /// Another domain of the run that exists (registered with the run's types).
    pub other_domain: String,
    /// A workflowId no execution has.
    pub unknown_workflow_id: String,
    /// A well-formed runId no execution has.
    pub unknown_run_id: String,
    /// The run's prefix (`swfcheck-<hex>`).
    pub prefix: String,
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
        "unknown value ${{{0}}} (hint: known are domain, workflowId, runId, previousRunId, taskToken, deprecatedDomain, unknownDomain, otherDomain, unknownWorkflowId, unknownRunId, prefix, repeat:TEXT:N, unique:N, runIdOf:WORKFLOWID, answer:N:PATH, dollar, null)"
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
            deprecated_domain: v("dep"),
            unknown_domain: v("ud"),
            other_domain: v("od"),
            unknown_workflow_id: v("uw"),
            unknown_run_id: v("ur"),
            prefix: v("p"),
        }
    }

    fn lookup(&self, name: &str) -> Result<String, TemplateError> {
        let known = match name {
            "domain" => &self.domain,
            "workflowId" => &self.workflow_id,
            "deprecatedDomain" => &self.deprecated_domain,
            "unknownDomain" => &self.unknown_domain,
            "otherDomain" => &self.other_domain,
            "unknownWorkflowId" => &self.unknown_workflow_id,
            "unknownRunId" => &self.unknown_run_id,
            "prefix" => &self.prefix,
            // Left for the plan to bind: `$` itself, and what the endpoint issues.
            "dollar" | "runId" | "previousRunId" | "taskToken" => {
                return Ok(format!("${{{name}}}"));
            }
            _ => {
                if let Some(n) = name.strip_prefix("unique:") {
                    return self.unique(name, n).map(|v| escape(&v));
                }
                if name.starts_with("answer:") {
                    return Ok(format!("${{{name}}}"));
                }
                if let Some(id) = name.strip_prefix("runIdOf:") {
                    return Ok(format!("${{runIdOf:{}}}", self.expand(id)?));
                }
                return repeat(name).map(|v| escape(&v));
            }
        };
        Ok(escape(known))
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
        scan(text, &mut |name| self.lookup(name))
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

/// `text` with each `${name}` replaced by what `lookup` says of `name` (the text between
/// the braces, nested `${...}` included): the one parser of the template syntax.
pub fn scan(
    text: &str,
    lookup: &mut dyn FnMut(&str) -> Result<String, TemplateError>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = closing_brace(after).ok_or_else(|| TemplateError::Unclosed(text.to_owned()))?;
        out.push_str(&lookup(&after[..end])?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A known value as template text: each `$` written `${dollar}`.
fn escape(value: &str) -> String {
    if value.contains('$') {
        value.replace('$', "${dollar}")
    } else {
        value.to_owned()
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
        assert_eq!(v.expand("${domain}/${prefix}").unwrap(), "domain/p");
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
        // What the endpoint issues is left for the plan to bind, inner values filled in.
        assert_eq!(
            v.expand("${runId}/${previousRunId}").unwrap(),
            "${runId}/${previousRunId}"
        );
        assert_eq!(
            v.expand("${runIdOf:${workflowId}-1}").unwrap(),
            "${runIdOf:wf-1}"
        );
        assert_eq!(
            v.expand("${answer:2:taskToken}").unwrap(),
            "${answer:2:taskToken}"
        );
        assert_eq!(v.expand("{${domain}}").unwrap(), "{domain}");
        assert_eq!(v.expand("${dollar}{domain}").unwrap(), "${dollar}{domain}");
        let dollars = Vars {
            domain: "a$b".into(),
            ..Vars::placeholder()
        };
        assert_eq!(dollars.expand("${domain}").unwrap(), "a${dollar}b");
        assert!(is_id_member("resourceArn") && !is_id_member("name"));
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
