/** One requirement of an equality-based label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`). */
type LabelRequirement =
  | { key: string; op: "equals"; value: string }
  | { key: string; op: "notEquals"; value: string }
  | { key: string; op: "exists" }
  | { key: string; op: "notExists" };

export type LabelSelector = LabelRequirement[];

/**
 * Parses the equality-based subset of Kubernetes label selectors. Set-based selectors
 * (`in`, `notin`) throw: a fake that silently ignored a filter would answer with objects
 * a real server would not return, and tests would pass for the wrong reason.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements: LabelSelector = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    if (/\s(in|notin)\s*\(/.test(part)) throw new Error(`set-based label selectors are not supported by the fake API server: ${part}`);
    const notEquals = part.indexOf("!=");
    if (notEquals > 0) {
      requirements.push({ key: part.slice(0, notEquals).trim(), op: "notEquals", value: part.slice(notEquals + 2).trim() });
      continue;
    }
    const equals = part.indexOf("=");
    if (equals > 0) {
      const value = part.slice(part.startsWith("==", equals) ? equals + 2 : equals + 1).trim();
      requirements.push({ key: part.slice(0, equals).trim(), op: "equals", value });
      continue;
    }
    if (part.startsWith("!")) requirements.push({ key: part.slice(1).trim(), op: "notExists" });
    else requirements.push({ key: part, op: "exists" });
  }
  return requirements;
}

export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const actual = labels ?? {};
  return selector.every((requirement) => {
    const value = actual[requirement.key];
    switch (requirement.op) {
      case "equals":
        return value === requirement.value;
      case "notEquals":
        return value !== requirement.value;
      case "exists":
        return value !== undefined;
      case "notExists":
        return value === undefined;
    }
  });
}
