//! Stable placeholders for the values that change from run to run, so that two
//! runs against the same endpoint give byte-identical snapshots.
//!
//! Redaction is by position in the JSON document where the position says what a
//! value is (members named `runId`, `taskToken`, `...Timestamp`, `...Date`,
//! `requestId`), and by value for what the run knows (its prefix, its domain, the
//! response's request id, credentials):
//!
//! | value | placeholder |
//! |---|---|
//! | the run prefix `swfcheck-<8 hex>` | `[prefix]` (and its `-<case index>` suffix: `[prefix]-[case]`) |
//! | the run's domain | `[domain]` |
//! | runIds (uuid-like, or 40..64 base64 characters) in `runId`/`previousRunId` members and after `runId=` in text | `[runId-1]`, `[runId-2]`, ... |
//! | `taskToken` values | `[taskToken-1]`, ... |
//! | numbers in members ending in `Timestamp` or `Date` | `"[timestamp]"` |
//! | the response's request id, `requestId` members | `[requestId]` |
//! | credential values | `<redacted>` (see [`crate::outcome::secrets`]) |
//!
//! runIds and task tokens are numbered by first appearance in the snapshot (keys
//! sorted), so that the same id keeps the same placeholder wherever it appears.

use serde_json::{Map, Value as Json};

/// What a redaction needs to know about the run and the response.
#[derive(Debug, Clone, Copy)]
pub struct Redaction<'a> {
    /// The run's prefix, `swfcheck-<8 hex>`.
    pub prefix: &'a str,
    /// The run's domain.
    pub domain: &'a str,
    /// The response's `x-amzn-RequestId`, if it had one.
    pub request_id: Option<&'a str>,
    /// Credential values that must never appear.
    pub secrets: &'a [String],
}

/// Members whose string values are runIds.
const RUN_ID_MEMBERS: [&str; 2] = ["runId", "previousRunId"];

/// A placeholder family numbered by first appearance: `[runId-1]`, `[runId-2]`, ...
#[derive(Debug, Default)]
struct Numbered {
    /// Values found at positions that say what they are.
    known: Vec<String>,
    /// Values given a number so far, in order of appearance.
    numbered: Vec<String>,
}

/// Known values shorter than this are replaced only where their position says what
/// they are, never inside other text.
const MIN_IN_TEXT: usize = 8;

impl Numbered {
    fn learn(&mut self, value: &str) {
        if !value.is_empty() && !self.known.iter().any(|k| k == value) {
            self.known.push(value.to_owned());
        }
    }

    /// The placeholder of `value`, numbering it if it is new.
    fn placeholder(&mut self, value: &str, family: &str) -> String {
        let n = match self.numbered.iter().position(|v| v == value) {
            Some(i) => i + 1,
            None => {
                self.numbered.push(value.to_owned());
                self.numbered.len()
            }
        };
        format!("[{family}-{n}]")
    }

    /// `text` with every known value replaced by its placeholder, numbering new ones.
    fn replace(&mut self, text: &str, family: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        loop {
            // The earliest occurrence of any known value; the longest one on a tie.
            let mut hit: Option<(usize, usize)> = None;
            for (i, k) in self.known.iter().enumerate() {
                if k.len() < MIN_IN_TEXT {
                    continue;
                }
                if let Some(at) = rest.find(k.as_str()) {
                    let better = hit.is_none_or(|(best_at, best)| {
                        at < best_at || (at == best_at && k.len() > self.known[best].len())
                    });
                    if better {
                        hit = Some((at, i));
                    }
                }
            }
            let Some((at, i)) = hit else { break };
            let value = self.known[i].clone();
            out.push_str(&rest[..at]);
            out.push_str(&self.placeholder(&value, family));
            rest = &rest[at + value.len()..];
        }
        out.push_str(rest);
        out
    }
}

/// Whether `s` has the shape of a runId: a uuid (with or without hyphens), or 40 to 64
/// base64 characters mixing upper case, lower case and digits (the service's runIds
/// are 44-character base64-like strings).
pub fn looks_like_run_id(s: &str) -> bool {
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    let groups: Vec<&str> = s.split('-').collect();
    let uuid = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| hex(g));
    let simple_uuid = s.len() == 32 && hex(s);
    let base64 = (40..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        && s.chars().any(|c| c.is_ascii_uppercase())
        && s.chars().any(|c| c.is_ascii_lowercase())
        && s.chars().any(|c| c.is_ascii_digit());
    uuid || simple_uuid || base64
}

/// The runId-shaped values written after `runId=` or `runId: ` in free text (fault messages).
fn run_ids_in_text(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("unId") {
        let starts_word = at > 0 && matches!(text.as_bytes()[at - 1], b'r' | b'R');
        if !starts_word {
            continue;
        }
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let Some(rest) = rest.strip_prefix(['=', ':']) else {
            continue;
        };
        let rest = rest.trim_start().trim_start_matches(['"', '\'']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-')))
            .unwrap_or(rest.len());
        let token = &rest[..end];
        // A trailing '=' may be base64 padding or not; try the token as it is, then trimmed.
        if looks_like_run_id(token) {
            found.push(token);
        } else if looks_like_run_id(token.trim_end_matches('=')) {
            found.push(token.trim_end_matches('='));
        }
    }
    found
}

/// A JSON value with its object keys sorted, recursively (whatever map order
/// serde_json was built with).
pub fn sorted(value: &Json) -> Json {
    match value {
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), sorted(&map[k]));
            }
            Json::Object(out)
        }
        Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn is_timestamp_member(name: &str) -> bool {
    name.ends_with("Timestamp")
        || name.ends_with("Date")
        || name.eq_ignore_ascii_case("timestamp")
        || name.eq_ignore_ascii_case("date")
}

/// The redaction of one snapshot: placeholders are numbered across all of it.
struct Redactor<'a> {
    ctx: Redaction<'a>,
    run_ids: Numbered,
    tokens: Numbered,
}

impl<'a> Redactor<'a> {
    fn new(ctx: Redaction<'a>) -> Self {
        Redactor {
            ctx,
            run_ids: Numbered::default(),
            tokens: Numbered::default(),
        }
    }

    /// Finds the runIds and task tokens of `value`, by position.
    fn learn(&mut self, member: Option<&str>, value: &Json) {
        match value {
            Json::Object(map) => {
                for (k, v) in map {
                    self.learn(Some(k), v);
                }
            }
            Json::Array(items) => {
                for v in items {
                    self.learn(member, v);
                }
            }
            Json::String(s) => {
                if member.is_some_and(|m| RUN_ID_MEMBERS.contains(&m)) && looks_like_run_id(s) {
                    self.run_ids.learn(s);
                } else if member == Some("taskToken") {
                    self.tokens.learn(s);
                }
                self.learn_text(s);
            }
            _ => {}
        }
    }

    fn learn_text(&mut self, text: &str) {
        for id in run_ids_in_text(text) {
            self.run_ids.learn(id);
        }
    }

    /// Replaces the volatile values of `value`, in document order.
    fn value(&mut self, member: Option<&str>, value: &Json) -> Json {
        match value {
            Json::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), self.value(Some(k), v));
                }
                Json::Object(out)
            }
            Json::Array(items) => {
                Json::Array(items.iter().map(|v| self.value(member, v)).collect())
            }
            Json::Number(_) if member.is_some_and(is_timestamp_member) => {
                Json::String("[timestamp]".into())
            }
            Json::String(_) if member.is_some_and(|m| m.eq_ignore_ascii_case("requestId")) => {
                Json::String("[requestId]".into())
            }
            Json::String(s) if member == Some("taskToken") && !s.is_empty() => {
                Json::String(self.tokens.placeholder(s, "taskToken"))
            }
            Json::String(s)
                if member.is_some_and(|m| RUN_ID_MEMBERS.contains(&m)) && looks_like_run_id(s) =>
            {
                Json::String(self.run_ids.placeholder(s, "runId"))
            }
            Json::String(s) => Json::String(self.text(s)),
            other => other.clone(),
        }
    }

    /// Replaces the volatile values of a piece of text.
    fn text(&mut self, text: &str) -> String {
        let mut out = crate::outcome::secrets::text(text, self.ctx.secrets);
        out = self.tokens.replace(&out, "taskToken");
        out = self.run_ids.replace(&out, "runId");
        if let Some(id) = self.ctx.request_id.filter(|id| id.len() >= MIN_IN_TEXT) {
            out = out.replace(id, "[requestId]");
        }
        out = prefixes(&out, self.ctx.prefix);
        bounded_replace(&out, self.ctx.domain, "[domain]")
    }
}

/// The run's prefix, and any other `swfcheck-<8 lower-case hex>` (another run's),
/// replaced by `[prefix]`; the case index that follows it in workflowIds and task
/// lists (`-12`) by `-[case]`: the index depends on which cases a run selects, not
/// on the endpoint.
fn prefixes(text: &str, run_prefix: &str) -> String {
    const STEM: &str = "swfcheck-";
    let text = if run_prefix.is_empty() {
        text.to_owned()
    } else {
        text.replace(run_prefix, "[prefix]")
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(STEM) {
        let after = &rest[at + STEM.len()..];
        let hex = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('a'..='f').contains(c))
            .count();
        let bounded = after[hex..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        out.push_str(&rest[..at]);
        if hex == 8 && bounded {
            out.push_str("[prefix]");
            rest = &after[8..];
        } else {
            out.push_str(STEM);
            rest = after;
        }
    }
    out.push_str(rest);
    let text = out;
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("[prefix]-") {
        let after = &rest[at + "[prefix]-".len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        out.push_str(&rest[..at]);
        if digits > 0 {
            out.push_str("[prefix]-[case]");
            rest = &after[digits..];
        } else {
            out.push_str("[prefix]-");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// `text` with the occurrences of `name` that are whole names (not inside a longer
/// name) replaced by `placeholder`.
fn bounded_replace(text: &str, name: &str, placeholder: &str) -> String {
    if name.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back().or(out.chars().next_back());
        let after = rest[at + name.len()..].chars().next();
        if before.is_some_and(is_name_char) || after.is_some_and(is_name_char) {
            let step = at + name.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..step]);
            rest = &rest[step..];
        } else {
            out.push_str(&rest[..at]);
            out.push_str(placeholder);
            rest = &rest[at + name.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// A JSON body with its keys sorted and its volatile values replaced.
pub fn json(body: &Json, ctx: Redaction<'_>) -> Json {
    let body = sorted(body);
    let mut r = Redactor::new(ctx);
    r.learn(None, &body);
    r.value(None, &body)
}

/// A body that is not JSON (HTML, a truncated body) with its volatile values replaced.
pub fn text(body: &str, ctx: Redaction<'_>) -> String {
    let mut r = Redactor::new(ctx);
    r.learn_text(body);
    r.text(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PREFIX: &str = "swfcheck-0a1b2c3d";

    fn ctx(secrets: &[String]) -> Redaction<'_> {
        Redaction {
            prefix: PREFIX,
            domain: "swfcheck-conformance",
            request_id: Some("5f0c2b1e-0000-4000-8000-0123456789ab"),
            secrets,
        }
    }

    #[test]
    fn run_ids_are_numbered_by_first_appearance() {
        let swf_run = "22Nu/6GNkeWfXSEi0emQGdT84oVvKVBcCqaBjzfPlFXLA=";
        let other = "94861fda-a714-4126-95d7-55ba847da8ab";
        let body = json!({
            "executionInfo": {"execution": {"runId": swf_run, "workflowId": format!("{PREFIX}-7")}},
            "message": format!("Unknown execution: WorkflowExecution=[workflowId=w, runId={other}]"),
            "previousRunId": other,
            "zz": format!("again {swf_run}"),
        });
        let out = json(&body, ctx(&[]));
        assert_eq!(
            out,
            json!({
                "executionInfo": {"execution": {"runId": "[runId-1]", "workflowId": "[prefix]-[case]"}},
                "message": "Unknown execution: WorkflowExecution=[workflowId=w, runId=[runId-2]]",
                "previousRunId": "[runId-2]",
                "zz": "again [runId-1]",
            })
        );
    }

    #[test]
    fn only_run_id_shaped_values_are_replaced() {
        let body =
            json!({"runId": "r".repeat(64), "message": format!("runId={}]", "r".repeat(64))});
        assert_eq!(json(&body, ctx(&[])), body);
        assert!(looks_like_run_id("0123456789abcdef0123456789abcdef"));
        assert!(!looks_like_run_id("not-a-run-id"));
    }

    #[test]
    fn timestamps_tokens_request_ids_prefix_and_domain() {
        let body = json!({
            "events": [
                {"eventTimestamp": 1_700_000_000.123, "eventId": 1},
                {"eventTimestamp": 1_700_000_001, "taskToken": "tok-AAAA1111"},
            ],
            "creationDate": 1_700_000_000,
            "startTimestamp": "not a number stays",
            "taskToken": "tok-BBBB2222",
            "again": "tok-AAAA1111",
            "requestId": "anything",
            "message": "Unknown domain: swfcheck-conformance. Request 5f0c2b1e-0000-4000-8000-0123456789ab",
            "other": "swfcheck-conformance-2 and swfcheck-deprecated",
            "tl": format!("{PREFIX}-12-activities and swfcheck-ffffffff-no-such-domain"),
        });
        let out = json(&body, ctx(&[]));
        assert_eq!(
            out,
            json!({
                "again": "[taskToken-1]",
                "creationDate": "[timestamp]",
                "events": [
                    {"eventId": 1, "eventTimestamp": "[timestamp]"},
                    {"eventTimestamp": "[timestamp]", "taskToken": "[taskToken-1]"},
                ],
                "message": "Unknown domain: [domain]. Request [requestId]",
                "other": "swfcheck-conformance-2 and swfcheck-deprecated",
                "requestId": "[requestId]",
                "startTimestamp": "not a number stays",
                "taskToken": "[taskToken-2]",
                "tl": "[prefix]-[case]-activities and [prefix]-no-such-domain",
            })
        );
    }

    #[test]
    fn keys_are_sorted_recursively() {
        let out = json(
            &json!({"b": {"z": 1, "a": [{"y": 1, "x": 2}]}, "a": 0}),
            ctx(&[]),
        );
        assert_eq!(
            serde_json::to_string(&out).unwrap_or_default(),
            r#"{"a":0,"b":{"a":[{"x":2,"y":1}],"z":1}}"#
        );
    }

    #[test]
    fn text_bodies_and_secrets() {
        let secrets = vec!["AKIASWFCHECKFAKE4242".to_owned()];
        let html = format!(
            "<html>AKIASWFCHECKFAKE4242 {PREFIX}-3 runId=94861fda-a714-4126-95d7-55ba847da8ab</html>"
        );
        assert_eq!(
            text(&html, ctx(&secrets)),
            "<html><redacted> [prefix]-[case] runId=[runId-1]</html>"
        );
        let body = json!({"message": "key AKIASWFCHECKFAKE4242"});
        assert_eq!(
            json(&body, ctx(&secrets)),
            json!({"message": "key <redacted>"})
        );
    }

    #[test]
    fn domains_are_replaced_as_whole_names_only() {
        assert_eq!(
            bounded_replace("d1 d12 xd1 d1.", "d1", "[domain]"),
            "[domain] d12 xd1 [domain]."
        );
        assert_eq!(bounded_replace("abc", "", "[domain]"), "abc");
    }
}
