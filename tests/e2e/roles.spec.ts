import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, expectNoAxeViolations, signIn, signOut } from "./helpers.ts";

// Every role: sign in, walk the header navigation (Home first) with axe on each page, sign out.
for (const account of DEMO_ACCOUNTS) {
  test(`${account.email} signs in, uses every page in their navigation and signs out`, async ({ page }) => {
    // Uncaught script errors on any page, such as React giving up on a server render that the browser's differs
    // from (it then renders the whole page again, losing what was typed before the script ran).
    // Up to seven pages, each with an axe run: about 40 s when two tests share the machine, so more than the default.
    test.setTimeout(120_000);
    const scriptErrors: string[] = [];
    page.on("pageerror", (error) => scriptErrors.push(`${page.url()}: ${error.message}`));
    await signIn(page, account.email);
    await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${account.name}` })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(account.name);

    const nav = page.getByRole("navigation", { name: "Main" });
    const links = nav.getByRole("link");
    await expect(links).toHaveText([...account.nav]);

    for (const label of account.nav) {
      const link = nav.getByRole("link", { name: label, exact: true });
      const href = await link.getAttribute("href");
      expect(href).toMatch(/^\//);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().resourceType() === "document" && new URL(r.url()).pathname === href),
        link.click(),
      ]);
      expect(response.status(), `${label} (${href})`).toBe(200);
      await expect(page).toHaveURL(new RegExp(`${href}$`));
      // Exactly one link is the current page, even where one address starts with another (/funding, /funding/tracker).
      await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
      await expect(nav.locator("[aria-current]")).toHaveCount(1);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page);
    }

    await signOut(page);
    await expectNoAxeViolations(page);
    expect(scriptErrors).toEqual([]);

    // The session is over: a signed-in page now sends the browser to sign in.
    await page.goto("/home");
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  });
}
