//! The HTTP client: builds AWS JSON 1.0 requests, signs them with SigV4, and
//! records exactly what was sent and received (bodies capped in memory).

use crate::credentials::Credentials;
use crate::outcome::exchange::{Exchange, Outgoing, Received, Sent, TransportError};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::time::{Duration, Instant, SystemTime};

/// Responses are kept up to this many bytes; the rest is counted, not stored.
pub const BODY_CAP: usize = 1024 * 1024;

/// Sends requests to one endpoint.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    url: reqwest::Url,
    region: String,
    signing_name: String,
    credentials: Credentials,
    timeout: Duration,
}

/// How long a long poll may wait for its answer: the documented 60 s, and a margin.
pub const LONG_POLL: Duration = Duration::from_secs(70);

/// Whether a request with these headers is a long poll (PollForDecisionTask,
/// PollForActivityTask): the endpoint may hold it up to 60 s.
pub fn is_long_poll(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("x-amz-target")
            && crate::generate::from_model::LONG_POLLS
                .iter()
                .any(|op| v.rsplit('.').next() == Some(op))
    })
}

impl Client {
    /// A client for `url`, signing as `signing_name` in `region`.
    pub fn new(
        url: reqwest::Url,
        region: String,
        signing_name: String,
        credentials: Credentials,
        timeout: Duration,
    ) -> Result<Self, TransportError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .build()
            .map_err(|e| TransportError::Other(e.to_string()))?;
        Ok(Client {
            http,
            url,
            region,
            signing_name,
            credentials,
            timeout,
        })
    }

    /// The endpoint URL.
    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    /// The signing region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn signed_headers(&self, out: &Outgoing) -> Result<Vec<(String, String)>, TransportError> {
        let mut headers = out.headers.clone();
        let host = host_header(&self.url);
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            headers.push(("Host".into(), host));
        }
        if !out.signed {
            return Ok(headers);
        }
        let identity = self.credentials.identity();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.signing_name)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| TransportError::Signing(e.to_string()))?
            .into();
        let signable = SignableRequest::new(
            "POST",
            self.url.as_str(),
            headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            SignableBody::Bytes(&out.body),
        )
        .map_err(|e| TransportError::Signing(e.to_string()))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|e| TransportError::Signing(e.to_string()))?
            .into_parts();
        let (added, _) = instructions.into_parts();
        for h in added {
            headers.push((h.name().to_owned(), h.value().to_owned()));
        }
        Ok(headers)
    }

    /// Sends one request and records the exchange; never panics, never hangs past the timeout.
    pub async fn send(&self, out: &Outgoing) -> Exchange {
        let headers = match self.signed_headers(out) {
            Ok(h) => h,
            Err(e) => {
                let sent = Sent {
                    url: self.url.to_string(),
                    headers: out.headers.clone(),
                    body: out.body.clone(),
                    at: SystemTime::now(),
                };
                return Exchange {
                    sent,
                    outcome: Err(e),
                };
            }
        };
        let sent = Sent {
            url: self.url.to_string(),
            headers,
            body: out.body.clone(),
            at: SystemTime::now(),
        };
        let outcome = self.transmit(&sent).await;
        Exchange { sent, outcome }
    }

    /// The time a request may take: the per-request timeout, and for a long poll at least
    /// [`LONG_POLL`]. PollForDecisionTask's documentation: "If no decision task is
    /// available in the specified task list before the timeout of 60 seconds expires, an
    /// empty result is returned" (PollForActivityTask's likewise).
    pub fn limit_for(&self, headers: &[(String, String)]) -> Duration {
        if is_long_poll(headers) {
            self.timeout.max(LONG_POLL)
        } else {
            self.timeout
        }
    }

    async fn transmit(&self, sent: &Sent) -> Result<Received, TransportError> {
        let start = Instant::now();
        let limit = self.limit_for(&sent.headers);
        let mut req = self
            .http
            .post(self.url.clone())
            .timeout(limit)
            .body(sent.body.clone());
        for (k, v) in &sent.headers {
            if !k.eq_ignore_ascii_case("host") {
                req = req.header(k.as_str(), v.as_str());
            }
        }
        let work = async {
            let mut resp = req.send().await.map_err(|e| self.classify(e, limit))?;
            let status = resp.status().as_u16();
            let headers = resp
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let mut body = Vec::new();
            let mut total = 0usize;
            while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(e, limit))? {
                total += chunk.len();
                let room = BODY_CAP.saturating_sub(body.len());
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(Received {
                status,
                headers,
                body,
                truncated_from: (total > BODY_CAP).then_some(total),
                elapsed: start.elapsed(),
            })
        };
        // reqwest's timeout covers the whole exchange; this bound also covers a
        // body that drips forever.
        match tokio::time::timeout(limit + Duration::from_millis(250), work).await {
            Ok(r) => r,
            Err(_) => Err(TransportError::Timeout(limit)),
        }
    }

    fn classify(&self, e: reqwest::Error, limit: Duration) -> TransportError {
        if e.is_timeout() {
            TransportError::Timeout(limit)
        } else if e.is_connect() {
            TransportError::Connect(error_chain(&e))
        } else {
            TransportError::Other(error_chain(&e))
        }
    }
}

/// An error and its causes on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

fn host_header(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or("localhost");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_poll_may_wait_the_documented_sixty_seconds() {
        let url = "http://127.0.0.1:1/".parse().unwrap();
        let client = Client::new(
            url,
            "us-east-1".into(),
            "swf".into(),
            Credentials::dummy(),
            Duration::from_secs(10),
        )
        .unwrap();
        let target =
            |op: &str| Outgoing::operation("SimpleWorkflowService", op, Vec::new()).headers;
        assert_eq!(client.limit_for(&target("PollForDecisionTask")), LONG_POLL);
        assert_eq!(client.limit_for(&target("PollForActivityTask")), LONG_POLL);
        assert_eq!(
            client.limit_for(&target("ListDomains")),
            Duration::from_secs(10)
        );
        assert!(LONG_POLL > Duration::from_secs(60));
    }
}
