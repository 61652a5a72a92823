import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertStartableConfig } from "./assert-startable-config.ts";
import { ConfigError } from "./config-error.ts";
import { CONFIG_VARIABLES, type TConfigVariable } from "./config-variables.ts";
import { parseConfig, type TEnvRecord } from "./parse-config.ts";

const SECRET = "s".repeat(32);

function problemsOf(env: TEnvRecord): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe("parseConfig", () => {
  it("applies the documented defaults to an empty environment", () => {
    const config = parseConfig({});
    expect(config.server).toEqual({ port: 3000, host: "0.0.0.0", role: "all", publicUrl: null, logLevel: "info", logFormat: "file", logFile: path.join(process.cwd(), ".plumbline", "plumbline.log") });
    expect(config.database).toEqual({ url: null, dataDir: path.join(process.cwd(), ".plumbline", "pglite"), embeddedMaintenanceIntervalMs: 300_000 });
    expect(config.identity).toEqual({ authSecret: null, defaultOrgSlug: "default", defaultOrgName: "My organization", adminEmail: null, adminPassword: null, adminTeams: null });
    expect(config.gate).toEqual({ policiesFile: null, apiRateLimit: 60, sessionRateLimit: 600, expiryIntervalMs: 15_000 });
    expect(config.catalog.importMaxBytes).toBe(10 * 1024 * 1024);
    expect(config.security).toEqual({ trustProxy: false, egressAllow: [] });
    expect(config.demo).toEqual({ enabled: true, rolloutSeconds: { min: 40, max: 90 }, speed: 1, dialect: "mesh" });
    expect(config.kubernetes).toEqual({ kubeconfigPaths: [], serviceHost: null, inClusterName: "in-cluster" });
    expect(config.mesh).toEqual({ intervalMs: 15_000, edgeGoneAfterMs: 600_000, prometheusUrl: null, dialect: "auto", bearerToken: null, headers: {}, rateRange: "1m", serviceStaleAfterMs: 14 * 86_400_000 });
    expect(config.slack).toEqual({ botToken: null, signingSecret: null, appToken: null, teamId: null, apiUrl: null, learningsChannel: null });
    expect(config.cli).toEqual({ url: "http://localhost:3000", token: null, commit: null, requestedBy: null, ciUrl: null });
  });

  it("returns a frozen object, all the way down", () => {
    const config = parseConfig({ PROMETHEUS_HEADERS: '{"a":"b"}' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.mesh.headers)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it("trims values and treats empty ones as unset", () => {
    const config = parseConfig({ PORT: " 8080 ", PLUMBLINE_CATALOG: "  ", PLUMBLINE_PUBLIC_URL: "https://plumbline.example.com/" });
    expect(config.server.port).toBe(8080);
    expect(config.catalog.path).toBeNull();
    expect(config.server.publicUrl).toBe("https://plumbline.example.com");
  });

  it.each([
    ["1", true],
    ["true", true],
    ["TRUE", true],
    ["yes", true],
    ["0", false],
    ["false", false],
    ["off", false],
  ])("reads the boolean %j as %s", (value, expected) => {
    expect(parseConfig({ PLUMBLINE_DEMO: value }).demo.enabled).toBe(expected);
  });

  it("reads integers, durations, ranges, lists and URLs as documented", () => {
    const config = parseConfig({
      PLUMBLINE_API_RATE_LIMIT: "600",
      PLUMBLINE_MESH_INTERVAL: "30s",
      PLUMBLINE_MESH_GONE_AFTER: "1.5h",
      PLUMBLINE_DEMO_ROLLOUT_SECONDS: "60",
      PLUMBLINE_ADMIN_TEAMS: "checkout, payments,,",
      KUBECONFIG: ["/a", "/b"].join(path.delimiter),
      DATABASE_URL: "postgresql://u:p@db:5432/plumbline",
      PROMETHEUS_URL: "http://prometheus:9090",
      PROMETHEUS_DIALECT: "Istio",
      SLACK_API_URL: "http://127.0.0.1:9999/api/",
    });
    expect(config.gate.apiRateLimit).toBe(600);
    expect(config.mesh.intervalMs).toBe(30_000);
    expect(config.mesh.edgeGoneAfterMs).toBe(5_400_000);
    expect(config.demo.rolloutSeconds).toEqual({ min: 60, max: 60 });
    expect(config.identity.adminTeams).toEqual(["checkout", "payments"]);
    expect(config.kubernetes.kubeconfigPaths).toEqual(["/a", "/b"]);
    expect(config.database.url).toBe("postgresql://u:p@db:5432/plumbline");
    expect(config.mesh.prometheusUrl).toBe("http://prometheus:9090");
    expect(config.mesh.dialect).toBe("istio");
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:9999/api/");
    // Set: not in demo mode by default.
    expect(config.demo.enabled).toBe(false);
  });

  it("keeps an empty PLUMBLINE_ADMIN_TEAMS as 'no teams' (unset means the demo's default)", () => {
    expect(parseConfig({ PLUMBLINE_ADMIN_TEAMS: "" }).identity.adminTeams).toEqual([]);
    expect(parseConfig({}).identity.adminTeams).toBeNull();
  });

  it("derives what CI says about the run: GitHub Actions first, else GitLab CI", () => {
    const github = parseConfig({ GITHUB_SHA: "abc", GITHUB_ACTOR: "octocat", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/pay", GITHUB_RUN_ID: "7", CI_COMMIT_SHA: "def" });
    expect(github.cli).toMatchObject({ commit: "abc", requestedBy: "octocat", ciUrl: "https://github.com/acme/pay/actions/runs/7" });
    const gitlab = parseConfig({ GITHUB_SHA: "", CI_COMMIT_SHA: "def", GITLAB_USER_LOGIN: "jdoe", CI_JOB_URL: "https://gitlab/j/1" });
    expect(gitlab.cli).toMatchObject({ commit: "def", requestedBy: "jdoe", ciUrl: "https://gitlab/j/1" });
  });

  it.each([
    [{ PORT: "abc" }, 'PORT must be a port number from 1 to 65535: not a whole number (got "abc"); e.g. 3000'],
    [{ PORT: "70000" }, 'PORT must be a port number from 1 to 65535: above 65535 (got "70000"); e.g. 3000'],
    [{ PLUMBLINE_API_RATE_LIMIT: "0" }, 'PLUMBLINE_API_RATE_LIMIT must be a number of requests per minute, a positive integer: below 1 (got "0"); e.g. 60'],
    [{ PLUMBLINE_DEMO: "maybe" }, 'PLUMBLINE_DEMO must be 1 or 0 (true or false) (got "maybe"); e.g. 1'],
    [{ PLUMBLINE_MESH_INTERVAL: "often" }, 'PLUMBLINE_MESH_INTERVAL must be a positive duration: not a duration (got "often"); e.g. 15s, 10m, 1h or 2d'],
    [{ PLUMBLINE_PUBLIC_URL: "plumbline.example.com" }, 'PLUMBLINE_PUBLIC_URL must be an http(s) URL (got "plumbline.example.com"); e.g. https://plumbline.example.com'],
    [{ PLUMBLINE_DEMO_ROLLOUT_SECONDS: "90-40" }, "PLUMBLINE_DEMO_ROLLOUT_SECONDS must be seconds or a range of seconds: the range's end is below its start"],
    [{ PLUMBLINE_ADMIN_EMAIL: "admin" }, 'PLUMBLINE_ADMIN_EMAIL must be an email address: not an email address (got "admin")'],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL must be a pino log level"],
    [{ PLUMBLINE_ROLE: "api" }, 'PLUMBLINE_ROLE must be web, workers or all (got "api"); e.g. web'],
    [{ PLUMBLINE_DEFAULT_ORG: "Acme Shop" }, "PLUMBLINE_DEFAULT_ORG must be an organization slug"],
  ])("explains %j", (env, message) => {
    expect(problemsOf(env)).toEqual([expect.stringContaining(message)]);
  });

  it("never echoes a secret's value, only its length", () => {
    const [problem] = problemsOf({ PLUMBLINE_AUTH_SECRET: "short-secret" });
    expect(problem).toBe("PLUMBLINE_AUTH_SECRET must be at least 32 characters: too short (got a value of 12 characters); e.g. the output of `openssl rand -base64 32`");
    const problems = problemsOf({ DATABASE_URL: "mysql://root:hunter2@db" });
    expect(problems.join("\n")).not.toContain("hunter2");
    expect(problems[0]).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it("lists every problem at once, one line per variable", () => {
    expect(() => parseConfig({ PORT: "x", LOG_LEVEL: "loud", PLUMBLINE_DEMO_SPEED: "-1" })).toThrow(/^3 configuration problems:\n {2}- PORT must be .*\n {2}- PLUMBLINE_DEMO_SPEED must be .*\n {2}- LOG_LEVEL must be /);
  });

  it("parses every declared default and example through its own schema", () => {
    for (const [name, variable] of Object.entries(CONFIG_VARIABLES) as [string, TConfigVariable][]) {
      if (variable.default !== null) expect(variable.schema.safeParse(variable.default).success, `${name}'s default`).toBe(true);
      expect(variable.description, name).not.toBe("");
      expect(variable.roles.length, name).toBeGreaterThan(0);
    }
  });
});

describe("assertStartableConfig", () => {
  it("refuses Postgres without PLUMBLINE_AUTH_SECRET, naming both variables", () => {
    expect(() => assertStartableConfig(parseConfig({ DATABASE_URL: "postgres://db/plumbline" }))).toThrow(/^PLUMBLINE_AUTH_SECRET must be set when DATABASE_URL is/);
  });

  it("accepts Postgres with a secret, and the embedded database without one", () => {
    expect(() => assertStartableConfig(parseConfig({ DATABASE_URL: "postgres://db/plumbline", PLUMBLINE_AUTH_SECRET: SECRET }))).not.toThrow();
    expect(() => assertStartableConfig(parseConfig({}))).not.toThrow();
  });
});
