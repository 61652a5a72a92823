import type { TServiceWarning } from "@/server/catalog/catalog.schemas.ts";

/** Problems found while building this service's record (bad owner ref, unknown dependency...). */
export function WarningsCallout({ warnings }: { warnings: TServiceWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="callout callout-warning" role="status">
      <h2>
        {warnings.length === 1 ? "1 problem" : `${warnings.length} problems`} in this service&apos;s declared or observed data
      </h2>
      <ul>
        {warnings.map((warning, index) => (
          <li key={`${warning.field}-${index}`}>
            <strong>{warning.field}</strong>: {warning.message} <span className="muted">(from {warning.source})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
