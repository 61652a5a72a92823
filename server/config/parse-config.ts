import path from "node:path";
import { ciRunFrom } from "@/domain/ci/ci-run.ts";
import { ConfigError } from "./config-error.ts";
import { issueDetail } from "./config-schemas.ts";
import { CONFIG_VARIABLES, type TConfigValues, type TConfigVariable, type TConfigVariableName } from "./config-variables.ts";

/** An environment: process.env, or a plain record in tests. */
export type TEnvRecord = Readonly<Record<string, string | undefined>>;

type TValues = TConfigValues;

/** Plumbline's configuration, by area. Built once per process by getConfig(); frozen. */
export interface TConfig {
  readonly server: {
    readonly port: number;
    readonly host: string;
    readonly role: TValues["PLUMBLINE_ROLE"];
    /** Without a trailing slash. */
    readonly publicUrl: string | null;
    readonly logLevel: TValues["LOG_LEVEL"];
    /** `file`: JSON logs to `logFile`, the console keeps the start-up lines; `json`: JSON logs to stdout. */
    readonly logFormat: TValues["LOG_FORMAT"];
    readonly logFile: string;
  };
  readonly database: {
    /** Set: Postgres. Null: the embedded PGlite in `dataDir`. */
    readonly url: string | null;
    readonly dataDir: string;
    /** Embedded only: period of the VACUUM/ANALYZE job standing in for autovacuum (server/db/embedded-maintenance.ts). */
    readonly embeddedMaintenanceIntervalMs: number;
  };
  readonly identity: {
    readonly authSecret: string | null;
    readonly defaultOrgSlug: string;
    readonly defaultOrgName: string;
    /** Null when unset: the local admin then gets the built-in address, and only on an empty database. */
    readonly adminEmail: string | null;
    readonly adminPassword: string | null;
    /** Null when unset (the demo then uses `checkout`); empty when set to "". */
    readonly adminTeams: readonly string[] | null;
  };
  readonly catalog: { readonly path: string | null; readonly importMaxBytes: number };
  readonly gate: {
    readonly policiesFile: string | null;
    readonly apiRateLimit: number;
    readonly sessionRateLimit: number;
    /** Period of the approvals worker's expiry job (workers/approvals). */
    readonly expiryIntervalMs: number;
  };
  readonly security: {
    /** Believe X-Forwarded-Host / X-Forwarded-Proto (a reverse proxy sets them). */
    readonly trustProxy: boolean;
    /** PLUMBLINE_EGRESS_ALLOW's entries, as written (server/http/egress-policy.ts parses them). */
    readonly egressAllow: readonly string[];
  };
  /** Threads beside the event loop (server/runtime/background-thread-priority.ts). */
  readonly threads: { readonly backgroundNice: number };
  /** Benchmark instrumentation: GET /api/debug/event-loop (off in production). */
  readonly debug: { readonly eventLoop: boolean };
  /** Admission control for the largest reads (server/http/heavy-read-admission.ts). */
  readonly heavyReads: { readonly concurrency: number; readonly queue: number };
  /** How health checks judge the database (server/health/check-health.ts). */
  readonly health: {
    /** Longest wait for the database's answer before health reports it down. */
    readonly databaseTimeoutMs: number;
    /** Embedded database: an answer this recent proves it is up without queueing a ping. */
    readonly embeddedProofMs: number;
  };
  readonly metrics: {
    /** Null: /metrics on the web port answers 404. */
    readonly token: string | null;
    /** Null: no separate metrics listener. */
    readonly port: number | null;
  };
  readonly demo: {
    /** PLUMBLINE_DEMO, else on for the embedded database with no cluster configured. */
    readonly enabled: boolean;
    readonly rolloutSeconds: { readonly min: number; readonly max: number };
    readonly speed: number;
    readonly dialect: TValues["PLUMBLINE_DEMO_DIALECT"];
  };
  readonly kubernetes: {
    readonly kubeconfigPaths: readonly string[];
    readonly serviceHost: string | null;
    readonly inClusterName: string;
  };
  readonly mesh: {
    readonly intervalMs: number;
    readonly edgeGoneAfterMs: number;
    readonly prometheusUrl: string | null;
    readonly dialect: TValues["PROMETHEUS_DIALECT"];
    readonly bearerToken: string | null;
    readonly headers: Readonly<Record<string, string>>;
    readonly rateRange: string;
    /** A service with no running workloads and no traffic this long is stale. */
    readonly serviceStaleAfterMs: number;
  };
  readonly slack: {
    readonly botToken: string | null;
    readonly signingSecret: string | null;
    readonly appToken: string | null;
    readonly teamId: string | null;
    readonly apiUrl: string | null;
    /** Where first-published learnings are posted (issue 20); null: nowhere in Slack. */
    readonly learningsChannel: string | null;
  };
  /** The deployment-wide mail server (an organization may override it in the database). */
  readonly smtp: {
    readonly host: string | null;
    readonly port: number;
    readonly secure: boolean;
    readonly user: string | null;
    readonly password: string | null;
    readonly from: string;
  };
  readonly follow: {
    /** Requests per second a new edge must carry before its callee's owners are told. */
    readonly newCallerMinRate: number;
  };
  readonly cli: {
    readonly url: string;
    readonly token: string | null;
    /** What CI says about the run (GitHub Actions, else GitLab CI). */
    readonly commit: string | null;
    readonly requestedBy: string | null;
    readonly ciUrl: string | null;
  };
  readonly testing: {
    readonly databaseUrl: string | null;
    readonly prometheusBin: string;
    readonly printTelemetryAccuracy: boolean;
  };
}

/**
 * Reads and validates every variable of CONFIG_VARIABLES from `env`. Throws one
 * ConfigError listing every problem (not only the first), each naming the variable, what
 * was wrong and a valid example. Pure: tests pass a record instead of touching process.env.
 */
export function parseConfig(env: TEnvRecord): TConfig {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(CONFIG_VARIABLES) as [TConfigVariableName, TConfigVariable][]) {
    const result = parseVariable(name, variable, env[name]);
    if (result.ok) values[name] = result.value;
    else problems.push(result.problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(buildConfig(values as TValues));
}

function parseVariable(name: string, variable: TConfigVariable, raw: string | undefined): { ok: true; value: unknown } | { ok: false; problem: string } {
  const trimmed = raw?.trim();
  const unset = trimmed === undefined || (trimmed === "" && !variable.keepEmpty);
  if (unset && variable.default === null) return { ok: true, value: null };
  const input = unset ? (variable.default ?? "") : trimmed;
  const result = variable.schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const reason = issueDetail(result.error);
  const got = unset ? "its default" : variable.secret ? `a value of ${input.length} characters` : JSON.stringify(input);
  return { ok: false, problem: `${name} must be ${variable.expectation}${reason ? `: ${reason}` : ""} (got ${got}); e.g. ${variable.example}` };
}

function buildConfig(v: TValues): TConfig {
  const databaseUrl = v.DATABASE_URL;
  return {
    server: {
      port: v.PORT,
      host: v.HOST,
      role: v.PLUMBLINE_ROLE,
      publicUrl: v.PLUMBLINE_PUBLIC_URL?.replace(/\/+$/, "") ?? null,
      logLevel: v.LOG_LEVEL,
      logFormat: v.LOG_FORMAT,
      logFile: v.LOG_FILE ?? path.join(process.cwd(), ".plumbline", "plumbline.log"),
    },
    database: {
      url: databaseUrl,
      dataDir: v.PLUMBLINE_DATA_DIR ?? path.join(process.cwd(), ".plumbline", "pglite"),
      embeddedMaintenanceIntervalMs: v.PLUMBLINE_EMBEDDED_MAINTENANCE_INTERVAL,
    },
    identity: {
      authSecret: v.PLUMBLINE_AUTH_SECRET,
      defaultOrgSlug: v.PLUMBLINE_DEFAULT_ORG,
      defaultOrgName: v.PLUMBLINE_DEFAULT_ORG_NAME,
      adminEmail: v.PLUMBLINE_ADMIN_EMAIL,
      adminPassword: v.PLUMBLINE_ADMIN_PASSWORD,
      adminTeams: v.PLUMBLINE_ADMIN_TEAMS,
    },
    catalog: { path: v.PLUMBLINE_CATALOG, importMaxBytes: v.PLUMBLINE_CATALOG_IMPORT_MAX_BYTES },
    gate: {
      policiesFile: v.PLUMBLINE_POLICIES,
      apiRateLimit: v.PLUMBLINE_API_RATE_LIMIT,
      sessionRateLimit: v.PLUMBLINE_SESSION_RATE_LIMIT,
      expiryIntervalMs: v.PLUMBLINE_APPROVAL_EXPIRY_INTERVAL,
    },
    security: { trustProxy: v.PLUMBLINE_TRUST_PROXY, egressAllow: v.PLUMBLINE_EGRESS_ALLOW ?? [] },
    threads: { backgroundNice: v.PLUMBLINE_BACKGROUND_THREAD_NICE },
    debug: { eventLoop: v.PLUMBLINE_DEBUG_EVENT_LOOP },
    heavyReads: { concurrency: v.PLUMBLINE_HEAVY_READ_CONCURRENCY, queue: v.PLUMBLINE_HEAVY_READ_QUEUE },
    health: { databaseTimeoutMs: v.PLUMBLINE_HEALTH_DATABASE_TIMEOUT, embeddedProofMs: v.PLUMBLINE_HEALTH_EMBEDDED_PROOF },
    metrics: { token: v.PLUMBLINE_METRICS_TOKEN, port: v.PLUMBLINE_METRICS_PORT },
    demo: {
      // The embedded default with no cluster configured is a first start: show a living product.
      enabled: v.PLUMBLINE_DEMO ?? (databaseUrl === null && v.KUBECONFIG === null && v.KUBERNETES_SERVICE_HOST === null),
      rolloutSeconds: v.PLUMBLINE_DEMO_ROLLOUT_SECONDS,
      speed: v.PLUMBLINE_DEMO_SPEED,
      dialect: v.PLUMBLINE_DEMO_DIALECT,
    },
    kubernetes: {
      kubeconfigPaths: v.KUBECONFIG ?? [],
      serviceHost: v.KUBERNETES_SERVICE_HOST,
      inClusterName: v.PLUMBLINE_IN_CLUSTER_NAME,
    },
    mesh: {
      intervalMs: v.PLUMBLINE_MESH_INTERVAL,
      edgeGoneAfterMs: v.PLUMBLINE_MESH_GONE_AFTER,
      prometheusUrl: v.PROMETHEUS_URL,
      dialect: v.PROMETHEUS_DIALECT,
      bearerToken: v.PROMETHEUS_BEARER_TOKEN,
      headers: v.PROMETHEUS_HEADERS ?? {},
      rateRange: v.PROMETHEUS_RATE_RANGE,
      serviceStaleAfterMs: v.PLUMBLINE_STALE_AFTER,
    },
    slack: {
      botToken: v.SLACK_BOT_TOKEN,
      signingSecret: v.SLACK_SIGNING_SECRET,
      appToken: v.SLACK_APP_TOKEN,
      teamId: v.SLACK_TEAM_ID,
      apiUrl: v.SLACK_API_URL,
      learningsChannel: v.SLACK_LEARNINGS_CHANNEL,
    },
    smtp: {
      host: v.SMTP_HOST,
      port: v.SMTP_PORT,
      secure: v.SMTP_SECURE,
      user: v.SMTP_USER,
      password: v.SMTP_PASSWORD,
      from: v.SMTP_FROM,
    },
    follow: { newCallerMinRate: v.PLUMBLINE_NEW_CALLER_MIN_RATE },
    cli: {
      url: v.PLUMBLINE_URL.replace(/\/+$/, ""),
      token: v.PLUMBLINE_TOKEN,
      ...ciRunFrom(v),
    },
    testing: {
      databaseUrl: v.TEST_DATABASE_URL,
      prometheusBin: v.PROMETHEUS_BIN,
      printTelemetryAccuracy: v.PLUMBLINE_TELEMETRY_ACCURACY,
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
