import Link from "next/link";

/** One headline number on the home page, linking to where it comes from. */
export function StatCard({ label, value, hint, href }: { label: string; value: number; hint?: string; href?: string }) {
  return (
    <div className="card card-body">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{href ? <Link href={href}>{value}</Link> : value}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  );
}
