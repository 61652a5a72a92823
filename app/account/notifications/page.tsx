import type { Metadata } from "next";
import Link from "next/link";
import { getNotificationSettings } from "@/server/email/notification-settings.ts";
import { isEmailEnabled } from "@/server/email/smtp-settings.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { isSlackConfigured } from "@/server/notifications/slack-config.ts";
import { saveNotificationSettingsAction } from "./actions.ts";
import { PageFormOutcome } from "@/app/components/page-form-outcome.tsx";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your notifications" };

/** Per-person notification settings: how approval requests reach me, and whether I get a daily digest of what I follow. */
export default async function NotificationSettingsPage({ searchParams }: { searchParams: Promise<{ error?: string; saved?: string }> }) {
  const { error, saved } = await searchParams;
  const { organization, session } = await getRequestContext();
  const [settings, emailOn] = await Promise.all([getNotificationSettings(organization.id, session.userId), isEmailEnabled(organization.id)]);
  const slack = isSlackConfigured();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Your notifications</h1>
          <p className="subtitle">
            How Plumbline reaches you ({session.email}) in {organization.name}. Slack is {slack ? "connected" : "not connected"}; e-mail is{" "}
            {emailOn ? "configured" : <>not configured (an admin sets it on <Link href="/settings/email">Settings → E-mail</Link>)</>}.
          </p>
        </div>
      </div>
      <PageFormOutcome error={error} saved={Boolean(saved)} />
      <form action={saveNotificationSettingsAction} className="card section" aria-label="Notification settings">
        <fieldset className="field">
          <legend>Approval requests for teams you may decide for</legend>
          <label>
            <input type="radio" name="approvals" value="auto" defaultChecked={settings.approvals === "auto"} /> Automatic: by e-mail when Slack does not reach me
          </label>
          <br />
          <label>
            <input type="radio" name="approvals" value="email" defaultChecked={settings.approvals === "email"} /> Always by e-mail too
          </label>
          <br />
          <label>
            <input type="radio" name="approvals" value="off" defaultChecked={settings.approvals === "off"} /> Never by e-mail (Slack and the app only)
          </label>
        </fieldset>
        <fieldset className="field">
          <legend>Daily digest of what you follow</legend>
          <label>
            <input type="radio" name="digest" value="off" defaultChecked={settings.digest === "off"} /> Off
          </label>
          <br />
          <label>
            <input type="radio" name="digest" value="email" defaultChecked={settings.digest === "email"} /> By e-mail, once a day (only when something happened)
          </label>
          <br />
          <label>
            <input type="radio" name="digest" value="slack" defaultChecked={settings.digest === "slack"} disabled={!slack && settings.digest !== "slack"} /> As a Slack DM, once a day
            {slack ? "" : " (Slack is not connected)"}
          </label>
        </fieldset>
        <p className="muted">
          Follow services and teams from their pages; <Link href="/feed">your feed</Link> shows what happened to them.
        </p>
        <button type="submit" className="button button-primary">
          Save
        </button>
      </form>
    </>
  );
}
