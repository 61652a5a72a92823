import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { FORM_SERVICE_SUGGESTIONS, listFormOptions, listLearningFilterOptions } from "./list-form-options.ts";
import { reportIncident } from "./report-incident.ts";

// A large organization's incident forms suggest a bounded list of services, and the
// learnings filter offers only the services a learning can be about (named on an incident),
// of this organization only.

describe.each(TEST_DATABASE_KINDS)("incident and learnings form options on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: string;
  let other: string;
  const serviceCount = FORM_SERVICE_SUGGESTIONS + 25;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = (await upsertOrganization("form-options", "Form options")).id;
    other = (await upsertOrganization("form-options-other", "Other")).id;
    const services = Array.from({ length: serviceCount }, (_, i) => ({ organizationId: org, slug: `svc-${String(i).padStart(3, "0")}`, name: `Service ${String(i).padStart(3, "0")}` }));
    await getPrisma().service.createMany({ data: [...services, { organizationId: other, slug: "svc-other", name: "Other org's service" }] });
    const reporter = { via: "api" as const, name: "test", personId: null };
    await reportIncident(org, { title: "Checkout failed for ten minutes", services: ["svc-224", "svc-007"] }, reporter, { now: new Date(), dedupeKey: null });
    await reportIncident(other, { title: "Another tenant's incident", services: ["svc-other"] }, reporter, { now: new Date(), dedupeKey: null });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("suggests at most FORM_SERVICE_SUGGESTIONS services in the incident forms, first by name", async () => {
    const { services } = await listFormOptions(org);
    expect(services).toHaveLength(FORM_SERVICE_SUGGESTIONS);
    expect(services[0]).toEqual({ slug: "svc-000", name: "Service 000" });
    expect(services.some((s) => s.slug === "svc-other")).toBe(false);
  });

  it("offers the learnings filter only the services named on this organization's incidents", async () => {
    const { services } = await listLearningFilterOptions(org);
    expect(services.map((s) => s.slug)).toEqual(["svc-007", "svc-224"]);
  });
});
