import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/app/components/account-form.tsx";
import { findInvitation } from "@/server/identity/invitations.ts";
import { findRequestSession } from "@/server/identity/get-request-organization.ts";
import { acceptInvitationAction } from "./actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation" };

/** An invitation link: sign up or sign in with the invited email, then accept. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const lookup = await findInvitation(token);
  if (lookup.kind !== "open") {
    return (
      <section className="card account-card">
        <h1>Invitation not usable</h1>
        <p>This invitation is {lookup.kind === "unknown" ? "not valid (it may have been revoked)" : lookup.kind}. Ask an admin of the organization for a new link.</p>
      </section>
    );
  }
  const { invitation } = lookup;
  const here = `/invitations/${token}`;
  const session = await findRequestSession();
  if (!session) {
    const query = `next=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`;
    return (
      <section className="card account-card">
        <h1>Join {invitation.organizationName}</h1>
        <p>
          You are invited as {invitation.role === "admin" ? "an admin" : "a member"}, as <strong>{invitation.email}</strong>.
        </p>
        <p>
          <Link className="button button-primary" href={`/sign-up?${query}`}>
            Sign up
          </Link>{" "}
          or <Link href={`/sign-in?${query}`}>sign in</Link> with that email to accept.
        </p>
      </section>
    );
  }
  return (
    <AccountForm
      title={`Join ${invitation.organizationName}`}
      fields={[]}
      hidden={{ token }}
      submitLabel="Accept invitation"
      action={acceptInvitationAction}
      footer={
        <>
          Invited: {invitation.email} as {invitation.role}. You are signed in as {session.email}.
        </>
      }
    />
  );
}
