import type { CatalogEntity, CatalogProblem, CatalogService } from "@/domain/catalog/catalog-types.ts";
import { collectDeclaredSlos } from "@/domain/slo/collect-declared-slos.ts";
import type { DeclaredSlo } from "@/domain/slo/declared-slo.ts";
import { collectOpenSloAlerting, collectOpenSloIndicators, parseOpenSloFile } from "@/domain/slo/parse-openslo-file.ts";
import { applyDeclaredSlos, findServiceSlugs, findStoredSloRefs } from "./slo.repository.ts";

export interface TSloSyncResult {
  problems: CatalogProblem[];
  /** Catalog SLOs written (created or updated) and removed because the location no longer declares them. */
  counts: { slos: number; removed: number };
  /** By `<serviceSlug>/<name>`, for the import's accounting (a Map: not part of the JSON answer). */
  statuses: Map<string, "imported" | "updated" | "unchanged">;
}

/** What a location declares, read and checked but not written yet: its problems decide whether the import may remove anything. */
export interface TSloSyncPlan {
  origin: string;
  slos: DeclaredSlo[];
  problems: CatalogProblem[];
}

/**
 * Reads the catalog SLOs of one location: annotations on its components, tier defaults,
 * and OpenSLO `kind: SLO` documents among its files. Nothing is written, so the importer
 * can weigh these problems with the catalog's before it decides to remove anything. SLOs
 * made on a service page (source ui) always win over a catalog SLO of the same name, which
 * is then skipped with a warning (silently for a tier default: overriding a default is what
 * the form is for).
 */
export async function planDeclaredSlos(
  organizationId: string,
  input: {
    origin: string;
    services: readonly CatalogService[];
    entities: readonly CatalogEntity[];
    sources: readonly { file: string; text: string }[];
  },
): Promise<TSloSyncPlan> {
  const indicators = collectOpenSloIndicators(input.sources);
  const alerting = collectOpenSloAlerting(input.sources);
  const openSlo = input.sources.map((source) => parseOpenSloFile(source.file, source.text, indicators, alerting));
  const components = new Map(input.entities.flatMap((entity) => (entity.kind === "component" ? [[entity.slug, entity] as const] : [])));
  const collected = collectDeclaredSlos({
    services: input.services.map((service) => {
      const component = components.get(service.slug);
      return {
        slug: service.slug,
        tier: service.tier,
        annotations: service.annotations,
        source: component ? { file: component.source.file, documentIndex: component.source.documentIndex, entityRef: component.entityRef } : null,
      };
    }),
    openSlos: openSlo.flatMap((file) => file.slos),
    knownServiceSlugs: await findServiceSlugs(organizationId),
  });
  const problems = [...openSlo.flatMap((file) => file.problems), ...collected.problems];

  const uiNames = new Set(
    (await findStoredSloRefs(organizationId)).filter((slo) => slo.source !== "catalog").map((slo) => `${slo.serviceSlug}/${slo.name}`),
  );
  const slos: DeclaredSlo[] = [];
  for (const slo of collected.slos) {
    if (!uiNames.has(`${slo.serviceSlug}/${slo.name}`)) {
      slos.push(slo);
      continue;
    }
    if (slo.provenance.kind === "tier_default") continue;
    problems.push({
      file: slo.provenance.file ?? input.origin,
      documentIndex: slo.provenance.documentIndex ?? 0,
      ...(slo.provenance.itemIndex === undefined ? {} : { itemIndex: slo.provenance.itemIndex }),
      field: slo.provenance.kind === "openslo" ? "metadata.name" : `metadata.annotations.${slo.provenance.field ?? ""}`,
      message: `service "${slo.serviceSlug}" has an SLO "${slo.name}" made on its service page, which the catalog does not overwrite; delete that one or rename this one`,
      severity: "warning",
    });
  }
  return { origin: input.origin, slos, problems };
}

/**
 * Makes the catalog SLOs of one location match a plan. Rows the location no longer
 * declares are removed only with `prune`, which the importer grants only when no document
 * of the whole import (Backstage or OpenSLO, any file) had an error.
 */
export async function writeDeclaredSlos(organizationId: string, plan: TSloSyncPlan, options: { prune: boolean }): Promise<TSloSyncResult> {
  const applied = await applyDeclaredSlos(organizationId, {
    origin: plan.origin,
    prune: options.prune,
    slos: plan.slos.map((slo) => ({
      serviceSlug: slo.serviceSlug,
      name: slo.name,
      kind: slo.kind,
      objective: slo.objective,
      windowDays: slo.windowDays,
      latencyThresholdMs: slo.latencyThresholdMs,
      minRequests: slo.minRequests,
      ...(slo.budgeting === undefined ? {} : { budgeting: { ...slo.budgeting } }),
      ...(slo.alerting === undefined ? {} : { alerting: { ...slo.alerting } }),
      provenance: { ...slo.provenance, origin: plan.origin },
    })),
  });
  const gone: CatalogProblem[] = applied.missingService.map((slo) => {
    const provenance = plan.slos.find((declared) => declared.serviceSlug === slo.serviceSlug && declared.name === slo.name)?.provenance;
    return {
      file: provenance?.file ?? plan.origin,
      documentIndex: provenance?.documentIndex ?? 0,
      ...(provenance?.itemIndex === undefined ? {} : { itemIndex: provenance.itemIndex }),
      entityRef: `slo:${slo.name}`,
      field: "spec.service",
      message: `service "${slo.serviceSlug}" was removed by this import (the catalog no longer declares it); SLO "${slo.name}" not imported`,
      severity: "warning",
    };
  });
  return { problems: [...plan.problems, ...gone], counts: { slos: applied.upserted, removed: applied.removed }, statuses: applied.statuses };
}

/** Plan and write in one go, for callers with no catalog of their own to weigh (tests, seeds). */
export async function syncDeclaredSlos(
  organizationId: string,
  input: Parameters<typeof planDeclaredSlos>[1] & { catalogHasErrors: boolean },
): Promise<TSloSyncResult> {
  const plan = await planDeclaredSlos(organizationId, input);
  const hasErrors = input.catalogHasErrors || plan.problems.some((problem) => problem.severity === "error");
  return writeDeclaredSlos(organizationId, plan, { prune: !hasErrors });
}
