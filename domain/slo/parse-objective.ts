import type { SloParseResult } from "./slo-parse-result.ts";

// Plain decimals only: "1e2", "0x63" and "Infinity" are numbers to JavaScript, not to people.
const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * Parses an objective percentage such as "99.9" or "99.9%". It must lie strictly
 * between 0 and 100: 100 % leaves no error budget, so every failure would be a breach.
 */
export function parseObjective(text: string): SloParseResult<number> {
  const trimmed = text.trim();
  const digits = trimmed.endsWith("%") ? trimmed.slice(0, -1).trimEnd() : trimmed;
  if (!DECIMAL.test(digits)) {
    return fail(text, `objective ${JSON.stringify(text)} must be a percentage such as "99.9"`);
  }
  const objective = Number(digits);
  if (objective <= 0 || objective >= 100) {
    return fail(
      text,
      `objective ${JSON.stringify(text)} must be above 0 and below 100 (100 leaves no error budget), e.g. "99.9"`,
    );
  }
  return { ok: true, value: objective };
}

function fail(input: string, message: string): SloParseResult<number> {
  return { ok: false, error: { part: "objective", input, message } };
}
