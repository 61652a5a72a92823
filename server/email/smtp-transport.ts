import nodemailer from "nodemailer";
import { assertEgressAllowedHost, type TEgressOptions } from "@/server/http/egress-connect.ts";
import { EgressRefusedError, isIpLiteral } from "@/server/http/egress-policy.ts";
import { promises as dns } from "node:dns";
import { EmailSendError, type TOutgoingEmail } from "./email-sender.ts";
import type { TSmtpServer } from "./smtp-settings.ts";

/** Sends one message through this server; errors are EmailSendError (transient or permanent). */
export type TSendEmail = (server: TSmtpServer, email: TOutgoingEmail) => Promise<void>;

const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 } as const;

/**
 * nodemailer over one fresh SMTP connection per message (the outbox sends few, and a pool
 * would keep a tenant's connection open). An organization's own server is tenant input:
 * its name is resolved once, every address is checked against the egress policy, and the
 * connection goes to the checked address (no second lookup that DNS rebinding could
 * answer differently), with the name kept for TLS (SNI and certificate check).
 * The deployment's server (SMTP_HOST) is the operator's and is used as configured.
 */
export function createSmtpSend(options: { egress?: TEgressOptions } = {}): TSendEmail {
  return async (server, email) => {
    const address = server.source === "organization" ? await checkedAddress(server.host, options.egress ?? {}) : server.host;
    const transport = nodemailer.createTransport({
      host: address,
      port: server.port,
      secure: server.secure,
      ...(address !== server.host ? { servername: server.host, tls: { servername: server.host } } : {}),
      ...(server.user ? { auth: { user: server.user, pass: server.password ?? "" } } : {}),
      ...TIMEOUTS,
    });
    try {
      await transport.sendMail({ from: server.from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId });
    } catch (error) {
      throw classify(error, server);
    } finally {
      transport.close();
    }
  };
}

async function checkedAddress(host: string, egress: TEgressOptions): Promise<string> {
  try {
    if (isIpLiteral(host)) {
      await assertEgressAllowedHost(host, egress);
      return host;
    }
    const resolve = egress.resolve ?? ((name: string) => dns.lookup(name, { all: true, verbatim: true }));
    const addresses = await resolve(host);
    const first = addresses[0];
    if (!first) throw new EmailSendError("transient", `${host} has no address`);
    // Check exactly the addresses we got (the same answer the connection will use).
    await assertEgressAllowedHost(host, { ...egress, resolve: async () => addresses });
    return first.address;
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new EmailSendError("permanent", `mail server refused by the egress policy: ${error.message}`);
    if (error instanceof EmailSendError) throw error;
    throw new EmailSendError("transient", `could not resolve mail server ${host}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** 5xx replies and a refused login are permanent (retrying repeats them); 4xx replies and network failures are transient. */
function classify(error: unknown, server: TSmtpServer): EmailSendError {
  const details = error as { message?: unknown; responseCode?: unknown; code?: unknown };
  const message = typeof details.message === "string" ? details.message : String(error);
  const where = `${server.host}:${server.port}`;
  if (details.code === "EAUTH") return new EmailSendError("permanent", `the mail server ${where} refused the login: ${message}`);
  if (typeof details.responseCode === "number" && details.responseCode >= 500) return new EmailSendError("permanent", `the mail server ${where} refused the message: ${message}`);
  return new EmailSendError("transient", `mail server ${where}: ${message}`);
}
