// Free of zod, so the settings page may show the bounds (tests/integration/bundle.test.ts).

/**
 * Whole years a pupil's records are kept after they left. At least one: a pupil who leaves may come back, and a
 * decision may still be challenged. At most 40: longer than any schedule a council keeps SEN records to (the
 * IRMS toolkit's longest is 31 years from birth), so a mistyped number is refused, not kept for ever.
 */
export const RETENTION_YEARS = { min: 1, max: 40, default: 6 } as const;
