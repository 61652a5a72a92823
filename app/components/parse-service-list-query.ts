import { ZServicePageQuery, type TServicePageQuery } from "@/server/catalog/catalog.schemas.ts";

type TRawSearchParams = Record<string, string | string[] | undefined>;

/**
 * Reads the services page's query string. A hand-edited or stale link (tier=9, an old
 * sort name) should not break the page: invalid fields are dropped and reported, the
 * valid ones still apply.
 */
export function parseServiceListQuery(raw: TRawSearchParams): { query: TServicePageQuery; problems: string[] } {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    // Forms and hand-written links send empty parameters (team=) to mean "any".
    if (first !== undefined && first.trim() !== "") input[key] = first;
  }
  const parsed = ZServicePageQuery.safeParse(input);
  if (parsed.success) return { query: parsed.data, problems: [] };

  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`);
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === "string") delete input[field];
  }
  const retried = ZServicePageQuery.safeParse(input);
  return { query: retried.success ? retried.data : ZServicePageQuery.parse({}), problems };
}
