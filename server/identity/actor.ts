import type { TOrganizationRole } from "./identity-accounts.repository.ts";

/** A signed-in user acting for one organization they belong to, as that organization's catalog person. */
export interface TUserActor {
  kind: "user";
  userId: string;
  /** The organization's Person with the user's email (created at sign-in when the catalog has none). */
  personId: string;
  role: TOrganizationRole;
  name: string;
  email: string;
}

/** CI: a bearer API token of one organization. */
export interface TTokenActor {
  kind: "token";
  tokenId: string;
  tokenName: string;
}

/** Who is calling. What each may do is decided by the can* functions beside this file, nowhere else. */
export type TActor = TUserActor | TTokenActor;

export function describeActor(actor: TActor): string {
  return actor.kind === "user" ? `${actor.name} <${actor.email}>` : `API token "${actor.tokenName}"`;
}
