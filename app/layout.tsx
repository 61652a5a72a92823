import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/app/components/app-header.tsx";
import { resolveUserActor } from "@/server/identity/resolve-user-actor.ts";
import { countWaitingForPerson } from "@/server/gate/count-waiting-badge.ts";
import { findRequestSession } from "@/server/identity/get-request-organization.ts";
import { switchOrganizationAction } from "@/app/account/actions.ts";
import { signOutAction } from "@/app/sign-in/actions.ts";
import { Providers } from "./providers.tsx";
import "./globals.css";
import "./styles/responsive.css";
import "./styles/accessibility.css";

// The shell shows the signed-in user's organization, which lives in the database.
export const dynamic = "force-dynamic";

const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 18 18"><path d="M9 1.5v6" stroke="#4f46e5" stroke-width="1.6" stroke-linecap="round"/><path d="M5.5 8.5h7L9 16.5 5.5 8.5Z" fill="#4f46e5"/></svg>';

export const metadata: Metadata = {
  title: { default: "Plumbline", template: "%s · Plumbline" },
  description: "Service catalog, SLOs and a deploy gate for Kubernetes and service meshes.",
  // The wordmark's plumb bob, inline, so browsers asking for a favicon get no 404.
  icons: { icon: `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}` },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // No redirect here: the sign-in pages share this layout. Every other page calls
  // getRequestContext(), which sends anonymous visitors to /sign-in.
  const session = await findRequestSession();
  const context = session ? await resolveUserActor(session) : null;
  const waitingCount = context?.kind === "member" ? await countWaitingForPerson(context.organization.id, context.actor.personId) : 0;
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {context?.kind === "member" ? (
          <AppHeader
            organizationName={context.organization.name}
            organizationId={context.organization.id}
            waitingCount={waitingCount}
            account={{ userName: context.actor.name, organizations: context.organizations, switchAction: switchOrganizationAction, signOutAction }}
          />
        ) : null}
        <Providers>
          <main id="main" className="main" tabIndex={-1}>
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
