# Generates static/openapi.json: python3 tools/openapi.py > static/openapi.json
# The document is the API contract; a test checks it against the route table.
import json
def ref(n): return {"$ref": f"#/components/schemas/{n}"}
def err(desc): return {"description": desc, "content": {"application/json": {"schema": ref("Error")}}}
def ok(desc, schema, code="200"): return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}
E401 = {"401": {"$ref": "#/components/responses/Unauthorized"}}
E403 = {"403": {"$ref": "#/components/responses/Forbidden"}}
E404 = {"404": {"$ref": "#/components/responses/NotFound"}}
E422 = {"422": {"$ref": "#/components/responses/Invalid"}}
E400 = {"400": {"$ref": "#/components/responses/BadRequest"}}
E409 = {"409": {"$ref": "#/components/responses/Conflict"}}
E413 = {"413": {"$ref": "#/components/responses/TooLarge"}}
E415 = {"415": {"$ref": "#/components/responses/UnsupportedMediaType"}}
def merge(*ds):
    out = {}
    for d in ds: out.update(d)
    return out
idp = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
cursor = {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}, "description": "next_cursor of the previous page"}
limit = {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}
def listof(n): return {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array", "items": ref(n)}, "next_cursor": {"type": ["string", "null"]}}}
def jsonbody(n): return {"required": True, "content": {"application/json": {"schema": ref(n)}}}
s = lambda: {"type": "string"}
ns = lambda: {"type": ["string", "null"]}
paths = {
 "/api/v1/openapi.json": {"get": {"operationId": "getOpenAPI", "summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
 "/api/v1/jobs": {
   "post": {"operationId": "createJob", "summary": "Create a job", "requestBody": jsonbody("JobInput"), "responses": merge(ok("The job", ref("Job"), "201"), E400, E401, E403, E413, E415, E422)},
   "get": {"operationId": "listJobs", "summary": "List jobs, newest first", "parameters": [cursor, limit], "responses": merge(ok("A page of jobs", listof("Job")), E400, E401)}},
 "/api/v1/jobs/{id}": {"get": {"operationId": "getJob", "summary": "Get a job", "parameters": [idp], "responses": merge(ok("The job", ref("Job")), E401, E404)}},
 "/api/v1/campaigns": {
   "post": {"operationId": "createCampaign", "summary": "Create a campaign (status draft)", "requestBody": jsonbody("CampaignInput"), "responses": merge(ok("The campaign", ref("Campaign"), "201"), E400, E401, E403, E413, E415, E422)},
   "get": {"operationId": "listCampaigns", "summary": "List campaigns, newest first", "parameters": [cursor, limit], "responses": merge(ok("A page of campaigns", listof("Campaign")), E400, E401)}},
 "/api/v1/campaigns/{id}": {
   "get": {"operationId": "getCampaign", "summary": "Get a campaign with questions, targets, calling settings and agent", "parameters": [idp], "responses": merge(ok("The campaign", ref("Campaign")), E401, E404)},
   "patch": {"operationId": "updateCampaign", "summary": "Change a campaign. Present fields replace; questions and targets replace the whole list; calling merges per key.", "parameters": [idp], "requestBody": {"required": True, "content": {"application/json": {"schema": ref("CampaignPatch")}}}, "responses": merge(ok("The campaign", ref("Campaign")), E400, E401, E403, E404, E409, E413, E415, E422)}},
 "/api/v1/campaigns/{id}/candidates": {
   "post": {"operationId": "importCandidates", "summary": "Import candidates from a JSON array or a CSV file (at most 10 MiB and 100,000 rows). All rows are stored in one transaction.", "parameters": [idp],
     "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "array", "items": ref("CandidateRow")}}, "text/csv": {"schema": {"type": "string", "description": "Header row with full_name and phone (and optionally email, timezone, external_id, consent, source) in any order; other columns are kept as attributes. UTF-8, BOM and CRLF accepted."}}}},
     "responses": merge(ok("What was imported, rejected and skipped as a duplicate", ref("ImportResult")), E401, E403, E404, E409, E413, E415, E422)},
   "get": {"operationId": "listCampaignCandidates", "summary": "A campaign's candidates in import order", "parameters": [idp, {"name": "status", "in": "query", "required": False, "schema": {"type": "string", "enum": ["pending", "queued", "calling", "completed"]}}, cursor, limit], "responses": merge(ok("A page of candidates", listof("CampaignCandidate")), E400, E401, E404)}},
 "/api/v1/campaigns/{id}/agent": {
   "post": {"operationId": "createOrUpdateAgent", "summary": "Create the campaign's Retell LLM and agent, or update both after the campaign changed (the version goes up). Unchanged campaigns answer the current agent with changed=false and call Retell not at all.", "parameters": [idp],
     "responses": merge(ok("The agent", ref("Agent")), E401, E403, E404, E409, {"502": {"description": "Retell answered an error (its message is included; 401/402 say the key was rejected or billing stopped); nothing was stored", "content": {"application/json": {"schema": ref("Error")}}}, "503": {"description": "No Retell API key is configured", "content": {"application/json": {"schema": ref("Error")}}}})},
   "get": {"operationId": "getAgent", "summary": "The campaign's agent: ids, version, prompt and analysis fields", "parameters": [idp], "responses": merge(ok("The agent", ref("Agent")), E401, E404)}},
 "/api/v1/campaigns/{id}/calls": {"get": {"operationId": "listCampaignCalls", "summary": "A campaign's calls, newest first", "parameters": [idp, {"name": "status", "in": "query", "required": False, "schema": {"type": "string", "enum": ["dialing", "unknown", "registered", "ongoing", "ended", "analyzed", "not_connected", "failed"]}}, cursor, limit], "responses": merge(ok("A page of calls", listof("Call")), E400, E401, E404)}},
 "/api/v1/campaigns/{id}/batches": {
   "post": {"operationId": "startBatch", "summary": "Start calling: a batch over the given candidates (campaign-candidate ids or candidate ids), or, with no body or no candidate_ids, every candidate that is not done, not being called and not in a running batch. Only the campaign's owner or an admin; the campaign needs its agent. The campaign becomes active and the dialer starts at once.", "parameters": [idp], "requestBody": {"required": False, "content": {"application/json": {"schema": ref("BatchInput")}}}, "responses": merge(ok("The batch", ref("Batch"), "201"), E400, E401, E403, E404, E409, E413, E415, E422)},
   "get": {"operationId": "listBatches", "summary": "A campaign's batches, newest first", "parameters": [idp], "responses": merge(ok("The batches", listof("Batch")), E401, E404)}},
 "/api/v1/batches/{id}": {"get": {"operationId": "getBatch", "summary": "A batch with its progress (the counters are a recount of its calls)", "parameters": [idp], "responses": merge(ok("The batch", ref("Batch")), E401, E404)}},
 "/api/v1/batches/{id}/pause": {"post": {"operationId": "pauseBatch", "summary": "Stop dialing this batch; calls in flight finish", "parameters": [idp], "responses": merge(ok("The batch", ref("Batch")), E401, E403, E404, E409)}},
 "/api/v1/batches/{id}/resume": {"post": {"operationId": "resumeBatch", "summary": "Dial again (also reactivates a campaign that paused itself, with a fresh safety window)", "parameters": [idp], "responses": merge(ok("The batch", ref("Batch")), E401, E403, E404, E409)}},
 "/api/v1/batches/{id}/cancel": {"post": {"operationId": "cancelBatch", "summary": "End the batch; calls in flight finish, queued candidates go back to pending", "parameters": [idp], "responses": merge(ok("The batch", ref("Batch")), E401, E403, E404, E409)}},
 "/api/v1/calls/{id}": {"get": {"operationId": "getCall", "summary": "One call with its analysis", "parameters": [idp], "responses": merge(ok("The call", ref("CallWithAnalysis")), E401, E404)}},
 "/api/v1/events": {"get": {"operationId": "streamEvents", "summary": "Server-Sent Events after each commit: call.updated, campaign_candidate.updated, batch.updated (progress of the call's batch). Starts with retry: 3000; heartbeat comments every 15 s; a slow client loses its oldest events, never slows anyone.", "parameters": [{"name": "campaign_id", "in": "query", "required": False, "schema": {"type": "string", "format": "uuid"}, "description": "only events of this campaign"}], "responses": merge({"200": {"description": "text/event-stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}}}, E400, E401)}},
 "/api/v1/dnc": {
   "get": {"operationId": "listDNC", "summary": "The do-not-call list, newest first", "parameters": [cursor, limit], "responses": merge(ok("A page of entries", listof("DNCEntry")), E400, E401)},
   "post": {"operationId": "addDNC", "summary": "Add a number to the do-not-call list (200 if it was already there)", "requestBody": jsonbody("DNCInput"), "responses": merge(ok("Added", ref("DNCEntry"), "201"), ok("Already on the list", ref("DNCEntry")), E400, E401, E403, E413, E415, E422)}},
 "/api/v1/dnc/{phone}": {"delete": {"operationId": "removeDNC", "summary": "Take a number off the do-not-call list", "parameters": [{"name": "phone", "in": "path", "required": True, "schema": {"type": "string"}, "description": "The number, URL-encoded (+ as %2B); normalised like any input"}], "responses": merge({"204": {"description": "Removed"}}, E401, E403, E404, E422)}},
}
knock = {"type": "object", "additionalProperties": False, "properties": {"equals": {"type": "boolean"}, "min": {"type": "number"}, "max": {"type": "number"}, "in": {"type": "array", "items": s()}}, "description": "boolean: {equals}; number: {min, max}; choice: {in}"}
target_in = {"type": "object", "additionalProperties": False, "required": ["key", "name", "goal_type"], "properties": {"key": {"type": "string", "pattern": "^[a-z][a-z0-9]*(_[a-z0-9]+)*$", "maxLength": 64}, "name": s(), "description": s(), "goal_type": {"type": "string", "enum": ["boolean", "text", "number", "choice"]}, "choices": {"type": "array", "items": s(), "description": "required for choice"}, "knockout": ref("Knockout")}}
calling = {"type": "object", "additionalProperties": False, "properties": {"timezone": {"type": "string", "description": "IANA zone"}, "window_start": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}, "window_end": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}, "days": {"type": "array", "items": {"type": "string", "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}}, "max_attempts": {"type": "integer", "minimum": 1, "maximum": 10}, "retry_after_minutes": {"type": "integer", "minimum": 1, "maximum": 10080}, "concurrency": {"type": ["integer", "null"], "minimum": 1}}}
camp_props = {"name": s(), "job_id": {"type": "string", "format": "uuid"}, "from_number": {"type": "string", "description": "E.164, or national in the default country"}, "questions": {"type": "array", "items": s(), "maxItems": 50}, "targets": {"type": "array", "items": ref("TargetInput"), "maxItems": 50}, "calling": ref("CallingSettings")}
schemas = {
 "BatchInput": {"type": "object", "additionalProperties": False, "properties": {"candidate_ids": {"type": "array", "items": s(), "minItems": 1}}},
 "Batch": {"type": "object", "required": ["id", "campaign_id", "status", "status_reason", "total_candidates", "completed_calls", "failed_calls", "created_by", "created_at", "started_at", "completed_at", "updated_at"], "properties": {"id": s(), "campaign_id": s(), "status": {"type": "string", "enum": ["preparing", "in_progress", "paused", "completed", "cancelled"]}, "status_reason": ns(), "total_candidates": {"type": "integer"}, "completed_calls": {"type": "integer", "description": "calls ended or analyzed"}, "failed_calls": {"type": "integer", "description": "calls not connected or failed"}, "created_by": s(), "created_at": {"type": "string", "format": "date-time"}, "started_at": {"type": ["string", "null"], "format": "date-time"}, "completed_at": {"type": ["string", "null"], "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
 "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message", "field"], "properties": {"code": s(), "message": s(), "field": ns()}}}},
 "JobInput": {"type": "object", "additionalProperties": False, "required": ["company", "title"], "properties": {k: s() for k in ["company", "title", "location", "salary_range", "employment_type", "description"]}},
 "Job": {"type": "object", "required": ["id", "company", "title", "location", "salary_range", "employment_type", "description", "created_at", "updated_at"], "properties": merge({"id": {"type": "string", "format": "uuid"}}, {k: s() for k in ["company", "title", "location", "salary_range", "employment_type", "description"]}, {"created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}})},
 "Knockout": knock,
 "TargetInput": target_in,
 "Target": {"type": "object", "required": ["key", "name", "description", "goal_type", "choices", "knockout"], "properties": {"key": s(), "name": s(), "description": s(), "goal_type": {"type": "string", "enum": ["boolean", "text", "number", "choice"]}, "choices": {"type": ["array", "null"], "items": s()}, "knockout": {"oneOf": [ref("Knockout"), {"type": "null"}]}}},
 "CallingSettings": calling,
 "CampaignInput": {"type": "object", "additionalProperties": False, "required": ["name", "job_id"], "properties": camp_props},
 "CampaignPatch": {"type": "object", "additionalProperties": False, "properties": camp_props},
 "Campaign": {"type": "object", "required": ["id", "name", "job_id", "status", "status_reason", "from_number", "owner_user_id", "owner_token_id", "questions", "targets", "calling", "agent", "created_at", "updated_at"], "properties": {"id": {"type": "string", "format": "uuid"}, "name": s(), "job_id": s(), "status": {"type": "string", "enum": ["draft", "active", "paused", "completed", "archived"]}, "status_reason": ns(), "from_number": s(), "owner_user_id": ns(), "owner_token_id": ns(), "questions": {"type": "array", "items": s()}, "targets": {"type": "array", "items": ref("Target")}, "calling": ref("CallingSettings"), "agent": {"oneOf": [ref("AgentSummary"), {"type": "null"}], "description": "null until the agent is created"}, "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
 "CandidateRow": {"type": "object", "required": ["full_name", "phone"], "additionalProperties": {"type": ["string", "number", "boolean", "null"]}, "description": "Keys other than these are kept as attributes.", "properties": {"full_name": s(), "phone": {"type": ["string", "number"]}, "email": s(), "timezone": s(), "external_id": s(), "consent": s(), "source": s()}},
 "ImportIssue": {"type": "object", "required": ["row", "field", "reason"], "properties": {"row": {"type": "integer", "description": "1-based; in CSV the header is row 1"}, "field": ns(), "reason": s()}},
 "ImportResult": {"type": "object", "required": ["imported", "duplicates", "rejected", "duplicate_rows"], "properties": {"imported": {"type": "integer"}, "duplicates": {"type": "integer"}, "rejected": {"type": "array", "items": ref("ImportIssue")}, "duplicate_rows": {"type": "array", "items": ref("ImportIssue")}}},
 "CampaignCandidate": {"type": "object", "required": ["id", "candidate_id", "full_name", "phone", "status", "outcome", "attempts", "qualified", "last_call_id"], "properties": {"id": s(), "candidate_id": s(), "full_name": s(), "phone": {"type": "string", "description": "E.164; masked for viewer tokens"}, "status": {"type": "string", "enum": ["pending", "queued", "calling", "completed"]}, "outcome": {"type": ["string", "null"], "enum": ["qualified", "not_qualified", "not_interested", "unreachable", "bad_number", "do_not_call", None]}, "attempts": {"type": "integer"}, "qualified": {"type": ["boolean", "null"]}, "last_call_id": ns()}},
 "AnalysisField": {"type": "object", "required": ["name", "type", "description", "choices"], "properties": {"name": s(), "type": {"type": "string", "enum": ["boolean", "string", "number", "enum"]}, "description": s(), "choices": {"type": ["array", "null"], "items": s()}}},
 "Agent": {"type": "object", "required": ["retell_agent_id", "retell_llm_id", "agent_name", "version", "prompt", "begin_message", "prompt_sha256", "analysis_fields", "created_at", "updated_at"], "properties": {"retell_agent_id": s(), "retell_llm_id": s(), "agent_name": s(), "version": {"type": "integer", "minimum": 1}, "prompt": s(), "begin_message": s(), "prompt_sha256": s(), "analysis_fields": {"type": "array", "items": ref("AnalysisField")}, "changed": {"type": "boolean", "description": "POST only: whether Retell was updated"}, "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
 "AgentSummary": {"type": "object", "required": ["retell_agent_id", "retell_llm_id", "version", "prompt_sha256", "updated_at"], "properties": {"retell_agent_id": s(), "retell_llm_id": s(), "version": {"type": "integer"}, "prompt_sha256": s(), "updated_at": {"type": "string", "format": "date-time"}}},
 "Call": {"type": "object", "required": ["id", "retell_call_id", "campaign_id", "campaign_candidate_id", "batch_id", "attempt", "phone", "call_status", "disconnection_reason", "duration_seconds", "cost_cents", "agent_version", "started_at", "ended_at", "created_at", "last_error"], "properties": {"id": s(), "retell_call_id": ns(), "campaign_id": s(), "campaign_candidate_id": s(), "batch_id": ns(), "attempt": {"type": "integer"}, "phone": {"type": "string", "description": "E.164; masked for viewer tokens"}, "call_status": {"type": "string", "enum": ["dialing", "unknown", "registered", "ongoing", "ended", "analyzed", "not_connected", "failed"]}, "disconnection_reason": ns(), "duration_seconds": {"type": ["integer", "null"]}, "cost_cents": {"type": ["integer", "null"]}, "agent_version": {"type": "integer"}, "started_at": {"type": ["string", "null"], "format": "date-time"}, "ended_at": {"type": ["string", "null"], "format": "date-time"}, "created_at": {"type": "string", "format": "date-time"}, "last_error": ns()}},
 "CallAnalysis": {"type": "object", "properties": {"available_to_work": {"type": ["boolean", "null"]}, "interested": {"type": ["boolean", "null"]}, "know_referee": {"type": ["boolean", "null"]}, "opted_out": {"type": ["boolean", "null"]}, "custom_responses": {"type": "object", "description": "target key → answer as Retell sent it"}, "call_summary": ns(), "sentiment_score": {"type": ["number", "null"], "minimum": 0, "maximum": 1}, "user_sentiment": ns(), "call_successful": {"type": ["boolean", "null"]}, "in_voicemail": {"type": ["boolean", "null"]}, "key_points": {"type": ["array", "null"], "items": s()}, "objections": {"type": ["array", "null"], "items": s()}, "next_steps": {"type": ["array", "null"], "items": s()}, "transcript": ns(), "recording_url": ns(), "public_log_url": ns()}},
 "CallWithAnalysis": {"allOf": [ref("Call"), {"type": "object", "required": ["analysis"], "properties": {"analysis": {"oneOf": [ref("CallAnalysis"), {"type": "null"}]}}}]},
 "DNCInput": {"type": "object", "additionalProperties": False, "required": ["phone"], "properties": {"phone": s(), "reason": s()}},
 "DNCEntry": {"type": "object", "required": ["phone", "reason", "source", "source_call_id", "created_by", "created_at"], "properties": {"phone": {"type": "string", "description": "E.164; masked for viewer tokens"}, "reason": s(), "source": {"type": "string", "enum": ["manual", "call", "import"]}, "source_call_id": ns(), "created_by": s(), "created_at": {"type": "string", "format": "date-time"}}},
}
responses = {
 "BadRequest": err("Malformed request (not JSON, bad cursor or query parameter)"),
 "Unauthorized": err("Missing, unknown or revoked bearer token"),
 "Forbidden": err("The token's role may not do this (viewer tokens only read)"),
 "NotFound": err("No such resource"),
 "Conflict": err("Clashes with the current state (e.g. the campaign is archived)"),
 "TooLarge": err("Body over the limit"),
 "UnsupportedMediaType": err("Wrong Content-Type"),
 "Invalid": err("Validation failed; error.field names the field"),
}
doc = {"openapi": "3.1.0", "info": {"title": "Shortlist API", "version": "0.1.0", "description": "JSON API of Shortlist. Ids are UUID strings, timestamps RFC 3339 UTC, keys snake_case. Errors are {\"error\":{\"code\",\"message\",\"field\"}}. Lists are {\"items\",\"next_cursor\"}."},
 "servers": [{"url": "/"}], "security": [{"bearer": []}],
 "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A token from `shortlist token create`"}}, "schemas": schemas, "responses": responses},
 "paths": paths}
print(json.dumps(doc, indent=2))
