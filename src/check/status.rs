//! Status and fault: the HTTP status, its class, the fault's name and namespace, the
//! fault envelope, and "a 2xx or a declared fault".

use super::{Answer, Tally};
use serde_json::Value as Json;

/// Exact HTTP status.
pub fn status(want: u16, a: &Answer<'_>, t: &mut Tally) {
    let got = a.received.status;
    t.expect(format!("status {want}"), got == want, got.to_string());
}

/// The status's class (`"4xx"`: its first digit).
pub fn status_class(class: &str, a: &Answer<'_>, t: &mut Tally) {
    let got = a.received.status.to_string();
    let ok = got.starts_with(&class[..1]);
    t.expect(format!("status {class}"), ok, got);
}

/// The fault name (after the last `#` of `__type`).
pub fn fault(name: &str, a: &Answer<'_>, t: &mut Tally) {
    let got = a.fault_name();
    t.expect(format!("fault {name}"), got == name, got.to_owned());
}

/// The fault namespace (before `#`).
pub fn namespace(ns: &str, a: &Answer<'_>, t: &mut Tally) {
    let got = a.fault.as_ref().map_or("none", |f| f.1.as_str());
    t.expect(format!("namespace {ns}"), got == ns, got.to_owned());
}

/// A fault envelope: a JSON object with a string `__type` and a string message.
pub fn envelope(a: &Answer<'_>, t: &mut Tally) {
    let body = a.body;
    let well_formed = body.get("__type").is_some_and(Json::is_string)
        && body
            .get("message")
            .or_else(|| body.get("Message"))
            .is_some_and(Json::is_string);
    t.expect_lazily(
        "a fault envelope {\"__type\": string, \"message\": string}".into(),
        well_formed,
        || {
            let b = &a.received.body;
            format!("{:?}", String::from_utf8_lossy(&b[..b.len().min(120)]))
        },
    );
}

/// A 2xx answer, or one of the `faults` the operation declares.
pub fn success_or_fault(faults: &[String], a: &Answer<'_>, t: &mut Tally) {
    let status = a.received.status;
    let name = a.fault_name();
    let ok = (200..300).contains(&status) || faults.iter().any(|f| f == name);
    let what = if faults.is_empty() {
        "a 2xx answer".to_owned()
    } else {
        format!(
            "a 2xx answer or one of the declared faults {}",
            faults.join(", ")
        )
    };
    t.expect(what, ok, format!("status {status} fault {name}"));
}
