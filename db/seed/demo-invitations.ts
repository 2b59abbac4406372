import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, isNotNull } from "drizzle-orm";
import type { Db } from "~/db.server";
import { stockholmToUtc } from "~/utils/dates";
import { invitationBatches, invitationReplies, invitations, invitationTimes, organizations, stopNeeds, stops, tours, users } from "../schema";

/**
 * The 2017 demo tour's invitations, as the annual report tells it: all byalag and associations
 * invited to the info evening at KC, then a visit offer; Rydebäck, Ödåkra, Laröd and Södra
 * Luggude said yes (their visits are the tour's byalag stops), one said no, two never answered.
 * The links expired long ago: the token hashes are of random values nobody holds.
 */
export function seedDemoInvitations(db: Db): { batches: number; invitations: number } | null {
  return db.transaction((tx) => {
    if ((tx.select({ n: count() }).from(invitationBatches).get()?.n ?? 0) > 0) return null;
    const tour = tx.select({ id: tours.id }).from(tours).where(eq(tours.name, "KC rullar ut 2017")).get();
    if (!tour) return null;
    const leader = tx.select({ id: users.id }).from(users).where(eq(users.email, "turne@rullarut.example")).get();
    const infoEvening = tx
      .select({ id: stops.id, startsAt: stops.startsAt })
      .from(stops)
      .where(and(eq(stops.tourId, tour.id), eq(stops.kind, "info_evening")))
      .orderBy(asc(stops.startsAt))
      .get();
    const visits = tx
      .select({ id: stops.id, organizationId: stops.organizationId, startsAt: stops.startsAt, endsAt: stops.endsAt, expected: stops.actualVisitors })
      .from(stops)
      .where(and(eq(stops.tourId, tour.id), eq(stops.kind, "village_visit"), isNotNull(stops.organizationId)))
      .orderBy(asc(stops.startsAt))
      .all();
    const orgs = tx.select({ id: organizations.id, name: organizations.name }).from(organizations).all();
    const orgByName = new Map(orgs.map((o) => [o.name, o.id]));
    const hash = () => createHash("sha256").update(randomBytes(32)).digest("base64url");
    const at = (date: string, time = "10:00") => stockholmToUtc(date, time);
    let invitationCount = 0;

    // 1. The info evening: every organization invited.
    if (infoEvening) {
      const batch = tx
        .insert(invitationBatches)
        .values({
          tourId: tour.id,
          kind: "info_evening",
          stopId: infoEvening.id,
          subject: "Välkomna till informationskväll om KC rullar ut 2017",
          bodyTemplate:
            "Hej {organisation}!\n\nKontaktcenter bjuder in alla byalag och föreningar till en informationskväll {tid}. Vi berättar om kommunens service och om turnén 2017, då vi gärna besöker er.\n\nSvara senast {sista_svarsdag}: {lank}",
          deadline: "2017-02-02",
          allowOtherTime: false,
          createdByUserId: leader?.id ?? null,
          createdAt: at("2017-01-10", "09:00"),
        })
        .returning({ id: invitationBatches.id })
        .get();
      const answers: Record<string, ["yes" | "no" | null, number | null]> = {
        "Rydebäcks Byalag": ["yes", 3],
        "Ödåkra Byaförening": ["yes", 2],
        "Byalaget i Laröd": ["yes", 2],
        "Södra Luggude Hembygdsförening": ["yes", 2],
        "Allerum-Hjälmshults Byaförening": ["yes", 1],
        "Wällufsbygdens Hembygdsförening": ["yes", 2],
        "Fleninge Hembygdsförening": [null, null],
        "Föreningen Ramlösabor": ["no", null],
      };
      for (const [name, [answer, attendees]] of Object.entries(answers)) {
        const organizationId = orgByName.get(name);
        if (!organizationId) continue;
        const inv = tx
          .insert(invitations)
          .values({
            batchId: batch.id,
            organizationId,
            status: answer === "yes" ? "accepted" : answer === "no" ? "declined" : "sent",
            tokenHash: hash(),
            tokenExpiresAt: at("2017-03-11"),
            sentAt: at("2017-01-10", "09:05"),
            openedAt: answer ? at("2017-01-16", "19:20") : null,
            respondedAt: answer ? at("2017-01-16", "19:25") : null,
            stopId: infoEvening.id,
            createdAt: at("2017-01-10", "09:00"),
          })
          .returning({ id: invitations.id })
          .get();
        invitationCount++;
        if (answer) {
          tx.insert(invitationReplies)
            .values({ invitationId: inv.id, answer, attendees, createdAt: at("2017-01-16", "19:25"), updatedAt: at("2017-01-16", "19:25") })
            .run();
        }
      }
    }

    // 2. The visit offer, with the four times the byalag later chose.
    if (visits.length) {
      const batch = tx
        .insert(invitationBatches)
        .values({
          tourId: tour.id,
          kind: "visit_offer",
          subject: "Vill ni ha besök av kontaktcenter 2017?",
          bodyTemplate:
            "Hej {organisation}!\n\nKontaktcenter rullar ut till orterna långt från centralorten. Vill ni att vi kommer till er? Välj en tid som passar: {tid}\n\nSvara senast {sista_svarsdag}: {lank}",
          deadline: "2017-03-01",
          allowOtherTime: true,
          createdByUserId: leader?.id ?? null,
          createdAt: at("2017-02-10", "09:00"),
        })
        .returning({ id: invitationBatches.id })
        .get();
      const timeIdByStop = new Map<string, string>();
      visits.slice(0, 5).forEach((v, i) => {
        const row = tx
          .insert(invitationTimes)
          .values({ batchId: batch.id, startsAt: v.startsAt, endsAt: v.endsAt, sortOrder: i + 1 })
          .returning({ id: invitationTimes.id })
          .get();
        timeIdByStop.set(v.id, row.id);
      });
      const base = {
        batchId: batch.id,
        tokenHash: "",
        tokenExpiresAt: at("2017-04-11"),
        sentAt: at("2017-02-10", "09:05"),
        createdAt: at("2017-02-10", "09:00"),
      };
      for (const v of visits) {
        const functions = tx
          .select({ code: stopNeeds.functionCode })
          .from(stopNeeds)
          .where(and(eq(stopNeeds.stopId, v.id), isNotNull(stopNeeds.functionCode)))
          .all()
          .map((n) => n.code!);
        const groups = tx
          .select({ code: stopNeeds.groupCode })
          .from(stopNeeds)
          .where(and(eq(stopNeeds.stopId, v.id), isNotNull(stopNeeds.groupCode)))
          .all()
          .map((n) => n.code!);
        const inv = tx
          .insert(invitations)
          .values({
            ...base,
            tokenHash: hash(),
            organizationId: v.organizationId!,
            status: "accepted",
            openedAt: at("2017-02-14", "20:10"),
            respondedAt: at("2017-02-14", "20:18"),
            stopId: v.id,
          })
          .returning({ id: invitations.id })
          .get();
        invitationCount++;
        tx.insert(invitationReplies)
          .values({
            invitationId: inv.id,
            answer: "yes",
            chosenTimeId: timeIdByStop.get(v.id) ?? null,
            advisorFunctions: functions,
            answerGroups: groups,
            attendees: v.expected,
            message: "Välkomna! Vi ordnar kaffe och sprider ordet i byn.",
            createdAt: at("2017-02-14", "20:18"),
            updatedAt: at("2017-02-14", "20:18"),
          })
          .run();
      }
      const others: [string, "declined" | "opened" | "sent", string | null][] = [
        ["Allerum-Hjälmshults Byaförening", "declined", "Tack, men vi har redan många aktiviteter i vår. Gärna nästa år."],
        ["Wällufsbygdens Hembygdsförening", "opened", null],
        ["Fleninge Hembygdsförening", "sent", null],
      ];
      for (const [name, status, message] of others) {
        const organizationId = orgByName.get(name);
        if (!organizationId) continue;
        const inv = tx
          .insert(invitations)
          .values({
            ...base,
            tokenHash: hash(),
            organizationId,
            status,
            openedAt: status === "sent" ? null : at("2017-02-20", "18:00"),
            respondedAt: status === "declined" ? at("2017-02-20", "18:05") : null,
          })
          .returning({ id: invitations.id })
          .get();
        invitationCount++;
        if (status === "declined") {
          tx.insert(invitationReplies)
            .values({ invitationId: inv.id, answer: "no", message, createdAt: at("2017-02-20", "18:05"), updatedAt: at("2017-02-20", "18:05") })
            .run();
        }
      }
    }
    return { batches: (infoEvening ? 1 : 0) + (visits.length ? 1 : 0), invitations: invitationCount };
  });
}
