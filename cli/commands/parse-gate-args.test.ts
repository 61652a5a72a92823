import { describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config/parse-config.ts";
import { parseGateArgs } from "./parse-gate-args.ts";

const env = { PLUMBLINE_TOKEN: "plb_secret" };
const base = ["--service", "payments", "--env", "production", "--version", "1.42.0"];

describe("parseGateArgs", () => {
  it("reads the required options and applies the defaults", () => {
    const result = parseGateArgs(base, env);
    expect(result).toEqual({
      ok: true,
      options: {
        service: "payments",
        environment: "production",
        version: "1.42.0",
        commit: null,
        requestedBy: null,
        ciUrl: null,
        breakGlassReason: null,
        waitMs: 1_800_000,
        url: "http://localhost:3000",
        tokenEnv: "PLUMBLINE_TOKEN",
        token: "plb_secret",
        idempotencyKey: null,
        resultFile: null,
      },
    });
  });

  it("takes every option, in --name value and --name=value forms", () => {
    const result = parseGateArgs(
      [...base, "--commit=9f2c1ab", "--wait", "90s", "--url", "https://plumbline.example/", "--token-env", "GATE_TOKEN", "--requested-by", "alice", "--ci-url", "https://ci/1", "--break-glass", "incident 42", "--idempotency-key", "k-1", "--result-file", "gate.json"],
      { GATE_TOKEN: "plb_other" },
    );
    expect(result.ok && result.options).toMatchObject({
      commit: "9f2c1ab",
      waitMs: 90_000,
      url: "https://plumbline.example",
      tokenEnv: "GATE_TOKEN",
      token: "plb_other",
      requestedBy: "alice",
      ciUrl: "https://ci/1",
      breakGlassReason: "incident 42",
      idempotencyKey: "k-1",
      resultFile: "gate.json",
    });
  });

  it("fills commit, requester and run URL from GitHub Actions", () => {
    const result = parseGateArgs(base, {
      ...env,
      GITHUB_SHA: "abc1234",
      GITHUB_ACTOR: "octocat",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/payments",
      GITHUB_RUN_ID: "42",
    });
    expect(result.ok && result.options).toMatchObject({ commit: "abc1234", requestedBy: "octocat", ciUrl: "https://github.com/acme/payments/actions/runs/42" });
  });

  it("fills them from GitLab CI", () => {
    const result = parseGateArgs(base, { ...env, CI_COMMIT_SHA: "def5678", GITLAB_USER_LOGIN: "jdoe", CI_JOB_URL: "https://gitlab.example/acme/payments/-/jobs/7" });
    expect(result.ok && result.options).toMatchObject({ commit: "def5678", requestedBy: "jdoe", ciUrl: "https://gitlab.example/acme/payments/-/jobs/7" });
  });

  it("uses PLUMBLINE_URL when --url is not given", () => {
    const result = parseGateArgs(base, { ...env, PLUMBLINE_URL: "http://gate.internal:3000" });
    expect(result.ok && result.options.url).toBe("http://gate.internal:3000");
  });

  it.each([
    { args: ["--env", "production", "--version", "1"], message: "--service is required" },
    { args: ["--service", "payments", "--version", "1"], message: "--env is required" },
    { args: ["--service", "payments", "--env", "production"], message: "--version is required" },
    { args: [...base, "--wait", "soon"], message: "--wait must be a duration" },
    { args: [...base, "--colour", "red"], message: "unknown option --colour" },
    { args: [...base, "extra"], message: "unexpected argument" },
    { args: [...base, "--url", "ftp://x"], message: "--url must be an http(s) URL" },
    { args: [...base, "--commit"], message: "--commit needs a value" },
  ])("refuses $args", ({ args, message }) => {
    const result = parseGateArgs(args, env);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it("says which variable should hold the token", () => {
    const result = parseGateArgs([...base, "--token-env", "MY_TOKEN"], {});
    expect(!result.ok && result.error).toMatch(/set MY_TOKEN/);
  });

  it.each([
    { name: "GitHub Actions", ci: { GITHUB_SHA: " abc1234 ", GITHUB_ACTOR: "octocat", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/payments", GITHUB_RUN_ID: "42" } },
    { name: "GitLab CI", ci: { CI_COMMIT_SHA: "def5678", GITLAB_USER_LOGIN: "", CI_JOB_URL: "https://gitlab.example/acme/payments/-/jobs/7" } },
    { name: "no CI", ci: { PLUMBLINE_URL: "http://gate.internal:3000/" } },
  ])("reads the environment as server/config does ($name): the standalone client has no server/config", ({ ci }) => {
    const record = { ...env, ...ci };
    const config = parseConfig(record).cli;
    const result = parseGateArgs(base, record);
    expect(result.ok && { url: result.options.url, token: result.options.token, commit: result.options.commit, requestedBy: result.options.requestedBy, ciUrl: result.options.ciUrl }).toEqual({
      url: config.url,
      token: config.token,
      commit: config.commit,
      requestedBy: config.requestedBy,
      ciUrl: config.ciUrl,
    });
  });
});
