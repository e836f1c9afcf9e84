/**
 * The GIAS extract's columns the import reads (DOMAIN.md), and how its words become the portal's (ADR 62).
 * Zod-free and client-safe: the upload page lists the required columns from here.
 */
/** The largest extract accepted: all of England's schools is about 60 MB; Kent's alone far less. */
export const GIAS_MAX_BYTES = 60 * 1024 * 1024;
export const GIAS_MAX_LABEL = "60 MB";

export const GIAS_COLUMNS = {
  urn: "URN",
  name: "EstablishmentName",
  laCode: "LA (code)",
  type: "TypeOfEstablishment (name)",
  phase: "PhaseOfEducation (name)",
  pupils: "NumberOfPupils",
  district: "DistrictAdministrative (name)",
  postcode: "Postcode",
  status: "EstablishmentStatus (name)",
  closeDate: "CloseDate",
  provisionCapacity: "ResourcedProvisionCapacity",
  provisionType: "TypeOfResourcedProvision (name)",
} as const;

/** Without these a row cannot be a school: a file lacking any of them is refused whole. */
export const GIAS_REQUIRED = [
  GIAS_COLUMNS.urn,
  GIAS_COLUMNS.name,
  GIAS_COLUMNS.laCode,
  GIAS_COLUMNS.type,
  GIAS_COLUMNS.phase,
  GIAS_COLUMNS.district,
  GIAS_COLUMNS.status,
] as const;

/** GIAS's phases of education, as the portal's phases (what schools.phase holds). */
export const GIAS_PHASES: Record<string, string> = {
  "Primary": "Primary",
  "Middle deemed primary": "Primary",
  "Secondary": "Secondary",
  "Middle deemed secondary": "Secondary",
  "16 plus": "Secondary",
  "All-through": "All-through",
  "Nursery": "Nursery",
  // Special schools and pupil referral units have no phase in GIAS.
  "Not applicable": "Not applicable",
};

/** GIAS's status for a school that has closed. */
export const GIAS_CLOSED = "Closed";

/** A district's name as compared with GIAS's: "Folkestone and Hythe" is the portal's "Folkestone & Hythe". */
export function districtKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z]+/g, " ")
    .trim();
}

/** A dd-mm-yyyy date (GIAS's form) as yyyy-mm-dd, or null when it is not a real date in that form. */
export function giasDate(text: string): string | null {
  const match = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(text);
  if (!match) return null;
  const [, dd, mm, yyyy] = match;
  const date = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (date.getUTCFullYear() !== Number(yyyy) || date.getUTCMonth() !== Number(mm) - 1 || date.getUTCDate() !== Number(dd)) return null;
  return `${yyyy}-${mm}-${dd}`;
}

/** The school's fields an import sets, as stored (gias_import_rows.before/after use these names). */
export const SCHOOL_FIELDS = [
  "name",
  "phase",
  "establishment_type",
  "district_id",
  "number_on_roll",
  "postcode",
  "status",
  "closed_on",
  "resourced_provision_type",
  "resourced_provision_capacity",
] as const;
export type SchoolField = (typeof SCHOOL_FIELDS)[number];
export type SchoolValues = Record<SchoolField, string | number | null>;

export const FIELD_LABELS: Record<SchoolField, string> = {
  name: "Name",
  phase: "Phase",
  establishment_type: "Type",
  district_id: "District",
  number_on_roll: "Number on roll",
  postcode: "Postcode",
  status: "Status",
  closed_on: "Closed on",
  resourced_provision_type: "Resourced provision",
  resourced_provision_capacity: "Resourced provision places",
};
