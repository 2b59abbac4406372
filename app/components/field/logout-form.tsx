import { Form } from "@remix-run/react";
import type { FormEvent } from "react";
import { pendingCount } from "~/field-client/queue";

/**
 * The header's logout button. The logout route cannot see the field page's offline queue
 * (IndexedDB lives in the browser), so the form asks first when questions still wait to be sent
 * (issue 6). Without JavaScript nothing can be queued, and the form posts as usual.
 */
export function LogoutForm() {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    if (form.dataset.confirmed === "1") return;
    event.preventDefault();
    void pendingCount().then((count) => {
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
