import type { DecisionCheck } from "~/domain/funding/decision-check.server.ts";
import { formatPence } from "~/domain/money.ts";
import { formatDate } from "./format.ts";
import { Button } from "./ui/button.tsx";
import { PortalForm } from "./ui/portal-form.tsx";
import { SummaryList } from "./ui/summary-list.tsx";
import { PageHeading } from "./ui/typography.tsx";

/** What was typed, as hidden fields again (`awardStart.day` for a date's part): the check page posts it back. */
function HiddenFields({ typed }: { typed: Record<string, unknown> }) {
  const inputs: [string, string][] = [];
  for (const [name, value] of Object.entries(typed)) {
    if (name === "csrf" || name === "intent") continue;
    if (typeof value === "string") inputs.push([name, value]);
    else if (value && typeof value === "object") {
      for (const [part, v] of Object.entries(value)) if (typeof v === "string") inputs.push([`${name}.${part}`, v]);
    }
  }
  return inputs.map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

/**
 * The check page of a decision (GOV.UK check answers): what will be recorded, read by the same rules as the
 * decision itself. Its confirm posts exactly what was typed (the version the form was drawn with among it) with
 * intent "confirm"; "Change" posts it with intent "change", back to the form with every answer kept. No script needed.
 */
export function DecisionCheckPage({ reference, school, check, typed }: { reference: string; school: string; check: DecisionCheck; typed: Record<string, unknown> }) {
  const period = check.start && check.end ? `${formatDate(check.start)} to ${formatDate(check.end)}` : "None";
  const change = (what: string) => (
    <Button form="change-decision" variant="link" name="intent" value="change">
      Change<span className="sr-only"> {what}</span>
    </Button>
  );
  return (
    <div className="max-w-4xl">
      <PageHeading caption={`${reference} · ${school}`}>{check.correcting ? "Check the corrected decision" : "Check your decision before recording it"}</PageHeading>
      <SummaryList
        rows={[
          { key: "Decision", value: check.outcomeLabel, action: change("the decision") },
          { key: "Amount awarded", value: formatPence(check.awardedPence), action: change("the amount awarded") },
          {
            key: "Award period",
            value: (
              <>
                {period}
                {check.outsideRequested ? <span className="block text-secondary-ink">Outside the period requested</span> : null}
              </>
            ),
            action: change("the award period"),
          },
          ...(check.outsideRequested ? [{ key: "Why the period differs", value: check.periodReason ?? "", action: change("why the period differs") }] : []),
          { key: "Reason", value: check.reasonLabel ?? "None given", action: change("the reason") },
          {
            key: check.correcting ? "Why it is corrected" : "Explanation for the school",
            value: <span className="whitespace-pre-line">{check.reasonText ?? "None"}</span>,
            action: change("the explanation"),
          },
        ]}
      />
      <p className="my-6">The school and its headteacher will be told of the decision. A decision cannot be edited once recorded: it can only be corrected.</p>
      <PortalForm id="confirm-decision">
        <HiddenFields typed={typed} />
        <Button name="intent" value="confirm">
          {check.correcting ? "Confirm and record the corrected decision" : "Confirm and record the decision"}
        </Button>
      </PortalForm>
      <PortalForm id="change-decision">
        <HiddenFields typed={typed} />
        <Button variant="secondary" name="intent" value="change">
          Change your answers
        </Button>
      </PortalForm>
    </div>
  );
}
