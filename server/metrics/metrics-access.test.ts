import { describe, expect, it } from "vitest";
import { metricsAccess } from "./metrics-access.ts";

const TOKEN = "0123456789abcdef-metrics";

describe("metricsAccess", () => {
  it.each([
    ["web port, no token configured", undefined, null, "web", "not-found"],
    ["web port, token configured, none sent", undefined, TOKEN, "web", "unauthorized"],
    ["web port, wrong token", "Bearer nope", TOKEN, "web", "unauthorized"],
    ["web port, a prefix of the token", `Bearer ${TOKEN.slice(0, 8)}`, TOKEN, "web", "unauthorized"],
    ["web port, not a bearer scheme", `Basic ${TOKEN}`, TOKEN, "web", "unauthorized"],
    ["web port, right token", `Bearer ${TOKEN}`, TOKEN, "web", "allowed"],
    ["web port, right token, lower-case scheme", `bearer ${TOKEN}`, TOKEN, "web", "allowed"],
    ["metrics port, no token configured", undefined, null, "metrics-port", "allowed"],
    ["metrics port, token configured, none sent", undefined, TOKEN, "metrics-port", "unauthorized"],
    ["metrics port, right token", `Bearer ${TOKEN}`, TOKEN, "metrics-port", "allowed"],
  ] as const)("%s → %s", (_label, authorization, token, listener, expected) => {
    expect(metricsAccess(authorization, token, listener)).toBe(expected);
  });
});
