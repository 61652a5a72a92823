import { describe, expect, it } from "vitest";
import { createRouteMatcher } from "./route-patterns.ts";

const matcher = createRouteMatcher([
  "/",
  "/services/[slug]",
  "/services/new",
  "/api/auth/[...all]",
  "/api/v1/deploy-requests",
  "/api/v1/deploy-requests/[id]",
  "/api/v1/deploy-requests/analysis",
  "/api/v1/deploy-requests/[id]/approvals/[team]",
  "/docs/[[...page]]",
]);

describe("createRouteMatcher", () => {
  it.each([
    ["/", "/"],
    ["/services/checkout", "/services/[slug]"],
    ["/services/new", "/services/new"],
    ["/services/checkout/", "/services/[slug]"],
    ["/api/auth/sign-in/email", "/api/auth/[...all]"],
    ["/api/v1/deploy-requests", "/api/v1/deploy-requests"],
    ["/api/v1/deploy-requests/analysis", "/api/v1/deploy-requests/analysis"],
    ["/api/v1/deploy-requests/dr_123", "/api/v1/deploy-requests/[id]"],
    ["/api/v1/deploy-requests/dr_1/approvals/payments", "/api/v1/deploy-requests/[id]/approvals/[team]"],
    ["/docs", "/docs/[[...page]]"],
    ["/docs/a/b", "/docs/[[...page]]"],
    // Static segments compare decoded, as Next routes them; a malformed escape compares as written.
    ["/services/n%65w", "/services/new"],
    ["/api/v1/deploy-requests/%61nalysis", "/api/v1/deploy-requests/analysis"],
    ["/services/%E0%A4%A", "/services/[slug]"],
  ])("%s is served by %s", (path, pattern) => {
    expect(matcher.match(path)).toBe(pattern);
  });

  it.each(["/api/auth", "/services/checkout/extra", "/wp-login.php", "/api/v1/deploy-requests/dr_1/approvals"])("%s matches no route", (path) => {
    expect(matcher.match(path)).toBeNull();
  });
});
