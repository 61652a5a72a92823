import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getConfig } from "@/server/config/get-config.ts";
import { ALERT_RULES_FILE, ALERT_RULES_TEST_FILE } from "./dashboard-queries.ts";

// promtool ships beside prometheus in Debian's package (scripts/test-services/prometheus.sh installs it).
const promtool = path.join(path.dirname(getConfig().testing.prometheusBin), "promtool");

function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(promtool, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe("monitoring/plumbline-alerts.yml", () => {
  it("passes promtool check rules", async () => {
    const result = await run(["check", "rules", ALERT_RULES_FILE]);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.code, result.output).toBe(0);
  });

  it("fires (and stays quiet) as its unit tests say: promtool test rules", async () => {
    const result = await run(["test", "rules", ALERT_RULES_TEST_FILE]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("SUCCESS");
  });
});
