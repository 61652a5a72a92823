"use client";

import Link from "next/link";
import { useActionState, useId } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

type TClaimed = { service: { slug: string; name: string }; serviceCreated: boolean };

/**
 * One click on an unmatched coverage endpoint: attribute it to a service (an existing
 * slug, or a new discovered, unowned service of that slug) from the next round on.
 */
export function ClaimEndpointForm({ namespace, workload, suggestedSlug, action }: { namespace: string; workload: string; suggestedSlug: string; action: TStateAction<TClaimed> }) {
  const [state, formAction, isPending] = useActionState<TActionState<TClaimed>, FormData>(action, null);
  const id = useId();
  if (state?.ok) {
    return (
      <p role="status">
        Claimed for <Link href={`/services/${encodeURIComponent(state.service.slug)}`}>{state.service.name}</Link>
        {state.serviceCreated ? " (new service, no owner yet)" : ""}.
      </p>
    );
  }
  return (
    <form action={formAction} className="inline-form" aria-label={`Claim ${namespace}/${workload}`}>
      <input type="hidden" name="namespace" value={namespace} />
      <input type="hidden" name="workload" value={workload} />
      <label htmlFor={`${id}-service`}>Service</label>{" "}
      <input id={`${id}-service`} name="service" className="input" defaultValue={suggestedSlug} required autoComplete="off" size={18} />{" "}
      <button type="submit" className="button" disabled={isPending}>
        {isPending ? "Claiming…" : "Claim"}
      </button>
      {state && !state.ok ? <p role="alert">{state.message}</p> : null}
    </form>
  );
}
