/**
 * Every kind of problem Plumbline answers with, by stable code. Clients (the CLI, CI
 * scripts, the pages) branch on `code`, never on `title` or `detail`, which are written
 * for people and may change. Each code is documented in docs/problems.md (a unit test
 * holds the two together); the `type` URI of a problem is PROBLEM_TYPE_BASE + code.
 */
export const PROBLEM_CODES = {
  "validation-failed": { status: 400, title: "Invalid request" },
  "malformed-body": { status: 400, title: "Unreadable request body" },
  unauthenticated: { status: 401, title: "Unauthorized" },
  "invalid-token": { status: 401, title: "Invalid API token" },
  "invalid-signature": { status: 401, title: "Invalid signature" },
  forbidden: { status: 403, title: "Not allowed" },
  "cross-site-request": { status: 403, title: "Cross-site request refused" },
  "no-organization": { status: 403, title: "No organization" },
  "not-found": { status: 404, title: "Not found" },
  "slack-not-configured": { status: 404, title: "Slack is not configured" },
  conflict: { status: 409, title: "Conflict" },
  "idempotency-key-reused": { status: 409, title: "Idempotency-Key reused with a different request" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "unknown-reference": { status: 422, title: "Unknown reference" },
  "rate-limited": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  "service-unavailable": { status: 503, title: "Service unavailable" },
  "policy-invalid": { status: 503, title: "Deploy policy is invalid" },
  "heavy-reads-busy": { status: 503, title: "Too many large reads at once" },
} as const satisfies Record<string, { status: number; title: string }>;

export type TProblemCode = keyof typeof PROBLEM_CODES;

export const PROBLEM_TYPE_BASE = "https://plumbline.dev/problems/";

export function problemType(code: TProblemCode): string {
  return `${PROBLEM_TYPE_BASE}${code}`;
}
