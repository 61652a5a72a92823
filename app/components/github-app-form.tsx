"use client";

import { useActionState } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

type TSaved = { name: string };

export interface TGithubAppFormValues {
  appId: string;
  apiUrl: string;
  mappings: string;
  configured: boolean;
}

/**
 * The organization's GitHub App (deployment protection rule). The private key and the
 * webhook secret are write-only: sealed on save, never shown again; empty keeps them.
 */
export function GithubAppForm({ action, values, webhookUrl }: { action: TStateAction<TSaved>; values: TGithubAppFormValues; webhookUrl: string }) {
  const [state, formAction, isPending] = useActionState<TActionState<TSaved>, FormData>(action, null);
  const fieldError = (name: string) => (state?.ok === false ? Object.entries(state.fieldErrors ?? {}).filter(([field]) => field === name || field.startsWith(`${name}.`)) : []);
  return (
    <section className="card section" aria-labelledby="github-app-heading">
      <h2 id="github-app-heading" className="card-title">
        GitHub deployment protection rule
      </h2>
      <p className="muted">
        Your organization&apos;s own GitHub App. Webhook URL: <code data-testid="github-webhook-url">{webhookUrl}</code>. Permissions: Deployments read &amp; write, Actions
        read; events: Deployment protection rule, Deployment status.
      </p>
      <form action={formAction} className="account-form" aria-label="Save the GitHub App">
        <div className="field">
          <label htmlFor="github-app-id">App id</label>
          <input id="github-app-id" name="appId" className="input" defaultValue={values.appId} placeholder="123456" required autoComplete="off" inputMode="numeric" />
        </div>
        <div className="field">
          <label htmlFor="github-api-url">API URL</label>
          <input id="github-api-url" name="apiUrl" className="input" defaultValue={values.apiUrl} placeholder="https://api.github.com" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="github-private-key">Private key (.pem){values.configured ? " — stored; leave empty to keep" : ""}</label>
          <textarea id="github-private-key" name="privateKey" className="input" rows={4} autoComplete="off" required={!values.configured} />
        </div>
        <div className="field">
          <label htmlFor="github-webhook-secret">Webhook secret{values.configured ? " — stored; leave empty to keep" : ""}</label>
          <input id="github-webhook-secret" name="webhookSecret" type="password" className="input" autoComplete="new-password" required={!values.configured} />
        </div>
        <div className="field">
          <label htmlFor="github-mappings">Mappings: one a line, owner/repo[@github-environment] service[@environment]</label>
          <textarea
            id="github-mappings"
            name="mappings"
            className="input"
            rows={4}
            defaultValue={values.mappings}
            placeholder={"acme/payments payments\nacme/monorepo@deploy-api api@production"}
            autoComplete="off"
          />
          <p className="muted">Without a mapping, the service whose catalog annotation github.com/project-slug names the repository is gated.</p>
        </div>
        <button type="submit" className="button button-primary" disabled={isPending}>
          Save
        </button>
        {state?.ok === false ? (
          <div className="deploy-form-error" role="alert">
            <p>{state.message}</p>
            {fieldError("mappings").map(([field, messages]) => (
              <p key={field}>
                {field}: {messages.join(" ")}
              </p>
            ))}
          </div>
        ) : null}
        {state?.ok === true ? (
          <p className="deploy-form-done" role="status">
            Saved {state.name}. The key and the secret are stored encrypted and will not be shown again.
          </p>
        ) : null}
      </form>
    </section>
  );
}
