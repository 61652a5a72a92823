import { z } from "zod";
import { ZCatalogImportInput } from "@/server/catalog/catalog-import.schemas.ts";
import { ZCatalogExportQuery, ZServicePageQuery } from "@/server/catalog/catalog.schemas.ts";
import { ZDemoFaultInput, ZDemoFaultServiceQuery } from "@/server/demo/demo-faults.ts";
import {
  ZApprovalDecisionInput,
  ZCancelInput,
  ZDeployEventInput,
  ZDeployRequestInput,
  ZDeployRequestListQuery,
  ZDeployRequestWaitQuery,
  ZPolicyDocumentInput,
} from "@/server/gate/gate.schemas.ts";
import { ZGithubAppInput } from "@/server/github/github-app.schemas.ts";
import { ZKeepServiceInput } from "@/server/catalog/keep-stale-service.ts";
import { ZArchiveServiceInput } from "@/server/catalog/archive-stale-service.ts";
import { ZTelemetryClaimInput } from "@/server/telemetry/claim-telemetry-endpoint.ts";
import { ZServiceGraphQuery } from "@/server/graph/graph.schemas.ts";
import { ZServiceEventsQuery } from "@/server/history/history.schemas.ts";
import { ZSloExportQuery, ZSloHistoryQuery, ZSloInput } from "@/server/slo/slo.schemas.ts";

/**
 * Who may call: "token" (an API token only: CI), "token-or-session" (an API token, or a
 * signed-in member's session cookie from Plumbline's pages), "signed" (a signature of its
 * own: Slack), "metrics" (PLUMBLINE_METRICS_TOKEN), "public".
 */
export type TOperationAuth = "token" | "token-or-session" | "signed" | "metrics" | "public";

export interface TApiOperation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path: `{id}` for Next's `[id]`. */
  path: string;
  tag: string;
  summary: string;
  description: string;
  auth: TOperationAuth;
  /** The zod schema withApi validates the query string with (the route's own). */
  query?: z.ZodType;
  /** The zod schema readJsonBody validates the body with (the route's own). */
  body?: z.ZodType;
  bodyRequired?: boolean;
  /** Extra request headers the route reads. */
  headers?: { name: string; description: string; required?: boolean }[];
  /** Successful answers by status. */
  responses: Record<number, string>;
  /** Problem codes (docs/problems.md) this operation answers beyond the ones every call may get. */
  problems?: number[];
}

const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  description: "Retry-safe: the same key and body return the first request (200, `Idempotent-Replayed: true`); the same key with another body is a 409.",
};
const SERVICE_NOT_FOUND = 404;

/**
 * Every HTTP operation Plumbline serves outside its pages, described once. The schemas
 * are the ones the route handlers validate with, so the document cannot drift from
 * them; a test (openapi-routes.test.ts) walks app/api/** and fails when a route file's
 * method has no entry here.
 */
export const API_OPERATIONS: readonly TApiOperation[] = [
  // ---------- Deploy gate (CI) ----------
  {
    method: "post",
    path: "/api/v1/deploy-requests",
    tag: "Deploy gate",
    summary: "Ask the gate to deploy",
    description:
      "CI asks whether a version may be deployed to an environment. The policies decide at once: `approved`, `rejected`, or `pending` while owners are asked to approve (then long-poll `GET /api/v1/deploy-requests/{id}?wait=60`).",
    auth: "token",
    body: ZDeployRequestInput,
    bodyRequired: true,
    headers: [IDEMPOTENCY_KEY],
    responses: { 201: "The decision (a new deploy request); `Location` names it.", 200: "An Idempotency-Key replay: the first request, unchanged." },
    problems: [400, 409, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/deploy-requests",
    tag: "Deploy gate",
    summary: "List deploy requests",
    description: "Newest first, filtered by service, team or status: the /deploys page's live refresh and CI dashboards.",
    auth: "token-or-session",
    query: ZDeployRequestListQuery,
    responses: { 200: "`{ deployRequests: [...] }`" },
  },
  {
    method: "get",
    path: "/api/v1/deploy-requests/{id}",
    tag: "Deploy gate",
    summary: "Read one deploy request (long-poll while pending)",
    description: "With `?wait=N` (at most 60) the answer waits while the request is pending and returns as soon as it is decided, on whichever web process the decision was made.",
    auth: "token-or-session",
    query: ZDeployRequestWaitQuery,
    responses: { 200: "The deploy request and its status." },
    problems: [404],
  },
  {
    method: "get",
    path: "/api/v1/deploy-requests/{id}/detail",
    tag: "Deploy gate",
    summary: "Read a deploy request with its checks, facts and timeline",
    description: "What /deploys/{id} shows: the decision, checks, facts, approvals with who may decide, and the timeline.",
    auth: "token-or-session",
    responses: { 200: "The deploy request's detail." },
    problems: [404],
  },
  {
    method: "post",
    path: "/api/v1/deploy-requests/{id}/cancel",
    tag: "Deploy gate",
    summary: "Withdraw a deploy request",
    description: "CI withdraws a pending or approved request; the body (`{reason}`) is optional.",
    auth: "token",
    body: ZCancelInput,
    responses: { 200: "The cancelled deploy request." },
    problems: [404, 409],
  },
  {
    method: "post",
    path: "/api/v1/deploy-requests/{id}/events",
    tag: "Deploy gate",
    summary: "Report the deploy's outcome",
    description: "CI reports `started`, `succeeded` or `failed`; the service's history and the owners see it.",
    auth: "token",
    body: ZDeployEventInput,
    bodyRequired: true,
    responses: { 200: "The deploy request with the event recorded." },
    problems: [404, 409],
  },
  {
    method: "post",
    path: "/api/v1/deploy-requests/{id}/approvals/{team}",
    tag: "Deploy gate",
    summary: "Approve or reject as an owner of the asked team",
    description: "A signed-in owner of the team decides as themselves. API tokens may not: a CI credential must not approve its own deploys.",
    auth: "token-or-session",
    body: ZApprovalDecisionInput,
    bodyRequired: true,
    responses: { 200: "The deploy request after the decision." },
    problems: [403, 404, 409],
  },
  {
    method: "post",
    path: "/api/v1/deploy-requests/analysis",
    tag: "Deploy gate",
    summary: "Deploy analysis for Argo Rollouts",
    description:
      "The body of `POST /api/v1/deploy-requests` with an Idempotency-Key per revision; `?wait=N` long-polls while pending. Always 200 with `{decision, status, reasons, …}` so the AnalysisTemplate's `successCondition` decides.",
    auth: "token",
    query: ZDeployRequestWaitQuery,
    body: ZDeployRequestInput,
    bodyRequired: true,
    headers: [{ ...IDEMPOTENCY_KEY, required: true }],
    responses: { 200: "The analysis: decision, status and reasons." },
    problems: [400, 409, 422],
  },
  {
    method: "get",
    path: "/api/v1/policies",
    tag: "Deploy gate",
    summary: "Read the deploy policy",
    description: "The organization's policy YAML in force, where it came from, and its rules.",
    auth: "token-or-session",
    responses: { 200: "The policy document." },
  },
  {
    method: "put",
    path: "/api/v1/policies",
    tag: "Deploy gate",
    summary: "Replace the deploy policy",
    description: "Admins replace the policy set (`{yaml}`) if it validates as a whole; otherwise 400 with every error naming the rule and the field, and the current policy stays in force. API tokens may not.",
    auth: "token-or-session",
    body: ZPolicyDocumentInput,
    bodyRequired: true,
    responses: { 200: "The saved policy and whether it changed." },
    problems: [400, 403],
  },
  // ---------- Catalog ----------
  {
    method: "get",
    path: "/api/v1/services",
    tag: "Catalog",
    summary: "List services (one page)",
    description:
      "One page of the organization's services with owners, tier, counts and SLO status; search with `q` (name, slug, description, tags), filter by team, tier or worst SLO `status`, sort, and follow `nextCursor` (pass it as `cursor`; `limit` ≤ 200, default 50).",
    auth: "token-or-session",
    query: ZServicePageQuery,
    responses: { 200: "`{ services: [...], nextCursor, total, limit }`" },
    problems: [400],
  },
  {
    method: "get",
    path: "/api/v1/services/{slug}",
    tag: "Catalog",
    summary: "Read a service",
    description: "One service: owners, links, dependencies, SLO status.",
    auth: "token-or-session",
    responses: { 200: "The service." },
    problems: [SERVICE_NOT_FOUND],
  },
  {
    method: "get",
    path: "/api/v1/services/{slug}/events",
    tag: "Catalog",
    summary: "A service's history",
    description: "Changes newest first (workloads, rollouts, SLO status, deploys): `?limit=50`, then `?before=<nextBefore>` for older pages.",
    auth: "token-or-session",
    query: ZServiceEventsQuery,
    responses: { 200: "A page of events and `nextBefore`." },
    problems: [SERVICE_NOT_FOUND],
  },
  {
    method: "get",
    path: "/api/v1/services/{slug}/workloads",
    tag: "Catalog",
    summary: "A service's Kubernetes workloads",
    description: "The workloads attributed to the service, per cluster and namespace, with their rollout state.",
    auth: "token-or-session",
    responses: { 200: "The service's workloads." },
    problems: [SERVICE_NOT_FOUND],
  },
  {
    method: "post",
    path: "/api/v1/catalog/imports",
    tag: "Catalog",
    summary: "Import Backstage catalog documents",
    description: "Admins or CI send catalog-info files; the answer lists, per document, what was imported and every problem found.",
    auth: "token-or-session",
    body: ZCatalogImportInput,
    bodyRequired: true,
    responses: { 200: "What was imported, skipped or rejected, per document." },
    problems: [403, 413],
  },
  {
    method: "get",
    path: "/api/v1/teams",
    tag: "Catalog",
    summary: "List teams",
    description: "The organization's teams.",
    auth: "token-or-session",
    responses: { 200: "`{ teams: [...] }`" },
  },
  {
    method: "get",
    path: "/api/v1/teams/{slug}",
    tag: "Catalog",
    summary: "Read a team",
    description: "One team: its parent and child teams, members, and the services it owns.",
    auth: "token-or-session",
    responses: { 200: "The team." },
    problems: [404],
  },
  {
    method: "get",
    path: "/api/v1/graph",
    tag: "Catalog",
    summary: "The service graph",
    description:
      "A bounded view, laid out: `?focus=<slug>&depth=1..3` for one service's neighbourhood, `?team=<slug>` for one team's services; without either, a small organization's whole graph or a large one's team-level view (`view`). The whole graph: GET /api/v1/graph/export.",
    auth: "token-or-session",
    query: ZServiceGraphQuery,
    responses: { 200: "Nodes and edges with positions." },
    problems: [SERVICE_NOT_FOUND],
  },
  {
    method: "get",
    path: "/api/v1/graph/export",
    tag: "Catalog",
    summary: "Export the whole service graph (NDJSON)",
    description: "Streamed `application/x-ndjson`: a `header` line, one `service` line per service, one `edge` line per active edge (`caller` null = outside the mesh).",
    auth: "token-or-session",
    responses: { 200: "NDJSON lines." },
  },
  {
    method: "get",
    path: "/api/v1/clusters",
    tag: "Catalog",
    summary: "Kubernetes clusters",
    description: "The clusters discovery watches, with sync state, last successful sync and last error.",
    auth: "token-or-session",
    responses: { 200: "`{ clusters: [...] }`" },
  },
  {
    method: "get",
    path: "/api/v1/telemetry/coverage",
    tag: "Catalog",
    summary: "Telemetry coverage",
    description: "For each telemetry source: which endpoints were attributed to a service, which were not, and why.",
    auth: "token-or-session",
    responses: { 200: "Coverage per source." },
  },
  {
    method: "post",
    path: "/api/v1/telemetry/claims",
    tag: "Catalog",
    summary: "Claim a telemetry endpoint for a service",
    description:
      "Maps an endpoint the coverage view lists as unmatched (`namespace`, `workload`) to a service (`service`, created without an owner when missing). Claims are the resolver's first rule and show as provenance `claimed`. Admins and API tokens.",
    auth: "token-or-session",
    body: ZTelemetryClaimInput,
    bodyRequired: true,
    responses: { 201: "The claim as stored." },
    problems: [400, 403],
  },
  {
    method: "post",
    path: "/api/v1/services/{slug}/kept",
    tag: "Catalog",
    summary: "Keep a stale service",
    description:
      "A service with no running workloads and no traffic for `PLUMBLINE_STALE_AFTER` is stale; its owners or an admin keep it with a `reason`, recorded in its history.",
    auth: "token-or-session",
    body: ZKeepServiceInput,
    bodyRequired: true,
    responses: { 200: "`{ slug, keptAt, keptReason }`." },
    problems: [400, 403, SERVICE_NOT_FOUND],
  },
  {
    method: "post",
    path: "/api/v1/services/{slug}/archive",
    tag: "Catalog",
    summary: "Archive a stale service",
    description:
      "Its owners or an admin archive a stale service with a `reason`, recorded in its history: it leaves `GET /api/v1/services` (unless `archived=true`) and the graph, and comes back by itself, recorded too, when the mesh sees its traffic again. 409 when the service is not stale.",
    auth: "token-or-session",
    body: ZArchiveServiceInput,
    bodyRequired: true,
    responses: { 200: "`{ slug, archivedAt, archivedReason }`." },
    problems: [400, 403, SERVICE_NOT_FOUND, 409],
  },
  // ---------- SLOs ----------
  {
    method: "get",
    path: "/api/v1/services/{slug}/slos",
    tag: "SLOs",
    summary: "A service's SLOs",
    description: "The service's SLOs with their last evaluation (status, budget left, burn rates).",
    auth: "token-or-session",
    responses: { 200: "`{ slos: [...] }`" },
    problems: [SERVICE_NOT_FOUND],
  },
  {
    method: "post",
    path: "/api/v1/services/{slug}/slos",
    tag: "SLOs",
    summary: "Create or update an SLO",
    description: "Creates (201) or updates (200), by name, an SLO made outside the catalog. SLOs declared in the catalog answer 409: change the catalog.",
    auth: "token-or-session",
    body: ZSloInput,
    bodyRequired: true,
    responses: { 201: "The new SLO.", 200: "The updated SLO." },
    problems: [403, SERVICE_NOT_FOUND, 409],
  },
  {
    method: "get",
    path: "/api/v1/services/{slug}/slos/{name}",
    tag: "SLOs",
    summary: "Read an SLO",
    description: "One SLO of the service with its last evaluation.",
    auth: "token-or-session",
    responses: { 200: "`{ slo }`" },
    problems: [404],
  },
  {
    method: "delete",
    path: "/api/v1/services/{slug}/slos/{name}",
    tag: "SLOs",
    summary: "Delete an SLO",
    description: "Deletes an SLO made on the service page; catalog SLOs answer 409 (change the catalog).",
    auth: "token-or-session",
    responses: { 204: "Deleted." },
    problems: [403, 404, 409],
  },
  {
    method: "get",
    path: "/api/v1/services/{slug}/slos/{name}/history",
    tag: "SLOs",
    summary: "An SLO's status history",
    description: "Status snapshots for the burn-down chart: `?range=window` (default, hourly points), `48h` or `6h`.",
    auth: "token-or-session",
    query: ZSloHistoryQuery,
    responses: { 200: "Snapshots, oldest first." },
    problems: [404],
  },
  {
    method: "get",
    path: "/api/v1/slos/overview",
    tag: "SLOs",
    summary: "SLOs at risk",
    description: "The home page's lists: SLOs breached now, and those burning their budget fastest.",
    auth: "token-or-session",
    responses: { 200: "Breached and fastest-burning SLOs." },
  },
  // ---------- Demo ----------
  {
    method: "get",
    path: "/api/v1/demo/faults",
    tag: "Demo",
    summary: "The demo's injected faults",
    description: "Active faults of the simulated mesh (all, or `?service=`'s), and whether the simulator runs at all.",
    auth: "token-or-session",
    query: ZDemoFaultServiceQuery,
    responses: { 200: "The faults and the demo's state." },
  },
  {
    method: "post",
    path: "/api/v1/demo/faults",
    tag: "Demo",
    summary: "Inject a fault into the simulated mesh",
    description: "The service's owners, admins or API tokens make a service fail for a while: `{service, errorRate: 0.2, duration: \"30m\"}`. 409 outside demo mode.",
    auth: "token-or-session",
    body: ZDemoFaultInput,
    bodyRequired: true,
    responses: { 201: "The fault, with when it ends." },
    problems: [403, 404, 409],
  },
  {
    method: "delete",
    path: "/api/v1/demo/faults",
    tag: "Demo",
    summary: "End injected faults",
    description: "Ends active faults now: all of them, or `?service=<slug>`'s.",
    auth: "token-or-session",
    query: ZDemoFaultServiceQuery,
    responses: { 200: "How many faults ended." },
    problems: [403, 409],
  },
  // ---------- Operations ----------
  {
    method: "get",
    path: "/api/debug/event-loop",
    tag: "Operations",
    summary: "Event-loop delay (benchmarks only)",
    description:
      "Only with `PLUMBLINE_DEBUG_EVENT_LOOP=1` (404 otherwise): the web process's event-loop delay since start or the last `?reset=1` (`maxMs`, `p99Ms`, `p50Ms`, `meanMs`), from `perf_hooks.monitorEventLoopDelay`. For `bench/`; never on in production.",
    auth: "public",
    responses: { 200: "`{ maxMs, p99Ms, p50Ms, meanMs, samples, windowMs }`", 404: "Not enabled." },
  },
  {
    method: "get",
    path: "/api/health",
    tag: "Operations",
    summary: "Health",
    description: "For load balancers and probes: 200 when the database answers, 503 (with Retry-After) otherwise. No authentication.",
    auth: "public",
    responses: { 200: "Healthy: `{ ok: true, ... }`", 503: "Not ready: `{ ok: false, ... }`" },
  },
  {
    method: "get",
    path: "/api/health/live",
    tag: "Operations",
    summary: "Liveness probe",
    description:
      "200 while the process serves requests. Touches no database on purpose: a database outage must take pods out of the Service (readiness), not restart them all. No authentication.",
    auth: "public",
    responses: { 200: "Alive: `{ ok: true }`" },
  },
  {
    method: "get",
    path: "/api/health/ready",
    tag: "Operations",
    summary: "Readiness probe",
    description:
      "200 when the database answers and every migration this release ships is applied; 503 (with Retry-After) otherwise, so a new pod stays out of the Service until the migrate Job has run. No authentication.",
    auth: "public",
    responses: { 200: "Ready: `{ ok: true, ... }`", 503: "Not ready: `{ ok: false, ... }` says whether the database or the migrations are missing." },
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    tag: "Operations",
    summary: "This API description",
    description: "The OpenAPI 3.1 document of this API, generated from the zod schemas the routes validate with. No authentication: it holds no data.",
    auth: "public",
    responses: { 200: "An OpenAPI 3.1 document." },
  },
  {
    method: "get",
    path: "/metrics",
    tag: "Operations",
    summary: "Plumbline's own metrics",
    description:
      "Prometheus text format: HTTP requests by route, gate decisions, approvals waiting, outbox depth, worker cycles, watch reconnects, SLO evaluation time. Needs `PLUMBLINE_METRICS_TOKEN` as a bearer token; 404 while it is unset. Also served on `PLUMBLINE_METRICS_PORT`.",
    auth: "metrics",
    responses: { 200: "Metrics in Prometheus's text exposition format 0.0.4." },
    problems: [],
  },
  {
    method: "post",
    path: "/api/slack/events",
    tag: "Integrations",
    summary: "Slack's request URL",
    description: "Interactivity (approval buttons), slash commands and events, signed by Slack (`X-Slack-Signature`), not by a Plumbline token. 404 `slack-not-configured` without Slack settings.",
    auth: "signed",
    responses: { 200: "Acknowledged, as Slack expects." },
    problems: [401, 404],
  },
  {
    method: "get",
    path: "/api/v1/catalog/export",
    tag: "Catalog",
    summary: "Export the catalog as Backstage YAML",
    description:
      "Every team, person, system, component (declared and discovered), API, resource and domain Plumbline holds, as Backstage `catalog-info.yaml` documents that import back into Plumbline or Backstage. A discovered service without an owner is written as owned by `group:default/unknown`.",
    auth: "token-or-session",
    query: ZCatalogExportQuery,
    responses: { 200: "`application/yaml`: a multi-document YAML file." },
  },
  {
    method: "get",
    path: "/api/v1/slos/export",
    tag: "SLOs",
    summary: "Export SLOs as OpenSLO or Prometheus rules",
    description:
      "`format=openslo` (default): every SLO as OpenSLO v1 documents (alert policies inline). `format=prometheus`: Sloth-shaped `slo:sli_error:ratio_rate<window>` recording rules and multi-window burn-rate page and ticket alerts, for the mesh `dialect` given (default: the configured one); they pass `promtool check rules`.",
    auth: "token-or-session",
    query: ZSloExportQuery,
    responses: { 200: "`application/yaml`: OpenSLO documents or a Prometheus rule file." },
  },
  {
    method: "post",
    path: "/api/github/webhooks",
    tag: "Integrations",
    summary: "GitHub App webhook (deployment protection rule)",
    description:
      "The webhook URL of every organization's GitHub App. Signed by GitHub (`X-Hub-Signature-256` with the App's webhook secret), not by a Plumbline token; the App is found by `X-GitHub-Hook-Installation-Target-ID`. A `deployment_protection_rule` event creates a deploy request through the gate and Plumbline answers GitHub's callback when it is decided; `deployment_status` events go into the request's history; `ping` is answered.",
    auth: "signed",
    headers: [
      { name: "X-Hub-Signature-256", description: "HMAC-SHA256 of the body with the App's webhook secret.", required: true },
      { name: "X-GitHub-Event", description: "`deployment_protection_rule`, `deployment_status` or `ping`.", required: true },
      { name: "X-GitHub-Hook-Installation-Target-ID", description: "The App's id.", required: true },
    ],
    responses: { 200: "Handled (a redelivery returns the first deploy request).", 201: "A deploy request was created for the run.", 202: "Accepted and ignored (an event Plumbline does not act on)." },
    problems: [401, 403, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/integrations/github",
    tag: "Integrations",
    summary: "The organization's GitHub App",
    description: "App id, API URL and repository mappings of the organization's GitHub App (deployment protection rule); never the private key or the webhook secret.",
    auth: "token-or-session",
    responses: { 200: "The App's settings." },
    problems: [404],
  },
  {
    method: "put",
    path: "/api/v1/integrations/github",
    tag: "Integrations",
    summary: "Configure the GitHub App",
    description:
      "Creates or replaces the organization's GitHub App (admins only): `appId`, `apiUrl` (github.com or a GitHub Enterprise Server's `/api/v3`, checked by the egress policy), `privateKey` and `webhookSecret` (required the first time, kept when left out; stored sealed), `mappings` (`owner/repo[@github-environment] service[@environment]`).",
    auth: "token-or-session",
    body: ZGithubAppInput,
    bodyRequired: true,
    responses: { 200: "The saved App's settings." },
    problems: [400, 403],
  },
  {
    method: "delete",
    path: "/api/v1/integrations/github",
    tag: "Integrations",
    summary: "Remove the GitHub App",
    description: "Removes the organization's GitHub App (admins only): its webhooks are refused from then on.",
    auth: "token-or-session",
    responses: { 204: "Removed." },
    problems: [403, 404],
  },
  {
    method: "get",
    path: "/api/auth/{path}",
    tag: "Accounts",
    summary: "Session endpoints (read)",
    description: "better-auth's endpoints under /api/auth/ (e.g. `get-session`, SSO callbacks); `{path}` may hold several segments. Used by Plumbline's pages, not by CI.",
    auth: "public",
    responses: { 200: "Depends on the endpoint." },
  },
  {
    method: "post",
    path: "/api/auth/{path}",
    tag: "Accounts",
    summary: "Session endpoints (sign in, sign up, sign out)",
    description: "better-auth's endpoints under /api/auth/ (e.g. `sign-in/email`, `sign-out`); it checks their Origin itself. `{path}` may hold several segments. Used by Plumbline's pages, not by CI.",
    auth: "public",
    responses: { 200: "Depends on the endpoint." },
  },
];
