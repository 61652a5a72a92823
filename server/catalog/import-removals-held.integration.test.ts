import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getServiceSlos } from "@/server/slo/get-service-slos.ts";
import { getService } from "./get-service.ts";
import { importCatalog } from "./import-catalog.ts";

const GROUP = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
spec:
  type: team
  children: []
`;

const component = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: payments
`;

const GOOD_SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: keeper-availability
spec:
  service: keeper
  indicator: { spec: { ratioMetric: { counter: true } } }
  objectives: [{ target: 0.999 }]
`;

// Invalid under any reading of OpenSLO v1: no service, and a target above 1.
const BROKEN_SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: broken-slo
spec:
  indicator: { spec: { ratioMetric: { counter: true } } }
  objectives: [{ target: 42 }]
`;

const ORIGIN = "teams/payments";

/**
 * Issue 15, the bug that lost data: an OpenSLO document in error did not hold back the
 * removal of a component the catalog no longer declared (only Backstage errors did).
 */
describe.each(TEST_DATABASE_KINDS)("no removal when any document of an import had an error, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("removals-held", "Removals held");
    const first = await importCatalog(
      org.id,
      [
        { file: "teams/payments/catalog-info.yaml", text: [GROUP, component("keeper"), component("dropped")].join("---\n") },
        { file: "teams/payments/slos.yaml", text: GOOD_SLO },
      ],
      ORIGIN,
    );
    expect(first.errorCount).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("keeps a dropped component, its SLOs and the other SLOs when an OpenSLO document is in error", async () => {
    const result = await importCatalog(
      org.id,
      [
        { file: "teams/payments/catalog-info.yaml", text: [GROUP, component("keeper")].join("---\n") },
        { file: "teams/payments/slos.yaml", text: BROKEN_SLO },
      ],
      ORIGIN,
    );

    expect(result.errorCount).toBeGreaterThan(0);
    expect(result.problems.some((p) => p.severity === "error" && p.file === "teams/payments/slos.yaml")).toBe(true);
    expect(result.pruned).toBe(false);
    expect(result.counts.removed).toEqual({ services: 0, declaredEdges: 0, memberships: 0, entries: 0 });
    expect(result.slos.removed).toBe(0);
    expect(await getService(org.id, "dropped")).not.toBeNull();
    expect((await getServiceSlos(org.id, "keeper")).map((slo) => slo.name)).toContain("keeper-availability");
  });

  it("keeps a dropped component when a component annotation declares a broken SLO", async () => {
    const brokenAnnotation = component("keeper").replace(
      "spec:",
      `  annotations:\n    plumbline.dev/slo-availability: "banana"\nspec:`,
    );
    const result = await importCatalog(
      org.id,
      [{ file: "teams/payments/catalog-info.yaml", text: [GROUP, brokenAnnotation].join("---\n") }, { file: "teams/payments/slos.yaml", text: GOOD_SLO }],
      ORIGIN,
    );
    expect(result.errorCount).toBeGreaterThan(0);
    expect(result.pruned).toBe(false);
    expect(result.counts.removed.services).toBe(0);
    expect(await getService(org.id, "dropped")).not.toBeNull();
  });

  it("removes the dropped component once the whole import is clean", async () => {
    const result = await importCatalog(
      org.id,
      [
        { file: "teams/payments/catalog-info.yaml", text: [GROUP, component("keeper")].join("---\n") },
        { file: "teams/payments/slos.yaml", text: GOOD_SLO },
      ],
      ORIGIN,
    );
    expect(result.errorCount).toBe(0);
    expect(result.pruned).toBe(true);
    expect(result.counts.removed.services).toBe(1);
    expect(await getService(org.id, "dropped")).toBeNull();
    expect(await getService(org.id, "keeper")).not.toBeNull();
  });
});
