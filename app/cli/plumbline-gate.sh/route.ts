import { readGateShellClient } from "@/server/gate/gate-client-file.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The gate client for images without Node (POSIX sh + curl), public like the Node one:
 * `curl -fsSL $PLUMBLINE_URL/cli/plumbline-gate.sh | sh -s -- --service … --env … --version …`.
 * Byte-identical to packages/plumbline-gate/plumbline-gate.sh.
 */
export async function GET(): Promise<Response> {
  const client = await readGateShellClient();
  if (!client) return new Response("This Plumbline installation has no packages/plumbline-gate/plumbline-gate.sh.\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(client), {
    headers: {
      "content-type": "text/x-shellscript; charset=utf-8",
      "content-disposition": 'inline; filename="plumbline-gate.sh"',
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}
