/** Whether a call relation was seen in mesh traffic or only declared in the catalog. */
export function EdgeSourceBadge({ source }: { source: "mesh" | "declared" }) {
  const title =
    source === "mesh" ? "Observed in service-mesh traffic" : "Declared in the catalog (dependsOn), not yet observed";
  return (
    <span className={`badge badge-source-${source}`} title={title}>
      {source}
    </span>
  );
}
