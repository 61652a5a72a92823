import { describe, expect, it } from "vitest";
import { parseReportCommand } from "./slack-report-command.ts";

describe("parseReportCommand", () => {
  it.each([
    { text: "incident payments card payments fail with 502", expected: { kind: "SEV3", service: "payments", title: "card payments fail with 502" } },
    { text: "incident sev1 checkout  nobody can check out", expected: { kind: "SEV1", service: "checkout", title: "nobody can check out" } },
    { text: "incident SEV-2 checkout slow", expected: { kind: "SEV2", service: "checkout", title: "slow" } },
    { text: "incident p2 checkout slow", expected: { kind: "SEV2", service: "checkout", title: "slow" } },
    { text: "near-miss Payments retries almost doubled the load", expected: { kind: "near_miss", service: "payments", title: "retries almost doubled the load" } },
    { text: "near miss payments", expected: { kind: "near_miss", service: "payments", title: "" } },
    { text: "nearmiss", expected: { kind: "near_miss", service: null, title: "" } },
    { text: "incident", expected: { kind: "SEV3", service: null, title: "" } },
    // "2" alone is a service called 2, not a severity: only sev/p prefixes are read as one.
    { text: "incident 2 down", expected: { kind: "SEV3", service: "2", title: "down" } },
  ])("$text", ({ text, expected }) => {
    expect(parseReportCommand(text)).toEqual(expected);
  });

  it.each(["payments", "", "help", "incidents payments"])("%j is not a report (the status card answers it)", (text) => {
    expect(parseReportCommand(text)).toBeNull();
  });
});
