import { describe, expect, it } from "vitest";
import { signEmailDecision, verifyEmailDecision, type TEmailDecisionClaim } from "./email-link-token.ts";

const KEY = Buffer.alloc(32, 7);
const NOW = new Date("2026-12-05T10:00:00Z");
const CLAIM: TEmailDecisionClaim = {
  organizationId: "org-1",
  deployRequestId: "req-1",
  teamSlug: "checkout",
  personId: "person-1",
  decision: "approve",
  expiresAt: new Date("2026-12-05T11:00:00Z"),
};

describe("e-mail decision links", () => {
  it("round-trips a claim signed with the key", () => {
    expect(verifyEmailDecision(signEmailDecision(CLAIM, KEY), KEY, NOW)).toEqual({ ok: true, claim: CLAIM });
  });

  it("refuses a token signed with another key", () => {
    expect(verifyEmailDecision(signEmailDecision(CLAIM, Buffer.alloc(32, 8)), KEY, NOW)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses a token whose body was changed (approve → reject, another person)", () => {
    const token = signEmailDecision(CLAIM, KEY);
    const [, signature] = token.split(".");
    for (const changed of [{ ...CLAIM, decision: "reject" as const }, { ...CLAIM, personId: "person-2" }, { ...CLAIM, organizationId: "org-2" }]) {
      const [body] = signEmailDecision(changed, KEY).split(".");
      expect(verifyEmailDecision(`${body}.${signature}`, KEY, NOW)).toEqual({ ok: false, reason: "bad-signature" });
    }
  });

  it("refuses an expired token but still says what it was for", () => {
    const result = verifyEmailDecision(signEmailDecision(CLAIM, KEY), KEY, new Date("2026-12-05T11:00:00Z"));
    expect(result).toEqual({ ok: false, reason: "expired", claim: CLAIM });
  });

  it("refuses garbage", () => {
    for (const token of ["", "abc", "a.b.c", `${"x".repeat(3000)}.y`]) expect(verifyEmailDecision(token, KEY, NOW).ok).toBe(false);
  });
});
