import type { Metadata } from "next";
import { TokenManager } from "@/app/components/token-manager.tsx";
import { listApiTokens } from "@/server/tenancy/api-tokens.ts";
import { getRequestOrganization } from "@/server/tenancy/get-request-organization.ts";
import { createTokenAction, revokeTokenAction } from "./actions.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const organization = await getRequestOrganization();
  const tokens = await listApiTokens(organization.id);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>API tokens</h1>
          <p className="subtitle">
            Tokens let CI call the deploy gate for {organization.name}: <code>Authorization: Bearer &lt;token&gt;</code>, or <code>PLUMBLINE_TOKEN</code> for{" "}
            <code>plumbline gate</code>. Plumbline keeps only a hash; a token is shown once, when it is created.
          </p>
        </div>
      </div>
      <TokenManager tokens={tokens} createAction={createTokenAction} revokeAction={revokeTokenAction} />
    </>
  );
}
