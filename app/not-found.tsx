import Link from "next/link";

/** 404 for unknown services, teams and addresses. */
export default function NotFound() {
  return (
    <div className="status-page">
      <div className="code">404</div>
      <h1>Page not found</h1>
      <p>
        There is no service, team or page at this address in your catalog. It may have been renamed or removed
        from the catalog.
      </p>
      <div className="actions">
        <Link className="button button-primary" href="/services">
          Browse services
        </Link>
        <Link className="button" href="/teams">
          Browse teams
        </Link>
      </div>
    </div>
  );
}
