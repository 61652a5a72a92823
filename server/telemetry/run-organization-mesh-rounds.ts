import type { Logger } from "pino";
import { createEgressFetch, type TEgressOptions } from "@/server/http/egress-connect.ts";
import { listOrganizationMeshSources } from "@/server/integrations/list-organization-mesh-sources.ts";
import { createMeshSourceProvider, type TMeshSourceProvider } from "./create-mesh-source-provider.ts";
import { runMeshIngestForOrganization } from "./run-mesh-ingest-round.ts";

/** Per-organization providers, kept across rounds (their clients and detected dialects) until the integration changes. */
export type TOrganizationProviderCache = Map<string, { key: string; provider: TMeshSourceProvider }>;

/**
 * One round for every organization with its own Prometheus (Settings → Integrations).
 * Each organization's source writes into that organization only; one failing source is
 * logged and does not stop the others.
 */
export async function runOrganizationMeshRounds(
  cache: TOrganizationProviderCache,
  options: {
    rateRange: string;
    edgeGoneAfterMs: number;
    log: Logger;
    skipOrganizationId?: string;
    now?: Date;
    /** The egress policy for organizations' Prometheus URLs (default: the environment's). */
    egress?: TEgressOptions;
  },
): Promise<number> {
  const { sources, invalid } = await listOrganizationMeshSources(options.rateRange);
  for (const bad of invalid) options.log.warn(bad, "Prometheus integration has an invalid configuration; skipped");
  let ran = 0;
  for (const source of sources) {
    if (source.organizationId === options.skipOrganizationId) continue;
    let cached = cache.get(source.organizationId);
    if (cached?.key !== source.key) {
      // Tenants' URLs are untrusted: every connection (and redirect) obeys the egress policy.
      cached = { key: source.key, provider: createMeshSourceProvider(source.config, { fetch: createEgressFetch(options.egress) }) };
      cache.set(source.organizationId, cached);
    }
    try {
      await runMeshIngestForOrganization(source.organizationId, cached.provider, {
        edgeGoneAfterMs: options.edgeGoneAfterMs,
        log: options.log.child({ organizationId: source.organizationId }),
        ...(options.now ? { now: options.now } : {}),
      });
      ran += 1;
    } catch (error) {
      options.log.error({ err: error, organizationId: source.organizationId }, "mesh round failed for an organization");
    }
  }
  return ran;
}
