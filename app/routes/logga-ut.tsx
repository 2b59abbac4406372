import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endSession(request);
  throw redirect("/logga-in", { headers: { "Set-Cookie": cookie } });
}

/** Logging out changes state, so it is POST only; a GET just goes to the start page. */
export async function loader() {
  throw redirect("/");
}
