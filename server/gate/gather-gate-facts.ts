import { summarizeSloFacts, type SloRowFacts } from "@/domain/gate/summarize-slo-facts.ts";
import { appliesToEnvironment } from "@/domain/policy/applies-to-environment.ts";
import { collectDependents, type PolicyEdge } from "@/domain/policy/collect-dependents.ts";
import { maxDependentDepth } from "@/domain/policy/max-dependent-depth.ts";
import type { PolicySet } from "@/domain/policy/policy-schemas.ts";
import type { DependentFacts, GateFacts, OpenIncidentFacts } from "@/domain/policy/policy-types.ts";
import { AppError } from "@/server/http/problem.ts";
import { findOpenIncidentsOn } from "./gate-incidents.repository.ts";
import {
  findGateService,
  findNeighbourhoodWithFacts,
  type TGateServiceRow,
  type TInboundEdgeRow,
  type TNeighbourFactsRow,
} from "./gate.repository.ts";

export interface TGatheredFacts {
  facts: GateFacts;
  service: TGateServiceRow;
  /** Every service the facts mention (the deployed one and its dependents), by slug. */
  servicesBySlug: Map<string, { id: string; slug: string; name: string }>;
}

/**
 * Reads what the policy engine needs for a deploy of `request.service` to
 * `request.environment`, and nothing more:
 *
 * - the service and its owner team;
 * - edges into the service and, hop by hop, into its callers, up to the deepest
 *   dependents rule that applies to this environment (maxDependentDepth). That is the
 *   neighbourhood collectDependents needs for correct traffic shares (every edge into
 *   each service within depth − 1 hops), never the whole graph: one recursive query
 *   (docs/adr/003-gate-neighbourhood.md);
 * - each dependent's owner team, and SLO facts for the dependents and the service;
 * - when an open_incident rule applies: the incidents still going on (open, mitigated)
 *   on the service and those dependents, nothing beyond the neighbourhood.
 *
 * SLO facts come from the SLO worker's rows (server/slo): the worst SLO speaks for the
 * service, "out of SLO" is the worker's `isOutOfSlo` (breached, or a page-level burn-rate
 * alert firing) or status `breached`; stale = the worker's `isTelemetryStale` or a
 * ServiceTelemetry row marked stale by the mesh worker. An edge marked stale has an
 * unknown rate (null), which the engine never treats as a quiet caller.
 */
export async function gatherGateFacts(
  organizationId: string,
  policies: PolicySet,
  request: { service: string; environment: string },
  /**
   * What the caller already read: the service (null: no such service) and, optionally, its
   * neighbourhood with facts at some depth (findGateServiceWithNeighbourhood), used when
   * that is the depth the policies ask for.
   */
  preRead?: { service: TGateServiceRow | null; neighbourhood?: { depth: number; edges: TInboundEdgeRow[]; services: TNeighbourFactsRow[] } },
): Promise<TGatheredFacts> {
  const service = preRead ? preRead.service : await findGateService(organizationId, request.service);
  if (!service) {
    throw new AppError(
      422,
      "Unknown service",
      `No service "${request.service}" in this organization. Services come from the catalog (plumbline import) or Kubernetes discovery; GET /api/v1/services lists them.`,
      { service: request.service },
    );
  }

  const depth = maxDependentDepth(policies, request.environment);
  // One statement: the neighbourhood's edges, and every service in it (a superset of the
  // dependents collectDependents keeps; the others' rows are read and not used, which
  // costs less than a second trip) with its owner team, SLO rows and telemetry staleness.
  const readsIncidents = policies.rules.some((rule) => rule.type === "open_incident" && rule.enabled && appliesToEnvironment(rule, request.environment));
  const neighbourhood =
    preRead?.neighbourhood?.depth === depth ? preRead.neighbourhood : await findNeighbourhoodWithFacts(organizationId, service.id, depth);
  const edgeRows = neighbourhood.edges.map((edge) => ({
    callerId: edge.callerId,
    calleeId: edge.calleeId,
    requestRate: edge.isStale ? null : edge.requestRate,
  }));
  const known = new Set<string>([service.id]);
  for (const edge of edgeRows) if (edge.callerId !== null) known.add(edge.callerId);
  // Only when an open_incident rule applies: the incidents on the service and those callers.
  const incidentRows = readsIncidents ? await findOpenIncidentsOn(organizationId, [...known]) : null;
  const byId = new Map<string, { id: string; slug: string; name: string; ownerTeamSlug: string | null }>();
  const slosByService = new Map<string, SloRowFacts[]>();
  const stale = new Set<string>();
  for (const neighbour of neighbourhood.services) {
    byId.set(neighbour.id, neighbour);
    slosByService.set(neighbour.id, neighbour.slos);
    if (neighbour.telemetryStale) stale.add(neighbour.id);
  }
  // The deployed service as read first (with its owner team), whatever the second read saw.
  byId.set(service.id, { id: service.id, slug: service.slug, name: service.name, ownerTeamSlug: service.ownerTeam?.slug ?? null });

  const edges: PolicyEdge[] = [];
  for (const row of edgeRows) {
    const callee = byId.get(row.calleeId);
    if (!callee) continue;
    const caller = row.callerId === null ? null : byId.get(row.callerId);
    // A caller id without a row was deleted between the two reads: skip it rather than guess.
    if (caller === undefined) continue;
    edges.push({ caller: caller?.slug ?? null, callee: callee.slug, requestRate: row.requestRate });
  }
  const collected = collectDependents(edges, service.slug, depth);

  const bySlug = new Map([...byId.values()].map((entry) => [entry.slug, entry]));
  const sloFactsOf = (id: string) => summarizeSloFacts(slosByService.get(id) ?? [], stale.has(id));

  const dependents: DependentFacts[] = collected.map((dependent) => {
    const entry = bySlug.get(dependent.slug);
    return {
      slug: dependent.slug,
      ownerTeamSlug: entry?.ownerTeamSlug ?? null,
      depth: dependent.depth,
      trafficShare: dependent.trafficShare,
      requestRate: dependent.requestRate,
      via: dependent.via,
      slo: entry ? sloFactsOf(entry.id) : null,
    };
  });

  const servicesBySlug = new Map<string, { id: string; slug: string; name: string }>();
  servicesBySlug.set(service.slug, { id: service.id, slug: service.slug, name: service.name });
  for (const dependent of collected) {
    const entry = bySlug.get(dependent.slug);
    if (entry) servicesBySlug.set(entry.slug, { id: entry.id, slug: entry.slug, name: entry.name });
  }

  const openIncidents: OpenIncidentFacts[] | undefined = incidentRows?.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    ownerTeamSlug: row.ownerTeamSlug,
    serviceSlugs: row.serviceIds.flatMap((id) => {
      const entry = byId.get(id);
      return entry ? [entry.slug] : [];
    }),
    startedAt: row.startedAt.toISOString(),
  }));

  return {
    facts: { service: { slug: service.slug, ownerTeamSlug: service.ownerTeam?.slug ?? null }, dependents, ownSlo: sloFactsOf(service.id), ...(openIncidents ? { openIncidents } : {}) },
    service,
    servicesBySlug,
  };
}
