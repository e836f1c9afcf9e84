import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn, signOut } from "./helpers.ts";

// The guidance library (issue 11): a SENCO searches it with JavaScript disabled (a search, a tag, a misspelling,
// an article), and a champion writes and publishes an article that the SENCO then finds. Axe on every page
// reached (axe runs as a script, so the pages the JavaScript-free search reached are checked again with it on).
// Kept short: CI runs it on 2 cores.

/** The pages the search without JavaScript reaches. */
const READER_PAGES = ["/guidance", "/guidance?q=graduated+approach", "/guidance?tag=ASD", "/guidance?q=dyslxia", "/guidance/dyslexia-and-specific-learning-difficulties-in-the-classroom"];

async function heading(page: Page, name: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test.describe("searching the library with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("a SENCO searches, filters by tag, survives a typo and reads an article", async ({ page }) => {
    await signIn(page, "senco@oakfield.example");
    await page.getByRole("navigation").getByRole("link", { name: "Guidance" }).first().click();
    await heading(page, "Guidance library");

    const search = page.getByRole("search", { name: "Guidance library" });
    await search.getByLabel("Search the library").fill("graduated approach");
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/guidance\?q=graduated\+approach/);
    await expect(page.getByRole("heading", { level: 2, name: /articles? for “graduated approach”, best match first/ })).toBeVisible();
    const first = page.getByRole("main").getByRole("listitem").first();
    await expect(first.getByRole("link", { name: "SEN support and the graduated approach" })).toBeVisible();
    await expect(first.locator("mark").first()).toBeVisible();

    await search.getByLabel("Search the library").fill("");
    await search.getByLabel("Tag").selectOption({ label: "Autistic spectrum disorder" });
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/tag=ASD/);
    await expect(page.getByRole("heading", { level: 2, name: /tagged Autistic spectrum disorder/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Autism-friendly classrooms" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Dyslexia and specific learning difficulties in the classroom" })).toHaveCount(0);

    await page.goto("/guidance?q=dyslxia");
    await expect(page.getByText("Showing results for dyslexia instead.")).toBeVisible();
    await page.getByRole("link", { name: "Dyslexia and specific learning difficulties in the classroom" }).click();
    await heading(page, "Dyslexia and specific learning difficulties in the classroom");
    await expect(page.getByText("Owner", { exact: true })).toBeVisible();
    await expect(page.getByText("Last reviewed", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Classroom adjustments" })).toBeVisible();
    // A reader is offered nothing to change.
    await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
    await signOut(page);
  });
});

test("every library page the search reached passes axe", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  for (const address of READER_PAGES) {
    await page.goto(address);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test.describe.serial("writing and publishing an article", () => {
  const title = "Calm starts to the school day";

  test("a champion writes a draft, is told what is missing, then publishes it", async ({ page }) => {
    await signIn(page, "champion@kent.example");
    await page.goto("/guidance");
    await page.getByRole("main").getByRole("link", { name: "Write an article" }).click();
    await heading(page, "Write a guidance article");
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("alert").getByRole("link", { name: "Enter the article's title" })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Summary").fill("A predictable, quiet start helps anxious pupils settle to learn.");
    await page.getByLabel("Article").fill("## Why it helps\n\nA **calm start** lowers anxiety.\n\n<script>alert('x')</script>\n\n- meet at the door\n- a settling task");
    await page.getByRole("group", { name: "Areas of need it is about" }).getByLabel("Social, emotional and mental health (SEMH)").check();
    await page.getByRole("group", { name: "Topics" }).getByLabel("Wellbeing and nurture").check();
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page.getByText("The article has been saved as a draft.")).toBeVisible();
    await heading(page, title);
    await expect(page.getByText("Draft", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Why it helps" })).toBeVisible();
    await expect(page.getByRole("main").locator("script")).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "Change this article" }).click();
    await heading(page, title);
    await expectNoAxeViolations(page);
    await page.getByLabel("Summary").fill("A predictable, quiet start helps anxious pupils settle and learn.");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Your changes have been saved.")).toBeVisible();

    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("The article has been published")).toBeVisible();
    await expect(page.getByText("Published", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "Published by Grace Adeyemi" })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto("/guidance/yours");
    await heading(page, "Your articles");
    await expect(page.getByRole("link", { name: title })).toBeVisible();
    await expectNoAxeViolations(page);
    await signOut(page);
  });

  test("a SENCO finds the published article", async ({ page }) => {
    await signIn(page, "senco@oakfield.example");
    await page.goto("/guidance?q=calm+start");
    await page.getByRole("link", { name: title }).click();
    await heading(page, title);
    await expect(page.getByText("settle and learn")).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
