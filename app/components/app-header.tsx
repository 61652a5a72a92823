import Link from "next/link";
import { NavLink } from "./nav-link.tsx";
import { OrganizationSwitcher } from "./organization-switcher.tsx";
import { PlumblineMark } from "./plumbline-mark.tsx";

export interface THeaderAccount {
  userName: string;
  organizations: { id: string; name: string }[];
  switchAction: (form: FormData) => Promise<void>;
  signOutAction: (form: FormData) => Promise<void>;
}

/** Top bar: wordmark, the pages that exist, the organization being viewed (a switcher when there are several) and the user. */
export function AppHeader({ organizationName, organizationId, account }: { organizationName: string; organizationId: string; account: THeaderAccount }) {
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
          <NavLink href="/catalog">Catalog</NavLink>
          <NavLink href="/deploys">Deploys</NavLink>
          <NavLink href="/incidents">Incidents</NavLink>
          <NavLink href="/notifications">Notifications</NavLink>
          <NavLink href="/policies">Policies</NavLink>
          <NavLink href="/settings">Settings</NavLink>
        </nav>
        {account.organizations.length > 1 ? (
          <OrganizationSwitcher organizationId={organizationId} organizations={account.organizations} switchAction={account.switchAction} />
        ) : (
          <span className="org-pill" title="Organization">
            <span className="org-avatar" aria-hidden="true">
              {organizationName.trim().charAt(0).toUpperCase() || "?"}
            </span>
            <span>
              <span className="visually-hidden">Organization: </span>
              {organizationName}
            </span>
          </span>
        )}
        <span className="user-menu">
          <span className="muted" data-testid="signed-in-user">
            {account.userName}
          </span>
          <form action={account.signOutAction}>
            <button type="submit" className="button">
              Sign out
            </button>
          </form>
        </span>
      </div>
    </header>
  );
}
