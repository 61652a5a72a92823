import { EDGE_COLOURS } from "./graph-style.ts";

/** What the colours, dashes and widths mean. */
export function GraphLegend() {
  return (
    <div className="graph-legend" role="group" aria-label="Legend">
      <span className="graph-legend-group">
        <span className="graph-legend-title">SLO status</span>
        {(
          [
            ["healthy", "healthy"],
            ["at_risk", "at risk"],
            ["breached", "breached"],
            ["no_data", "no data"],
            ["none", "no SLOs"],
          ] as const
        ).map(([status, label]) => (
          <span key={status} className="graph-legend-item">
            <span className={`graph-swatch graph-node-${status}`} aria-hidden="true" />
            {label}
          </span>
        ))}
      </span>
      <span className="graph-legend-group">
        <span className="graph-legend-title">Calls</span>
        <span className="graph-legend-item">
          <svg width="34" height="10" aria-hidden="true">
            <line x1="2" y1="5" x2="32" y2="5" stroke={EDGE_COLOURS.ok} strokeWidth="3" />
          </svg>
          observed in the mesh (width: req/s, log scale)
        </span>
        <span className="graph-legend-item">
          <svg width="34" height="10" aria-hidden="true">
            <line x1="2" y1="5" x2="32" y2="5" stroke={EDGE_COLOURS.declared} strokeWidth="1.5" strokeDasharray="6 5" />
          </svg>
          declared only
        </span>
        <span className="graph-legend-item">
          <svg width="34" height="10" aria-hidden="true">
            <line x1="2" y1="5" x2="32" y2="5" stroke={EDGE_COLOURS.degraded} strokeWidth="3" />
          </svg>
          success &lt; 99.9 %
        </span>
        <span className="graph-legend-item">
          <svg width="34" height="10" aria-hidden="true">
            <line x1="2" y1="5" x2="32" y2="5" stroke={EDGE_COLOURS.failing} strokeWidth="3" />
          </svg>
          success &lt; 99 %
        </span>
      </span>
    </div>
  );
}
