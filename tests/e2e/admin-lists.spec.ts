import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

// The e2e database is shared by parallel specs: this test only changes entries it creates itself,
// so the field page of other specs keeps its departments and topics.
test("the admin adds a topic and a department, deactivates the department; bad input is answered next to the field", async ({ page }) => {
  // A long flow with four axe checks: about 30 s on a loaded two-core CI machine.
  test.slow();
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  await login(page, DEMO.admin);
  await page.goto("/admin/installningar");
  await page.getByRole("link", { name: /^Kommunens listor/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kommunens listor" })).toBeVisible();
  const departments = page.getByRole("table", { name: /^Förvaltningar/ });
  const topics = page.getByRole("table", { name: /^Ämnen/ });
  await expect(departments).toContainText("Stadsbyggnadsförvaltningen");
  await expect(topics).toContainText("Trafik");
  await expectNoAxeViolations(page);

  const addTopic = page.getByRole("form", { name: "Lägg till ämne" });
  // Too short: said at once in the browser, next to the field.
  await addTopic.getByLabel("Namn").fill("x");
  await addTopic.getByRole("button", { name: "Lägg till ämne" }).click();
  await expect(addTopic.getByText("Ange ett namn (minst 2 tecken)")).toBeVisible();
  await expect(addTopic.getByLabel("Namn")).toHaveAttribute("aria-invalid", "true");

  // A name in use: only the server knows; answered next to the field, keeping what was typed.
  await addTopic.getByLabel("Namn").fill("trafik");
  const conflict = page.waitForResponse((r) => r.request().method() === "POST");
  await addTopic.getByRole("button", { name: "Lägg till ämne" }).click();
  expect((await conflict).status()).toBe(400);
  await expect(addTopic.getByText("Det finns redan ett ämne med namnet trafik.")).toBeVisible();
  await expect(addTopic.getByLabel("Namn")).toHaveValue("trafik");
  await expectNoAxeViolations(page);

  // Added, with the code made from the name.
  const topicName = `Buller ${stamp}`;
  await addTopic.getByLabel("Namn").fill(topicName);
  await addTopic.getByRole("button", { name: "Lägg till ämne" }).click();
  await expect(page.getByRole("status")).toContainText(`Ämnet ${topicName} har lagts till.`);
  const topicRow = topics.getByRole("row", { name: new RegExp(topicName) });
  await expect(topicRow).toContainText(`buller_${stamp}`);
  await expect(topicRow).toContainText("Aktiv");

  // A department of our own, then deactivated: it stays in the list, marked in text.
  const departmentName = `Testförvaltningen ${stamp}`;
  const addDepartment = page.getByRole("form", { name: "Lägg till förvaltning" });
  await addDepartment.getByLabel("Namn").fill(departmentName);
  await addDepartment.getByLabel("Kod").fill(`test_${stamp}`);
  await addDepartment.getByRole("button", { name: "Lägg till förvaltning" }).click();
  await expect(page.getByRole("status")).toContainText(`Förvaltningen ${departmentName} har lagts till.`);
  const departmentRow = departments.getByRole("row", { name: new RegExp(departmentName) });
  await expect(departmentRow).toContainText(`test_${stamp}`);
  await departmentRow.getByRole("button", { name: `Inaktivera ${departmentName}` }).click();
  await expect(page.getByRole("status")).toContainText(`Förvaltningen ${departmentName} är inaktiverad`);
  await expect(departmentRow).toContainText("Inaktiverad");
  await expect(departmentRow.getByRole("button", { name: `Aktivera ${departmentName}` })).toBeVisible();
  await expectNoAxeViolations(page);

  // Renaming to a name in use is refused next to the rename field.
  await departmentRow.getByText("Byt namn").click();
  await departmentRow.getByLabel("Nytt namn").fill("Miljöförvaltningen");
  await departmentRow.getByRole("button", { name: "Spara namnet" }).click();
  await expect(departmentRow.getByText("Namnet Miljöförvaltningen används redan.")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("staff cannot open the lists page", async ({ page }) => {
  await login(page, DEMO.staff);
  const response = await page.goto("/admin/listor");
  expect(response?.status()).toBe(403);
});
