//! A plan as a runnable bash script (`swfcheck explain ID --endpoint URL --script | bash`):
//! the run's own setup (its domain and types, registered when absent), the case's setup and
//! steps, its own request, its follow-up and reads, each sent with curl; what the endpoint
//! issues (runIds, task tokens, the ids of a step's answer) is captured from the answers
//! with jq, as the runner binds it ([`super::Issued`]).
//!
//! Every body is written as a jq program: a string that holds a value only known when the
//! script runs (the run's prefix, `${runId}`, `${answer:2:taskToken}`, ...) interpolates it
//! from `$v`, the JSON object of what the script captured so far. Each run of the script
//! draws a prefix of its own, as a run does, so that it can run again on the same endpoint.

use super::{Action, Body, Call, FollowUp, Keep, Plan, PlanContext, Read};
use crate::cases::template::scan;
use crate::check::{CheckGroup, Expectation, Needs, Which};
use crate::outcome::curl::shell_quote;
use serde_json::{Value as Json, json};

/// Marks where a placeholder stood in a string while it is turned into jq (its index).
const OPEN: char = '\u{1}';
/// Ends the mark.
const CLOSE: char = '\u{2}';
/// Marks where the run's prefix stood.
const PREFIX: char = '\u{3}';

/// The script's opening: what it needs, its helpers, the prefix it draws.
const HEAD: &str = r#"set -euo pipefail
shopt -s extglob
: "${AWS_ACCESS_KEY_ID:=swfcheck}" "${AWS_SECRET_ACCESS_KEY:=swfcheck}"
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
v=$(jq -nc --arg p "swfcheck-$(hex 4)" --arg u "$(hex 16)" '{prefix: $p, unknownRunId: $u, answers: {}, runIdOf: {}}')
# body JQ: the JSON a jq program makes from what was captured so far ($v).
body() { jq -nc --argjson v "$v" "$1"; }
# keep JQ: captures from the last answer ($a) and its request ($b) into $v.
keep() { v=$(jq -nc --argjson v "$v" --argjson a "${answer:-null}" --argjson b "$sent" "\$v | $1"); }
# readable PATTERN: an expected-status pattern in words (`@(200|400)`: 200 or 400).
readable() { local e=${1#"@("}; e=${e%")"}; printf '%s' "${e//"|"/ or }"; }
# send LABEL EXPECTED TARGET BODY: sends one signed request (X-Amz-Target TARGET), prints
# its answer, and stops the script unless its status matches EXPECTED (a bash pattern).
send() {
  local label=$1 expected=$2 target=$3 out
  sent=$4
  out=$(curl -sS --aws-sigv4 "aws:amz:$REGION:swf" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: $target" \
    --data-binary "$sent" -w '\n%{http_code}' "$ENDPOINT")
  status=${out##*$'\n'}
  answer=${out%$'\n'*}
  printf '%s: %s -> HTTP %s %s\n' "$label" "${target##*.}" "$status" "$answer"
  # shellcheck disable=SC2254
  case $status in
    $expected) ;;
    *) printf 'swfcheck: %s expected HTTP %s, got %s\n' "$label" "$(readable "$expected")" "$status" >&2; exit 1 ;;
  esac
}
"#;

impl Plan<'_> {
    /// The plan as a bash script against `url`, signed for `region` (see the module).
    pub fn script(&self, ctx: &PlanContext, url: &str, region: &str) -> String {
        let case = self.case;
        let mut out = format!(
            "#!/usr/bin/env bash\n# swfcheck case {} ({}) against {url}, as a run sends it: the run's setup, \
             the case's setup and steps, its request, then its follow-up and reads.\n# Needs curl (7.75 or later) \
             and jq; credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any value for an emulator).\n\
             # Exit 0: every answer had the status the run needs and the request the one its case expects.\n",
            case.id, case.operation
        );
        out.push_str(&format!(
            "ENDPOINT=${{ENDPOINT:-{}}}\nREGION=${{AWS_REGION:-{}}}\n",
            shell_quote(url),
            shell_quote(region)
        ));
        out.push_str(HEAD);
        let registrations = run_setup(self, ctx);
        if !registrations.is_empty() {
            out.push_str(
                "\n# The run's setup: its domains and types, registered unless they exist.\n",
            );
        }
        for (op, body) in registrations {
            out.push_str(&send_line("run setup", "2??|400", op, &body, ctx));
        }
        for step in &self.steps {
            let label = crate::run::journey::label(step);
            out.push_str(&action_lines(&label, &step.action, ctx));
        }
        out.push_str(&self.request_lines(ctx));
        out.push_str(&self.after_lines(ctx));
        out
    }

    /// The case's own request, with its own headers, and what its answer must be.
    fn request_lines(&self, ctx: &PlanContext) -> String {
        let r = &self.request;
        let mut out = String::from("\n# The case's request.\n");
        let body = match &r.body {
            Body::Json(json) => format!("\"$(body {})\"", shell_quote(&jq(json, ctx))),
            Body::Raw(text) => shell_quote(text),
        };
        out.push_str(&format!("sent={body}\nout=$(curl -sS"));
        if r.signed {
            out.push_str(
                " --aws-sigv4 \"aws:amz:$REGION:swf\" --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"",
            );
        }
        let has = |name: &str| r.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
        if !has("Content-Type") {
            // curl would send its own form type.
            out.push_str(" -H 'Content-Type:'");
        }
        for (k, v) in &r.headers {
            out.push_str(&format!(" -H {}", shell_quote(&format!("{k}: {v}"))));
        }
        out.push_str(" --data-binary \"$sent\" -w '\\n%{http_code}' \"$ENDPOINT\")\n");
        out.push_str("status=${out##*$'\\n'}\nanswer=${out%$'\\n'*}\n");
        out.push_str("printf 'request: %s -> HTTP %s %s\\n' \"$sent\" \"$status\" \"$answer\"\n");
        let expected = self.checks.first().map_or("*".to_owned(), |g| expected(g));
        let expected = format!("@({expected})");
        let words = self.checks.first().map(|g| g.expected_text());
        out.push_str(&format!(
            "# The case expects: {}\nexpected={}\n# shellcheck disable=SC2254\ncase $status in\n  $expected) ;;\n  *) printf 'swfcheck: the request expected HTTP %s, got %s\\n' \"$(readable \"$expected\")\" \"$status\" >&2; exit 1 ;;\nesac\n",
            words.unwrap_or_default(),
            shell_quote(&expected)
        ));
        out
    }

    /// The follow-up (a decider's answer, a heartbeat) and the reads, printed.
    fn after_lines(&self, ctx: &PlanContext) -> String {
        let mut out = String::new();
        match &self.follow_up {
            None => {}
            Some(FollowUp::Heartbeat) => {
                out.push_str("\n# The follow-up: the worker records a heartbeat.\n");
                let beat = json!({"taskToken": "${taskToken}"});
                out.push_str(&send_line(
                    "follow-up",
                    "*",
                    "RecordActivityTaskHeartbeat",
                    &beat,
                    ctx,
                ));
            }
            Some(FollowUp::Decide {
                domain,
                task_list,
                decisions,
            }) => {
                out.push_str("\n# The follow-up: a decider answers the next decision task.\n");
                let action = Action::Decide {
                    domain: domain.clone(),
                    task_list: task_list.clone(),
                    decisions: decisions.clone(),
                };
                out.push_str(&action_lines("follow-up", &action, ctx));
            }
        }
        for read in &self.reads {
            out.push_str(&read_line(read));
        }
        out
    }
}

/// The run's own registrations this case needs: the run's domain and types, and the
/// generated cases' domain with them when the case runs there or names it.
fn run_setup(plan: &Plan<'_>, ctx: &PlanContext) -> Vec<(&'static str, Json)> {
    let case = plan.case;
    let mut domains = Vec::new();
    if case.setup != crate::cases::case::Setup::None || case.mentions("${domain}") {
        domains.push(ctx.domain.as_str());
    }
    if case.setup.in_generated_domain() || case.mentions("${otherDomain}") {
        domains.push(ctx.generated_domain.as_str());
    }
    let mut out = Vec::new();
    for d in domains {
        out.push(("RegisterDomain", super::setup::register_domain(d)));
        out.extend(super::setup::register_types(
            d,
            &ctx.workflow,
            &ctx.activity,
        ));
    }
    out
}

/// The lines of one step: its request(s), and what its answer gives the rest.
fn action_lines(label: &str, action: &Action, ctx: &PlanContext) -> String {
    match action {
        Action::Call(call) => call_lines(label, call, ctx),
        Action::Decide {
            domain,
            task_list,
            decisions,
        } => {
            let poll = super::print::poll(domain, task_list, "swfcheck-decider");
            let respond = json!({"taskToken": "${decisionToken}", "decisions": decisions});
            let mut out = send_line(label, "200", "PollForDecisionTask", &poll, ctx);
            out.push_str("keep '.decisionToken = $a.taskToken'\n");
            out.push_str(&send_line(
                label,
                "200",
                "RespondDecisionTaskCompleted",
                &respond,
                ctx,
            ));
            out
        }
        Action::TakeActivity { domain, task_list } => {
            let poll = super::print::poll(domain, task_list, "swfcheck-worker");
            let mut out = send_line(label, "200", "PollForActivityTask", &poll, ctx);
            out.push_str("keep '.taskToken = $a.taskToken'\n");
            out
        }
        Action::TakeDecision { domain, task_list } => {
            let poll = super::print::poll(domain, task_list, "swfcheck-decider");
            let mut out = send_line(label, "200", "PollForDecisionTask", &poll, ctx);
            out.push_str("keep '.taskToken = $a.taskToken'\n");
            out
        }
        Action::Wait(d) => format!("sleep {}\n", d.as_secs_f64()),
    }
}

/// A request step: sent (with its own X-Amz-Target when it has one), then kept as the
/// runner keeps it.
fn call_lines(label: &str, call: &Call, ctx: &PlanContext) -> String {
    let target = call
        .target
        .clone()
        .unwrap_or_else(|| target_of(&call.operation));
    let mut out = send_line(label, &expected(&call.check), &target, &call.body, ctx);
    let execution = "{domain: $b.domain, workflowId: $b.workflowId, runId: $a.runId}";
    match call.keep {
        Keep::Nothing => {}
        Keep::Current => out.push_str(&format!(
            "keep '.runId = $a.runId | .current = {execution}'\n"
        )),
        Keep::Previous => out.push_str(&format!(
            "keep '.previousRunId = $a.runId | .previous = {execution}'\n"
        )),
        Keep::Answer(n) => {
            let mut keep = format!(".answers[\"{n}\"] = $a");
            if call.operation == "StartWorkflowExecution" {
                keep.push_str(" | .runIdOf[$b.workflowId] = $a.runId");
            }
            out.push_str(&format!("keep '{keep}'\n"));
        }
    }
    out
}

/// `send LABEL EXPECTED TARGET "$(body JQ)"`; `target` is an operation's name or a whole
/// X-Amz-Target value.
fn send_line(label: &str, expected: &str, target: &str, body: &Json, ctx: &PlanContext) -> String {
    let target = match target.contains('.') {
        true => target.to_owned(),
        false => target_of(target),
    };
    format!(
        "send {} {} {} \"$(body {})\"\n",
        shell_quote(label),
        shell_quote(&format!("@({expected})")),
        shell_quote(&target),
        shell_quote(&jq(body, ctx))
    )
}

/// The standard X-Amz-Target of `operation`.
fn target_of(operation: &str) -> String {
    format!("{}.{operation}", crate::model::swf().target_prefix)
}

/// A read after the request: the execution's history (its first page) or description.
fn read_line(read: &Read) -> String {
    let which = match read.of {
        Which::Current => "current",
        Which::Previous => "previous",
    };
    let execution = format!("{{workflowId: $v.{which}.workflowId, runId: $v.{which}.runId}}");
    let body = format!("{{domain: $v.{which}.domain, execution: {execution}}}");
    let op = match read.what {
        Needs::History => "GetWorkflowExecutionHistory",
        Needs::Describe => "DescribeWorkflowExecution",
        // The meaning checks' reads around the request are the runner's, never a plan's read
        // (plan::reads makes none): nothing to print.
        Needs::Around => return String::new(),
    };
    format!(
        "send {} '@(*)' {} \"$(body {})\"\n",
        shell_quote(&format!("read ({which} execution)")),
        shell_quote(&target_of(op)),
        shell_quote(&body)
    )
}

/// The statuses a group's answer may have, as a bash pattern (`*` when it states none).
pub fn expected(group: &CheckGroup) -> String {
    let mut patterns = Vec::new();
    for e in group.expectations() {
        match e {
            Expectation::Status(s) => return s.to_string(),
            Expectation::StatusClass(class) => patterns.push(class.replace('x', "?")),
            Expectation::SuccessOrFault(_) => patterns.push("2??|400".into()),
            _ => {}
        }
    }
    match patterns.is_empty() {
        true => "*".into(),
        false => patterns.join("|"),
    }
}

/// `value` as a jq program that makes it, each placeholder interpolated from `$v`.
pub fn jq(value: &Json, ctx: &PlanContext) -> String {
    match value {
        Json::String(s) => jq_string(s, ctx),
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(|i| jq(i, ctx)).collect();
            format!("[{}]", items.join(","))
        }
        Json::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}:{}", Json::String(k.clone()), jq(v, ctx)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        other => other.to_string(),
    }
}

/// A string as a jq string: the run's prefix and each `${...}` the endpoint issues become
/// interpolations (`"\\($v.runId)"`); the rest is the JSON string it was.
fn jq_string(s: &str, ctx: &PlanContext) -> String {
    let mut names = Vec::new();
    let marked = scan(s, &mut |name| {
        names.push(name.to_owned());
        Ok(format!("{OPEN}{}{CLOSE}", names.len() - 1))
    })
    .unwrap_or_else(|_| s.to_owned());
    let marked = marked.replace(&ctx.prefix, &PREFIX.to_string());
    // serde_json writes the marks as \u0001, \u0002 and \u0003.
    let quoted = Json::String(marked)
        .to_string()
        .replace("\\u0003", "\\($v.prefix)");
    let mut out = String::new();
    let mut rest = quoted.as_str();
    while let Some(start) = rest.find("\\u0001") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 6..];
        let Some(end) = after.find("\\u0002") else {
            break;
        };
        let name = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| names.get(i))
            .map_or("".to_owned(), |n| lookup(n, ctx));
        out.push_str(&format!("\\({name})"));
        rest = &after[end + 6..];
    }
    out.push_str(rest);
    out
}

/// The jq expression of one placeholder's value.
fn lookup(name: &str, ctx: &PlanContext) -> String {
    match name {
        "dollar" => "\"$\"".into(),
        "runId" | "previousRunId" | "taskToken" | "decisionToken" | "unknownRunId" => {
            format!("$v.{name}")
        }
        _ => {
            if let Some(id) = name.strip_prefix("runIdOf:") {
                return format!("$v.runIdOf[{}]", jq_string(id, ctx));
            }
            if let Some(rest) = name.strip_prefix("answer:") {
                let (n, path) = rest.split_once(':').unwrap_or((rest, ""));
                let mut expr = format!("$v.answers[{}]", Json::String(n.to_owned()));
                for segment in path.split('.').filter(|s| !s.is_empty()) {
                    match segment.parse::<usize>() {
                        Ok(i) => expr.push_str(&format!("[{i}]")),
                        Err(_) => expr.push_str(&format!("[{}]", Json::String(segment.into()))),
                    }
                }
                return expr;
            }
            // Not a value a plan leaves: the text as written.
            Json::String(format!("${{{name}}}")).to_string()
        }
    }
}
