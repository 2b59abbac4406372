import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { Form, Link, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldError, FormError, SelectField, SubmitButton } from "~/components/forms";
import { useHydrated } from "~/components/client-only";
import { ConfirmPanel, ResultMessage } from "~/components/result-message";
import type { AssignView, PersonalStaffingView, StopStaffingView } from "~/domain/staffing/stop-view";

export type { AssignView, PersonalStaffingView, StopStaffingView };

/** Validation of the "Boka personal" form in the browser (two selects); the action accepts the same fields. */
export const assignFormSchema = z.object({
  intent: z.literal("assign"),
  role: z.string({ required_error: "Välj en roll" }),
  userId: z.string({ required_error: "Välj en person" }),
});

const personLabel = (p: { name: string; hourly: boolean }) => (p.hourly ? `${p.name} (timanställd)` : p.name);

/** The form errors (not tied to a field) in a submission result. */
function formErrorsOf(result: SubmissionResult<string[]> | undefined): string[] {
  return result?.error?.[""] ?? [];
}

export function StopStaffing({
  staffing,
  personal,
  assign,
  canManage,
  lastResult,
  lastIntent,
  notice = null,
  askWithdraw = false,
  keepBooking = false,
}: {
  staffing: StopStaffingView;
  personal: PersonalStaffingView | null;
  assign: AssignView | null;
  canManage: boolean;
  lastResult?: SubmissionResult<string[]>;
  lastIntent?: string;
  /** The result of the last staffing action; it takes focus (issue 13, point 5d). `key` changes with each navigation. */
  notice?: { text: string; key: string } | null;
  /** "Avanmäl mig" was pressed: ask before withdrawing (point 5b). */
  askWithdraw?: boolean;
  /** "Nej, behåll passet": back to the "Avanmäl mig" button. */
  keepBooking?: boolean;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const totalNeeded = staffing.needs.reduce((sum, n) => sum + n.count, 0);
  const assignmentErrors = lastIntent === "confirm" || lastIntent === "unassign" ? formErrorsOf(lastResult) : [];
  return (
    <section aria-labelledby="bemanning" className="stack staffing-stop">
      <h2 id="bemanning" tabIndex={-1}>
        Bemanning
      </h2>
      {notice ? (
        <ResultMessage focusKey={notice.key} className="notice">
          <p>{notice.text}</p>
        </ResultMessage>
      ) : null}

      {personal ? (
        <PersonalStaffing
          stopId={staffing.stopId}
          personal={personal}
          busy={busy}
          errors={lastIntent === "signup" || lastIntent === "withdraw" ? formErrorsOf(lastResult) : []}
          errorKey={lastResult}
          askWithdraw={askWithdraw}
          keepBooking={keepBooking}
        />
      ) : null}

      {staffing.conflicts.length ? (
        <div className="warning staffing-stop__conflicts" role="note" aria-labelledby="staffing-conflicts-heading">
          <p id="staffing-conflicts-heading">
            <span aria-hidden="true">⚠ </span>
            <strong>Att se över i bemanningen</strong> ({staffing.conflicts.length})
          </p>
          <ul>
            {staffing.conflicts.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {staffing.needs.length ? (
        <>
          <p className="staffing-stop__summary">
            {staffing.missing === 0
              ? `Fullbemannat: ${totalNeeded} av ${placesBooked(totalNeeded)}.`
              : `${totalNeeded - staffing.missing} av ${placesBooked(totalNeeded)}, saknas ${staffing.missing}.`}
          </p>
          <div className="table-wrap" role="region" aria-labelledby="staffing-needs-caption" tabIndex={0}>
            <table className="table staffing-stop__needs">
              <caption id="staffing-needs-caption">Behov och bokade per roll</caption>
              <thead>
                <tr>
                  <th scope="col">Roll</th>
                  <th scope="col" className="num staffing-stop__need-col">
                    Behov
                  </th>
                  <th scope="col">Bokade</th>
                  <th scope="col">Saknas</th>
                </tr>
              </thead>
              <tbody>
                {staffing.needs.map((n) => {
                  const missing = Math.max(0, n.count - n.filled);
                  return (
                    <tr key={n.key}>
                      <th scope="row">{n.label}</th>
                      <td className="num staffing-stop__need-col">{n.count}</td>
                      <td className="staffing-stop__nowrap">
                        {n.filled} av {n.count}
                      </td>
                      <td>
                        {missing ? (
                          missing
                        ) : (
                          <>
                            0 <span aria-hidden="true">✓</span>
                            <span className="visually-hidden">, </span>
                            {n.filled > n.count ? <span className="table-sub">överbemannat</span> : <span className="table-sub">fullt</span>}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>Inga behov av personal är angivna för stoppet.</p>
      )}
      {canManage ? (
        <p>
          <Link to={`/stopp/${staffing.stopId}/behov`}>{staffing.needs.length ? "Ändra behoven" : "Ange behov av personal"}</Link>
        </p>
      ) : null}

      <h3>Bokad personal</h3>
      {assignmentErrors.length ? (
        <ResultMessage tone="alert" focusKey={lastResult} className="form-error">
          <p>
            <span aria-hidden="true">⚠ </span>
            {assignmentErrors.join(" ")}
          </p>
        </ResultMessage>
      ) : null}
      {staffing.assignments.length ? (
        <ul className="staffing-stop__people">
          {staffing.assignments.map((a) => (
            <li key={a.id} className="staffing-stop__person">
              <div>
                <strong>{a.name}</strong>
                {a.hourly ? <span className="badge staffing-stop__hourly">timanställd</span> : null}
                <br />
                {capitalize(a.roleLabel)} ·{" "}
                <span className={`staffing-stop__status staffing-stop__status--${a.status}`}>
                  <span aria-hidden="true">{a.status === "confirmed" ? "✓ " : "… "}</span>
                  {a.statusLabel}
                </span>
                {a.calendarAnswer ? <span className="staffing-stop__calendar"> · {a.calendarAnswer}</span> : null}
              </div>
              {canManage ? (
                <div className="button-row">
                  {a.status === "requested" ? (
                    <Form method="post" preventScrollReset>
                      <input type="hidden" name="assignmentId" value={a.id} />
                      <SubmitButton name="intent" value="confirm" className="button" busy={busy}>
                        Bekräfta<span className="visually-hidden"> {a.name}</span>
                      </SubmitButton>
                    </Form>
                  ) : null}
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="assignmentId" value={a.id} />
                    <SubmitButton name="intent" value="unassign" className="button button--secondary" busy={busy}>
                      Ta bort<span className="visually-hidden"> {a.name}</span>
                    </SubmitButton>
                  </Form>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Ingen är bokad ännu.</p>
      )}

      {assign ? <AssignForm stopId={staffing.stopId} assign={assign} busy={busy} lastResult={lastIntent === "assign" ? lastResult : undefined} /> : null}
    </section>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "1 plats bokad", "4 platser bokade": the tail of "0 av 4 platser bokade". */
const placesBooked = (n: number) => (n === 1 ? "1 plats bokad" : `${n} platser bokade`);

function PersonalStaffing({
  stopId,
  personal,
  busy,
  errors,
  errorKey,
  askWithdraw,
  keepBooking,
}: {
  stopId: string;
  personal: PersonalStaffingView;
  busy: boolean;
  errors: string[];
  errorKey: unknown;
  askWithdraw: boolean;
  keepBooking: boolean;
}) {
  return (
    <div className="card staffing-stop__mine">
      <h3>Din anmälan</h3>
      {errors.length ? (
        <ResultMessage tone="alert" focusKey={errorKey} className="form-error">
          <p>
            <span aria-hidden="true">⚠ </span>
            {errors.join(" ")}
          </p>
        </ResultMessage>
      ) : null}
      {personal.assignment ? (
        <>
          <p>
            Du är bokad som <strong>{personal.assignment.roleLabel}</strong>. Status: {personal.assignment.statusLabel}.
          </p>
          {personal.canWithdraw && askWithdraw ? (
            // Withdrawing gives the place away and e-mails the tour leader: asked first, with or without JavaScript.
            <ConfirmPanel labelId="avanmal-fraga" question={<strong>Vill du avanmäla dig från stoppet?</strong>}>
              <p>Platsen blir ledig och turnéledaren får ett meddelande.</p>
              <div className="button-row">
                <Form method="post" preventScrollReset>
                  <SubmitButton name="intent" value="withdraw" className="button" busy={busy}>
                    {busy ? "Avanmäler …" : "Ja, avanmäl mig"}
                  </SubmitButton>
                </Form>
                <Link to={`/stopp/${stopId}?behall=1`} className="button button--secondary" preventScrollReset>
                  Nej, behåll passet
                </Link>
              </div>
            </ConfirmPanel>
          ) : personal.canWithdraw ? (
            <Form method="get" action={`/stopp/${stopId}`} preventScrollReset>
              {/* eslint-disable-next-line jsx-a11y/no-autofocus -- ADR 024: "Nej, behåll passet" (?behall=1) puts the focus back on this button, also without JavaScript */}
              <button type="submit" name="avanmal" value="1" className="button button--secondary" autoFocus={keepBooking}>
                Avanmäl mig
              </button>
            </Form>
          ) : personal.closed ? null : (
            <p className="staffing-stop__note" role="note">
              Avanmälan går att göra själv fram till {personal.cutoffHours} timmar före start. Nu går avanmälan via turnéledaren.
            </p>
          )}
        </>
      ) : personal.signUp.ok ? (
        <>
          <p>
            Du kan anmäla dig som <strong>{personal.signUp.roleLabel}</strong>. Turnéledaren bekräftar anmälan.
          </p>
          <Form method="post" preventScrollReset>
            <SubmitButton name="intent" value="signup" className="button" busy={busy}>
              Anmäl mig
            </SubmitButton>
          </Form>
        </>
      ) : (
        <div className="staffing-stop__refusal" role="note">
          <p>
            <strong>Du kan inte anmäla dig.</strong> {personal.signUp.message}
          </p>
          {personal.signUp.otherStop ? (
            <p>
              <Link to={`/stopp/${personal.signUp.otherStop.id}`}>Visa ”{personal.signUp.otherStop.title}”</Link>
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}

function AssignForm({ stopId, assign, busy, lastResult }: { stopId: string; assign: AssignView; busy: boolean; lastResult?: SubmissionResult<string[]> }) {
  const hydrated = useHydrated();
  const [form, fields] = useSchemaForm(assignFormSchema, {
    id: `assign-${stopId}`,
    lastResult,
  });
  const roleOption = (r: AssignView["roles"][number]) =>
    r.count ? `${capitalize(r.label)} (behov ${r.count}, bokade ${r.filled})` : `${capitalize(r.label)} (inget behov)`;
  const chosenRole = assign.roles.find((r) => r.key === fields.role.value);
  const withPeople = assign.roles.filter((r) => r.people.length);
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="card stack staffing-stop__assign" preventScrollReset>
      <h3>Boka personal</h3>
      <p className="hint">Bokningen går igenom även om personen krockar; krockarna visas ovan efteråt.</p>
      <FormError form={form} />
      <input type="hidden" name="intent" value="assign" />
      {hydrated ? (
        <div className="field-row">
          <SelectField label="Roll" meta={fields.role} required options={assign.roles.map((r) => ({ value: r.key, label: roleOption(r) }))} />
          <SelectField label="Person" meta={fields.userId} required options={(chosenRole?.people ?? []).map((p) => ({ value: p.id, label: personLabel(p) }))} />
        </div>
      ) : (
        // Without JavaScript: one select of every qualified person and role.
        <div className="field">
          <label htmlFor={`assign-choice-${stopId}`}>
            Person och roll<span className="required"> (obligatoriskt)</span>
          </label>
          <select
            id={`assign-choice-${stopId}`}
            name="choice"
            required
            aria-describedby={fields.role.errors || fields.userId.errors ? fields.userId.errorId : undefined}
          >
            <option value="">Välj …</option>
            {withPeople.map((r) => (
              <optgroup key={r.key} label={roleOption(r)}>
                {r.people.map((p) => (
                  <option key={p.id} value={`${p.id}|${r.key}`}>
                    {personLabel(p)} – {r.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldError id={fields.userId.errorId} errors={[...(fields.role.errors ?? []), ...(fields.userId.errors ?? [])].slice(0, 1)} />
        </div>
      )}
      <div>
        <SubmitButton className="button" busy={busy}>
          Boka
        </SubmitButton>
      </div>
    </Form>
  );
}
