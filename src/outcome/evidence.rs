//! The evidence a result rests on: one exchange as reports show it and curl replays it,
//! with every secret already replaced ([`super::secrets`]).

use super::exchange::Exchange;
use super::secrets::{headers, text};
use serde::{Deserialize, Serialize};

/// The exchange a result rests on, kept for `-v` and reproductions (secrets redacted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The URL the request went to.
    pub url: String,
    /// The SigV4 region, when the request was signed (`None`: sent unsigned).
    pub signed_region: Option<String>,
    /// Whether the request carried a session token.
    pub session_token: bool,
    /// Request headers as sent (Authorization and tokens redacted).
    pub request_headers: Vec<(String, String)>,
    /// Request body as text.
    pub request_body: String,
    /// Response status, if any.
    pub status: Option<u16>,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Response body as text (capped).
    pub response_body: String,
}

/// The exchange as evidence for reports, redacted; `region` is the signing region.
pub fn of(ex: &Exchange, region: &str, secrets: &[String]) -> Evidence {
    let lossy = |b: &[u8]| text(&String::from_utf8_lossy(b), secrets);
    let has = |name: &str| {
        ex.sent
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(name))
    };
    let mut e = Evidence {
        url: ex.sent.url.clone(),
        signed_region: has("authorization").then(|| region.to_owned()),
        session_token: has("x-amz-security-token"),
        request_headers: headers(&ex.sent.headers, secrets),
        request_body: lossy(&ex.sent.body),
        ..Evidence::default()
    };
    if let Ok(r) = &ex.outcome {
        e.status = Some(r.status);
        e.response_headers = headers(&r.headers, secrets);
        e.response_body = lossy(&r.body);
    }
    e
}

/// An answer on one line, for a terminal: its status and its fault and message, or its
/// body's start with the whitespace collapsed; an HTML page is named, never printed.
pub fn answer_line(status: Option<u16>, body: &str) -> String {
    let Some(status) = status else {
        return "no answer".into();
    };
    let trimmed = body.trim_start();
    let lower = trimmed
        .get(..trimmed.len().min(200))
        .unwrap_or("")
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        return format!("HTTP {status} with an HTML body");
    }
    if trimmed.is_empty() {
        return format!("HTTP {status} with an empty body");
    }
    let json: Option<serde_json::Value> = serde_json::from_str(trimmed).ok();
    if let Some((name, _, message)) = json.as_ref().and_then(super::exchange::fault_of) {
        return format!("HTTP {status} {name}: {}", shorten(&message, 160));
    }
    format!("HTTP {status} {}", shorten(trimmed, 160))
}

/// Whether a body is an HTML page (its start says so).
pub fn is_html(body: &str) -> bool {
    let start: String = body
        .trim_start()
        .chars()
        .take(300)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<body")
}

/// `text` on one line (whitespace collapsed), cut to `max` characters.
pub fn shorten(text: &str, max: usize) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &one[..at]),
        None => one,
    }
}

impl Evidence {
    /// The answer on one line ([`answer_line`]).
    pub fn answer_line(&self) -> String {
        answer_line(self.status, &self.response_body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_fit_one_line_and_html_is_named() {
        assert_eq!(
            answer_line(
                Some(500),
                "<!DOCTYPE html>\n<html><body>\n oops\n</body></html>"
            ),
            "HTTP 500 with an HTML body"
        );
        assert_eq!(
            answer_line(Some(400), r#"{"error": "Unsupported service: swf"}"#),
            r#"HTTP 400 {"error": "Unsupported service: swf"}"#
        );
        assert_eq!(
            answer_line(
                Some(400),
                r#"{"__type": "a#UnknownResourceFault", "message": "Unknown domain: d"}"#
            ),
            "HTTP 400 UnknownResourceFault: Unknown domain: d"
        );
        assert_eq!(answer_line(None, ""), "no answer");
        assert_eq!(shorten("a\n  b", 10), "a b");
        assert_eq!(shorten("abcdef", 3), "abc…");
    }
}
