/**
 * Who is calling. Sign-in does not exist yet: a browser is a "session" that acts for
 * the deployment's default organization; CI presents a bearer token of its organization.
 * When sign-in lands, the session variant gains the signed-in person and the can*
 * functions beside this file start to look at it. Nothing else needs to change.
 */
export type TActor = { kind: "session" } | { kind: "token"; tokenId: string; tokenName: string };

export function describeActor(actor: TActor): string {
  return actor.kind === "session" ? "web session" : `API token "${actor.tokenName}"`;
}
