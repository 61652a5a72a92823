import { z } from "zod";
import { describeYamlValue } from "./catalog-error-map.ts";

/**
 * Zod schemas for the parts of Backstage entities that Plumbline reads. Objects are
 * not strict: Backstage descriptors are open-ended and unknown fields are ignored.
 * Empty YAML values (`description:`) arrive as null and count as absent.
 */

// Backstage's rule: 1–63 characters, runs of [A-Za-z0-9] joined by single "-", "_" or ".".
const BACKSTAGE_NAME = /^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$/;
// Backstage namespaces are DNS labels.
const BACKSTAGE_NAMESPACE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Optional free text: trimmed, empty becomes null. */
const ZOptionalText = z
  .string()
  .nullish()
  .transform((value) => (value === undefined || value === null || value.trim() === "" ? null : value.trim()));

/** Lists of entity references; an absent list is empty. */
const ZRefList = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);

/**
 * Backstage wants annotation values as strings, but `plumbline.dev/tier: 1` is the
 * natural thing to write, so scalars are accepted and kept as text.
 */
const ZAnnotationValue = z.union([z.string(), z.number(), z.boolean()], {
  error: (issue) => `must be text, e.g. "1" (got ${describeYamlValue(issue.input)})`,
});

const ZAnnotations = z
  .record(z.string(), ZAnnotationValue.nullable())
  .nullish()
  // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
  .transform((value): Record<string, string> =>
    Object.fromEntries(
      Object.entries(value ?? {}).flatMap(([key, annotation]) => (annotation === null ? [] : [[key, String(annotation).trim()]])),
    ),
  );

export const ZCatalogMetadata = z.object({
  name: z.string().regex(BACKSTAGE_NAME, {
    error: (issue) =>
      `must be letters and digits, optionally joined by single "-", "_" or "." (got ${describeYamlValue(issue.input)})`,
  }).max(63, { error: "must be at most 63 characters" }),
  namespace: z
    .string()
    .regex(BACKSTAGE_NAMESPACE, {
      error: (issue) => `must be lowercase letters, digits and "-" (got ${describeYamlValue(issue.input)})`,
    })
    .nullish()
    .transform((value) => value ?? "default"),
  title: ZOptionalText,
  description: ZOptionalText,
  annotations: ZAnnotations,
  tags: z
    .array(z.union([z.string(), z.number()]).transform(String))
    .nullish()
    .transform((value) => value ?? []),
  // Checked entry by entry (readLinks) so one bad link is a warning, not a lost entity.
  links: z.unknown().optional(),
});

export type TCatalogMetadata = z.infer<typeof ZCatalogMetadata>;

export const ZComponentDocument = z.object({
  metadata: ZCatalogMetadata,
  spec: z.object({
    type: ZOptionalText,
    lifecycle: ZOptionalText,
    owner: z
      .string({
        error: (issue) =>
          issue.input === undefined || issue.input === null
            ? 'is required: the Group (team) that owns this component, e.g. "payments"'
            : `must be text (got ${describeYamlValue(issue.input)})`,
      })
      .trim()
      .min(1, { error: 'is required: the Group (team) that owns this component, e.g. "payments"' }),
    system: ZOptionalText,
    subcomponentOf: ZOptionalText,
    dependsOn: ZRefList,
    dependencyOf: ZRefList,
    providesApis: ZRefList,
    consumesApis: ZRefList,
  }),
});

export type TComponentDocument = z.infer<typeof ZComponentDocument>;

export type TSystemDocument = z.infer<typeof ZSystemDocument>;

/**
 * `spec.definition`: the text itself, or a Backstage substitution (`$text`, `$json`,
 * `$yaml`) naming a file relative to the document or a URL.
 */
const ZApiDefinition = z
  .union([z.string(), z.object({ $text: z.string() }), z.object({ $json: z.string() }), z.object({ $yaml: z.string() })], {
    error: (issue) => `must be the definition text or {$text: ./file} (got ${describeYamlValue(issue.input)})`,
  })
  .nullish()
  .transform((value) => value ?? null);

export const ZSystemDocument = z.object({
  metadata: ZCatalogMetadata,
  spec: z
    .object({ owner: ZOptionalText, domain: ZOptionalText })
    .nullish()
    .transform((value) => value ?? { owner: null, domain: null }),
});

export const ZApiDocument = z.object({
  metadata: ZCatalogMetadata,
  spec: z
    .object({ type: ZOptionalText, lifecycle: ZOptionalText, owner: ZOptionalText, system: ZOptionalText, definition: ZApiDefinition })
    .nullish()
    .transform((value) => value ?? { type: null, lifecycle: null, owner: null, system: null, definition: null }),
});

export const ZResourceDocument = z.object({
  metadata: ZCatalogMetadata,
  spec: z
    .object({ type: ZOptionalText, owner: ZOptionalText, system: ZOptionalText, dependsOn: ZRefList, dependencyOf: ZRefList })
    .nullish()
    .transform((value) => value ?? { type: null, owner: null, system: null, dependsOn: [], dependencyOf: [] }),
});

export const ZDomainDocument = z.object({
  metadata: ZCatalogMetadata,
  spec: z
    .object({ owner: ZOptionalText, subdomainOf: ZOptionalText, type: ZOptionalText })
    .nullish()
    .transform((value) => value ?? { owner: null, subdomainOf: null, type: null }),
});

export type TApiDocument = z.infer<typeof ZApiDocument>;

export const ZGroupDocument = z.object({
  metadata: ZCatalogMetadata,
  spec: z
    .object({
      type: ZOptionalText,
      profile: z
        .object({ displayName: ZOptionalText, email: ZOptionalText })
        .nullish()
        .transform((value) => value ?? { displayName: null, email: null }),
      parent: ZOptionalText,
      children: ZRefList,
      members: ZRefList,
    })
    .nullish()
    .transform(
      (value) =>
        value ?? { type: null, profile: { displayName: null, email: null }, parent: null, children: [], members: [] },
    ),
});

export type TGroupDocument = z.infer<typeof ZGroupDocument>;

const EMAIL_REQUIRED = "is required: people are matched by email across Kubernetes, Slack and Git";
const PROFILE_REQUIRED = "is required, with an email: people are matched by email across Kubernetes, Slack and Git";
const SPEC_REQUIRED = "is required, with profile.email: people are matched by email across Kubernetes, Slack and Git";

export const ZUserDocument = z.object({
  metadata: ZCatalogMetadata,
  spec: z.object(
    {
      profile: z.object(
        {
          displayName: ZOptionalText,
          email: z
            .string({
              error: (issue) =>
                issue.input === undefined || issue.input === null
                  ? EMAIL_REQUIRED
                  : `must be an email address (got ${describeYamlValue(issue.input)})`,
            })
            .trim()
            .regex(EMAIL, {
              error: (issue) => `must be an email address (got ${describeYamlValue(issue.input)})`,
            }),
        },
        { error: (issue) => (issue.input === undefined || issue.input === null ? PROFILE_REQUIRED : undefined) },
      ),
      memberOf: ZRefList,
    },
    { error: (issue) => (issue.input === undefined || issue.input === null ? SPEC_REQUIRED : undefined) },
  ),
});

export type TUserDocument = z.infer<typeof ZUserDocument>;

/** A Group's `spec.profile.email` is optional, so a malformed one is dropped with a warning rather than rejected. */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}
