import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { getSchool } from "~/domain/schools/schools.server.ts";

export const handle = { title: (data: unknown) => (data as { school?: { name: string } } | undefined)?.school?.name ?? "School" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "school:view");
  return { school: await orUnavailable(() => getSchool(context.db, actor, params.urn ?? "")) };
}

export default function School() {
  const { school } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption={`URN ${school.urn}`}>{school.name}</PageHeading>
      <SummaryList
        rows={[
          { key: "Phase", value: school.phase },
          { key: "Type", value: school.establishmentType },
          { key: "District", value: school.district },
          { key: "Area", value: school.area },
          { key: "Pupils on roll", value: school.numberOnRoll ?? "Not known" },
          { key: "Postcode", value: school.postcode ?? "Not known" },
          { key: "Status", value: school.status },
          {
            key: "Specialist resource provision",
            value: school.resourcedProvision
              ? `${school.resourcedProvision}${school.resourcedProvisionCapacity ? `, ${school.resourcedProvisionCapacity} places` : ""}`
              : "None",
          },
        ]}
      />
    </>
  );
}
