import { z } from "zod";

/**
 * Which Plumbline service (and environment) a GitHub deployment gates. Explicit mappings
 * come first: a repository (and optionally one GitHub environment) → a service and
 * optionally a Plumbline environment, so one repository can deploy several services, one
 * per GitHub environment (e.g. `deploy-api` → api, `deploy-worker` → worker). Without a
 * mapping, the catalog decides: the one service whose `github.com/project-slug` annotation
 * names the repository. The Plumbline environment defaults to the GitHub environment's name.
 */
export const ZGithubMapping = z.strictObject({
  repository: z
    .string()
    .trim()
    .regex(/^[\w.-]+\/[\w.-]+$/, { error: "Repository: owner/name, e.g. acme/payments." }),
  githubEnvironment: z.string().trim().min(1).max(255).optional(),
  service: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: "Service: a service slug, e.g. payments." }),
  environment: z.string().trim().toLowerCase().min(1).max(63).optional(),
});
export type TGithubMapping = z.output<typeof ZGithubMapping>;

export const GITHUB_PROJECT_SLUG_ANNOTATION = "github.com/project-slug";

export type TGithubTarget =
  | { ok: true; service: string; environment: string; via: "mapping" | "annotation" }
  | { ok: false; reason: string };

/**
 * `annotated`: slugs of the services whose project-slug annotation names the repository
 * (case-insensitive, as GitHub treats names).
 */
export function resolveGithubTarget(
  mappings: readonly TGithubMapping[],
  annotated: readonly string[],
  repository: string,
  githubEnvironment: string,
): TGithubTarget {
  const repo = repository.toLowerCase();
  const env = githubEnvironment.toLowerCase();
  const forRepo = mappings.filter((mapping) => mapping.repository.toLowerCase() === repo);
  const exact = forRepo.filter((mapping) => mapping.githubEnvironment?.toLowerCase() === env);
  const anyEnvironment = forRepo.filter((mapping) => mapping.githubEnvironment === undefined);
  const chosen = exact.length > 0 ? exact : anyEnvironment;
  if (chosen.length > 1) {
    return { ok: false, reason: `${repository} (${githubEnvironment}) has ${chosen.length} mappings in Plumbline (${chosen.map((m) => m.service).join(", ")}); keep one per repository and GitHub environment.` };
  }
  const [mapping] = chosen;
  if (mapping) return { ok: true, service: mapping.service, environment: mapping.environment ?? env, via: "mapping" };
  if (forRepo.length > 0) {
    return { ok: false, reason: `${repository} is mapped in Plumbline only for the GitHub environments ${forRepo.map((m) => m.githubEnvironment).join(", ")}, not ${githubEnvironment}.` };
  }
  if (annotated.length === 1 && annotated[0] !== undefined) return { ok: true, service: annotated[0], environment: env, via: "annotation" };
  if (annotated.length > 1) {
    return {
      ok: false,
      reason: `${repository} is the ${GITHUB_PROJECT_SLUG_ANNOTATION} of several services (${annotated.join(", ")}); map each GitHub environment to its service in Plumbline's GitHub settings.`,
    };
  }
  return { ok: false, reason: `No Plumbline service is mapped to ${repository}: annotate it with ${GITHUB_PROJECT_SLUG_ANNOTATION}: ${repository}, or add a mapping in Plumbline's GitHub settings.` };
}
