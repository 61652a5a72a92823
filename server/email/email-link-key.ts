import { createHash } from "node:crypto";
import { readAuthSecret } from "@/server/identity/auth-secret.ts";

/** The key that signs e-mail decision links: derived from the deployment's auth secret, separate from every other use of it. */
export async function emailLinkKey(): Promise<Buffer> {
  return createHash("sha256").update(`plumbline-email-decision-links:${await readAuthSecret()}`).digest();
}

export function emailDecisionPath(token: string): string {
  return `/email-links/${token}`;
}
