import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, expect, it } from "vitest";
import { invitations, organizations, users } from "#db/schema";
import { deliverDue } from "~/domain/email/mailer.server";
import { createAndSendBatch } from "~/domain/invitations/invitations.server";
import { batchSchema } from "~/domain/invitations/schemas";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import { seededTestDb, type TestDb } from "../support/db";

let t: TestDb;
let smtp: SMTPServer;
let port: number;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  // A real SMTP receiver that refuses one byalag's address with 550, as a mail server does for an unknown mailbox.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.includes("rydebacks-byalag")) {
        const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on("end", () => callback());
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as AddressInfo).port;
});

afterEach(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  t.cleanup();
});

it("an invitation whose e-mail the mail server refuses shows as bounced (studsade) on the board", async () => {
  const leader = t.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, "turne@rullarut.example")).get()!;
  const tourId = createTour(t.db, leader, tourSchema.parse({ name: "KC rullar ut 2027", startsOn: "2027-01-01", endsOn: "2027-12-31" }));
  const rydeback = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get()!;
  const odakra = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Ödåkra Byaförening")).get()!;
  const now = new Date("2027-03-01T10:00:00Z");
  const { batchId } = createAndSendBatch(
    t.db,
    leader,
    batchSchema.parse({
      intent: "send",
      tourId,
      kind: "visit_offer",
      organizationIds: [rydeback.id, odakra.id],
      times: [{ date: "2027-05-04", start: "18:00", end: "20:00" }],
      subject: "Vill ni ha besök?",
      body: "Hej {organisation}! Svara här: {lank}",
      deadline: "2027-03-20",
    }),
    { origin: "https://rullarut.example", now, tokenDays: 60 },
  );
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  const result = await deliverDue(t.db, transport, { now });
  transport.close();
  expect(result).toMatchObject({ sent: 1, bounced: 1 });
  const status = (organizationId: string) =>
    t.db
      .select({ status: invitations.status })
      .from(invitations)
      .where(and(eq(invitations.batchId, batchId), eq(invitations.organizationId, organizationId)))
      .get()!.status;
  expect(status(rydeback.id)).toBe("bounced");
  expect(status(odakra.id)).toBe("sent");
});
