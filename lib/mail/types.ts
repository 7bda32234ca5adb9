/** One plain-text message (lib/mail/messages.ts writes them, the mail job sends them). */
export interface Mail {
  to: string;
  subject: string;
  /** Plain text: short, and no secret beyond the one-time link it carries. */
  text: string;
}
