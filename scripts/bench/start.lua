-- wrk: StartWorkflowExecution with a unique workflowId per request.
local counter = 0
local thread_id = 0
local threads = 0

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function init(args)
  thread_id = tonumber(wrk.thread:get("thread_id")) or 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"domain":"bench","workflowId":"w-%d-%d","workflowType":{"name":"wf","version":"1"},"taskList":{"name":"tl"},'
      .. '"executionStartToCloseTimeout":"600","taskStartToCloseTimeout":"60","childPolicy":"TERMINATE"}',
    thread_id, counter)
  return wrk.format("POST", "/", headers("StartWorkflowExecution"), body)
end

function headers(op)
  return {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "SimpleWorkflowService." .. op,
    -- Emulators route by the credential scope; nobody checks the signature here.
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=0",
  }
end
