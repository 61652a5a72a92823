import { catalogErrorMap } from "./catalog-error-map.ts";
import { annotationField, CATALOG_ANNOTATION } from "./catalog-annotations.ts";
import { isEmailAddress, ZGroupDocument } from "./catalog-schemas.ts";
import type { CatalogFinding, CatalogSource, GroupEntity, ParsedCatalogDocument } from "./catalog-types.ts";
import { readEntityRefs, readOptionalEntityRef } from "./read-entity-refs.ts";
import { readSlackChannel } from "./read-slack-channel.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { toSlug } from "./to-slug.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** Every Group becomes a team, whatever its `spec.type`: teams are what own services. */
export function parseGroupDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<GroupEntity> {
  const parsed = ZGroupDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("group", metadata, source);
  const context = { defaultNamespace: base.ref.namespace };

  const parent = readOptionalEntityRef(spec.parent, "spec.parent", { ...context, defaultKind: "group" });
  const children = readEntityRefs(spec.children, "spec.children", { ...context, defaultKind: "group" });
  const members = readEntityRefs(spec.members, "spec.members", { ...context, defaultKind: "user" });
  const owners = readEntityRefs(splitOwners(base.annotations), annotationField(CATALOG_ANNOTATION.owners), {
    ...context,
    defaultKind: "user",
  });
  const email = readGroupEmail(spec.profile.email);

  return {
    entity: {
      ...base,
      kind: "group",
      slug: toSlug(metadata.name),
      type: spec.type,
      displayName: spec.profile.displayName,
      email: email.email,
      slackChannel: readSlackChannel(base.annotations),
      ...(base.annotations[CATALOG_ANNOTATION.slackDmApprovers]?.trim().toLowerCase() === "true" ? { slackDmApprovers: true as const } : {}),
      parent: parent.ref,
      children: children.refs,
      members: members.refs,
      owners: owners.refs,
    },
    findings: [
      ...findings,
      ...email.findings,
      ...parent.findings,
      ...children.findings,
      ...members.findings,
      ...owners.findings,
    ],
  };
}

/** `plumbline.dev/owners: jane.doe, user:john.smith` — annotations are flat strings, so owners are comma-separated. */
function splitOwners(annotations: Record<string, string>): string[] {
  const raw = annotations[CATALOG_ANNOTATION.owners];
  if (raw === undefined) return [];
  return raw
    .split(",")
    .map((owner) => owner.trim())
    .filter((owner) => owner !== "");
}

/** A team's email is optional contact data: a malformed one is dropped with a warning. */
function readGroupEmail(email: string | null): { email: string | null; findings: CatalogFinding[] } {
  if (email === null || isEmailAddress(email)) return { email, findings: [] };
  return {
    email: null,
    findings: [
      { field: "spec.profile.email", message: `must be an email address (got ${JSON.stringify(email)}); left empty`, severity: "warning" },
    ],
  };
}
