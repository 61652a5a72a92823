import type { TServiceStaleness } from "@/domain/catalog/assess-service-staleness.ts";
import { z } from "zod";
import type { TSloSummary } from "@/server/slo/slo.schemas.ts";

/** What the pages and the API read about services and teams: plain data, no Prisma types. */

export const SLO_STATUSES = ["healthy", "at_risk", "breached", "no_data"] as const;
export type TSloStatus = (typeof SLO_STATUSES)[number];

export const SERVICE_SORTS = ["name", "tier", "team", "dependents", "budget"] as const;
export type TServiceSort = (typeof SERVICE_SORTS)[number];

export const ZServiceListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  team: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]+$/, "team must be a team slug such as payments")
    .optional(),
  tier: z.coerce.number().int().min(1, "tier must be 1, 2 or 3").max(3, "tier must be 1, 2 or 3").optional(),
  /** Worst SLO status of the service (`none`: no SLOs defined). */
  status: z.enum([...SLO_STATUSES, "none"]).optional(),
  /** `true`: only stale services (no workloads, no traffic for PLUMBLINE_STALE_AFTER; kept ones are not stale); `false`: none of them. */
  stale: z.enum(["true", "false"], { error: "stale must be true or false" }).optional(),
  /** `true`: only archived services, which the list otherwise leaves out. */
  archived: z.enum(["true", "false"], { error: "archived must be true or false" }).optional(),
  sort: z.enum(SERVICE_SORTS).default("name"),
  order: z.enum(["asc", "desc"]).default("asc"),
});
export type TServiceListQuery = z.infer<typeof ZServiceListQuery>;

export const SERVICE_PAGE_DEFAULT_LIMIT = 50;
export const SERVICE_PAGE_MAX_LIMIT = 200;

/** One page of the catalog: the filters and sort above, plus keyset pagination. */
export const ZServicePageQuery = ZServiceListQuery.extend({
  limit: z.coerce
    .number()
    .int(`limit must be a whole number from 1 to ${SERVICE_PAGE_MAX_LIMIT}`)
    .min(1, `limit must be a whole number from 1 to ${SERVICE_PAGE_MAX_LIMIT}`)
    .max(SERVICE_PAGE_MAX_LIMIT, `limit must be a whole number from 1 to ${SERVICE_PAGE_MAX_LIMIT}`)
    .default(SERVICE_PAGE_DEFAULT_LIMIT),
  /** `nextCursor` of the previous page, opaque; only valid with the same sort and order. */
  cursor: z.string().trim().max(600).optional(),
});
export type TServicePageQuery = z.infer<typeof ZServicePageQuery>;

export interface TServicePage {
  services: TServiceSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Services matching the filters and search, over all pages. */
  total: number;
  limit: number;
}

export interface TTeamRef {
  slug: string;
  name: string;
  /** Set when the owner is a Backstage User, standing as a team of one (domain/catalog/personal-team.ts). */
  personEmail?: string | null;
}

export interface TServiceSummary {
  slug: string;
  name: string;
  description: string | null;
  tier: number | null;
  lifecycle: string | null;
  system: string | null;
  ownerTeam: TTeamRef | null;
  dependencyCount: number;
  dependentCount: number;
  /** Worst SLO status, null when the service has no SLOs defined yet. */
  sloStatus: TSloStatus | null;
  /** Lowest budget remaining over its SLOs (1 = untouched, <= 0 spent). */
  budgetRemaining: number | null;
  workloadCount: number;
}

export interface TLink {
  title: string;
  url: string;
  icon?: string;
}

/** Where a fact on the service page came from: catalog file, Kubernetes, the UI... */
export interface TFactProvenance {
  source: string;
  origin?: string;
  observedValue?: string | number | null;
  observedSource?: string;
  /** A reference the catalog made to an entity that does not exist, e.g. the owner `group:default/nobody`. */
  unresolvedRef?: string;
}

export interface TServiceWarning {
  field: string;
  message: string;
  source: string;
}

export interface TEdgeVersionTraffic {
  version: string;
  requestRate: number;
  successRatio: number | null;
}

export interface TServiceRelation {
  service: { slug: string; name: string; tier: number | null; ownerTeam: TTeamRef | null; sloStatus: TSloStatus | null };
  source: "mesh" | "declared";
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  /** Mesh edges: traffic by the callee's version (Istio canonical revision), e.g. v2 vs v3 during a rollout; null when unknown. */
  calleeVersions: TEdgeVersionTraffic[] | null;
  lastSeenAt: string | null;
  stale: boolean;
  /** Mesh source, and the catalog declares the same call too. */
  alsoDeclared: boolean;
  /**
   * Share of the callee's inbound mesh traffic this edge carries (0–1): for a dependent,
   * of this service's inbound traffic; for a dependency, of that service's. Null when
   * nothing was measured.
   */
  trafficShare: number | null;
}

export interface TServiceDetail extends TServiceSummary {
  type: string | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
  links: TLink[];
  tags: string[];
  provenance: Record<string, TFactProvenance>;
  warnings: TServiceWarning[];
  /** Infrastructure the catalog says it depends on (`dependsOn: resource:…`), as `resource:default/orders-db`. */
  resourceRefs: string[];
  /** The component this one is part of (`spec.subcomponentOf`), as `component:default/checkout`. */
  subcomponentOfRef: string | null;
  /** APIs it provides and consumes, and the Resources it depends on (`known: false` for one nobody declared). */
  providesApis: TCatalogEntryRef[];
  consumesApis: TCatalogEntryRef[];
  resources: TCatalogEntryRef[];
  dependencies: TServiceRelation[];
  dependents: TServiceRelation[];
  /** Callers outside the mesh, aggregated ("unknown" source). */
  unknownCallers: { requestRate: number | null; lastSeenAt: string | null; trafficShare: number | null } | null;
  counts: { workloads: number; slos: number; changeEvents: number; pendingDeploys: number };
  /** Freshness of the mesh telemetry (SLI counts) for this service; stale is never "healthy". */
  telemetry: { stale: boolean; staleSince: string | null; staleReason: string | null; measuredAt: string | null };
  updatedAt: string;
  /** One per SLO, with its last evaluation and latest transitions (server/slo/get-service-slos.ts). */
  slos: TSloSummary[];
  /** No running workloads and no traffic for PLUMBLINE_STALE_AFTER (14 days): stale; unknown while the telemetry cannot tell. */
  staleness: TServiceStaleness;
  /** Archived by an owner as stale (out of the default list and graph); null when not. Traffic again brings it back. */
  archived: { at: string; reason: string; by: string | null } | null;
}

/** A team as a filter offers it. */
export interface TTeamOption {
  slug: string;
  name: string;
}

export interface TTeamSummary {
  slug: string;
  name: string;
  description: string | null;
  slackChannel: string | null;
  email: string | null;
  /** The User this team of one stands for, when a catalog names a User as owner. */
  personEmail: string | null;
  serviceCount: number;
  memberCount: number;
}

export interface TTeamDetail extends TTeamSummary {
  parent: TTeamRef | null;
  /** Teams whose parent this is (Backstage `spec.children`, or their `spec.parent`), by name. */
  children: TTeamRef[];
  members: { name: string; email: string; handle: string | null; role: "owner" | "member"; slackUserId: string | null }[];
  services: TServiceSummary[];
}

/** The import summary's table as stored with each run (`CatalogImport.counts.accounting`); runs before it have none. */
export const ZImportAccounting = z.object({
  documentsRead: z.number().int(),
  kinds: z.array(
    z.object({
      format: z.enum(["backstage", "openslo", "yaml"]),
      kind: z.string(),
      read: z.number().int(),
      imported: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      skipped: z.number().int(),
      rejected: z.number().int(),
    }),
  ),
  notImported: z.array(
    z.object({
      file: z.string(),
      documentIndex: z.number().int(),
      itemIndex: z.number().int().optional(),
      format: z.enum(["backstage", "openslo", "yaml"]),
      kind: z.string(),
      entityRef: z.string().optional(),
      outcome: z.enum(["skipped", "rejected"]),
      reason: z.string(),
    }),
  ),
});

export interface TCatalogOverview {
  serviceCount: number;
  teamCount: number;
  edgeCount: number;
  lastImport: {
    origin: string;
    finishedAt: string | null;
    succeeded: boolean;
    problemCount: number;
    accounting: z.infer<typeof ZImportAccounting> | null;
  } | null;
}

export const CATALOG_ENTRY_KINDS = ["api", "resource", "domain"] as const;
export type TCatalogEntryKind = (typeof CATALOG_ENTRY_KINDS)[number];

/** A link to an API, Resource or Domain page; `known: false` when the catalog names one nobody declared. */
export interface TCatalogEntryRef {
  kind: TCatalogEntryKind;
  slug: string;
  name: string;
  /** kind:namespace/name as written. */
  entityRef: string;
  known: boolean;
}

export interface TCatalogEntrySummary {
  kind: TCatalogEntryKind;
  slug: string;
  entityRef: string;
  name: string;
  description: string | null;
  type: string | null;
  lifecycle: string | null;
  ownerTeam: TTeamRef | null;
  unresolvedOwnerRef: string | null;
}

/** The page of an API, Resource or Domain: facts, relations by kind, and an API's definition. */
export interface TCatalogEntryDetail extends TCatalogEntrySummary {
  system: { slug: string; name: string; known: boolean } | null;
  /** Domain: its parent domain (`spec.subdomainOf`). */
  parentDomain: TCatalogEntryRef | null;
  dependsOnRefs: string[];
  /** API: providers. Resource: the services that depend on it. */
  providers: { slug: string; name: string; known: boolean }[];
  /** API: consumers. */
  consumers: { slug: string; name: string; known: boolean }[];
  /** Domain: its systems and subdomains. */
  systems: { slug: string; name: string }[];
  subdomains: TCatalogEntryRef[];
  definition: { text: string | null; language: string; source: { kind: string; location?: string; note?: string } } | null;
  tags: string[];
  links: TLink[];
}

/** GET /api/v1/catalog/export: what the catalog is written back as. */
export const ZCatalogExportQuery = z.object({ format: z.enum(["backstage"], { error: "format must be backstage" }).default("backstage") });
