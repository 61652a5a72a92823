import { parseObjective } from "./parse-objective.ts";
import type { SloParseResult } from "./slo-parse-result.ts";

export interface LatencySloSpec {
  thresholdMs: number;
  objective: number;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s)$/;
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * Parses the compact latency SLO annotation `<threshold>:<objective>`, e.g.
 * "300ms:99" (99 % of requests faster than 300 ms). The threshold needs a unit:
 * a bare "300" could be seconds or milliseconds, and guessing wrong is silent.
 */
export function parseLatencySloAnnotation(text: string): SloParseResult<LatencySloSpec> {
  const parts = text.split(":");
  if (parts.length !== 2) {
    return fail(
      "annotation",
      text,
      `latency SLO ${JSON.stringify(text)} must look like <threshold>:<objective>, e.g. "300ms:99.9"`,
    );
  }
  const [thresholdText = "", objectiveText = ""] = parts;

  const threshold = parseThresholdMs(thresholdText.trim());
  if (!threshold.ok) return threshold;
  const objective = parseObjective(objectiveText);
  if (!objective.ok) return objective;
  return { ok: true, value: { thresholdMs: threshold.value, objective: objective.value } };
}

function parseThresholdMs(text: string): SloParseResult<number> {
  const match = DURATION.exec(text);
  if (match === null) {
    const message = BARE_NUMBER.test(text)
      ? `latency threshold ${JSON.stringify(text)} needs a unit, e.g. "${text}ms" or "${text}s"`
      : `latency threshold ${JSON.stringify(text)} must be a duration such as "300ms" or "0.3s"`;
    return fail("threshold", text, message);
  }
  const [, amount = "", unit] = match;
  // Round away float noise (1.1 * 1000 = 1100.0000000000002) before checking for whole ms.
  const ms = Math.round(Number(amount) * (unit === "s" ? 1000 : 1) * 1000) / 1000;
  if (ms <= 0) return fail("threshold", text, `latency threshold ${JSON.stringify(text)} must be above zero`);
  // Histogram buckets of Linkerd and Istio are in whole milliseconds.
  if (!Number.isInteger(ms)) {
    return fail("threshold", text, `latency threshold ${JSON.stringify(text)} must be a whole number of milliseconds`);
  }
  return { ok: true, value: ms };
}

function fail<T>(part: "annotation" | "threshold", input: string, message: string): SloParseResult<T> {
  return { ok: false, error: { part, input, message } };
}
