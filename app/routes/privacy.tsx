import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable } from "~/auth/actor.server.ts";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { privacyNotice } from "~/domain/retention/retention.server.ts";

export const handle = { title: "Privacy notice" };

// How long records are kept and who to ask come from the council's retention settings (ADR 60), which an
// administrator changes on the data retention page: the notice always says what the portal does.
export async function loader({ context }: LoaderFunctionArgs) {
  return orUnavailable(() => privacyNotice(context.db));
}

const years = (n: number) => (n === 1 ? "1 year" : `${n} years`);

export default function Privacy() {
  const { yearsAfterLeaving, subjectAccessContact } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <PageHeading>Privacy notice</PageHeading>
      <P>
        Kent County Council is the data controller for the information in this portal. We use it to support children and young people
        with special educational needs and disabilities (SEND) in Kent&apos;s mainstream schools, under our duties in the Children and
        Families Act 2014.
      </P>
      <H2>What we hold</H2>
      <P>
        For people who use the portal: your name, work email address, role and school or district, and a record of what you do in the
        portal (the audit log). For children: only what a decision about support needs, entered by their school.
      </P>
      <H2>Why we hold it</H2>
      <P>
        To decide and pay for support for a child (high needs funding), to arrange advice from specialist teachers through the Local
        Inclusion Forum Team (LIFT), and to plan enough places and training for Kent&apos;s schools. The law that lets us do this is
        our public task and our legal duties to children with SEND; information about a child&apos;s needs is special category data,
        which we use for reasons of substantial public interest.
      </P>
      <H2>Who can see it</H2>
      <P>
        Staff of a child&apos;s own school, and council officers deciding a request about that child. Reports for the council and the
        Department for Education contain only counts, with small numbers hidden so that no child can be identified.
      </P>
      <H2>How long we keep it</H2>
      <P>
        A child&apos;s records stay in the portal while they are on their school&apos;s register. When the school records that a child
        has left, we keep their records for {years(yearsAfterLeaving)} after the date they left. After that the portal anonymises them:
        the child&apos;s name, date of birth (all but the year), Unique Pupil Number, and everything written about them in requests,
        referrals and visit notes are removed, and documents uploaded about them are deleted. What remains is only counted (how many
        requests a school made, what was awarded), so that the council&apos;s figures stay true without naming anyone. This is checked
        every night.
      </P>
      <P>
        The record of who looked at or changed a child&apos;s information (the audit log) is kept; it never holds a child&apos;s name or
        needs, only which record it was.
      </P>
      <H2>Feedback</H2>
      <P>
        If you give feedback about the portal, we keep what you write and the page you were on (its address without any search),
        your email address only if you give one (to reply to you, nothing else) and, if you are signed in, your name and role. Your
        internet address is kept for a day, to limit how much feedback can be sent from one place.
      </P>
      <H2>Cookies</H2>
      <P>
        The portal sets two cookies that it needs to work: one keeps you signed in (it ends after 30 minutes without activity, or 12
        hours at most), and one protects forms from being sent by other websites. There are no analytics or advertising cookies.
      </P>
      <H2>Your rights</H2>
      <P>
        You can ask for a copy of the information we hold about you or your child (a subject access request), and ask us to correct it
        or delete it. Email <a href={`mailto:${subjectAccessContact}`}>{subjectAccessContact}</a> and say which child or account it
        is about. We answer within one month. If you are not happy with our answer you can complain to the Information
        Commissioner&apos;s Office (ico.org.uk).
      </P>
    </div>
  );
}
