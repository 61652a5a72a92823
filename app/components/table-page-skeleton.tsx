/** What a list page shows while its first render waits for the database: its header, a toolbar of filters and placeholder rows. */
export function TablePageSkeleton(props: {
  title: string;
  subtitle: string;
  /** Read by screen readers, e.g. "Loading services". */
  label: string;
  /** One width per placeholder column, e.g. "22%". */
  columnWidths: readonly string[];
  rows: number;
}) {
  return (
    <div role="status" aria-busy="true" aria-label={props.label}>
      <div className="page-header">
        <div>
          <h1>{props.title}</h1>
          <p className="subtitle">{props.subtitle}</p>
        </div>
      </div>
      <div className="card">
        <div className="toolbar">
          <span className="skeleton skeleton-control grow" />
          <span className="skeleton skeleton-control" />
          <span className="skeleton skeleton-control" />
        </div>
        {Array.from({ length: props.rows }, (_, row) => (
          <div key={row} className="skeleton-row">
            {props.columnWidths.map((width, column) => (
              // Widths differ per column; a style prop is the plainest way to vary them.
              <span key={column} className="skeleton skeleton-text" style={{ width }} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
