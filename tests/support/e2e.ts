import { expect, type BrowserContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "rullarut-demo";
export const DEMO = {
  admin: "admin@rullarut.example",
  tourLeader: "turne@rullarut.example",
  staff: "personal@rullarut.example",
} as const;

/** Map tiles cannot load here (no internet), and tests must never depend on them. */
export async function blockMapTiles(context: BrowserContext) {
  await context.route(/tile\.openstreetmap\.org|\{z\}/, (route) => route.abort());
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/logga-in");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByRole("button", { name: "Logga ut" })).toBeVisible();
}
