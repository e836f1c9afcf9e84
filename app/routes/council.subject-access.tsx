import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { Table } from "~/components/ui/table.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { SEARCH_LIMIT, readSearch, searchPupils, searchSchools } from "~/domain/subject-access/search.server.ts";

// A search sent with nothing to find is refused by the loader: the title says so (GOV.UK), as the audit log's filter does.
export const handle = { title: (data: unknown) => ((data as { missing?: boolean } | undefined)?.missing ? "Error: Subject access" : "Subject access") };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:subject_access");
  const search = readSearch(new URL(request.url).searchParams);
  const [schools, found] = await orUnavailable(() => Promise.all([searchSchools(context.db, actor), searchPupils(context.db, actor, search, context.requestId)]));
  return {
    search,
    schools: schools.map((s) => ({ urn: s.urn, name: s.name })),
    pupils: found.slice(0, SEARCH_LIMIT),
    more: found.length > SEARCH_LIMIT,
    limit: SEARCH_LIMIT,
    missing: search.submitted && search.q === "",
  };
}

const INPUT = "block max-w-full border-2 border-ink px-2 py-1.5";

export default function SubjectAccessSearch() {
  const { search, schools, pupils, more, limit, missing } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-4xl">
      <ErrorSummary errors={missing ? [{ fieldId: "q", message: "Enter the pupil's name, UPN or record number" }] : []} />
      <PageHeading>Subject access</PageHeading>
      <P>
        Find the pupil a subject access request is about, then download everything the portal holds about them: their register record and
        its history, funding requests, LIFT referrals, specialist visits, documents and who viewed them. Every pupil a search lists, each
        pupil you open and each download is recorded in the audit log.
      </P>
      <P>A pupil whose records were anonymised after the retention period has no name or UPN left: find them by their record number.</P>
      <Form method="get" className="mb-8 flex flex-wrap items-end gap-4" role="search" aria-label="Find a pupil">
        <div className="max-w-full">
          <label htmlFor="q" className="mb-1 block font-bold">
            Name, UPN or record number
          </label>
          {missing ? (
            <p id="q-error" className="mb-1 font-bold text-error">
              <span className="sr-only">Error:</span> Enter the pupil&apos;s name, UPN or record number
            </p>
          ) : null}
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={search.q}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={missing ? "q-error" : undefined}
            aria-invalid={missing || undefined}
            className={`${INPUT} w-72 ${missing ? "border-error" : ""}`}
          />
        </div>
        <div className="max-w-full">
          <label htmlFor="school" className="mb-1 block font-bold">
            School
          </label>
          <select id="school" name="school" defaultValue={search.school} className={`${INPUT} bg-white`}>
            <option value="">Any school</option>
            {schools.map((s) => (
              <option key={s.urn} value={s.urn}>
                {s.name} ({s.urn})
              </option>
            ))}
          </select>
        </div>
        <Button>Find pupils</Button>
      </Form>
      {search.q !== "" ? (
        <>
          <Table
            caption={pupils.length === 1 ? "1 pupil found" : `${pupils.length}${more ? "+" : ""} pupils found`}
            rows={pupils}
            rowKey={(p) => p.id}
            empty="No pupil matches. Check the spelling, or search by UPN or record number."
            columns={[
              { header: "Pupil", cell: (p) => <a href={`/council/subject-access/${p.id}`}>{p.anonymised ? `Anonymised pupil (record ${p.id})` : p.name}</a> },
              { header: "Record number", cell: (p) => p.id, numeric: true },
              { header: "UPN", cell: (p) => p.upn ?? "None" },
              { header: "Date of birth", cell: (p) => formatDate(p.dateOfBirth) },
              { header: "School", cell: (p) => p.school },
              { header: "Left", cell: (p) => (p.dateLeft ? formatDate(p.dateLeft) : "On the register") },
            ]}
          />
          {more ? <P>{`Only the first ${limit} are shown: add the school or more of the name.`}</P> : null}
        </>
      ) : null}
    </div>
  );
}
