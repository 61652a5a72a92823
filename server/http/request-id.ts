import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

// A proxy's or client's id is kept so logs line up across hops, but only if it is a short
// plain token: anything else could smuggle log lines or markup into logs and bodies.
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The request's id: the incoming `X-Request-Id` when it is a sane token, else a new UUID. */
export function resolveRequestId(headers: Headers): string {
  const incoming = headers.get(REQUEST_ID_HEADER)?.trim();
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The response with `X-Request-Id` set (a copy when its headers are immutable, as fetch's are). */
export function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(REQUEST_ID_HEADER, requestId);
    return copy;
  }
}
