import type { EntityRefAt } from "./catalog-types.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { toSlug } from "./to-slug.ts";

/** A Group reference as a team slug: a Group declared here, else a team the organization already has. */
export function resolveTeamSlug(index: CatalogIndex, at: EntityRefAt): { ok: true; teamSlug: string } | { ok: false; message: string } {
  const group = resolveEntityRef(index, at, "group");
  if (group.ok) return { ok: true, teamSlug: group.entity.slug };
  const slug = toSlug(at.ref.name);
  if (group.reason === "unknown" && index.knownTeamSlugs.has(slug)) return { ok: true, teamSlug: slug };
  return { ok: false, message: group.message };
}
