import { z } from "zod";
import { clearDemoFaults, injectDemoFault, listDemoFaults, ZDemoFaultInput, ZDemoFaultServiceQuery } from "@/server/demo/demo-faults.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The demo's injected faults (and whether the demo's simulator runs at all). */
export const GET = withApi(ZDemoFaultServiceQuery, async ({ organizationId, actor, query }) => json(await listDemoFaults(organizationId, actor, new Date(), query.service)));

/** Injects a fault into the simulated mesh (the service's owners, admins, API tokens): `{service, errorRate: 0.2, duration: "30m"}`. 409 outside demo mode. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, request }) => {
  const input = await readJsonBody(request, ZDemoFaultInput);
  return json(await injectDemoFault(organizationId, input, actor, new Date()), { status: 201 });
});

/** Ends active faults now: all of them, or `?service=<slug>`'s. */
export const DELETE = withApi(ZDemoFaultServiceQuery, async ({ organizationId, actor, query }) =>
  json(await clearDemoFaults(organizationId, query.service ?? null, actor, new Date())),
);
