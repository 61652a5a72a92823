import Link from "next/link";
import { NavLink } from "./nav-link.tsx";
import { PlumblineMark } from "./plumbline-mark.tsx";

/** Top bar: wordmark, the pages that exist, and the organization being viewed. */
export function AppHeader({ organizationName }: { organizationName: string }) {
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/" className="wordmark" aria-label="Plumbline home">
          <PlumblineMark />
          Plumbline
        </Link>
        <nav className="nav" aria-label="Main">
          <NavLink href="/" exact>
            Home
          </NavLink>
          <NavLink href="/services">Services</NavLink>
          <NavLink href="/graph">Graph</NavLink>
          <NavLink href="/teams">Teams</NavLink>
          <NavLink href="/deploys">Deploys</NavLink>
          <NavLink href="/notifications">Notifications</NavLink>
          <NavLink href="/policies">Policies</NavLink>
          <NavLink href="/settings">Settings</NavLink>
        </nav>
        <span className="org-pill" title="Organization">
          <span className="org-avatar" aria-hidden="true">
            {organizationName.trim().charAt(0).toUpperCase() || "?"}
          </span>
          <span>
            <span className="visually-hidden">Organization: </span>
            {organizationName}
          </span>
        </span>
      </div>
    </header>
  );
}
