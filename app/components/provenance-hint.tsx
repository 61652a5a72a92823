import type { TFactProvenance } from "@/server/catalog/catalog.schemas.ts";

const SOURCE_LABELS: Record<string, string> = {
  catalog: "from catalog",
  kubernetes: "from Kubernetes",
  mesh: "from mesh traffic",
  ui: "set in Plumbline",
  api: "set via API",
  demo: "demo data",
};

function describeSource(source: string): string {
  return SOURCE_LABELS[source] ?? `from ${source}`;
}

/**
 * Where a fact came from, kept quiet unless an observed value disagrees with the declared
 * one: observed data never silently overwrites declared data, so the page shows both.
 */
export function ProvenanceHint({ provenance }: { provenance: TFactProvenance | undefined }) {
  if (!provenance) return null;
  const hasConflict = provenance.observedValue !== undefined && provenance.observedValue !== null;
  return (
    <>
      <span className="provenance" title={provenance.origin ? `Origin: ${provenance.origin}` : undefined}>
        {describeSource(provenance.source)}
        {provenance.origin ? ` · ${provenance.origin}` : null}
      </span>
      {hasConflict ? (
        <span className="provenance conflict">
          {provenance.observedSource ? describeSource(provenance.observedSource).replace(/^from /, "") : "observed"}{" "}
          reports {String(provenance.observedValue)}
        </span>
      ) : null}
    </>
  );
}
