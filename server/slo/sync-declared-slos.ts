import type { CatalogEntity, CatalogProblem, CatalogService } from "@/domain/catalog/catalog-types.ts";
import { collectDeclaredSlos } from "@/domain/slo/collect-declared-slos.ts";
import type { DeclaredSlo } from "@/domain/slo/declared-slo.ts";
import { parseOpenSloFile } from "@/domain/slo/parse-openslo-file.ts";
import { applyDeclaredSlos, findServiceSlugs, findStoredSloRefs } from "./slo.repository.ts";

export interface TSloSyncResult {
  problems: CatalogProblem[];
  /** Catalog SLOs written (created or updated) and removed because the location no longer declares them. */
  counts: { slos: number; removed: number };
}

/**
 * Makes the catalog SLOs of one location match what it declares: annotations on its
 * components, tier defaults, and OpenSLO `kind: SLO` documents among its files. Like
 * the rest of the import, rows this location no longer declares are removed only when
 * the whole import had no errors. SLOs made on a service page (source ui) always win
 * over a catalog SLO of the same name, which is then skipped with a warning (silently
 * for a tier default: overriding a default is what the form is for).
 */
export async function syncDeclaredSlos(
  organizationId: string,
  input: {
    origin: string;
    services: readonly CatalogService[];
    entities: readonly CatalogEntity[];
    sources: readonly { file: string; text: string }[];
    catalogHasErrors: boolean;
  },
): Promise<TSloSyncResult> {
  const openSlo = input.sources.map((source) => parseOpenSloFile(source.file, source.text));
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
      field: slo.provenance.kind === "openslo" ? "metadata.name" : `metadata.annotations.${slo.provenance.field ?? ""}`,
      message: `service "${slo.serviceSlug}" has an SLO "${slo.name}" made on its service page, which the catalog does not overwrite; delete that one or rename this one`,
      severity: "warning",
    });
  }

  const hasErrors = input.catalogHasErrors || problems.some((problem) => problem.severity === "error");
  const applied = await applyDeclaredSlos(organizationId, {
    origin: input.origin,
    prune: !hasErrors,
    slos: slos.map((slo) => ({
      serviceSlug: slo.serviceSlug,
      name: slo.name,
      kind: slo.kind,
      objective: slo.objective,
      windowDays: slo.windowDays,
      latencyThresholdMs: slo.latencyThresholdMs,
      minRequests: slo.minRequests,
      provenance: { ...slo.provenance, origin: input.origin },
    })),
  });
  return { problems, counts: { slos: applied.upserted, removed: applied.removed } };
}
