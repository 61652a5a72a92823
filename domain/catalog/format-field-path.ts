/**
 * `["spec", "dependsOn", 2]` → `spec.dependsOn[2]`. Annotation keys stay verbatim
 * (`metadata.annotations.plumbline.dev/tier`) because that is how authors search for them.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let field = "";
  for (const segment of path) {
    if (typeof segment === "number") field += `[${segment}]`;
    else field += field === "" ? String(segment) : `.${String(segment)}`;
  }
  return field === "" ? "(document)" : field;
}
