import { describe, expect, it } from "vitest";
import { deploymentProtectionRuleEvent } from "@/integrations/github/testing/deployment-protection-rule-event.ts";
import { readCallbackTarget, ZDeploymentProtectionRuleEvent } from "./deployment-protection-event.ts";
import { protectionReviewBody } from "./protection-review.ts";

const API = "https://api.github.com";

describe("ZDeploymentProtectionRuleEvent", () => {
  it("reads GitHub's documented payload: environment, callback URL, sha, repository, installation", () => {
    const event = ZDeploymentProtectionRuleEvent.parse(deploymentProtectionRuleEvent({ apiUrl: API, repository: "acme/payments", runId: 42, environment: "production", installationId: 7 }));
    expect(event).toMatchObject({
      environment: "production",
      deployment_callback_url: "https://api.github.com/repos/acme/payments/actions/runs/42/deployment_protection_rule",
      deployment: { sha: "7638417db6d59f3c431d3e1f261cc637155684cd", creator: { login: "octocat" } },
      repository: { full_name: "acme/payments" },
      installation: { id: "7" },
    });
  });

  it("refuses an event without an installation or with a repository name that is not owner/name", () => {
    const event = deploymentProtectionRuleEvent({ apiUrl: API, repository: "acme/payments", runId: 42, environment: "production", installationId: 7 });
    expect(ZDeploymentProtectionRuleEvent.safeParse({ ...event, installation: undefined }).success).toBe(false);
    expect(ZDeploymentProtectionRuleEvent.safeParse({ ...event, repository: { full_name: "../../x" } }).success).toBe(false);
  });
});

describe("readCallbackTarget", () => {
  it("accepts the run's URL on the App's API and rebuilds it from the configured origin", () => {
    expect(readCallbackTarget(`${API}/repos/acme/payments/actions/runs/42/deployment_protection_rule`, API, "acme/payments")).toEqual({
      owner: "acme",
      repo: "payments",
      runId: "42",
      url: `${API}/repos/acme/payments/actions/runs/42/deployment_protection_rule`,
    });
  });

  it("accepts GitHub Enterprise Server's /api/v3 prefix", () => {
    const ghes = "https://github.acme.internal/api/v3";
    expect(readCallbackTarget(`${ghes}/repos/acme/payments/actions/runs/9/deployment_protection_rule`, ghes, "acme/payments")).toMatchObject({ runId: "9" });
  });

  it("refuses another host, another path, a query, and a run of another repository", () => {
    const url = (base: string, repo = "acme/payments") => `${base}/repos/${repo}/actions/runs/42/deployment_protection_rule`;
    expect(readCallbackTarget(url("https://evil.example"), API, "acme/payments")).toHaveProperty("error");
    expect(readCallbackTarget(url("http://api.github.com"), API, "acme/payments")).toHaveProperty("error");
    expect(readCallbackTarget(`${API}/repos/acme/payments/actions/runs/42/approve`, API, "acme/payments")).toHaveProperty("error");
    expect(readCallbackTarget(`${url(API)}?x=1`, API, "acme/payments")).toHaveProperty("error");
    expect(readCallbackTarget(url(API, "other/repo"), API, "acme/payments")).toHaveProperty("error");
    expect(readCallbackTarget("not a url", API, "acme/payments")).toHaveProperty("error");
  });
});

describe("protectionReviewBody", () => {
  const request = { url: "https://plumbline.test/deploys/r1", summary: "", reasons: ["checkout must approve"] };
  it("comments without a state while pending, approves or rejects once settled", () => {
    expect(protectionReviewBody("production", { ...request, status: "pending" })).toEqual({
      environment_name: "production",
      comment: "Waiting for approval in Plumbline: https://plumbline.test/deploys/r1 Reasons: checkout must approve",
    });
    expect(protectionReviewBody("production", { ...request, status: "approved" })).toMatchObject({ state: "approved" });
    expect(protectionReviewBody("production", { ...request, status: "rejected" })).toMatchObject({ state: "rejected" });
    expect(protectionReviewBody("production", { ...request, status: "expired" })).toMatchObject({ state: "rejected", comment: expect.stringContaining("expired") });
    expect(protectionReviewBody("production", { ...request, status: "cancelled" })).toMatchObject({ state: "rejected" });
    expect(protectionReviewBody("production", { ...request, status: "deployed" })).toMatchObject({ state: "approved" });
  });

  it("keeps the comment under GitHub's limit", () => {
    const body = protectionReviewBody("production", { ...request, status: "rejected", reasons: ["x".repeat(5000)] });
    expect(body.comment.length).toBeLessThanOrEqual(1000);
  });
});
