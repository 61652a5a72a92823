import { verify } from "@octokit/webhooks-methods";

/**
 * Which of the candidate webhook secrets signed `body` (GitHub's X-Hub-Signature-256:
 * `sha256=` + hex HMAC-SHA256 of the raw body), or -1. Compared in constant time by
 * @octokit/webhooks-methods; a malformed header or an empty body matches nothing.
 */
export async function findSigningSecret(secrets: readonly string[], body: string, signature: string | null): Promise<number> {
  if (!signature || !/^sha256=[0-9a-f]{64}$/.test(signature) || body.length === 0) return -1;
  for (const [index, secret] of secrets.entries()) {
    if (secret && (await verify(secret, body, signature))) return index;
  }
  return -1;
}
