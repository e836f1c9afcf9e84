import { H2, P, PageHeading } from "~/components/ui/typography.tsx";

export const handle = { title: "Privacy notice" };

export default function Privacy() {
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
      <H2>Who can see it</H2>
      <P>
        Staff of a child&apos;s own school, and council officers deciding a request about that child. Reports for the council and the
        Department for Education contain only counts, with small numbers hidden so that no child can be identified.
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
        You can ask for a copy of the information we hold about you or your child, and ask us to correct it. Contact Kent County
        Council&apos;s data protection officer.
      </P>
    </div>
  );
}
