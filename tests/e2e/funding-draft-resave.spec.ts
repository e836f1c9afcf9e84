import { expect, test } from "@playwright/test";
import { fillDate, signIn, startDraft, taskStatus } from "./helpers.ts";

// A draft save that is refused may still save what it could (ADR 28): the start date is kept when the end date
// does not exist. With JavaScript the error shows as soon as the POST answers, and the page's data (with the
// draft's new version) is reloaded after it. A SENCO who puts the date right and saves before that reload has
// finished must not be told that someone else changed the record: here the reload is held back until then.

test("with JavaScript, a draft put right straight after a partly saved refusal is saved, not refused as changed by someone else", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  const reference = await startDraft(page);
  await page.goto(`/funding/${reference}/edit/period`);
  await expect(page.getByRole("heading", { level: 1, name: "Period of funding" })).toBeVisible();

  // The page's data reloads (single fetch GETs of .data) wait until the second save has been sent.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.endsWith(".data"),
    async (route) => {
      if (route.request().method() === "GET") await held;
      await route.continue();
    },
  );

  await fillDate(page, "Start date", "2026-04-01");
  await fillDate(page, "End date", "2026-06-31");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByText("What you entered without an error has been saved.")).toBeVisible();
  await fillDate(page, "End date", "2026-06-30");
  const sent = page.waitForRequest((request) => request.method() === "POST" && new URL(request.url()).pathname.endsWith(".data"));
  await page.getByRole("button", { name: "Save and continue" }).click();
  await sent;
  release();

  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/edit\\?saved=1$`));
  await expect(taskStatus(page, "period")).toHaveText("Completed");
});
