/**
 * The three ways asking Prometheus can fail, kept apart because a worker reacts to
 * each differently: unavailable → mark telemetry stale and try again next round; a
 * rejected query → a configuration or code bug (retrying cannot help); a garbage
 * answer → the thing at baseUrl is not (quite) a Prometheus API.
 */

const QUERY_PREVIEW_CHARS = 300;

/** Shortens a query for messages; the full text stays on the error's `query` field. */
export function previewQuery(query: string): string {
  return query.length > QUERY_PREVIEW_CHARS ? `${query.slice(0, QUERY_PREVIEW_CHARS)}…` : query;
}

/** Network errors, timeouts, 5xx or 429 that outlasted every retry. */
export class PrometheusUnavailableError extends Error {
  constructor(
    readonly baseUrl: string,
    readonly attempts: number,
    /** HTTP status of the last attempt; undefined when no answer came at all. */
    readonly lastStatus: number | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Prometheus at ${baseUrl} is unavailable after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${reason}`, options);
    this.name = "PrometheusUnavailableError";
  }
}

/** Prometheus (or the proxy in front of it) refused the request with a 4xx: not retried. */
export class PrometheusQueryError extends Error {
  constructor(
    readonly status: number,
    /**
     * Prometheus's `errorType`, e.g. `bad_data` or `execution`, when it sent one of the API's
     * documented values. Its `error` text and the body are not kept: messages reach the
     * organization's pages, and a tenant's "Prometheus" may be anything it points at.
     */
    readonly errorType: string | undefined,
    readonly query: string,
    message: string,
  ) {
    super(message);
    this.name = "PrometheusQueryError";
  }
}

/** A 2xx answer that is not a usable Prometheus API response (not JSON, wrong shape, NaN counts…). */
export class PrometheusResponseError extends Error {
  constructor(
    readonly query: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PrometheusResponseError";
  }
}

export type PrometheusError = PrometheusUnavailableError | PrometheusQueryError | PrometheusResponseError;

export function isPrometheusError(error: unknown): error is PrometheusError {
  return error instanceof PrometheusUnavailableError || error instanceof PrometheusQueryError || error instanceof PrometheusResponseError;
}
