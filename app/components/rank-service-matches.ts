/**
 * Orders type-ahead matches the way a person expects: the service whose slug or name is
 * exactly what was typed, then those starting with it, then those containing it in the
 * name or slug, then the rest (the API also matches descriptions and tags). Stable within
 * each rank, so the API's order (by name) breaks ties.
 */
export function rankServiceMatches<T extends { slug: string; name: string }>(query: string, services: readonly T[]): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...services];
  const rank = (s: T) => {
    const slug = s.slug.toLowerCase();
    const name = s.name.toLowerCase();
    if (slug === q || name === q) return 0;
    if (slug.startsWith(q) || name.startsWith(q)) return 1;
    if (slug.includes(q) || name.includes(q)) return 2;
    return 3;
  };
  return services
    .map((service, index) => ({ service, index, rank: rank(service) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((r) => r.service);
}
