/**
 * A real SMTP server on a local port (smtp-server), keeping every message it takes, raw, with its
 * envelope. `rejectNext(n)` answers the next n messages' DATA with a 550, as a mail server that
 * refuses them would (the message is still recorded in `rejected`).
 */
import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach } from "vitest";

export type ReceivedMail = { to: string[]; raw: string };

export type SmtpReceiver = {
  port: number;
  received: ReceivedMail[];
  rejected: ReceivedMail[];
  rejectNext(n: number): void;
  /** A nodemailer transport to this server (close it after use). */
  transport(): Transporter;
  close(): Promise<void>;
};

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const rejected: ReceivedMail[] = [];
  let rejecting = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") };
        if (rejecting > 0) {
          rejecting--;
          rejected.push(mail);
          const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
          return callback(error);
        }
        received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    rejected,
    rejectNext(n) {
      rejecting = n;
    },
    transport: () => nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * One receiver for a test file: started before its first test, emptied (received and rejected)
 * before each, closed after the last. The object is filled in when the receiver has started.
 */
export function useSmtpReceiver(): SmtpReceiver {
  const smtp = {} as SmtpReceiver;
  beforeAll(async () => {
    Object.assign(smtp, await startSmtpReceiver());
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.rejected.length = 0;
  });
  afterAll(() => smtp.close());
  return smtp;
}
