import type { CatalogEntity, CatalogEntityKind, EntityRefAt } from "./catalog-types.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { stringifyEntityRef } from "./parse-entity-ref.ts";
import { suggestName } from "./suggest-name.ts";

export type EntityOfKind<K extends CatalogEntityKind> = Extract<CatalogEntity, { kind: K }>;

export type ResolvedEntityRef<K extends CatalogEntityKind> =
  | { ok: true; entity: EntityOfKind<K> }
  | { ok: false; reason: "wrong-kind" | "unknown"; message: string };

const KIND_LABEL: Record<CatalogEntityKind, { name: string; article: string }> = {
  component: { name: "Component", article: "a" },
  system: { name: "System", article: "a" },
  group: { name: "Group", article: "a" },
  user: { name: "User", article: "a" },
  api: { name: "API", article: "an" },
  resource: { name: "Resource", article: "a" },
  domain: { name: "Domain", article: "a" },
};

/** Finds the entity a reference points at, or says why not, with a "did you mean" when one is close. */
export function resolveEntityRef<K extends CatalogEntityKind>(
  index: CatalogIndex,
  at: EntityRefAt,
  kind: K,
): ResolvedEntityRef<K> {
  const label = KIND_LABEL[kind];
  if (at.ref.kind !== kind) {
    const message = `must reference ${label.article} ${label.name} (got ${JSON.stringify(at.text)}, kind ${at.ref.kind})`;
    return { ok: false, reason: "wrong-kind", message };
  }
  const entity = index.byRef.get(stringifyEntityRef(at.ref));
  if (entity !== undefined && entity.kind === kind) return { ok: true, entity: entity as EntityOfKind<K> };
  return { ok: false, reason: "unknown", message: unknownMessage(index, at, label.name) };
}

function unknownMessage(index: CatalogIndex, at: EntityRefAt, label: string): string {
  const { kind, namespace, name } = at.ref;
  const inNamespace = namespace === "default" ? "" : ` in namespace "${namespace}"`;
  const sameKind = index.entities.filter((entity) => entity.ref.kind === kind && entity.ref.namespace === namespace);
  const suggestion = suggestName(name, sameKind.map((entity) => entity.ref.name));
  const hint = suggestion === null ? "" : ` (did you mean "${suggestion}"?)`;
  return `no ${label} named "${name}"${inNamespace} in the catalog${hint}`;
}
