import { expect, type Page, test } from "@playwright/test";
import { formatDate, formatTime } from "../../app/components/format.ts";
import { londonDateAndTime } from "../../app/domain/london-time.ts";
import { expectNoAxeViolations, fillDate, signIn, signOut } from "./helpers.ts";

// Issue 10's journey end to end, in a real browser: Oakfield's SENCO refers a pupil from draft to a LIFT meeting
// of its own (added by the council officer, so no other test's referrals fill its cap); the meeting comes round
// (the officer moves it to today); the STLS teacher records LIFT's outcome allocating his involvement; he publishes
// a one-minute slot starting a minute or two later; the SENCO books it; once it has begun he writes his note; the school
// reads it, and the pupil's support timeline tells the whole story in order. Once with JavaScript (axe on every
// page) and once without. One after the other: both use Tom Harding's time today.

test.describe.configure({ mode: "serial" });

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
const londonToday = () => londonDateAndTime(new Date()).date;
const isoIn = (days: number) => {
  const [y, m, d] = londonToday().split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The next whole London minute at least `minutes` from now, and one minute later (the slot). */
function slotSoon(minutes: number) {
  const start = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const end = new Date(start.getTime() + 60_000);
  return { start, end, startTime: londonDateAndTime(start).time, endTime: londonDateAndTime(end).time };
}

/** A slot is one London day: near midnight, wait for the new day rather than make one that crosses it. */
async function clearOfMidnight(page: Page) {
  const time = londonDateAndTime(new Date()).time;
  if (time >= "23:50") await page.waitForTimeout(((24 * 60 - (Number(time.slice(0, 2)) * 60 + Number(time.slice(3)))) + 1) * 60_000);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled, actionTimeout: 20_000 });

    test("a referral from draft to an outcome allocating involvement, a visit booked and written up, and the pupil's timeline", async ({ page }) => {
      test.setTimeout(600_000);
      const axe = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      const pupil = javaScriptEnabled ? "Mia Turner" : "Finn Young";
      const meetingDay = isoIn(javaScriptEnabled ? 70 : 77);

      // The council adds a meeting for Maidstone North (Oakfield's group).
      await signIn(page, "officer@kent.example");
      await page.goto("/lift/meetings/new");
      await page.getByLabel("LIFT group").selectOption({ label: "Maidstone North LIFT (Maidstone)" });
      await fillDate(page, "Date of the meeting", meetingDay);
      await page.getByLabel("Start time").fill("9:30");
      await page.getByLabel("End time").fill("12:00");
      await page.getByLabel("Venue (if it meets in person)").fill("Oakwood House, Maidstone");
      await page.getByRole("button", { name: "Add meeting" }).click();
      await expect(page.getByText("The meeting has been added.")).toBeVisible();
      const meetingUrl = page.url().replace(/\?.*$/, "");
      await signOut(page);

      // The SENCO drafts the referral through the task list and sends it to that meeting.
      await signIn(page, "senco@oakfield.example");
      await page.goto("/lift");
      await axe();
      await page.goto("/lift/referrals/new");
      await page.getByLabel("Pupil").selectOption({ label: pupil });
      await page.getByRole("button", { name: "Start the referral" }).click();
      await expect(page.getByRole("main")).toContainText("You have completed 0 of 3 tasks.");
      const reference = /LIFT-\d{4}-\d{5,}/.exec(page.url())![0];
      await page.getByRole("link", { name: "LIFT meeting" }).click();
      await page.getByLabel(new RegExp(`^${formatDate(meetingDay)}, .*Maidstone North LIFT`)).check();
      await page.getByRole("button", { name: "Save and continue" }).click();
      await page.getByRole("link", { name: "The request" }).click();
      await page.getByLabel("Cognition and learning").check();
      await page.getByLabel("What has the school tried at Mainstream Core Standards level?").fill("Precision teaching three times a week; a spelling intervention at the personalised level.");
      await page.getByLabel("What is your question for LIFT?").fill("What should we put in place next for spelling?");
      await page.getByRole("button", { name: "Save and continue" }).click();
      await page.getByRole("link", { name: "Agreement to Engage" }).click();
      await page.getByLabel("Who signed the Agreement to Engage?").fill("Parent of the pupil");
      await fillDate(page, "Date it was signed", isoIn(-2));
      await page.getByRole("button", { name: "Save as draft" }).click();
      await page.goto(`/lift/referrals/${reference}/documents/new`);
      await page.getByLabel("Signed Agreement to Engage").setInputFiles({ name: "agreement.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.getByRole("button", { name: "Upload the document" }).click();
      await expect(page.getByRole("main")).toContainText("You have completed 3 of 3 tasks.");
      await page.getByRole("link", { name: "Check your answers and send the referral to LIFT" }).click();
      await axe();
      await page.getByRole("button", { name: "Send the referral to LIFT" }).click();
      await expect(page.getByRole("heading", { name: "Referral sent to LIFT" })).toBeVisible();
      await signOut(page);

      // The meeting comes round: the officer moves it to today (its papers-due day back to the default, before it),
      // a few minutes from now, since a meeting must start in the future; LIFT records outcomes from its day on.
      await clearOfMidnight(page);
      const meets = slotSoon(5);
      const endsAt = londonDateAndTime(new Date(meets.start.getTime() + 30 * 60_000));
      await signIn(page, "officer@kent.example");
      await page.goto(`${meetingUrl}/edit`);
      await fillDate(page, "Date of the meeting", londonToday());
      await page.getByLabel("Start time").fill(meets.startTime);
      await page.getByLabel("End time").fill(endsAt.date === londonToday() ? endsAt.time : "23:59");
      const due = page.getByRole("group", { name: /Papers due/ });
      for (const box of ["Day", "Month", "Year"]) await due.getByLabel(box).fill("");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(formatDate(londonToday()));
      await signOut(page);

      // LIFT meets: the STLS teacher records the outcome on the agenda, allocating himself two visits.
      await signIn(page, "stls@kent.example");
      await page.goto(meetingUrl);
      const row = page.getByRole("table", { name: /Agenda/ }).getByRole("row").filter({ hasText: pupil });
      await expect(row).toContainText(reference);
      await axe();
      await row.getByRole("link", { name: `Record outcome for ${reference}` }).click();
      await page.getByRole("radio", { name: /^Specialist involvement/ }).check();
      await page.getByLabel("LIFT's advice").fill("Specialist teacher to assess spelling and model a multisensory routine with the class teacher.");
      await page.getByLabel("Specialist teacher", { exact: true }).selectOption({ label: "Tom Harding" });
      await page.getByRole("textbox", { name: "Number of visits" }).fill("2");
      await axe();
      await page.getByRole("button", { name: "Record outcome" }).click();
      await expect(page.getByText("The outcome has been recorded and the school told.")).toBeVisible();

      // He publishes a one-minute slot starting a minute or two from now (booking refuses a slot begun; the note needs one begun).
      await clearOfMidnight(page);
      const slot = slotSoon(1.25);
      await page.goto("/stls/slots/new");
      await page.getByLabel("Visits for allocated involvement").check();
      await fillDate(page, "Date", londonDateAndTime(slot.start).date);
      await page.getByLabel("Start time").fill(slot.startTime);
      await page.getByLabel("End time").fill(slot.endTime);
      await page.getByLabel("Place", { exact: true }).fill("At the school");
      await page.getByRole("button", { name: "Publish" }).click();
      await expect(page.getByText("Your slot has been published.")).toBeVisible();
      await signOut(page);

      // The SENCO books it for the pupil.
      await signIn(page, "senco@oakfield.example");
      await page.goto(`/lift/referrals/${reference}`);
      await expect(page.getByRole("main")).toContainText("Specialist involvement");
      await page.goto("/stls");
      await page.getByRole("link", { name: `Book a visit for ${pupil}` }).click();
      await axe();
      await page.getByLabel(`${formatDate(londonDateAndTime(slot.start).date)}, ${formatTime(slot.start)} to ${formatTime(slot.end)}`).check();
      await page.getByRole("button", { name: "Book this visit" }).click();
      await expect(page.getByText("Booked. The specialist teacher has been told.")).toBeVisible();
      const visitUrl = page.url().replace(/\?.*$/, "");
      await signOut(page);

      // Once the visit has begun, the teacher writes his note.
      await page.waitForTimeout(Math.max(0, slot.start.getTime() - Date.now() + 2_000));
      await signIn(page, "stls@kent.example");
      await page.goto(visitUrl);
      const note = `Assessed spelling and modelled a multisensory routine (${javaScriptEnabled ? "with" : "without"} JavaScript). Review at the next LIFT meeting.`;
      await page.getByLabel("Your note for the school").fill(note);
      await axe();
      await page.getByRole("button", { name: "Save the note" }).click();
      await expect(page.getByText("Your note has been saved")).toBeVisible();
      await signOut(page);

      // The school reads it, and the pupil's support timeline tells the story in order.
      await signIn(page, "senco@oakfield.example");
      await page.goto(visitUrl);
      await expect(page.getByText(note)).toBeVisible();
      await page.goto("/pupils");
      await page.getByRole("link", { name: pupil.split(" ").reverse().join(", ") }).click();
      await page.getByRole("link", { name: /^Support timeline/ }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Support timeline" })).toBeVisible();
      const main = page.getByRole("main");
      await expect(main.getByRole("heading", { name: `LIFT referral ${reference}` })).toBeVisible();
      await expect(main.getByRole("heading", { name: `Specialist visit on ${formatDate(londonDateAndTime(slot.start).date)}` })).toBeVisible();
      await expect(main).toContainText("Specialist involvement");
      await expect(main).toContainText(note);
      const text = await main.innerText();
      expect(text.indexOf(`LIFT referral ${reference}`)).toBeLessThan(text.indexOf(note));
      await axe();
    });
  });
}
