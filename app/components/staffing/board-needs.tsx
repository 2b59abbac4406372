import { Form, Link, useNavigation } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";

export type BoardNeedItem = {
  stopId: string;
  title: string;
  period: string;
  place: string | null;
  role: string;
  roleLabel: string;
  needed: number;
  filled: number;
  missing: number;
  suggestions: { userId: string; name: string; hourly: boolean; stopsInTour: number }[];
  /** Staff: may this person sign up (qualified and not already on the stop)? */
  canSignUp: boolean;
  /** Staff: already on the stop. */
  mine: boolean;
};

function Pending({ busy, idle, busyText }: { busy: boolean; idle: string; busyText: string }) {
  return <>{busy ? busyText : idle}</>;
}

/** The open places with, for the tour leader, people who could take them; for staff, "Anmäl mig". */
export function BoardNeeds({ needs, planner }: { needs: BoardNeedItem[]; planner: boolean }) {
  const navigation = useNavigation();
  const sending = navigation.state === "submitting" ? navigation.formData : undefined;
  return (
    <ul className="board-needs">
      {needs.map((n) => {
        const headingId = `need-${n.stopId}-${n.role.replace(":", "-")}`;
        return (
          <li key={`${n.stopId}-${n.role}`} className="board-needs__item card">
            <h3 id={headingId} className="board-needs__title">
              <Link to={`/stopp/${n.stopId}`}>{n.title}</Link>
              <span className="board-needs__role">{`: saknas ${n.missing} ${n.roleLabel}`}</span>
            </h3>
            <p className="board-needs__meta">{`${n.period}${n.place ? ` · ${n.place}` : ""} · ${n.filled} av ${n.needed} bokade`}</p>
            {planner ? (
              n.suggestions.length ? (
                // One form per open place; each person's button sends their id (the submitter's
                // name and value, with or without JavaScript).
                <Form method="post" preventScrollReset>
                  <input type="hidden" name="intent" value="assign" />
                  <input type="hidden" name="stopId" value={n.stopId} />
                  <input type="hidden" name="role" value={n.role} />
                  <p className="board-needs__label" id={`${headingId}-s`}>
                    Lediga och behöriga, minst bokade först:
                  </p>
                  <ul className="board-needs__suggestions" aria-labelledby={`${headingId}-s`}>
                    {n.suggestions.map((s) => {
                      const busy = sending?.get("stopId") === n.stopId && sending?.get("userId") === s.userId && sending?.get("role") === n.role;
                      return (
                        <li key={s.userId}>
                          <span>
                            {s.name}
                            {s.hourly ? <span className="badge board-needs__hourly">timanställd</span> : null}
                            <span className="muted">{` · ${s.stopsInTour} stopp i turnén`}</span>
                          </span>
                          <SubmitButton className="button button--secondary board-needs__button" busy={busy} name="userId" value={s.userId}>
                            {busy ? "Bokar …" : "Boka"}
                            <span className="visually-hidden">{` ${s.name} som ${n.roleLabel} på ${n.title}`}</span>
                          </SubmitButton>
                        </li>
                      );
                    })}
                  </ul>
                </Form>
              ) : (
                <p className="board-needs__none">Ingen behörig person är ledig då. Boka ändå från stoppets sida om det behövs.</p>
              )
            ) : n.mine ? (
              <p className="board-needs__mine">
                <span aria-hidden="true">✓ </span>Du är bokad på det här stoppet.
              </p>
            ) : n.canSignUp ? (
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="signup" />
                <input type="hidden" name="stopId" value={n.stopId} />
                <SubmitButton className="button board-needs__button" busy={sending?.get("stopId") === n.stopId}>
                  <Pending busy={sending?.get("stopId") === n.stopId} idle="Anmäl mig" busyText="Anmäler …" />
                  <span className="visually-hidden"> till {n.title}</span>
                </SubmitButton>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
