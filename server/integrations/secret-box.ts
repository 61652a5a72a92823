import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { readAuthSecret } from "@/server/identity/auth-secret.ts";

// AES-256-GCM under a key derived from the deployment's auth secret. With
// PLUMBLINE_AUTH_SECRET set (production), a database dump alone does not reveal integration
// secrets (kubeconfigs, client secrets, bearer tokens); without it the generated secret is
// kept in the same database, which protects against nothing but casual reads.
const VERSION = "v1";

async function key(): Promise<Buffer> {
  return createHash("sha256").update(`plumbline-integration-secrets:${await readAuthSecret()}`).digest();
}

export async function sealSecret(plaintext: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export async function openSecret(sealed: string): Promise<string> {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("unrecognised sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", await key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
