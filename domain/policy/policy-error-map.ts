import type { z } from "zod";
import { describeExpectedType as describeExpected } from "@/domain/yaml/describe-expected-type.ts";
import { describeYamlValue } from "@/domain/yaml/describe-yaml-value.ts";

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

