import { ZodError } from "zod";
import { isDatabaseUnavailable } from "@/server/db/is-database-unavailable.ts";
import { PROBLEM_CODES, problemType, type TProblemCode } from "./problem-codes.ts";
import { REQUEST_ID_HEADER } from "./request-id.ts";

type TAppErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

// The code a domain error gets when its thrower names none: the generic kind of its status.
const CODE_BY_STATUS: Record<TAppErrorStatus, TProblemCode> = {
  400: "validation-failed",
  401: "unauthenticated",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  413: "payload-too-large",
  422: "unknown-reference",
  429: "rate-limited",
  503: "service-unavailable",
};

/**
 * A failure a person can act on; mapped in one place to application/problem+json (routes)
 * or to a form result (server actions). `code` is the stable kind clients branch on.
 */
export class AppError extends Error {
  constructor(
    readonly status: TAppErrorStatus,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly code: TProblemCode = CODE_BY_STATUS[status],
  ) {
    super(detail);
    this.name = "AppError";
  }
}

export const notFound = (what: string, detail: string) => new AppError(404, `${what} not found`, detail);
export const badRequest = (detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(400, "Invalid request", detail, extra);
/** The body could not be read at all (wrong content type, not JSON): nothing to validate yet. */
export const malformedBody = (detail: string) => new AppError(400, "Unreadable request body", detail, {}, "malformed-body");

export interface TFieldError {
  field: string;
  message: string;
}

/** Zod's issues as one message per field path ("(root)" for the value itself). */
export function zodFieldErrors(error: ZodError): TFieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "(root)", message: issue.message }));
}

export interface TProblem {
  code: TProblemCode;
  detail: string;
  /** Defaults to the code's title (problem-codes.ts). */
  title?: string;
  /** Defaults to the code's status. */
  status?: number;
  /** More members (`errors`, `retryAfterSeconds`…); they never override the standard ones. */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The request's id (server/http/request-id.ts): required, so every problem body can be found in the logs. */
  requestId: string;
}

/** The one application/problem+json formatter (RFC 9457), for routes, withApi and the Slack receiver. */
export function problemResponse(problem: TProblem): Response {
  const { code, detail, extra = {}, headers = {}, requestId } = problem;
  const status = problem.status ?? PROBLEM_CODES[code].status;
  const title = problem.title ?? PROBLEM_CODES[code].title;
  // Extra members never override the standard ones: a status of 409 must read 409.
  const body = { ...extra, type: problemType(code), code, title, status, detail, requestId };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", ...headers, [REQUEST_ID_HEADER]: requestId },
  });
}

export function zodProblem(error: ZodError, what: string, requestId: string): Response {
  const errors = zodFieldErrors(error);
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return problemResponse({ code: "validation-failed", title: `Invalid ${what}`, detail, extra: { errors }, requestId });
}

const INTERNAL_ERROR_DETAIL = "Plumbline failed to handle this request. It has been logged; retry, and report it if it persists.";

/** How long a client should wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

export function errorToProblem(error: unknown, log: (message: string, error: unknown) => void, requestId: string): Response {
  const id = { requestId };
  if (error instanceof AppError) {
    return problemResponse({ code: error.code, status: error.status, title: error.title, detail: error.detail, extra: error.extra, ...id });
  }
  if (error instanceof ZodError) return zodProblem(error, "request", requestId);
  if (isDatabaseUnavailable(error)) {
    log("database unavailable", error);
    return problemResponse({
      code: "service-unavailable",
      detail: "Plumbline's database cannot be reached right now; nothing was changed. Retry after the time in Retry-After.",
      headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
      extra: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
      ...id,
    });
  }
  log("unhandled error in API route", error);
  return problemResponse({ code: "internal", detail: INTERNAL_ERROR_DETAIL, ...id });
}
