import { stringify } from "yaml";
import { CATALOG_ANNOTATION } from "@/domain/catalog/catalog-annotations.ts";
import { findCatalogForExport, type TCatalogForExport } from "./catalog-export.repository.ts";

const API_VERSION = "backstage.io/v1alpha1";

/**
 * What Plumbline holds, declared and discovered, as Backstage `catalog-info.yaml`
 * documents (GET /api/v1/catalog/export?format=backstage): Groups, Users, Domains,
 * Systems, APIs, Resources and Components, with owners (a User owner as `user:<name>`),
 * memberships, declared dependencies and API relations. Importing it into an empty
 * organization gives the same catalog.
 */
export async function exportBackstageCatalog(organizationId: string): Promise<string> {
  return buildBackstageExport(await findCatalogForExport(organizationId));
}

export function buildBackstageExport(data: TCatalogForExport): string {
  const handleByEmail = new Map(data.people.map((p) => [p.email, p.handle ?? p.email.split("@")[0] ?? p.email]));
  const personalTeams = new Map(data.teams.filter((t) => t.personEmail !== null).map((t) => [t.slug, handleByEmail.get(t.personEmail ?? "") ?? t.slug]));
  const owner = (slug: string | undefined | null, unresolved?: string | null): string | null =>
    slug ? (personalTeams.has(slug) ? `user:default/${personalTeams.get(slug)}` : `group:default/${slug}`) : (unresolved ?? null);
  const documents: Record<string, unknown>[] = [];
  const metadata = (name: string, extra: { title?: string | null; description?: string | null; annotations?: Record<string, string>; tags?: string[]; links?: unknown }) => ({
    name,
    ...(extra.title ? { title: extra.title } : {}),
    ...(extra.description ? { description: extra.description } : {}),
    ...(extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: extra.annotations } : {}),
    ...(extra.tags && extra.tags.length > 0 ? { tags: extra.tags } : {}),
    ...(Array.isArray(extra.links) && extra.links.length > 0 ? { links: extra.links } : {}),
  });

  for (const team of data.teams.filter((t) => t.personEmail === null)) {
    const owners = team.memberships.filter((m) => m.role === "owner").map((m) => handleByEmail.get(m.person.email) ?? m.person.email);
    documents.push({
      apiVersion: API_VERSION,
      kind: "Group",
      metadata: metadata(team.slug, {
        description: team.description,
        annotations: {
          ...(team.slackChannel ? { [CATALOG_ANNOTATION.slackChannel]: team.slackChannel } : {}),
          ...(team.slackDmApprovers ? { [CATALOG_ANNOTATION.slackDmApprovers]: "true" } : {}),
          ...(owners.length > 0 ? { [CATALOG_ANNOTATION.owners]: owners.join(",") } : {}),
        },
      }),
      spec: {
        type: "team",
        profile: { displayName: team.name, ...(team.email ? { email: team.email } : {}) },
        ...(team.parentSlug ? { parent: team.parentSlug } : {}),
        children: [],
        members: team.memberships.map((m) => handleByEmail.get(m.person.email) ?? m.person.email),
      },
    });
  }
  for (const person of data.people) {
    documents.push({
      apiVersion: API_VERSION,
      kind: "User",
      metadata: metadata(handleByEmail.get(person.email) ?? person.email, { annotations: person.slackUserId ? { [CATALOG_ANNOTATION.slackUserId]: person.slackUserId } : {} }),
      spec: { profile: { displayName: person.name, email: person.email }, memberOf: [] },
    });
  }
  for (const entry of data.entries.filter((e) => e.kind === "domain")) {
    documents.push({
      apiVersion: API_VERSION,
      kind: "Domain",
      metadata: metadata(entry.slug, { title: entry.name === entry.slug ? null : entry.name, description: entry.description, tags: entry.tags, links: entry.links }),
      spec: { ...withOwner(owner(entry.ownerTeam?.slug, entry.unresolvedOwnerRef)), ...(entry.domainSlug ? { subdomainOf: entry.domainSlug } : {}) },
    });
  }
  for (const system of data.systems) {
    documents.push({
      apiVersion: API_VERSION,
      kind: "System",
      metadata: metadata(system.slug, { title: system.name === system.slug ? null : system.name, description: system.description }),
      spec: { ...withOwner(owner(system.ownerTeam?.slug)), ...(system.domainSlug ? { domain: system.domainSlug } : {}) },
    });
  }
  for (const entry of data.entries.filter((e) => e.kind !== "domain")) {
    const source = entry.definitionSource as { kind?: string; location?: string } | null;
    const definition = entry.definition ?? (source?.location ? { $text: source.location } : null);
    documents.push({
      apiVersion: API_VERSION,
      kind: entry.kind === "api" ? "API" : "Resource",
      metadata: metadata(entry.slug, { title: entry.name === entry.slug ? null : entry.name, description: entry.description, tags: entry.tags, links: entry.links }),
      spec: {
        ...(entry.type ? { type: entry.type } : {}),
        ...(entry.lifecycle ? { lifecycle: entry.lifecycle } : {}),
        ...withOwner(owner(entry.ownerTeam?.slug, entry.unresolvedOwnerRef)),
        ...(entry.systemSlug ? { system: entry.systemSlug } : {}),
        ...(entry.kind === "resource" && entry.dependsOnRefs.length > 0 ? { dependsOn: entry.dependsOnRefs } : {}),
        ...(entry.kind === "api" && definition !== null ? { definition } : {}),
      },
    });
  }
  const dependsOn = new Map<string, string[]>();
  for (const edge of data.edges) {
    if (!edge.caller) continue;
    dependsOn.set(edge.caller.slug, [...(dependsOn.get(edge.caller.slug) ?? []), `component:default/${edge.callee.slug}`]);
  }
  const apis = data.entries.filter((e) => e.kind === "api");
  for (const service of data.services) {
    const provenance = (service.provenance ?? {}) as Record<string, { unresolvedRef?: string }>;
    const annotations: Record<string, string> = {
      ...((service.annotations ?? {}) as Record<string, string>),
      ...(service.tier !== null ? { [CATALOG_ANNOTATION.tier]: String(service.tier) } : {}),
      ...(service.repoUrl ? { [CATALOG_ANNOTATION.repo]: service.repoUrl } : {}),
      ...(service.runbookUrl ? { [CATALOG_ANNOTATION.runbook]: service.runbookUrl } : {}),
      ...(service.slackChannel ? { [CATALOG_ANNOTATION.slackChannel]: service.slackChannel } : {}),
    };
    documents.push({
      apiVersion: API_VERSION,
      kind: "Component",
      metadata: metadata(service.slug, { title: service.name === service.slug ? null : service.name, description: service.description, annotations, tags: service.tags, links: service.links }),
      spec: {
        type: service.type ?? "service",
        lifecycle: service.lifecycle ?? "production",
        // A discovered service without an owner names none Backstage would accept: it is exported as owned by "unknown".
        owner: owner(service.ownerTeam?.slug, provenance["owner"]?.unresolvedRef) ?? "group:default/unknown",
        ...(service.system ? { system: service.system.slug } : {}),
        ...(service.subcomponentOfRef ? { subcomponentOf: service.subcomponentOfRef } : {}),
        dependsOn: [...(dependsOn.get(service.slug) ?? []).sort(), ...service.resourceRefs],
        providesApis: apis.filter((a) => a.providerServiceSlugs.includes(service.slug)).map((a) => `api:default/${a.slug}`),
        consumesApis: apis.filter((a) => a.consumerServiceSlugs.includes(service.slug)).map((a) => `api:default/${a.slug}`),
      },
    });
  }
  return documents.map((document) => stringify(document, { lineWidth: 0 })).join("---\n");
}

function withOwner(ownerRef: string | null): { owner?: string } {
  return ownerRef === null ? {} : { owner: ownerRef };
}
