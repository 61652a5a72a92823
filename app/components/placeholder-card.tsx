import type { ReactNode } from "react";

/**
 * Stands in for a capability that is not built yet. It names the capability that will
 * fill it and never shows invented numbers: an empty card is honest, a fake chart is not.
 */
export function PlaceholderCard({
  title,
  children,
  capability,
}: {
  title: string;
  children: ReactNode;
  capability: string;
}) {
  return (
    <section className="placeholder-card" aria-label={title}>
      <h3>{title}</h3>
      <p>{children}</p>
      <span className="capability">Filled by: {capability}</span>
    </section>
  );
}
