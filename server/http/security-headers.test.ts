import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BASELINE_SECURITY_HEADERS, contentSecurityPolicy } from "./security-headers.ts";

describe("security headers", () => {
  it("next.config.js sends the same baseline headers as pages get from proxy.ts", async () => {
    // A variable specifier: next.config.js is plain JavaScript without types; zod reads it.
    const configPath: string = "@/next.config.js";
    const config = z.object({ default: z.object({ headers: z.function() }) }).parse(await import(configPath));
    const rules = z.array(z.object({ source: z.string(), headers: z.array(z.object({ key: z.string(), value: z.string() })) })).parse(await config.default.headers());
    const all = rules.find((rule) => rule.source === "/:path*");
    expect(Object.fromEntries((all?.headers ?? []).map((h) => [h.key, h.value]))).toEqual(BASELINE_SECURITY_HEADERS);
  });

  it("allows scripts only with the nonce, and no framing", () => {
    const policy = contentSecurityPolicy("abc123", { isDevelopment: false });
    expect(policy).toContain(`script-src 'self' 'nonce-abc123' 'strict-dynamic'`);
    expect(policy).toContain(`frame-ancestors 'none'`);
    expect(policy).toContain(`object-src 'none'`);
    expect(policy).not.toContain("unsafe-eval");
  });

  it("lets Next's development server evaluate its refresh code", () => {
    expect(contentSecurityPolicy("n", { isDevelopment: true })).toContain(`'unsafe-eval'`);
  });
});
