import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES, DEFAULT_POLICY_YAML } from "./default-policies.ts";
import { parsePolicyYaml } from "./parse-policy-yaml.ts";

const FULL = `
approvalTimeoutMinutes: 30
staleTelemetry: deny
fallbackApprovalTeam: platform
rules:
  - name: dependents-out-of-slo
    type: dependents_out_of_slo
    environments: [Production, production, prod]
    depth: 2
    minTrafficShare: 0.1
    minRequestRate: 1
    action: deny
    staleTelemetry: allow
  - name: own-budget-exhausted
    type: own_budget_exhausted
    action: deny
  - name: holiday-freeze
    type: freeze_window
    timezone: Europe/Berlin
    windows:
      - start: "2026-12-20"
        end: "2027-01-04T00:00"
        label: year-end
    recurring:
      - days: [Friday, sat]
        from: "16:00"
        to: "24:00"
    action: require_approval
    approvalTeams: [sre]
  - name: break-glass
    type: break_glass
    announceTeams: [platform]
    minReasonLength: 10
    enabled: false
`;

describe("parsePolicyYaml: valid documents", () => {
  it("parses the default policy set from DESIGN", () => {
    const parsed = parsePolicyYaml(DEFAULT_POLICY_YAML);
    expect(parsed.ok).toBe(true);
    expect(DEFAULT_POLICIES).toMatchObject({ approvalTimeoutMinutes: 60, staleTelemetry: "require_approval", fallbackApprovalTeam: null });
    expect(DEFAULT_POLICIES.rules.map((rule) => [rule.name, rule.type, rule.environments])).toEqual([
      ["dependents-out-of-slo", "dependents_out_of_slo", undefined],
      ["own-budget-exhausted", "own_budget_exhausted", undefined],
      ["break-glass", "break_glass", undefined],
    ]);
    expect(DEFAULT_POLICIES.rules[0]).toMatchObject({ depth: 1, minTrafficShare: 0.05, minRequestRate: 0.1, action: "require_approval" });
  });

  it("fills defaults and normalises environments, dates and days", () => {
    const parsed = parsePolicyYaml(FULL);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const [dependents, , freeze, glass] = parsed.policies.rules;
    expect(parsed.policies).toMatchObject({ approvalTimeoutMinutes: 30, staleTelemetry: "deny", fallbackApprovalTeam: "platform" });
    expect(dependents).toMatchObject({ environments: ["production", "prod"], depth: 2, action: "deny", staleTelemetry: "allow", enabled: true });
    expect(freeze).toMatchObject({
      windows: [{ start: "2026-12-20T00:00", end: "2027-01-04T00:00", label: "year-end" }],
      recurring: [{ days: ["fri", "sat"], from: "16:00", to: "24:00" }],
      approvalTeams: ["sre"],
    });
    expect(glass).toMatchObject({ announceTeams: ["platform"], minReasonLength: 10, enabled: false });
  });

  it("accepts an explicit empty rule list", () => {
    expect(parsePolicyYaml("rules: []\n")).toMatchObject({ ok: true, policies: { rules: [] } });
  });

  it("reads unquoted times as text (YAML 1.2, not sexagesimal numbers)", () => {
    const parsed = parsePolicyYaml("rules:\n  - {name: f, type: freeze_window, timezone: UTC, recurring: [{days: [mon], from: 09:00, to: 17:30}]}\n");
    expect(parsed).toMatchObject({ ok: true, policies: { rules: [{ recurring: [{ from: "09:00", to: "17:30" }] }] } });
  });
});

const rule = (body: string) => `rules:\n  - name: r\n${body
  .trim()
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}\n`;

describe("parsePolicyYaml: errors name the rule and the field", () => {
  it.each([
    { label: "unknown rule type", yaml: rule("type: canary"), error: { rule: "r", field: "type", message: /unknown rule type "canary"; expected one of dependents_out_of_slo/ } },
    { label: "missing rule type", yaml: "rules:\n  - name: r\n", error: { rule: "r", field: "type", message: /is required: one of/ } },
    { label: "rule without a name is named by index", yaml: "rules:\n  - type: break_glass\n", error: { rule: "rules[0]", field: "name", message: /is required/ } },
    { label: "rule name not a slug", yaml: "rules:\n  - {name: Holiday Freeze, type: break_glass}\n", error: { rule: "Holiday Freeze", field: "name", message: /must be a rule name slug/ } },
    { label: "rule that is not a mapping", yaml: "rules:\n  - break_glass\n", error: { rule: "rules[0]", field: "(rule)", message: /must be a mapping/ } },
    { label: "depth above 5", yaml: rule("type: dependents_out_of_slo\ndepth: 6"), error: { rule: "r", field: "depth", message: "must be at most 5" } },
    { label: "depth 0", yaml: rule("type: dependents_out_of_slo\ndepth: 0"), error: { rule: "r", field: "depth", message: /at least 1/ } },
    { label: "fractional depth", yaml: rule("type: dependents_out_of_slo\ndepth: 1.5"), error: { rule: "r", field: "depth", message: /whole number/ } },
    { label: "depth as text", yaml: rule("type: dependents_out_of_slo\ndepth: two"), error: { rule: "r", field: "depth", message: 'must be a number (got "two")' } },
    { label: "traffic share as percent", yaml: rule("type: dependents_out_of_slo\nminTrafficShare: 5"), error: { rule: "r", field: "minTrafficShare", message: /between 0 and 1/ } },
    { label: "negative request rate", yaml: rule("type: dependents_out_of_slo\nminRequestRate: -1"), error: { rule: "r", field: "minRequestRate", message: /0 or more/ } },
    { label: "unknown action", yaml: rule("type: own_budget_exhausted\naction: freeze"), error: { rule: "r", field: "action", message: 'must be one of require_approval, deny (got "freeze")' } },
    { label: "misspelt field", yaml: rule("type: dependents_out_of_slo\nminTraficShare: 0.1"), error: { rule: "r", field: "minTraficShare", message: /is not a field of a dependents_out_of_slo rule \(known fields: .*minTrafficShare/ } },
    { label: "bad time zone", yaml: rule('type: freeze_window\ntimezone: Europe/Berln\nrecurring: [{days: [fri], from: "16:00", to: "24:00"}]'), error: { rule: "r", field: "timezone", message: /IANA time zone .* \(got "Europe\/Berln"\)/ } },
    { label: "missing time zone", yaml: rule('type: freeze_window\nrecurring: [{days: [fri], from: "16:00", to: "24:00"}]'), error: { rule: "r", field: "timezone", message: "is required" } },
    { label: "hour 25", yaml: rule('type: freeze_window\ntimezone: UTC\nrecurring: [{days: [fri], from: "25:00", to: "24:00"}]'), error: { rule: "r", field: "recurring[0].from", message: /time of day/ } },
    { label: "24:00 as a start", yaml: rule('type: freeze_window\ntimezone: UTC\nrecurring: [{days: [fri], from: "24:00", to: "23:00"}]'), error: { rule: "r", field: "recurring[0].from", message: /"00:00" to "23:59"/ } },
    { label: "time without minutes", yaml: rule('type: freeze_window\ntimezone: UTC\nrecurring: [{days: [fri], from: "16", to: "24:00"}]'), error: { rule: "r", field: "recurring[0].from", message: /time of day/ } },
    { label: "empty recurring window", yaml: rule('type: freeze_window\ntimezone: UTC\nrecurring: [{days: [fri], from: "16:00", to: "16:00"}]'), error: { rule: "r", field: "recurring[0].to", message: /must differ/ } },
    { label: "unknown weekday", yaml: rule('type: freeze_window\ntimezone: UTC\nrecurring: [{days: [fri, caturday], from: "16:00", to: "24:00"}]'), error: { rule: "r", field: "recurring[0].days[1]", message: /day of the week/ } },
    { label: "no days", yaml: rule('type: freeze_window\ntimezone: UTC\nrecurring: [{days: [], from: "16:00", to: "24:00"}]'), error: { rule: "r", field: "recurring[0].days", message: /at least one day/ } },
    { label: "impossible date", yaml: rule('type: freeze_window\ntimezone: UTC\nwindows: [{start: "2026-02-30", end: "2026-03-02"}]'), error: { rule: "r", field: "windows[0].start", message: /local date and time/ } },
    { label: "offset in a local time", yaml: rule('type: freeze_window\ntimezone: UTC\nwindows: [{start: "2026-12-20T00:00+01:00", end: "2026-12-21"}]'), error: { rule: "r", field: "windows[0].start", message: /local date and time/ } },
    { label: "end before start", yaml: rule('type: freeze_window\ntimezone: UTC\nwindows: [{start: "2026-12-20", end: "2026-12-19"}]'), error: { rule: "r", field: "windows[0].end", message: "must be after start" } },
    { label: "freeze without windows", yaml: rule("type: freeze_window\ntimezone: UTC"), error: { rule: "r", field: "windows", message: /at least one entry/ } },
    { label: "approvalTeams on a deny freeze", yaml: rule('type: freeze_window\ntimezone: UTC\nwindows: [{start: "2026-12-20", end: "2026-12-21"}]\napprovalTeams: [sre]'), error: { rule: "r", field: "approvalTeams", message: /only applies when action is require_approval/ } },
    { label: "team that is not a slug", yaml: rule("type: break_glass\nannounceTeams: [Platform Team]"), error: { rule: "r", field: "announceTeams[0]", message: /team slug/ } },
    { label: "empty environments", yaml: rule("type: break_glass\nenvironments: []"), error: { rule: "r", field: "environments", message: /at least one environment/ } },
    { label: "environments not a list", yaml: rule("type: break_glass\nenvironments: production"), error: { rule: "r", field: "environments", message: 'must be a list (got "production")' } },
    { label: "duplicate names", yaml: "rules:\n  - {name: bg, type: break_glass}\n  - {name: bg, type: break_glass}\n", error: { rule: "bg", field: "name", message: "rules[1] repeats the name of rules[0]; rule names must be unique" } },
    { label: "stale telemetry typo", yaml: "staleTelemetry: approve\nrules: []\n", error: { rule: "(document)", field: "staleTelemetry", message: /must be one of require_approval, deny, allow/ } },
    { label: "timeout of zero", yaml: "approvalTimeoutMinutes: 0\nrules: []\n", error: { rule: "(document)", field: "approvalTimeoutMinutes", message: /at least 1 minute/ } },
    { label: "unknown top-level field", yaml: "rule: []\n", error: { rule: "(document)", field: "rule", message: /is not a field of the policy document \(known fields: .*rules/ } },
    { label: "missing rules", yaml: "approvalTimeoutMinutes: 60\n", error: { rule: "(document)", field: "rules", message: /is required \(use \[\] for no rules\)/ } },
    { label: "empty document", yaml: "# nothing yet\n", error: { rule: "(document)", field: "(document)", message: /empty/ } },
    { label: "a list, not a mapping", yaml: "- a\n", error: { rule: "(document)", field: "(document)", message: /must be a mapping/ } },
    { label: "YAML syntax error", yaml: "rules: [\n", error: { rule: "(document)", field: "(yaml)", message: /^YAML syntax error at line/ } },
    { label: "two YAML documents", yaml: "rules: []\n---\nrules: []\n", error: { rule: "(document)", field: "(document)", message: /one YAML document, found 2/ } },
    { label: "duplicate YAML keys", yaml: "rules: []\nrules: []\n", error: { rule: "(document)", field: "(yaml)", message: /YAML syntax error/ } },
  ])("$label", ({ yaml, error }) => {
    const parsed = parsePolicyYaml(yaml);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toContainEqual({ rule: error.rule, field: error.field, message: typeof error.message === "string" ? error.message : expect.stringMatching(error.message) });
  });

  it("reports every problem at once, top-level and per rule", () => {
    const parsed = parsePolicyYaml(`
approvalTimeoutMinutes: -5
rules:
  - name: deps
    type: dependents_out_of_slo
    depth: 9
  - name: freeze
    type: freeze_window
    timezone: Nowhere/City
    windows: [{start: "2026-12-20", end: "2026-12-21"}]
  - name: deps
    type: teleport
`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => `${error.rule}.${error.field}`)).toEqual([
      "(document).approvalTimeoutMinutes",
      "deps.depth",
      "freeze.timezone",
      "deps.name",
      "deps.type",
    ]);
  });

  it("rejects a duplicate name even when the first rule is itself invalid", () => {
    const parsed = parsePolicyYaml("rules:\n  - {name: a, type: nope}\n  - {name: a, type: break_glass}\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => error.field)).toEqual(["type", "name"]);
  });
});
