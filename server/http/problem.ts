import { ZodError } from "zod";

/** A failure a person can act on; mapped to application/problem+json in one place. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "AppError";
  }
}

export const notFound = (what: string, detail: string) => new AppError(404, `${what} not found`, detail);
export const badRequest = (detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(400, "Invalid request", detail, extra);

export function problemResponse(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  // Extra members never override the standard ones: a status of 409 must read 409.
  return new Response(JSON.stringify({ ...extra, type: "about:blank", title, status, detail }), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

export function zodProblem(error: ZodError, what: string): Response {
  const errors = error.issues.map((issue) => ({
    field: issue.path.join(".") || "(root)",
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return problemResponse(400, `Invalid ${what}`, detail, { errors });
}

export function errorToProblem(error: unknown, log: (message: string, error: unknown) => void): Response {
  if (error instanceof AppError) return problemResponse(error.status, error.title, error.detail, error.extra);
  if (error instanceof ZodError) return zodProblem(error, "request");
  log("unhandled error in API route", error);
  return problemResponse(
    500,
    "Internal error",
    "Plumbline failed to handle this request. It has been logged; retry, and report it if it persists.",
  );
}
