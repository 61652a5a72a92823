/** Skeleton of the graph page while the first render lays the graph out. */
export default function GraphLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the service graph">
      <div className="page-header">
        <div>
          <h1>Service graph</h1>
          <p className="subtitle">Who calls whom, how much, and how well.</p>
        </div>
      </div>
      <div className="card graph-card">
        <div className="toolbar">
          <span className="skeleton skeleton-control" />
          <span className="skeleton skeleton-control grow" />
        </div>
        <div className="graph-canvas graph-canvas-loading">
          <span className="skeleton graph-skeleton" />
        </div>
      </div>
    </div>
  );
}
