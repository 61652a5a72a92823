import { createHash, timingSafeEqual } from "node:crypto";

export type TMetricsAccess = "allowed" | "not-found" | "unauthorized";

/**
 * Who may read /metrics. On the web port, which faces users, only a scraper that sends
 * PLUMBLINE_METRICS_TOKEN; without a token configured the endpoint does not exist (404),
 * so nothing about the installation leaks by default. On the separate metrics port
 * (PLUMBLINE_METRICS_PORT, kept off the public network) the token is asked for when one
 * is configured, and not otherwise.
 */
export function metricsAccess(authorization: string | undefined, token: string | null, listener: "web" | "metrics-port"): TMetricsAccess {
  if (token === null) return listener === "web" ? "not-found" : "allowed";
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1] && sameSecret(match[1], token) ? "allowed" : "unauthorized";
}

// Hashing first gives equal lengths, so the comparison's time says nothing about the token.
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(expected).digest());
}
