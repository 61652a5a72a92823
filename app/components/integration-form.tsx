"use client";

import { useActionState } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

type TSaved = { name: string };

type TKind = "kubernetes" | "prometheus" | "oidc";

const FIELDS: Record<TKind, { title: string; fields: { name: string; label: string; placeholder?: string; options?: string[] }[]; secret: { label: string; required: boolean; multiline: boolean } }> = {
  kubernetes: {
    title: "Kubernetes cluster",
    fields: [{ name: "context", label: "Context (optional)", placeholder: "the kubeconfig's current context" }],
    secret: { label: "Kubeconfig", required: true, multiline: true },
  },
  prometheus: {
    title: "Prometheus",
    fields: [
      { name: "url", label: "URL", placeholder: "http://prometheus.monitoring:9090" },
      { name: "dialect", label: "Mesh", options: ["linkerd", "istio", "otel"] },
    ],
    secret: { label: "Bearer token (optional)", required: false, multiline: false },
  },
  oidc: {
    title: "OpenID Connect sign-in",
    fields: [
      { name: "issuer", label: "Issuer", placeholder: "https://login.example.com" },
      { name: "clientId", label: "Client id" },
    ],
    secret: { label: "Client secret", required: true, multiline: false },
  },
};

/** One integration kind's form. Secrets are write-only: saved sealed, never shown again (leave empty to keep). */
export function IntegrationForm({ kind, action }: { kind: TKind; action: TStateAction<TSaved> }) {
  const [state, formAction, isPending] = useActionState<TActionState<TSaved>, FormData>(action, null);
  const spec = FIELDS[kind];
  return (
    <section className="card section" aria-labelledby={`integration-${kind}`}>
      <h2 id={`integration-${kind}`} className="card-title">
        {spec.title}
      </h2>
      <form action={formAction} className="account-form" aria-label={`Save ${spec.title}`}>
        <input type="hidden" name="kind" value={kind} />
        <div className="field">
          <label htmlFor={`${kind}-name`}>Name</label>
          <input id={`${kind}-name`} name="name" className="input" placeholder="prod-eu" required autoComplete="off" />
        </div>
        {spec.fields.map((field) => (
          <div className="field" key={field.name}>
            <label htmlFor={`${kind}-${field.name}`}>{field.label}</label>
            {field.options ? (
              <select id={`${kind}-${field.name}`} name={field.name} className="select">
                {field.options.map((option) => (
                  <option key={option}>{option}</option>
                ))}
              </select>
            ) : (
              <input id={`${kind}-${field.name}`} name={field.name} className="input" placeholder={field.placeholder} autoComplete="off" />
            )}
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${kind}-secret`}>{spec.secret.label}</label>
          {spec.secret.multiline ? (
            <textarea id={`${kind}-secret`} name="secret" className="input" rows={4} autoComplete="off" />
          ) : (
            <input id={`${kind}-secret`} name="secret" type="password" className="input" autoComplete="new-password" />
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={isPending}>
          Save
        </button>
        {state?.ok === false ? (
          <p className="deploy-form-error" role="alert">
            {state.message}
          </p>
        ) : null}
        {state?.ok === true ? (
          <p className="deploy-form-done" role="status">
            Saved {state.name}. The secret is stored encrypted and will not be shown again.
          </p>
        ) : null}
      </form>
    </section>
  );
}
