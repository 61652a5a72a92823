"use client";

import type { TServiceSort } from "@/server/catalog/catalog.schemas.ts";

export interface TTableSorting {
  sort: TServiceSort;
  order: "asc" | "desc";
  onSort: (column: TServiceSort) => void;
}

/**
 * A column header that sorts the table. aria-sort on the <th> and a real <button> make
 * the sort order and the action both reachable for keyboard and screen-reader users.
 */
export function SortableHeader({
  label,
  column,
  sorting,
  className,
}: {
  label: string;
  column: TServiceSort;
  sorting: TTableSorting | undefined;
  className?: string;
}) {
  if (!sorting) {
    return (
      <th scope="col" className={className}>
        {label}
      </th>
    );
  }
  const isActive = sorting.sort === column;
  const ariaSort = isActive ? (sorting.order === "asc" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" className={className} aria-sort={ariaSort}>
      <button type="button" className="sort-button" onClick={() => sorting.onSort(column)}>
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {isActive ? (sorting.order === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}
