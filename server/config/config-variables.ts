import path from "node:path";
import type { z } from "zod";
import { DEFAULT_PLUMBLINE_URL } from "@/domain/ci/ci-run.ts";
import { SLACK_CHANNEL } from "@/domain/notifications/slack-channel.ts";
import {
  boolean,
  commaList,
  duration,
  email,
  httpUrl,
  integer,
  jsonHeaders,
  matching,
  minLength,
  oneOf,
  pathList,
  positiveNumber,
  postgresUrl,
  secondsRange,
  text,
  type TEnvSchema,
} from "./config-schemas.ts";

/** Which processes read a variable: `npm start --role web|workers`, the `plumbline` CLI, the test harness. */
export type TConfigRole = "web" | "workers" | "cli" | "test";

interface TVariableSpec<T> {
  /** Applied to the trimmed value when the variable is set. */
  schema: TEnvSchema<T>;
  /** Completes "NAME must be …" in error messages. */
  expectation: string;
  /** A valid value, shown after every error ("e.g. 60"). */
  example: string;
  /** The README's "meaning" column (Markdown). */
  description: string;
  roles: readonly TConfigRole[];
  /** Never echoed in error messages; marked in the README. */
  secret: boolean;
  /** The README's "default" column when the default is not a plain value (derived, generated). */
  defaultText?: string;
  /** A command-line flag that does the same (documented beside the name). */
  flag?: string;
  /** An empty value is a value (PLUMBLINE_ADMIN_TEAMS="" means none); otherwise empty means unset. */
  keepEmpty?: boolean;
}

/** `default` is parsed through the schema like a set value, so the README and the code cannot disagree. */
export interface TDefaultedVariable<T> extends TVariableSpec<T> {
  default: string;
}

export interface TOptionalVariable<T> extends TVariableSpec<T> {
  default: null;
}

export type TConfigVariable = TDefaultedVariable<unknown> | TOptionalVariable<unknown>;

const SERVER: readonly TConfigRole[] = ["web", "workers"];
const EVERYWHERE: readonly TConfigRole[] = ["web", "workers", "cli"];

/**
 * Every environment variable Plumbline reads, in the order the README lists them.
 * Add a variable here (and use it through getConfig()), then run `npm run docs:config`.
 */
export const CONFIG_VARIABLES = {
  PORT: {
    schema: integer({ min: 1, max: 65_535 }),
    default: "3000",
    expectation: "a port number from 1 to 65535",
    example: "3000",
    description: "port the web app and API listen on (a `workers` process answers only the probes `/api/health`, `/api/health/live` and `/api/health/ready` there)",
    roles: SERVER,
    secret: false,
  },
  HOST: {
    schema: text(),
    default: "0.0.0.0",
    expectation: "an interface address",
    example: "127.0.0.1",
    description: "interface to listen on",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_ROLE: {
    schema: oneOf(["all", "web", "workers"]),
    default: "all",
    flag: "--role",
    expectation: "web, workers or all",
    example: "web",
    description: "`web`, `workers` or `all` (one process). Split roles need `DATABASE_URL`: the embedded database allows one process",
    roles: SERVER,
    secret: false,
  },
  DATABASE_URL: {
    schema: postgresUrl(),
    default: null,
    expectation: "a postgres:// or postgresql:// URL (unset it to use the embedded database)",
    example: "postgres://plumbline:…@db.internal:5432/plumbline",
    description: "`postgres://…`: use PostgreSQL (production; then `PLUMBLINE_AUTH_SECRET` is required). Unset: embedded PGlite",
    roles: EVERYWHERE,
    secret: true,
  },
  PLUMBLINE_DATA_DIR: {
    schema: text(),
    default: null,
    defaultText: "`./.plumbline/pglite`",
    expectation: "a directory",
    example: "/var/lib/plumbline",
    description: "where the embedded database keeps its files (`memory://` for a throwaway one)",
    roles: EVERYWHERE,
    secret: false,
  },
  PLUMBLINE_EMBEDDED_MAINTENANCE_INTERVAL: {
    schema: duration(),
    default: "5m",
    expectation: "a positive duration",
    example: "5m",
    description:
      "embedded database only (Postgres runs its own autovacuum): how often the workers do autovacuum's work — `VACUUM`/`ANALYZE` of each table whose dead rows or changes since its last `ANALYZE` passed autovacuum's thresholds, one table at a time",
    roles: ["workers"],
    secret: false,
  },
  PLUMBLINE_AUTH_SECRET: {
    schema: minLength(32),
    default: null,
    defaultText: "generated, kept in the database (embedded only)",
    expectation: "at least 32 characters",
    example: "the output of `openssl rand -base64 32`",
    description:
      "signs session cookies and encrypts integration secrets (≥ 32 characters, e.g. `openssl rand -base64 32`). **Required with `DATABASE_URL`, from a secret store**: a generated one would live in the same database as the secrets it seals, so a database dump would reveal kubeconfigs, client secrets and bearer tokens; several web processes also need the same value. `npm start` refuses to start with `DATABASE_URL` and without it",
    roles: SERVER,
    secret: true,
  },
  PLUMBLINE_PUBLIC_URL: {
    schema: httpUrl(),
    default: null,
    expectation: "an http(s) URL",
    example: "https://plumbline.example.com",
    description: "the address links in API answers and messages use (`https://plumbline.example.com`). Unset: the address the caller used",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_CATALOG: {
    schema: text(),
    default: null,
    expectation: "a catalog file or directory",
    example: "/etc/plumbline/catalog",
    description:
      "a catalog file or directory imported on every start (the declared source of truth). Unset: the example catalog is imported once, on first start",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_DEFAULT_ORG: {
    schema: matching(/^[a-z0-9][a-z0-9-]*$/),
    default: "default",
    expectation: "an organization slug (lowercase letters, digits and dashes)",
    example: "acme",
    description:
      "slug of the deployment's default organization (the demo's; its local admin, clusters and Prometheus come from this environment)",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_DEFAULT_ORG_NAME: {
    schema: text(),
    default: "My organization",
    expectation: "a name",
    example: "Acme",
    description: 'its display name (the demo renames it "Acme Shop (demo)")',
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_ADMIN_EMAIL: {
    schema: email(),
    default: null,
    defaultText: "`admin@plumbline.local`",
    expectation: "an email address",
    example: "admin@example.com",
    description: "the local admin created on first start (or whenever missing, when the password is set too)",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_ADMIN_PASSWORD: {
    schema: minLength(10),
    default: null,
    defaultText: "generated, printed once",
    expectation: "at least 10 characters",
    example: "a passphrase of 10 or more characters",
    description: "its password (at least 10 characters)",
    roles: SERVER,
    secret: true,
  },
  PLUMBLINE_ADMIN_TEAMS: {
    schema: commaList(),
    default: null,
    defaultText: "`checkout` in the demo",
    keepEmpty: true,
    expectation: "comma-separated team slugs",
    example: "checkout,payments",
    description: "comma-separated team slugs the local admin owns (to approve their deploys); empty: none",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_POLICIES: {
    schema: text(),
    default: null,
    expectation: "a YAML file",
    example: "/etc/plumbline/policies.yaml",
    description:
      "a deploy-policy YAML file loaded on every start (the repository's policy); a file with errors is reported and not applied. Unset: the policy edited on `/policies` (the built-in defaults until then)",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_APPROVAL_EXPIRY_INTERVAL: {
    schema: duration(),
    default: "15s",
    expectation: "a positive duration",
    example: "15s",
    description:
      "how often the workers expire deploy requests nobody decided in time; reads expire an overdue request on the spot, so this only bounds how late history, notifications and long-polls that read nothing hear of it",
    roles: ["workers"],
    secret: false,
  },
  PLUMBLINE_API_RATE_LIMIT: {
    schema: integer({ min: 1 }),
    default: "60",
    expectation: "a number of requests per minute, a positive integer",
    example: "60",
    description: "API requests per minute per token, counted across every web process (`429` + `Retry-After` beyond; `RateLimit-*` headers on every answer)",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_SESSION_RATE_LIMIT: {
    schema: integer({ min: 1 }),
    default: "600",
    expectation: "a number of requests per minute, a positive integer",
    example: "600",
    description: "API requests per minute per signed-in user (pages' live refresh, scripts with a session cookie), counted across every web process",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_CATALOG_IMPORT_MAX_BYTES: {
    schema: integer({ min: 1024 }),
    default: "10485760",
    expectation: "a number of bytes, 1024 or more",
    example: "10485760",
    description: "the largest catalog import body accepted by `POST /api/v1/catalog/imports` (`413` beyond); other JSON APIs accept 1 MB",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_TRUST_PROXY: {
    schema: boolean(),
    default: "0",
    expectation: "1 or 0 (true or false)",
    example: "1",
    description:
      "`1` when Plumbline runs behind a reverse proxy that sets `X-Forwarded-Host` / `X-Forwarded-Proto` (and strips them from clients): only then are they believed for links, the same-site check and `Secure` cookies. Off: anyone could send them",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_BACKGROUND_THREAD_NICE: {
    schema: integer({ min: 0, max: 19 }),
    default: "0",
    expectation: "an integer from 0 to 19",
    example: "10",
    description:
      "How much the web process's worker threads (the embedded database's, the graph export's) raise their own nice value at start, so that the event loop wins a core from them (Linux only: elsewhere nothing changes). Off (0) by default: on the one-process install it halved the deploy gate's throughput while the loop gained (server/diagnostics/README.md)",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_DEBUG_EVENT_LOOP: {
    schema: boolean(),
    default: "0",
    expectation: "1 or 0 (true or false)",
    example: "1",
    description:
      "`1` measures the web process's event-loop delay (`perf_hooks.monitorEventLoopDelay`) and serves it at `GET /api/debug/event-loop` (max, p99, mean in ms; `?reset=1` starts a new window); on the embedded database it also keeps each statement shape's time on the database, served with `?statements=1` (`?statements=reset` starts a new profile): for benchmarks, never on in production (it answers anyone who can reach the port)",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_HEAVY_READ_CONCURRENCY: {
    schema: integer({ min: 1 }),
    default: "1",
    expectation: "a whole number ≥ 1",
    example: "2",
    description:
      "how many of the largest reads (the `/graph` and `/services` pages, `GET /api/v1/graph/export`) one web process serves at once; more wait in line so the deploy gate and health checks keep the event loop (server/http/heavy-read-admission.ts)",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_HEAVY_READ_QUEUE: {
    schema: integer({ min: 0 }),
    default: "32",
    expectation: "a whole number ≥ 0",
    example: "64",
    description:
      "how many of those large reads one organization may have waiting for a turn in one web process (the line takes turns between organizations and holds at most four times this in all); beyond that they are answered `503` `heavy-reads-busy` with `Retry-After` at once",
    roles: ["web"],
    secret: false,
  },
  PLUMBLINE_HEALTH_DATABASE_TIMEOUT: {
    schema: duration(),
    default: "3s",
    expectation: "a positive duration",
    example: "3s or 1500ms",
    description:
      "how long `/api/health` and the probes wait for the database before they report it down (`503`): a database that answers nothing for this long is down to its callers too; below the image's `HEALTHCHECK` timeout (5 s) so the answer is ours, not the probe's",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_HEALTH_EMBEDDED_PROOF: {
    schema: duration(),
    default: "1s",
    expectation: "a positive duration",
    example: "1s or 500ms",
    description:
      "embedded database only: a statement it answered this recently proves it is up, so `/api/health` does not queue its own `SELECT 1` behind the reads waiting for its one connection; with nothing answered that recently, health waits (up to `PLUMBLINE_HEALTH_DATABASE_TIMEOUT`) for the next answer",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_METRICS_TOKEN: {
    schema: minLength(16),
    default: null,
    expectation: "at least 16 characters",
    example: "the output of `openssl rand -hex 24`",
    description:
      "bearer token Prometheus sends to scrape `/metrics` (`Authorization: Bearer …`; `bearer_token_file` in its scrape config). Unset: `/metrics` on the web port answers 404. Also required on `PLUMBLINE_METRICS_PORT` when set",
    roles: SERVER,
    secret: true,
  },
  PLUMBLINE_METRICS_PORT: {
    schema: integer({ min: 1, max: 65_535 }),
    default: null,
    expectation: "a port number from 1 to 65535",
    example: "9464",
    description:
      "serve `/metrics` (only) on this port as well, on `HOST`: how a `--role workers` process, which has no web port, is scraped. Keep it off the public network (NetworkPolicy); with `PLUMBLINE_METRICS_TOKEN` set it asks for the token too",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_EGRESS_ALLOW: {
    schema: commaList(),
    default: null,
    expectation: "comma-separated CIDRs, addresses and host names",
    example: "10.20.0.0/16,prometheus.internal",
    description:
      "CIDRs, addresses and host names that organizations' integrations (Prometheus, Kubernetes API servers, OIDC issuers) may reach although they are private, loopback or link-local. Loopback is allowed without it in the embedded default (no `DATABASE_URL`) and in demo mode, so a Prometheus on the same laptop works",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_DEMO: {
    schema: boolean(),
    default: null,
    defaultText: "on when embedded with no cluster configured",
    expectation: "1 or 0 (true or false)",
    example: "1",
    description: "`1`/`0`: run the simulated cluster and mesh around the example catalog",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_DEMO_ROLLOUT_SECONDS: {
    schema: secondsRange(),
    default: "40-90",
    expectation: "seconds or a range of seconds",
    example: "40-90",
    description: "how often the demo cluster rolls out a new version (a range or one number)",
    roles: ["workers"],
    secret: false,
  },
  PLUMBLINE_DEMO_DIALECT: {
    schema: oneOf(["mesh", "otel"]),
    default: "mesh",
    expectation: "mesh or otel",
    example: "otel",
    description:
      "how the demo's simulated telemetry names services: `mesh` (the demo cluster's workloads, as Linkerd or Istio report them) or `otel` (OpenTelemetry `service.name`s, as the Collector's servicegraph connector reports them)",
    roles: ["workers"],
    secret: false,
  },
  PLUMBLINE_DEMO_SPEED: {
    schema: positiveNumber({ max: 100_000 }),
    default: "1",
    expectation: "a number above 0",
    example: "1 (real time) or 60 (an hour per minute)",
    description: "how much faster simulated time runs in the demo (faults burn sooner)",
    roles: SERVER,
    secret: false,
  },
  KUBECONFIG: {
    schema: pathList(path.delimiter),
    default: null,
    expectation: `kubeconfig file paths separated by "${path.delimiter}"`,
    example: "/etc/plumbline/kubeconfig",
    description: "every context in it is a cluster Plumbline watches (`~/.kube/config` is never read unless named here)",
    roles: SERVER,
    secret: false,
  },
  KUBERNETES_SERVICE_HOST: {
    schema: text(),
    default: null,
    defaultText: "set in pods",
    expectation: "a host",
    example: "10.96.0.1",
    description: "turns on in-cluster watching with the pod's service account",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_IN_CLUSTER_NAME: {
    schema: text(),
    default: "in-cluster",
    expectation: "a cluster name",
    example: "prod-eu",
    description: "the cluster's name when running in-cluster",
    roles: ["workers"],
    secret: false,
  },
  PROMETHEUS_URL: {
    schema: httpUrl(),
    default: null,
    expectation: "an http(s) URL",
    example: "http://prometheus:9090",
    description: "the Prometheus (or Thanos / Mimir) holding the mesh's metrics; wins over the demo's simulator",
    roles: SERVER,
    secret: false,
  },
  PROMETHEUS_DIALECT: {
    schema: oneOf(["auto", "linkerd", "istio", "otel"]),
    default: "auto",
    expectation: "linkerd, istio, otel or auto",
    example: "linkerd",
    description:
      "`linkerd`, `istio`, `otel` (OpenTelemetry Collector servicegraph / Tempo metrics generator, and spanmetrics for SLIs) or `auto` (detected from the series present)",
    roles: ["workers"],
    secret: false,
  },
  PROMETHEUS_BEARER_TOKEN: {
    schema: text(),
    default: null,
    expectation: "a token",
    example: "eyJhbGciOi…",
    description: "bearer token sent to Prometheus",
    roles: ["workers"],
    secret: true,
  },
  PROMETHEUS_HEADERS: {
    schema: jsonHeaders(),
    default: null,
    expectation: "a JSON object of header names to values",
    example: '{"X-Scope-OrgID":"acme"}',
    description: 'JSON object of extra headers, e.g. `{"X-Scope-OrgID":"prod"}` for Mimir',
    roles: ["workers"],
    secret: true,
  },
  PROMETHEUS_RATE_RANGE: {
    schema: matching(/^[1-9][0-9]*(ms|s|m|h)$/),
    default: "1m",
    expectation: "a PromQL duration",
    example: "1m or 30s",
    description: "PromQL range for request rates (keep it ≥ 4 scrape intervals)",
    roles: ["workers"],
    secret: false,
  },
  PLUMBLINE_MESH_INTERVAL: {
    schema: duration(),
    default: "15s",
    expectation: "a positive duration",
    example: "15s, 10m, 1h or 2d",
    description: "how often the mesh worker asks for edges and SLI counts",
    roles: ["workers"],
    secret: false,
  },
  PLUMBLINE_MESH_GONE_AFTER: {
    schema: duration(),
    default: "10m",
    expectation: "a positive duration",
    example: "10m",
    description: "an edge unseen this long is marked gone (kept, not deleted)",
    roles: ["workers"],
    secret: false,
  },
  PLUMBLINE_STALE_AFTER: {
    schema: duration(),
    default: "14d",
    expectation: "a positive duration",
    example: "30d",
    description: "a service with no running workloads and no traffic this long is marked stale (never while the telemetry cannot tell)",
    roles: SERVER,
    secret: false,
  },
  SLACK_BOT_TOKEN: {
    schema: text(),
    default: null,
    expectation: "a bot token",
    example: "xoxb-…",
    description: "the bot's `xoxb-…` token. With a signing secret or an app token, Slack is on (see [Slack](#slack)); unset: messages go to `/notifications`",
    roles: SERVER,
    secret: true,
  },
  SLACK_SIGNING_SECRET: {
    schema: text(),
    default: null,
    expectation: "the Slack app's signing secret",
    example: "8f14e45fceea167a5a36dedd4bea2543",
    description: "verifies every request to `/api/slack/events` (signature and a timestamp at most 5 minutes old; anything else is a `401`)",
    roles: ["web"],
    secret: true,
  },
  SLACK_APP_TOKEN: {
    schema: text(),
    default: null,
    expectation: "an app-level token",
    example: "xapp-…",
    description: "`xapp-…`: receive clicks and commands over Socket Mode (in the workers) instead of HTTP",
    roles: SERVER,
    secret: true,
  },
  SLACK_TEAM_ID: {
    schema: matching(/^[A-Z0-9]+$/),
    default: null,
    expectation: "a Slack workspace id",
    example: "T0123ABCD",
    description: "the workspace (`T…`) of the default organization. Unset: the one `auth.test` names at start. Payloads from any other workspace decide nothing",
    roles: SERVER,
    secret: false,
  },
  SLACK_API_URL: {
    schema: httpUrl(),
    default: null,
    expectation: "an http(s) URL",
    example: "https://slack-proxy.internal/api/",
    description: "Slack Web API base (an enterprise proxy; the tests' fake Slack)",
    roles: SERVER,
    secret: false,
  },
  SMTP_HOST: {
    schema: text(),
    default: null,
    expectation: "a mail server host name or address",
    example: "smtp.example.com",
    description: "the deployment's mail server for approvals, invitations and digests by e-mail (see [E-mail](#e-mail)); an organization may set its own on `/settings/email`. Unset and no organization setting: no e-mail",
    roles: SERVER,
    secret: false,
  },
  SMTP_PORT: {
    schema: integer({ min: 1, max: 65535 }),
    default: "587",
    expectation: "a TCP port",
    example: "587",
    description: "the mail server's port (587 submission with STARTTLS, 465 implicit TLS)",
    roles: SERVER,
    secret: false,
  },
  SMTP_SECURE: {
    schema: boolean(),
    default: "false",
    expectation: "true or false",
    example: "true",
    description: "implicit TLS from the first byte (port 465); false: STARTTLS when the server offers it",
    roles: SERVER,
    secret: false,
  },
  SMTP_USER: {
    schema: text(),
    default: null,
    expectation: "a user name",
    example: "plumbline@example.com",
    description: "SMTP AUTH user; unset: no authentication",
    roles: SERVER,
    secret: false,
  },
  SMTP_PASSWORD: {
    schema: text(),
    default: null,
    expectation: "a password",
    example: "app-password",
    description: "SMTP AUTH password for `SMTP_USER`",
    roles: SERVER,
    secret: true,
  },
  SMTP_FROM: {
    schema: text(),
    default: "Plumbline <plumbline@localhost>",
    expectation: "an address, optionally with a name",
    example: "Plumbline <plumbline@example.com>",
    description: "the From of every e-mail Plumbline sends",
    roles: SERVER,
    secret: false,
  },
  PLUMBLINE_NEW_CALLER_MIN_RATE: {
    schema: positiveNumber(),
    default: "1",
    expectation: "a request rate above 0 (requests per second)",
    example: "0.5",
    description: "a mesh edge new to a service is announced to the callee's owners once it carries at least this many requests per second (once per edge)",
    roles: ["workers"],
    secret: false,
  },
  SLACK_LEARNINGS_CHANNEL: {
    schema: matching(SLACK_CHANNEL),
    default: null,
    expectation: "a Slack channel name starting with # or a channel id",
    example: "#learnings",
    description: "where a learning is posted when it is first published (through the outbox, like every Slack message), for organizations that chose no channel of their own on Settings → Integrations. Unset: theirs are only on `/learnings`",
    roles: SERVER,
    secret: false,
  },
  LOG_LEVEL: {
    schema: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    default: "info",
    expectation: "a pino log level (fatal, error, warn, info, debug, trace or silent)",
    example: "info",
    description: "pino log level",
    roles: EVERYWHERE,
    secret: false,
  },
  LOG_FORMAT: {
    schema: oneOf(["file", "json"]),
    default: "file",
    expectation: "file or json",
    example: "json",
    description:
      "where the structured (pino JSON) logs go: `file` appends them to `LOG_FILE`, so the console shows only the human-readable start-up lines (errors also get one line on stderr); `json` writes them to stdout, for containers and log collectors (the Docker image and the Kubernetes manifests set it)",
    roles: EVERYWHERE,
    secret: false,
  },
  LOG_FILE: {
    schema: text(),
    default: null,
    defaultText: "`./.plumbline/plumbline.log`",
    expectation: "a file path",
    example: "/var/log/plumbline/plumbline.log",
    description: "the log file when `LOG_FORMAT=file` (its directory is created)",
    roles: EVERYWHERE,
    secret: false,
  },
  PLUMBLINE_URL: {
    schema: httpUrl(),
    default: DEFAULT_PLUMBLINE_URL,
    expectation: "an http(s) URL",
    example: "https://plumbline.example.com",
    description: "where the `plumbline` CLI finds the server",
    roles: ["cli"],
    secret: false,
  },
  PLUMBLINE_TOKEN: {
    schema: text(),
    default: null,
    expectation: "an API token",
    example: "plb_…",
    description: "API token the CLI sends as `Authorization: Bearer …` (`plumbline gate --token-env NAME` reads another variable)",
    roles: ["cli"],
    secret: true,
  },
  GITHUB_SHA: ciVariable("GitHub Actions: the commit; `plumbline gate --commit` defaults to it", "3f2a9c1…"),
  GITHUB_ACTOR: ciVariable("GitHub Actions: who triggered the run; `--requested-by` defaults to it", "octocat"),
  GITHUB_SERVER_URL: ciVariable("GitHub Actions: with `GITHUB_REPOSITORY` and `GITHUB_RUN_ID`, the run's URL `--ci-url` defaults to", "https://github.com"),
  GITHUB_REPOSITORY: ciVariable("GitHub Actions: `owner/repo`, for the run's URL", "acme/payments"),
  GITHUB_RUN_ID: ciVariable("GitHub Actions: the run's id, for the run's URL", "1234567890"),
  CI_COMMIT_SHA: ciVariable("GitLab CI: the commit (when `GITHUB_SHA` is unset)", "3f2a9c1…"),
  GITLAB_USER_LOGIN: ciVariable("GitLab CI: who triggered the job (when `GITHUB_ACTOR` is unset)", "jdoe"),
  CI_JOB_URL: ciVariable("GitLab CI: the job's URL (when not on GitHub Actions)", "https://gitlab.example/acme/payments/-/jobs/7"),
  TEST_DATABASE_URL: {
    schema: postgresUrl(),
    default: null,
    defaultText: "set by `npm test`",
    expectation: "a postgres:// URL of a server where test databases may be created",
    example: "postgres://postgres@127.0.0.1:5433/postgres",
    description: "the Postgres the integration tests create their databases on (`npm test` starts a throwaway one)",
    roles: ["test"],
    secret: true,
  },
  PROMETHEUS_BIN: {
    schema: text(),
    default: "/usr/bin/prometheus",
    expectation: "a path to the prometheus binary",
    example: "/usr/bin/prometheus",
    description: "the Prometheus the telemetry integration tests run",
    roles: ["test"],
    secret: false,
  },
  PLUMBLINE_TELEMETRY_ACCURACY: {
    schema: boolean(),
    default: "0",
    expectation: "1 or 0",
    example: "1",
    description: "`1`: the Prometheus integration tests print their accuracy tables",
    roles: ["test"],
    secret: false,
  },
} as const satisfies Record<string, TConfigVariable>;

function ciVariable(description: string, example: string): TOptionalVariable<string> {
  return { schema: text(), default: null, defaultText: "set by CI", expectation: "a value", example, description, roles: ["cli"], secret: false };
}

export type TConfigVariables = typeof CONFIG_VARIABLES;
export type TConfigVariableName = keyof TConfigVariables;

/** Each variable's parsed value: its schema's output, `null` when unset without a default. */
export type TConfigValues = {
  readonly [K in TConfigVariableName]: TConfigVariables[K] extends { default: string } ? z.output<TConfigVariables[K]["schema"]> : z.output<TConfigVariables[K]["schema"]> | null;
};
