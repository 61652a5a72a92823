import type { z } from "zod";
import { describeExpectedType as describeExpected } from "@/domain/yaml/describe-expected-type.ts";
import { describeYamlValue } from "@/domain/yaml/describe-yaml-value.ts";

/**
 * Zod's default messages ("Invalid input: expected string, received undefined") talk
 * about JavaScript; catalog authors write YAML, so say what to write instead.
 * Schema-level messages take precedence over this map.
 */
export const catalogErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== "invalid_type") return undefined;
  if (issue.input === undefined || issue.input === null) return "is required";
  return `must be ${describeExpected(issue.expected)} (got ${describeYamlValue(issue.input)})`;
};

export { describeYamlValue };
