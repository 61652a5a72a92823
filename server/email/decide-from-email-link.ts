import { verifyEmailDecision } from "@/server/email/email-link-token.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { findApprovalContext } from "@/server/gate/gate.repository.ts";
import { AppError } from "@/server/http/problem.ts";
import type { TSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { emailLinkKey } from "./email-link-key.ts";
import { findPersonById, isOrganizationMember } from "./email.repository.ts";

export type TEmailDecisionOutcome =
  | { kind: "invalid" }
  | { kind: "expired"; deployRequestId: string }
  | { kind: "sign-in" }
  | { kind: "wrong-person"; sentTo: string; signedInAs: string; deployRequestId: string }
  | { kind: "decided"; decision: "approve" | "reject"; teamName: string; requestStatus: string; deployRequestId: string }
  | { kind: "already-decided"; teamName: string; status: string; decidedBy: string | null; decidedAt: string | null; deployRequestId: string }
  | { kind: "refused"; detail: string; deployRequestId: string };

/**
 * A click on an e-mail's Approve or Reject link. The link must be ours (HMAC) and
 * current; the click must come from the person it was sent to, signed in as themselves:
 * anyone else (a forwarded mail, a colleague's browser) is refused and nothing is
 * recorded. The decision itself is decideApproval's, the same as on the web and in Slack:
 * its conditional update records at most one decision, so a second click (or a mail
 * scanner replaying the link with the owner's session) changes nothing and is shown
 * what was decided.
 */
export async function decideFromEmailLink(token: string, session: TSignedInSession | null, options: { baseUrl: string; now?: Date }): Promise<TEmailDecisionOutcome> {
  const now = options.now ?? new Date();
  const checked = verifyEmailDecision(token, await emailLinkKey(), now);
  if (!checked.ok) return checked.reason === "expired" && checked.claim ? { kind: "expired", deployRequestId: checked.claim.deployRequestId } : { kind: "invalid" };
  const { claim } = checked;
  if (!session) return { kind: "sign-in" };
  const person = await findPersonById(claim.organizationId, claim.personId);
  if (!person) return { kind: "invalid" };
  const samePerson = person.email.toLowerCase() === session.email.toLowerCase() && (await isOrganizationMember(claim.organizationId, session.userId));
  if (!samePerson) return { kind: "wrong-person", sentTo: `${person.name} <${person.email}>`, signedInAs: session.email, deployRequestId: claim.deployRequestId };
  try {
    const request = await decideApproval(
      claim.organizationId,
      { deployRequestId: claim.deployRequestId, teamSlug: claim.teamSlug, decision: claim.decision, person: person.email },
      { channel: "email", baseUrl: options.baseUrl, now },
    );
    const approval = request.approvals.find((candidate) => candidate.team === claim.teamSlug);
    return { kind: "decided", decision: claim.decision, teamName: approval?.teamName ?? claim.teamSlug, requestStatus: request.status, deployRequestId: claim.deployRequestId };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 409 && error.title === "Already decided") {
      const context = await findApprovalContext(claim.organizationId, claim.deployRequestId, claim.teamSlug);
      return {
        kind: "already-decided",
        teamName: context?.team.name ?? claim.teamSlug,
        status: context?.approval.status ?? "decided",
        decidedBy: context?.approval.decidedBy?.name ?? null,
        decidedAt: context?.approval.decidedAt?.toISOString() ?? null,
        deployRequestId: claim.deployRequestId,
      };
    }
    return { kind: "refused", detail: error.detail ?? error.message, deployRequestId: claim.deployRequestId };
  }
}
