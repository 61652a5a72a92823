type TSegment = { kind: "static"; text: string } | { kind: "dynamic" } | { kind: "catch-all" } | { kind: "optional-catch-all" };

// Next's own precedence: a static segment beats a dynamic one, which beats a catch-all.
const RANK: Record<TSegment["kind"], number> = { static: 0, dynamic: 1, "catch-all": 2, "optional-catch-all": 3 };

export interface TRouteMatcher {
  /** The route pattern a path is served by (`/api/v1/services/[slug]`), or null. */
  match(pathname: string): string | null;
}

/**
 * Matches request paths to the app's route patterns (`/services/[slug]`,
 * `/api/auth/[...all]`), so metrics and logs are labelled by route and never by a raw
 * path: a path holds ids, and every distinct one would be a new time series.
 */
export function createRouteMatcher(patterns: readonly string[]): TRouteMatcher {
  const routes = [...new Set(patterns)].map((pattern) => ({ pattern, segments: parse(pattern) })).sort((a, b) => compare(a.segments, b.segments));
  return {
    match(pathname) {
      // Decoded once per request, not once per route compared (every request is matched against every route pattern until one fits).
      const parts = split(pathname).map(decodeSafely);
      return routes.find((route) => matches(route.segments, parts))?.pattern ?? null;
    },
  };
}

function split(path: string): string[] {
  return path.split("/").filter((part) => part !== "");
}

function parse(pattern: string): TSegment[] {
  return split(pattern).map((part): TSegment => {
    if (part.startsWith("[[...")) return { kind: "optional-catch-all" };
    if (part.startsWith("[...")) return { kind: "catch-all" };
    if (part.startsWith("[")) return { kind: "dynamic" };
    return { kind: "static", text: part };
  });
}

function compare(a: TSegment[], b: TSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const byKind = RANK[a[i]!.kind] - RANK[b[i]!.kind];
    if (byKind !== 0) return byKind;
  }
  return b.length - a.length;
}

/** `parts`: the path's segments, decoded. */
function matches(segments: TSegment[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === "catch-all") return parts.length > i;
    if (segment.kind === "optional-catch-all") return true;
    const part = parts[i];
    if (part === undefined) return false;
    if (segment.kind === "static" && part !== segment.text) return false;
  }
  return parts.length === segments.length;
}

function decodeSafely(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
