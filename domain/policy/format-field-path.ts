/** `["windows", 0, "start"]` → `windows[0].start`, the way an author finds it in the YAML. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let field = "";
  for (const segment of path) {
    if (typeof segment === "number") field += `[${segment}]`;
    else field += field === "" ? String(segment) : `.${String(segment)}`;
  }
  return field;
}
