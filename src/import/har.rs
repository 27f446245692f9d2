//! HAR 1.2 (browser developer tools, mitmproxy, Charles, ...): `log.entries`, each a
//! request (`postData.text`, headers) and a response (`content.text`, possibly base64).
//! Entries that are not SWF requests (no `X-Amz-Target`, not POST, no answer) are skipped
//! by the case writer.

use super::{ImportError, base64_text, malformed, target_of};
use crate::record::RecordedExchange;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    request: Request,
    response: Response,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    method: String,
    #[serde(default)]
    headers: Vec<Header>,
    post_data: Option<PostData>,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct PostData {
    #[serde(default)]
    text: String,
}

#[derive(Deserialize)]
struct Response {
    status: i64,
    content: Content,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

/// The exchanges of a HAR file, in order.
pub fn read(path: &Path, text: &str) -> Result<Vec<RecordedExchange>, ImportError> {
    let har: Har = serde_json::from_str(text).map_err(|e| {
        malformed(
            path,
            e.line(),
            format!("not a HAR 1.2 file (log.entries[].request/response): {e}"),
        )
    })?;
    let mut out = Vec::new();
    for entry in har.log.entries {
        let status = u16::try_from(entry.response.status)
            .ok()
            .filter(|s| *s >= 100);
        let status = status.unwrap_or_default();
        // Other methods carry no SWF request: kept without a target, the writer skips them.
        let post = entry.request.method.eq_ignore_ascii_case("POST");
        let headers = entry.request.headers.iter();
        let target =
            target_of(headers.map(|h| (h.name.as_str(), h.value.as_str()))).filter(|_| post);
        let content = entry.response.content;
        let answer = match (content.text, content.encoding.as_deref()) {
            (Some(t), Some("base64")) => base64_text(&t).unwrap_or_default(),
            (Some(t), _) => t,
            (None, _) => String::new(),
        };
        out.push(RecordedExchange {
            target,
            request: entry.request.post_data.map(|p| p.text).unwrap_or_default(),
            status,
            answer,
        });
    }
    Ok(out)
}
