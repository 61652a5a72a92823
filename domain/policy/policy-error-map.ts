import type { z } from "zod";
import { describeYamlValue } from "./describe-yaml-value.ts";

/**
 * Zod's default messages ("Invalid input: expected number, received string") talk about
 * JavaScript; policy authors write YAML, so say what to write. Messages set on a schema
 * take precedence over this map.
 */
export const policyErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${describeExpected(issue.expected)} (got ${describeYamlValue(issue.input)})`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")} (got ${describeYamlValue(issue.input)})`;
    case "too_small":
      return issue.origin === "array" ? `must have at least ${String(issue.minimum)} entries` : `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array" ? `must have at most ${String(issue.maximum)} entries` : `must be at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
};

function describeExpected(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "a mapping";
    case "boolean":
      return "true or false";
    default:
      return `a ${expected}`;
  }
}
