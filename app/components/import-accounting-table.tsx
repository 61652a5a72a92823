import { accountingKindLabel } from "@/domain/catalog/format-import-accounting.ts";
import type { TCatalogOverview } from "@/server/catalog/catalog.schemas.ts";

type TAccounting = NonNullable<NonNullable<TCatalogOverview["lastImport"]>["accounting"]>;

const COLUMNS = ["read", "imported", "updated", "unchanged", "skipped", "rejected"] as const;

/**
 * The import summary: every document read, per kind, in exactly one column, and each one
 * that was skipped or rejected with its reason, so the numbers always add up.
 */
export function ImportAccountingTable({ accounting }: { accounting: TAccounting }) {
  const total = (column: (typeof COLUMNS)[number]) => accounting.kinds.reduce((sum, row) => sum + row[column], 0);
  return (
    <div className="import-accounting" data-testid="import-accounting">
      <div className="table-wrap" role="region" aria-label="Documents of the last import" tabIndex={0}>
        <table className="data">
          <caption className="visually-hidden">Documents of the last import, per kind</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              {COLUMNS.map((column) => (
                <th key={column} scope="col" className="num">
                  {column[0]?.toUpperCase()}
                  {column.slice(1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {accounting.kinds.map((row) => (
              <tr key={`${row.format}:${row.kind}`}>
                <th scope="row">{accountingKindLabel(row)}</th>
                {COLUMNS.map((column) => (
                  <td key={column} className="num">
                    {row[column]}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              {COLUMNS.map((column) => (
                <td key={column} className="num">
                  {total(column)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {accounting.notImported.length > 0 ? (
        <details>
          <summary>
            {accounting.notImported.length} {accounting.notImported.length === 1 ? "document" : "documents"} not imported, and why
          </summary>
          <ul className="import-not-imported">
            {accounting.notImported.map((entry) => (
              <li key={`${entry.file}#${entry.documentIndex}.${entry.itemIndex ?? ""}`}>
                <span className={entry.outcome === "rejected" ? "badge badge-breached" : "badge badge-no_data"}>{entry.outcome}</span>{" "}
                <span className="mono">
                  {entry.file}, document {entry.documentIndex + 1}
                  {entry.itemIndex === undefined ? null : `, item ${entry.itemIndex + 1}`}
                </span>{" "}
                ({entry.entityRef ?? accountingKindLabel(entry)}): {entry.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
