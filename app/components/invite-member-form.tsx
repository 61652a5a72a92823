"use client";

import { useActionState } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

type TInvited = { email: string; link: string; emailed: boolean };

/** An admin invites by email; the link is e-mailed when a mail server is configured, and shown here either way (valid 7 days). */
export function InviteMemberForm({ action }: { action: TStateAction<TInvited> }) {
  const [state, formAction, isPending] = useActionState<TActionState<TInvited>, FormData>(action, null);
  return (
    <section className="card section" aria-labelledby="invite-heading">
      <h2 id="invite-heading" className="card-title">
        Invite someone
      </h2>
      <form action={formAction} className="toolbar" aria-label="Invite someone">
        <div className="field field-grow">
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" className="input" required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" className="select" defaultValue="member">
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={isPending}>
          Create invitation
        </button>
      </form>
      {state?.ok === false ? (
        <p className="deploy-form-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state?.ok === true ? (
        <div className="callout" role="status">
          <h3>
            {state.emailed
              ? `Invitation for ${state.email} created and sent by e-mail. The same link (valid 7 days):`
              : `Invitation for ${state.email} created. No mail server is configured: send them this link (valid 7 days).`}
          </h3>
          <code data-testid="invitation-link">{state.link}</code>
        </div>
      ) : null}
    </section>
  );
}
