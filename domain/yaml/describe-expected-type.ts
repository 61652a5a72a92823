/** Names a zod type expectation in the words of someone writing YAML. */
export function describeExpectedType(expected: string): string {
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
