import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { DB } from "../app/db.server.ts";
import { isDatabaseUnavailable } from "../app/db.server.ts";
import { type Mailer, type SendEmail, dispatchDueEmails } from "../app/domain/notifications/outbox.server.ts";
import { sweepRetention } from "../app/domain/retention/retention.server.ts";
import { sweepLiftCarryOver } from "../app/domain/stls/carry.server.ts";
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

function sweepReport<R extends Record<string, number>>(report: R, counted: keyof R) {
  return { count: report[counted]!, report };
}

/** How a sweep's failure is logged: the database down, or the first words of the error. */
function sweepError(error: unknown) {
  return { error: isDatabaseUnavailable(error) ? "database unavailable" : error instanceof Error ? error.message.slice(0, 200) : "unknown" };
}

/**
 * The ten-minute sweeps. The training reminders (app/domain/training/reminders.server.ts): queues the reminder
 * emails now due (each once). LIFT carry-over (app/domain/stls/carry.server.ts, ADR 43): moves sent referrals not
 * reached at a meeting held (or cancelled) to the group's next meeting, each school told. Then asks the dispatcher to
 * send what they queued. Each runs once however many instances of the portal sweep at the same time (a reminder is
 * marked sent only if still unsent; a referral is moved only if, under its lock, it is still on that meeting), and
 * one failing does not stop the other. Runs whether or not emails leave the portal: the outbox keeps them otherwise.
 */
export function startReminderSweep(options: { db: DB; logger: Pick<Logger, "info" | "warn">; afterQueued?: () => void; intervalMs?: number }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  // Each sweep, with how many things it queued (none: nothing to log or send) and its log lines.
  const sweeps: { sweep: () => Promise<{ count: number; report: Record<string, number> }>; done: string; failed: string }[] = [
    { sweep: async () => sweepReport(await sweepTrainingReminders(options.db), "queued"), done: "training reminders queued", failed: "training reminders did not run" },
    { sweep: async () => sweepReport(await sweepLiftCarryOver(options.db), "carried"), done: "LIFT referrals carried to the next meeting", failed: "LIFT carry-over did not run" },
    // Retention (ADR 60): once a London day from 02:00, the first portal to claim the day anonymises what is past it.
    { sweep: async () => sweepReport(await sweepRetention(options.db), "anonymised"), done: "pupils past the retention period anonymised", failed: "the retention run did not run" },
  ];
  const once = async (step: (typeof sweeps)[number]) => {
    try {
      const { count, report } = await step.sweep();
      if (count > 0) {
        options.logger.info(report, step.done);
        options.afterQueued?.();
      }
    } catch (error) {
      options.logger.warn(sweepError(error), step.failed);
    }
  };
  const run = () => {
    if (running) return;
    running = (async () => {
      for (const step of sweeps) await once(step);
    })().finally(() => {
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
