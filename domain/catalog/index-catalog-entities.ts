import { annotationField, CATALOG_ANNOTATION } from "./catalog-annotations.ts";
import type { CatalogEntity, CatalogKnownSlugs, CatalogProblem } from "./catalog-types.ts";
import { problemAt } from "./problem-at.ts";

/** Entities that survived de-duplication, findable by their lowercase `kind:namespace/name`. */
export interface CatalogIndex {
  entities: CatalogEntity[];
  byRef: ReadonlyMap<string, CatalogEntity>;
  /** Slugs that resolve references even though no entity here declares them. */
  knownTeamSlugs: ReadonlySet<string>;
  knownServiceSlugs: ReadonlySet<string>;
}

interface Identity {
  key: string;
  /** The field to blame when this identity is taken. */
  field: string;
  /** How the identity reads in a message, e.g. `slug "checkout"`. */
  label: string;
}

/**
 * Drops every entity that would collide with an earlier one: same Backstage ref, same
 * Plumbline slug (namespaces collapse, and `plumbline.dev/service` can make two names
 * one slug), or for people the same email. The first declaration wins, so the result
 * depends only on the order entities are given in.
 */
export function indexCatalogEntities(
  entities: readonly CatalogEntity[],
  known: CatalogKnownSlugs = {},
): { index: CatalogIndex; problems: CatalogProblem[] } {
  const kept: CatalogEntity[] = [];
  const byRef = new Map<string, CatalogEntity>();
  const taken = new Map<string, CatalogEntity>();
  const problems: CatalogProblem[] = [];

  for (const entity of entities) {
    const wanted = identities(entity);
    const clash = wanted.find(({ key }) => taken.has(key));
    const first = clash === undefined ? undefined : taken.get(clash.key);
    if (clash !== undefined && first !== undefined) {
      problems.push(problemAt(entity, clash.field, duplicateMessage(clash, first), "error"));
      continue;
    }
    kept.push(entity);
    byRef.set(entity.entityRef, entity);
    for (const { key } of wanted) taken.set(key, entity);
  }
  const knownTeamSlugs = new Set(known.teamSlugs ?? []);
  const knownServiceSlugs = new Set(known.serviceSlugs ?? []);
  return { index: { entities: kept, byRef, knownTeamSlugs, knownServiceSlugs }, problems };
}

function identities(entity: CatalogEntity): Identity[] {
  const ref = { key: `ref ${entity.entityRef}`, field: "metadata.name", label: `entity ${entity.entityRef}` };
  if (entity.kind === "user") {
    return [
      ref,
      { key: `user name ${entity.name.toLowerCase()}`, field: "metadata.name", label: `user name "${entity.name}"` },
      { key: `user email ${entity.email}`, field: "spec.profile.email", label: `email "${entity.email}"` },
    ];
  }
  const slugField =
    entity.kind === "component" && entity.annotations[CATALOG_ANNOTATION.service] !== undefined
      ? annotationField(CATALOG_ANNOTATION.service)
      : "metadata.name";
  return [ref, { key: `${entity.kind} slug ${entity.slug}`, field: slugField, label: `${entity.kind} slug "${entity.slug}"` }];
}

function duplicateMessage(clash: Identity, first: CatalogEntity): string {
  const where = `${first.source.file}, document ${first.source.documentIndex + 1}`;
  const what = clash.key.startsWith("ref ") ? `duplicate of ${first.entityRef}` : `${clash.label} is already used by ${first.entityRef}`;
  return `${what}, declared first in ${where}; this one is not imported`;
}
