import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, errorToProblem, problemResponse, zodProblem } from "./problem.ts";
import { resolveRequestId, withRequestIdHeader } from "./request-id.ts";

describe("problemResponse", () => {
  it("writes the code, its type URI, the request id (body and header), and keeps standard members", async () => {
    const response = problemResponse({ code: "conflict", detail: "Already decided.", extra: { status: 200, code: "x", requestStatus: "approved" }, requestId: "req-1" });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(await response.json()).toEqual({
      type: "https://plumbline.dev/problems/conflict",
      code: "conflict",
      title: "Conflict",
      status: 409,
      detail: "Already decided.",
      requestId: "req-1",
      requestStatus: "approved",
    });
  });

  it("maps domain errors by their code (or their status's generic code)", async () => {
    const log = vi.fn();
    const reused = errorToProblem(new AppError(409, "Idempotency-Key reused", "…", { deployRequestId: "d1" }, "idempotency-key-reused"), log, "r");
    expect(await reused.json()).toMatchObject({ code: "idempotency-key-reused", status: 409, title: "Idempotency-Key reused", deployRequestId: "d1", requestId: "r" });
    expect(await errorToProblem(new AppError(403, "Not allowed", "Admins only."), log, "r3").json()).toMatchObject({ code: "forbidden", status: 403, requestId: "r3" });
    expect(await errorToProblem(new AppError(422, "Unknown service", "No service."), log, "r4").json()).toMatchObject({ code: "unknown-reference", status: 422, requestId: "r4" });
    expect(log).not.toHaveBeenCalled();
  });

  it("answers zod errors with validation-failed naming each field, and unexpected ones with a logged internal", async () => {
    const parsed = z.object({ service: z.string() }).safeParse({});
    if (parsed.success) throw new Error("expected a failure");
    const invalid = zodProblem(parsed.error, "body", "r5");
    expect(await invalid.json()).toMatchObject({ code: "validation-failed", status: 400, errors: [{ field: "service" }], requestId: "r5" });
    expect(invalid.headers.get("x-request-id")).toBe("r5");
    const log = vi.fn();
    const internal = errorToProblem(new Error("db down: password=hunter2"), log, "r2");
    expect(internal.status).toBe(500);
    const body = (await internal.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: "internal", requestId: "r2" });
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(log).toHaveBeenCalledOnce();
  });
});

describe("request ids", () => {
  it.each([
    ["a sane incoming id is kept", "abc-123_x.y:z", "abc-123_x.y:z"],
    ["a UUID is kept", "5f0c3c1e-8c1a-4d6b-9f57-0d1e6a3b2c11", "5f0c3c1e-8c1a-4d6b-9f57-0d1e6a3b2c11"],
  ])("%s", (_label, incoming, expected) => {
    expect(resolveRequestId(new Headers({ "x-request-id": incoming }))).toBe(expected);
  });

  it.each([
    ["missing", null],
    ["with spaces and markup", "<script> x"],
    ["a log-injection attempt", "abc\\ninfo fake line"],
    ["too long", "a".repeat(129)],
    ["starting with punctuation", "-abc"],
  ])("replaces an id that is %s with a fresh UUID", (_label, incoming) => {
    const headers = new Headers(incoming === null ? {} : { "x-request-id": incoming });
    expect(resolveRequestId(headers)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("sets the header on immutable responses too", async () => {
    const immutable = Response.redirect("http://localhost/x", 302);
    expect(withRequestIdHeader(immutable, "r3").headers.get("x-request-id")).toBe("r3");
    expect(withRequestIdHeader(Response.json({ a: 1 }), "r4").headers.get("x-request-id")).toBe("r4");
  });
});
