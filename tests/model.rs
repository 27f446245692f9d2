//! The derived model: complete, and faithful to the seed's table.

use swfcheck::model::{ShapeKind, swf};

#[test]
fn thirty_nine_operations_from_botocore() {
    let m = swf();
    assert_eq!(m.operations.len(), 39);
    assert_eq!(m.api_version, "2012-01-25");
    assert_eq!(m.target_prefix, "SimpleWorkflowService");
    assert_eq!(m.json_version, "1.0");
    assert_eq!(m.signing_name, "swf");
    assert_eq!(m.source.package, "botocore");
    for op in &m.operations {
        assert_eq!(op.input.kind, ShapeKind::Structure, "{}", op.name);
        for e in &op.errors {
            assert!(
                m.faults.contains(e),
                "{} declares unknown fault {e}",
                op.name
            );
        }
    }
}

/// One row of the seed's parameter table: name, type, required, min length, max length.
type Row<'a> = (&'a str, ShapeKind, bool, Option<i64>, Option<i64>);

/// The seed's "Request Parameters" and "Errors" sections, as a table.
#[test]
fn request_cancel_workflow_execution_matches_the_seed_exactly() {
    let op = swf().operation("RequestCancelWorkflowExecution").unwrap();
    let table: Vec<Row> = op
        .input
        .members
        .iter()
        .map(|m| {
            (
                m.name.as_str(),
                m.shape.kind,
                m.required,
                m.shape.min,
                m.shape.max,
            )
        })
        .collect();
    assert_eq!(
        table,
        vec![
            ("domain", ShapeKind::String, true, Some(1), Some(256)),
            ("workflowId", ShapeKind::String, true, Some(1), Some(256)),
            ("runId", ShapeKind::String, false, None, Some(64)),
        ]
    );
    assert!(
        op.input
            .members
            .iter()
            .all(|m| m.shape.enum_values.is_none())
    );
    // "If the action is successful, the service sends back an HTTP 200 response with an empty HTTP body."
    assert!(op.output.is_none());
    assert_eq!(
        op.errors,
        vec!["OperationNotPermittedFault", "UnknownResourceFault"]
    );
}

/// The validator does not implement `pattern`; this proves there is none to implement.
#[test]
fn the_model_states_no_patterns_or_maps() {
    for op in &swf().operations {
        let shapes = op
            .input
            .walk()
            .into_iter()
            .chain(op.output.iter().flat_map(|o| o.walk()));
        for shape in shapes {
            assert!(
                shape.pattern.is_none(),
                "{}: {} has a pattern",
                op.name,
                shape.name
            );
            assert_ne!(
                shape.kind,
                ShapeKind::Map,
                "{}: {} is a map",
                op.name,
                shape.name
            );
        }
    }
}

#[test]
fn start_workflow_execution_tag_list_is_bounded_to_five() {
    let op = swf().operation("StartWorkflowExecution").unwrap();
    let tags = op.input.member("tagList").unwrap();
    assert_eq!(tags.shape.kind, ShapeKind::List);
    assert_eq!(tags.shape.max, Some(5));
    assert_eq!(tags.shape.member.as_ref().map(|m| m.max), Some(Some(256)));
}
