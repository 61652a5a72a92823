import type { TActor, TUserActor } from "./actor.ts";

/**
 * Can `actor` decide approvals at all? Only people (signed-in users); which teams they
 * may decide for is canDecideApproval's question. API tokens never: a CI credential that
 * could approve would wave its own deploys through the gate.
 */
export function canDecideApprovalsAs(actor: TActor): actor is TUserActor {
  return actor.kind === "user";
}
