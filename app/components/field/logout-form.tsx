import { Form } from "@remix-run/react";
import type { FormEvent } from "react";

/**
 * The header's logout button. The logout route cannot see the field page's offline queue
 * (IndexedDB lives in the browser), so the form asks first when questions still wait to be sent
 * (issue 6). Without JavaScript nothing can be queued, and the form posts as usual.
 * The queue's code (IndexedDB) is loaded only when the button is pressed: the header is on every
 * page, the queue is needed on one. If it cannot be loaded, the logout goes ahead.
 */
export function LogoutForm() {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    if (form.dataset.confirmed === "1") return;
    event.preventDefault();
    void import("~/field-client/queue")
      .then((queue) => queue.pendingCount())
      .catch(() => 0)
      .then((count) => {
        const sure =
          count === 0 ||
          window.confirm(
            `${count === 1 ? "1 fråga" : `${count} frågor`} från fältläget har inte skickats än. Om du loggar ut kan de inte skickas förrän du loggar in igen på den här enheten. Vill du logga ut ändå?`,
          );
        if (!sure) return;
        form.dataset.confirmed = "1";
        form.requestSubmit();
        delete form.dataset.confirmed;
      });
  }
  return (
    <Form method="post" action="/logga-ut" onSubmit={onSubmit}>
      <button type="submit" className="button button--ghost">
        Logga ut
      </button>
    </Form>
  );
}
