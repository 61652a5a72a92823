import { describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config/parse-config.ts";

describe("demo mode (PLUMBLINE_DEMO, else the embedded database with no cluster)", () => {
  it.each([
    [{}, true],
    [{ PLUMBLINE_DEMO: "0" }, false],
    [{ PLUMBLINE_DEMO: "" }, true],
    [{ DATABASE_URL: "postgres://x" }, false],
    [{ DATABASE_URL: "postgres://x", PLUMBLINE_DEMO: "1" }, true],
    [{ KUBECONFIG: "/etc/kube" }, false],
    [{ KUBERNETES_SERVICE_HOST: "10.0.0.1" }, false],
  ])("%j → %s", (env, expected) => {
    expect(parseConfig(env).demo.enabled).toBe(expected);
  });
});
