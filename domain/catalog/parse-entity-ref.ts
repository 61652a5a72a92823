import type { EntityRef } from "./catalog-types.ts";

export interface EntityRefContext {
  /** Kind used when the reference has none; fields such as `spec.dependsOn` have no default. */
  defaultKind?: string;
  /** Backstage defaults to the referring entity's namespace, not to `default`. */
  defaultNamespace: string;
}

export type ParseEntityRefResult = { ok: true; ref: EntityRef } | { ok: false; message: string };

/**
 * Parses `[<kind>:][<namespace>/]<name>` the way Backstage's `parseEntityRef` does, so
 * a catalog that Backstage accepts resolves to the same entities here. Parts are
 * lowercased because Backstage compares references case-insensitively.
 */
export function parseEntityRef(text: string, context: EntityRefContext): ParseEntityRefResult {
  const trimmed = text.trim();
  let colonIndex = trimmed.indexOf(":");
  const slashIndex = trimmed.indexOf("/");
  // Backstage: a "/" before the ":" means there is no kind, the ":" belongs to the name.
  if (slashIndex !== -1 && slashIndex < colonIndex) colonIndex = -1;

  const kind = colonIndex === -1 ? undefined : trimmed.slice(0, colonIndex);
  const namespace = slashIndex === -1 ? undefined : trimmed.slice(colonIndex + 1, slashIndex);
  const name = trimmed.slice(Math.max(colonIndex + 1, slashIndex + 1));
  const shape = `must look like [<kind>:][<namespace>/]<name>, e.g. "group:default/payments" (got ${JSON.stringify(text)})`;
  if (kind === "" || namespace === "" || name === "") return { ok: false, message: shape };

  const resolvedKind = kind ?? context.defaultKind;
  if (resolvedKind === undefined) {
    return {
      ok: false,
      message: `needs a kind, e.g. "component:${name}" or "resource:${name}" (got ${JSON.stringify(text)})`,
    };
  }
  return {
    ok: true,
    ref: {
      kind: resolvedKind.toLowerCase(),
      namespace: (namespace ?? context.defaultNamespace).toLowerCase(),
      name: name.toLowerCase(),
    },
  };
}

/** `kind:namespace/name`, lowercase: the key references are matched on. */
export function stringifyEntityRef(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLowerCase();
}
