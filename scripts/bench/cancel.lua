-- wrk: RequestCancelWorkflowExecution of one open execution (bench-open), again and again.
function request()
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "SimpleWorkflowService.RequestCancelWorkflowExecution",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"domain":"bench","workflowId":"bench-open"}')
end
