/** Skeleton of the services table while the first render waits for the database. */
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
          <span className="skeleton" style={{ height: 34, flex: "1 1 240px" }} />
          <span className="skeleton" style={{ height: 34, width: 160 }} />
          <span className="skeleton" style={{ height: 34, width: 140 }} />
        </div>
        {Array.from({ length: 8 }, (_, index) => (
          <div
            key={index}
            style={{ display: "flex", gap: 24, padding: "14px", borderBottom: "1px solid var(--border)" }}
          >
            <span className="skeleton" style={{ height: 14, width: "22%" }} />
            <span className="skeleton" style={{ height: 14, width: "14%" }} />
            <span className="skeleton" style={{ height: 14, width: "8%" }} />
            <span className="skeleton" style={{ height: 14, width: "14%" }} />
            <span className="skeleton" style={{ height: 14, width: "10%" }} />
          </div>
        ))}
      </div>
    </div>
  );
}
