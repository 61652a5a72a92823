import type { CatalogService } from "@/domain/catalog/catalog-types.ts";

/** A declared catalog service with every field at its empty default (owner team "payments"), for tests that seed services. */
export function catalogService(slug: string, overrides: Partial<CatalogService> = {}): CatalogService {
  return {
    slug,
    name: slug,
    description: null,
    ownerTeamSlug: "payments",
    tier: null,
    lifecycle: "production",
    type: "service",
    systemSlug: null,
    repoUrl: null,
    runbookUrl: null,
    slackChannel: null,
    links: [],
    tags: [],
    annotations: {},
    providesApis: [],
    consumesApis: [],
    ...overrides,
  };
}
