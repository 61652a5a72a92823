/** Deterministic edge id, so every source upserts the same row for the same relation. */
export function edgeKey(source: "mesh" | "declared", callerSlug: string | null, calleeSlug: string): string {
  return `${source}:${callerSlug ?? "unknown"}->${calleeSlug}`;
}
