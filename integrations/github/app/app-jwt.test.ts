import { describe, expect, it } from "vitest";
import { createVerify, generateKeyPairSync } from "node:crypto";
import { createAppJwt, isRsaPrivateKey } from "./app-jwt.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();

describe("createAppJwt", () => {
  it("signs RS256 claims GitHub accepts: iss the App id, iat 60 s back, exp within 10 minutes", () => {
    const now = Date.UTC(2026, 11, 4, 21, 0, 0);
    const jwt = createAppJwt("123456", pkcs1, now);
    const [header = "", payload = "", signature = ""] = jwt.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT" });
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iat: number; exp: number; iss: string };
    expect(claims).toEqual({ iat: now / 1000 - 60, exp: now / 1000 + 540, iss: "123456" });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    expect(createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature, "base64url"))).toBe(true);
  });

  it("recognises RSA private keys (PKCS#1 as GitHub downloads them, PKCS#8) and nothing else", () => {
    expect(isRsaPrivateKey(pkcs1)).toBe(true);
    expect(isRsaPrivateKey(privateKey.export({ type: "pkcs8", format: "pem" }).toString())).toBe(true);
    expect(isRsaPrivateKey(publicKey.export({ type: "spki", format: "pem" }).toString())).toBe(false);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(isRsaPrivateKey(ec)).toBe(false);
    expect(isRsaPrivateKey("-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----")).toBe(false);
  });
});
