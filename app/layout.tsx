import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/app/components/app-header.tsx";
import { getRequestOrganization } from "@/server/tenancy/get-request-organization.ts";
import { Providers } from "./providers.tsx";
import "./globals.css";

// The shell shows the request's organization, which lives in the database.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Plumbline", template: "%s · Plumbline" },
  description: "Service catalog, SLOs and a deploy gate for Kubernetes and service meshes.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const organization = await getRequestOrganization();
  return (
    <html lang="en">
      <body>
        <AppHeader organizationName={organization.name} />
        <Providers>
          <main className="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
