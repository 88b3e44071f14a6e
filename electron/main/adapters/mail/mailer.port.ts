/** One email ready to go out. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /** Stable per outbox row, so a receiving server can recognise a repeat after a crash. */
  messageId?: string | undefined;
}

/** Sends email (SMTP in the app; tests use a real SMTP server on loopback). */
export interface Mailer {
  /** Resolves when the server accepted the message; rejects with a `DeliveryError`. */
  send(message: OutgoingEmail): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

/** A send that failed, with a message written for people (shown in Settings and the outbox). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** False when retrying cannot help (e.g. nothing configured). */
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
