"use client";

import { useActionState } from "react";
import type { TActionState } from "@/server/http/with-action.ts";
import type { TDecideAction } from "./deploy-approval-form.tsx";
import styles from "./waiting-for-you.module.css";

/**
 * Approve or reject one team's approval without opening the deploy page ("Waiting for
 * you", /notifications): the same server action, hence the same decision and checks, as
 * the deploy page's form. The page re-renders after a decision (the action revalidates it).
 */
export function QuickDecisionForm({ deployRequestId, team, teamName, action }: { deployRequestId: string; team: string; teamName: string; action: TDecideAction }) {
  const [state, formAction, isPending] = useActionState<TActionState<{ message: string }>, FormData>(action, null);
  return (
    <form action={formAction} className={styles.decide} aria-label={`Decide for ${teamName}`}>
      <input type="hidden" name="deployRequestId" value={deployRequestId} />
      <input type="hidden" name="team" value={team} />
      <button type="submit" name="decision" value="approve" className="button button-primary" disabled={isPending}>
        Approve
      </button>
      <button type="submit" name="decision" value="reject" className="button deploy-button-reject" disabled={isPending}>
        Reject
      </button>
      {state?.ok === false ? (
        <span className={styles.error} role="alert">
          {state.message}
        </span>
      ) : null}
      {state?.ok === true ? (
        <span className={styles.done} role="status">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
