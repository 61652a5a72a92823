import type { z } from "zod";

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

function describeExpected(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "a mapping";
    default:
      return `a ${expected}`;
  }
}

/** Names a YAML value the way the author sees it in the file. */
export function describeYamlValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return "a list";
  return "a mapping";
}
