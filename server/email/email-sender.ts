/** One e-mail as the outbox hands it to a mail server. */
export interface TOutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<notification-id@plumbline>`: the same message keeps its Message-ID across retries, so a duplicate after a crash is recognisable. */
  messageId: string;
}

/** Why a send failed, as the outbox needs to know it: try again later (4xx, network), or not (5xx, refused destination). */
export class EmailSendError extends Error {
  constructor(
    readonly kind: "transient" | "permanent",
    message: string,
  ) {
    super(message);
    this.name = "EmailSendError";
  }
}
