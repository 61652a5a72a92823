"use client";

import { useActionState, useId } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

/**
 * "Keep" or "Archive" on a stale service's page: a reason, then the server action (which
 * checks the caller owns the service or is an admin). Its answer is shown in place; the
 * page's data refreshes on its own.
 */
export function StaleServiceActionForm({ slug, verb, action, done }: { slug: string; verb: "Keep" | "Archive"; action: TStateAction; done: string }) {
  const [state, formAction, isPending] = useActionState<TActionState, FormData>(action, null);
  const id = useId();
  if (state?.ok) return <p role="status">{done}</p>;
  return (
    <form action={formAction} className="inline-form" aria-label={`${verb} ${slug}`}>
      <input type="hidden" name="slug" value={slug} />
      <label htmlFor={`${id}-reason`}>Reason</label>{" "}
      <input id={`${id}-reason`} name="reason" className="input" required minLength={3} maxLength={500} autoComplete="off" size={32} />{" "}
      <button type="submit" className="button" disabled={isPending}>
        {isPending ? `${verb === "Keep" ? "Keeping" : "Archiving"}…` : verb}
      </button>
      {state && !state.ok ? <p role="alert">{state.message}</p> : null}
    </form>
  );
}
