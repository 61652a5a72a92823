import { describe, expect, it } from "vitest";
import { isDemoMode } from "./is-demo-mode.ts";

describe("isDemoMode", () => {
  it.each([
    [{}, true],
    [{ PLUMBLINE_DEMO: "0" }, false],
    [{ DATABASE_URL: "postgres://x" }, false],
    [{ DATABASE_URL: "postgres://x", PLUMBLINE_DEMO: "1" }, true],
    [{ KUBECONFIG: "/etc/kube" }, false],
    [{ KUBERNETES_SERVICE_HOST: "10.0.0.1" }, false],
  ])("%j → %s", (env, expected) => {
    expect(isDemoMode(env as NodeJS.ProcessEnv)).toBe(expected);
  });
});
