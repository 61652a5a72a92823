/** Skeleton of the services table while the first render waits for the database. */
const COLUMN_WIDTHS = ["22%", "14%", "8%", "14%", "10%"];

export default function ServicesLoading() {
  return (
    <div aria-busy="true" aria-label="Loading services">
      <div className="page-header">
        <div>
          <h1>Services</h1>
          <p className="subtitle">Everything your teams run, who owns it, and who depends on it.</p>
        </div>
      </div>
      <div className="card">
        <div className="toolbar">
          <span className="skeleton skeleton-control grow" />
          <span className="skeleton skeleton-control" />
          <span className="skeleton skeleton-control" />
        </div>
        {Array.from({ length: 8 }, (_, row) => (
          <div key={row} className="skeleton-row">
            {COLUMN_WIDTHS.map((width, column) => (
              // Widths differ per column; a style prop is the plainest way to vary them.
              <span key={column} className="skeleton skeleton-text" style={{ width }} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
