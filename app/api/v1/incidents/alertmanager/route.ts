import { z } from "zod";
import { ZAlertmanagerPayload } from "@/domain/incidents/alertmanager-payload.ts";
import { receiveAlertmanagerNotification } from "@/server/incidents/receive-alertmanager-notification.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Alertmanager's webhook receiver (webhook_config with `http_config.authorization.credentials`
 * set to an API token): the documented v4 body as-is. Opens, updates and resolves one
 * incident per alert group; redeliveries change nothing.
 */
export const POST = withApi(
  z.object({}),
  async ({ organizationId, request }) => {
    const payload = await readJsonBody(request, ZAlertmanagerPayload);
    const { outcome, incident } = await receiveAlertmanagerNotification(organizationId, payload, new Date());
    return json({ outcome, incidentId: incident?.id ?? null, status: incident?.status ?? null }, { status: outcome === "opened" ? 201 : 200 });
  },
  { auth: "token" },
);
