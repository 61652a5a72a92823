"use client";

import { useActionState, useState } from "react";
import type { TApiTokenSummary } from "@/server/identity/api-tokens.ts";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";
import { EmptyState } from "./empty-state.tsx";
import { formatDateTime, formatRelativeTime } from "./format.ts";

type TCreatedToken = { id: string; name: string; token: string };

/**
 * Create a token (shown once, with a copy button) and revoke tokens. The list never has
 * the secret: only its name, first characters, and when it was created and last used.
 */
export function TokenManager({
  tokens,
  createAction,
  revokeAction,
}: {
  tokens: TApiTokenSummary[];
  createAction: TStateAction<TCreatedToken>;
  revokeAction: TStateAction;
}) {
  const [created, create, isCreating] = useActionState<TActionState<TCreatedToken>, FormData>(createAction, null);
  const [revoked, revoke, isRevoking] = useActionState<TActionState, FormData>(revokeAction, null);
  const [copied, setCopied] = useState(false);
  const active = tokens.filter((token) => token.revokedAt === null).length;

  return (
    <>
      <section className="card section token-create" aria-labelledby="token-create-heading">
        <h2 id="token-create-heading" className="card-title">
          New token
        </h2>
        <form action={create} className="toolbar token-form">
          <div className="field field-grow">
            <label htmlFor="token-name">Name</label>
            <input id="token-name" name="name" className="input" placeholder="Where it is used, e.g. github-actions-payments" maxLength={100} required autoComplete="off" />
          </div>
          <button type="submit" className="button button-primary" disabled={isCreating}>
            {isCreating ? "Creating…" : "Create token"}
          </button>
        </form>
        {created?.ok === false ? (
          <p className="token-message token-message-error" role="alert">
            {created.message}
          </p>
        ) : null}
        {created?.ok === true ? (
          <div className="callout token-secret" role="status">
            <h3>Token “{created.name}” created. Copy it now: it will not be shown again.</h3>
            <div className="token-secret-row">
              <code className="token-value" data-testid="new-token">
                {created.token}
              </code>
              <button
                type="button"
                className="button"
                onClick={() => {
                  void navigator.clipboard?.writeText(created.token).then(() => setCopied(true), () => setCopied(false));
                }}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
            <p className="muted card-text">
              In CI, store it as a secret named <code>PLUMBLINE_TOKEN</code>.
            </p>
          </div>
        ) : null}
      </section>

      <section className="section" aria-labelledby="token-list-heading">
        <div className="section-header">
          <h2 id="token-list-heading">
            Tokens <span className="count">{tokens.length}</span>
          </h2>
          <span className="muted">{active} active</span>
        </div>
        {revoked?.ok === false ? (
          <p className="token-message token-message-error" role="alert">
            {revoked.message}
          </p>
        ) : null}
        <div className="card">
          {tokens.length === 0 ? (
            <EmptyState title="No API tokens yet">Create one above for each CI system or pipeline that calls the deploy gate, so each can be revoked on its own.</EmptyState>
          ) : (
            <div className="table-wrap" role="region" aria-label="API tokens" tabIndex={0}>
              <table className="data token-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Token</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((token) => (
                    <tr key={token.id} data-token-name={token.name} className={token.revokedAt ? "token-revoked" : undefined}>
                      <td className="primary">{token.name}</td>
                      <td>
                        <code>{token.prefix}…</code>
                      </td>
                      <td className="nowrap" title={formatDateTime(token.createdAt)}>
                        <span suppressHydrationWarning>{formatRelativeTime(token.createdAt)}</span>
                        {token.createdBy ? <span className="secondary-line">by {token.createdBy}</span> : null}
                      </td>
                      <td className="nowrap">
                        {token.lastUsedAt ? (
                          <span suppressHydrationWarning title={formatDateTime(token.lastUsedAt)}>
                            {formatRelativeTime(token.lastUsedAt)}
                          </span>
                        ) : (
                          <span className="muted">never</span>
                        )}
                      </td>
                      <td className="nowrap">
                        {token.revokedAt ? (
                          <span className="badge badge-muted" title={formatDateTime(token.revokedAt)}>
                            revoked <span suppressHydrationWarning>{formatRelativeTime(token.revokedAt)}</span>
                          </span>
                        ) : (
                          <span className="badge badge-healthy">active</span>
                        )}
                      </td>
                      <td className="num">
                        {token.revokedAt ? null : (
                          <form
                            action={revoke}
                            onSubmit={(event) => {
                              if (!window.confirm(`Revoke “${token.name}”? CI using it gets 401 from its next request.`)) event.preventDefault();
                            }}
                          >
                            <input type="hidden" name="id" value={token.id} />
                            <button type="submit" className="button token-revoke" disabled={isRevoking} aria-label={`Revoke ${token.name}`}>
                              Revoke
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
    </>
  );
}
