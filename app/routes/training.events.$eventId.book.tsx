import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { MAX_PEOPLE } from "~/domain/training/booking.rules.ts";
import { bookingSchema } from "~/domain/training/booking.schema.ts";
import { bookPeople, bookingConfirmation, getBookableEvent } from "~/domain/training/bookings.server.ts";
import { newIdempotencyKey } from "~/domain/references.server.ts";

type Loaded = { event?: { title: string }; confirmed?: unknown[] } | undefined;
export const handle = {
  title: (d: unknown) => ((d as Loaded)?.confirmed?.length ? "Booking confirmed" : `Book: ${(d as Loaded)?.event?.title ?? "training"}`),
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:book");
  const eventId = idParam(params.eventId);
  const url = new URL(request.url);
  const ids = (url.searchParams.get("booked") ?? "")
    .split(",")
    .filter((s) => /^\d{1,9}$/.test(s))
    .map(Number);
  return orUnavailable(async () => {
    const event = await getBookableEvent(context.db, actor, eventId);
    const confirmed = await bookingConfirmation(context.db, actor, eventId, ids);
    return { event, confirmed, idempotencyKey: newIdempotencyKey() };
  });
}

type Row = { name: string; role: string; email: string };
/** The form as the page draws it (the schema reads blank rows too, so its own input type is looser). */
type BookingForm = { people: Row[]; whenFull: string; idempotencyKey: string };

/** The rows as typed, for "Add another person" (no JavaScript needed: the page comes back with one more row). */
function typedRows(form: FormData): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < MAX_PEOPLE; i++) {
    const get = (k: string) => String(form.get(`people[${i}].${k}`) ?? "").slice(0, 254);
    if (!form.has(`people[${i}].name`) && !form.has(`people[${i}].email`)) break;
    rows.push({ name: get("name"), role: get("role"), email: get("email") });
  }
  return rows;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const eventId = idParam(params.eventId);
  await requireActor(request, context, "training:book");
  const form = await readForm(request, context);
  if (form.get("intent") === "add") {
    const rows = typedRows(form);
    const people = rows.length < MAX_PEOPLE ? [...rows, { name: "", role: "", email: "" }] : rows;
    return data({ added: { people, whenFull: String(form.get("whenFull") ?? ""), full: rows.length >= MAX_PEOPLE } });
  }
  return formAction(
    { request, context },
    {
      permission: "training:book",
      form,
      schema: bookingSchema,
      run: (actor, value) => bookPeople(context.db, actor, eventId, value, context.requestId),
      done: ({ bookings }) => `/training/events/${eventId}/book?booked=${bookings.join(",")}`,
    },
  );
}

export default function BookTraining() {
  const { event, confirmed, idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const added = reply && "added" in reply ? reply.added : undefined;
  const lastResult = reply && !("added" in reply) ? reply : undefined;
  const blank = { name: "", role: "", email: "" };
  const [form, fields] = useForm<BookingForm>({
    id: `book-${event.id}-${added ? added.people.length : "start"}`,
    lastResult,
    defaultValue: { people: added?.people ?? [blank], whenFull: added?.whenFull || "wait" },
    shouldValidate: "onSubmit",
  });
  if (confirmed.length > 0) {
    const booked = confirmed.filter((b) => b.status === "booked");
    const waiting = confirmed.filter((b) => b.status === "waiting");
    return (
      <div className="max-w-3xl">
        <div className="mb-8 bg-success p-6 text-center text-white">
          <h1 className="text-3xl font-bold">{waiting.length === 0 ? "Booking confirmed" : booked.length === 0 ? "Added to the waiting list" : "Booking confirmed, some on the waiting list"}</h1>
        </div>
        <p className="mb-4">
          {event.title}, {formatDateTime(event.starts_at)}.
        </p>
        <Table
          caption="Who you booked"
          rowKey={(b) => b.id}
          rows={confirmed}
          columns={[
            { header: "Name", cell: (b) => <a href={`/training/bookings/${b.id}`}>{b.attendee_name}</a> },
            { header: "Email", cell: (b) => b.attendee_email },
            { header: "Status", status: true, cell: (b) => (b.status === "booked" ? <Tag colour="green">Booked</Tag> : <Tag colour="yellow">{`Waiting list: number ${b.position}`}</Tag>) },
          ]}
        />
        <H2>What happens next</H2>
        <p className="mb-4">
          Each person booked gets an email with a calendar invitation, and a reminder two working days before. Anyone on the waiting list is booked and told if a
          place comes free.
        </p>
        <p>
          <a href="/training/bookings">See all your school's bookings</a>
        </p>
      </div>
    );
  }
  const rows = fields.people.getFieldList();
  const ids: Record<string, string> = { whenFull: fields.whenFull.id, people: fields.people.id };
  rows.forEach((row, i) => {
    const f = row.getFieldset();
    Object.assign(ids, { [`people[${i}].name`]: f.name.id, [`people[${i}].role`]: f.role.id, [`people[${i}].email`]: f.email.id });
  });
  return (
    <div className="max-w-3xl">
      <BackLink href="/training">Back to training</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, ids, "people")} />
      <PageHeading caption="Book training">{event.title}</PageHeading>
      <p className="mb-2">
        {formatDateTime(event.starts_at)}
        {event.venue ? `, ${event.venue}` : ""}
        {event.online_url ? " (online)" : ""}.
      </p>
      <p className="mb-6">{event.placesLeft === 0 ? "Full: people you book join the waiting list." : `${event.placesLeft} ${event.placesLeft === 1 ? "place" : "places"} left.`}</p>
      {event.closedBecause ? (
        <WarningText>{event.closedBecause}</WarningText>
      ) : (
        <PortalForm {...getFormProps(form)}>
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          {/* Enter in a field submits the form's first submit button: without this one it would be "Add another person". Not shown, not focusable. */}
          <button type="submit" name="intent" value="book" hidden tabIndex={-1}>
            Book
          </button>
          {rows.map((row, i) => {
            const f = row.getFieldset();
            return (
              <fieldset key={row.key ?? i} className="mb-6 border-l-4 border-panel pl-4">
                <legend className="mb-2 text-xl font-bold">{`Person ${i + 1}`}</legend>
                <TextField field={f.name} label="Full name" autoComplete="off" />
                <TextField field={f.role} label="Role" hint="For example, teaching assistant or class teacher" autoComplete="off" />
                <TextField field={f.email} label="Email address" type="email" autoComplete="off" spellCheck={false} />
              </fieldset>
            );
          })}
          {added?.full ? <p className="mb-4">{`You can book up to ${MAX_PEOPLE} people at a time.`}</p> : null}
          {rows.length < MAX_PEOPLE ? (
            <Button variant="secondary" name="intent" value="add" formNoValidate>
              Add another person
            </Button>
          ) : null}
          <RadiosField
            field={fields.whenFull}
            legend="If there are not enough places for everyone"
            options={[
              { value: "wait", label: "Book who I can and put the rest on the waiting list" },
              { value: "none", label: "Book nobody" },
            ]}
          />
          <Button name="intent" value="book">
            Book
          </Button>
        </PortalForm>
      )}
    </div>
  );
}
