"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, type ReactNode } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

/**
 * A form posting to a server action (useActionState): shows the action's message or
 * failure beside the submit button, refreshes the page's server data on success, and
 * clears itself when `resetOnSuccess`.
 */
export function ActionForm({
  action,
  submitLabel,
  pendingLabel,
  children,
  className,
  resetOnSuccess = false,
  submitClassName = "button button-primary",
  ariaLabel,
}: {
  action: TStateAction<{ message?: string }>;
  submitLabel: string;
  pendingLabel?: string;
  children?: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  submitClassName?: string;
  ariaLabel?: string;
}) {
  const [state, formAction, isPending] = useActionState<TActionState<{ message?: string }>, FormData>(action, null);
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) {
      if (resetOnSuccess) form.current?.reset();
      router.refresh();
    }
  }, [state, resetOnSuccess, router]);
  return (
    <form ref={form} action={formAction} className={className} aria-label={ariaLabel}>
      {children}
      <div className="incident-form-actions">
        <button type="submit" className={submitClassName} disabled={isPending}>
          {isPending ? (pendingLabel ?? "Saving…") : submitLabel}
        </button>
        {state && !state.ok ? (
          <span className="incident-form-error" role="alert">
            {state.message}
          </span>
        ) : state?.ok && state.message ? (
          <span className="incident-form-ok" role="status">
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
