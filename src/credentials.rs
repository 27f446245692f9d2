//! Credentials and region from the standard AWS environment variables: the client signs with
//! them, and every report, snapshot and recording redacts their values.

use std::fmt;

/// AWS credentials. `Debug` never shows the secret or the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token, if any.
    pub session_token: Option<String>,
    /// Whether these are the built-in dummies (no environment variables were set).
    pub dummy: bool,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &"<redacted>")
            .field("dummy", &self.dummy)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Dummy credentials for emulators that do not check signatures.
    pub fn dummy() -> Self {
        Credentials {
            access_key_id: "SWFCHECKDUMMYKEY".into(),
            secret_access_key: "swfcheck-dummy-secret".into(),
            session_token: None,
            dummy: true,
        }
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, when both keys are set.
    pub fn from_env() -> Option<Self> {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Some(Credentials {
            access_key_id: get("AWS_ACCESS_KEY_ID")?,
            secret_access_key: get("AWS_SECRET_ACCESS_KEY")?,
            session_token: get("AWS_SESSION_TOKEN"),
            dummy: false,
        })
    }

    /// The values that must never appear in output.
    pub fn secrets(&self) -> Vec<&str> {
        let mut s = vec![self.access_key_id.as_str(), self.secret_access_key.as_str()];
        s.extend(self.session_token.as_deref());
        s
    }

    pub(crate) fn identity(&self) -> aws_smithy_runtime_api::client::identity::Identity {
        aws_credential_types::Credentials::new(
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.clone(),
            None,
            "swfcheck",
        )
        .into()
    }
}

/// `AWS_REGION`, then `AWS_DEFAULT_REGION`.
pub fn region_from_env() -> Option<String> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
}
