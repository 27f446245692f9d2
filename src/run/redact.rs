//! Secrets never leave the process: signature headers and credential values
//! are replaced before anything is reported, snapshotted or logged.

use super::client::Exchange;
use crate::check::Evidence;

/// What replaces a secret.
pub const REDACTED: &str = "<redacted>";

/// Headers whose values are always redacted.
pub const SECRET_HEADERS: [&str; 3] = [
    "authorization",
    "x-amz-security-token",
    "x-amzn-authorization",
];

/// `text` with every secret value replaced.
pub fn text(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), REDACTED);
        }
    }
    out
}

/// Headers with secret values redacted.
pub fn headers(headers: &[(String, String)], secrets: &[String]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let v = if SECRET_HEADERS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                REDACTED.to_owned()
            } else {
                text(v, secrets)
            };
            (k.clone(), v)
        })
        .collect()
}

/// The exchange as evidence for reports, redacted; `region` is the signing region.
pub fn evidence(ex: &Exchange, region: &str, secrets: &[String]) -> Evidence {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_signature_headers_are_replaced() {
        let secrets = vec!["AKIAFAKE1234".to_owned(), "s3cr3t-value".to_owned()];
        let h = vec![
            (
                "Authorization".to_owned(),
                "AWS4-HMAC-SHA256 Credential=AKIAFAKE1234/...".to_owned(),
            ),
            ("X-Amz-Security-Token".to_owned(), "tok".to_owned()),
            ("X-Other".to_owned(), "has s3cr3t-value inside".to_owned()),
        ];
        let out = headers(&h, &secrets);
        assert_eq!(out[0].1, REDACTED);
        assert_eq!(out[1].1, REDACTED);
        assert_eq!(out[2].1, "has <redacted> inside");
    }
}
