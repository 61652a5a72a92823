import { getPrisma } from "@/server/db/client.ts";
import type { TCatalogEntryDetail, TCatalogEntryKind, TCatalogEntryRef, TCatalogEntrySummary, TLink } from "./catalog.schemas.ts";
import { definitionLanguage } from "./definition-language.ts";

const TEAM_REF = { select: { slug: true, name: true, personEmail: true } } as const;
const SUMMARY_SELECT = {
  kind: true,
  slug: true,
  entityRef: true,
  name: true,
  description: true,
  type: true,
  lifecycle: true,
  unresolvedOwnerRef: true,
  ownerTeam: TEAM_REF,
} as const;

function toSummary(row: {
  kind: string;
  slug: string;
  entityRef: string;
  name: string;
  description: string | null;
  type: string | null;
  lifecycle: string | null;
  unresolvedOwnerRef: string | null;
  ownerTeam: { slug: string; name: string; personEmail: string | null } | null;
}): TCatalogEntrySummary {
  return { ...row, kind: row.kind as TCatalogEntryKind };
}

/** APIs, Resources and Domains of the organization, by kind then name. */
export async function findCatalogEntries(organizationId: string, kind?: TCatalogEntryKind): Promise<TCatalogEntrySummary[]> {
  const rows = await getPrisma().catalogEntry.findMany({
    where: { organizationId, ...(kind ? { kind } : {}) },
    select: SUMMARY_SELECT,
    orderBy: [{ kind: "asc" }, { name: "asc" }],
  });
  return rows.map(toSummary);
}

export async function findCatalogEntryDetail(organizationId: string, kind: TCatalogEntryKind, slug: string): Promise<TCatalogEntryDetail | null> {
  const prisma = getPrisma();
  const row = await prisma.catalogEntry.findUnique({
    where: { organizationId_kind_slug: { organizationId, kind, slug } },
    select: {
      ...SUMMARY_SELECT,
      systemSlug: true,
      domainSlug: true,
      dependsOnRefs: true,
      providerServiceSlugs: true,
      consumerServiceSlugs: true,
      definition: true,
      definitionSource: true,
      tags: true,
      links: true,
    },
  });
  if (row === null) return null;
  const serviceSlugs = [...new Set([...row.providerServiceSlugs, ...row.consumerServiceSlugs])];
  const [services, system, parentDomain, systems, subdomains] = await Promise.all([
    prisma.service.findMany({ where: { organizationId, slug: { in: serviceSlugs } }, select: { slug: true, name: true } }),
    row.systemSlug === null ? null : prisma.system.findUnique({ where: { organizationId_slug: { organizationId, slug: row.systemSlug } }, select: { slug: true, name: true } }),
    kind === "domain" && row.domainSlug !== null ? findEntryRef(organizationId, "domain", row.domainSlug) : null,
    kind === "domain" ? prisma.system.findMany({ where: { organizationId, domainSlug: slug }, select: { slug: true, name: true }, orderBy: { name: "asc" } }) : [],
    kind === "domain"
      ? prisma.catalogEntry.findMany({ where: { organizationId, kind: "domain", domainSlug: slug }, select: { slug: true, name: true, entityRef: true }, orderBy: { name: "asc" } })
      : [],
  ]);
  const names = new Map(services.map((s) => [s.slug, s.name]));
  const related = (slugs: string[]) => slugs.map((s) => ({ slug: s, name: names.get(s) ?? s, known: names.has(s) }));
  const source = row.definitionSource as { kind: string; location?: string; note?: string } | null;
  return {
    ...toSummary(row),
    system: row.systemSlug === null ? null : (system ? { ...system, known: true } : { slug: row.systemSlug, name: row.systemSlug, known: false }),
    parentDomain,
    dependsOnRefs: row.dependsOnRefs,
    providers: related(row.providerServiceSlugs),
    consumers: related(row.consumerServiceSlugs),
    systems,
    subdomains: subdomains.map((d) => ({ kind: "domain", ...d, known: true })),
    definition:
      source === null
        ? null
        : { text: row.definition, language: definitionLanguage(row.type, row.definition), source },
    tags: row.tags,
    links: (row.links ?? []) as unknown as TLink[],
  };
}

async function findEntryRef(organizationId: string, kind: TCatalogEntryKind, slug: string): Promise<TCatalogEntryRef> {
  const row = await getPrisma().catalogEntry.findUnique({
    where: { organizationId_kind_slug: { organizationId, kind, slug } },
    select: { slug: true, name: true, entityRef: true },
  });
  return row ? { kind, ...row, known: true } : { kind, slug, name: slug, entityRef: `${kind}:default/${slug}`, known: false };
}

/** The APIs a service provides and consumes, and the Resources it depends on (known or not), for its page. */
export async function findServiceEntryRelations(
  organizationId: string,
  service: { slug: string; resourceRefs: string[] },
): Promise<{ providesApis: TCatalogEntryRef[]; consumesApis: TCatalogEntryRef[]; resources: TCatalogEntryRef[] }> {
  const prisma = getPrisma();
  const [apis, resources] = await Promise.all([
    prisma.catalogEntry.findMany({
      where: { organizationId, kind: "api", OR: [{ providerServiceSlugs: { has: service.slug } }, { consumerServiceSlugs: { has: service.slug } }] },
      select: { slug: true, name: true, entityRef: true, providerServiceSlugs: true, consumerServiceSlugs: true },
      orderBy: { name: "asc" },
    }),
    prisma.catalogEntry.findMany({
      where: { organizationId, kind: "resource", OR: [{ entityRef: { in: service.resourceRefs } }, { providerServiceSlugs: { has: service.slug } }] },
      select: { slug: true, name: true, entityRef: true },
      orderBy: { name: "asc" },
    }),
  ]);
  const apiRef = (api: { slug: string; name: string; entityRef: string }): TCatalogEntryRef => ({ kind: "api", slug: api.slug, name: api.name, entityRef: api.entityRef, known: true });
  const knownResources = new Set(resources.map((r) => r.entityRef));
  const unknownResources = service.resourceRefs
    .filter((ref) => !knownResources.has(ref))
    .map((ref): TCatalogEntryRef => {
      const name = ref.slice(ref.indexOf("/") + 1);
      return { kind: "resource", slug: name, name, entityRef: ref, known: false };
    });
  return {
    providesApis: apis.filter((api) => api.providerServiceSlugs.includes(service.slug)).map(apiRef),
    consumesApis: apis.filter((api) => api.consumerServiceSlugs.includes(service.slug)).map(apiRef),
    resources: [...resources.map((r): TCatalogEntryRef => ({ kind: "resource", ...r, known: true })), ...unknownResources],
  };
}
