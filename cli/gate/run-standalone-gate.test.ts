import { afterEach, describe, expect, it, vi } from "vitest";
import { runStandaloneGate, STANDALONE_GATE_HELP } from "./run-standalone-gate.ts";

afterEach(() => vi.restoreAllMocks());

describe("runStandaloneGate", () => {
  it("prints its help for --help (exit 0) and with no arguments (exit 1)", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await runStandaloneGate(["--help"], {})).toBe(0);
    expect(await runStandaloneGate(["gate", "-h"], {})).toBe(0);
    expect(await runStandaloneGate([], {})).toBe(1);
    expect(log).toHaveBeenCalledWith(STANDALONE_GATE_HELP);
  });

  it("takes the arguments with or without the word gate, and reads its environment from the record it is given", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runStandaloneGate(["gate", "--service", "payments", "--env", "dev", "--version", "1"], { MY_TOKEN: "x" })).toBe(1);
    expect(error.mock.calls.flat().join("\n")).toContain("set PLUMBLINE_TOKEN");
    error.mockClear();
    expect(await runStandaloneGate(["--service", "payments"], {})).toBe(1);
    expect(error.mock.calls.flat().join("\n")).toContain("--env is required");
  });
});
