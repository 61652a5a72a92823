import type {
  ApiEntity,
  CatalogEntity,
  CatalogKnownSlugs,
  CatalogMembership,
  CatalogProblem,
  CatalogSnapshot,
  CatalogSource,
  ComponentEntity,
  DomainEntity,
  GroupEntity,
  ResourceEntity,
  SystemEntity,
  UserEntity,
} from "./catalog-types.ts";
import { buildEntries } from "./build-entries.ts";
import { buildDeclaredEdges } from "./build-declared-edges.ts";
import { buildMemberships } from "./build-memberships.ts";
import { buildPeople } from "./build-people.ts";
import { buildServices } from "./build-services.ts";
import { buildSystems } from "./build-systems.ts";
import { buildTeams } from "./build-teams.ts";
import { compareText } from "./compare-text.ts";
import { indexCatalogEntities } from "./index-catalog-entities.ts";
import { buildPersonalTeams } from "./personal-team.ts";

/**
 * Resolves references across all parsed files and yields the plain-data snapshot.
 * Entities must be given in a stable order (e.g. files sorted by path): on duplicates
 * the first declaration wins. `known` lets references to teams and services the
 * organization already has resolve when only some files are imported; they are not
 * added to the snapshot.
 */
export function buildCatalogSnapshot(
  entities: readonly CatalogEntity[],
  known: CatalogKnownSlugs = {},
): { snapshot: CatalogSnapshot; problems: CatalogProblem[]; sources: Map<string, CatalogSource> } {
  const { index, problems } = indexCatalogEntities(entities, known);
  const groups = index.entities.filter((entity): entity is GroupEntity => entity.kind === "group");
  const users = index.entities.filter((entity): entity is UserEntity => entity.kind === "user");
  const components = index.entities.filter((entity): entity is ComponentEntity => entity.kind === "component");
  const systemEntities = index.entities.filter((entity): entity is SystemEntity => entity.kind === "system");
  const apiEntities = index.entities.filter((entity): entity is ApiEntity => entity.kind === "api");
  const resourceEntities = index.entities.filter((entity): entity is ResourceEntity => entity.kind === "resource");
  const domainEntities = index.entities.filter((entity): entity is DomainEntity => entity.kind === "domain");

  const teams = buildTeams(groups, index);
  const memberships = buildMemberships(groups, users, index);
  const systems = buildSystems(systemEntities, index);
  const services = buildServices(components, index);
  const entries = buildEntries(
    { apis: apiEntities, resources: resourceEntities, domains: domainEntities },
    services.imported,
    services.services,
    index,
  );
  const edges = buildDeclaredEdges(services.imported, services.services, index);
  const personal = buildPersonalTeams(
    [...services.imported, ...systemEntities, ...apiEntities, ...resourceEntities, ...domainEntities].flatMap((entity) => (entity.owner === null ? [] : [entity.owner])),
    index,
  );
  // A Group whose slug is a personal team's keeps its own row; the User's approvals then go to that Group.
  const groupSlugs = new Set(teams.teams.map((team) => team.slug));
  const personalTeams = personal.teams.filter((team) => !groupSlugs.has(team.slug));

  // Which document each written row comes from, so an import can account for every document.
  const sources = new Map<string, CatalogSource>([
    ...groups.map((group) => [catalogRowKey("team", group.slug), group.source] as const),
    ...users.map((user) => [catalogRowKey("person", user.email), user.source] as const),
    ...systemEntities.map((system) => [catalogRowKey("system", system.slug), system.source] as const),
    ...services.imported.map((component) => [catalogRowKey("service", component.slug), component.source] as const),
    ...[...apiEntities, ...resourceEntities, ...domainEntities].map((entity) => [catalogRowKey(entity.kind, entity.slug), entity.source] as const),
  ]);

  return {
    sources,
    snapshot: {
      teams: [...teams.teams, ...personalTeams].sort((a, b) => compareText(a.slug, b.slug)),
      people: buildPeople(users),
      memberships: mergeMemberships(memberships.memberships, personal.memberships),
      services: services.services,
      systems: systems.systems,
      entries: entries.entries,
      declaredEdges: edges.declaredEdges,
    },
    // Stable sort: one file's problems together, in document order, resolution stages in order.
    problems: [
      ...problems,
      ...teams.problems,
      ...memberships.problems,
      ...systems.problems,
      ...services.problems,
      ...entries.problems,
      ...edges.problems,
    ].sort((a, b) => compareText(a.file, b.file) || a.documentIndex - b.documentIndex),
  };
}

/** A person who owns through their personal team and is also listed as its member stays one row, as owner. */
function mergeMemberships(declared: readonly CatalogMembership[], personal: readonly CatalogMembership[]): CatalogMembership[] {
  const byKey = new Map(declared.map((m) => [`${m.teamSlug}\n${m.personEmail}`, m]));
  for (const m of personal) byKey.set(`${m.teamSlug}\n${m.personEmail}`, m);
  return [...byKey.values()].sort((a, b) => compareText(a.teamSlug, b.teamSlug) || compareText(a.personEmail, b.personEmail));
}

/** The key of a row the catalog writes: `team:payments`, `person:jane@acme.example`, `system:commerce`, `service:checkout`. */
export function catalogRowKey(table: "team" | "person" | "system" | "service" | "api" | "resource" | "domain", id: string): string {
  return `${table}:${table === "person" ? id.toLowerCase() : id}`;
}
