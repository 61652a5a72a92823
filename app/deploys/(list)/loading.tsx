import { TablePageSkeleton } from "@/app/components/table-page-skeleton.tsx";

/** Skeleton of the deploys table while the first render waits for the database. */
export default function DeploysLoading() {
  return (
    <TablePageSkeleton
      title="Deploys"
      subtitle="What CI asked the deploy gate, what it decided and why, and who approved. Newest first."
      label="Loading deploy requests"
      columnWidths={["30%", "10%", "18%", "12%", "10%"]}
      rows={6}
    />
  );
}
