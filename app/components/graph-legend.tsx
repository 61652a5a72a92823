import { EDGE_COLOURS, GRAPH_LEGEND_STATUSES, GRAPH_STATUS_STYLES } from "./graph-status-palette.ts";

function EdgeSample({ colour, width, isDashed = false }: { colour: string; width: number; isDashed?: boolean }) {
  return (
    <svg width="34" height="10" aria-hidden="true">
      <line x1="2" y1="5" x2="32" y2="5" stroke={colour} strokeWidth={width} strokeDasharray={isDashed ? "6 5" : undefined} />
    </svg>
  );
}

/** What the colours, dashes and widths mean; the status words are the ones on the nodes. */
export function GraphLegend() {
  return (
    <div className="graph-legend" role="group" aria-label="Legend" data-testid="graph-legend">
      <span className="graph-legend-group">
        <span className="graph-legend-title">Worst SLO status</span>
        {GRAPH_LEGEND_STATUSES.map((key) => {
          const style = GRAPH_STATUS_STYLES[key];
          return (
            <span key={key} className="graph-legend-item">
              <span
                className="graph-swatch"
                style={{ background: style.fill, borderColor: style.stripe, borderStyle: style.isDashed ? "dashed" : "solid", borderLeftStyle: "solid" }}
                aria-hidden="true"
              />
              {style.word}
            </span>
          );
        })}
      </span>
      <span className="graph-legend-group">
        <span className="graph-legend-title">Calls</span>
        <span className="graph-legend-item">
          <EdgeSample colour={EDGE_COLOURS.ok} width={3} />
          observed in the mesh (width: req/s, log scale)
        </span>
        <span className="graph-legend-item">
          <EdgeSample colour={EDGE_COLOURS.declared} width={1.5} isDashed />
          declared only
        </span>
        <span className="graph-legend-item">
          <EdgeSample colour={EDGE_COLOURS.degraded} width={3} />
          success &lt; 99.9 %
        </span>
        <span className="graph-legend-item">
          <EdgeSample colour={EDGE_COLOURS.failing} width={3} />
          success &lt; 99 %
        </span>
      </span>
    </div>
  );
}
