-- wrk: DescribeDomain of one registered domain (bench), again and again: a fixed valid request.
wrk.method = "POST"
wrk.body = '{"name":"bench"}'
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "SimpleWorkflowService.DescribeDomain"
-- The embedded endpoint does not check signatures unless started with --require-auth.
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=0"
