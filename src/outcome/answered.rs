//! The answer an exchange got, as facts: the operation its request targeted, the status,
//! the kind of body, the fault and a signature that tells one cause from another (a
//! fault's message with the run-specific values left out; an HTML page's first error
//! line). Groups key on these facts; the terminal prints [`Answered::line`].

use super::evidence::{is_html, shorten};
use super::exchange::{Exchange, TransportError, fault_of};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// The kind of body an answer had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// No answer came (a transport error or a timeout).
    NoAnswer,
    /// Empty (or only whitespace).
    Empty,
    /// A JSON fault envelope (`__type`).
    Fault,
    /// JSON, not a fault.
    Json,
    /// An HTML page.
    Html,
    /// XML that is not HTML.
    Xml,
    /// Anything else that is not JSON.
    NotJson,
}

/// What an exchange's answer was, as the facts groups key on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Answered {
    /// The operation the request targeted (its X-Amz-Target), or the case's when it named
    /// none the model knows.
    pub operation: String,
    /// The HTTP status (none when no answer came).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The kind of body.
    pub body: BodyKind,
    /// The fault's name, for a fault envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// What tells this answer's cause from another's: a fault's message normalised
    /// ([`normalise`]), an HTML page's first error line, the start of another body, the
    /// kind of transport error; empty when the answer says no more than its status.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
    /// The decision types a RespondDecisionTaskCompleted request carried, in order, each
    /// once: what an answer to it is about as much as the operation is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<String>,
}

impl Answered {
    /// The facts of `exchange`'s answer; `operation` is the case's, used when the request
    /// named no operation the model knows.
    pub fn of(exchange: &Exchange, operation: &str) -> Answered {
        let target = exchange
            .sent
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
            .and_then(|(_, v)| v.rsplit('.').next())
            .filter(|op| crate::model::swf().operation(op).is_some());
        let operation = target.unwrap_or(operation).to_owned();
        let decisions = match operation.as_str() {
            "RespondDecisionTaskCompleted" => decision_types(&exchange.sent.body),
            _ => Vec::new(),
        };
        let mut answered = match &exchange.outcome {
            Err(e) => Answered {
                operation,
                status: None,
                body: BodyKind::NoAnswer,
                fault: None,
                signature: transport_kind(e).into(),
                decisions: Vec::new(),
            },
            Ok(r) => Answered::of_body(operation, r.status, &r.body),
        };
        answered.decisions = decisions;
        answered
    }

    /// The facts of an answer with `status` and `body` to a request for `operation`.
    pub fn of_body(operation: String, status: u16, body: &[u8]) -> Answered {
        let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
        let trimmed = text.trim_start();
        let (kind, fault, signature) = if trimmed.is_empty() {
            (BodyKind::Empty, None, String::new())
        } else if let Ok(json) = serde_json::from_str::<Json>(trimmed) {
            match fault_of(&json) {
                Some((name, _, message)) => (BodyKind::Fault, Some(name), normalise(&message)),
                None => (BodyKind::Json, None, String::new()),
            }
        } else if is_html(trimmed) {
            (BodyKind::Html, None, first_error_line(trimmed))
        } else if trimmed.starts_with('<') {
            (BodyKind::Xml, None, normalise(&shorten(trimmed, 80)))
        } else {
            (BodyKind::NotJson, None, normalise(&shorten(trimmed, 80)))
        };
        Answered {
            operation,
            status: Some(status),
            body: kind,
            fault,
            signature,
            decisions: Vec::new(),
        }
    }

    /// Whether the answer is never a documented one (no answer, a 5xx, HTML, not JSON).
    pub fn is_broken(&self) -> bool {
        self.status.is_none_or(|s| s >= 500)
            || matches!(
                self.body,
                BodyKind::Html | BodyKind::Xml | BodyKind::NotJson
            )
    }

    /// What the request was about: its operation, and the decision types of a
    /// RespondDecisionTaskCompleted (`RespondDecisionTaskCompleted StartTimer`).
    pub fn subject(&self) -> String {
        match self.decisions.as_slice() {
            [] => self.operation.clone(),
            d => format!("{} {}", self.operation, d.join("+")),
        }
    }

    /// The answer in words: `HTTP 500 with an HTML body: KeyError: 'input'`,
    /// `HTTP 400 ValidationException: 1 validation error detected: …`.
    pub fn line(&self) -> String {
        let Some(status) = self.status else {
            return format!("no answer ({})", self.signature);
        };
        let what = match (self.body, &self.fault) {
            (BodyKind::Fault, Some(f)) => f.clone(),
            (BodyKind::Empty, _) => "with an empty body".into(),
            (BodyKind::Json, _) => "with a JSON body".into(),
            (BodyKind::Html, _) => "with an HTML body".into(),
            (BodyKind::Xml, _) => "with an XML body".into(),
            _ => "with a body that is not JSON".into(),
        };
        match self.signature.as_str() {
            "" => format!("HTTP {status} {what}"),
            s => format!("HTTP {status} {what}: {s}"),
        }
    }
}

/// The decision types of a RespondDecisionTaskCompleted body, in order, each once.
fn decision_types(body: &[u8]) -> Vec<String> {
    let json: Json = serde_json::from_slice(body).unwrap_or(Json::Null);
    let mut out: Vec<String> = Vec::new();
    for d in json["decisions"].as_array().into_iter().flatten() {
        if let Some(t) = d["decisionType"].as_str() {
            if !out.iter().any(|o| o == t) {
                out.push(t.to_owned());
            }
        }
    }
    out
}

/// A transport error's kind, without the values that vary (ports, addresses).
fn transport_kind(e: &TransportError) -> &'static str {
    match e {
        TransportError::Timeout(_) => "timeout",
        TransportError::Connect(_) => "cannot connect",
        TransportError::Other(_) => "transport error",
        TransportError::Signing(_) => "cannot sign",
    }
}

/// The line of an HTML page that names its error (`KeyError: 'input'`,
/// `NotImplementedError: ...`), normalised, at most 80 characters; empty when the page
/// names none (a generic "500 Internal Server Error" page says no more than its status).
pub fn first_error_line(html: &str) -> String {
    let lines = text_lines(html);
    let named = lines.iter().rev().find(|l| {
        let head = l.split([':', ' ', '(']).next().unwrap_or("");
        (head.ends_with("Error") || head.ends_with("Exception")) && head.len() > 5
    });
    named.map_or_else(String::new, |line| normalised(line, true))
}

/// What a person reads first of an HTML page: the line that names its error, else its
/// first line of text (a generic page's title, "500 Internal Server Error").
pub fn page_cause(html: &str) -> String {
    let named = first_error_line(html);
    if !named.is_empty() {
        return named;
    }
    text_lines(html)
        .first()
        .map_or_else(String::new, |line| shorten(line, 80))
}

/// The text of an HTML page, a line per line of text, tags and entities out.
fn text_lines(html: &str) -> Vec<String> {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push('\n');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A message with what varies from case to case left out: quoted values, the run's names,
/// ids and numbers, at most 80 characters.
pub fn normalise(message: &str) -> String {
    normalised(message, false)
}

/// [`normalise`]; with `keep_quoted`, quoted values stay (in an error line they name the
/// cause: `KeyError: 'input'`), and only the run's names, ids and numbers go.
fn normalised(message: &str, keep_quoted: bool) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let varies = word.starts_with("swfcheck-")
            || word.chars().any(|c| c.is_ascii_digit()) && word.len() > 3
            || word.len() >= 24 && !word.chars().all(|c| c.is_ascii_alphabetic());
        out.push_str(if varies { "…" } else { word });
        word.clear();
    };
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push('…');
                out.push(c);
            }
            Some(_) => {}
            None if !keep_quoted && (c == '\'' || c == '"') => {
                flush(&mut word, &mut out);
                quote = Some(c);
                out.push(c);
            }
            None if c.is_whitespace() || ",;=[]()".contains(c) => {
                flush(&mut word, &mut out);
                out.push(c);
            }
            None => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    shorten(&out, 80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_normalised_and_pages_named_by_their_error_line() {
        assert_eq!(
            normalise("1 validation error detected: Value 'abc' at 'decisions.1.member.x' failed"),
            "1 validation error detected: Value '…' at '…' failed"
        );
        assert_eq!(
            normalise("Unknown execution, workflowId = swfcheck-0a1b2c3d-17"),
            "Unknown execution, workflowId = …"
        );
        let werkzeug = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error.</p>";
        assert_eq!(
            first_error_line(werkzeug),
            "",
            "a generic page names no error"
        );
        let traceback = "<html><body><pre>Traceback (most recent call last):\n  File \"x.py\", line 3\nKeyError: &#x27;input&#x27;</pre></body></html>";
        assert_eq!(first_error_line(traceback), "KeyError: 'input'");
        assert_eq!(page_cause(traceback), "KeyError: 'input'");
        let generic = "<!doctype html><html><head><title>500 Internal Server Error</title></head>";
        assert_eq!(first_error_line(generic), "");
        assert_eq!(page_cause(generic), "500 Internal Server Error");
        let a = Answered::of_body("SignalWorkflowExecution".into(), 500, traceback.as_bytes());
        assert_eq!(a.body, BodyKind::Html);
        assert!(a.is_broken());
        assert_eq!(a.line(), "HTTP 500 with an HTML body: KeyError: 'input'");
        let fault = br#"{"__type": "a#UnknownResourceFault", "message": "Unknown domain: swfcheck-00000000-x"}"#;
        let a = Answered::of_body("X".into(), 400, fault);
        assert_eq!(a.fault.as_deref(), Some("UnknownResourceFault"));
        assert_eq!(a.line(), "HTTP 400 UnknownResourceFault: Unknown domain: …");
        assert!(!a.is_broken());
    }
}
