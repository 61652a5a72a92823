import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { findSigningSecret } from "./verify-webhook-signature.ts";

// GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
const DOC_SECRET = "It's a Secret to Everybody";
const DOC_BODY = "Hello, World!";
const DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

const signatureOf = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("findSigningSecret (X-Hub-Signature-256)", () => {
  it("accepts GitHub's documented example signature", async () => {
    expect(await findSigningSecret([DOC_SECRET], DOC_BODY, DOC_SIGNATURE)).toBe(0);
  });

  it("finds which of several candidate secrets signed the body", async () => {
    const body = JSON.stringify({ action: "requested" });
    expect(await findSigningSecret(["other-tenant", "this-tenant"], body, signatureOf("this-tenant", body))).toBe(1);
  });

  it("refuses a wrong secret, a changed body, a missing or malformed header and an empty body", async () => {
    const body = '{"action":"requested"}';
    const good = signatureOf("s3cret", body);
    expect(await findSigningSecret(["wrong"], body, good)).toBe(-1);
    expect(await findSigningSecret(["s3cret"], `${body} `, good)).toBe(-1);
    expect(await findSigningSecret(["s3cret"], body, null)).toBe(-1);
    expect(await findSigningSecret(["s3cret"], body, good.replace("sha256=", "sha1="))).toBe(-1);
    expect(await findSigningSecret(["s3cret"], body, good.toUpperCase())).toBe(-1);
    expect(await findSigningSecret(["s3cret"], "", signatureOf("s3cret", "x"))).toBe(-1);
    expect(await findSigningSecret([], body, good)).toBe(-1);
  });
});
