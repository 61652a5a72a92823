// Every page of the app, for the benches that visit each once (memory soak, first visits).
import type { TLargeOrganization } from "./large-organization.ts";

/** One of each: a deploy request and an incident, so the detail pages have something to show. */
export async function createDetailRecords(org: TLargeOrganization): Promise<{ deployId: string; incidentId: string }> {
  const headers = { "content-type": "application/json", authorization: `Bearer ${org.token}` };
  const deploy = await fetch(`${org.app.url}/api/v1/deploy-requests`, {
    method: "POST",
    headers,
    body: JSON.stringify({ service: "svc-1", environment: "production", version: "9.9.9", requestedBy: "bench" }),
  });
  const incident = await fetch(`${org.app.url}/api/v1/incidents`, {
    method: "POST",
    headers,
    body: JSON.stringify({ title: "Checkout errors after the 9.9.9 deploy", services: ["svc-1", "svc-2"] }),
  });
  if (!deploy.ok || !incident.ok) throw new Error(`seeding detail records failed: deploy ${deploy.status}, incident ${incident.status}`);
  return { deployId: ((await deploy.json()) as { id: string }).id, incidentId: ((await incident.json()) as { id: string }).id };
}

/** Every page of the app (app/**\/page.tsx) with parameters filled from the seeded organization; token-only pages (invitations, e-mail links) excluded. */
export function everyPage(ids: { deployId: string; incidentId: string }): string[] {
  return [
    "/",
    "/services",
    "/services?q=payments",
    "/services/svc-1",
    "/services/svc-5000",
    "/teams",
    "/teams/team-1",
    "/graph",
    "/catalog",
    "/deploys",
    `/deploys/${ids.deployId}`,
    "/incidents",
    "/incidents/new",
    `/incidents/${ids.incidentId}`,
    "/learnings",
    "/feed",
    "/notifications",
    "/policies",
    "/account/notifications",
    "/settings",
    "/settings/email",
    "/settings/integrations",
    "/settings/members",
    "/settings/system",
    "/settings/telemetry",
    "/settings/tokens",
    "/onboarding",
    "/api-docs",
    "/sign-in",
    "/sign-up",
  ];
}
