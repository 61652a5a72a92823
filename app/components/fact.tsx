import type { ReactNode } from "react";
import type { TFactProvenance } from "@/server/catalog/catalog.schemas.ts";
import { ProvenanceHint } from "./provenance-hint.tsx";

/** One labelled fact in a header's description list, with where it came from. */
export function Fact({
  label,
  children,
  provenance,
}: {
  label: string;
  children: ReactNode;
  provenance?: TFactProvenance;
}) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>
        {children}
        <ProvenanceHint provenance={provenance} />
      </dd>
    </div>
  );
}
