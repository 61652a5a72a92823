import { findServiceOptions, findTeams } from "./incidents-insights.repository.ts";

/**
 * Suggestions for the incident forms' "affected services" fields (a datalist: any slug can be
 * typed). Every service of a 10,000-service organization made those pages 200–340 KB and
 * held the event loop for each render; the first few hundred by name are a suggestion list.
 */
export const FORM_SERVICE_SUGGESTIONS = 200;
/** More services than this on incidents and the learnings filter lists only the first, by name. */
const FILTER_SERVICES_MAX = 2_000;

type TOptions = { services: { slug: string; name: string }[]; teams: { slug: string; name: string }[] };

/** What the incident forms offer: service suggestions and every team, by name. */
export async function listFormOptions(organizationId: string): Promise<TOptions> {
  const [services, teams] = await Promise.all([findServiceOptions(organizationId, FORM_SERVICE_SUGGESTIONS), findTeams(organizationId)]);
  return { services, teams: teams.map(({ slug, name }) => ({ slug, name })) };
}

/**
 * What the learnings filter offers: the services named on an incident (no other service can
 * match a learning, and a 10,000-option select is 300 KB of HTML) and every team.
 */
export async function listLearningFilterOptions(organizationId: string): Promise<TOptions> {
  const [services, teams] = await Promise.all([findServiceOptions(organizationId, FILTER_SERVICES_MAX, { withIncidents: true }), findTeams(organizationId)]);
  return { services, teams: teams.map(({ slug, name }) => ({ slug, name })) };
}
