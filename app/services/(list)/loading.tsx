import { TablePageSkeleton } from "@/app/components/table-page-skeleton.tsx";

/** Skeleton of the services table while the first render waits for the database. */
export default function ServicesLoading() {
  return (
    <TablePageSkeleton
      title="Services"
      subtitle="Everything your teams run, who owns it, and who depends on it."
      label="Loading services"
      columnWidths={["22%", "14%", "8%", "14%", "10%"]}
      rows={8}
    />
  );
}
