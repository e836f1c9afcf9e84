import { H2, P, PageHeading } from "~/components/ui/typography.tsx";

export const handle = { title: "Accessibility statement" };

export default function Accessibility() {
  return (
    <div className="max-w-3xl">
      <PageHeading>Accessibility statement for the Kent SEND Inclusion Portal</PageHeading>
      <P>
        Kent County Council runs this portal. We want as many people as possible to be able to use it. You should be able to change
        colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the screen, navigate the whole portal
        using just a keyboard or speech recognition software, and listen to it using a screen reader.
      </P>
      <P>Every page works without JavaScript.</P>
      <H2>How accessible this portal is</H2>
      <P>
        We test every page with automated accessibility checks (axe-core) for each kind of user, and the main journeys using only a
        keyboard and with JavaScript turned off. We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 AA
        standard.
      </P>
      <H2>Reporting accessibility problems</H2>
      <P>
        If you find a problem not listed on this page, or you need information in a different format, contact the SEND team at Kent
        County Council. We will reply within 5 working days.
      </P>
      <H2>Enforcement procedure</H2>
      <P>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile
        Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the
        Equality Advisory and Support Service (EASS).
      </P>
      <H2>Preparation of this statement</H2>
      <P>This statement was prepared in November 2026. It will be reviewed as the portal grows.</P>
    </div>
  );
}
