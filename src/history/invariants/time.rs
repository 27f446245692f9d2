//! Timestamps never go backwards. They are optional: epoch seconds as the service sends
//! them (a JSON number), or ISO 8601 text as the AWS CLI prints them; any other value
//! (a redacted `[timestamp]`) is skipped.

use super::event::{Event, History};
use super::{Invariant, Violation};
use serde_json::{Value as Json, json};

/// Each readable timestamp is at least the last readable one before it.
pub fn order(h: &History<'_>, out: &mut Vec<Violation>) {
    let mut last: Option<(f64, &Event<'_>)> = None;
    for e in &h.events {
        let Some(raw) = e.raw.get("eventTimestamp") else {
            continue;
        };
        let Some(t) = seconds(raw) else { continue };
        if let Some((before, prev)) = last {
            if t < before {
                let expected = json!({"notBefore": prev.raw.get("eventTimestamp")});
                out.push(
                    Violation::at(Invariant::TimestampOrder, e, expected, raw.clone())
                        .and(prev)
                        .member("eventTimestamp".into()),
                );
            }
        }
        if last.is_none_or(|(before, _)| t >= before) {
            last = Some((t, e));
        }
    }
}

/// Epoch seconds of a timestamp: a number, or ISO 8601 text.
pub fn seconds(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => iso8601(s),
        _ => None,
    }
}

/// `2017-04-17T17:45:59.848000+02:00`, `...Z`, or without a zone (UTC); `T` or a space.
fn iso8601(s: &str) -> Option<f64> {
    let (date, rest) = s.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', ' '])?;
    let mut d = date.split('-');
    let (y, m, day) = (d.next()?, d.next()?, d.next()?);
    let (y, m, day): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, day.parse().ok()?);
    let zone_at = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let mut c = clock.split(':');
    let (hh, mm, ss) = (c.next()?, c.next()?, c.next()?);
    let (hh, mm, ss): (f64, f64, f64) = (hh.parse().ok()?, mm.parse().ok()?, ss.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || c.next().is_some() {
        return None;
    }
    let days = days_from_civil(y, m, day) as f64;
    Some(days * 86_400.0 + hh * 3_600.0 + mm * 60.0 + ss - offset(zone)?)
}

/// The zone's offset from UTC in seconds: `Z`, ``, `+02:00`, `-0530`.
fn offset(zone: &str) -> Option<f64> {
    if zone.is_empty() || zone == "Z" {
        return Some(0.0);
    }
    let (sign, hm) = zone.split_at_checked(1)?;
    let sign = if sign == "-" { -1.0 } else { 1.0 };
    let digits: String = hm.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: f64 = digits[..2].parse().ok()?;
    let m: f64 = digits[2..].parse().ok()?;
    Some(sign * (h * 3_600.0 + m * 60.0))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_iso_text_give_the_same_seconds() {
        assert_eq!(seconds(&json!(1.497371587073E9)), Some(1_497_371_587.073));
        let want = 1_492_443_961.284;
        for text in [
            "2017-04-17T15:46:01.284Z",
            "2017-04-17T15:46:01.284",
            "2017-04-17 17:46:01.284000+02:00",
            "2017-04-17T10:16:01.284-0530",
        ] {
            let got = seconds(&json!(text)).unwrap();
            assert!((got - want).abs() < 1e-6, "{text}: {got}");
        }
        assert_eq!(seconds(&json!("1970-01-01T00:00:00Z")), Some(0.0));
    }

    #[test]
    fn other_values_are_unreadable() {
        for v in [
            json!("[timestamp]"),
            json!("2017-13-01T00:00:00Z"),
            json!("2017-04-17T15:46"),
            json!("2017-04-17T15:46:01+2"),
            json!(null),
            json!(true),
        ] {
            assert_eq!(seconds(&v), None, "{v}");
        }
    }
}
