import { STATUS_CODES } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { parseRetryAfterMs, retryDelayMs } from "@/domain/retry/backoff.ts";
import { z } from "zod";
import { PrometheusQueryError, PrometheusResponseError, PrometheusUnavailableError, previewQuery } from "./prometheus-errors.ts";

/**
 * A small client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`),
 * also spoken by Thanos Query and Grafana Mimir. It validates the answer's envelope
 * only: what the `data` means is for the caller (domain/telemetry parses vectors).
 *
 * Retry policy: network errors, timeouts, 5xx and 429 are retried with exponential
 * backoff and jitter, waiting at least what Retry-After asks (capped). 4xx is never
 * retried: a bad query stays bad. Each attempt has its own timeout, also sent to
 * Prometheus as the `timeout` parameter so it stops evaluating when we stop waiting.
 */

export interface PrometheusClientOptions {
  /** e.g. `http://prometheus:9090`, or with a path prefix: `https://mimir.example/prometheus`. */
  baseUrl: string;
  /** Per attempt, including reading the body. Default 10 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff; doubles each retry. Default 250 ms. */
  backoffBaseMs?: number;
  /** Largest backoff. Default 8 s. */
  backoffMaxMs?: number;
  /** Largest Retry-After honoured. Default 30 s. */
  maxRetryAfterMs?: number;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  /** Extra headers, e.g. `{ "X-Scope-OrgID": "tenant-1" }` for Mimir or Cortex. */
  headers?: Readonly<Record<string, string>>;
  /** POST (form body) by default: long queries do not hit URL length limits of proxies. */
  method?: "GET" | "POST";
  /** Injected in tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** The validated `data` of a successful answer; `result`'s shape depends on `resultType`. */
export interface PrometheusQueryData {
  resultType: string;
  result: unknown;
  /** Prometheus/Thanos warnings, e.g. a partial response. */
  warnings: string[];
}

export interface InstantQueryOptions {
  /** Evaluation time; Prometheus's "now" when absent. */
  time?: Date;
  signal?: AbortSignal;
}

export interface RangeQueryOptions {
  start: Date;
  end: Date;
  stepSeconds: number;
  signal?: AbortSignal;
}

export interface PrometheusClient {
  /** Without credentials; safe to log. */
  readonly baseUrl: string;
  query(promql: string, options?: InstantQueryOptions): Promise<PrometheusQueryData>;
  queryRange(promql: string, options: RangeQueryOptions): Promise<PrometheusQueryData>;
}

const ZEnvelope = z.object({
  status: z.enum(["success", "error"]),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});
const ZData = z.object({ resultType: z.string(), result: z.unknown() });

type Attempt =
  | { kind: "success"; data: PrometheusQueryData }
  | { kind: "retryable"; reason: string; status?: number; retryAfterMs?: number; cause?: unknown };

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const base = parseBaseUrl(options.baseUrl);
  const timeoutMs = positive(options.timeoutMs ?? 10_000, "timeoutMs");
  const retries = nonNegativeInteger(options.retries ?? 3, "retries");
  const backoffBaseMs = positive(options.backoffBaseMs ?? 250, "backoffBaseMs");
  const backoffMaxMs = positive(options.backoffMaxMs ?? 8_000, "backoffMaxMs");
  const maxRetryAfterMs = nonNegativeInteger(options.maxRetryAfterMs ?? 30_000, "maxRetryAfterMs");
  const retryPolicy = { initialMs: backoffBaseMs, maxMs: backoffMaxMs, jitter: 0.5, maxRetryAfterMs };
  const method = options.method ?? "POST";
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const random = options.random ?? Math.random;
  const headers = buildHeaders(options);

  async function attempt(path: string, params: URLSearchParams, query: string, signal: AbortSignal | undefined): Promise<Attempt> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const url = new URL(path, base);
    const init: RequestInit = { method, headers, signal: combined };
    if (method === "POST") {
      init.body = params.toString();
      init.headers = { ...headers, "content-type": "application/x-www-form-urlencoded" };
    } else {
      url.search = params.toString();
    }

    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, init);
      text = await response.text();
    } catch (error) {
      // The caller gave up: that is not Prometheus being unavailable, and not retried.
      if (signal?.aborted) throw signal.reason;
      const refused = egressRefusalOf(error);
      // The egress policy said no: asking again cannot change that.
      if (refused !== null) throw new PrometheusUnavailableError(base.href, 1, undefined, `not allowed: ${refused}`, { cause: error });
      const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : `could not reach it (${describeFetchError(error)})`;
      return { kind: "retryable", reason, cause: error };
    }

    // No text of the answer goes into a message: messages reach the organization's pages (the
    // stale reason of its telemetry), and a tenant may have pointed baseUrl at something else.
    // Only the status, its standard phrase, and Prometheus's errorType when it is one of the
    // API's documented values.
    const json = parseJson(text);
    const envelope = json === undefined ? undefined : ZEnvelope.safeParse(json);
    const errorType = envelope?.success ? knownErrorType(envelope.data.errorType) : undefined;

    if (response.status === 429 || response.status >= 500) {
      return {
        kind: "retryable",
        status: response.status,
        reason: `${statusLine(response.status)}${errorType ? ` (${errorType})` : ""}`,
        retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after"), Date.now()),
      };
    }
    if (response.status >= 400 || (envelope?.success && envelope.data.status === "error")) {
      throw queryError(response.status, errorType, query, path);
    }
    if (!envelope?.success) {
      const what = json === undefined ? "that is not JSON" : "that is not a Prometheus API response";
      throw new PrometheusResponseError(query, `Prometheus at ${base.href} answered ${path} (HTTP ${response.status}) with something ${what}`);
    }
    const data = ZData.safeParse(envelope.data.data);
    if (!data.success) {
      throw new PrometheusResponseError(query, `Prometheus at ${base.href} answered ${path} without a {resultType, result} data member`);
    }
    return { kind: "success", data: { resultType: data.data.resultType, result: data.data.result, warnings: envelope.data.warnings ?? [] } };
  }

  async function request(path: string, params: URLSearchParams, query: string, signal: AbortSignal | undefined): Promise<PrometheusQueryData> {
    // Server-side evaluation timeout, in seconds, matching the client's patience.
    params.set("timeout", String(timeoutMs / 1000));
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      signal?.throwIfAborted();
      const outcome = await attempt(path, params, query, signal);
      if (outcome.kind === "success") return outcome.data;
      if (attemptNumber > retries) {
        throw new PrometheusUnavailableError(base.href, attemptNumber, outcome.status, outcome.reason, { cause: outcome.cause });
      }
      await sleep(retryDelayMs(attemptNumber, retryPolicy, outcome.retryAfterMs, random), signal);
    }
  }

  return {
    baseUrl: base.href,
    query(promql, queryOptions = {}) {
      const params = new URLSearchParams({ query: promql });
      if (queryOptions.time) params.set("time", unixSeconds(queryOptions.time));
      return request("api/v1/query", params, promql, queryOptions.signal);
    },
    queryRange(promql, rangeOptions) {
      positive(rangeOptions.stepSeconds, "stepSeconds");
      if (rangeOptions.end < rangeOptions.start) throw new RangeError("queryRange: end is before start");
      const params = new URLSearchParams({
        query: promql,
        start: unixSeconds(rangeOptions.start),
        end: unixSeconds(rangeOptions.end),
        step: String(rangeOptions.stepSeconds),
      });
      return request("api/v1/query_range", params, promql, rangeOptions.signal);
    },
  };
}

function queryError(status: number, errorType: string | undefined, query: string, path: string): PrometheusQueryError {
  let message: string;
  if (status === 401 || status === 403) {
    message = `Prometheus refused the credentials (${statusLine(status)}). Check the bearer token, basic auth or tenant header.`;
  } else if (status === 404) {
    message = `Prometheus answered HTTP 404 for ${path}: is baseUrl right? Mimir and some proxies need a path prefix such as /prometheus.`;
  } else {
    message = `Prometheus rejected the query (${statusLine(status)}${errorType ? `, ${errorType}` : ""}). Query: ${previewQuery(query)}`;
  }
  return new PrometheusQueryError(status, errorType, query, message);
}

/** `HTTP 503 Service Unavailable`: the phrase from Node's table, not the server's status line. */
function statusLine(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase === undefined ? `HTTP ${status}` : `HTTP ${status} ${phrase}`;
}

/** The API's documented errorType values (Prometheus, Thanos, Mimir); anything else is remote text and dropped. */
const KNOWN_ERROR_TYPES = new Set(["bad_data", "timeout", "canceled", "execution", "internal", "unavailable", "not_found", "not_acceptable", "bad_response"]);

function knownErrorType(errorType: string | undefined): string | undefined {
  return errorType !== undefined && KNOWN_ERROR_TYPES.has(errorType) ? errorType : undefined;
}

/** The egress policy's refusal (ours, safe to show), wherever fetch wrapped it. */
function egressRefusalOf(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    if ((current as Error & { code?: unknown }).code === "EGRESS_REFUSED") return current.message;
  }
  return null;
}

function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`Prometheus baseUrl ${JSON.stringify(text)} is not a URL, e.g. http://prometheus:9090`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new RangeError(`Prometheus baseUrl must be http or https (got ${url.protocol})`);
  // fetch refuses URLs with credentials, and they would end up in logs and errors.
  if (url.username !== "" || url.password !== "") throw new RangeError("Prometheus baseUrl must not contain credentials: use the basicAuth option");
  if (url.search !== "" || url.hash !== "") throw new RangeError("Prometheus baseUrl must not have a query or fragment");
  // A trailing slash makes relative API paths keep the prefix (`/prometheus/api/v1/query`).
  if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`;
  return url;
}

function buildHeaders(options: PrometheusClientOptions): Record<string, string> {
  if (options.bearerToken !== undefined && options.basicAuth !== undefined) {
    throw new RangeError("Prometheus client: give either bearerToken or basicAuth, not both");
  }
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.bearerToken !== undefined) headers.authorization = `Bearer ${options.bearerToken}`;
  if (options.basicAuth !== undefined) {
    const { username, password } = options.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
  return headers;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Node's fetch says "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    // An AggregateError (every address of a host refused) has an empty message but a code.
    const code = (cause as Error & { code?: unknown }).code;
    return `${error.message}: ${cause.message || (typeof code === "string" ? code : cause.name)}`;
  }
  return error.message;
}

function unixSeconds(date: Date): string {
  return (date.getTime() / 1000).toFixed(3);
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Prometheus client: ${name} must be a positive number (got ${value})`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`Prometheus client: ${name} must be a whole number >= 0 (got ${value})`);
  return value;
}
