"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

type TTriaged = { incidentId: string; status: string };

/** One click each: file the draft as a near miss, or dismiss it. */
export function NearMissDraftButtons({ incidentId, title, fileAction, dismissAction }: { incidentId: string; title: string; fileAction: TStateAction<TTriaged>; dismissAction: TStateAction<TTriaged> }) {
  const [filed, file, isFiling] = useActionState<TActionState<TTriaged>, FormData>(fileAction, null);
  const [dismissed, dismiss, isDismissing] = useActionState<TActionState<TTriaged>, FormData>(dismissAction, null);
  if (filed?.ok) {
    return (
      <p role="status">
        Filed. <Link href={`/incidents/${encodeURIComponent(filed.incidentId)}`}>Add what you learned</Link>
      </p>
    );
  }
  if (dismissed?.ok) return <p role="status">Dismissed.</p>;
  const failure = (filed && !filed.ok ? filed.message : null) ?? (dismissed && !dismissed.ok ? dismissed.message : null);
  const busy = isFiling || isDismissing;
  return (
    <div className="inline-form">
      <form action={file} aria-label={`File ${title}`}>
        <input type="hidden" name="incidentId" value={incidentId} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {isFiling ? "Filing…" : "File it"}
        </button>
      </form>{" "}
      <form action={dismiss} aria-label={`Dismiss ${title}`}>
        <input type="hidden" name="incidentId" value={incidentId} />
        <button type="submit" className="button" disabled={busy}>
          {isDismissing ? "Dismissing…" : "Dismiss"}
        </button>
      </form>
      {failure ? <p role="alert">{failure}</p> : null}
    </div>
  );
}
