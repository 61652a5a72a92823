import type { Metadata } from "next";
import { TokenManager } from "@/app/components/token-manager.tsx";
import { listApiTokens } from "@/server/identity/api-tokens.ts";
import { canManageApiTokens } from "@/server/identity/can-manage-api-tokens.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { createTokenAction, revokeTokenAction } from "./actions.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "API tokens · Settings" };

export default async function ApiTokensPage() {
  const { organization, actor } = await getRequestContext();
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
      {canManageApiTokens(actor) ? (
        <TokenManager tokens={tokens} createAction={createTokenAction} revokeAction={revokeTokenAction} />
      ) : (
        <p className="callout page-callout" role="status">
          Only organization admins can create or revoke API tokens ({tokens.filter((token) => token.revokedAt === null).length} active). Ask an admin on Settings → Members.
        </p>
      )}
    </>
  );
}
