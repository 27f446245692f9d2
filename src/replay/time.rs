//! Time in a replay. Where the endpoint offers the admin clock of `swfcheck serve --clock
//! manual` (at the endpoint, or at `--admin-endpoint` when the endpoint is a proxy in front
//! of serve), the replay moves it to each timer's and timeout's deadline; elsewhere it waits
//! in real time, up to a budget (`--max-wait`), and says what it waited for.

use super::events::timestamp;
use super::script::Deadline;
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::time::Duration;

/// Why the clock named by `--admin-endpoint` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ClockError {
    /// No answer, or not the admin interface's.
    #[error(
        "{url}: {reason} (hint: --admin-endpoint names a `swfcheck serve --clock manual`, e.g. http://127.0.0.1:5070)"
    )]
    NoAdmin {
        /// The URL asked.
        url: String,
        /// What came back.
        reason: String,
    },
    /// The admin interface refused to move the clock.
    #[error("{url} did not move the clock: {reason}")]
    Refused {
        /// The URL asked.
        url: String,
        /// Its answer.
        reason: String,
    },
}

/// Where the replay's time comes from.
#[derive(Debug, Clone)]
pub enum ReplayClock {
    /// The manual clock of a `swfcheck serve`, moved through its admin interface.
    Admin {
        /// The admin interface's base URL (`http://127.0.0.1:5070`).
        base: String,
        /// The client.
        http: reqwest::Client,
    },
    /// Real time: deadlines are waited for, up to a total of `budget`.
    Real {
        /// What may still be waited.
        budget: Duration,
    },
}

/// One deadline the replay met.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Waited {
    /// The recorded event it brings.
    pub event: i64,
    /// What the deadline was (`timer "t" (10 s)`).
    pub what: String,
    /// What the replay did: `advanced the clock 10 s`, `waited 1.2 s`, `not waited: ...`.
    pub how: String,
}

/// The time at which `deadline` falls in the written history: the written timestamp of its
/// `from` event (or of the activity's last heartbeat, when later) plus its duration; `None`
/// when the history said NONE or the written event has no timestamp.
pub fn due_at(
    deadline: &Deadline,
    written: &[Json],
    heartbeats: &HashMap<String, f64>,
) -> Option<f64> {
    let seconds = deadline.seconds?;
    let index = usize::try_from(deadline.from).ok()?.checked_sub(1)?;
    let mut start = timestamp(written.get(index)?)?;
    if let Some(last) = deadline
        .heartbeat_of
        .as_ref()
        .and_then(|a| heartbeats.get(a))
    {
        start = start.max(*last);
    }
    Some(start + seconds)
}

/// How far to move a clock standing at `now` to reach `due`: up to the next millisecond
/// (timestamps are in milliseconds), nothing when it is due already.
pub fn step_to(due: f64, now: f64) -> Option<f64> {
    let ms = ((due - now) * 1000.0 - 1e-6).ceil();
    (ms > 0.0).then(|| ms / 1000.0)
}

fn admin_url(base: &str, path: &str) -> String {
    format!("{}/_swfcheck/{path}", base.trim_end_matches('/'))
}

impl ReplayClock {
    /// The admin clock at `admin` (which must answer), else the endpoint's own if it offers
    /// a manual one, else real time with `max_wait`.
    pub async fn detect(
        admin: Option<&str>,
        endpoint: &str,
        max_wait: Duration,
    ) -> Result<Self, ClockError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        let real = ReplayClock::Real { budget: max_wait };
        let Some(base) = admin else {
            return Ok(match probe(&http, endpoint).await {
                Ok(true) => ReplayClock::Admin {
                    base: endpoint.to_owned(),
                    http,
                },
                _ => real,
            });
        };
        match probe(&http, base).await {
            Ok(true) => Ok(ReplayClock::Admin {
                base: base.to_owned(),
                http,
            }),
            Ok(false) => Ok(real),
            Err(reason) => Err(ClockError::NoAdmin {
                url: admin_url(base, "clock"),
                reason,
            }),
        }
    }

    /// Whether the clock is an admin one.
    pub fn is_admin(&self) -> bool {
        matches!(self, ReplayClock::Admin { .. })
    }

    /// The endpoint's time: the admin clock's, or the system's.
    pub async fn now(&self) -> Option<f64> {
        match self {
            ReplayClock::Admin { base, http } => {
                let answer: Json = http
                    .get(admin_url(base, "clock"))
                    .send()
                    .await
                    .ok()?
                    .json()
                    .await
                    .ok()?;
                answer["now"].as_f64()
            }
            ReplayClock::Real { .. } => Some(crate::server::state::clock::system_now()),
        }
    }

    /// Moves an admin clock forward by `seconds`; what falls due fires before it returns.
    pub async fn advance(&self, seconds: f64) -> Result<(), ClockError> {
        let ReplayClock::Admin { base, http } = self else {
            return Ok(());
        };
        let url = admin_url(base, "clock/advance");
        let refused = |reason: String| ClockError::Refused {
            url: url.clone(),
            reason,
        };
        let answer = http
            .post(&url)
            .json(&json!({"seconds": seconds}))
            .send()
            .await
            .map_err(|e| refused(e.to_string()))?;
        if !answer.status().is_success() {
            let status = answer.status();
            let text = answer.text().await.unwrap_or_default();
            return Err(refused(format!("{status}: {text}")));
        }
        Ok(())
    }

    /// Takes `spent` from a real clock's budget; what is left.
    pub fn spend(&mut self, spent: Duration) -> Duration {
        match self {
            ReplayClock::Real { budget } => {
                *budget = budget.saturating_sub(spent);
                *budget
            }
            ReplayClock::Admin { .. } => Duration::MAX,
        }
    }
}

/// Whether `base` serves an admin clock: Ok(true) manual, Ok(false) the system's, Err what
/// came back instead.
async fn probe(http: &reqwest::Client, base: &str) -> Result<bool, String> {
    let url = admin_url(base, "clock");
    let answer = http.get(&url).send().await.map_err(|e| e.to_string())?;
    let status = answer.status();
    let json: Json = answer
        .json()
        .await
        .map_err(|_| format!("answered {status} with a body that is not the admin clock's JSON"))?;
    match json["clock"].as_str() {
        Some("manual") => Ok(true),
        Some("real") => Ok(false),
        _ => Err(format!("answered {status} without a clock: {json}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deadline(from: i64, seconds: Option<f64>, heartbeat_of: Option<&str>) -> Deadline {
        Deadline {
            event_type: "TimerFired".into(),
            what: "timer".into(),
            from,
            heartbeat_of: heartbeat_of.map(str::to_owned),
            seconds,
        }
    }

    #[test]
    fn deadlines_start_at_the_written_event_or_the_last_heartbeat() {
        let written = vec![
            json!({"eventId": 1, "eventTimestamp": 100.5}),
            json!({"eventId": 2, "eventTimestamp": "110.25"}),
        ];
        let none = HashMap::new();
        assert_eq!(
            due_at(&deadline(2, Some(10.0), None), &written, &none),
            Some(120.25)
        );
        assert_eq!(
            due_at(&deadline(2, None, None), &written, &none),
            None,
            "NONE has no deadline"
        );
        assert_eq!(
            due_at(&deadline(3, Some(1.0), None), &written, &none),
            None,
            "not written"
        );
        let beats = HashMap::from([("a".to_owned(), 115.0)]);
        assert_eq!(
            due_at(&deadline(2, Some(10.0), Some("a")), &written, &beats),
            Some(125.0)
        );
        assert_eq!(
            due_at(&deadline(2, Some(10.0), Some("b")), &written, &beats),
            Some(120.25)
        );
    }

    #[test]
    fn steps_reach_the_millisecond_and_never_go_back() {
        assert_eq!(step_to(110.0, 100.0), Some(10.0));
        assert_eq!(step_to(100.0005, 100.0), Some(0.001));
        assert_eq!(step_to(100.0, 100.0), None);
        assert_eq!(step_to(99.0, 100.0), None);
        // Float noise does not add a millisecond.
        assert_eq!(
            step_to(1_700_000_000.123 + 10.0, 1_700_000_000.123),
            Some(10.0)
        );
    }

    #[tokio::test]
    async fn the_embedded_clock_is_found_and_moved() {
        use crate::server::state::clock::{Clock, ManualClock};
        let config = crate::server::ServerConfig {
            clock: Clock::Manual(ManualClock::new(1000.0)),
            ..Default::default()
        };
        let server = crate::server::start("127.0.0.1:0", config).await.unwrap();
        let base = format!("http://{}", server.addr());
        let clock = ReplayClock::detect(None, &base, Duration::from_secs(1))
            .await
            .unwrap();
        assert!(clock.is_admin());
        assert_eq!(clock.now().await, Some(1000.0));
        clock.advance(2.5).await.unwrap();
        assert_eq!(clock.now().await, Some(1002.5));
        server.shutdown().await;
        let real = crate::server::start("127.0.0.1:0", Default::default())
            .await
            .unwrap();
        let base = format!("http://{}", real.addr());
        let clock = ReplayClock::detect(None, &base, Duration::from_secs(1))
            .await
            .unwrap();
        assert!(!clock.is_admin());
        assert!(
            ReplayClock::detect(Some(&base), &base, Duration::from_secs(1))
                .await
                .is_ok()
        );
        real.shutdown().await;
        let gone = ReplayClock::detect(Some(&base), &base, Duration::from_secs(1)).await;
        assert!(matches!(gone, Err(ClockError::NoAdmin { .. })));
    }
}
