import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; text: string }> = {
  400: { title: "Felaktig begäran", text: "Begäran kunde inte tolkas. Gå tillbaka och försök igen." },
  403: { title: "Ingen behörighet", text: "Du har inte behörighet att se eller ändra det här." },
  404: { title: "Sidan finns inte", text: "Vi hittar inte sidan du söker. Den kan ha flyttats eller tagits bort." },
  405: { title: "Det går inte här", text: "Sidan kan inte ta emot det som skickades. Gå tillbaka och försök igen." },
  409: { title: "Det gick inte", text: "Det du försökte göra krockar med hur det ser ut nu. Ladda om sidan och försök igen." },
  429: { title: "För många försök", text: "Vänta en stund och försök sedan igen." },
};

/**
 * Swedish error pages for every route. Stack traces are shown only in development;
 * in production the user sees a plain message and the details stay in the server log.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = MESSAGES[status];
  const title = known?.title ?? "Något gick fel";
  const text = known?.text ?? "Ett oväntat fel inträffade hos oss. Försök igen om en stund. Om felet kvarstår, kontakta kontaktcentret.";
  // Our own 4xx messages are Swedish and meant for the user; the framework's own ("internal":
  // no route, no action for route routes/…) are English and name files, so they are never shown.
  const internal = isRouteErrorResponse(error) && (error as { internal?: boolean }).internal === true;
  const detail = isRouteErrorResponse(error) && !internal && typeof error.data === "string" && error.data && status < 500 ? error.data : null;
  const devStack = import.meta.env.DEV && error instanceof Error ? error.stack : null;
  return (
    <div className="container narrow error-page">
      <p className="error-code">Fel {status}</p>
      <h1>{title}</h1>
      <p>{detail ?? text}</p>
      {devStack ? <pre className="dev-stack">{devStack}</pre> : null}
      <p>
        <Link to="/">Till startsidan</Link>
      </p>
    </div>
  );
}
