import { whenDatabaseReady } from "@/server/db/client.ts";
import { receiveGithubWebhook } from "@/server/github/receive-github-webhook.ts";
import { errorToProblem, problemResponse } from "@/server/http/problem.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { resolveRequestId } from "@/server/http/request-id.ts";
import { logger } from "@/server/logger.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GitHub sends at most 25 MB; a deployment_protection_rule event is a few kB.
const MAX_BODY_BYTES = 1_000_000;

/**
 * The webhook URL of every organization's GitHub App (deployment protection rule).
 * Signed by GitHub with the App's webhook secret, not by a Plumbline session or token:
 * server/github/receive-github-webhook.ts verifies it before reading anything.
 */
export async function POST(request: Request): Promise<Response> {
  const requestId = resolveRequestId(request.headers);
  try {
    await whenDatabaseReady();
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length > MAX_BODY_BYTES) return problemResponse({ code: "payload-too-large", detail: `Webhook bodies are limited to ${MAX_BODY_BYTES} bytes.`, requestId });
    const body = await request.text();
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) return problemResponse({ code: "payload-too-large", detail: `Webhook bodies are limited to ${MAX_BODY_BYTES} bytes.`, requestId });
    const result = await receiveGithubWebhook({ body, header: (name) => request.headers.get(name) }, { baseUrl: publicBaseUrl(request) });
    const status = result.kind === "gated" ? (result.created ? 201 : 200) : result.kind === "pong" || result.kind === "reported" ? 200 : 202;
    return Response.json(result, { status, headers: { "x-request-id": requestId } });
  } catch (error) {
    return errorToProblem(error, (message, err) => logger.error({ err, requestId, delivery: request.headers.get("x-github-delivery") }, message), requestId);
  }
}
