import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { DB } from "../app/db.server.ts";
import { isDatabaseUnavailable } from "../app/db.server.ts";
import { type Mailer, type SendEmail, dispatchDueEmails } from "../app/domain/notifications/outbox.server.ts";
import { sweepTrainingReminders } from "../app/domain/training/reminders.server.ts";

// Sending the outbox's emails from this process, when SMTP_URL is set: the SMTP transport, and a dispatcher
// that runs every half minute and soon after each change, never two runs at once, and stops before the
// database pool closes.

/**
 * Sends through the SMTP server at `url` (smtp:// or smtps://, credentials in the URL). The timeouts keep a
 * stuck server from holding an email longer than the outbox's claim on it.
 */
export function smtpSender(url: string): { send: SendEmail; close(): void } {
  const transport = nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    send: async (email) => {
      await transport.sendMail({ from: email.from, to: email.to, subject: email.subject, text: email.text, attachments: email.attachments });
    },
    close: () => transport.close(),
  };
}

export interface EmailDispatcher {
  /** Asks for a run soon (debounced): a change that may have queued emails has committed. */
  kick(): void;
  /** Stops the timer, lets the email in hand finish, leaves the rest for next time. Resolves when idle. */
  stop(): Promise<void>;
}

export function startEmailDispatcher(options: {
  db: DB;
  mailer: Mailer;
  logger: Pick<Logger, "info" | "warn">;
  intervalMs?: number;
  kickDelayMs?: number;
}): EmailDispatcher {
  const { db, mailer, logger } = options;
  const abort = new AbortController();
  let running: Promise<void> | null = null;
  let again = false;
  let kickTimer: NodeJS.Timeout | null = null;

  const runOnce = async () => {
    try {
      const report = await dispatchDueEmails(db, mailer, new Date(), { signal: abort.signal, log: logger });
      if (report.sent + report.retrying + report.gaveUp > 0) logger.info(report, "emails dispatched");
    } catch (error) {
      // The database is down or the query failed: the emails stay in the outbox for the next run.
      logger.warn(
        { error: isDatabaseUnavailable(error) ? "database unavailable" : error instanceof Error ? error.message.slice(0, 200) : "unknown" },
        "email dispatch did not run",
      );
    }
  };

  // One run at a time: a request for a run during one makes one more run after it, not a second in parallel.
  const run = () => {
    if (abort.signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again && !abort.signal.aborted);
    })().finally(() => {
      running = null;
    });
  };

  const interval = setInterval(run, options.intervalMs ?? 30_000);
  interval.unref();

  const kick = () => {
    if (abort.signal.aborted || kickTimer) return;
    kickTimer = setTimeout(() => {
      kickTimer = null;
      run();
    }, options.kickDelayMs ?? 200);
    kickTimer.unref();
  };

  // Emails queued while the portal was down go out straight after it starts.
  kick();

  return {
    kick,
    async stop() {
      abort.abort();
      clearInterval(interval);
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      await running;
    },
  };
}

/**
 * The training reminders' sweep (app/domain/training/reminders.server.ts): every ten minutes, queues the reminder
 * emails now due (each once), then asks the dispatcher to send them. Runs whether or not emails leave the portal:
 * the outbox keeps them for the admin otherwise.
 */
export function startReminderSweep(options: { db: DB; logger: Pick<Logger, "info" | "warn">; afterQueued?: () => void; intervalMs?: number }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = sweepTrainingReminders(options.db)
      .then((report) => {
        if (report.queued > 0) {
          options.logger.info(report, "training reminders queued");
          options.afterQueued?.();
        }
      })
      .catch((error: unknown) => {
        options.logger.warn({ error: isDatabaseUnavailable(error) ? "database unavailable" : error instanceof Error ? error.message.slice(0, 200) : "unknown" }, "training reminders did not run");
      })
      .finally(() => {
        running = null;
      });
  };
  const interval = setInterval(run, options.intervalMs ?? 10 * 60_000);
  interval.unref();
  const first = setTimeout(run, 5_000);
  first.unref();
  return {
    async stop() {
      clearInterval(interval);
      clearTimeout(first);
      await running;
    },
  };
}
