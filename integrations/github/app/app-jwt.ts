import { createPrivateKey, createSign } from "node:crypto";

/**
 * A GitHub App's JSON Web Token (RS256), as GitHub documents it: `iss` the App id, `iat`
 * 60 s in the past (clock drift), `exp` at most 10 minutes ahead (9 here). It only
 * authenticates `POST /app/installations/{id}/access_tokens`.
 */
export function createAppJwt(appId: string, privateKeyPem: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signingInput = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 60, exp: now + 9 * 60, iss: appId })}`;
  const signature = createSign("RSA-SHA256").update(signingInput).sign(createPrivateKey(privateKeyPem)).toString("base64url");
  return `${signingInput}.${signature}`;
}

/** Whether `pem` is an RSA private key Node can read (PKCS#1 as GitHub downloads it, or PKCS#8). */
export function isRsaPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}
