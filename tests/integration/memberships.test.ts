import { describe, expect, it } from "vitest";
import { Browser, mainText, seededApp } from "../setup/app.ts";

// Issue 14: a person may hold several memberships and acts in one at a time, chosen in the header. The demo's
// Inclusion Champion is also the SENCO of Stour Valley Primary School.

const t = seededApp();

function headerText(html: string) {
  return (/<header[^>]*>([\s\S]*?)<\/header>/.exec(html)?.[1] ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("acting in one membership at a time", () => {
  it("says who the person is acting as, and offers a switch only to people with more than one membership", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const home = await senco.get("/home");
    expect(headerText(home.text)).toContain("Acting as: SENCO, Oakfield Primary School");
    expect(home.text).not.toContain('action="/session/acting-as"');

    const champion = new Browser(t.app.baseUrl);
    await champion.signIn("champion@kent.example");
    const page = await champion.get("/home");
    expect(headerText(page.text)).toContain("Acting as:");
    expect(page.text).toContain('action="/session/acting-as"');
    expect(page.text).toMatch(/<option value="inclusion_champion" selected="">Inclusion Champion, 9 schools<\/option>/);
    expect(page.text).toContain("SENCO, Stour Valley Primary School");
  });

  it("switches without a new sign-in: navigation, home page, scope and audit rows follow the chosen membership", async () => {
    const person = new Browser(t.app.baseUrl);
    await person.signIn("champion@kent.example");
    const sessionBefore = person.sessionToken();
    expect(mainText((await person.get("/home")).text)).toContain("Welcome, Grace Adeyemi");
    expect((await person.get("/pupils")).status).toBe(404);

    const reply = await person.post("/session/acting-as", { membership: "senco:990009" });
    expect(reply.location).toBe("/home");
    expect(person.sessionToken()).toBe(sessionBefore);
    const home = await person.get("/home");
    expect(home.text).toMatch(/<option value="senco:990009" selected="">SENCO, Stour Valley Primary School<\/option>/);
    expect(home.text).toContain('href="/pupils"');
    const register = await person.get("/pupils");
    expect(register.status).toBe(200);
    expect(mainText(register.text)).not.toContain("Hart");

    const rows = await t.database.db
      .selectFrom("audit_events")
      .innerJoin("users", "users.id", "audit_events.actor_user_id")
      .select(["audit_events.action", "audit_events.actor_role", "audit_events.actor_org", "audit_events.detail"])
      .where("users.email", "=", "champion@kent.example")
      .where("audit_events.action", "in", ["auth.switch_membership", "pupil.list"])
      .orderBy("audit_events.id")
      .execute();
    expect(rows.map((r) => r.action)).toEqual(["auth.switch_membership", "pupil.list"]);
    expect(rows[0]).toMatchObject({ actor_role: "inclusion_champion", detail: { from: "inclusion_champion", to: "senco:990009" } });
    expect(rows[1]).toMatchObject({ actor_role: "senco", actor_org: "school:990009" });
  });

  it("refuses a membership the person does not hold, and a switch by GET changes nothing", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    expect((await senco.post("/session/acting-as", { membership: "council_officer" })).status).toBe(400);
    expect((await senco.post("/session/acting-as", { membership: "senco:990002" })).status).toBe(400);
    expect((await senco.get("/session/acting-as?membership=council_officer")).location).toBe("/home");
    expect((await senco.get("/funding/tracker")).status).toBe(404);
    expect(headerText((await senco.get("/home")).text)).toContain("Acting as: SENCO, Oakfield Primary School");
  });
});
