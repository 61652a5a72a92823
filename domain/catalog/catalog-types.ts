/**
 * Types for importing Backstage `catalog-info.yaml` files into Plumbline.
 *
 * Two stages, both pure: `parseCatalogFile` checks one file document by document and
 * yields `CatalogEntity` values (each still pointing at other entities by reference);
 * `buildCatalogSnapshot` resolves those references across all files and yields the
 * plain-data `CatalogSnapshot` that a repository can write.
 */

export type CatalogProblemSeverity = "error" | "warning";

/**
 * Something a catalog author should fix. An error means the entity (or the whole
 * document) was not imported; a warning means it was imported without that fact.
 */
export interface CatalogProblem {
  file: string;
  /** 0-based index of the YAML document in the file. */
  documentIndex: number;
  /** 0-based position in a document that is a YAML list of objects (OpenSLO allows those). */
  itemIndex?: number;
  /** Backstage ref of the entity, e.g. `component:default/checkout`, once its kind and name are known. */
  entityRef?: string;
  /** Dotted path, e.g. `spec.owner`, `spec.dependsOn[2]` or `metadata.annotations.plumbline.dev/tier`; `(yaml)` for syntax errors. */
  field: string;
  /** Says what is wrong and what would be accepted, e.g. `must be one of 1, 2, 3 (got "banana")`. */
  message: string;
  severity: CatalogProblemSeverity;
}

/** A problem before it is pinned to a file and document, as returned by the per-field readers. */
export interface CatalogFinding {
  field: string;
  message: string;
  severity: CatalogProblemSeverity;
}

/** One non-empty YAML document of an import, whatever it turned out to be, so every one is accounted for. */
export interface CatalogDocumentRead {
  file: string;
  documentIndex: number;
  /** Set for each object of a document that is a YAML list of OpenSLO objects. */
  itemIndex?: number;
  /** `openslo` when its apiVersion says so, `yaml` when it could not be read as a mapping, else `backstage`. */
  format: "backstage" | "openslo" | "yaml";
  /** `kind` as written (e.g. `Component`, `SLO`), or a parenthesised label when it has none. */
  kind: string;
}

/** Where an entity was declared, so problems found while resolving can point back at it. */
export interface CatalogSource {
  file: string;
  documentIndex: number;
}

/** A Backstage entity reference with defaults applied; all parts lowercase, as Backstage compares them. */
export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** A reference as written in a document, kept with its field path for problems found later. */
export interface EntityRefAt {
  ref: EntityRef;
  /** e.g. `spec.dependsOn[1]` */
  field: string;
  /** The reference as the author wrote it, quoted back in messages. */
  text: string;
}

export interface CatalogLink {
  title: string;
  url: string;
  icon?: string;
}

/** Fields every supported kind has once its metadata is checked. */
export interface CatalogEntityBase {
  source: CatalogSource;
  ref: EntityRef;
  /** `kind:namespace/name`, lowercase. */
  entityRef: string;
  /** `metadata.name` as written. */
  name: string;
  title: string | null;
  description: string | null;
  annotations: Record<string, string>;
  tags: string[];
  links: CatalogLink[];
}

export interface ComponentEntity extends CatalogEntityBase {
  kind: "component";
  /** `plumbline.dev/service` annotation, else derived from `metadata.name`. */
  slug: string;
  type: string | null;
  lifecycle: string | null;
  owner: EntityRefAt;
  system: EntityRefAt | null;
  /** `spec.subcomponentOf`: the component this one is part of. */
  subcomponentOf: EntityRefAt | null;
  dependsOn: EntityRefAt[];
  dependencyOf: EntityRefAt[];
  providesApis: EntityRefAt[];
  consumesApis: EntityRefAt[];
  tier: 1 | 2 | 3 | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
}

export interface SystemEntity extends CatalogEntityBase {
  kind: "system";
  slug: string;
  owner: EntityRefAt | null;
  domain: EntityRefAt | null;
}

export interface GroupEntity extends CatalogEntityBase {
  kind: "group";
  slug: string;
  /** `spec.type` (team, department, ...): every Group becomes a team regardless. */
  type: string | null;
  displayName: string | null;
  email: string | null;
  slackChannel: string | null;
  /** `plumbline.dev/slack-dm-approvers: "true"`: approval requests also go to the deciders by DM. */
  slackDmApprovers?: true;
  parent: EntityRefAt | null;
  children: EntityRefAt[];
  members: EntityRefAt[];
  /** From the `plumbline.dev/owners` annotation. */
  owners: EntityRefAt[];
}

export interface UserEntity extends CatalogEntityBase {
  kind: "user";
  /** Lowercased: people are identified by email across sources. */
  email: string;
  displayName: string | null;
  slackUserId: string | null;
  memberOf: EntityRefAt[];
}

/** Where an API's definition is: the text in the document, a file beside it (`$text: ./openapi.yaml`), or a URL (not fetched). */
export type ApiDefinitionSource =
  | { kind: "inline"; text: string }
  | { kind: "file"; path: string }
  | { kind: "remote"; url: string };

export interface ApiEntity extends CatalogEntityBase {
  kind: "api";
  slug: string;
  type: string | null;
  lifecycle: string | null;
  owner: EntityRefAt | null;
  system: EntityRefAt | null;
  definition: ApiDefinitionSource | null;
}

export interface ResourceEntity extends CatalogEntityBase {
  kind: "resource";
  slug: string;
  type: string | null;
  owner: EntityRefAt | null;
  system: EntityRefAt | null;
  dependsOn: EntityRefAt[];
  dependencyOf: EntityRefAt[];
}

export interface DomainEntity extends CatalogEntityBase {
  kind: "domain";
  slug: string;
  type: string | null;
  owner: EntityRefAt | null;
  subdomainOf: EntityRefAt | null;
}

export type CatalogEntity = ComponentEntity | SystemEntity | GroupEntity | UserEntity | ApiEntity | ResourceEntity | DomainEntity;

export type CatalogEntityKind = CatalogEntity["kind"];

export interface CatalogTeam {
  slug: string;
  name: string;
  description: string | null;
  slackChannel: string | null;
  /** Present (true) only when the Group asks for DMs. */
  slackDmApprovers?: true;
  parentSlug: string | null;
  email: string | null;
  /** Set for the team of one that stands for a User owner (domain/catalog/personal-team.ts). */
  personEmail?: string;
}

export interface CatalogPerson {
  email: string;
  name: string;
  /** User `metadata.name`. */
  handle: string;
  slackUserId: string | null;
}

export type CatalogMembershipRole = "owner" | "member";

export interface CatalogMembership {
  teamSlug: string;
  personEmail: string;
  role: CatalogMembershipRole;
}

export interface CatalogService {
  slug: string;
  /** `metadata.title` ?? `metadata.name` */
  name: string;
  description: string | null;
  /** Null when the owner named does not exist (yet): see `unresolvedOwnerRef`. A User owner owns through its personal team. */
  ownerTeamSlug: string | null;
  /** The owner as written, `group:default/payments` or `user:default/jane`, when it does not exist; shown as an unknown owner. */
  unresolvedOwnerRef?: string;
  tier: 1 | 2 | 3 | null;
  lifecycle: string | null;
  type: string | null;
  systemSlug: string | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
  links: CatalogLink[];
  tags: string[];
  annotations: Record<string, string>;
  /** `spec.dependsOn` entries of kind resource (databases, queues, buckets), `resource:default/orders-db`, sorted. */
  resourceRefs?: string[];
  /** `spec.subcomponentOf` as `component:default/checkout`. */
  subcomponentOfRef?: string;
  /** API slugs. */
  providesApis: string[];
  /** API slugs. */
  consumesApis: string[];
}

export interface CatalogSystem {
  slug: string;
  name: string;
  description: string | null;
  ownerTeamSlug: string | null;
  /** `spec.domain` as a domain slug; kept as written even when that Domain is not declared (with a warning). */
  domainSlug?: string;
}

export type CatalogEntryKind = "api" | "resource" | "domain";

/** An API, Resource or Domain, resolved: what the CatalogEntry table stores. */
export interface CatalogEntry {
  kind: CatalogEntryKind;
  slug: string;
  entityRef: string;
  name: string;
  description: string | null;
  type: string | null;
  lifecycle: string | null;
  ownerTeamSlug: string | null;
  unresolvedOwnerRef: string | null;
  systemSlug: string | null;
  domainSlug: string | null;
  dependsOnRefs: string[];
  /** API: services providing it. Resource: services depending on it. Sorted. */
  providerServiceSlugs: string[];
  /** API: services consuming it. Sorted. */
  consumerServiceSlugs: string[];
  definition: ApiDefinitionSource | null;
  links: CatalogLink[];
  tags: string[];
  annotations: Record<string, string>;
}

export type CatalogEdgeVia = "dependsOn" | "consumesApi";

export interface CatalogDeclaredEdge {
  callerSlug: string;
  calleeSlug: string;
  via: CatalogEdgeVia;
}

/**
 * Teams and services the organization already has (from earlier imports or from
 * Kubernetes) but the files being imported do not declare, so one file imported on
 * its own can still name its owner team and its dependencies.
 */
export interface CatalogKnownSlugs {
  teamSlugs?: Iterable<string>;
  serviceSlugs?: Iterable<string>;
}

/** Everything the catalog files declare, resolved; every array sorted so equal catalogs give equal snapshots. */
export interface CatalogSnapshot {
  teams: CatalogTeam[];
  people: CatalogPerson[];
  memberships: CatalogMembership[];
  services: CatalogService[];
  systems: CatalogSystem[];
  /** APIs, Resources and Domains, sorted by kind then slug. */
  entries: CatalogEntry[];
  declaredEdges: CatalogDeclaredEdge[];
}

/** What checking one document gives: the entity unless an error prevents it, and every finding. */
export interface ParsedCatalogDocument<T extends CatalogEntity = CatalogEntity> {
  entity: T | null;
  findings: CatalogFinding[];
}
