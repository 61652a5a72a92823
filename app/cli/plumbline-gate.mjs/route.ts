import { readGateClient } from "@/server/gate/gate-client-file.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The standalone gate client, public (it is code, not data: the API token it needs is the
 * secret), so `curl -fsSL $PLUMBLINE_URL/cli/plumbline-gate.mjs | node - gate …` works
 * anywhere Node runs. Byte-identical to packages/plumbline-gate/plumbline-gate.mjs.
 */
export async function GET(): Promise<Response> {
  const client = await readGateClient();
  if (!client) return new Response("This Plumbline installation has no packages/plumbline-gate/plumbline-gate.mjs (run npm run build:gate).\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(client), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "content-disposition": 'inline; filename="plumbline-gate.mjs"',
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}
