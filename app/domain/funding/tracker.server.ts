/**
 * The headteacher's funding tracker, as routes and the benchmark call it (ADR 20): its figures and awards
 * (tracker-figures.server.ts), its CSV export (tracker-csv.server.ts) and the school's budget (budget.server.ts).
 */
export { type PupilAward, type SchemeTotals, TRACKER_AWARDS_PAGE_SIZE, type Tracker, getTracker, monthlyPayments, trackerYears } from "./tracker-figures.server.ts";
export { exportTrackerCsv } from "./tracker-csv.server.ts";
export { setSchoolBudget } from "./budget.server.ts";
