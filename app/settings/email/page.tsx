import type { Metadata } from "next";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { getSmtpSettingsView } from "@/server/email/smtp-settings.ts";
import { deleteSmtpSettingsAction, saveSmtpSettingsAction } from "./actions.ts";
import { PageFormOutcome } from "@/app/components/page-form-outcome.tsx";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "E-mail settings" };

/** The organization's mail server: the deployment's (SMTP_*), or its own, which overrides it. */
export default async function EmailSettingsPage({ searchParams }: { searchParams: Promise<{ error?: string; saved?: string }> }) {
  const { error, saved } = await searchParams;
  const { organization, actor } = await getRequestContext();
  const view = await getSmtpSettingsView(organization.id);
  const isAdmin = canManageIntegrations(actor);
  const own = view.organization;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>E-mail</h1>
          <p className="subtitle">
            Approval requests, invitations, new-caller notices and digests by e-mail.{" "}
            {own
              ? `${organization.name} sends through its own server, ${own.host}:${own.port}.`
              : view.deployment
                ? `${organization.name} sends through this deployment's server, ${view.deployment.host}:${view.deployment.port}, as ${view.deployment.from}.`
                : "No mail server: set one here (or the operator sets SMTP_HOST) to send e-mail."}
          </p>
        </div>
      </div>
      <PageFormOutcome error={error} saved={Boolean(saved)} />
      {isAdmin ? (
        <form action={saveSmtpSettingsAction} className="card section" aria-label="Organization mail server">
          <h2 className="card-title">{own ? "Your mail server" : "Use your own mail server"}</h2>
          <div className="field">
            <label htmlFor="smtp-host">Host</label>
            <input id="smtp-host" name="host" className="input" required defaultValue={own?.host ?? ""} placeholder="smtp.example.com" />
          </div>
          <div className="field">
            <label htmlFor="smtp-port">Port</label>
            <input id="smtp-port" name="port" className="input" inputMode="numeric" required defaultValue={String(own?.port ?? 587)} />
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="secure" defaultChecked={own?.secure ?? false} /> Implicit TLS (port 465); otherwise STARTTLS when offered
            </label>
          </div>
          <div className="field">
            <label htmlFor="smtp-username">User (optional)</label>
            <input id="smtp-username" name="username" className="input" autoComplete="off" defaultValue={own?.username ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="smtp-password">Password</label>
            <input id="smtp-password" name="password" type="password" className="input" autoComplete="new-password" placeholder={own?.hasPassword ? "stored; leave blank to keep it" : ""} />
          </div>
          <div className="field">
            <label htmlFor="smtp-from">From</label>
            <input id="smtp-from" name="fromAddress" className="input" required defaultValue={own?.fromAddress ?? ""} placeholder="Plumbline <plumbline@example.com>" />
          </div>
          <p className="muted">The host must be a public address unless the operator allows it (PLUMBLINE_EGRESS_ALLOW). The password is stored encrypted and never shown again.</p>
          <button type="submit" className="button button-primary">
            Save
          </button>
        </form>
      ) : (
        <p className="callout page-callout">Only admins can change the mail server.</p>
      )}
      {isAdmin && own ? (
        <form action={deleteSmtpSettingsAction} className="section">
          <button type="submit" className="button">
            Remove and use {view.deployment ? "the deployment's server" : "no mail server"}
          </button>
        </form>
      ) : null}
    </>
  );
}
