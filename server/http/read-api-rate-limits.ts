import { DEFAULT_SESSION_REQUESTS_PER_MINUTE, DEFAULT_TOKEN_REQUESTS_PER_MINUTE } from "./api-rate-limit.ts";

/** PLUMBLINE_API_RATE_LIMIT (per API token) and PLUMBLINE_SESSION_RATE_LIMIT (per signed-in user), requests per minute. */
export function readApiRateLimits(env: Record<string, string | undefined> = process.env): { tokenPerMinute: number; sessionPerMinute: number } {
  return {
    tokenPerMinute: perMinute(env, "PLUMBLINE_API_RATE_LIMIT", DEFAULT_TOKEN_REQUESTS_PER_MINUTE),
    sessionPerMinute: perMinute(env, "PLUMBLINE_SESSION_RATE_LIMIT", DEFAULT_SESSION_REQUESTS_PER_MINUTE),
  };
}

function perMinute(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of requests per minute, 1 or more (got "${raw}")`);
  return value;
}
