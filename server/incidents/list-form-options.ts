import { findServiceOptions, findTeams } from "./incidents-insights.repository.ts";

/** What the incident and learnings forms offer: every service and team, by name. */
export async function listFormOptions(organizationId: string): Promise<{ services: { slug: string; name: string }[]; teams: { slug: string; name: string }[] }> {
  const [services, teams] = await Promise.all([findServiceOptions(organizationId), findTeams(organizationId)]);
  return { services, teams: teams.map(({ slug, name }) => ({ slug, name })) };
}
