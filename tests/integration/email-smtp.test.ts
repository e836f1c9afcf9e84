import { spawn } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { SMTPServer } from "smtp-server";
import { type DatabaseHandle, migrateToLatest, openPglite } from "../../app/db.server.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { root } from "../../scripts/ensure-build.ts";
import { notifyUsers } from "../../app/domain/notifications/notify.server.ts";
import { EMAIL_FOOTER, dispatchDueEmails } from "../../app/domain/notifications/outbox.server.ts";
import { smtpSender, startEmailDispatcher } from "../../server/email.ts";
import { createTestDatabase } from "../setup/database.ts";

// The outbox sent through nodemailer to a real SMTP server (smtp-server) listening in this process: what the
// portal does in production when SMTP_URL is set.

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

const USER = "portal";
const PASSWORD = "s3cret-relay-password";

let database: DatabaseHandle;
let smtp: SMTPServer;
let port: number;
const received: Received[] = [];
/** Addresses the server refuses the next time they are given: the mail server's 550. */
const refuseOnce = new Set<string>();

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (refuseOnce.delete(address.address)) {
        callback(Object.assign(new Error(`Mailbox <${address.address}> unavailable`), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await database?.close();
});

beforeEach(async () => {
  received.length = 0;
  await database.db.deleteFrom("email_outbox").execute();
});

const MAILER = { from: "Kent SEND Inclusion Portal <no-reply@send.example>", publicUrl: "https://send.example" };

async function headId() {
  return (await database.db.selectFrom("users").select("id").where("email", "=", "head@oakfield.example").executeTakeFirstOrThrow()).id;
}

async function queue(reference: string) {
  const userId = await headId();
  await database.db.transaction().execute((trx) =>
    notifyUsers(trx, [userId], {
      message: `Funding request ${reference} is waiting for your sign-off.`,
      subject: `${reference}: waiting for your sign-off`,
      link: `/funding/${reference}`,
    }),
  );
}

/** The message body as a reader sees it: quoted-printable soft breaks and escapes undone. */
function decoded(raw: string) {
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

async function outbox() {
  return database.db.selectFrom("email_outbox").select(["attempts", "sent_at", "last_error", "next_attempt_at"]).executeTakeFirstOrThrow();
}

describe("sending through a real SMTP server", () => {
  it("signs in with the URL's credentials and delivers the notice, the full link and the footer", async () => {
    await queue("HNF-2026-00501");
    const sender = smtpSender(`smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`);
    try {
      const report = await dispatchDueEmails(database.db, { ...MAILER, send: sender.send }, new Date(Date.now() + 1000));
      expect(report).toEqual({ sent: 1, retrying: 0, gaveUp: 0 });
    } finally {
      sender.close();
    }
    expect(received).toHaveLength(1);
    const message = received[0]!;
    expect(message.user).toBe(USER);
    expect(message.from).toBe("no-reply@send.example");
    expect(message.to).toEqual(["head@oakfield.example"]);
    expect(message.raw).toContain("Subject: HNF-2026-00501: waiting for your sign-off");
    expect(message.raw).toMatch(/^From: Kent SEND Inclusion Portal <no-reply@send\.example>$/m);
    const body = decoded(message.raw);
    expect(body).toContain("Funding request HNF-2026-00501 is waiting for your sign-off.");
    expect(body).toContain("https://send.example/funding/HNF-2026-00501");
    expect(body).toContain(EMAIL_FOOTER);
    expect((await outbox()).sent_at).not.toBeNull();
  });

  it("records the server's refusal without the address, and delivers on the next try", async () => {
    await queue("HNF-2026-00502");
    refuseOnce.add("head@oakfield.example");
    const sender = smtpSender(`smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`);
    const now = new Date(Date.now() + 1000);
    try {
      expect(await dispatchDueEmails(database.db, { ...MAILER, send: sender.send }, now)).toEqual({ sent: 0, retrying: 1, gaveUp: 0 });
      const failed = await outbox();
      expect(failed.sent_at).toBeNull();
      expect(failed.last_error).toContain("550");
      expect(failed.last_error).not.toContain("head@oakfield.example");
      expect(failed.last_error!.length).toBeLessThanOrEqual(200);
      expect(await dispatchDueEmails(database.db, { ...MAILER, send: sender.send }, new Date(failed.next_attempt_at.getTime() + 1000))).toEqual({
        sent: 1,
        retrying: 0,
        gaveUp: 0,
      });
    } finally {
      sender.close();
    }
    expect(received).toHaveLength(1);
  });

  it("keeps the password out of the error when the server refuses the sign-in", async () => {
    await queue("HNF-2026-00503");
    const wrong = "not-the-password-42";
    const sender = smtpSender(`smtp://${USER}:${wrong}@127.0.0.1:${port}`);
    try {
      expect(await dispatchDueEmails(database.db, { ...MAILER, send: sender.send }, new Date(Date.now() + 1000))).toEqual({ sent: 0, retrying: 1, gaveUp: 0 });
    } finally {
      sender.close();
    }
    const failed = await outbox();
    expect(failed.last_error).toMatch(/EAUTH/);
    expect(failed.last_error).not.toContain(wrong);
    expect(received).toHaveLength(0);
  });

  it("sends from the running portal's dispatcher soon after a change, and stops cleanly", async () => {
    const sender = smtpSender(`smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`);
    const dispatcher = startEmailDispatcher({
      db: database.db,
      mailer: { ...MAILER, send: sender.send },
      logger: pino({ level: "silent" }),
      intervalMs: 60_000,
      kickDelayMs: 10,
    });
    try {
      await queue("HNF-2026-00504");
      dispatcher.kick();
      for (let waited = 0; received.length === 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(received).toHaveLength(1);
      expect(decoded(received[0]!.raw)).toContain("https://send.example/funding/HNF-2026-00504");
    } finally {
      await dispatcher.stop();
      sender.close();
    }
  });
});

describe("the portal process with SMTP_URL set", () => {
  it("sends the emails queued while it was down as soon as it starts, logs a refusal without address or body, and stops on SIGTERM", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-smtp-"));
    try {
      // Emails queued before the start, as if the portal had stopped before sending them.
      const offline = await openPglite(path.join(dataDir, "pglite"));
      await migrateToLatest(offline.db);
      await seedDemo(offline.db);
      await offline.db
        .insertInto("email_outbox")
        .values([
          { to_address: "refused@school.example", subject: "HNF-2026-00601: refused", body: "Request HNF-2026-00601 body text.", link: "/funding/HNF-2026-00601" },
          { to_address: "head@oakfield.example", subject: "HNF-2026-00602: delivered", body: "Request HNF-2026-00602 body text.", link: "/funding/HNF-2026-00602" },
        ])
        .execute();
      await offline.close();
      refuseOnce.add("refused@school.example");

      const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATA_DIR: dataDir,
          DATABASE_URL: "",
          PORT: "0",
          HOST: "127.0.0.1",
          LOG_LEVEL: "info",
          SMTP_URL: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`,
          PUBLIC_URL: "https://send.example",
          MAIL_FROM: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        for (let waited = 0; (received.length === 0 || !output.includes("email not sent")) && waited < 60_000; waited += 100) {
          if (child.exitCode !== null) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(received.map((m) => m.to)).toEqual([["head@oakfield.example"]]);
        expect(received[0]!.from).toBe("no-reply@send.example");
        expect(decoded(received[0]!.raw)).toContain("https://send.example/funding/HNF-2026-00602");
        expect(output).toContain("emails: sending through the SMTP server");
        expect(output).toContain("email not sent");
        for (const secret of ["refused@school.example", "head@oakfield.example", "body text", PASSWORD]) expect(output).not.toContain(secret);
      } finally {
        child.kill("SIGTERM");
      }
      expect(await exited).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
