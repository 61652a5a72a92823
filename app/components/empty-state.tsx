import type { ReactNode } from "react";

/** A centred explanation for an empty list, with an optional next step. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {children ? <p>{children}</p> : null}
      {action ? <div className="actions">{action}</div> : null}
    </div>
  );
}
