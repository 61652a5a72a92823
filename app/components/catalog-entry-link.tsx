import Link from "next/link";
import type { TCatalogEntryRef } from "@/server/catalog/catalog.schemas.ts";

/** Link to an API, Resource or Domain page; one the catalog names but nobody declared is marked unknown, not hidden. */
export function CatalogEntryLink({ entry }: { entry: TCatalogEntryRef }) {
  if (!entry.known) {
    return (
      <span className="badge badge-at_risk" title="The catalog names this entity but no document declares it">
        Unknown {entry.kind}: <span className="mono">{entry.entityRef}</span>
      </span>
    );
  }
  return <Link href={`/catalog/${entry.kind}/${encodeURIComponent(entry.slug)}`}>{entry.name}</Link>;
}

/** A list of entry links, or a muted "None" so the absence is visible. */
export function CatalogEntryList({ entries, label, empty }: { entries: TCatalogEntryRef[]; label: string; empty: string }) {
  if (entries.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="link-list" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.entityRef}>
          <CatalogEntryLink entry={entry} />
        </li>
      ))}
    </ul>
  );
}
