//! The endpoint under test: a URL given by the user, or the embedded
//! reference endpoint started on a free loopback port; with its credentials.

use super::RunConfig;
use super::client::Client;
use super::swf::{CallError, Swf};
use crate::credentials::{Credentials, region_from_env};
use crate::outcome::TransportError;
use serde_json::json;
use tokio::sync::Mutex;

/// Why a run could not happen (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The endpoint URL does not parse or is not http(s).
    #[error("bad endpoint {url:?}: {reason} (hint: give a URL like http://127.0.0.1:4566)")]
    BadEndpoint {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
    /// A real AWS endpoint without `--allow-aws`.
    #[error(
        "{host} is a real AWS endpoint: refusing without --allow-aws (the run creates a domain and executions there)"
    )]
    AwsRefused {
        /// The host.
        host: String,
    },
    /// A real AWS endpoint and no credentials in the environment.
    #[error(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN if temporary) to run against {host}"
    )]
    MissingCredentials {
        /// The host.
        host: String,
    },
    /// No HTTP answer from the endpoint at all.
    #[error("endpoint {url} is unreachable: {reason}")]
    Unreachable {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The embedded reference endpoint could not start.
    #[error("cannot start the embedded reference endpoint: {0}")]
    EmbeddedServer(String),
    /// The run's own setup (its domain, its types) did not get the answers it needs: no
    /// case can run, so none is judged.
    #[error(
        "the run could not happen: its own setup failed: {why}\n  answer: {answer}\n  reproduce: {reproduce}\n  (hint: is {url} an SWF endpoint? every case needs the run's domain and types)"
    )]
    SetupFailed {
        /// The endpoint.
        url: String,
        /// The call that failed and how.
        why: String,
        /// The answer, on one line.
        answer: String,
        /// A curl line that sends the same request.
        reproduce: String,
    },
    /// The run's own setup failed where no report follows (`swfcheck prop`, `state`).
    #[error("the run's setup failed: {0} (hint: is the endpoint an SWF endpoint?)")]
    Prepare(#[source] super::swf::CallError),
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] TransportError),
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// A case's task ended abnormally (a defect in swfcheck).
    #[error("a case's task failed (a defect in swfcheck: please report it): {0}")]
    CaseTask(#[source] tokio::task::JoinError),
}

/// The resolved endpoint.
pub struct Endpoint {
    /// Its URL.
    pub url: reqwest::Url,
    /// The credentials requests are signed with.
    pub credentials: Credentials,
    /// The signing region.
    pub region: String,
    server: Mutex<Option<crate::server::RunningServer>>,
}

/// Whether `host` is a real AWS endpoint.
pub fn is_aws_host(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    ["amazonaws.com", "amazonaws.com.cn", "api.aws"]
        .iter()
        .any(|d| h == *d || h.ends_with(&format!(".{d}")))
}

fn region_of_host(host: &str) -> Option<String> {
    let mut parts = host.split('.');
    match (parts.next(), parts.next()) {
        (Some("swf"), Some(region)) if !region.is_empty() => Some(region.to_owned()),
        _ => None,
    }
}

impl Endpoint {
    /// Parses and checks the configured endpoint, or starts the embedded one.
    pub async fn resolve(config: &RunConfig) -> Result<Self, RunError> {
        let (url, server) = match &config.endpoint {
            Some(text) => (parse_url(text)?, None),
            None => {
                let server = crate::server::start_local(config.embedded_poll_timeout)
                    .await
                    .map_err(|e| RunError::EmbeddedServer(e.to_string()))?;
                let url = parse_url(&format!("http://{}/", server.addr()))?;
                (url, Some(server))
            }
        };
        let host = url.host_str().unwrap_or_default().to_owned();
        let aws = is_aws_host(&host);
        if aws && !config.allow_aws {
            return Err(RunError::AwsRefused { host });
        }
        let credentials = match Credentials::from_env() {
            Some(c) => c,
            None if aws => return Err(RunError::MissingCredentials { host }),
            None => Credentials::dummy(),
        };
        let region = region_from_env()
            .or_else(|| region_of_host(&host))
            .unwrap_or_else(|| "us-east-1".into());
        Ok(Endpoint {
            url,
            credentials,
            region,
            server: Mutex::new(server),
        })
    }

    /// A client for this endpoint.
    pub fn client(&self, timeout: std::time::Duration) -> Result<Client, RunError> {
        let signing_name = crate::model::swf().signing_name.clone();
        Client::new(
            self.url.clone(),
            self.region.clone(),
            signing_name,
            self.credentials.clone(),
            timeout,
        )
        .map_err(RunError::Client)
    }

    /// Proves a connection can be made. Any HTTP answer will do; an endpoint that
    /// accepts and then misbehaves (hangs, resets, speaks TLS) is left to the cases,
    /// whose verdicts then say so.
    pub async fn preflight(&self, swf: &Swf) -> Result<(), RunError> {
        let probe = json!({"registrationStatus": "REGISTERED", "maximumPageSize": 1});
        match swf.call("ListDomains", probe).await {
            Err(CallError::Transport {
                source: source @ TransportError::Connect(_),
                ..
            }) => Err(RunError::Unreachable {
                url: self.url.to_string(),
                reason: source.to_string(),
            }),
            _ => Ok(()),
        }
    }

    /// Stops the embedded endpoint, if this run started it.
    pub async fn shutdown(&self) {
        if let Some(server) = self.server.lock().await.take() {
            server.shutdown().await;
        }
    }
}

fn parse_url(text: &str) -> Result<reqwest::Url, RunError> {
    let bad = |reason: String| RunError::BadEndpoint {
        url: text.to_owned(),
        reason,
    };
    let url = reqwest::Url::parse(text).map_err(|e| bad(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!(
            "scheme {:?} is not http or https",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host".into()));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_hosts_are_recognised() {
        for h in [
            "swf.us-east-1.amazonaws.com",
            "SWF.eu-west-1.AMAZONAWS.COM.",
            "swf.cn-north-1.amazonaws.com.cn",
        ] {
            assert!(is_aws_host(h), "{h}");
        }
        for h in [
            "127.0.0.1",
            "localhost",
            "amazonaws.com.example.org",
            "notamazonaws.com",
        ] {
            assert!(!is_aws_host(h), "{h}");
        }
        assert_eq!(
            region_of_host("swf.eu-west-1.amazonaws.com").as_deref(),
            Some("eu-west-1")
        );
    }

    #[test]
    fn urls_are_checked() {
        assert!(parse_url("http://127.0.0.1:1/").is_ok());
        for bad in ["127.0.0.1:80", "ftp://x/", "http://", "not a url"] {
            assert!(
                matches!(parse_url(bad), Err(RunError::BadEndpoint { .. })),
                "{bad}"
            );
        }
    }
}
