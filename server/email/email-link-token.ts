import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A one-click approve/reject link in an e-mail carries this, signed: which approval (the
 * request and the team asked), for whom (the person the e-mail was sent to), what the click
 * decides, and until when. HMAC-SHA256 under a deployment key (server/email/email-link-key.ts);
 * the organization is inside the signature, so a link never decides in another tenant.
 * The link alone decides nothing: the page also requires the person to be signed in.
 */
export interface TEmailDecisionClaim {
  organizationId: string;
  deployRequestId: string;
  teamSlug: string;
  personId: string;
  decision: "approve" | "reject";
  expiresAt: Date;
}

const VERSION = 1;

function mac(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(`plumbline-email-decision.${body}`).digest("base64url");
}

export function signEmailDecision(claim: TEmailDecisionClaim, key: Buffer): string {
  const body = Buffer.from(
    JSON.stringify({ v: VERSION, o: claim.organizationId, r: claim.deployRequestId, t: claim.teamSlug, p: claim.personId, d: claim.decision, e: Math.floor(claim.expiresAt.getTime() / 1000) }),
    "utf8",
  ).toString("base64url");
  return `${body}.${mac(key, body)}`;
}

export type TEmailDecisionCheck = { ok: true; claim: TEmailDecisionClaim } | { ok: false; reason: "malformed" | "bad-signature" | "expired"; claim?: TEmailDecisionClaim };

/** Checks the signature first (nothing of an unsigned token is believed), then the expiry. */
export function verifyEmailDecision(token: string, key: Buffer, now: Date): TEmailDecisionCheck {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 2000) return { ok: false, reason: "malformed" };
  const [body, signature] = parts;
  const expected = Buffer.from(mac(key, body), "utf8");
  const given = Buffer.from(signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "bad-signature" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const claim = readClaim(parsed);
  if (!claim) return { ok: false, reason: "malformed" };
  if (claim.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired", claim };
  return { ok: true, claim };
}

function readClaim(value: unknown): TEmailDecisionClaim | null {
  if (typeof value !== "object" || value === null) return null;
  const { v, o, r, t, p, d, e } = value as Record<string, unknown>;
  if (v !== VERSION || typeof o !== "string" || typeof r !== "string" || typeof t !== "string" || typeof p !== "string" || typeof e !== "number") return null;
  if (d !== "approve" && d !== "reject") return null;
  return { organizationId: o, deployRequestId: r, teamSlug: t, personId: p, decision: d, expiresAt: new Date(e * 1000) };
}
