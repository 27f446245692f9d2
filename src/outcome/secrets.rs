//! Secrets never leave the process: signature headers and credential values
//! are replaced before anything is reported, snapshotted or logged.

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

/// Every string of `value` (object keys included) with every secret value replaced.
pub fn json(value: &mut serde_json::Value, secrets: &[String]) {
    match value {
        serde_json::Value::String(s) => *s = text(s, secrets),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| json(v, secrets)),
        serde_json::Value::Object(map) => {
            let redacted: serde_json::Map<String, serde_json::Value> = std::mem::take(map)
                .into_iter()
                .map(|(k, mut v)| {
                    json(&mut v, secrets);
                    (text(&k, secrets), v)
                })
                .collect();
            *map = redacted;
        }
        _ => {}
    }
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
