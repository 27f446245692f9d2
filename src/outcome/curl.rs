//! A runnable reproduction of a request: a curl command built from the bytes
//! actually sent. curl signs it again (`--aws-sigv4`); credentials come from the
//! environment of whoever runs it and are never written.

use crate::outcome::Evidence;

/// Headers curl computes itself (or that only made sense for the original signature).
const RECOMPUTED: [&str; 6] = [
    "host",
    "content-length",
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Quotes `s` for a POSIX shell.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The curl command that sends the same request.
pub fn command(e: &Evidence) -> String {
    let mut cmd = String::from("curl -sS -i");
    if let Some(region) = &e.signed_region {
        cmd.push_str(&format!(
            " --aws-sigv4 {} --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"",
            shell_quote(&format!("aws:amz:{region}:swf"))
        ));
        if e.session_token {
            cmd.push_str(" -H \"x-amz-security-token: $AWS_SESSION_TOKEN\"");
        }
    }
    for (k, v) in &e.request_headers {
        if !RECOMPUTED.iter().any(|r| k.eq_ignore_ascii_case(r)) {
            cmd.push_str(&format!(" -H {}", shell_quote(&format!("{k}: {v}"))));
        }
    }
    cmd.push_str(&format!(
        " --data-binary {} {}",
        shell_quote(&e.request_body),
        shell_quote(&e.url)
    ));
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_requests_are_resigned_by_curl_with_credentials_from_the_environment() {
        let e = Evidence {
            url: "http://127.0.0.1:5070/".into(),
            signed_region: Some("us-east-1".into()),
            session_token: true,
            request_headers: vec![
                (
                    "X-Amz-Target".into(),
                    "SimpleWorkflowService.RequestCancelWorkflowExecution".into(),
                ),
                ("authorization".into(), "<redacted>".into()),
                ("x-amz-date".into(), "20261125T000000Z".into()),
            ],
            request_body: r#"{"domain":"it's"}"#.into(),
            ..Evidence::default()
        };
        assert_eq!(
            command(&e),
            "curl -sS -i --aws-sigv4 'aws:amz:us-east-1:swf' --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\" \
             -H \"x-amz-security-token: $AWS_SESSION_TOKEN\" \
             -H 'X-Amz-Target: SimpleWorkflowService.RequestCancelWorkflowExecution' \
             --data-binary '{\"domain\":\"it'\\''s\"}' 'http://127.0.0.1:5070/'"
        );
        let unsigned = Evidence {
            signed_region: None,
            ..e
        };
        assert!(!command(&unsigned).contains("aws-sigv4"));
    }
}
