import { formatDate } from "./format.ts";
import { SummaryList } from "./ui/summary-list.tsx";

/** A pupil's record as a GOV.UK summary list (the record page, and the change page after a clash). */
export function PupilSummary({
  pupil,
}: {
  pupil: {
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    upn: string | null;
    yearGroupLabel: string;
    provisionLabel: string;
    primaryNeed: string;
    primaryNeedName: string;
    secondaryNeed: string | null;
    secondaryNeedName: string | null;
    dateAdded: string;
    dateLeft: string | null;
  };
}) {
  return (
    <SummaryList
      rows={[
        { key: "Legal first name", value: pupil.firstName },
        { key: "Legal last name", value: pupil.lastName },
        { key: "Date of birth", value: formatDate(pupil.dateOfBirth) },
        { key: "UPN", value: pupil.upn ?? "None recorded" },
        { key: "Year group", value: pupil.yearGroupLabel },
        { key: "SEN provision", value: pupil.provisionLabel },
        { key: "Primary need", value: `${pupil.primaryNeedName} (${pupil.primaryNeed})` },
        { key: "Secondary need", value: pupil.secondaryNeed ? `${pupil.secondaryNeedName} (${pupil.secondaryNeed})` : "None" },
        { key: "Date added", value: formatDate(pupil.dateAdded) },
        { key: "Date left", value: pupil.dateLeft ? formatDate(pupil.dateLeft) : "Still on roll" },
      ]}
    />
  );
}
