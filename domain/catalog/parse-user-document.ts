import { catalogErrorMap } from "./catalog-error-map.ts";
import { CATALOG_ANNOTATION } from "./catalog-annotations.ts";
import { ZUserDocument } from "./catalog-schemas.ts";
import type { CatalogSource, ParsedCatalogDocument, UserEntity } from "./catalog-types.ts";
import { readEntityRefs } from "./read-entity-refs.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** A Backstage User becomes a person, identified by email. */
export function parseUserDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<UserEntity> {
  const parsed = ZUserDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("user", metadata, source);
  const memberOf = readEntityRefs(spec.memberOf, "spec.memberOf", {
    defaultKind: "group",
    defaultNamespace: base.ref.namespace,
  });
  const slackUserId = base.annotations[CATALOG_ANNOTATION.slackUserId];
  return {
    entity: {
      ...base,
      kind: "user",
      // Addresses differ in case between HR exports, Git and Slack; one person must stay one row.
      email: spec.profile.email.toLowerCase(),
      displayName: spec.profile.displayName,
      slackUserId: slackUserId === undefined || slackUserId === "" ? null : slackUserId,
      memberOf: memberOf.refs,
    },
    findings: [...findings, ...memberOf.findings],
  };
}
