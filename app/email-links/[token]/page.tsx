import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { decideFromEmailLink, type TEmailDecisionOutcome } from "@/server/email/decide-from-email-link.ts";
import { emailDecisionPath } from "@/server/email/email-link-key.ts";
import { headers } from "next/headers";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { findRequestSession } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Decision from e-mail" };

/**
 * Where an e-mail's Approve / Reject link lands. One click decides, for the person the
 * e-mail was sent to only, signed in as themselves (server/email/decide-from-email-link.ts);
 * every other case is a page that says what happened and that nothing was recorded.
 */
export default async function EmailDecisionPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await findRequestSession();
  const outcome = await decideFromEmailLink(token, session, { baseUrl: publicBaseUrl(await headers()) });
  if (outcome.kind === "sign-in") redirect(`/sign-in?next=${encodeURIComponent(emailDecisionPath(token))}`);
  return (
    <section className="card account-card" data-testid="email-decision" data-outcome={outcome.kind}>
      <h1>{HEADINGS[outcome.kind]}</h1>
      <OutcomeText outcome={outcome} />
      {"deployRequestId" in outcome ? (
        <p>
          <Link className="button" href={`/deploys/${encodeURIComponent(outcome.deployRequestId)}`}>
            Open the deploy request
          </Link>
        </p>
      ) : null}
    </section>
  );
}

const HEADINGS: Record<TEmailDecisionOutcome["kind"], string> = {
  invalid: "This link is not valid",
  expired: "This link has expired",
  "sign-in": "Sign in to decide",
  "wrong-person": "This link is for someone else",
  decided: "Decision recorded",
  "already-decided": "Already decided",
  refused: "Nothing was recorded",
};

function OutcomeText({ outcome }: { outcome: TEmailDecisionOutcome }) {
  switch (outcome.kind) {
    case "invalid":
      return <p>Plumbline did not make this link, or it was changed on the way. Nothing was recorded. Decide on the deploy page instead.</p>;
    case "expired":
      return <p>The decision this link offered is no longer possible from e-mail. Nothing was recorded.</p>;
    case "wrong-person":
      return (
        <p>
          This e-mail was sent to <strong>{outcome.sentTo}</strong>; you are signed in as <strong>{outcome.signedInAs}</strong>. Only the person asked can decide with it, so
          nothing was recorded. Sign out and sign in as them, or decide on the deploy page if you may.
        </p>
      );
    case "decided":
      return (
        <p>
          You {outcome.decision === "approve" ? "approved" : "rejected"} for <strong>{outcome.teamName}</strong>. The deploy request is now <strong>{outcome.requestStatus}</strong>.
        </p>
      );
    case "already-decided":
      return (
        <p>
          {outcome.teamName}&apos;s approval is already <strong>{outcome.status}</strong>
          {outcome.decidedBy ? ` by ${outcome.decidedBy}` : ""}
          {outcome.decidedAt ? ` at ${outcome.decidedAt.slice(0, 16).replace("T", " ")} UTC` : ""}. A decision is made once; this click changed nothing.
        </p>
      );
    case "refused":
      return <p>{outcome.detail} Nothing was recorded.</p>;
    case "sign-in":
      return <p>Sign in as the person this e-mail was sent to.</p>;
  }
}
