import type { TFactProvenance } from "@/server/catalog/catalog.schemas.ts";

const SOURCE_NAMES: Record<string, string> = {
  catalog: "catalog",
  kubernetes: "Kubernetes",
  mesh: "mesh traffic",
  ui: "Plumbline UI",
  api: "API",
  demo: "demo data",
};

function sourceName(source: string): string {
  return SOURCE_NAMES[source] ?? source;
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
      {/* The origin (a file path or URL) would repeat on every fact, so it lives in the tooltip. */}
      <span className="provenance" title={provenance.origin ? `Origin: ${provenance.origin}` : undefined}>
        from {sourceName(provenance.source)}
      </span>
      {hasConflict ? (
        <span className="provenance conflict">
          {provenance.observedSource ? sourceName(provenance.observedSource) : "Observed data"} reports{" "}
          {String(provenance.observedValue)}
        </span>
      ) : null}
    </>
  );
}
