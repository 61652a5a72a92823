import { describe, expect, it } from "vitest";
import { resolveGithubTarget, ZGithubMapping, type TGithubMapping } from "./github-mapping.ts";

const mappings: TGithubMapping[] = [
  { repository: "acme/monorepo", githubEnvironment: "deploy-api", service: "api", environment: "production" },
  { repository: "acme/monorepo", githubEnvironment: "deploy-worker", service: "worker", environment: "production" },
  { repository: "acme/payments", service: "payments" },
];

describe("resolveGithubTarget", () => {
  it("maps one repository to several services by GitHub environment, with the mapped Plumbline environment", () => {
    expect(resolveGithubTarget(mappings, [], "acme/monorepo", "deploy-api")).toEqual({ ok: true, service: "api", environment: "production", via: "mapping" });
    expect(resolveGithubTarget(mappings, [], "ACME/Monorepo", "Deploy-Worker")).toEqual({ ok: true, service: "worker", environment: "production", via: "mapping" });
  });

  it("a repository-wide mapping keeps GitHub's environment name (lower-cased like the gate's)", () => {
    expect(resolveGithubTarget(mappings, ["ignored"], "acme/payments", "Staging")).toEqual({ ok: true, service: "payments", environment: "staging", via: "mapping" });
  });

  it("refuses an environment the repository's mappings do not cover, saying which ones they do", () => {
    const result = resolveGithubTarget(mappings, [], "acme/monorepo", "production");
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain("deploy-api, deploy-worker");
  });

  it("falls back to the one service annotated with github.com/project-slug", () => {
    expect(resolveGithubTarget(mappings, ["checkout"], "acme/checkout", "production")).toEqual({ ok: true, service: "checkout", environment: "production", via: "annotation" });
  });

  it("refuses a repository annotated on several services, and one nobody names", () => {
    const several = resolveGithubTarget([], ["api", "worker"], "acme/monorepo", "production");
    expect(!several.ok && several.reason).toContain("several services (api, worker)");
    const none = resolveGithubTarget([], [], "acme/unknown", "production");
    expect(!none.ok && none.reason).toContain("github.com/project-slug: acme/unknown");
  });

  it("refuses two mappings for the same repository and environment", () => {
    const twice = resolveGithubTarget([...mappings, { repository: "acme/payments", service: "ledger" }], [], "acme/payments", "production");
    expect(!twice.ok && twice.reason).toContain("2 mappings");
  });
});

describe("ZGithubMapping", () => {
  it("accepts owner/name and a service slug, refuses anything else", () => {
    expect(ZGithubMapping.safeParse({ repository: "acme/payments", service: "Payments" }).data).toEqual({ repository: "acme/payments", service: "payments" });
    expect(ZGithubMapping.safeParse({ repository: "https://github.com/acme/payments", service: "payments" }).success).toBe(false);
    expect(ZGithubMapping.safeParse({ repository: "acme/payments", service: "../etc" }).success).toBe(false);
    expect(ZGithubMapping.safeParse({ repository: "acme/payments", service: "payments", extra: 1 }).success).toBe(false);
  });
});
