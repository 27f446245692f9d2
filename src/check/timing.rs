//! When the answer came: a long poll's documented wait, and a task that arrives during
//! a poll going to the waiting poller at once.

use super::{Answer, Tally};

/// The answer took at least `seconds` (PollForDecisionTask: "If no decision task is
/// available in the specified task list before the timeout of 60 seconds expires, an
/// empty result is returned").
pub fn after(seconds: u32, a: &Answer<'_>, t: &mut Tally) {
    let took = a.received.elapsed.as_secs_f64();
    t.expect(
        format!("an answer after at least {seconds} s"),
        took >= f64::from(seconds),
        format!("an answer after {took:.1} s"),
    );
}

/// The answer took at most `seconds` (a task that arrives while a poll waits goes to
/// that poll, not after the poll's timeout).
pub fn within(seconds: u32, a: &Answer<'_>, t: &mut Tally) {
    let took = a.received.elapsed.as_secs_f64();
    t.expect(
        format!("an answer within {seconds} s"),
        took <= f64::from(seconds),
        format!("an answer after {took:.1} s"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::After;
    use std::time::Duration;

    fn held(f: fn(u32, &Answer<'_>, &mut Tally), seconds: u32, took: u64) -> bool {
        let received = crate::check::fixtures::received(Duration::from_secs(took));
        let after = After::default();
        let a = Answer {
            operation: "PollForDecisionTask",
            received: &received,
            body: &serde_json::json!({}),
            fault: None,
            after: &after,
        };
        let mut t = Tally::default();
        f(seconds, &a, &mut t);
        t.failures.is_empty()
    }

    #[test]
    fn a_quick_answer_fails_the_wait_and_a_late_one_fails_the_deadline() {
        assert!(held(after, 55, 60));
        assert!(!held(after, 55, 2));
        assert!(held(within, 30, 3));
        assert!(!held(within, 30, 45));
    }
}
