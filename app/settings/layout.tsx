import type { ReactNode } from "react";
import { NavLink } from "@/app/components/nav-link.tsx";
import "./settings.css";

/** Settings' sections, in one place: every settings page shows them all and marks its own. */
const SECTIONS = [
  { href: "/settings", label: "Clusters", exact: true },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/integrations", label: "Integrations" },
  { href: "/settings/email", label: "E-mail" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/telemetry", label: "Telemetry coverage" },
  { href: "/settings/system", label: "System" },
] as const;

/**
 * Settings as one area with sections (issue 21): a section list beside the content instead
 * of sub-pages chained by arrows. Each section keeps its own URL, so links, server-action
 * redirects (?error=…) and the browser's Back keep working.
 */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="settings-layout">
      <nav className="settings-nav" aria-label="Settings sections">
        <p className="settings-nav-title">Settings</p>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.href}>
              <NavLink href={section.href} exact={"exact" in section && section.exact}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-content">{children}</div>
    </div>
  );
}
