/** Skeleton of the deploys table while the first render waits for the database. */
const COLUMN_WIDTHS = ["30%", "10%", "18%", "12%", "10%"];

export default function DeploysLoading() {
  return (
    <div aria-busy="true" aria-label="Loading deploy requests">
      <div className="page-header">
        <div>
          <h1>Deploys</h1>
          <p className="subtitle">What CI asked the deploy gate, what it decided and why, and who approved. Newest first.</p>
        </div>
      </div>
      <div className="card">
        <div className="toolbar">
          <span className="skeleton skeleton-control grow" />
          <span className="skeleton skeleton-control" />
          <span className="skeleton skeleton-control" />
        </div>
        {Array.from({ length: 6 }, (_, row) => (
          <div key={row} className="skeleton-row">
            {COLUMN_WIDTHS.map((width, column) => (
              <span key={column} className="skeleton skeleton-text" style={{ width }} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
