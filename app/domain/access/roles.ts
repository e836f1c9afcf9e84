/** The six roles. Client-safe: pages use the labels, the server uses the rules in access.server.ts. */
export const ROLES = ["senco", "headteacher", "inclusion_champion", "stls", "council_officer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  senco: "SENCO",
  headteacher: "Headteacher",
  inclusion_champion: "Inclusion Champion",
  stls: "STLS specialist teacher",
  council_officer: "Council officer",
  admin: "Administrator",
};

/**
 * How each role reaches schools (the scopes in scopes.server.ts): a school's staff their own school, an Inclusion
 * Champion their assigned schools, an STLS teacher their district, the council the county. `community` is room
 * for the community-of-schools panels to come.
 */
export type Reach = "own_school" | "assigned_schools" | "district" | "county" | "community";
export const REACH_OF_ROLE: Record<Role, Reach> = {
  senco: "own_school",
  headteacher: "own_school",
  inclusion_champion: "assigned_schools",
  stls: "district",
  council_officer: "county",
  admin: "county",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * What each role may do. Deny by default: a permission not listed for a role is refused.
 * Every route names the permission it needs (its area's <area>.routes.ts); the route-inventory test checks each one.
 */
export const PERMISSIONS = {
  "home:view": ["senco", "headteacher", "inclusion_champion", "stls", "council_officer", "admin"],
  "account:manage": ["senco", "headteacher", "inclusion_champion", "stls", "council_officer", "admin"],
  "school:view": ["senco", "headteacher", "inclusion_champion", "stls", "council_officer", "admin"],
  "schools:list": ["inclusion_champion", "stls", "council_officer", "admin"],
  "users:manage": ["admin"],
  // Staff invitations (ADR 59): the admin invites anyone (admin/invitations, under users:manage); a headteacher
  // invites their own school's SENCOs and headteachers (school/invitations).
  "invitations:school": ["headteacher"],
  "audit:view": ["admin"],
  // How long records of pupils who left are kept, the dry run and the anonymising run (issue 12, ADR 60): the
  // dry run counts pupils per school and names none.
  "retention:manage": ["admin"],
  // Loading schools from a GIAS extract (issue 12, ADR 62): the dry run, applying it, its reports.
  "schools:import": ["admin"],
  // The pupil register: the school's own staff only. Council officers see a pupil only inside a funding
  // request about them (funding:view), never the register.
  "pupils:view": ["senco", "headteacher"],
  "pupils:manage": ["senco"],
  // Subject access (issue 12, ADR 63): the council officer who answers a parent's or pupil's request finds any
  // pupil of the county and downloads everything the portal holds about them, audited. The one way an officer
  // reaches a pupil outside a funding request.
  "pupils:subject_access": ["council_officer"],
  // Funding requests. Which requests each role sees is scoped in SQL (access/scopes.server.ts): a school's
  // staff see their school's, officers the ones that have reached the council.
  "funding:view": ["senco", "headteacher", "council_officer"],
  "funding:draft": ["senco"],
  "funding:sign_off": ["headteacher"],
  "funding:withdraw": ["senco", "headteacher"],
  "funding:decide": ["council_officer"],
  "funding:tracker": ["headteacher"],
  "funding:settings": ["council_officer"],
  // Casework (ADR 30): assigning requests, private case notes, searching and downloading the queue.
  "funding:casework": ["council_officer"],
  "notifications:view": ["senco", "headteacher", "inclusion_champion", "stls", "council_officer", "admin"],
  "outbox:view": ["admin"],
  // Feedback about the portal: anyone may send it (the feedback page is public); only the admin reads it.
  "feedback:read": ["admin"],
  // An award's reviews: the school's SENCO records them; who sees them is the request's reach.
  "funding:review": ["senco"],
  "outbox:resend": ["admin"],
  // Training (issue 9). Everyone who works with schools browses the catalogue; which events each sees is scoped
  // in SQL (trainingEventInReach: a private event only by its school, a draft only by the council).
  "training:view": ["senco", "headteacher", "inclusion_champion", "stls", "council_officer"],
  // A school's staff book named people onto events, cancel, and keep the school's training record.
  "training:book": ["senco", "headteacher"],
  // Who the school's booking emails are copied to (its training lead): the headteacher names them.
  "training:lead": ["headteacher"],
  // The council's catalogue: programmes, courses, events (publish, change, cancel), bespoke requests decided,
  // evaluation results.
  "training:manage": ["council_officer"],
  // The attendee list, attendance on the day and its exports: the council, and whoever runs the event (an STLS
  // teacher with an account, for the events they run: runsTrainingEvent).
  "training:attendance": ["council_officer", "stls"],
  // Whole-school (bespoke) training asked for by a school.
  "training:bespoke": ["senco", "headteacher"],
  // STLS through LIFT (issue 10, ADR 42). LIFT pages: a school's staff see their group's meetings and their own
  // referrals; STLS teachers their district's (never a draft); officers the meetings and referral figures, never a
  // pupil (liftReferralInReach reaches nothing from the county; liftReferralFiguresInReach counts).
  "lift:view": ["senco", "headteacher", "stls", "council_officer"],
  // Reading referrals, each naming a pupil (ADR 44): the school's staff their school's, STLS teachers their
  // district's sent ones. Not the council: officers see LIFT as meetings and figures, never a referral's page.
  "lift:referrals": ["senco", "headteacher", "stls"],
  // A school's SENCO refers pupils of the register: drafts, the Agreement to Engage, sending, withdrawing.
  "lift:refer": ["senco"],
  // Keeping LIFT groups, their schools and meetings (a term's in one go), and each school's link teacher.
  "lift:meetings": ["stls", "council_officer"],
  // The district's specialist teachers run the meeting: its agenda and each referral's outcome.
  "lift:outcome": ["stls"],
  // Specialist visits and drop-in clinics: who sees which is scoped (stlsSlotInReach, stlsVisitInReach).
  "stls:view": ["senco", "headteacher", "stls", "council_officer"],
  // A school's SENCO books a visit for allocated involvement, or a clinic, and may cancel it.
  "stls:book": ["senco"],
  // A specialist teacher publishes slots, cancels their side, writes visit notes and keeps a caseload.
  "stls:visits": ["stls"],
  // Specialist Resource Provision places (issue 11). A host school's staff see their SRPs and send each term's
  // return; officers keep the register of SRPs, the return windows, and see every SRP's figures.
  "provision:view": ["senco", "headteacher", "council_officer"],
  "provision:return": ["senco", "headteacher"],
  "provision:manage": ["council_officer"],
  // Inclusion Champion visits (issue 11): a champion logs visits to their assigned schools (schoolInReach); the
  // school's headteacher and SENCO read the published reports and update the actions agreed.
  "visits:view": ["senco", "headteacher", "inclusion_champion"],
  "visits:log": ["inclusion_champion"],
  "visits:actions": ["senco", "headteacher"],
  // The guidance library (issue 11): everyone who works with schools reads it; champions and officers write it.
  "guidance:view": ["senco", "headteacher", "inclusion_champion", "stls", "council_officer"],
  "guidance:write": ["inclusion_champion", "council_officer"],
  // Council insight (issue 13): aggregate figures by district, every figure about pupils through the
  // small-number protection (app/domain/insight/disclosure.server.ts).
  "insight:view": ["council_officer"],
  // Each funding scheme's budget for the year, which the funding dashboard sets the awards against.
  "insight:budgets": ["council_officer"],
  // The small-number rule every figure about pupils is published under (ADR 75): a council decision, audited.
  "insight:rule": ["council_officer"],
  // A district's figures beside the rest of Kent's, for those who work across the district (ADR 77): its STLS
  // specialist teachers, on the STLS and LIFT figures.
  "insight:district": ["stls"],
  // The figures of the schools one is assigned to, beside their districts' and Kent's: Inclusion Champions, on visits.
  "insight:schools": ["inclusion_champion"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Each role's home page and the navigation it may use. */
export const NAVIGATION: Record<Role, { href: string; label: string }[]> = {
  senco: [
    { href: "/home", label: "Home" },
    { href: "/pupils", label: "Pupil register" },
    { href: "/funding", label: "Funding requests" },
    { href: "/funding/reviews", label: "Funding reviews" },
    { href: "/training", label: "Training" },
    { href: "/lift", label: "LIFT and STLS" },
    { href: "/provision", label: "Resource provision" },
    { href: "/visits", label: "Champion visits" },
    { href: "/guidance", label: "Guidance" },
    { href: "/notifications", label: "Notifications" },
    { href: "/account", label: "Your account" },
  ],
  headteacher: [
    { href: "/home", label: "Home" },
    { href: "/funding", label: "Funding requests" },
    { href: "/funding/tracker", label: "Funding tracker" },
    { href: "/pupils", label: "Pupil register" },
    { href: "/school/invitations", label: "Staff invitations" },
    { href: "/training", label: "Training" },
    { href: "/lift", label: "LIFT and STLS" },
    { href: "/provision", label: "Resource provision" },
    { href: "/visits", label: "Champion visits" },
    { href: "/guidance", label: "Guidance" },
    { href: "/notifications", label: "Notifications" },
    { href: "/account", label: "Your account" },
  ],
  inclusion_champion: [
    { href: "/home", label: "Home" },
    { href: "/schools", label: "Your schools" },
    { href: "/visits", label: "Visits" },
    { href: "/insight/champions", label: "Visit figures" },
    { href: "/guidance", label: "Guidance" },
    { href: "/training", label: "Training" },
    { href: "/notifications", label: "Notifications" },
    { href: "/account", label: "Your account" },
  ],
  stls: [
    { href: "/home", label: "Home" },
    { href: "/schools", label: "District schools" },
    { href: "/lift", label: "LIFT meetings" },
    { href: "/stls", label: "Your caseload" },
    { href: "/insight/stls", label: "District figures" },
    { href: "/guidance", label: "Guidance" },
    { href: "/training", label: "Training" },
    { href: "/notifications", label: "Notifications" },
    { href: "/account", label: "Your account" },
  ],
  council_officer: [
    { href: "/home", label: "Home" },
    { href: "/funding", label: "Funding queue" },
    { href: "/funding/reviews", label: "Funding reviews" },
    { href: "/schools", label: "Schools" },
    { href: "/council/funding-settings", label: "Funding settings" },
    { href: "/council/training", label: "Training" },
    { href: "/lift", label: "LIFT meetings" },
    { href: "/council/provision", label: "Resource provision" },
    { href: "/council/insight/register", label: "Insight" },
    { href: "/council/subject-access", label: "Subject access" },
    { href: "/guidance", label: "Guidance" },
    { href: "/notifications", label: "Notifications" },
    { href: "/account", label: "Your account" },
  ],
  admin: [
    { href: "/home", label: "Home" },
    { href: "/admin/users", label: "Users" },
    { href: "/admin/invitations", label: "Invitations" },
    { href: "/schools", label: "Schools" },
    { href: "/admin/schools/import", label: "Import schools" },
    { href: "/admin/audit", label: "Audit log" },
    { href: "/admin/outbox", label: "Email outbox" },
    { href: "/admin/feedback", label: "Feedback" },
    { href: "/admin/retention", label: "Data retention" },
    { href: "/notifications", label: "Notifications" },
    { href: "/account", label: "Your account" },
  ],
};
