"use client";

import { useActionState, useEffect, useId } from "react";
import type { TDecider } from "@/server/gate/gate.schemas.ts";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

type TDecided = { message: string };
export type TDecideAction = TStateAction<TDecided>;

/**
 * An owner approves or rejects on the web, as the signed-in user. The form is offered to
 * those who may decide for the team (its owners, or its members when it names none);
 * everyone else sees who may. The server checks again (canDecideApproval).
 */
export function DeployApprovalForm({
  deployRequestId,
  team,
  teamName,
  deciders,
  viewerPersonId,
  action,
  onDecided,
}: {
  deployRequestId: string;
  team: string;
  teamName: string;
  deciders: TDecider[];
  viewerPersonId: string;
  action: TDecideAction;
  onDecided: () => void;
}) {
  const [state, formAction, isPending] = useActionState<TActionState<TDecided>, FormData>(action, null);
  const id = useId();
  useEffect(() => {
    if (state?.ok === true) onDecided();
  }, [state, onDecided]);

  if (deciders.length === 0) {
    return (
      <p className="callout callout-warning">
        Nobody in the catalog can decide for {teamName}: the team has no members. Add its owners to the catalog (<code>plumbline.dev/owners</code>).
      </p>
    );
  }
  if (!deciders.some((person) => person.id === viewerPersonId)) {
    return (
      <p className="muted deploy-hint">
        Waiting for {teamName}&apos;s {deciders[0]?.role === "owner" ? "owners" : "members"}: {deciders.map((person) => person.name).join(", ")}.
      </p>
    );
  }
  return (
    <form action={formAction} className="deploy-decision-form" aria-label={`Decide for ${teamName}`}>
      <input type="hidden" name="deployRequestId" value={deployRequestId} />
      <input type="hidden" name="team" value={team} />
      <div className="field field-grow">
        <label htmlFor={`${id}-comment`}>Comment (optional)</label>
        <textarea id={`${id}-comment`} name="comment" className="input deploy-comment-input" rows={2} maxLength={2000} placeholder="Why, for the record" />
      </div>
      <div className="deploy-decision-buttons">
        <button type="submit" name="decision" value="approve" className="button button-primary" disabled={isPending}>
          Approve
        </button>
        <button type="submit" name="decision" value="reject" className="button deploy-button-reject" disabled={isPending}>
          Reject
        </button>
      </div>
      {state?.ok === false ? (
        <p className="deploy-form-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state?.ok === true ? (
        <p className="deploy-form-done" role="status">
          {state.message}
        </p>
      ) : null}
      {isPending ? <p className="muted">Recording your decision…</p> : null}
    </form>
  );
}
