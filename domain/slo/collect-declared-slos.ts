import { annotationField } from "@/domain/catalog/catalog-annotations.ts";
import type { CatalogProblem } from "@/domain/catalog/catalog-types.ts";
import { compareText } from "@/domain/catalog/compare-text.ts";
import { suggestName } from "@/domain/catalog/suggest-name.ts";
import type { DeclaredSlo } from "./declared-slo.ts";
import { parseLatencySloAnnotation } from "./parse-latency-slo-annotation.ts";
import { parseObjective } from "./parse-objective.ts";
import { ANNOTATION_SLO_NAME, SLO_ANNOTATION, SLO_OPT_OUT_VALUES } from "./slo-annotations.ts";
import { DEFAULT_MIN_REQUESTS, DEFAULT_SLO_WINDOW_DAYS } from "./slo-defaults.ts";
import { TIER_DEFAULT_SLOS } from "./tier-default-slos.ts";

/** A catalog service as far as its SLOs are concerned. */
export interface SloDeclaringService {
  slug: string;
  tier: 1 | 2 | 3 | null;
  annotations: Readonly<Record<string, string>>;
  /** The component document that declared it, so problems point at it. */
  source: { file: string; documentIndex: number; entityRef: string } | null;
}

export interface CollectedSlos {
  /** Sorted by service slug, then name. */
  slos: DeclaredSlo[];
  problems: CatalogProblem[];
}

/**
 * Every SLO a catalog declares, from three sources, with one rule for each clash:
 * - annotations on the component (`plumbline.dev/slo-availability`, `plumbline.dev/slo-latency`);
 * - OpenSLO documents, whose `spec.service` must be a known service and whose name must
 *   not repeat one the annotations already use;
 * - tier defaults (`TIER_DEFAULT_SLOS`), only for a service with no availability SLO of its own
 *   and not opted out with `plumbline.dev/slo-availability: "none"`.
 * A broken annotation is an error and declares nothing, not even the tier default in its
 * place: the objective someone wrote must not be silently swapped for another one.
 */
export function collectDeclaredSlos(input: {
  services: readonly SloDeclaringService[];
  openSlos: readonly DeclaredSlo[];
  /** Services the organization already has, which OpenSLO documents may also name. */
  knownServiceSlugs: Iterable<string>;
}): CollectedSlos {
  const problems: CatalogProblem[] = [];
  const slos: DeclaredSlo[] = [];
  const namesByService = new Map<string, Set<string>>();
  const hasOwnAvailability = new Set<string>();
  const add = (slo: DeclaredSlo) => {
    slos.push(slo);
    const names = namesByService.get(slo.serviceSlug) ?? new Set<string>();
    names.add(slo.name);
    namesByService.set(slo.serviceSlug, names);
  };

  for (const service of input.services) {
    const problemAt = (key: string, message: string): CatalogProblem => ({
      file: service.source?.file ?? "(catalog)",
      documentIndex: service.source?.documentIndex ?? 0,
      ...(service.source ? { entityRef: service.source.entityRef } : {}),
      field: annotationField(key),
      message: `service "${service.slug}": ${message}`,
      severity: "error",
    });
    const provenance = (key: string) => ({
      kind: "annotation" as const,
      ...(service.source ? { file: service.source.file, documentIndex: service.source.documentIndex } : {}),
      field: key,
    });

    const availability = service.annotations[SLO_ANNOTATION.availability];
    if (availability !== undefined && availability.trim() !== "") {
      // Written at all, even wrongly or as "none": the service speaks for itself, no tier default.
      hasOwnAvailability.add(service.slug);
      if (!SLO_OPT_OUT_VALUES.includes(availability.trim().toLowerCase())) {
        const objective = parseObjective(availability);
        if (objective.ok) {
          add({
            serviceSlug: service.slug,
            name: ANNOTATION_SLO_NAME.availability,
            kind: "availability",
            objective: objective.value,
            windowDays: DEFAULT_SLO_WINDOW_DAYS,
            latencyThresholdMs: null,
            minRequests: DEFAULT_MIN_REQUESTS,
            provenance: provenance(SLO_ANNOTATION.availability),
          });
        } else {
          problems.push(
            problemAt(SLO_ANNOTATION.availability, `${objective.error.message}, or "none" for no availability SLO; SLO not imported`),
          );
        }
      }
    }

    const latency = service.annotations[SLO_ANNOTATION.latency];
    if (latency !== undefined && latency.trim() !== "") {
      const parsed = parseLatencySloAnnotation(latency);
      if (parsed.ok) {
        add({
          serviceSlug: service.slug,
          name: ANNOTATION_SLO_NAME.latency,
          kind: "latency",
          objective: parsed.value.objective,
          windowDays: DEFAULT_SLO_WINDOW_DAYS,
          latencyThresholdMs: parsed.value.thresholdMs,
          minRequests: DEFAULT_MIN_REQUESTS,
          provenance: provenance(SLO_ANNOTATION.latency),
        });
      } else {
        const whole = parsed.error.part === "annotation" ? "" : ` (in ${JSON.stringify(latency)})`;
        problems.push(problemAt(SLO_ANNOTATION.latency, `${parsed.error.message}${whole}; SLO not imported`));
      }
    }
  }

  const declaredSlugs = new Set(input.services.map((service) => service.slug));
  const knownSlugs = new Set([...declaredSlugs, ...input.knownServiceSlugs]);
  for (const slo of input.openSlos) {
    const at = {
      file: slo.provenance.file ?? "(catalog)",
      documentIndex: slo.provenance.documentIndex ?? 0,
      ...(slo.provenance.itemIndex === undefined ? {} : { itemIndex: slo.provenance.itemIndex }),
      entityRef: `slo:${slo.name}`,
      severity: "error" as const,
    };
    if (!knownSlugs.has(slo.serviceSlug)) {
      const suggestion = suggestName(slo.serviceSlug, knownSlugs);
      const hint = suggestion === null ? "" : ` (did you mean "${suggestion}"?)`;
      problems.push({
        ...at,
        field: "spec.service",
        message: `"${slo.serviceSlug}" is not the slug of a service in the catalog${hint}; SLO not imported`,
      });
      continue;
    }
    if (namesByService.get(slo.serviceSlug)?.has(slo.name)) {
      problems.push({
        ...at,
        field: "metadata.name",
        message: `service "${slo.serviceSlug}" already has an SLO named "${slo.name}" (from an annotation or another OpenSLO document); give this one another name; SLO not imported`,
      });
      continue;
    }
    add(slo);
    if (slo.kind === "availability") hasOwnAvailability.add(slo.serviceSlug);
  }

  for (const service of input.services) {
    if (service.tier === null || hasOwnAvailability.has(service.slug)) continue;
    for (const fallback of TIER_DEFAULT_SLOS[service.tier]) {
      if (namesByService.get(service.slug)?.has(fallback.name)) continue;
      add({
        serviceSlug: service.slug,
        name: fallback.name,
        kind: fallback.kind,
        objective: fallback.objective,
        windowDays: DEFAULT_SLO_WINDOW_DAYS,
        latencyThresholdMs: null,
        minRequests: DEFAULT_MIN_REQUESTS,
        provenance: { kind: "tier_default", tier: service.tier },
      });
    }
  }

  slos.sort((a, b) => compareText(a.serviceSlug, b.serviceSlug) || compareText(a.name, b.name));
  return { slos, problems };
}
