//! VCR cassettes: vcrpy (`interactions:`, bodies as text, `{string: ...}` or
//! `!!binary`) and Ruby VCR (`http_interactions:`, bodies as `{encoding, string}` or
//! `{base64_string}`); headers map names to a value or a list of values.

use super::{ImportError, base64_text, malformed, target_of};
use crate::record::RecordedExchange;
use serde::Deserialize;
use serde_yaml_ng::Value as Yaml;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct Cassette {
    #[serde(alias = "http_interactions")]
    interactions: Vec<Interaction>,
}

#[derive(Deserialize)]
struct Interaction {
    request: Request,
    response: Response,
}

#[derive(Deserialize)]
struct Request {
    method: String,
    #[serde(default)]
    body: Yaml,
    #[serde(default)]
    headers: BTreeMap<String, Yaml>,
}

#[derive(Deserialize)]
struct Response {
    status: Status,
    #[serde(default)]
    body: Yaml,
}

#[derive(Deserialize)]
struct Status {
    code: u16,
}

/// The exchanges of a cassette, in order.
pub fn read(path: &Path, text: &str) -> Result<Vec<RecordedExchange>, ImportError> {
    let cassette: Cassette = serde_yaml_ng::from_str(text).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        malformed(
            path,
            line,
            format!(
                "not a VCR cassette (interactions or http_interactions: [request, response]): {e}"
            ),
        )
    })?;
    let mut out = Vec::new();
    for (i, interaction) in cassette.interactions.into_iter().enumerate() {
        let why = |what: &str| {
            malformed(
                path,
                1,
                format!(
                    "interaction {} ({what}): a body is text, {{string: ...}}, {{base64_string: ...}} or !!binary",
                    i + 1
                ),
            )
        };
        let request = body_text(&interaction.request.body).ok_or_else(|| why("request body"))?;
        let answer = body_text(&interaction.response.body).ok_or_else(|| why("response body"))?;
        let headers: Vec<(String, String)> = interaction
            .request
            .headers
            .iter()
            .filter_map(|(k, v)| first_value(v).map(|v| (k.clone(), v)))
            .collect();
        out.push(RecordedExchange {
            // Other methods carry no SWF request: without a target, the writer skips them.
            target: target_of(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .filter(|_| interaction.request.method.eq_ignore_ascii_case("POST")),
            request,
            status: interaction.response.status.code,
            answer,
        });
    }
    Ok(out)
}

fn first_value(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Sequence(items) => items.first().and_then(first_value),
        _ => None,
    }
}

fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// A body's text; `None` when it has none of the known forms.
fn body_text(body: &Yaml) -> Option<String> {
    match body {
        Yaml::Null => Some(String::new()),
        // The YAML parser resolves vcrpy's `!!binary` to the plain base64 text: a body that
        // is not JSON but whose base64 decoding is, is taken as that decoding.
        Yaml::String(s) => match base64_text(s) {
            Some(d) if !is_json(s) && is_json(&d) => Some(d),
            _ => Some(s.clone()),
        },
        Yaml::Tagged(tagged) if tagged.tag == "binary" || tagged.tag == "!binary" => {
            match &tagged.value {
                Yaml::String(s) => base64_text(s),
                _ => None,
            }
        }
        Yaml::Mapping(map) => {
            if let Some(s) = map.get("base64_string").and_then(Yaml::as_str) {
                return base64_text(s);
            }
            match map.get("string") {
                Some(inner) => body_text(inner),
                None => Some(String::new()),
            }
        }
        _ => None,
    }
}
